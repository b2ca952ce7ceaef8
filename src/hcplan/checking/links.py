"""What a plan's links to other plan files find there, for the plan-link check.

A plan may say which plan it follows and which follows it (``follows:``,
``followed_by:``), and a carried-over action where it came from (``from:
{plan: ...}``). The check needs to know whether each linked file is there and
what it links to; this module reads them (as YAML only, not as plans: a
broken neighbour is its own file's problem) so the rule itself stays a pure
function of the plan and its :class:`~hcplan.checking.checks.Context`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from hcplan.format.model import Plan


class Linked(NamedTuple):
    """One linked file, as found on disk."""

    path: str  # the file, resolved (symlinks followed)
    error: str | None  # why it cannot be used ("no such file", ...), or None
    follows: str | None = None  # what it links to, resolved the same way
    followed_by: str | None = None
    actions: frozenset[str] = frozenset()  # its action IDs
    digest: str | None = None  # the SHA-256 of the bytes read (None: none could be)
    start: str | None = None  # the first day of its period, as written (ISO), if it says
    title: str | None = None  # its title, for reports ("carried over from ... of <title>")


class Links(NamedTuple):
    """This plan's own resolved path, and every file it links to, by the link as written."""

    here: str
    files: dict[str, Linked]


def link_texts(plan: Plan) -> set[str]:
    """Every file ``plan`` links to, as written."""
    found = {text for text in (plan.follows, plan.followed_by) if text}
    found |= {ref.action.from_.plan for ref in plan.actions() if ref.action.from_ and ref.action.from_.plan}
    return found


def resolve(link: str, plan_path: str) -> str:
    """The file ``link`` names, from the plan at ``plan_path``: relative to its folder, the
    real file's (a plan reached through a link to it names the same files)."""
    folder = os.path.dirname(os.path.realpath(plan_path))
    return os.path.realpath(os.path.join(folder, os.path.expanduser(link)))


def gather(plan: Plan, plan_path: str) -> Links | None:
    """Read every file ``plan`` (at ``plan_path``) links to; None when it links to none, or
    is read from no folder its links could be found from (piped in: ``hcplan check -``)."""
    texts = link_texts(plan)
    if not texts or not os.path.isfile(os.path.realpath(plan_path)):
        return None
    return Links(os.path.realpath(plan_path), {text: _read(resolve(text, plan_path)) for text in sorted(texts)})


def titles(plan: Plan, plan_path: str) -> dict[str, str]:
    """The title of each plan file ``plan`` links to that has one, by the link as written."""
    links = gather(plan, plan_path)
    if links is None:
        return {}
    return {text: linked.title for text, linked in links.files.items() if linked.title}


def fingerprint(links: Links | None) -> tuple[tuple[str, str, str | None], ...]:
    """Each link as written, the file it led to, and the digest of what was read of it:
    what a plan's problems depend on besides its own bytes (see :func:`unchanged`)."""
    if not links:
        return ()
    return tuple(sorted((text, linked.path, linked.digest) for text, linked in links.files.items()))


def unchanged(depends: tuple[tuple[str, str, str | None], ...], plan_path: str) -> bool:
    """True when every link of a :func:`fingerprint` still leads, from the plan at
    ``plan_path``, to the same file (a link to a folder may have been moved on), and that
    file still holds what was read of it."""
    return all(resolve(text, plan_path) == path and _digest(path) == known for text, path, known in depends)


def _digest(path: str) -> str | None:
    from hcplan.files.cache import digest
    from hcplan.files.reader import ReadError, read_bytes

    try:
        return digest(read_bytes(path))
    except ReadError:
        return None


def _read(path: str) -> Linked:
    from hcplan.files.cache import digest
    from hcplan.files.reader import ReadError, decode, parse, read_bytes

    try:
        raw = read_bytes(path)
    except ReadError as exc:
        return Linked(path, exc.problems[0].message)
    seen = digest(raw)
    try:
        data, _ = parse(decode(raw, path))
    except ReadError as exc:
        return Linked(path, exc.problems[0].message, digest=seen)
    from hcplan.files.store import has_plan_keys  # a YAML file of something else (mkdocs.yml) is no plan

    if not isinstance(data, dict) or not has_plan_keys(data):
        return Linked(path, "it is not a plan", digest=seen)

    def link(key: str) -> str | None:
        value = data.get(key)
        return resolve(value, path) if isinstance(value, str) and value.strip() else None

    period = data.get("period")
    start = period.get("start") if isinstance(period, dict) else None
    return Linked(
        path,
        None,
        link("follows"),
        link("followed_by"),
        frozenset(_action_ids(data)),
        seen,
        start if isinstance(start, str) else None,
        data["title"] if isinstance(data.get("title"), str) else None,
    )


def _action_ids(data: dict[str, Any]) -> list[str]:
    found = []
    for theme in _items(data, "themes"):
        for objective in _items(theme, "objectives"):
            for action in _items(objective, "actions"):
                if action.get("id") is not None:
                    found.append(str(action["id"]))
    return found


def _items(data: Any, key: str) -> list[dict[str, Any]]:
    value = data.get(key) if isinstance(data, dict) else None
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
