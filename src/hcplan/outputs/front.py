"""The annual review's front matter that lives outside the plan's text: the logo.

A plan's ``publication.logo.path`` names an image relative to the plan file.
It is read from the plan's own repository only (the nearest folder above the
plan that holds ``.git``, or else the plan's folder), embedded in the report
as a ``data:`` URI, and never fetched from anywhere: a report stays one
self-contained file, and a plan cannot make hcplan read files elsewhere on
the machine (``../../../etc/...``, or a link pointing out of the repository).
"""

from __future__ import annotations

import base64
import os
import stat
import warnings
from pathlib import Path
from typing import Any

from hcplan.errors import HcplanError

#: The pictures a logo may be, by their first bytes.
KINDS = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg", b"GIF87a": "gif", b"GIF89a": "gif"}
MAX_BYTES = 2_000_000
#: A logo's pixels at most: a 4,000 by 4,000 picture. (A 109 KB PNG can say it is
#: 30,000 by 30,000: made whole by the PDF or Word writer, it would take 3.6 GB.)
MAX_PIXELS = 16_000_000
#: The logo's size on the page, in CSS pixels: this high, at most this wide.
LOGO_HEIGHT, LOGO_WIDTH = 72, 320
WHERE = ("publication", "logo", "path")


class LogoError(HcplanError):
    """The logo cannot be used; the message starts with the plan's ``path:line:col``."""


def repository_root(plan_file: Path) -> Path:
    """The plan's repository: the nearest folder above it holding ``.git``, else its own folder."""
    folder = plan_file.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def logo_file(plan_path: str, plan: Any) -> Path | None:
    """The file the plan's logo names (whether or not it is there), or None."""
    publication = getattr(plan, "publication", None)
    if publication is None or publication.logo is None:
        return None
    return Path(plan_path).resolve().parent / publication.logo.path


def logo(plan_path: str, plan: Any) -> dict[str, Any] | None:
    """The plan's logo, ready for a template: ``src`` (a data: URI), ``alt``, ``width``, ``height``.

    ``width`` and ``height`` are the size to show it at, in CSS pixels.

    None when the plan has no logo.

    Raises:
        LogoError: the file is missing, outside the repository, not a PNG,
            JPEG or GIF, or too large.
    """
    publication = getattr(plan, "publication", None)
    if publication is None or publication.logo is None:
        return None
    written = publication.logo.path
    plan_file = Path(plan_path)
    root = repository_root(plan_file)
    target = (plan_file.resolve().parent / written).resolve()
    if not target.is_relative_to(root):
        _fail(plan_path, f"the logo '{written}' is outside the plan's repository ({root}); keep it inside")
    try:
        # Without waiting: a pipe's other end may never come (its reader would wait for ever).
        with open(os.open(target, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(info.st_mode):
                _fail(plan_path, f"the logo '{written}' is not a file (a pipe or a device), not an image")
            size = info.st_size
            if size > MAX_BYTES:
                _fail(
                    plan_path,
                    f"the logo '{written}' is {size / 1e6:.1f} MB; a logo must be under {MAX_BYTES / 1e6:.0f} MB",
                )
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        _fail(plan_path, f"no logo '{written}' (looked for {target})")
    except IsADirectoryError:
        _fail(plan_path, f"the logo '{written}' is a folder, not an image")
    except OSError as exc:
        _fail(plan_path, f"cannot read the logo '{written}': {exc.strerror or exc}")
    kind = next((k for magic, k in KINDS.items() if data.startswith(magic)), None)
    if kind is None:
        _fail(plan_path, f"the logo '{written}' is not a PNG, JPEG or GIF image")
    width, height = _size(data)
    if not width or not height:
        _fail(plan_path, f"the logo '{written}' cannot be read as an image")
    if width * height > MAX_PIXELS:
        _fail(
            plan_path,
            f"the logo '{written}' is {width:,} by {height:,} pixels; a logo must be at most "
            f"{MAX_PIXELS:,} pixels (e.g. 4,000 by 4,000): make it smaller",
        )
    # Shown LOGO_HEIGHT pixels high, or less for a wide banner.
    shown_height = min(LOGO_HEIGHT, round(LOGO_WIDTH * height / width))
    return {
        "src": f"data:image/{kind};base64,{base64.b64encode(data).decode('ascii')}",
        "alt": publication.logo.alt,
        "width": max(1, round(shown_height * width / height)),
        "height": max(1, shown_height),
    }


def _size(data: bytes) -> tuple[int, int]:
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow warns of (and past twice its limit refuses) a picture of many pixels; the
            # size is all that is read here, and MAX_PIXELS decides.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
            try:
                with Image.open(io.BytesIO(data)) as image:
                    return image.size
            finally:
                Image.MAX_IMAGE_PIXELS = saved
    except (UnidentifiedImageError, OSError, ValueError):
        return 0, 0


def _fail(plan_path: str, message: str) -> None:
    raise LogoError(f"{_located(plan_path)}: {message}")


def _located(plan_path: str) -> str:
    """``path:line:col`` of the logo's path in the plan file (``path`` alone if it cannot be told)."""
    from hcplan.files.reader import ReadError, parse, read_file

    try:
        _, locations = parse(read_file(plan_path), locate=True)
    except ReadError:
        return plan_path
    if locations is None:
        return plan_path
    line, col = locations.locate(WHERE)
    return f"{plan_path}:{line}:{col}"
