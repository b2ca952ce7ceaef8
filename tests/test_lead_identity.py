"""One lead, one identity: however an action writes a lead (an alias, another case), what
groups or filters by lead (digest, export --lead, --lead, listings' canonical_leads,
calendars' categories) counts it as the lead the plan lists; and a lead listed twice in
another case or spacing is an error where it is listed the second time."""

from __future__ import annotations

import csv
import io
import json
from email import policy
from email.parser import BytesParser

import icalendar
import openpyxl
import pytest

from conftest import MINIMAL
from hcplan.checking.loader import load_plan
from hcplan.views.returns import lead_actions

#: MINIMAL with a lead that has an alias and an address, and actions writing it
#: four ways: as listed, by its alias in another case, in lower case, by its alias.
PLAN = MINIMAL.replace(
    "  - Police\n",
    "  - Police\n  - name: Community Cohesion Team\n    aliases: [CCT]\n    email: cct@anytown.example\n",
) + "".join(
    f'          - id: "1.{n}"\n            text: Task {n}\n            leads: [{leads}]\n            due: Q3 Year 1\n'
    for n, leads in [
        (3, "Community Cohesion Team"),
        (4, "cct"),
        (5, "community cohesion team, police"),
        (6, "CCT"),
    ]
)

AS_OF = "2024-12-01"


@pytest.fixture
def plan(write):
    return write(PLAN)


def _problems(path) -> list[str]:
    return [f"{p.line}:{p.col}: {p.severity}: {p.rule}: {p.message}" for p in load_plan(path).problems]


def test_the_plan_is_valid_with_warnings_for_the_case(plan):
    found = _problems(plan)
    assert [p.split(": ")[2] for p in found] == ["lead-case", "lead-case", "lead-case"]


def test_a_lead_written_as_an_alias_or_in_another_case_gets_one_digest(hcplan, plan, tmp_path):
    out = tmp_path / "digests"
    result = hcplan("digest", plan, "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "community-cohesion-team.eml",
        "community-cohesion-team.xlsx",
        "police.eml",
        "police.xlsx",
        "safer-anytown.eml",
        "safer-anytown.xlsx",
    ]
    message = BytesParser(policy=policy.default).parsebytes((out / "community-cohesion-team.eml").read_bytes())
    assert message["To"] == "Community Cohesion Team <cct@anytown.example>"
    (attachment,) = message.iter_attachments()
    sheet = openpyxl.load_workbook(io.BytesIO(attachment.get_content()))["Returns"]
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["1.3", "1.4", "1.5", "1.6"]
    police = openpyxl.load_workbook(out / "police.xlsx")["Returns"]
    assert [row[0].value for row in police.iter_rows(min_row=2)] == ["1.2", "1.5"]
    assert "  community-cohesion-team.eml: " in result.stdout
    assert "cct" not in result.stdout.replace("cct@", "")


def test_one_lead_is_counted_once(plan):
    counts = lead_actions(load_plan(plan).plan)
    assert counts == {"Safer Anytown": 1, "Police": 2, "Community Cohesion Team": 4}


def test_digest_lead_option_takes_any_way_of_writing_it(hcplan, plan, tmp_path):
    for n, wanted in enumerate(["cct", "COMMUNITY COHESION TEAM", "cohesion"]):
        out = tmp_path / f"d{n}"
        result = hcplan("digest", plan, "-o", out, "--as-of", AS_OF, "--lead", wanted)
        assert result.exit_code == 0, result.stderr
        assert sorted(p.name for p in out.iterdir()) == ["community-cohesion-team.eml", "community-cohesion-team.xlsx"]


@pytest.mark.parametrize("wanted", ["CCT", "cct", "Community Cohesion Team", "community cohesion team", "cohesion"])
def test_lead_filter_finds_every_way_of_writing_it(hcplan, plan, wanted):
    result = hcplan("list", plan, "--as-of", AS_OF, "--lead", wanted, "-f", "json")
    assert result.exit_code == 0, result.stderr
    actions = json.loads(result.stdout)["actions"]
    assert [a["id"] for a in actions] == ["1.3", "1.4", "1.5", "1.6"]
    # JSON carries both: the leads as the action writes them, and the leads they count as.
    assert [a["leads"] for a in actions] == [
        ["Community Cohesion Team"], ["cct"], ["community cohesion team", "police"], ["CCT"],
    ]  # fmt: skip
    assert [a["canonical_leads"] for a in actions] == [
        ["Community Cohesion Team"], ["Community Cohesion Team"], ["Community Cohesion Team", "Police"],
        ["Community Cohesion Team"],
    ]  # fmt: skip


