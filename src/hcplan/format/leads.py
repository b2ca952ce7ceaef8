"""Which lead a lead written in a plan is: the one place that decides.

A plan lists its leads (``leads:``), each a name and perhaps aliases; actions
name their leads in their own words. A lead's identity is its name as the
plan's list gives it (its *canonical* name): an action's lead is the listed
lead whose name or alias it is, exactly or in another case (``cct`` and
``CCT`` are the alias of Community Cohesion Team). A lead listed twice, in
another case or spacing (``Police`` and ``police``), or an alias that is
another lead's name, is one lead, the first listed (``hcplan check`` reports
the second as an error). A lead the list does not have (or a plan with no
list) is known by the first way the plan writes it, whatever the case.

Everything that groups or filters actions by lead (digests, ``--lead``,
listings' ``canonical_leads``, calendars' categories) goes through
:class:`LeadIndex`, so that one lead is never two.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from hcplan.format.folding import composed, fold

if TYPE_CHECKING:
    from hcplan.format.model import Lead


def lead_key(name: str) -> str:
    """A listed lead's name as the list's entries are told apart: case, spacing and the
    way an accent or an apostrophe is typed do not matter (:func:`~hcplan.format.folding.fold`)."""
    return fold(" ".join(name.split()))


class LeadIndex:
    """The leads of one plan, to resolve each way of writing one to its canonical name.

    Build it once per plan (:meth:`Plan.lead_index <hcplan.format.model.Plan.lead_index>`)
    and ask it for every action: it answers from dictionaries.
    """

    __slots__ = ("_composed", "_folded", "_unlisted", "names")

    def __init__(self, leads: Iterable[Lead], written: Iterable[str] = ()) -> None:
        """``leads``: the plan's list; ``written``: every lead its actions write, in file order."""
        #: Every listed name and alias, exactly as written, with the lead it names.
        self.names: dict[str, str] = {}
        self._folded: dict[str, str] = {}
        keys: dict[str, str] = {}
        for lead in leads:
            canon = keys.get(lead_key(lead.name), lead.name)  # listed twice: it is the first
            for name in (lead.name, *lead.aliases):
                meant = keys.setdefault(lead_key(name), canon)
                self.names.setdefault(name, meant)
                self._folded.setdefault(fold(name), meant)
        self._composed = {composed(name) for name in self.names}
        self._unlisted: dict[str, str] = {}
        for name in written:
            if self.canonical(name) is None:
                self._unlisted.setdefault(fold(name), name)

    def canonical(self, written: str) -> str | None:
        """The listed lead ``written`` names, by name or alias, in any case (see
        :func:`~hcplan.format.folding.fold`); None when the list has none."""
        found = self.names.get(written)
        return found if found is not None else self._folded.get(fold(written))

    def identity(self, written: str) -> str:
        """The lead ``written`` counts as: the listed lead it names, or else the first way
        the plan writes it (in any case), as written."""
        found = self.canonical(written)
        if found is not None:
            return found
        return self._unlisted.get(fold(written), written)

    def identities(self, written: Iterable[str]) -> tuple[str, ...]:
        """The leads ``written`` (an action's) counts as, each once, in order."""
        return tuple(dict.fromkeys(self.identity(name) for name in written))

    def written_as_listed(self, written: str) -> bool:
        """Whether ``written`` is a name or alias exactly as the list writes it (or the same
        text in other Unicode: an accent typed apart is the same letter)."""
        return written in self.names or composed(written) in self._composed

    def spellings(self) -> dict[str, str]:
        """Every way of writing a lead that names one, with the lead it names: the list's names
        and aliases, or (a plan with no list) the ways its actions write them."""
        if self.names:
            return dict(self.names)
        return {name: name for name in self._unlisted.values()}
