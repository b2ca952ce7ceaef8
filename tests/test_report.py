"""hcplan report: golden Markdown, escaping, self-contained HTML, template errors."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import MINIMAL, PLANS, REPO
from hcplan.outputs.report import NAMES, template_dir
from publishing import PRIVATE_PLAN_EXTRA, plan_with_private_things

GOLDEN = REPO / "tests" / "golden"
CASES = [
    ("2024-25", "2025-04-15", "2025-01-01"),
    ("2017", "2017-07-01", "2017-05-01"),
]
SCRIPT = "<script>alert(1)</script><img src=x onerror=alert(2)>"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("plan", "as_of", "since"), CASES, ids=[c[0] for c in CASES])
def test_markdown_reports_match_their_golden_files(hcplan, monkeypatch, name, plan, as_of, since):
    monkeypatch.chdir(REPO)
    result = hcplan("report", f"plans/{plan}/plan.yaml", "--template", name, "--as-of", as_of, "--since", since)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (GOLDEN / f"{name}-{plan}.md").read_text(encoding="utf-8"), "stale? run `make regen`"


def _plan_with(write, text: str) -> Path:
    return write(MINIMAL.replace("text: Produce a profile", f'text: "{text}"'))


@pytest.mark.parametrize("name", NAMES)
def test_html_escapes_plan_text_in_every_template(hcplan, write, name):
    path = _plan_with(write, SCRIPT)
    assert hcplan("update", path, "1.1", "--status", "completed", "--note", SCRIPT, "--date", "2024-06-01").exit_code == 0
    result = hcplan("report", path, "--format", "html", "--template", name, "--as-of", "2024-07-01", "--since", "2024-01-01")
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<script" not in html and "<img" not in html and "onerror=alert" not in html.replace("onerror=alert(2)&gt;", "")


def test_a_copied_template_named_html_j2_still_escapes(hcplan, write, tmp_path):
    # Jinja's select_autoescape() looks only at the last extension, so a file
    # named *.html.j2 would not be escaped; hcplan escapes every HTML template.
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "list.html.j2").write_text(
        "<!DOCTYPE html><html lang='en-GB'><body>{% for row in review.rows %}<p>{{ row.text }}</p>{% endfor %}</body></html>\n"
    )
    path = _plan_with(write, SCRIPT)
    result = hcplan("report", path, "--template", mine / "list.html.j2")
    assert result.exit_code == 0, result.stderr
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;" in result.stdout


def test_the_output_is_never_a_template_the_report_extends_or_includes(hcplan, write, tmp_path):
    """-o at the template was refused; at the base it extends, or a piece it includes, it
    was written over, and a copied (or the shipped) template folder lost its base."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "_base.html.j2").write_text("<!DOCTYPE html><html lang='en-GB'><body>{% block body %}{% endblock %}</body></html>\n")
    (mine / "_piece.html.j2").write_text("<p>{{ plan.title }}</p>\n")
    (mine / "page.html.j2").write_text('{% extends "_base.html.j2" %}{% block body %}{% include "_piece.html.j2" %}{% endblock %}\n')
    before = {p.name: p.read_bytes() for p in mine.iterdir()}
    path = write()
    for target in ("_base.html.j2", "_piece.html.j2"):
        result = hcplan("report", path, "--template", mine / "page.html.j2", "-f", "html", "-o", mine / target)
        assert result.exit_code == 2, result.stderr
        assert f"-o {mine / target} is a template's place" in result.stderr
    assert {p.name: p.read_bytes() for p in mine.iterdir()} == before
    result = hcplan("report", path, "--template", mine / "page.html.j2", "-o", tmp_path / "out.html")
    assert result.exit_code == 0, result.stderr
    assert "<p>Anytown Hate Crime Work Plan 2024-25</p>" in (tmp_path / "out.html").read_text()


