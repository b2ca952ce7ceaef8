"""How the command line shows things: colour or not, problems, errors.

Colour only on a terminal, and never when NO_COLOR is set
(https://no-color.org); problems are always one line each, in the format
``path:line:col: severity: message (rule)``.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import typer

from hcplan.outputs.terminal import paint, use_colour
from hcplan.quoting import one_line

if TYPE_CHECKING:
    from hcplan.problems import Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def problem_line(problem: Problem, colour: bool) -> str:
    """One line, whatever the plan or its path hold (see :mod:`hcplan.quoting`)."""
    where = f"{one_line(problem.path)}:{problem.line}:{problem.col}:"
    severity = problem.severity.value
    code = "31;1" if severity == "error" else "33;1"
    return (
        f"{paint(where, '1', colour)} {paint(severity, code, colour)}: "
        f"{one_line(problem.message)} {paint(f'({problem.rule})', '2', colour)}"
    )


def _escape_data(text: str) -> str:
    return one_line(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


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


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Say ``message`` on standard error and return the exit to raise."""
    sys.stderr.write(f"hcplan: error: {message}\n")
    return typer.Exit(code)
