"""What to say of a path the user named as a file (or a folder) to read, when it is not one.

Every command that reads a file it was given says the same of a folder, a
missing file and a symbolic link that leads nowhere (to a file that is gone,
or round in a loop), so that a broken link is not taken for a typo; and one
that reads a folder says the same of a file, a missing folder and such a link.
"""

from __future__ import annotations

import errno
import os


def not_a_file(path: str | os.PathLike[str], what: str = "plan file", example: str = "plan.yaml") -> str | None:
    """Why ``path`` is not a file to read (``what``), or None when it is one.

    A folder is named as such, with the file to name in it (``example``); a
    pipe or a device is left to the reader (the shell's pipes are read, a pipe
    named otherwise is waited on a few seconds: :func:`hcplan.files.reader.read_bytes`);
    anything else is :func:`absent`.
    """
    shown = os.fspath(path)
    if os.path.isdir(shown):
        return f"{shown} is a folder: name the {what}, e.g. {os.path.join(shown, example)}"
    if os.path.exists(shown):  # a file, or a pipe to read it from (<(git show ...), /dev/stdin)
        return None
    return f"{shown}: {absent(shown)}"


def not_a_folder(path: str | os.PathLike[str], what: str) -> str | None:
    """Why ``path`` is not a folder to read (of ``what``: ``plans``), or None when it is one."""
    shown = os.fspath(path)
    if os.path.isdir(shown):
        return None
    if os.path.exists(shown):
        return f"{shown} is a file, not a folder: name the folder of {what}"
    return f"{shown}: {absent(shown, 'folder')}"


def absent(path: str | os.PathLike[str], what: str = "file") -> str:
    """Why nothing is at ``path``: no such file (``what``), or a symbolic link that leads nowhere.

    >>> absent("/no/such/plan.yaml")
    'no such file'
    """
    shown = os.fspath(path)
    if os.path.islink(shown):
        try:
            os.stat(shown)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "a symbolic link that leads round in a loop, to no file"
            return f"a symbolic link to {os.readlink(shown)}, which does not exist"
    return f"no such {what}"