@pytest.mark.parametrize("target", ["review.md.j2", "_actions.md.j2", "README.md", "site/new.md"])
def test_hcplans_own_templates_are_never_written_over_even_when_not_read(hcplan, write, target):
    """report --template plan -o templates/review.md.j2 wrote the plan report over the review
    template (this command does not read it): every later review was the plan report."""
    from hcplan.outputs.report import template_dir

    folder = template_dir()
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    result = hcplan("report", write(), "--template", "plan", "-f", "md", "-o", folder / target)
    assert result.exit_code == 2, result.stderr
    assert "is a template's place" in result.stderr
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_plan_text_is_never_template_source(hcplan, write):
    path = _plan_with(write, "{{ 7 * 7 }} {% if true %}x{% endif %}")
    result = hcplan("report", path, "--template", "plan", "--as-of", "2024-07-01")
    row = next(line for line in result.stdout.splitlines() if line.startswith("| 1.1 |"))
    assert row.startswith("| 1.1 | {{ 7 \\* 7 }} {% if true %}x{% endif %} |")
    assert "49" not in row


def test_markdown_escapes_what_would_break_a_table_or_add_markup(hcplan, write):
    path = _plan_with(write, "Police | council *partners* [link](http://x) <b>bold</b>")
    result = hcplan("report", path, "--template", "plan", "--as-of", "2024-07-01")
    row = next(line for line in result.stdout.splitlines() if line.startswith("| 1.1 |"))
    assert row == (
        "| 1.1 | Police \\| council \\*partners\\* \\[link\\](http://x) \\<b\\>bold\\</b\\> "
        "| Safer Anytown | Q1 Year 1 (April–June 2024) | Not rated |"
    )
    assert row.count(" | ") == 4  # still five columns


@pytest.mark.parametrize("name", NAMES)
def test_html_is_one_self_contained_accessible_file(hcplan, name):
    result = hcplan("report", PLANS / "2017" / "plan.yaml", "-f", "html", "--template", name, "--as-of", "2017-07-01", "--since", "2017-05-01")
    html = result.stdout
    assert html.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    for external in ("<script", "<link", "src=", "url(", "@import", "http://", "https://"):
        assert external not in html.replace('xmlns="http://www.w3.org/2000/svg"', ""), external
    assert "@media print" in html and "size: A4" in html
    headings = [int(h) for h in re.findall(r"<h([1-6])", html)]
    assert headings[0] == 1 and all(b - a <= 1 for a, b in zip(headings, headings[1:], strict=False))
    assert "<th scope=" in html
    assert re.search(r"\b1 July 2017\b", html)
    for svg in re.findall(r"<svg.*?</svg>", html, re.S):
        assert 'role="img"' in svg and "<title" in svg and "<desc" in svg


def test_ratings_are_shown_in_words_not_only_colour(hcplan):
    html = hcplan("report", PLANS / "2017" / "plan.yaml", "-f", "html", "--as-of", "2017-07-01").stdout
    assert '<span class="rating rag-amber">Amber</span>' in html
    assert '<span class="rating rag-none">Not rated</span>' in html


def test_the_annual_review_is_public(hcplan, write):
    path = write()
    assert hcplan("update", path, "1.1", "--status", "completed", "--note", "Profile published.", "--date", "2024-06-01").exit_code == 0
    assert hcplan("update", path, "1.1", "--note", "Named family discussed.", "--private", "--date", "2024-06-02").exit_code == 0
    for fmt in ("md", "html"):
        report = hcplan("report", path, "-f", fmt, "--template", "annual", "--as-of", "2024-07-01").stdout
        assert "Produce a profile" in report and "Profile published." in report
        assert "Named family" not in report
        shown = re.sub(r"<style>.*?</style>", "", report, flags=re.S)
        assert not re.search(r"\b1\.[12]\b", shown)  # no internal action IDs


def test_the_review_lists_what_changed_since(hcplan):
    report = hcplan("report", PLANS / "2017" / "plan.yaml", "--template", "review", "--as-of", "2017-07-01", "--since", "2017-06-01").stdout
    changed = report[report.index("## What changed since 1 June 2017") :]
    assert changed.count("| Update |") == 4
    assert "Rating" not in changed.split("\n", 3)[-1].replace("| Date | ID | Change | Detail |", "")


def test_output_file_and_format_from_its_name(hcplan, write, tmp_path):
    out = tmp_path / "report.html"
    result = hcplan("report", write(), "--template", "annual", "-o", out, "--as-of", "2024-07-01")
    assert result.exit_code == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert result.stderr == f"Wrote {out}\n"


