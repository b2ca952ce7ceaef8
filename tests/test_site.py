"""hcplan site: the static site of every plan, its links, its incremental
build, and the folder it may be built in. (In the browser: test_browser.py.)"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import MINIMAL, PLANS
from publishing import html_tree

AS_OF = "2025-04-15"


def build(hcplan, plans: Path, out: Path, *more):
    result = hcplan("site", plans, "-o", out, "--as-of", AS_OF, *more)
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory) -> Path:
    """The site of the shipped plans, built once (html, docx and pdf)."""
    from datetime import date

    from hcplan.outputs.site import build as build_site

    out = tmp_path_factory.mktemp("site") / "public"
    pdf = "pdf" if _weasyprint() else None
    build_site(PLANS, out, day=date.fromisoformat(AS_OF), formats=tuple(f for f in ("html", "docx", pdf) if f))
    return out


def _weasyprint() -> bool:
    from hcplan.outputs.pdf import PdfError, weasyprint_module

    try:
        weasyprint_module()
    except PdfError:
        return False
    return True


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_the_site_has_an_index_a_themes_page_and_each_plans_reports(shipped_site):
    names = {str(p.relative_to(shipped_site)) for p in shipped_site.rglob("*") if p.is_file()}
    expected = {"index.html", "themes.html", "hcplan-site.json"}
    for slug in ("2017", "2024-25"):
        expected.add(f"{slug}/index.html")
        for kind in ("plan", "review", "annual"):
            expected |= {f"{slug}/{kind}.html", f"{slug}/{kind}.docx"} | ({f"{slug}/{kind}.pdf"} if _weasyprint() else set())
    assert names == expected


def test_the_index_says_each_plans_period_state_progress_and_overdue(shipped_site):
    tree = html_tree((shipped_site / "index.html").read_text(encoding="utf-8"))
    rows = [[" ".join(c.text_content().split()) for c in tr.iter("th", "td")] for tr in tree.find(".//tbody").iter("tr")]
    assert rows == [
        ["Merton Hate Crime Work Plan 2024-2025", "1 April 2024 to 31 March 2025", "Ended",
         "Completed 2 Not rated 53 2 of 55 completed (4%)", "53 not done by its end"],
        ["Merton Hate Crime Strategy Work Plan 2017", "1 January 2017 to 31 December 2020", "Ended",
         "Amber 1 Completed 1 Not rated 43 1 of 45 completed (2%)", "44 not done by its end"],
    ]  # fmt: skip
    # Ratings in words, with the plan's own colour.
    assert '<span class="rating rag-amber">Amber</span>' in (shipped_site / "index.html").read_text()


def test_a_current_plan_is_shown_as_current_on_the_day(hcplan, tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    out = tmp_path / "site"
    hcplan("site", plans, "-o", out, "--as-of", "2024-10-01", "--formats", "html")
    text = (out / "index.html").read_text()
    assert re.search(r"2024-2025</a></th>\n<td>[^<]+</td>\n<td>Current</td>", text)
    assert "Figures as of 1 October 2024" in (out / "2024-25" / "index.html").read_text()


def test_the_themes_page_follows_each_theme_from_plan_to_plan(shipped_site):
    tree = html_tree((shipped_site / "themes.html").read_text(encoding="utf-8"))
    head = [" ".join(c.text_content().split()) for c in tree.find(".//thead").iter("th")]
    assert head == ["Theme", "Merton Hate Crime Strategy Work Plan 2017", "Merton Hate Crime Work Plan 2024-2025"]
    rows = [[" ".join(c.text_content().split()) for c in tr.iter("th", "td")] for tr in tree.find(".//tbody").iter("tr")]
    assert rows[0] == ["Co-ordination", "1 of 18 completed (6%), theme 1*", "2 of 18 completed (11%), theme 1"]
    assert [r[0] for r in rows] == ["Co-ordination", "Prevention", "Provision", "Protection"]
    assert "matched by their numbers" in tree.text_content()


def test_themes_are_matched_by_name_before_number():
    from types import SimpleNamespace as NS

    from hcplan.views.years import theme_tracks

    def facts(*themes):
        return NS(themes=[NS(theme=NS(number=n, name=name), done=0, total=1) for n, name in themes])

    tracks = theme_tracks([facts((1, None), (2, None), (3, None)), facts((1, "Prevention"), (2, "Co-ordination")), facts((1, "co ordination"), (2, "PREVENTION"), (3, "Support"))])
    found = {t.label: [(s.theme.number if s else None) for s in t.summaries] for t in tracks}
    # Renumbered themes are matched by name; an unnamed theme joins the named
    # theme of its number in the nearest plan (theme 1 is Prevention next door,
    # Co-ordination two plans on).
    assert found == {"Prevention": [1, 1, 2], "Co-ordination": [2, 2, 1], "Support": [3, None, 3]}
    assert [t.by_number for t in tracks][0] == [True, False, False]
    only_numbers = theme_tracks([facts((1, None)), facts((1, None), (2, None))])
    assert [(t.label, [bool(s) for s in t.summaries]) for t in only_numbers] == [("Theme 1", [True, True]), ("Theme 2", [False, True])]


def _links(page: Path) -> list[str]:
    tree = html_tree(page.read_text(encoding="utf-8"))
    return [e.get("href") for e in tree.iter("a") if e.get("href")] + [e.get("src") for e in tree.iter("img", "link", "script") if e.get("src") or e.get("href")]


def test_every_link_is_relative_and_leads_to_a_file_of_the_site(shipped_site):
    checked = 0
    for page in pages(shipped_site):
        for href in _links(page):
            parsed = urllib.parse.urlparse(href)
            if parsed.scheme in ("mailto", "tel", "https") and page.name == "annual.html":
                continue  # the annual review's contact (none in the shipped plans)
            assert not parsed.scheme and not parsed.netloc and not href.startswith("/"), f"{page}: {href}"
            target = (page.parent / urllib.parse.unquote(parsed.path)).resolve()
            assert target.is_file() and target.is_relative_to(shipped_site.resolve()), f"{page}: {href}"
            checked += 1
    assert checked > 40


def test_served_from_a_sub_path_every_page_and_link_answers(shipped_site, tmp_path):
    root = tmp_path / "www"
    shutil.copytree(shipped_site, root / "council" / "hate-crime")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/council/hate-crime/"
        seen, queue = set(), [base + "index.html"]
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            with urllib.request.urlopen(url, timeout=10) as answer:
                assert answer.status == 200, url
                body = answer.read()
            if url.endswith(".html"):
                for href in re.findall(rb'(?:href|src)="([^"#]+)"', body):
                    target = urllib.parse.urljoin(url, href.decode())
                    assert target.startswith(base), f"{url} leads out of the site: {target}"
                    queue.append(target)
        assert len(seen) == len([p for p in shipped_site.rglob("*") if p.is_file() and p.name != "hcplan-site.json"])
    finally:
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def test_a_second_build_writes_nothing_and_a_changed_plan_only_its_own(hcplan, tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    out = tmp_path / "site"
    first = build(hcplan, plans, out, "--formats", "html,docx")
    assert "2 plans; 16 files written, 0 unchanged" in first.stderr  # 12 reports, 4 pages
    for path in out.rglob("*"):  # as a CI cache restores them: with times of its own
        os.utime(path, (1_600_000_000, 1_600_000_000))
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    again = build(hcplan, plans, out, "--formats", "html,docx")
    assert "0 files written, 12 unchanged" in again.stderr
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name != "hcplan-site.json"} == {
        p: t for p, t in stamps.items() if p.name != "hcplan-site.json"
    }
    hcplan("update", plans / "2024-25" / "plan.yaml", "5.2", "--note", "Two centres trained.", "--status", "in prog", "--date", "2025-01-15")
    changed = build(hcplan, plans, out, "--formats", "html,docx")
    rewritten = {p for p in out.rglob("*") if p.is_file() and stamps.get(p) != p.stat().st_mtime_ns}
    assert {str(p.relative_to(out)) for p in rewritten} == {
        "2024-25/plan.html", "2024-25/plan.docx", "2024-25/review.html", "2024-25/review.docx",
        "2024-25/annual.html", "2024-25/annual.docx", "2024-25/index.html", "index.html", "hcplan-site.json",
    }  # fmt: skip
    assert "6 unchanged" in changed.stderr


def test_one_worker_or_several_build_the_same_site(hcplan, tmp_path):
    files = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"site-{jobs}"
        result = build(hcplan, PLANS, out, "--formats", "html,docx", "--jobs", jobs)
        assert "16 files written" in result.stderr
        files[jobs] = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*.html")}
    assert files["1"] == files["2"] and len(files["1"]) == 10
    assert hcplan("site", PLANS, "-o", tmp_path / "none", "--jobs", "0").exit_code == 2


def test_a_changed_or_deleted_output_is_made_again(hcplan, tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS / "2017", plans / "2017")
    out = tmp_path / "site"
    build(hcplan, plans, out, "--formats", "html")
    (out / "2017" / "plan.html").write_text("tampered")
    (out / "2017" / "annual.html").unlink()
    result = build(hcplan, plans, out, "--formats", "html")
    assert "2 files written" in result.stderr
    assert (out / "2017" / "plan.html").read_text().startswith("<!DOCTYPE html>")


def test_a_plan_that_has_gone_takes_its_files_with_it_and_only_those(hcplan, tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    out = tmp_path / "site"
    build(hcplan, plans, out, "--formats", "html")
    (out / "2017" / "my-notes.txt").write_text("mine")
    shutil.rmtree(plans / "2017")
    result = build(hcplan, plans, out, "--formats", "html")
    assert "4 removed" in result.stderr
    assert sorted(p.name for p in (out / "2017").iterdir()) == ["my-notes.txt"]
    assert "2017" not in (out / "index.html").read_text()


@pytest.mark.parametrize("where", ["plans", "plans/2024-25", "plans/2024-25/site", "plans/2024-25/plan.yaml", "."])
def test_the_site_is_never_built_among_the_plans(hcplan, tmp_path, monkeypatch, where):
    shutil.copytree(PLANS, tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    before = {p: p.read_bytes() for p in (tmp_path / "plans").rglob("*") if p.is_file()}
    result = hcplan("site", "plans", "-o", where, "--formats", "html")
    assert result.exit_code == 2
    # The shared output guard (an input under the folder; a file) or the site's own rule (among the plans).
    assert any(words in result.stderr for words in ("folder of its own", "refusing to write into", "is a file, not a folder"))
    assert {p: p.read_bytes() for p in (tmp_path / "plans").rglob("*") if p.is_file()} == before
    assert not list(tmp_path.rglob("index.html"))


def test_a_folder_with_files_of_someone_elses_is_refused(hcplan, tmp_path):
    out = tmp_path / "Documents"
    out.mkdir()
    (out / "index.html").write_text("my own page")
    result = hcplan("site", PLANS, "-o", out, "--formats", "html")
    assert result.exit_code == 2 and "did not make" in result.stderr
    assert (out / "index.html").read_text() == "my own page"


def test_a_link_in_the_site_folder_is_never_written_through(hcplan, tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS / "2017", plans / "2017")
    out = tmp_path / "site"
    build(hcplan, plans, out, "--formats", "html")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (out / "2017" / "plan.html").unlink()
    (out / "2017" / "plan.html").symlink_to(victim)
    result = hcplan("site", plans, "-o", out, "--as-of", AS_OF, "--formats", "html")
    assert result.exit_code == 2 and "is a link" in result.stderr
    assert victim.read_text() == "keep me"


def test_a_folder_of_the_site_that_is_a_link_elsewhere_is_never_written_through(hcplan, tmp_path):
    """A plan's folder of the site replaced by a link to a folder of one's own: the next build
    wrote its pages there, over the user's own plan.html."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS / "2017", plans / "2017")
    out = tmp_path / "site"
    build(hcplan, plans, out, "--formats", "html")
    mine = tmp_path / "mydocs"
    mine.mkdir()
    (mine / "plan.html").write_text("my own page")
    shutil.rmtree(out / "2017")
    (out / "2017").symlink_to(mine, target_is_directory=True)
    (plans / "2017" / "plan.yaml").write_text((plans / "2017" / "plan.yaml").read_text() + "# changed\n")
    result = hcplan("site", plans, "-o", out, "--as-of", AS_OF, "--formats", "html")
    assert result.exit_code == 2, result.stderr
    assert f"{out / '2017'} is a link" in result.stderr
    assert [p.name for p in mine.iterdir()] == ["plan.html"] and (mine / "plan.html").read_text() == "my own page"


