"""The HTML reports' SVG charts as PNG images, for Word, which needs a picture.

The charts are drawn by the templates (``_html.j2``), so that a changed
template changes them everywhere; this draws the shapes such a chart is made
of (``rect``, ``line``, ``circle``, ``text``, in ``g`` groups) with Pillow,
at twice the SVG's size for a sharp print. Anything else in an SVG is left
out. The chart's words, its alternative text, come from the SVG's ``title``
and ``desc``.
"""

from __future__ import annotations

import io
import re
from functools import cache
from typing import Any

#: Pixels per SVG unit: a 720-wide chart becomes a 1440-pixel picture.
SCALE = 2
SVG_NS = "{http://www.w3.org/2000/svg}"
#: Fonts tried in turn (Pillow looks in the system's font folders), then Pillow's own.
FONTS = ("LiberationSans-Regular.ttf", "Arial.ttf", "DejaVuSans.ttf", "Helvetica.ttc")
BOLD_FONTS = ("LiberationSans-Bold.ttf", "Arial Bold.ttf", "DejaVuSans-Bold.ttf")
NAMED = {"white": "#ffffff", "black": "#000000", "none": None, "transparent": None}


def _tag(element: Any) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.removeprefix(SVG_NS).lower()


def _number(value: str | None, default: float = 0.0) -> float:
    if value is None:
        return default
    found = re.match(r"\s*(-?[\d.]+)", value)
    return float(found.group(1)) if found else default


def _colour(value: str | None, default: str | None) -> str | None:
    if value is None:
        return default
    value = value.strip().lower()
    if value in NAMED:
        return NAMED[value]
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        return "#" + "".join(c * 2 for c in value[1:])
    if re.fullmatch(r"#[0-9a-f]{6}", value):
        return value
    return default


@cache
def _font(size: int, bold: bool) -> Any:
    from PIL import ImageFont

    for name in BOLD_FONTS if bold else FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def alt_text(svg: Any) -> str:
    """What the chart says: its ``title`` and ``desc``, as one text."""
    parts = []
    for name in ("title", "desc"):
        found = next((c for c in svg.iter() if _tag(c) == name), None)
        if found is not None:
            words = " ".join("".join(found.itertext()).split())
            if words:
                parts.append(words if words.endswith((".", ":", "!", "?")) else words + ".")
    return " ".join(parts)


def size_of(svg: Any) -> tuple[float, float]:
    """The chart's width and height in SVG units (its viewBox, else width and height)."""
    box = (svg.get("viewBox") or svg.get("viewbox") or "").replace(",", " ").split()
    if len(box) == 4:
        return float(box[2]), float(box[3])
    return _number(svg.get("width"), 720), _number(svg.get("height"), 360)


def svg_to_png(svg: Any) -> bytes:
    """A PNG of the chart ``svg`` (an lxml element of an HTML or SVG tree)."""
    from PIL import Image, ImageDraw

    width, height = size_of(svg)
    image = Image.new("RGB", (max(1, round(width * SCALE)), max(1, round(height * SCALE))), "#ffffff")
    draw = ImageDraw.Draw(image)
    _draw(draw, svg, (0.0, 0.0))
    out = io.BytesIO()
    # zlib level 3, not PIL's 6: half the time for a file a fifth larger (the same picture)
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()


def _draw(draw: Any, element: Any, offset: tuple[float, float]) -> None:
    for child in element:
        tag = _tag(child)
        if tag in ("title", "desc", "defs", "style", "metadata"):
            continue
        if tag == "g":
            moved = re.match(r"\s*translate\(\s*(-?[\d.]+)[\s,]+(-?[\d.]+)\s*\)", child.get("transform") or "")
            shift = (float(moved.group(1)), float(moved.group(2))) if moved else (0.0, 0.0)
            _draw(draw, child, (offset[0] + shift[0], offset[1] + shift[1]))
        elif tag == "rect":
            x, y = _number(child.get("x")) + offset[0], _number(child.get("y")) + offset[1]
            w, h = _number(child.get("width")), _number(child.get("height"))
            if w > 0 and h > 0:
                box = [x * SCALE, y * SCALE, (x + w) * SCALE - 1, (y + h) * SCALE - 1]
                stroke = _colour(child.get("stroke"), None)
                draw.rectangle(
                    box, fill=_colour(child.get("fill"), "#000000"), outline=stroke, width=SCALE if stroke else 0
                )
        elif tag == "line":
            points = [(_number(child.get(a)) + offset[i % 2]) * SCALE for i, a in enumerate(("x1", "y1", "x2", "y2"))]
            stroke = _colour(child.get("stroke"), None)
            if stroke:
                draw.line(points, fill=stroke, width=max(1, round(_number(child.get("stroke-width"), 1) * SCALE)))
        elif tag == "circle":
            cx, cy = _number(child.get("cx")) + offset[0], _number(child.get("cy")) + offset[1]
            r = _number(child.get("r"))
            box = [(cx - r) * SCALE, (cy - r) * SCALE, (cx + r) * SCALE, (cy + r) * SCALE]
            draw.ellipse(box, fill=_colour(child.get("fill"), "#000000"), outline=_colour(child.get("stroke"), None))
        elif tag == "text":
            words = " ".join("".join(child.itertext()).split())
            if not words:
                continue
            size = round(_number(child.get("font-size"), 16) * SCALE)
            bold = (child.get("font-weight") or "").lower() in ("bold", "600", "700", "800", "900")
            anchor = {"middle": "ms", "end": "rs"}.get((child.get("text-anchor") or "").lower(), "ls")
            x, y = _number(child.get("x")) + offset[0], _number(child.get("y")) + offset[1]
            draw.text(
                (x * SCALE, y * SCALE),
                words,
                fill=_colour(child.get("fill"), "#000000"),
                font=_font(size, bold),
                anchor=anchor,
            )
