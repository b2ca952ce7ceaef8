"""The plan format: pydantic models of a hate crime work plan.

A plan is themes -> objectives -> actions; an action carries its leads, its due
time as written, its current rating and its dated progress updates. Actions
and objectives may also say what they should achieve (``outcome``), how
success is measured (``measure``), what pays for them (``funding``) and who
else works on them (``partners``); an objective may carry a rating of its own,
with its history, for plans that rate objectives rather than actions. The models
check shape and types only; the rules that relate one part of a plan to
another (unique IDs, statuses in the plan's own scale, leads it knows) are in
:mod:`hcplan.checking.checks`, so that every problem of a file is reported in one run.

``docs/format.md`` documents the format for people; ``hcplan schema`` prints
the JSON Schema generated from these models, for editors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from hcplan.format.dates import long_date, parse_iso_date
from hcplan.format.folding import fold
from hcplan.format.leads import LeadIndex
from hcplan.quoting import invisible

#: The format version this hcplan reads and writes (the ``hcplan:`` key).
FORMAT_VERSION = 1


def new_list() -> list[Any]:
    """A new empty list, the default of a list field.

    Not ``list`` itself: pydantic reads the signature of a default factory,
    and reading a builtin's parses its text signature with ``tokenize``,
    which cost a cold ``hcplan check`` about a tenth of its time.
    """
    return []


def new_dict() -> dict[Any, Any]:
    """A new empty mapping, the default of a mapping field (see :func:`new_list`)."""
    return {}


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected text")
    if invisible(value):
        shown = ", ".join(sorted({f"U+{ord(c):04X}" for c in value if not c.isspace()}))
        raise ValueError(
            f"must not be empty: it holds only characters that show nothing ({shown})" if shown else "must not be empty"
        )
    return value


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("expected true or false")


#: true or false, and nothing else: ``yes``, ``on`` or ``1`` are text in a plan.
Flag = Annotated[bool, PlainValidator(_flag), WithJsonSchema({"type": "boolean"})]


def _not_a_flag(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"expected a whole number, found {'true' if value else 'false'}")
    return value


#: A whole number as written (``2``): ``true`` is no number, though Python counts it as 1.
Whole = Annotated[int, BeforeValidator(_not_a_flag)]

#: A date in the years a plan's dates may take (:data:`hcplan.format.dates.FIRST_YEAR` to
#: :data:`~hcplan.format.dates.LAST_YEAR`, 1900 to 2199), as the schema gives it to editors:
#: tests/test_schema.py holds the two together.
ISO_DATE_PATTERN = r"^(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"

#: A calendar date, written in the file as ISO ``YYYY-MM-DD``.
IsoDate = Annotated[
    date,
    PlainValidator(parse_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": ISO_DATE_PATTERN}),
]

#: Non-empty text.
Text = Annotated[str, PlainValidator(_text), WithJsonSchema({"type": "string", "minLength": 1})]


#: An identifier as written: ``1.10`` stays ``"1.10"``. Editors may see it as a
#: number, which is why the schema allows both.
def _identifier(value: Any) -> str:
    text = _text(value)
    if text != text.strip() or "\n" in text or "\r" in text:
        shown = " ".join(text.split())
        raise ValueError(f"an ID is written on one line, without spaces around it: write '{shown}'")
    kind = re.match(r"(action|objective)\s+(?=\S)", text, re.I)
    if kind:  # on the command line, "objective 7" names objective 7, not an item of that ID
        raise ValueError(
            f"an ID does not start with the word '{kind[1]}' ('{kind[1].lower()} 7' names {kind[1].lower()} 7 "
            f"where an ID is asked for): write '{text[kind.end() :]}'"
        )
    return text


Id = Annotated[
    str,
    PlainValidator(_identifier),
    WithJsonSchema({"type": ["string", "number"], "description": "An identifier, e.g. 5.2"}),
]


def _one_line(value: Any) -> str:
    text = _text(value)
    if "\n" in text or "\r" in text:
        raise ValueError("must be on one line")
    return text


def _email(value: Any) -> str:
    text = _text(value).strip()
    if not is_email(text):
        shown = text.replace("\r", "\\r").replace("\n", "\\n")
        raise ValueError(f"'{shown}' is not an email address, e.g. hate.crime@council.example")
    return text


#: An address as mail servers take it: a local part of words joined by single dots (no
#: dot at either end), ``@``, and a domain of two or more labels of letters, digits and
#: inner hyphens (``a..b@council.example`` and ``jo@council..example`` are refused).
_EMAIL_ATOM = r"[^@\s<>(),;:\"\[\].\\]+"
_EMAIL_LABEL = r"[^\W_](?:(?:[^\W_]|-)*[^\W_])?"
_EMAIL_PATTERN = rf"{_EMAIL_ATOM}(?:\.{_EMAIL_ATOM})*@{_EMAIL_LABEL}(?:\.{_EMAIL_LABEL})+"
_EMAIL = re.compile(_EMAIL_PATTERN)


def is_email(text: str) -> bool:
    """Whether ``text`` is one email address as a plan's ``email:`` takes it."""
    return _EMAIL.fullmatch(text) is not None


