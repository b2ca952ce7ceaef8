"""Shared test helpers: the CLI runner, small plans written into tmp_path."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

#: Every change proven by reading back only the items it changed is also read back
#: whole, and the two must agree (see hcplan.files.parts): every test that changes a
#: plan, in this process or in a command it runs, checks that proof.
os.environ["HCPLAN_PROOF_CHECK"] = "1"

REPO = Path(__file__).resolve().parents[1]
PLANS = REPO / "plans"
SHIPPED = sorted(PLANS.glob("*/plan.yaml"))

#: A small valid plan in the house style; tests change what they need.
MINIMAL = """\
# yaml-language-server: $schema=../../schema/plan.schema.json
hcplan: 1
title: Anytown Hate Crime Work Plan 2024-25
organisation: Anytown Borough Council
period:
  start: 2024-04-01
  end: 2025-03-31
quarters: financial
scale:
  - label: On Hold
    rag: grey
  - label: In Progress
    rag: amber
  - label: Completed
    rag: green
    done: true
  - label: Behind
    rag: red
leads:
  - Safer Anytown
  - Police
themes:
  - number: 1
    name: Co-ordination
    objectives:
      - id: "1"
        text: Monitor hate crime
        actions:
          - id: "1.1"
            text: Produce a profile
            leads: [Safer Anytown]
            due: Q1 Year 1
            updates:
              - date: 2024-05-01
                text: Data requested.
          - id: "1.2"
            text: Run events
            leads: [Police]
            due: Q2 Year 1 (continuous)
"""


#: A plan written the way people write: tests of editing in place use it.
STYLES = """\
\ufeff# A plan written the way people write: every oddity is kept.
hcplan: 1
title: "Caf\\u00e9 plan \\x41"   # escapes stay escapes
organisation: 'Anytown''s Council'
group: ~
period: {start: 2024-04-01, end: 2025-03-31}
quarters: financial   \t
scale:
- label: In Progress
  rag: amber
- {label: Completed, rag: green, done: True}
- label: Behind
  rag: red
leads: [Police, 'Safer Anytown']
notes:
  - This is a plain scalar
    that runs over two lines.
themes:
    -   number: 1
        name: null
        aim: >-
          Folded text
          kept as it was.
        objectives:
          - id: "1"
            text: Monitor   
            actions:
              - {id: "1.1", text: Flow action, leads: [Police]}
              - id: "1.2"
                text: Empty list
                updates: []
              - id: "1.3"
                text: Flow list
                updates: [{date: 2024-05-01, text: First}]
              - id: "1.4"
                text: Block list with a comment after it
                status:
                updates:
                  -   date: 2024-05-01
                      text: |
                        A literal
                        block.

                      # a comment that belongs to this update
              # a comment before the next action
              - id: "1.5"
                text: Last one, no final newline
                due: Q2 Year 1"""


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test (and every hcplan it starts) uses a cache of the test run's own."""
    folder = tmp_path_factory.getbasetemp() / "hcplan-cache"
    monkeypatch.setenv("HCPLAN_CACHE_DIR", str(folder))
    monkeypatch.delenv("HCPLAN_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a plan (dedented) into tmp_path and return its path."""

    def _write(text: str = MINIMAL, name: str = "plan.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def hcplan(monkeypatch: pytest.MonkeyPatch) -> Callable[..., object]:
    """Run the hcplan CLI in-process, as a user at an 80-column terminal without colour."""
    from hcplan.cli import app

    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    runner = CliRunner()

    def _run(*args: object, input: str | None = None):  # noqa: A002
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return _run


def interrupted(argv: list[str], env: dict[str, str], delay: float) -> tuple[int, str]:
    """Run ``argv``, and after ``delay`` seconds send Ctrl-C to its whole process group, as a
    terminal does; its exit status and standard error. It must end within 30 s, and leave no
    process of its group behind (a worker, a child of hcplan.aside)."""
    import signal
    import subprocess
    import time

    started = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    time.sleep(delay)
    os.killpg(started.pid, signal.SIGINT)
    try:
        _, err = started.communicate(timeout=30)
    except subprocess.TimeoutExpired:  # pragma: no cover - the failure such a test is for
        os.killpg(started.pid, signal.SIGKILL)
        raise AssertionError("hcplan did not exit after Ctrl-C") from None
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):  # no process of its group is left
        os.killpg(started.pid, 0)
    return started.returncode, err.decode()


def require_client(found: object, what: str) -> None:
    """Skip a test whose real client (LibreOffice, WeasyPrint's libraries...) is missing.

    In CI (HCPLAN_REQUIRE_BROWSER=1, set by .ci/run, which installs them all)
    a missing client is a failure instead: the tests must not skip there.
    """
    if found:
        return
    if os.environ.get("HCPLAN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"HCPLAN_REQUIRE_BROWSER=1 but {what} is missing", pytrace=False)
    pytest.skip(f"{what} is missing")


def soffice() -> str:
    """LibreOffice's soffice, or a skip (a failure in CI)."""
    found = os.environ.get("SOFFICE") or shutil.which("soffice") or ("/usr/bin/soffice" if Path("/usr/bin/soffice").is_file() else None)
    require_client(found, "LibreOffice (apt-get install libreoffice-writer-nogui)")
    return str(found)


def kept_in_order(before: str, after: str, changed: list[tuple[int, int]] = ()) -> bool:
    """True when ``after`` is ``before`` with text inserted, and only the spans ``changed`` of ``before`` replaced.

    Every character of ``before`` outside ``changed`` must be in ``after``, in
    order: ``before`` (less those spans) is a subsequence of ``after``.
    """
    pieces, at = [], 0
    for start, end in sorted(changed):
        pieces.append(before[at:start])
        at = max(at, end)
    pieces.append(before[at:])
    position = 0
    for piece in pieces:
        for char in piece:
            position = after.find(char, position)
            if position == -1:
                return False
            position += 1
    return True


def with_breaks(text: str, breaks: list[str]) -> str:
    """``text`` with its line feeds replaced by ``breaks`` in turn (one style, or a mix)."""
    lines = text.split("\n")
    return "".join(line + breaks[i % len(breaks)] for i, line in enumerate(lines[:-1])) + lines[-1]


def breaks_added(before: str, after: str) -> dict[str, int]:
    """How many line breaks of each style ``after`` has more than ``before`` (CRLF counted once)."""
    from hcplan.files.reader import LINE_BREAKS

    def count(text: str) -> dict[str, int]:
        crlf = text.count("\r\n")
        counts = {b: text.count(b) for b in LINE_BREAKS}
        counts["\n"] -= crlf
        counts["\r"] -= crlf
        return counts

    old, new = count(before), count(after)
    return {b: new[b] - old[b] for b in LINE_BREAKS}
