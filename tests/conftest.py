"""Shared test helpers: the CLI runner, small plans written into tmp_path."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

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
