"""The one error hcplan raises, and the exit statuses of the command line.

The core never prints and never exits. When it cannot go on it raises a
:class:`HcplanError`, which carries what to say, the exit status a command
should end with, and the problems found (each with its file, line and
column). The command line turns it into output and an exit in one place
(:mod:`hcplan.cli.app`), so the same situation ends the same way in every
command.

The exit-code contract (README, ``docs/cli.md``, tested across commands):

* 0: all is well;
* 1 (:data:`PROBLEMS`): problems were found, in a plan or on the way: a plan
  has errors (``check``; a plan a command must read is not valid), a file could
  not be written, a template is broken, ``overdue --fail`` found something;
* 2 (:data:`USAGE`): what was asked cannot be done as asked: an unknown option,
  a value that is not one (a date, ``--within``), a path that does not exist,
  an action, lead, theme, rating or template the plan does not have;
* 3 (:data:`INTERNAL`): hcplan itself failed (a bug; ``HCPLAN_DEBUG=1`` shows it);
* 130: interrupted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

PROBLEMS = 1
USAGE = 2
INTERNAL = 3
INTERRUPTED = 130


class HcplanError(Exception):
    """Something hcplan cannot do; nothing was changed.

    Args:
        message: one sentence for the user, without "error:".
        problems: the located problems behind it (in a plan, or a spreadsheet's
            cells), shown before the message.
        usage: what was asked is wrong (an unknown ID, an output that would
            overwrite a plan), not the plan or the machine: exit :data:`USAGE`.
        exit_status: overrides the class's own (:data:`PROBLEMS` here).
    """

    exit_status: int = PROBLEMS

    def __init__(
        self,
        message: str,
        *,
        problems: Iterable[Any] = (),
        usage: bool = False,
        exit_status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        #: :class:`~hcplan.problems.Problem` values (or a spreadsheet's
        #: :class:`~hcplan.problems.CellProblem` values), in the order found.
        self.problems: list[Any] = list(problems)
        if usage:
            self.exit_status = USAGE
        if exit_status is not None:
            self.exit_status = exit_status

    @property
    def usage(self) -> bool:
        """True when it is a usage error (exits :data:`USAGE`)."""
        return self.exit_status == USAGE


class UsageError(HcplanError):
    """What was asked cannot be done as asked: a path, a value, an ID, a name the plan lacks."""

    exit_status = USAGE