def test_template_errors_name_the_file_and_line(hcplan, write, tmp_path):
    broken = tmp_path / "broken.md.j2"
    broken.write_text("# Title\n\n{% for row in review.rows %}\n{{ row.id }\n")
    result = hcplan("report", write(), "--template", broken)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"hcplan: error: {broken}:4: unexpected '}}'")
    undefined = tmp_path / "undefined.md.j2"
    undefined.write_text("# Title\n\n{{ plan.titel }}\n")
    result = hcplan("report", write(), "--template", undefined)
    assert result.exit_code == 1
    assert result.stderr == f"hcplan: error: {undefined}:3: plan has no field 'titel'; did you mean 'title'?\n"


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ("{{ plan.nosuch.deeper }}", "plan has no field 'nosuch'"),
        ("{% for row in review.rows %}{{ row.actoin }}{% endfor %}", "row has no field 'actoin'; did you mean 'action'?"),
        ("{{ plna.title }}", "no variable 'plna' is given to the template; did you mean 'plan'?"),
        ("{{ review.counts | selectattr('count', 'gt', 99) | first }}", "'first' of a list that is empty"),
    ],
)
def test_template_errors_are_in_plain_words(hcplan, write, tmp_path, source, said):
    mine = tmp_path / "mine.md.j2"
    mine.write_text(f"# Title\n{source}\n")
    result = hcplan("report", write(), "--template", mine, "--as-of", "2024-07-01")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"hcplan: error: {mine}:2: {said}"), result.stderr
    assert not re.search(r"Error\b|hcplan\.format|object|Traceback", result.stderr), result.stderr


def test_an_error_in_a_shipped_template_is_named_by_its_place_in_hcplan(write, tmp_path):
    from hcplan.outputs import report

    copy = tmp_path / "plan.md.j2"
    copy.write_text("{% include '_actions.md.j2' %}\n{{ plan.nosuch }}\n")
    message = report.ReportError
    with pytest.raises(message) as raised:
        report._render_template(report._environment(report.choose(str(copy), None)), "_actions.md.j2", {})
    assert str(raised.value).startswith("hcplan's templates/_actions.md.j2:"), str(raised.value)
    assert str(report.template_dir()) not in str(raised.value)


def test_unknown_template_is_a_usage_error(hcplan, write):
    result = hcplan("report", write(), "--template", "quarterly")
    assert result.exit_code == 2
    assert "no template 'quarterly': name one of plan, review, annual" in result.stderr
    assert hcplan("report", write(), "--template", "anual").stderr.endswith("; did you mean annual?\n")


def test_the_output_name_must_say_the_format(hcplan, write, tmp_path):
    plan = write()
    result = hcplan("report", plan, "-o", tmp_path / "plan.doc")
    assert result.exit_code == 2
    assert "cannot tell the format from 'plan.doc'" in result.stderr and "md, html, docx or pdf" in result.stderr
    assert not (tmp_path / "plan.doc").exists()
    assert hcplan("report", plan, "-f", "md", "-o", tmp_path / "plan.txt").exit_code == 0
    assert hcplan("report", plan, "-f", "md", "-o", tmp_path / "plan.html").exit_code == 2
    mine = tmp_path / "mine.md.j2"
    mine.write_text("# {{ plan.title }}\n")
    clash = hcplan("report", plan, "--template", mine, "-o", tmp_path / "x.html")
    assert clash.exit_code == 2 and "is a md template, not html" in clash.stderr


def test_since_after_the_day_is_refused(hcplan, write):
    result = hcplan("report", write(), "--template", "review", "--as-of", "2024-06-01", "--since", "2024-07-01")
    assert result.exit_code == 2


def test_a_plan_with_errors_is_not_reported(hcplan, write):
    result = hcplan("report", write(MINIMAL.replace("leads: [Police]", "leads: [Polce]")))
    assert result.exit_code == 1
    assert "has errors; fix them first" in result.stderr


def test_every_shipped_template_is_in_the_templates_folder():
    shipped = {p.name for p in template_dir().iterdir()}
    assert {f"{n}.{f}.j2" for n in NAMES for f in ("md", "html")} <= shipped


