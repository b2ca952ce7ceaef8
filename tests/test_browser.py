"""The HTML reports in a real browser: headless Chromium, axe-core, screenshots.

Needs Debian's chromium, node and the node packages of tests/browser
(`.ci/run` installs all three; by hand: `apt-get install chromium` and
`npm ci` in tests/browser). Without them these tests are skipped, unless
HCPLAN_REQUIRE_BROWSER=1 (as in CI), where a missing browser is a failure.

The reports are rendered with `hcplan report` and audited in one run of
tests/browser/audit.mjs; its screenshots and A4 PDFs are left in
test-artifacts/browser/ (git-ignored) to look at.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from publishing import published_plan

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
HARNESS = REPO / "tests" / "browser"
ARTIFACTS = REPO / "test-artifacts" / "browser"
PLAN = Path("plans") / "2024-25" / "plan.yaml"
AS_OF = "2025-01-15"
TEMPLATES = ("plan", "review", "annual")
#: Put in place of an action's text: the report must show it, not run it.
SCRIPT = "<script>alert(1)</script><img src=x onerror=alert(2)>"
PAGES = (*TEMPLATES, "escaping", "fields-plan", "fields-review", "published")
PNG = b"\x89PNG\r\n\x1a\n"


def _chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment to run audit.mjs in; skips (or fails in CI) without a browser."""
    chromium, node = _chromium(), shutil.which("node")
    missing = []
    if chromium is None:
        missing.append("Chromium (apt-get install chromium)")
    if node is None:
        missing.append("node (apt-get install nodejs npm)")
    absent = [p for p in ("playwright-core", "axe-core") if not (HARNESS / "node_modules" / p / "package.json").is_file()]
    if absent:
        missing.append(f"{' and '.join(absent)} in tests/browser/node_modules (run `npm ci` in tests/browser)")
    if missing:
        reason = "the browser tests need " + ", ".join(missing)
        if os.environ.get("HCPLAN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"HCPLAN_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return {
        **os.environ,
        "CHROMIUM": chromium,
        "HCPLAN_TEST_NODE": node,
        # Module-scoped fixtures start before conftest's per-test cache
        # fixture, so give hcplan a cache of this test run's own here.
        "HCPLAN_CACHE_DIR": str(tmp_path_factory.getbasetemp() / "hcplan-cache"),
    }


def run_audit(env: dict[str, str], out_dir: Path, pages: list[Path]) -> dict[str, dict]:
    """Audit the pages in one browser; returns what it saw, keyed as the pages are given."""
    out_dir.mkdir(parents=True, exist_ok=True)
    command = [env["HCPLAN_TEST_NODE"], str(HARNESS / "audit.mjs"), str(out_dir), *map(str, pages)]
    ran = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    if ran.returncode != 0:
        pytest.fail(f"audit.mjs could not run the browser (exit {ran.returncode}):\n{ran.stderr[-3000:]}", pytrace=False)
    try:
        return json.loads(ran.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"audit.mjs printed no JSON:\n{ran.stdout[-2000:]}\n{ran.stderr[-2000:]}", pytrace=False)


def render(env: dict[str, str], plan: Path, template: str, out: Path) -> Path:
    """Render one HTML report with the CLI, from the repository root."""
    command = [sys.executable, "-m", "hcplan", "report", str(plan), "--format", "html",
               "--template", template, "--as-of", AS_OF, "-o", str(out)]  # fmt: skip
    ran = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    if ran.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        pytest.fail(
            f"could not render the {template!r} HTML report, so there is nothing to open in the browser.\n"
            f"command: {' '.join(command)}\n"
            f"exit {ran.returncode}; output file {'written' if out.is_file() else 'missing'}\n"
            f"stderr:\n{ran.stderr[-3000:]}",
            pytrace=False,
        )
    return out


def plan_with_script(folder: Path) -> Path:
    """A copy of the shipped plan whose first action's text is SCRIPT."""
    copy = folder / "plan-2024-25"
    shutil.copytree(REPO / PLAN.parent, copy)
    yaml = YAML()  # round trip, in the house style: only that line changes
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 10_000
    path = copy / PLAN.name
    data = yaml.load(path.read_text(encoding="utf-8"))
    data["themes"][0]["objectives"][0]["actions"][0]["text"] = SCRIPT
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)
    return path


