"""A new plan file for a council: the header every plan needs, and a commented
skeleton of the rest.

:class:`Header` holds what ``hcplan new`` asks for (title, organisation,
group, period, quarters, rating scale); :func:`skeleton` lays it out as a
plan that checks clean, with comments that say what each part is for and an
example of a theme to copy. The draft made from a Word or Excel table
(:mod:`hcplan.changes.draft`) starts from the same header.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from hcplan.files.edit import scalar
from hcplan.files.yaml_out import Layout, dump

RAGS = ("red", "amber", "green", "blue", "grey")


@dataclass(frozen=True, slots=True)
class Label:
    """One rating label of a new plan's scale."""

    label: str
    rag: str
    done: bool = False
    meaning: str | None = None

    def entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"label": self.label, "rag": self.rag}
        if self.done:
            entry["done"] = True
        if self.meaning:
            entry["meaning"] = self.meaning
        return entry


#: The common scales, by the name ``--scale`` takes, with what each is.
SCALES: dict[str, tuple[str, tuple[Label, ...]]] = {
    "rag": (
        "Red, Amber, Green; Green means completed",
        (
            Label("Red", "red", meaning="Behind: will not be done on time without help"),
            Label("Amber", "amber", meaning="At risk: some delay, in hand"),
            Label("Green", "green", True, "Completed"),
        ),
    ),
    "rag-complete": (
        "Red, Amber, Green (on track) and Complete",
        (
            Label("Red", "red", meaning="Behind: will not be done on time without help"),
            Label("Amber", "amber", meaning="At risk: some delay, in hand"),
            Label("Green", "green", meaning="On track"),
            Label("Complete", "blue", True, "Finished"),
        ),
    ),
    "progress": (
        "On Hold, In Progress, Completed, Behind",
        (
            Label("On Hold", "grey"),
            Label("In Progress", "amber"),
            Label("Completed", "green", True),
            Label("Behind", "red"),
        ),
    ),
    "none": ("no ratings: progress in words only", ()),
}


class ScaleError(ValueError):
    """A scale that cannot be used; the message says how to write one."""


def parse_scale(text: str) -> tuple[Label, ...]:
    """A scale by name (``rag``, ``rag-complete``, ``progress``, ``none``) or as the
    council's own labels: ``"Not started=grey, On track=green, Done=green done"``.

    Raises:
        ScaleError: an unknown name, a label without a colour, a colour that is
            not one of red, amber, green, blue, grey.
    """
    name = text.strip().casefold()
    if name in SCALES:
        return SCALES[name][1]
    if "=" not in text:
        names = ", ".join(SCALES)
        raise ScaleError(
            f"no scale '{text}': name one of {names}, or give the labels as "
            "'LABEL=COLOUR, ...' with 'done' after the colour of the label that means finished "
            "(e.g. 'Not started=grey, On track=green, Done=blue done')"
        )
    labels: list[Label] = []
    seen: set[str] = set()
    for part in text.split(","):
        if not part.strip():
            continue
        label, _, rest = part.partition("=")
        words = rest.split()
        if not label.strip() or not words:
            raise ScaleError(f"'{part.strip()}' needs a label and a colour: LABEL=COLOUR, e.g. 'On track=green'")
        colour = words[0].casefold()
        if colour not in RAGS:
            raise ScaleError(f"'{words[0]}' (for {label.strip()}) is not a colour: use one of {', '.join(RAGS)}")
        extra = [w.casefold() for w in words[1:]]
        if extra not in ([], ["done"]):
            raise ScaleError(f"after the colour of '{label.strip()}' only 'done' may follow")
        key = label.strip().casefold()
        if key in seen:
            raise ScaleError(f"'{label.strip()}' is in the scale twice")
        seen.add(key)
        labels.append(Label(" ".join(label.split()), colour, bool(extra)))
    if not labels:
        raise ScaleError("the scale has no labels; use --scale none for a plan without ratings")
    return tuple(labels)


@dataclass
class Header:
    """What a new plan says about itself before its themes."""

    title: str
    organisation: str
    start: date
    end: date
    quarters: str = "financial"
    group: str | None = None
    scale: tuple[Label, ...] = ()
    #: Comments on how a value was arrived at, by key ("title", "period", ...).
    guessed: dict[str, str] = field(default_factory=dict)