#: Text on one line (a name that goes into an email header).
OneLine = Annotated[
    str, PlainValidator(_one_line), WithJsonSchema({"type": "string", "minLength": 1, "pattern": "^[^\\r\\n]+$"})
]

#: An email address: one ``@``, a domain with a dot, no spaces.
Email = Annotated[str, PlainValidator(_email), WithJsonSchema({"type": "string", "pattern": f"^{_EMAIL_PATTERN}$"})]


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _one_or_more(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


#: One text, or a list of them: ``outcome: Fewer repeat victims`` or a list of bullets.
Texts = Annotated[
    list[Text],
    BeforeValidator(_one_or_more),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "items": {"type": "string", "minLength": 1}},
            ]
        }
    ),
]

Rag = Annotated[Literal["red", "amber", "green", "blue", "grey"], BeforeValidator(_lower)]


class _Model(BaseModel):
    # Validators are built on first use, not on import: a run served from the
    # cache never builds them.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_lists(cls, data: Any) -> Any:
        """A list key written with nothing after it (``updates:``) is an empty list."""
        if isinstance(data, dict) and None in data.values():
            for name, info in cls.model_fields.items():
                key = info.alias or name
                if key in data and data[key] is None and info.default_factory is new_list:
                    data = {**data, key: []}
        return data


class Period(_Model):
    """The dates the plan covers."""

    start: IsoDate = Field(description="First day the plan covers, e.g. 2024-04-01.")
    end: IsoDate = Field(description="Last day the plan covers, e.g. 2025-03-31.")


class Rating(_Model):
    """One label of the plan's own rating scale, mapped to a RAG colour."""

    label: Text = Field(description="The label as the plan writes it, e.g. 'Behind'.")
    rag: Rag = Field(description="Its colour: red, amber, green, blue or grey.")
    done: Flag = Field(default=False, description="True for the label that means the action is finished.")
    meaning: str | None = Field(default=None, description="What the label means, in words.")