def plan_with_every_field(folder: Path) -> Path:
    """The plan of test_fields with every new field (rated objectives, measures,
    partners, notes), moved a year back so that AS_OF falls in it."""
    from test_fields import FULL

    path = folder / "fields.yaml"
    path.write_text(FULL.replace("2025", "2024").replace("2026", "2025"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def audit(browser: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Every report rendered and audited once; what the browser saw, by page."""
    work = tmp_path_factory.mktemp("reports")
    pages = {name: render(browser, PLAN, name, work / f"{name}-2024-25.html") for name in TEMPLATES}
    pages["escaping"] = render(browser, plan_with_script(work), "plan", work / "escaping-plan.html")
    fields = plan_with_every_field(work)
    pages["fields-plan"] = render(browser, fields, "plan", work / "fields-plan.html")
    pages["fields-review"] = render(browser, fields, "review", work / "fields-review.html")
    # The annual review with a logo, a foreword, a contact and an accessibility statement.
    pages["published"] = render(browser, published_plan(work / "published"), "annual", work / "published-annual.html")
    seen = run_audit(browser, ARTIFACTS, list(pages.values()))
    return {name: seen[str(path)] for name, path in pages.items()}


def _problems(page: dict) -> dict:
    return {key: page[key] for key in ("error", "console_errors", "page_errors", "dialogs") if page[key]}


def _serious(page: dict) -> list[dict]:
    return [v for v in page["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("name", PAGES)
def test_no_console_errors_page_errors_or_dialogs(audit, name):
    assert _problems(audit[name]) == {}


@pytest.mark.parametrize("name", PAGES)
def test_no_network_requests(audit, name):
    requests = audit[name]["requests"]
    assert requests == [], f"the report is not self-contained; it asked for: {requests}"


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_accessibility_violations(audit, name):
    page = audit[name]
    assert page["passes"] > 0, "axe-core checked nothing"
    bad = _serious(page)
    assert bad == [], "axe-core found serious or critical WCAG 2.2 AA violations:\n" + json.dumps(bad, indent=2)


@pytest.mark.parametrize("name", PAGES)
def test_a_screenshot_and_an_a4_pdf_are_kept(audit, name):
    screenshot, pdf = Path(audit[name]["screenshot"]), Path(audit[name]["pdf"])
    assert screenshot.is_file() and screenshot.stat().st_size > len(PNG)
    assert screenshot.read_bytes()[:8] == PNG
    assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize("name", TEMPLATES)
def test_printed_from_the_browser_tiles_stay_on_one_row_and_titles_whole(audit, name):
    layout = audit[name]["print"]
    assert all(rows == 1 for rows in layout["tile_rows"]), layout
    assert layout["broken_nowrap"] == []


@pytest.mark.parametrize("name", TEMPLATES)
def test_printed_from_the_browser_pages_carry_the_title_and_numbers_and_no_path(audit, name):
    from pypdf import PdfReader

    reader = PdfReader(audit[name]["pdf"])
    pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    title = {"plan": "Merton Hate Crime Work Plan 2024-2025", "review": "Quarterly review: Merton Hate Crime Work Plan 2024-2025",
             "annual": "Merton Hate Crime Work Plan 2024-2025: what we achieved"}[name]  # fmt: skip
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in text
        assert title in text
        # the browser's own header and footer (page URL, date) are replaced
        assert "file:" not in text and f"{name}-2024-25.html" not in text and "/tmp" not in text


def test_the_published_review_shows_its_logo_and_every_link_is_a_real_one(audit):
    page = audit["published"]
    assert page["links"]["images"] == [{"src": page["links"]["images"][0]["src"], "loaded": True}]
    assert page["links"]["images"][0]["src"].startswith("data:image/png;base64,")
    assert {a["href"] for a in page["links"]["anchors"]} == {
        "mailto:safer.merton@example.gov.uk", "tel:02082744901", "https://www.example.gov.uk/hate-crime"}  # fmt: skip
    assert "Foreword" in page["text"] and "Contact us" in page["text"]


def test_an_action_text_with_markup_shows_as_text_and_runs_nothing(audit):
    page = audit["escaping"]
    assert "<script>alert(1)</script>" in page["text"]
    assert SCRIPT in page["text"]
    assert page["dialogs"] == []
    assert page["requests"] == []


def test_the_harness_passes_a_good_page(browser, tmp_path):
    # The harness itself, without hcplan: a small self-contained accessible page.
    good = tmp_path / "good.html"
    good.write_text(
        """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Harness check</title>
<style>
  body { font: 16px/1.5 sans-serif; color: #111; background: #fff; margin: 2rem; }
  @media print { body { margin: 0; } }
</style>
</head>
<body>
<main>
  <h1>Harness check</h1>
  <p>A self-contained page: no scripts, no requests.</p>
  <table>
    <caption>Actions</caption>
    <thead><tr><th scope="col">Action</th><th scope="col">Status</th></tr></thead>
    <tbody><tr><td>1.1 Produce a profile</td><td>Completed</td></tr></tbody>
  </table>
  <form><label for="q">Search</label> <input id="q" type="text"></form>
</main>
</body>
</html>
""",
        encoding="utf-8",
    )
    page = run_audit(browser, tmp_path / "out", [good])[str(good)]
    assert _problems(page) == {}
    assert page["requests"] == []
    assert page["violations"] == []
    assert page["passes"] > 5
    assert "Harness check" in page["text"]
    assert Path(page["screenshot"]).read_bytes()[:8] == PNG
    assert Path(page["pdf"]).read_bytes()[:5] == b"%PDF-"


# --- the site of every plan -------------------------------------------------------

#: The site's pages audited: one of each kind, and the reports of a plan.
SITE_PAGES = ("index.html", "themes.html", "2024-25/index.html", "2024-25/plan.html", "2024-25/review.html",
              "2024-25/annual.html", "published/annual.html")  # fmt: skip


@pytest.fixture(scope="module")
def site_audit(browser: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    """The site of the shipped plans and a published one, built by the CLI, its pages audited."""
    work = tmp_path_factory.mktemp("site")
    plans = work / "repo" / "plans"
    published_plan(work / "repo")  # repo/plans/2024-25 with its publication matter...
    shutil.move(str(plans / "2024-25"), str(plans / "published"))  # ...as "published"
    shutil.copytree(REPO / "plans" / "2017", plans / "2017")
    shutil.copytree(REPO / "plans" / "2024-25", plans / "2024-25")
    out = work / "site"
    command = [sys.executable, "-m", "hcplan", "site", str(plans), "-o", str(out), "--as-of", AS_OF]
    ran = subprocess.run(command, cwd=REPO, env=browser, capture_output=True, text=True, timeout=900)
    if ran.returncode != 0:
        pytest.fail(f"hcplan site failed (exit {ran.returncode}):\n{ran.stderr[-3000:]}", pytrace=False)
    seen = run_audit(browser, ARTIFACTS / "site", [out / page for page in SITE_PAGES])
    return out, {page: seen[str(out / page)] for page in SITE_PAGES}


@pytest.mark.parametrize("page", SITE_PAGES)
def test_site_pages_have_no_errors_no_requests_and_no_serious_accessibility_violations(site_audit, page):
    seen = site_audit[1][page]
    assert _problems(seen) == {}
    assert seen["requests"] == []
    assert seen["passes"] > 0
    assert _serious(seen) == [], json.dumps(_serious(seen), indent=2)


@pytest.mark.parametrize("page", SITE_PAGES)
def test_every_link_and_picture_of_a_site_page_resolves(site_audit, page):
    from urllib.parse import unquote, urlparse

    out, pages = site_audit
    links = pages[page]["links"]
    assert all(image["loaded"] for image in links["images"]), links["images"]
    inside = 0
    for anchor in links["anchors"]:
        url = urlparse(anchor["url"])
        if url.scheme in ("mailto", "tel", "https") and page == "published/annual.html":
            continue  # the contact for the public
        assert url.scheme == "file", anchor
        assert not anchor["href"].startswith(("/", "file:")), f"not relative: {anchor}"
        target = Path(unquote(url.path))
        assert target.is_file() and target.resolve().is_relative_to(out.resolve()), anchor
        inside += 1
    assert inside >= 1


def test_the_site_index_links_every_plan_and_the_themes(site_audit):
    anchors = {a["href"] for a in site_audit[1]["index.html"]["links"]["anchors"]}
    assert {"2017/index.html", "2024-25/index.html", "published/index.html", "themes.html"} <= anchors
    report = {a["href"] for a in site_audit[1]["2024-25/annual.html"]["links"]["anchors"]}
    assert report == {"../index.html", "index.html", "annual.docx", "annual.pdf"}
