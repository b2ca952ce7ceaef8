"""The HTML reports in a real browser: headless Chromium, axe-core, screenshots.

Needs Debian's chromium and the node packages of tests/browser (`.ci/run`
installs both). Without them these tests are skipped, unless
HCPLAN_REQUIRE_BROWSER=1 (as in CI), where a missing browser is a failure.
Screenshots and PDFs are left in test-artifacts/browser/ to look at.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL, REPO

pytestmark = pytest.mark.browser

HARNESS = REPO / "tests" / "browser"
ARTIFACTS = REPO / "test-artifacts" / "browser"
SCRIPT = "<script>alert(1)</script><img src=x onerror=alert(2)>"
REPORTS = ("plan", "review", "annual")


def _missing() -> str | None:
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        return "Chromium is not installed (apt-get install chromium)"
    if shutil.which("node") is None:
        return "node is not installed"
    if not (HARNESS / "node_modules" / "playwright-core").is_dir():
        return "the browser harness is not installed (npm ci in tests/browser)"
    return None


def _render(plan: Path, name: str, out: Path, cwd: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hcplan", "report", str(plan), "--format", "html", "--template", name,
         "--as-of", "2025-01-15", "--since", "2024-10-01", "-o", str(out)],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"hcplan report failed: {result.stderr}"


@pytest.fixture(scope="module")
def audit(tmp_path_factory):
    missing = _missing()
    if missing:
        if os.environ.get("HCPLAN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"HCPLAN_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)
    work = tmp_path_factory.mktemp("browser")
    pages = {}
    for name in REPORTS:
        pages[name] = work / f"{name}-2024-25.html"
        _render(REPO / "plans" / "2024-25" / "plan.yaml", name, pages[name], REPO)
    hostile = work / "hostile.yaml"
    hostile.write_text(MINIMAL.replace("text: Produce a profile", f'text: "{SCRIPT}"'), encoding="utf-8")
    pages["hostile"] = work / "hostile-plan.html"
    _render(hostile, "plan", pages["hostile"], work)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    ran = subprocess.run(
        ["node", str(HARNESS / "audit.mjs"), str(ARTIFACTS), *map(str, pages.values())],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ran.returncode == 0, f"the browser did not run: {ran.stderr[-2000:]}"
    found = json.loads(ran.stdout)
    return {name: found[str(path)] for name, path in pages.items()}


@pytest.mark.parametrize("name", [*REPORTS, "hostile"])
def test_no_console_errors_and_no_scripts_run(audit, name):
    page = audit[name]
    assert page["console_errors"] == []
    assert page["page_errors"] == []
    assert page["dialogs"] == []


@pytest.mark.parametrize("name", [*REPORTS, "hostile"])
def test_no_network_requests(audit, name):
    assert audit[name]["requests"] == []


@pytest.mark.parametrize("name", [*REPORTS, "hostile"])
def test_no_serious_or_critical_accessibility_violations(audit, name):
    bad = [v for v in audit[name]["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], json.dumps(bad, indent=2)
    assert audit[name]["passes"] > 5  # axe really ran its rules


@pytest.mark.parametrize("name", [*REPORTS, "hostile"])
def test_a_screenshot_and_an_a4_pdf_are_kept(audit, name):
    screenshot = Path(audit[name]["screenshot"])
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pdf = Path(audit[name]["pdf"])
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_plan_text_shows_as_text(audit):
    assert SCRIPT in audit["hostile"]["text"]


def test_dates_the_british_way(audit):
    assert "15 January 2025" in audit["review"]["text"]


def test_the_harness_catches_a_bad_page(audit, tmp_path):
    # The audit would pass anything if it saw nothing: prove it sees.
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html><head><title>x</title></head><body>'
        '<img src="https://example.com/x.png"><input><script>alert(1)</script></body></html>'
    )
    ran = subprocess.run(
        ["node", str(HARNESS / "audit.mjs"), str(tmp_path / "out"), str(bad)], capture_output=True, text=True, timeout=120
    )
    page = json.loads(ran.stdout)[str(bad)]
    assert page["requests"] == ["https://example.com/x.png"]
    assert page["dialogs"] == ["1"]
    assert {v["id"] for v in page["violations"]} >= {"html-has-lang", "image-alt", "label"}
