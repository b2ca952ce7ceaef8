# The two commands of the README: `make run` and `make test`.
# Each creates a virtual environment in .venv (once), installs hcplan into it,
# and then runs the main job on the shipped plans, or the whole test suite.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.hcplan-installed

BENCH_VENV := bench/.venv

.PHONY: run test check bench clean regen-visual

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "hcplan needs Python 3.11 or newer; set PYTHON=python3.x" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@$(BIN)/python -m compileall -q src
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/hcplan overdue plans

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/hcplan check plans

# After an intended change to the print layout: the reviewed pictures of the
# PDF pages that tests/test_pdf.py compares with (look at them before committing).
regen-visual: $(STAMP)
	$(BIN)/python tests/test_pdf.py --regen

# The benchmark, in an environment of its own with the tools it compares.
$(BENCH_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[pdf]' yamllint check-jsonschema
	@touch $@

bench: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python bench/run.py

clean:
	rm -rf $(VENV) $(BENCH_VENV) .pytest_cache