@pytest.mark.slow
def test_the_wheel_carries_the_templates_and_an_installed_hcplan_renders_anywhere(tmp_path):
    wheel_dir = tmp_path / "wheel"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheel_dir), str(REPO)],
        capture_output=True,
        text=True,
    )
    if built.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {built.stderr[-300:]}")
    [wheel] = wheel_dir.glob("hcplan-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for name in NAMES:
        assert f"hcplan/templates/{name}.html.j2" in names
        assert f"hcplan/templates/{name}.md.j2" in names
    # Unpacked on its own (no repository beside it), the package finds them.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(PLANS / "2017" / "plan.yaml", elsewhere / "plan.yaml")
    env_path = str(site)
    result = subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); from hcplan.cli import main; sys.argv = ['hcplan', 'report', 'plan.yaml', '--template', 'annual', '--as-of', '2017-07-01']; main()", env_path],
        cwd=elsewhere,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Merton Hate Crime Strategy Work Plan 2017: what we achieved")


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
@pytest.mark.parametrize("name", NAMES)
def test_pandoc_turns_the_markdown_into_word_without_loss(tmp_path, name):
    source = GOLDEN / f"{name}-2017.md"
    docx = tmp_path / f"{name}.docx"
    subprocess.run(["pandoc", "-f", "gfm", "-t", "docx", "-o", str(docx), str(source)], check=True)
    back = subprocess.run(["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(docx)], check=True, capture_output=True, text=True).stdout
    text = source.read_text(encoding="utf-8")
    # Every table survives as a table, and every action's text is in the document.
    with zipfile.ZipFile(docx) as zipped:
        document = zipped.read("word/document.xml").decode()
    tables = len(re.findall(r"^\|---", text, re.M))
    assert document.count("<w:tbl>") == tables
    flat = " ".join(back.split())
    for cell in re.findall(r"^\| ([\d.]+) \| ([^|]+?) \|", text, re.M):
        words = cell[1].replace("\\", "")
        assert " ".join(words.split()) in flat, words


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("*.md")), ids=lambda p: p.name)
def test_markdown_blocks_stand_apart(golden):
    # Each list item on a line of its own, each heading and table after a blank line.
    lines = golden.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        assert "- **" not in line[1:], f"{golden.name}:{i + 1}: two list items run together"
        starts_block = line.startswith("#") or (line.startswith("|") and not lines[i - 1].startswith("|"))
        if i and starts_block:
            assert lines[i - 1] == "", f"{golden.name}:{i + 1}: no blank line before a heading or table"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_public_reports_leave_out_private_updates_and_every_note(hcplan, write, name, fmt):
    path = plan_with_private_things(write)
    report = hcplan("report", path, "-f", fmt, "--template", name, "--as-of", "2024-07-01", "--since", "2024-05-01", "--public")
    assert report.exit_code == 0, report.stderr
    assert "Data requested." in report.stdout or name == "annual"
    for text in PRIVATE_PLAN_EXTRA.values():
        assert text not in report.stdout
    if name == "plan":  # the internal plan report shows them, marked
        internal = hcplan("report", path, "-f", fmt, "--template", name, "--as-of", "2024-07-01").stdout
        assert PRIVATE_PLAN_EXTRA["private"] in internal and PRIVATE_PLAN_EXTRA["note"] in internal


def test_charts_use_the_plans_own_colour_for_done(hcplan, write):
    blue = MINIMAL.replace("  - label: Completed\n    rag: green", "  - label: Completed\n    rag: blue")
    path = write(blue)
    hcplan("update", path, "1.1", "--status", "completed", "--date", "2024-06-01")
    html = hcplan("report", path, "-f", "html", "--template", "annual", "--as-of", "2024-07-01").stdout
    themes = re.search(r'<svg[^>]*aria-labelledby="themes-title.*?</svg>', html, re.S).group(0)
    fills = set(re.findall(r'<rect x="0" y="\d+" width="[\d.]+" height="24" fill="(#[0-9a-f]+)"/>', themes))
    assert fills == {"#175cd3"}  # the scale's blue, not green


