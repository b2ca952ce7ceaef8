"""A template's error in plain words: ``TEMPLATE:LINE: message``.

Jinja says ``'hcplan.format.model.Plan object' has no attribute 'nosuch'`` and
gives the template's absolute path; a council officer who changed a copy of a
report needs ``mine.md.j2:3: plan has no field 'nosuch'; did you mean 'notes'?``.
No class names, no Python values, and a template hcplan ships is named by
its place in hcplan's templates folder.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import traceback
from pathlib import Path
from typing import Any

_NO_ATTRIBUTE = re.compile(r"^'(?P<what>.+?)' has no attribute '(?P<name>.+)'$")
_NO_ITEM = re.compile(r"^'(?P<what>.+?)' has no element (?P<name>.+)$")
_IS_UNDEFINED = re.compile(r"^'(?P<name>.+)' is undefined$")
#: Python's words for a value of a type: 'hcplan.format.model.Plan object', 'int'...
_PYTHON_NAMES = re.compile(r"'(?:[\w.]+\.)?(\w+) object'")


def template_name(filename: str | None, fallback: str, shipped: Path) -> str:
    """How to name a template file to its user: a shipped one by its place among
    hcplan's templates, a user's own as a path from here where it is under here."""
    if not filename:
        return fallback
    real = Path(os.path.realpath(filename))
    try:
        return f"hcplan's templates/{real.relative_to(shipped.resolve()).as_posix()}"
    except ValueError:
        pass
    try:
        return os.path.relpath(filename) if real.is_relative_to(Path.cwd().resolve()) else filename
    except ValueError:
        return filename


def where(exc: BaseException, folders: list[str], shipped: Path) -> str:
    """``TEMPLATE:LINE`` of the innermost template frame of ``exc``'s traceback."""
    real = [os.path.realpath(f) for f in folders]
    found = "template"
    for frame, line in traceback.walk_tb(exc.__traceback__):
        name = os.path.realpath(frame.f_code.co_filename)
        if any(name.startswith(folder + os.sep) for folder in real):
            found = f"{template_name(frame.f_code.co_filename, 'template', shipped)}:{line}"
    return found


def message(exc: BaseException, context: dict[str, Any], globals_: dict[str, Any]) -> str:
    """What went wrong, in words: the field or name that is not there, with a guess."""
    from jinja2 import UndefinedError

    from hcplan.suggest import did_you_mean

    text = str(exc)
    if isinstance(exc, UndefinedError):
        owner = _undefined_owner(exc)
        missing = _NO_ATTRIBUTE.match(text) or _NO_ITEM.match(text)
        if missing is not None:
            name = missing["name"].strip("'\"")
            noun = _noun(owner) if owner is not None else _plain(missing["what"])
            return f"{noun} has no field '{name}'" + did_you_mean(name, _fields(owner))
        undefined = _IS_UNDEFINED.match(text)
        if undefined is not None:
            name = undefined["name"]
            return f"no variable '{name}' is given to the template" + did_you_mean(name, [*context, *globals_])
        if text.startswith("No first item"):
            return "'first' of a list that is empty: give it a default, e.g. | first | default('')"
        return _plain(text)
    return f"the template failed: {_plain(text)}"


def _undefined_owner(exc: BaseException) -> Any:
    """The value whose field a template asked for (see :func:`strict_undefined`)."""
    return getattr(exc, "owner", None)


@functools.cache
def strict_undefined() -> type:
    """Jinja's StrictUndefined, whose error keeps the value a field was asked of.

    (Jinja cuts its own frames out of a template's traceback, so the value
    cannot be found there afterwards.)
    """
    from jinja2 import StrictUndefined, UndefinedError
    from jinja2.utils import missing

    class MissingField(UndefinedError):
        owner: Any = None

    class Strict(StrictUndefined):
        __slots__ = ()

        def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
            try:
                super()._fail_with_undefined_error(*args, **kwargs)
            except UndefinedError as exc:
                error = MissingField(str(exc))
                error.owner = None if self._undefined_obj is missing else self._undefined_obj
                raise error from None

        __add__ = __radd__ = __sub__ = __rsub__ = _fail_with_undefined_error
        __mul__ = __rmul__ = __div__ = __rdiv__ = _fail_with_undefined_error
        __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = _fail_with_undefined_error
        __mod__ = __rmod__ = __pos__ = __neg__ = _fail_with_undefined_error
        __call__ = __getitem__ = __lt__ = __le__ = __gt__ = __ge__ = _fail_with_undefined_error
        __int__ = __float__ = __complex__ = __pow__ = __rpow__ = _fail_with_undefined_error
        __iter__ = __str__ = __len__ = _fail_with_undefined_error
        __eq__ = __ne__ = __bool__ = __hash__ = __contains__ = _fail_with_undefined_error

    return Strict


def _noun(value: Any) -> str:
    """A value's kind in words: a Plan is 'plan', a ThemeSummary 'theme summary'."""
    if isinstance(value, dict):
        return "the mapping"
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return "a list"
    name = type(value).__name__
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def _fields(value: Any) -> list[str]:
    """The names a template may ask ``value`` for."""
    if value is None:
        return []
    if isinstance(value, dict):
        return [str(k) for k in value]
    names: list[str] = []
    fields = getattr(type(value), "model_fields", None)
    if fields:
        names += list(fields)
    if dataclasses.is_dataclass(value):
        names += [f.name for f in dataclasses.fields(value)]
    names += list(getattr(value, "_fields", ()))
    names += [n for n in dir(type(value)) if not n.startswith("_") and isinstance(getattr(type(value), n), property)]
    if not names:
        names = [n for n in dir(value) if not n.startswith("_")]
    return list(dict.fromkeys(names))


def _plain(text: str) -> str:
    """Python's names of types in ``text`` as words: 'hcplan.format.model.Plan object' is plan."""
    return _PYTHON_NAMES.sub(lambda m: re.sub(r"(?<!^)(?=[A-Z])", " ", m[1]).lower(), text)
