"""The output layer: every format from the same rows, streamed, safe on a terminal, words kept whole."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest

from conftest import MINIMAL, PLANS
from hcplan.outputs import rows as outputs
from hcplan.outputs.terminal import visible
from hcplan.views import spool
from hcplan.views.listing import Listing, Question

P2017 = PLANS / "2017" / "plan.yaml"

#: Plan text that tries to drive the terminal: clear the screen, set the title,
#: a C1 CSI, a hyperlink, and a right-to-left override.
HOSTILE = r"Produce \e[2J\e]0;pwned\a a \x9b31m \u202eprofile\u202c"


def _hostile(write):
    text = MINIMAL.replace("text: Produce a profile", f'text: "{HOSTILE}"')
    text = text.replace("text: Data requested.", r'text: "Data \e]8;;http://x\e\\here\e]8;;\e\\"')
    return write(text.replace("title: Anytown Hate Crime Work Plan 2024-25", r'title: "\e[31mAnytown Hate Crime Work Plan"'))


def _obeyable(text: str) -> list[str]:
    return re.findall(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", text)


# --- days late and days to go --------------------------------------------------------


def test_days_late_is_never_negative_and_days_to_go_says_what_is_left(hcplan, write):
    path = write()
    data = json.loads(hcplan("list", path, "--as-of", "2024-05-01", "-f", "json").stdout)["actions"]
    profile = next(r for r in data if r["id"] == "1.1")  # due Q1 Year 1: April to June 2024
    assert (profile["days_late"], profile["days_to_go"], profile["overdue"]) == (None, 60, False)
    late = json.loads(hcplan("list", path, "--as-of", "2024-07-03", "-f", "json").stdout)["actions"][0]
    assert (late["days_late"], late["days_to_go"], late["overdue"]) == (3, None, True)
    last_day = json.loads(hcplan("list", path, "--as-of", "2024-06-30", "-f", "json").stdout)["actions"][0]
    assert (last_day["days_late"], last_day["days_to_go"]) == (None, 0)
    rows = list(csv.DictReader(io.StringIO(hcplan("list", path, "--as-of", "2024-05-01", "-f", "csv").stdout)))
    assert (rows[0]["days_late"], rows[0]["days_to_go"]) == ("", "60")
    for row in json.loads(hcplan("list", PLANS, "--as-of", "2017-01-15", "-f", "json").stdout)["actions"]:
        assert row["days_late"] is None or row["days_late"] > 0


# --- words are never split -----------------------------------------------------------

LONG_WORDS = MINIMAL.replace(
    "text: Produce a profile",
    "text: Communications and interdepartmental responsibilities, intelligence-led partnerships",
).replace("leads: [Safer Anytown]", "leads: [Safer Anytown, Police]")


@pytest.mark.parametrize("columns", [50, 60, 80])
@pytest.mark.parametrize("colour", [False, True], ids=["plain", "rich"])
def test_tables_never_split_a_word(hcplan, write, monkeypatch, columns, colour):
    monkeypatch.setenv("COLUMNS", str(columns))
    if colour:
        monkeypatch.delenv("NO_COLOR")
        monkeypatch.setenv("FORCE_COLOR", "1")
    path = write(LONG_WORDS)
    words = ("Communications", "interdepartmental", "responsibilities,", "intelligence-led", "partnerships")
    for args in (["list", path], ["overdue", path, "--as-of", "2024-07-02"]):
        shown = set(re.sub(r"\x1b\[[0-9;]*m", "", hcplan(*args).stdout).split())
        for word in words:
            assert word in shown, (word, shown)
            assert not {word[:n] for n in range(3, len(word))} & shown, word
    # The shipped plans, as narrow as the test goes: every word of every action whole.
    text = re.sub(r"\x1b\[[0-9;]*m", "", hcplan("list", PLANS).stdout)
    shown = set(text.split())
    for row in json.loads(hcplan("list", PLANS, "-f", "json").stdout)["actions"]:
        for word in row["text"].split():
            assert len(word) > 20 or word in shown, (word, row["id"])


def test_a_column_is_as_wide_as_its_longest_word():
    from hcplan.outputs.tables import widths

    cells = {"id": ["ID", "1.1"], "action": ["Action", "interdepartmental responsibilities"], "status": ["Status", "—"]}
    size = widths(cells, 20)
    assert size["action"] >= len("responsibilities")
    assert size["id"] == 3


# --- terminal control sequences are shown, never obeyed --------------------------------


@pytest.mark.parametrize(
    "args",
    [["list"], ["overdue", "--as-of", "2024-07-02"], ["amber"], ["show", "1.1"], ["list", "-f", "json"], ["show", "1.1", "-f", "json"]],
    ids=lambda a: " ".join(a),
)
def test_plan_text_cannot_drive_the_terminal(hcplan, write, args):
    path = _hostile(write)
    # hcplan update refuses such a note; a hand can still write one into the file.
    lines = path.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith('text: "Data ')) + 1
    lines[at:at] = ["              - date: 2024-06-01\n", '                text: "\\e[2J again"\n', "                status: In Progress\n"]
    path.write_text("".join(lines))
    result = hcplan(*args, path)
    # The plan has errors (its control characters): it is answered, and the command fails after.
    assert result.exit_code == 1, result.stderr
    assert _obeyable(result.stdout) == [] and _obeyable(result.stderr) == []
    if "json" in args:
        texts = repr(json.loads(result.stdout))
        assert "\\x1b[2J" in texts and "\\u202e" in texts  # the data is whole: only its writing is escaped
    else:
        assert "\\x1b[2J" in result.stdout and "\\u202e" in result.stdout


def test_problems_and_errors_cannot_drive_the_terminal(hcplan, write):
    path = write(MINIMAL.replace("leads: [Police]", r'leads: ["Pol\e[2Jice"]'))
    result = hcplan("check", path)
    assert "\\x1b[2J" in result.stdout and _obeyable(result.stdout) == []
    result = hcplan("list", path, "--lead", "\x1b[2Jnobody")
    assert result.exit_code == 2 and _obeyable(result.stderr) == []


def test_visible_keeps_text_and_line_breaks():
    assert visible("Café\tdone\nnext") == "Café\tdone\nnext"
    assert visible("a\x1b[0m\r\x9b\u202e\u2066b") == "a\\x1b[0m\\r\\x9b\\u202e\\u2066b"


def test_csv_is_data_except_on_a_terminal(write):
    from hcplan.checking.loader import load_plan
    from hcplan.views.rows import rows as plan_rows

    loaded = load_plan(_hostile(write))
    found = list(plan_rows("plan.yaml", loaded.plan, date(2024, 7, 1)))
    piped = io.StringIO()
    outputs.csv_sections([("actions", found)], piped)
    assert "\x1b[2J" in piped.getvalue()

    class Screen(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Screen()
    outputs.csv_sections([("actions", found)], screen)
    assert _obeyable(screen.getvalue()) == [] and "\\x1b[2J" in screen.getvalue()


# --- streaming and order -----------------------------------------------------------------


def _copies(tmp_path, count):
    text = P2017.read_text(encoding="utf-8")
    files = []
    for i in range(count):
        path = tmp_path / f"plan-{i:02d}.yaml"
        path.write_text(re.sub(r'id: "(\d+)\.(\d+)\.(\d+)"', rf'id: "\1.\2.\3.{i}"', text), encoding="utf-8")
        files.append(str(path))
    return files


def test_json_is_written_as_json_dumps_would(tmp_path, hcplan):
    _copies(tmp_path, 3)
    result = hcplan("overdue", tmp_path, "--as-of", "2017-09-01", "--within", "60d", "-f", "json")
    data = json.loads(result.stdout)
    assert result.stdout == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert list(data) == ["as_of", "overdue", "due_soon", "needs_update"]


def test_rows_sorted_on_disk_come_out_as_sorted_in_memory(tmp_path, monkeypatch):
    files = _copies(tmp_path, 6)
    question = Question("overdue", date(2018, 1, 1))

    def answer() -> list[tuple[str, list[tuple[str, int | None]]]]:
        return [(name, [(r.id, r.days_late) for r in rows]) for name, rows in Listing(files, question).by_section()]

    in_memory = answer()
    monkeypatch.setattr(spool, "IN_MEMORY", 7)
    monkeypatch.setattr(spool, "FAN_IN", 3)
    monkeypatch.setattr(spool.Spool.__init__, "__defaults__", (None,))
    monkeypatch.setattr(spool.Spool.__init__, "__kwdefaults__", {"in_memory": 7})
    on_disk = answer()
    assert on_disk == in_memory
    late = dict(in_memory)["overdue"]
    assert [d for _, d in late] == sorted((d for _, d in late), reverse=True)
    # Among equals, plans stay in the order given and actions in file order.
    first = [i for i, d in late if d == late[0][1]]
    assert first == sorted(first, key=lambda i: (int(i.rsplit(".", 1)[1]), files and 0))


def test_a_spool_keeps_order_among_equals_across_runs():
    items = [(k % 4, n) for n, k in enumerate(range(200))]
    kept = spool.Spool(lambda item: item[0], in_memory=9)
    kept.extend(items)
    assert list(kept) == sorted(items, key=lambda item: item[0])
    plain = spool.Spool(in_memory=9)
    plain.extend(items)
    assert list(plain) == items


def test_a_plan_order_listing_is_written_while_plans_are_still_read(tmp_path):
    files = _copies(tmp_path, 4)
    out = io.StringIO()
    written_when_read: list[int] = []
    listing = Listing(files, Question("list", date(2017, 7, 1)), on_plan=lambda plan: written_when_read.append(len(out.getvalue())))
    outputs.write(listing, "json", outputs.Layout({}, {}, ""), out)
    assert written_when_read[0] == 0
    assert 0 < written_when_read[-1] < len(out.getvalue())  # rows of the first plans were out before the last was read
    assert [r["plan"] for r in json.loads(out.getvalue())["actions"]][::45] == files


def test_nothing_is_written_when_a_filter_names_nothing(hcplan, write):
    for fmt in ("text", "json", "csv"):
        result = hcplan("list", write(), "--lead", "Nobody", "-f", fmt)
        assert result.exit_code == 2 and result.stdout == ""


def test_every_format_has_a_writer():
    from hcplan.cli.options import Format

    assert {f.value for f in Format} == set(outputs.FORMATS)


@pytest.mark.parametrize("size", [1, 5, 10, 20, 40])
def test_wrap_breaks_between_words_as_textwrap_does(size):
    # As textwrap, but runs of spaces, tabs and line breaks are one space in a cell.
    import textwrap

    from hcplan.outputs.tables import wrap

    texts = [
        "Work with partners to raise awareness of hate crime,\tpromote\nthe ways to report it",
        "",
        "   ",
        "one",
        "intelligence-led partnerships and https://example.org/a/very/long/address/indeed",
    ]
    for text in texts:
        words = text.split()
        if all(len(w) <= size for w in words):
            assert wrap(text, size) == (textwrap.wrap(" ".join(words), size, break_on_hyphens=False) or [""])
        assert "".join(wrap(text, size)).replace(" ", "") == "".join(words)
        assert all(len(line) <= size for line in wrap(text, size))