def test_the_print_stylesheet_numbers_pages_under_the_title_and_shows_no_path(hcplan, write):
    path = write(MINIMAL.replace("title: Anytown Hate Crime Work Plan 2024-25", 'title: "Anytown \\"Plan\\" } </style><b>2024-25"'))
    html = hcplan("report", path, "-f", "html", "--template", "review", "--as-of", "2024-07-01").stdout
    style = html[html.index("<style>") : html.index("</style>")]
    page = style[style.index("@page {") :]
    assert 'counter(page) " of " counter(pages)' in page
    footer = re.search(r"@bottom-left \{ content: (\"[^\"]*\");", page).group(1)
    # the title as a CSS string: every character that could end it is escaped
    assert footer.startswith('"Quarterly review\\00003a  Anytown \\000022 Plan\\000022  \\00007d  \\00003c ')
    assert "</style>" not in style and "<b>" not in style
    assert str(path) not in html and "plan.yaml" not in html
    for rule in ("break-after: avoid", "break-inside: avoid", "display: table-header-group", "flex-wrap: nowrap"):
        assert rule in style[style.index("@media print") :], rule


def test_a_hyphenated_title_is_never_broken_at_its_hyphen(hcplan):
    html = hcplan("report", PLANS / "2024-25" / "plan.yaml", "-f", "html", "--template", "annual", "--as-of", "2025-04-15").stdout
    assert '<h1>Merton Hate Crime Work Plan <span class="nowrap">2024-2025:</span> what we achieved</h1>' in html


def test_templates_lists_every_template_hcplan_uses_grouped(hcplan):
    result = hcplan("templates")
    assert result.exit_code == 0, result.stderr
    folder, *rest = result.stdout.splitlines()
    assert Path(folder) == template_dir()
    groups: dict[str, list[str]] = {}
    for line in rest:
        if line.endswith(":"):
            title = line
            groups[title] = []
        elif line.strip():
            groups[title].append(line.strip())
    shipped = sorted(
        p.relative_to(template_dir()).as_posix() for p in template_dir().rglob("*.j2") if "__pycache__" not in p.parts
    )
    assert sorted(name for names in groups.values() for name in names) == shipped  # each once
    [reports] = [names for title, names in groups.items() if title.startswith("Reports")]
    assert sorted(reports) == sorted(f"{name}.{fmt}.j2" for name in NAMES for fmt in ("md", "html"))
    [site] = [names for title, names in groups.items() if title.startswith("Site pages")]
    assert site == ["site/index.html.j2", "site/plan.html.j2", "site/themes.html.j2"]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_carried_over_action_names_the_plan_it_came_from_by_its_title(hcplan, tmp_path, fmt):
    """A public report said 'carried over from action 2.1 of ../2024-25/plan.yaml': a file
    path means nothing to the public. It names the earlier plan's title."""
    old = tmp_path / "2024-25" / "plan.yaml"
    old.parent.mkdir()
    old.write_bytes((PLANS / "2024-25" / "plan.yaml").read_bytes())
    new = tmp_path / "2025-26" / "plan.yaml"
    assert hcplan("rollover", old, new, "--link").exit_code == 0
    result = hcplan("report", new, "--template", "plan", "--format", fmt, "--public")
    assert result.exit_code == 0, result.stderr
    assert "arried over from action 2.1 of Merton Hate Crime Work Plan 2024-2025" in result.stdout
    assert "plan.yaml" not in result.stdout.split("arried over", 1)[1][:200]