def test_a_file_of_ones_own_where_a_new_plans_pages_go_is_never_written_over(hcplan, tmp_path):
    """A page of one's own put in the site's folder (site/2024-25/index.html), then a plan
    of that name added: the build wrote over it without a word."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS / "2017", plans / "2017")
    out = tmp_path / "site"
    build(hcplan, plans, out, "--formats", "html")
    (out / "2024-25").mkdir()
    (out / "2024-25" / "plan.html").write_text("my own page")
    shutil.copytree(PLANS / "2024-25", plans / "2024-25")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = hcplan("site", plans, "-o", out, "--as-of", AS_OF, "--formats", "html")
    assert result.exit_code == 2, result.stderr
    assert f"{out / '2024-25' / 'plan.html'} is not a file hcplan site made" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p for p in tmp_path.iterdir() if ".building-" in p.name]
    # Moved away, the build goes on; a file of one's own beside the site's pages stays.
    (out / "2024-25" / "plan.html").rename(out / "2024-25" / "mine.html")
    build(hcplan, plans, out, "--formats", "html")
    assert (out / "2024-25" / "mine.html").read_text() == "my own page" and (out / "2024-25" / "plan.html").is_file()


def test_plans_with_errors_stop_the_build_and_say_where(hcplan, tmp_path, write):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "good.yaml").write_text(MINIMAL)
    (plans / "bad.yaml").write_text(MINIMAL.replace("leads: [Police]", "leads: [Polce]"))
    result = hcplan("site", plans, "-o", tmp_path / "site", "--formats", "html")
    assert result.exit_code == 1
    assert re.search(r"bad\.yaml:\d+:\d+: error: lead 'Polce'", result.stderr)
    assert "1 plan file has errors; fix them first" in result.stderr
    assert not (tmp_path / "site").exists()


def test_bad_usage_is_refused(hcplan, tmp_path):
    assert hcplan("site", tmp_path / "nowhere", "-o", tmp_path / "site").exit_code == 2
    bad = hcplan("site", PLANS, "-o", tmp_path / "site", "--formats", "docx,rtf")
    assert bad.exit_code == 2 and "--formats docx,rtf" in bad.stderr


def test_a_folder_of_your_own_templates_changes_the_site(hcplan, tmp_path):
    from hcplan.outputs.report import template_dir

    mine = tmp_path / "templates"
    (mine / "site").mkdir(parents=True)
    index = (template_dir() / "site" / "index.html.j2").read_text().replace("<h1>Hate crime work plans</h1>", "<h1>Anytown's plans</h1>")
    (mine / "site" / "index.html.j2").write_text(index)
    annual = (template_dir() / "annual.html.j2").read_text().replace("<h2>At a glance</h2>", "<h2>Our year in short</h2>")
    (mine / "annual.html.j2").write_text(annual)
    out = tmp_path / "site"
    build(hcplan, PLANS, out, "--formats", "html,docx", "--templates", mine)
    assert "<h1>Anytown's plans</h1>" in (out / "index.html").read_text()
    assert "<h2>Our year in short</h2>" in (out / "2017" / "annual.html").read_text()
    with __import__("zipfile").ZipFile(out / "2017" / "annual.docx") as package:
        assert "Our year in short" in package.read("word/document.xml").decode()
    # A changed template remakes what it makes.
    (mine / "annual.html.j2").write_text(annual.replace("Our year in short", "The year in short"))
    again = build(hcplan, PLANS, out, "--formats", "html,docx", "--templates", mine)
    assert "The year in short" in (out / "2017" / "annual.html").read_text()
    assert re.search(r"\b1[2-4] files written", again.stderr)  # every report (the templates are shared), and pages whose sizes changed


def test_a_site_whose_manifest_cannot_be_read_is_rebuilt_as_before(hcplan, tmp_path):
    """A damaged hcplan-site.json (or an older hcplan's) says nothing of which files are the
    site's: the refusal of files of one's own must not refuse every rebuild of it."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS / "2017", plans / "2017")
    out = tmp_path / "site"
    build(hcplan, plans, out, "--formats", "html")
    (out / "hcplan-site.json").write_text("{ damaged")
    result = hcplan("site", plans, "-o", out, "--as-of", AS_OF, "--formats", "html")
    assert result.exit_code == 0, result.stderr
    assert json.loads((out / "hcplan-site.json").read_text())["outputs"]


def _dead_pid() -> int:
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-c", ""])
    process.wait()
    return process.pid


def test_what_a_build_killed_half_way_left_beside_the_site_is_cleaned_or_put_back(hcplan, tmp_path):
    """A build killed with kill -9 left its '.site.building-...' folder beside the site for
    good (one more each time); killed between its two renames, it left no site at all and
    the old one, with one's own files, in '.site.old-...', from which no build took it."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    out = tmp_path / "site"
    build(hcplan, plans, out)
    dead, alive = _dead_pid(), os.getpid()
    stale = tmp_path / f".site.building-{dead}-abc123"
    stale.mkdir()
    (stale / "index.html").write_text("half a site")
    running = tmp_path / f".site.building-{alive}-def456"  # another build, still running
    running.mkdir()
    build(hcplan, plans, out)
    assert not stale.exists() and running.exists()
    # Killed between moving the old site aside and putting the new one in place.
    (out / "notes.txt").write_text("our own notes")
    retired = tmp_path / f".site.old-{dead}-abc123"
    out.rename(retired)
    build(hcplan, plans, out)
    assert (out / "notes.txt").read_text() == "our own notes" and not retired.exists()


def test_a_site_that_cannot_be_written_is_said_of_its_own_files_and_leaves_no_folder(tmp_path):
    """On a full disk the message named the folder the site was built in
    ('.site.building-.../2024-25/plan.html'), and the folders made for it were left."""
    import subprocess
    import sys

    from test_faults import SIZE_LIMITED

    out = tmp_path / "new" / "site"
    args = ["site", str(PLANS), "-o", str(out), "--formats", "html"]
    result = subprocess.run(
        [sys.executable, "-c", SIZE_LIMITED, "20000", *args],
        capture_output=True, text=True, env={**os.environ, "HCPLAN_NO_CACHE": "1"},
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert f"could not write {out}/" in result.stderr and ".building-" not in result.stderr, result.stderr
    assert not (tmp_path / "new").exists()


def test_a_page_of_ones_own_templates_that_is_a_link_to_no_template_is_refused(hcplan, tmp_path):
    """In a templates folder given to `site`, 'plan.html.j2' as a link to the plan (or 'site/
    index.html.j2' to any file) was published whole: the names the site renders were read
    whatever they led to."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "plan.html.j2").symlink_to(plans / "2024-25" / "plan.yaml")
    result = hcplan("site", plans, "-o", tmp_path / "out", "--templates", mine, "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "'plan.html.j2' is a link to " in result.stderr and "which is no template (*.j2)" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_site_is_built_without_a_word_from_python(tmp_path):
    """Keying each page by the plan's public view printed ~117 lines of pydantic's serializer
    warnings (dates held as written), and with warnings made errors it was an internal error."""
    import subprocess
    import sys

    plans = tmp_path / "plans" / "2024-25"
    plans.mkdir(parents=True)
    shutil.copy(Path(__file__).resolve().parents[1] / "plans" / "2024-25" / "plan.yaml", plans / "plan.yaml")
    result = subprocess.run(
        [sys.executable, "-W", "error", "-m", "hcplan", "site", tmp_path / "plans", "-o", tmp_path / "out", "--formats", "html"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "HCPLAN_CACHE_DIR": str(tmp_path / "cache")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("Built ") and len(result.stderr.splitlines()) == 1, result.stderr