def test_csv_groups_by_the_canonical_lead(hcplan, plan):
    result = hcplan("list", plan, "--as-of", AS_OF, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    found = {r["id"]: (r["leads"], r["canonical_leads"]) for r in csv.DictReader(io.StringIO(result.stdout))}
    assert found["1.4"] == ("cct", "Community Cohesion Team")
    assert found["1.5"] == ("community cohesion team; police", "Community Cohesion Team; Police")
    by_lead: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(result.stdout)):
        for lead in row["canonical_leads"].split("; "):
            by_lead.setdefault(lead, []).append(row["id"])
    assert by_lead == {
        "Safer Anytown": ["1.1"],
        "Police": ["1.2", "1.5"],
        "Community Cohesion Team": ["1.3", "1.4", "1.5", "1.6"],
    }


def test_the_table_shows_the_leads_as_the_plan_writes_them(hcplan, plan):
    result = hcplan("list", plan, "--as-of", AS_OF, "--lead", "cct")
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("1.")]
    assert [line.split()[0] for line in lines] == ["1.3", "1.4", "1.5", "1.6"]
    assert "  cct  " in lines[1] and "  community cohesion team, police  " in lines[2]


def test_export_lead_takes_the_workbook_title_from_the_plan(hcplan, plan, tmp_path):
    out = tmp_path / "cct.xlsx"
    result = hcplan("export", plan, "--lead", "cct", "--as-of", AS_OF, "-o", out)
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(out)
    assert [row[0].value for row in book["Returns"].iter_rows(min_row=2)] == ["1.3", "1.4", "1.5", "1.6"]
    assert book["How to fill in"]["A1"].value.endswith(": returns for Community Cohesion Team")


def test_calendar_categories_are_the_canonical_leads(hcplan, plan, tmp_path):
    out = tmp_path / "plan.ics"
    result = hcplan("calendar", plan, "-o", out, "--lead", "cct")
    assert result.exit_code == 0, result.stderr
    events = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    found = {}
    for event in events:
        categories = event.get("categories")
        found[str(event["x-hcplan-action"])] = [str(c) for c in categories.cats] if categories else []
    assert found == {
        "1.3": ["Community Cohesion Team"],
        "1.4": ["Community Cohesion Team"],
        "1.5": ["Community Cohesion Team", "Police"],
        "1.6": ["Community Cohesion Team"],
    }


# --- a plan without a list of leads ------------------------------------------------------

UNLISTED = MINIMAL.replace("leads:\n  - Safer Anytown\n  - Police\n", "").replace(
    "leads: [Safer Anytown]", "leads: [police]"
)