@pytest.mark.parametrize(
    "reach",
    [
        '{{ cycler.__init__.__globals__.os.popen("touch MARK").read() }}',
        '{{ self.__init__.__globals__.__builtins__.open("MARK", "w").write("x") }}',
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        '{{ lipsum.__globals__["os"].system("touch MARK") }}',
    ],
)
def test_a_template_of_ones_own_can_never_reach_pythons_insides(hcplan, write, tmp_path, monkeypatch, reach):
    """A custom template ran a command: '{{ cycler.__init__.__globals__.os.popen("id").read() }}'
    printed uid=0(root), in a report or in a site built in CI from a pull request."""
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "evil.md.j2").write_text(f"# {{{{ plan.title }}}}\n{reach}\n")
    result = hcplan("report", write(), "--template", mine / "evil.md.j2")
    assert result.exit_code == 1
    assert re.search(r"evil\.md\.j2:2: the template failed: .*unsafe", result.stderr), result.stderr
    assert not (tmp_path / "MARK").exists() and "uid=" not in result.stdout
    # A template that reads what it is given still works, in the same sandbox.
    (mine / "fine.md.j2").write_text("# {{ plan.title }}\n{% for r in review.rows[:1] %}{{ r.id }}: {{ r.action.text|upper }}{% endfor %}\n")
    result = hcplan("report", write(), "--template", mine / "fine.md.j2")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Anytown Hate Crime Work Plan 2024-25\n1.1: PRODUCE A PROFILE")


