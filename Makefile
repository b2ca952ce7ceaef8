# The two commands of the README: `make run` and `make test`.
# Each creates a virtual environment in .venv (once), installs hcplan into it
# (with what the tests and `make lint` use), and then runs the main job on the
# shipped plans, or the whole test suite.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.hcplan-installed

BENCH_VENV := bench/.venv

.PHONY: run test test-fast check regen lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "hcplan needs Python 3.11 or newer; set PYTHON=python3.x" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,lint]'
	@$(BIN)/python -m compileall -q src
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/hcplan overdue plans --ended

test: $(STAMP)
	$(BIN)/python -m pytest

# The suite without the tests marked slow (each takes seconds: subprocesses, many files, a wheel).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

# Every file the tests compare byte for byte (docs/cli.md, docs/rules.md, the
# schema, the golden reports, tests/broken/expected.txt, the reference pictures
# of the PDF pages), written as the tests expect: read the diff.
regen: $(STAMP)
	$(BIN)/python tests/regen.py

# ruff (lint and format) and mypy, as configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src
	$(BIN)/mypy

check: $(STAMP)
	$(BIN)/hcplan check plans

# The benchmark, in an environment of its own with the tools it compares.
$(BENCH_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[pdf]' yamllint check-jsonschema
	@touch $@

bench: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python bench/run.py

clean:
	rm -rf $(VENV) $(BENCH_VENV) .pytest_cache
