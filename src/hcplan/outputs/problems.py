"""Problems and errors for people and for CI: one line each, on standard output or error.

A problem is ``path:line:col: severity: message (rule)``, coloured only on a
terminal; ``--format github`` makes it a GitHub Actions annotation. Plan text
in a message is made :func:`~hcplan.outputs.terminal.visible`, so a line is
always one line and obeys nothing.
"""

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING

from hcplan.outputs.terminal import paint, use_colour, visible

if TYPE_CHECKING:
    from hcplan.errors import HcplanError
    from hcplan.problems import Problem
    from hcplan.views.listing import PlanAnswer


def problem_line(problem: Problem, colour: bool) -> str:
    where = f"{visible(problem.path)}:{problem.line}:{problem.col}:"
    severity = problem.severity.value
    code = "31;1" if severity == "error" else "33;1"
    return (
        f"{paint(where, '1', colour)} {paint(severity, code, colour)}: "
        f"{visible(problem.message)} {paint(f'({problem.rule})', '2', colour)}"
    )


def _escape_data(text: str) -> str:
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


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


def show_error(error: HcplanError, err: IO[str] | None = None) -> None:
    """An error on standard error: its problems, one line each, then ``hcplan: error: ...``."""
    err = err or sys.stderr
    colour = use_colour(err)
    for problem in error.problems:
        err.write(problem_line(problem, colour) + "\n")
    err.write(f"hcplan: error: {visible(error.message)}\n")


def plan_problems(answer: PlanAnswer, err: IO[str] | None = None) -> None:
    """What a listing says on standard error about one plan: why it is left out, or that it has errors."""
    err = err or sys.stderr
    if not answer.valid:
        colour = use_colour(err)
        for problem in answer.problems:
            err.write(problem_line(problem, colour) + "\n")
        err.write(f"hcplan: {visible(answer.path)} is not a valid plan and is left out\n")
    elif answer.errors:
        path = visible(answer.path)
        err.write(f"hcplan: warning: {path} has {answer.errors} error(s); run hcplan check {path}\n")