def _lead_from_text(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


class Lead(_Model):
    """An organisation or team that leads actions."""

    name: Text = Field(description="The lead's name as actions should write it.")
    aliases: list[Text] = Field(
        default_factory=new_list,
        description="Other ways the plan writes the same lead; they count as the lead.",
    )
    contact: OneLine | None = Field(default=None, description="The person to write to at this lead, e.g. 'Jane Smith'.")
    email: Email | None = Field(
        default=None,
        description="Where `hcplan digest` sends this lead's list and returns workbook, e.g. "
        "hate.crime@police.example.",
    )


#: A known lead: a bare name, or a name with aliases. (The JSON Schema says
#: both; see :mod:`hcplan.format.schema`.)
LeadEntry = Annotated[Lead, BeforeValidator(_lead_from_text)]


class Update(_Model):
    """A dated progress update; it may also set the action's rating."""

    date: IsoDate = Field(description="When the update was given (YYYY-MM-DD).")
    text: Text | None = Field(default=None, description="What happened, in the lead's words.")
    status: Text | None = Field(default=None, description="The rating this update set, a label of the plan's scale.")
    was: Text | None = Field(
        default=None,
        description=(
            "The rating before this update set its own, when no earlier update recorded it "
            "(hcplan update writes it, so a rating given without a date keeps its place in the history)."
        ),
    )
    private: Flag = Field(default=False, description="Internal only: left out of public reports.")
    quarter: Text | None = Field(
        default=None,
        description=(
            "The quarter whose return this update is, e.g. 'Q2 2017-18' (or 'Q2 2017' in a plan "
            "with calendar quarters); its date is then a day of that quarter, usually the last."
        ),
    )

    @property
    def when(self) -> str:
        """The update's date in words: ``Q2 2017-18 return`` for a quarter's return,
        else the day, ``13 June 2017``."""
        return f"{self.quarter} return" if self.quarter else long_date(self.date)


class Reschedule(_Model):
    """A change of due time, kept so the original due is never lost."""

    date: IsoDate | None = Field(default=None, description="When the change was agreed.")
    from_: Text | None = Field(
        default=None,
        alias="from",
        description="The due time before the change, as written; none when the action had no due.",
    )
    to: Text | None = Field(default=None, description="The due time after the change.")
    reason: Text | None = Field(default=None, description="Why it moved.")

    def describe(self, due: str | None = None) -> str:
        """The change in words: ``from Q1 2017 to Q3 Year 1 (the reason)``.

        ``due`` is the action's current due, shown when ``to`` was not written.
        """
        to = self.to or due or "the end of the plan"
        words = f"from {self.from_} to {to}" if self.from_ else f"due set to {to}"
        return words + (f" ({self.reason})" if self.reason else "")


#: What the fields actions and objectives share say, for the schema and editors.
_PARTNERS = "Supporting partners: who else works on it, beyond the leads."
_OUTCOME = "What it should achieve, in the plan's words: one text or a list."
_MEASURE = "How success is measured: the measure of success, target or KPI; one text or a list."
_FUNDING = (
    "Funding or budget: what pays for it, e.g. 'From existing resources', '£5,000 (Police and Crime Commissioner)'."
)


class Origin(_Model):
    """Where a carried-over action came from: the earlier plan and the action's ID there."""

    plan: Text | None = Field(
        default=None,
        description="The earlier plan's file, relative to this one, e.g. ../2024-25/plan.yaml.",
    )
    action: Id = Field(description="The action's ID in that plan, e.g. '5.2'.")


class Action(_Model):
    """One thing to do, with who leads it, when it is due and how it is going."""

    id: Id = Field(description="Unique in the plan and stable, e.g. '5.2'.")
    text: Text = Field(description="The action, in the plan's words.")
    leads: list[Text] = Field(default_factory=new_list, description="Who leads it.")
    partners: list[Text] = Field(default_factory=new_list, description=_PARTNERS)
    due: Text | None = Field(
        default=None,
        description=(
            "When it is due, as the plan writes it: 'Q1 Year 1', 'Q4 17/18', '31/03/2018', "
            "'Spring 2018', 'Within six months of commencement of Action Plan', 'July 2017 launch', "
            "'Annually in April', 'Ongoing (reviewed quarterly)', 'As and when ...', 'N/A'. "
            "No due means by the end of the plan period. Words hcplan cannot read are kept "
            "as written, with a warning: give their meaning in due_means."
        ),
    )
    due_means: Text | None = Field(
        default=None,
        description=(
            "What the due means, when hcplan cannot read the plan's words (or reads them "
            "otherwise): a date such as 2025-09-30, or any due hcplan reads ('Q3 2025-26', "
            "'Quarterly'). It is read instead of `due`, which stays as written."
        ),
    )
    status: Text | None = Field(default=None, description="Current rating: a label of the plan's scale, or none.")
    outcome: Texts = Field(default_factory=new_list, description=_OUTCOME)
    measure: Texts = Field(default_factory=new_list, description=_MEASURE)
    funding: Text | None = Field(default=None, description=_FUNDING)
    conditions: list[Text] = Field(
        default_factory=new_list,
        description="Conditions it depends on, e.g. 'dependent on budget being identified'.",
    )
    rescheduled: list[Reschedule] = Field(default_factory=new_list, description="Earlier due times, oldest first.")
    from_: Origin | None = Field(
        default=None,
        alias="from",
        description="Where it was carried over from: {plan: ../2024-25/plan.yaml, action: '5.2'}.",
    )
    notes: list[Text] = Field(
        default_factory=new_list, description="Undated comments; internal, not in public reports."
    )
    progress: list[Text] = Field(
        default_factory=new_list,
        description=(
            "Progress recorded without a date (e.g. 'Completed 23-24'); public, shown in every report whatever its day."
        ),
    )
    updates: list[Update] = Field(default_factory=new_list, description="Dated progress updates, oldest first.")


class Objective(_Model):
    """A numbered objective of a theme, with its actions."""

    id: Id = Field(description="The objective's number as the plan writes it, e.g. '1.4'.")
    text: Text = Field(description="The objective, in the plan's words.")
    partners: list[Text] = Field(default_factory=new_list, description=_PARTNERS)
    status: Text | None = Field(
        default=None,
        description="The objective's own rating, for plans that rate objectives or their targets: a label of the scale.",
    )
    outcome: Texts = Field(default_factory=new_list, description=_OUTCOME)
    measure: Texts = Field(default_factory=new_list, description=_MEASURE)
    funding: Text | None = Field(default=None, description=_FUNDING)
    notes: list[Text] = Field(
        default_factory=new_list, description="Undated comments; internal, not in public reports."
    )
    updates: list[Update] = Field(
        default_factory=new_list,
        description="Dated progress updates on the objective (and the ratings they set), oldest first.",
    )
    actions: list[Action] = Field(default_factory=new_list)


class Theme(_Model):
    """A strategic theme grouping objectives."""

    number: Whole = Field(ge=1, description="The theme's number.")
    name: Text | None = Field(default=None, description="Its short name, e.g. 'Prevention'.")
    aim: Text | None = Field(default=None, description="What the theme aims at.")
    notes: list[Text] = Field(
        default_factory=new_list, description="Undated comments; internal, not in public reports."
    )
    objectives: list[Objective] = Field(default_factory=new_list)


def _local_path(value: Any) -> str:
    """A path relative to the plan file: never a web address, never absolute."""
    value = _text(value)
    written = value.strip()
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", written) and not re.match(r"^[A-Za-z]:[\\/]", written):
        raise ValueError(
            "the logo must be an image file in the plan's repository, not a web address; "
            "save it beside the plan and give its path, e.g. logo.png"
        )
    if written.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:[\\/]", written):
        raise ValueError(
            "give the logo's path relative to the plan file (e.g. logo.png or ../../assets/logo.png), not an absolute path"
        )
    return written


#: A file path relative to the plan file.
LocalPath = Annotated[
    str,
    PlainValidator(_local_path),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": "^(?![A-Za-z][A-Za-z0-9+.-]*:|/|\\\\|~)"}),
]


class Logo(_Model):
    """The organisation's logo: a local image, embedded in the report."""

    path: LocalPath = Field(
        description=(
            "The image (PNG, JPEG or GIF) relative to the plan file, inside the plan's repository, "
            "e.g. logo.png or ../../assets/logo.png. Never a web address."
        )
    )
    alt: Text = Field(description="Its alternative text, e.g. 'Anytown Borough Council'.")


class Foreword(_Model):
    """A foreword to the annual review, and who wrote it."""

    text: Text = Field(description="The foreword; a blank line starts a new paragraph.")
    by: Text = Field(
        description="Who wrote it, with their role, e.g. 'Cllr Jane Smith, Cabinet Member for Community Safety'."
    )


class Contact(_Model):
    """How the public can reach the team behind the plan."""

    text: Text | None = Field(default=None, description="Who to contact and where, e.g. a team and its address.")
    email: Email | None = Field(default=None, description="An email address for the public.")
    phone: Text | None = Field(default=None, description="A telephone number for the public.")
    web: Text | None = Field(default=None, description="A web page for the public (https://...).")

    @field_validator("web")
    @classmethod
    def _web(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"https?://[^\s]+$", value.strip(), re.IGNORECASE):
            raise ValueError(
                f"'{value}' is not a web address; write it in full, e.g. https://www.example.gov.uk/hate-crime"
            )
        return value.strip() if value else value

    @model_validator(mode="after")
    def _something(self) -> Contact:
        if not any((self.text, self.email, self.phone, self.web)):
            raise ValueError("a contact needs at least one of text, email, phone or web")
        return self


class Publication(_Model):
    """What a published annual review carries besides its figures: its front and back matter."""

    published: IsoDate | None = Field(default=None, description="The day the review is published (YYYY-MM-DD).")
    logo: Logo | None = Field(default=None, description="The organisation's logo, shown at the top.")
    foreword: Foreword | None = Field(default=None, description="A foreword, and who wrote it.")
    contact: Contact | None = Field(default=None, description="How the public can get in touch.")
    accessibility: Text | None = Field(
        default=None,
        description="The accessibility statement: how accessible the report is, and what is known not to be.",
    )
    other_formats: Text | None = Field(
        default=None,
        description="How to ask for the report in another format (large print, Easy Read, another language...).",
    )


def _cadence_text(value: Any) -> str:
    from hcplan.format.due import cadence_of

    every = cadence_of(value) if isinstance(value, str) else None
    if every is None:
        raise ValueError(
            f"{value!r} is not a cadence hcplan knows; write year, half-year, quarter, two months, "
            "month, two weeks, week, or a number of weeks or months ('6 weeks')"
        )
    return every


#: How often something recurs: ``quarter``, ``month``, ``6 weeks`` (or "Quarterly",
#: "Fortnightly", as due times say it); kept as :attr:`Due.every` writes it.
Cadence = Annotated[
    str,
    PlainValidator(_cadence_text),
    WithJsonSchema({"type": "string", "minLength": 1}),
]


def _meetings_from_list(value: Any) -> Any:
    return {"dates": value} if isinstance(value, list) else value


class Meetings(_Model):
    """When the plan's group meets to review it: days, a cadence from a first day, or both."""

    dates: list[IsoDate] = Field(
        default_factory=new_list, description="Days of meetings, e.g. [2024-06-12, 2024-09-18]."
    )
    every: Cadence | None = Field(
        default=None,
        description=(
            "How often the group meets, from `first` to the end of the plan: year, half-year, "
            "quarter, two months, month, two weeks, week, a number of weeks or months ('6 weeks'), "
            "or as a due says it ('Quarterly', 'Fortnightly')."
        ),
    )
    first: IsoDate | None = Field(
        default=None,
        description=(
            "The first of the regular meetings; each next one falls `every` after it, on the same "
            "day of the month (one every month it reaches in the plan has: up to the 28th, or "
            "the 30th for a quarter from April) or the same weekday."
        ),
    )

    @model_validator(mode="after")
    def _cadence_and_first(self) -> Meetings:
        if (self.every is None) != (self.first is None):
            given, missing = ("every", "first") if self.first is None else ("first", "every")
            raise ValueError(f"meetings with `{given}` need `{missing}` too (or list the days in `dates`)")
        return self  # that each month it reaches has its day is a rule's (meeting-day): the plan's period says

    def days(self, last: date) -> list[date]:
        """Every meeting day, in order: those listed, and the regular ones up to ``last``."""
        from hcplan.format.due_meaning import cadence_days

        found = set(self.dates)
        if self.every and self.first:
            found.update(cadence_days(self.first, self.every, last))
        return sorted(found)


#: When the group meets: a list of days, or a mapping (see :class:`Meetings`).
MeetingsEntry = Annotated[Meetings, BeforeValidator(_meetings_from_list)]


class Plan(_Model):
    """A council's hate crime work plan."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        defer_build=True,
        title="hcplan work plan",
        json_schema_extra={"$comment": "Generated by `hcplan schema`; see docs/format.md."},
    )

    hcplan: Whole = Field(default=FORMAT_VERSION, description="Version of the plan format; 1 for now.")
    title: Text = Field(description="The plan's title.")
    organisation: Text = Field(description="The council or partnership that owns the plan.")
    group: Text | None = Field(default=None, description="The group that monitors the plan.")
    meetings: MeetingsEntry | None = Field(
        default=None,
        description=(
            "When the group meets to review the plan, for calendars: a list of days "
            "([2024-06-12, 2024-09-18]), or {every: quarter, first: 2024-06-12} (and `dates` for others)."
        ),
    )
    period: Period
    follows: Text | None = Field(
        default=None,
        description="The plan this one follows (carries on from): its file, relative to this one.",
    )
    followed_by: Text | None = Field(
        default=None,
        description="The plan that follows this one: its file, relative to this one.",
    )
    quarters: Annotated[Literal["calendar", "financial"], BeforeValidator(_lower)] = Field(
        description=("What 'Q1' means: calendar (Q1 is January-March) or financial (Q1 is April-June).")
    )
    scale: list[Rating] = Field(
        default_factory=new_list,
        description="The plan's rating labels; none for a plan that rates nothing (a draft, a plan with text updates).",
    )
    leads: list[LeadEntry] = Field(
        default_factory=new_list,
        description="Known leads; an action's lead must be one of them (or an alias).",
    )
    timescales: dict[str, Text] = Field(
        default_factory=new_dict,
        description=(
            "What the plan's own words for due times mean, each mapped to a due hcplan reads: "
            "{'Short term': 'Within 6 months', 'Medium term': 'Year 2', 'Long term': 'Year 3-4'}. "
            "Without it, such words are read as no date."
        ),
    )
    notes: list[Text] = Field(default_factory=new_list, description="Notes on the whole plan.")
    publication: Publication | None = Field(
        default=None,
        description="The annual review's front and back matter: logo, foreword, contact, accessibility.",
    )
    themes: list[Theme] = Field(default_factory=new_list)

    @field_validator("hcplan")
    @classmethod
    def _known_version(cls, version: int) -> int:
        if version != FORMAT_VERSION:
            raise ValueError(
                f"this plan is written in format version {version}; this hcplan reads version {FORMAT_VERSION}"
            )
        return version

    def actions(self) -> Iterator[ActionRef]:
        """Every action with its theme, objective and document path, in file order."""
        for t, theme in enumerate(self.themes):
            for o, objective in enumerate(theme.objectives):
                for a, action in enumerate(objective.actions):
                    where = ("themes", t, "objectives", o, "actions", a)
                    yield ActionRef(theme, objective, action, where)

    def objectives(self) -> Iterator[ObjectiveRef]:
        """Every objective with its theme and document path, in file order."""
        for t, theme in enumerate(self.themes):
            for o, objective in enumerate(theme.objectives):
                yield ObjectiveRef(theme, objective, ("themes", t, "objectives", o))

    def rated(self) -> Iterator[tuple[tuple[str | int, ...], Objective | Action]]:
        """Everything that can carry a rating and updates (objectives and
        actions), with its document path, in file order."""
        for t, theme in enumerate(self.themes):
            for o, objective in enumerate(theme.objectives):
                yield ("themes", t, "objectives", o), objective
                for a, action in enumerate(objective.actions):
                    yield ("themes", t, "objectives", o, "actions", a), action

    def ended_by(self, day: date) -> bool:
        """True when ``day`` is the plan's last day or later: the final position.

        What is not done by then was not done by the end of the plan; it is no
        longer "late" by a growing number of days.
        """
        return day >= self.period.end

    def rating(self, label: str | None) -> Rating | None:
        """The scale entry whose label is exactly ``label``, if any (a plan writes its labels
        as its scale does: :func:`match_rating` reads what people type)."""
        if label is None:
            return None
        for rating in self.scale:
            if rating.label == label:
                return rating
        return None

    def lead_index(self) -> LeadIndex:
        """What each way of writing a lead in this plan names (see :mod:`hcplan.format.leads`):
        build it once, ask it for every action."""
        return LeadIndex(self.leads, (lead for ref in self.actions() for lead in ref.action.leads))

    def lead_names(self) -> dict[str, str]:
        """Every listed name and alias of a lead, mapped to its canonical name."""
        return LeadIndex(self.leads).names


@dataclass(frozen=True, slots=True)
class ActionRef:
    """An action together with where it sits in the plan."""

    theme: Theme
    objective: Objective
    action: Action
    where: tuple[str | int, ...]

    #: What it is, in words (``action 5.2``): see :mod:`hcplan.format.rated`.
    kind: ClassVar[str] = "action"

    @property
    def item(self) -> Action:
        """The rated item: the action."""
        return self.action


@dataclass(frozen=True, slots=True)
class ObjectiveRef:
    """An objective together with where it sits in the plan: for plans that rate objectives."""

    theme: Theme
    objective: Objective
    where: tuple[str | int, ...]

    kind: ClassVar[str] = "objective"

    @property
    def item(self) -> Objective:
        """The rated item: the objective."""
        return self.objective


def match_rating(plan: Plan, text: str) -> Rating:
    """The plan's rating that ``text`` names: in any case or Unicode form, with curly or
    straight apostrophes (:func:`~hcplan.format.folding.fold`), or an unambiguous prefix.

    Raises:
        ValueError: no label, or more than one, matches; the message lists the labels.
    """
    wanted = fold(" ".join(text.split()))
    labels = [r.label for r in plan.scale]
    for rating in plan.scale:
        if fold(rating.label) == wanted:
            return rating
    if wanted:
        matches = [r for r in plan.scale if fold(" ".join(r.label.split())).startswith(wanted)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            names = ", ".join(repr(r.label) for r in matches)
            raise ValueError(f"'{text}' could be any of {names}; say which")
    if not labels:
        raise ValueError(f"'{text}' cannot be a rating: this plan has no rating scale (add one under 'scale:')")
    from hcplan.suggest import suggest

    close = suggest(wanted, labels)  # "bhind": Behind
    hint = f": did you mean {close[0]!r}?" if close else ""
    said = "its ratings are" if not close else "Its ratings are"
    raise ValueError(
        f"'{text}' is not a rating of this plan{hint}{';' if not close else ''} {said}: "
        + ", ".join(repr(label) for label in labels)
    )
