"""How the command line shows things: colour or not, problems, errors.

Colour only on a terminal, and never when NO_COLOR is set
(https://no-color.org); problems are always one line each, in the format
``path:line:col: severity: message (rule)``.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from hcplan.outputs.terminal import paint, use_colour

if TYPE_CHECKING:
    from hcplan.errors import HcplanError
    from hcplan.problems import Problem


def problem_line(problem: Problem, colour: bool) -> str:
    where = f"{problem.path}:{problem.line}:{problem.col}:"
    severity = problem.severity.value
    code = "31;1" if severity == "error" else "33;1"
    return (
        f"{paint(where, '1', colour)} {paint(severity, code, colour)}: "
        f"{problem.message} {paint(f'({problem.rule})', '2', colour)}"
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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


def show_error(error: HcplanError) -> None:
    """An error on standard error: its problems, one line each, then ``hcplan: error: ...``."""
    colour = use_colour(sys.stderr)
    for problem in error.problems:
        sys.stderr.write(problem_line(problem, colour) + "\n")
    sys.stderr.write(f"hcplan: error: {error.message}\n")