def default_end(start: date) -> date:
    """The day before the same day a year on: a one-year plan."""
    try:
        following = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        following = start.replace(year=start.year + 1, day=28) + timedelta(days=1)
    return following - timedelta(days=1)


def schema_modeline(target: str) -> str | None:
    """The yaml-language-server line pointing at the nearest ``schema/plan.schema.json``
    above the new plan's folder, if the plan repository has one."""
    folder = os.path.dirname(os.path.abspath(target))
    probe = folder
    while True:
        candidate = os.path.join(probe, "schema", "plan.schema.json")
        if os.path.isfile(candidate):
            return f"yaml-language-server: $schema={os.path.relpath(candidate, folder)}"
        parent = os.path.dirname(probe)
        if parent == probe:
            return None
        probe = parent


def header_data(header: Header, layout: Layout) -> dict[str, Any]:
    """The plan's keys before its themes, with comments on each in ``layout``."""
    data: dict[str, Any] = {
        "hcplan": 1,
        "title": header.title,
        "organisation": header.organisation,
    }
    if header.group:
        data["group"] = header.group
        layout.after[("group",)] = "the group that monitors the plan"
    else:
        layout.note(("period",), "group: Hate Crime Partnership Board   (the group that monitors the plan, if any)")
    data["period"] = {"start": header.start, "end": header.end}
    data["quarters"] = header.quarters
    layout.after[("quarters",)] = (
        "Q1 is April-June; 'calendar' makes Q1 January-March"
        if header.quarters == "financial"
        else "Q1 is January-March; 'financial' makes Q1 April-June"
    )
    for key, said in header.guessed.items():
        layout.note((key,), said)
    if header.scale:
        data["scale"] = [label.entry() for label in header.scale]
        layout.blank.add(("scale",))
        layout.note(
            ("scale",),
            "The plan's own rating labels, each with a RAG colour; 'done: true' marks the one that means finished.",
        )
    else:
        layout.head.append(
            "The plan has no rating scale: progress is reported in words. To rate actions, add a "
            "'scale:' with the plan's labels (see docs/format.md)."
        )
    return data


def skeleton(header: Header, target: str) -> str:
    """The text of a new plan: ``header`` and a commented example of the rest."""
    layout = Layout()
    modeline = schema_modeline(target)
    if modeline:
        layout.head.append(modeline)
    layout.head += [
        f"The hate crime work plan of {header.organisation}, made by hcplan new.",
        "Fill in the leads and the themes below, then run: hcplan check "
        + (os.path.basename(target) if target != "-" else "on the file you save it as"),
    ]
    data = header_data(header, layout)
    data["leads"] = None
    layout.blank.add(("leads",))
    layout.note(
        ("leads",),
        "Who may lead an action, one per line (- Community Safety); a lead written more than one way "
        "is - {name: Police, aliases: [Anytown Police]}. Every action's lead must be one of them.",
    )
    data["themes"] = None
    layout.blank.add(("themes",))
    layout.note(("themes",), "The plan's themes, each with its objectives and their actions, in the plan's own words.")
    layout.tail += _example(header)
    return dump(data, layout)


def _example(header: Header) -> list[str]:
    """A theme to copy, as comment lines under ``themes:``."""
    rating = next((label.label for label in header.scale if not label.done), None)
    lines = [
        "For example (remove the '# ' at the start of each line):",
        "  - number: 1",
        "    name: Prevention",
        "    aim: Prevent hate crime by changing attitudes",
        "    objectives:",
        '      - id: "1.1"',
        "        text: Raise awareness of hate crime in schools",
        "        measure: Programmes in ten schools by March      # the measure of success, target or KPI",
        "        actions:",
        '          - id: "1.1.1"',
        "            text: Deliver assemblies during Hate Crime Awareness Week",
        "            leads: [Community Safety]",
        "            partners: [Police]                          # who else works on it",
        "            due: Q3 Year 1",
    ]
    if rating:
        lines.append(f"            status: {scalar(rating)}")  # quoted as the file needs it ("#1", "Hold: funds")
    return lines