def test_without_a_list_a_lead_is_the_first_way_the_plan_writes_it(hcplan, write, tmp_path):
    path = write(UNLISTED)
    assert _problems(path) == []
    actions = json.loads(hcplan("list", path, "--as-of", AS_OF, "-f", "json").stdout)["actions"]
    assert [(a["leads"], a["canonical_leads"]) for a in actions] == [(["police"], ["police"]), (["Police"], ["police"])]
    out = tmp_path / "digests"
    result = hcplan("digest", path, "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.glob("*.eml")) == ["police.eml"]
    sheet = openpyxl.load_workbook(out / "police.xlsx")["Returns"]
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["1.1", "1.2"]


# --- a lead listed twice ---------------------------------------------------------------


def _listing(leads: str) -> str:
    return MINIMAL.replace("leads:\n  - Safer Anytown\n  - Police\n", "leads:\n" + leads)


@pytest.mark.parametrize(
    ("leads", "problem"),
    [
        (
            "  - Safer Anytown\n  - Police\n  - police\n",
            "22:5: error: leads: lead 'police' is listed twice, as lead 'Police' in another case; "
            "both count as Police: keep one (first on line 21)",
        ),
        (
            '  - Safer Anytown\n  - Police\n  - "Safer\\u00a0Anytown"\n',
            "22:5: error: leads: lead 'Safer\u00a0Anytown' is listed twice, as lead 'Safer Anytown' in other spacing "
            "(this one has U+00A0 NO-BREAK SPACE where 'Safer Anytown' has a space); "
            "both count as Safer Anytown: keep one (first on line 20)",
        ),
        (
            "  - Safer Anytown\n  - Police\n  - SAFER  ANYTOWN\n",
            "22:5: error: leads: lead 'SAFER  ANYTOWN' is listed twice, as lead 'Safer Anytown' in another case and "
            "spacing (this one has 2 spaces where 'Safer Anytown' has a space); "
            "both count as Safer Anytown: keep one (first on line 20)",
        ),
        (
            "  - Safer Anytown\n  - name: Police\n    aliases: [safer anytown]\n",
            "22:15: error: leads: alias 'safer anytown' of 'Police' is listed twice, as lead 'Safer Anytown' in another "
            "case; both count as Safer Anytown: keep one (first on line 20)",
        ),
    ],
)
def test_a_lead_listed_twice_in_another_case_or_spacing_is_an_error_at_the_second(write, leads, problem):
    assert _problems(write(_listing(leads))) == [problem]


def test_an_alias_may_be_its_own_lead_s_name_in_another_case(write):
    path = write(_listing("  - Safer Anytown\n  - name: Police\n    aliases: [POLICE]\n"))
    assert _problems(path) == []


def test_a_lead_listed_twice_is_still_one_lead(hcplan, write, tmp_path):
    """The check refuses the plan for digests; a listing still counts both entries as one lead."""
    text = _listing("  - Safer Anytown\n  - Police\n  - police\n").replace("leads: [Safer Anytown]", "leads: [police]")
    path = write(text)
    result = hcplan("digest", path, "-o", tmp_path / "out", "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "lead 'police' is listed twice" in result.stderr
    assert not (tmp_path / "out").exists()
    actions = json.loads(hcplan("list", path, "--as-of", AS_OF, "-f", "json").stdout)["actions"]
    assert [a["canonical_leads"] for a in actions] == [["Police"], ["Police"]]
    assert lead_actions(load_plan(path).plan) == {"Police": 2}


@pytest.mark.parametrize(
    "address",
    ["a..b@anytown.example", ".cct@anytown.example", "cct.@anytown.example", "cct@anytown..example",
     "cct@-anytown.example", "cct@anytown_council.example", "cct@anytown", "cct@@anytown.example"],
)  # fmt: skip
def test_an_address_no_mail_server_takes_is_refused_where_it_is_written(hcplan, write, address):
    """A lead's and the public contact's email are checked alike: an address with two
    dots in a row, a dot at an end or an empty part of its domain passed, and a digest
    was then addressed to it."""
    lead = write(PLAN.replace("cct@anytown.example", address))
    out = hcplan("check", lead).stdout
    assert f"'{address}' is not an email address" in out, out
    assert out.count("error:") == 1
    contact = write(MINIMAL.replace("leads:\n", f"publication:\n  contact:\n    email: {address}\nleads:\n", 1))
    assert f"'{address}' is not an email address" in hcplan("check", contact).stdout


@pytest.mark.parametrize("address", ["cct@anytown.example", "o'brien.j+hate-crime@police.uk", "σύλλογος@example.org"])
def test_addresses_as_people_have_them_are_taken(hcplan, write, address):
    assert hcplan("check", write(PLAN.replace("cct@anytown.example", address))).exit_code == 0


def test_a_name_or_label_typed_in_another_unicode_form_is_the_same(hcplan, write, tmp_path):
    """An accent typed as a letter of its own (decomposed Unicode: macOS, a copy out of a
    PDF) and a curly apostrophe (a spreadsheet's autocorrect) name the lead or rating the
    plan writes composed and straight: no error that names the same text as its own fix."""
    import unicodedata

    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    text = (
        MINIMAL.replace("  - label: Behind\n", "  - label: Ar ei hôl hi\n")
        .replace("  - label: On Hold\n", "  - label: \"Wedi'i oedi\"\n")
        .replace("  - Police\n", "  - Police\n  - Tîm Cydlyniant\n")
        + f'          - id: "1.3"\n            text: Task\n            leads: [{nfd("Tîm Cydlyniant")}]\n'
        "            status: Ar ei hôl hi\n"
    )
    plan = write(text)
    check = hcplan("check", plan)
    assert check.exit_code == 0, check.stdout + check.stderr
    listed = hcplan("list", plan, "--lead", "Tîm Cydlyniant", "--as-of", "2024-06-01", "-f", "json")
    assert [row["id"] for row in json.loads(listed.stdout)["actions"]] == ["1.3"]
    assert json.loads(listed.stdout)["actions"][0]["rag"] == "red"
    # A status in the file is the scale's label as written (reports count by it): one typed
    # decomposed is said to be so, not taken for another label.
    odd = write(text.replace("status: Ar ei hôl hi", f"status: {nfd('Ar ei hôl hi')}"), name="odd.yaml")
    said = hcplan("check", odd).stdout
    assert "is 'Ar ei hôl hi' in another Unicode form" in said and "did you mean" not in said
    returns = tmp_path / "returns.csv"
    returns.write_text(f"ID,New rating,Update date\n1.1,{nfd('Ar ei hôl hi')},2024-06-10\n1.2,Wedi’i oedi,2024-06-10\n")
    imported = hcplan("import", plan, returns)
    assert imported.exit_code == 0, imported.stderr
    text = plan.read_text(encoding="utf-8")
    assert "status: Ar ei hôl hi" in text and "status: Wedi'i oedi" in text  # the plan's own labels are written
