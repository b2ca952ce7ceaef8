"""Problems and errors for people and for CI: one line each, on standard output or error.

A problem is ``path:line:col: severity: message (rule)``, coloured only on a
terminal; ``--format github`` makes it a GitHub Actions annotation. Paths and
messages go through :func:`hcplan.quoting.escape`, so a line is always one
line and obeys nothing, whatever a plan or its path hold.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any

from hcplan.outputs.terminal import paint, use_colour
from hcplan.problems import CellProblem, Problem, Severity
from hcplan.quoting import escape

if TYPE_CHECKING:
    from hcplan.errors import HcplanError
    from hcplan.views.listing import PlanAnswer


def problem_line(problem: Problem | CellProblem, colour: bool) -> str:
    """``plan.yaml:12:5: error: message (rule)``, or ``returns.xlsx:Returns!K12: error: message``
    for a spreadsheet's cell; in colour on a terminal."""
    severity = problem.severity.value
    code = "31;1" if severity == "error" else "33;1"
    if isinstance(problem, CellProblem):
        where = f"{escape(problem.path)}:{escape(problem.where)}:" if problem.where else f"{escape(problem.path)}:"
        return f"{paint(where, '1', colour)} {paint(severity, code, colour)}: {escape(problem.message)}"
    where = f"{escape(problem.path)}:{problem.line}:{problem.col}:"
    return (
        f"{paint(where, '1', colour)} {paint(severity, code, colour)}: "
        f"{escape(problem.message)} {paint(f'({problem.rule})', '2', colour)}"
    )


def _escape_data(text: str) -> str:
    return escape(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(problem: Problem) -> str:
    """A GitHub Actions workflow command that annotates the problem's line."""
    kind = "error" if problem.severity.value == "error" else "warning"
    props = (
        f"file={_escape_property(problem.path)},line={problem.line},"
        f"col={problem.col},title={_escape_property('hcplan ' + problem.rule)}"
    )
    return f"::{kind} {props}::{_escape_data(problem.message)}"


def problem_writer(fmt: str, out: IO[str]) -> Callable[[Iterable[Problem]], None]:
    """What writes problems as lines in ``fmt``: ``text`` (coloured on a terminal), ``github``,
    or ``json`` (nothing: :class:`Tally` holds them for the one document at the end)."""
    colour = use_colour(out)

    def write(problems: Iterable[Problem]) -> None:
        for problem in problems:
            if fmt == "text":
                out.write(problem_line(problem, colour) + "\n")
            elif fmt == "github":
                out.write(github_line(problem) + "\n")

    return write


class Tally:
    """What a check of ``files`` files found: counts, and the problems themselves when kept."""

    __slots__ = ("errors", "files", "paths", "problems", "strict", "warnings")

    def __init__(self, files: int, *, strict: bool = False) -> None:
        self.files, self.strict = files, strict
        self.errors = self.warnings = 0
        self.paths: set[str] = set()
        self.problems: list[Problem] = []

    def add(self, problems: Iterable[Problem], *, keep: bool = False) -> None:
        for problem in problems:
            if problem.severity is Severity.ERROR:
                self.errors += 1
            else:
                self.warnings += 1
            self.paths.add(problem.path)
            if keep:
                self.problems.append(problem)

    @property
    def failed(self) -> bool:
        """Errors were found (or warnings, when strict)."""
        return bool(self.errors or (self.strict and self.warnings))

    def summary(self) -> str:
        """``2 errors, 1 warning in 2 of 3 files`` or ``3 files checked: no problems``."""
        plural = "s" * (self.files != 1)
        if not self.errors and not self.warnings:
            return f"{self.files} file{plural} checked: no problems"
        return (
            f"{self.errors} error{'s' * (self.errors != 1)}, {self.warnings} warning{'s' * (self.warnings != 1)} "
            f"in {len(self.paths)} of {self.files} file{plural}"
        )

    def to_dict(self) -> dict[str, Any]:
        """``check --format json``."""
        return {
            "files": self.files,
            "errors": self.errors,
            "warnings": self.warnings,
            "ok": not self.failed,
            "problems": [p.to_dict() for p in self.problems],
        }


def show_error(error: HcplanError, err: IO[str] | None = None) -> None:
    """An error on standard error: its problems, one line each, then ``hcplan: error: ...``."""
    err = err or sys.stderr
    colour = use_colour(err)
    for problem in error.problems:
        err.write(problem_line(problem, colour) + "\n")
    err.write(f"hcplan: error: {escape(error.message)}\n")


def plan_problems(answer: PlanAnswer, err: IO[str] | None = None) -> None:
    """What a listing says on standard error about one plan: why it is left out, or that it has errors."""
    err = err or sys.stderr
    if not answer.valid:
        colour = use_colour(err)
        for problem in answer.problems:
            err.write(problem_line(problem, colour) + "\n")
        err.write(f"hcplan: {escape(answer.path)} is not a valid plan and is left out\n")
    elif answer.errors:
        path = escape(answer.path)
        err.write(f"hcplan: warning: {path} has {answer.errors} error(s); run hcplan check {path}\n")