def test_a_template_of_ones_own_reads_no_file_but_templates(hcplan, write, tmp_path, monkeypatch):
    """'{% include "plan.yaml" %}' printed the plan file whole, its private updates, notes and
    leads' emails with it, in a public report or on the site; and a link in the templates'
    folder ('root -> /') let a template print any file of the machine."""
    monkeypatch.chdir(tmp_path)
    plan = plan_with_private_things(write)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "plan.yaml").write_text(plan.read_text())
    (mine / "root").symlink_to("/")
    (mine / "secret.j2").symlink_to(plan)
    (mine / "part.md.j2").write_text("{{ plan.title }}\n")
    only = "is no template (*.j2) nor a page's text: a template includes only those"
    (tmp_path / "outside.txt").write_text("a file of the machine's, outside the folder")
    (mine / "notes.txt").symlink_to(tmp_path / "outside.txt")
    for include, said in [
        ("plan.yaml", f"'plan.yaml' {only}"),
        ("root/etc/hostname", f"'root/etc/hostname' {only}"),
        ("notes.txt", f"'notes.txt' is a link to {tmp_path / 'outside.txt'}, which is no template (*.j2)"),
        ("secret.j2", f"'secret.j2' is a link to {os.path.realpath(plan)}, which is no template (*.j2)"),
    ]:
        (mine / "leak.md.j2").write_text(f"# Report\n{{% include {include!r} %}}\n")
        result = hcplan("report", plan, "--template", mine / "leak.md.j2", "--public")
        assert (result.exit_code, result.stdout) == (1, ""), result.stdout
        assert result.stderr == f"hcplan: error: mine/leak.md.j2:2: {said}\n"
    (mine / "fine.md.j2").write_text('# Report\n{% include "part.md.j2" %}')  # a template of its own is fine
    result = hcplan("report", plan, "--template", mine / "fine.md.j2", "--public")
    assert result.exit_code == 0 and result.stdout == "# Report\nAnytown Hate Crime Work Plan 2024-25\n"
    # So are a page's own text and pictures in the folder, and includes that may be missing.
    (mine / "style.css").write_text("body { color: navy }\n")
    (mine / "page.md.j2").write_text(
        '{% include "style.css" %}{% include "plan.yaml" ignore missing %}{% include ["none.md", "part.md.j2"] %}'
    )
    result = hcplan("report", plan, "--template", mine / "page.md.j2", "--public")
    assert (result.exit_code, result.stdout) == (0, "body { color: navy }\nAnytown Hate Crime Work Plan 2024-25\n")
    # The template itself is a .j2 file: any other is printed as it is (tests/test_private.py).
    (mine / "page.md").write_text((mine / "page.md.j2").read_text())
    result = hcplan("report", plan, "--template", mine / "page.md", "--public")
    assert (result.exit_code, result.stdout) == (2, "") and "is not a template" in result.stderr


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", ":2: the template calls itself too deeply"),
        ('{{ "x" * 3000000000 }}', ":2: the template made a text longer than 1 MB"),
        ("{{ 2 ** 10000000 }}", ":2: the template made a number too large for a report (over 1,000,000 binary digits)"),
        ("{{ ((((2 ** 64) ** 64) ** 64) ** 64) ** 64 }}", ":2: the template made a number too large for a report"),
        ("{{ 2 ** -65 + 2 ** 100 + (-1) ** 1000000 + 1 ** 200000 }}", ""),  # small numbers are fine
        ("{% for i in range(60) %}{{ 'x' * 100000 }}{% endfor %}", ": the template printed more than 1 MB"),
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
         ":2: the template ran for more than 2 seconds"),
    ],
)  # fmt: skip
def test_a_template_that_never_ends_is_stopped_with_its_place(hcplan, write, tmp_path, monkeypatch, body, said):
    """A macro calling itself was an internal error (exit 3); a text of 3 GB, or loops of
    ten billion turns, ran until the machine's memory or CI's patience ran out."""
    from hcplan.outputs import report

    monkeypatch.setattr(report, "MAX_SECONDS", 2)
    monkeypatch.setattr(report, "MAX_OUTPUT", 1024 * 1024)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "long.md.j2").write_text(f"# {{{{ plan.title }}}}\n{body}\n")
    result = hcplan("report", write(), "--template", tmp_path / "long.md.j2")
    if not said:
        assert result.exit_code == 0, result.stderr
        return
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith(f"hcplan: error: long.md.j2{said}"), result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "~~struck~~ out", "---", "===", "2) paren numbered", "10. dot numbered", "- a bullet", "+ plus", "# hash",
        "&lt;b&gt;not bold&lt;/b&gt; &#60;i&#62;", "*em* _em_ `code` [a](b) <b>x</b> | pipe", "a & b", "back\\slash",
    ],
)  # fmt: skip
def test_escaped_plan_text_reads_back_as_itself_through_a_markdown_parser(text):
    """~~struck~~ became <del>, a paragraph of --- a rule, '2) ...' a numbered list: markup the
    plan's words never asked for. Read by markdown-it (CommonMark, with GitHub's tables and
    strike-through), each escaped text is one paragraph of exactly its own words."""
    from markdown_it import MarkdownIt

    from hcplan.outputs.report import markdown_escape

    tokens = MarkdownIt("commonmark").enable(["strikethrough", "table"]).parse(markdown_escape(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], text
    inline = tokens[1].children
    assert all(t.type == "text" for t in inline), [t.type for t in inline]
    assert "".join(t.content for t in inline) == text


def test_a_template_that_is_not_utf8_is_refused_at_its_line(hcplan, write, tmp_path):
    """It was 'error: <frozen codecs>:322: the template failed: 'utf-8' codec can't decode ...'."""
    mine = tmp_path / "mine.md.j2"
    mine.write_bytes("# {{ plan.title }}\nCafé\n".encode("cp1252"))
    result = hcplan("report", write(), "--template", mine)
    assert result.exit_code == 1
    assert result.stderr == f"hcplan: error: {mine}:2: the template is not UTF-8 text (byte 0xe9); save it as UTF-8\n"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_an_annual_review_of_a_plan_without_actions_has_no_empty_sections(hcplan, write, fmt):
    """A plan of one theme and no actions: 'Progress by theme' was a table with only its header,
    and 'The work continues' said '0 of its 0 actions were not done'."""
    from conftest import MINIMAL

    text = MINIMAL[: MINIMAL.index("    objectives:\n")] + "    objectives: []\n"
    result = hcplan("report", write(text.replace("leads:\n  - Safer Anytown\n  - Police\n", "")), "--template", "annual", "-f", fmt, "--as-of", "2024-07-01")
    assert result.exit_code == 0, result.stderr
    assert "Progress by theme" not in result.stdout and "The work continues" not in result.stdout
    assert "0 of its 0" not in result.stdout


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_an_annual_review_of_one_action_says_one_action(hcplan, write, fmt):
    """'Anytown Borough Council agreed 1 actions' and '1 of its 1 actions is still in hand'."""
    one = MINIMAL[: MINIMAL.index('          - id: "1.2"')].replace("  - Police\n", "")
    result = hcplan("report", write(one), "--template", "annual", "-f", fmt, "--as-of", "2024-07-01")
    assert result.exit_code == 0, result.stderr
    text = " ".join(re.sub(r"<[^>]+>", "", result.stdout).split())
    assert "agreed 1 action for" in text and "1 of its 1 action is still in hand" in text, text
    assert "1 actions" not in text
