"""cover: a generated square cover (JPEG, 1400 px) with the show name and,
for an episode, its title — used when the show config names no image."""

from __future__ import annotations

import hashlib
import io
import textwrap
from typing import TYPE_CHECKING, Any

from ..core.errors import ConfigError

if TYPE_CHECKING:
    from PIL import ImageDraw

SIZE = 1400
MARGIN = 110


def _palette(seed: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """A dark background and a bright accent, stable for the same show name."""
    h = hashlib.sha256(seed.encode("utf-8")).digest()
    bg = (20 + h[0] % 40, 24 + h[1] % 40, 48 + h[2] % 60)
    accent = (200 + h[3] % 56, 120 + h[4] % 100, 40 + h[5] % 80)
    return bg, accent


def _wrapped(draw: ImageDraw.ImageDraw, text: str, size: int, width_px: int, max_lines: int) -> tuple[Any, list[str]]:
    from PIL import ImageFont

    """Shrink the font until ``text`` fits in ``max_lines`` lines of ``width_px`` (a FreeType font: Pillow has it)."""
    while True:
        font = ImageFont.load_default(size=size)
        avg = max(1.0, font.getlength("abcdefghijklmnopqrstuvwxyz") / 26)
        lines = textwrap.wrap(text, width=max(8, int(width_px / avg)))
        if len(lines) <= max_lines or size <= 28:
            return font, lines[:max_lines]
        size -= 6


def local_image(path: str) -> bytes | None:
    """The bytes of the show's own cover when the config names a local file; None for a URL or nothing."""
    if not path or "://" in path:
        return None
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_IMAGE_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"show image {path}: cannot read ({exc.strerror}); fix 'image' in the show config") from None
    why = image_problem(data)
    if why:
        raise ConfigError(f"show image {path}: {why}; use a JPEG or PNG of 1400-3000 pixels a side (fix 'image')")
    return data


#: Apple's limits for show art: 1400-3000 px square; newscast takes up to 4000 px and 10 MB.
MAX_IMAGE_SIDE = 4000
MAX_IMAGE_BYTES = 10 * 1024 * 1024


def image_problem(data: bytes) -> str:
    """Why ``data`` cannot be a cover ("" when it can): a JPEG or PNG that decodes, of sane size.

    >>> image_problem(b"root:x:0:0:root:/root:/bin/bash")
    'not a JPEG or PNG image'
    """
    if len(data) > MAX_IMAGE_BYTES:
        return f"larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB"
    if not (data.startswith(b"\xff\xd8\xff") or data.startswith(b"\x89PNG\r\n\x1a\n")):
        return "not a JPEG or PNG image"
    import io

    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_SIDE * MAX_IMAGE_SIDE
    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size  # read from the header: a huge image is refused before it is decoded
            if max(width, height) > MAX_IMAGE_SIDE or min(width, height) < 1:
                return f"{width}x{height} pixels is outside 1-{MAX_IMAGE_SIDE} a side"
            img.verify()
    except Image.DecompressionBombError:
        return f"has more than {MAX_IMAGE_SIDE}x{MAX_IMAGE_SIDE} pixels"
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for a broken file
        return f"does not decode ({type(exc).__name__})"
    return ""


def make_cover(show: str, title: str = "") -> bytes:
    """JPEG bytes of a 1400x1400 cover naming the show (and the episode title)."""
    from PIL import Image, ImageDraw

    bg, accent = _palette(show)
    img = Image.new("RGB", (SIZE, SIZE), bg)
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, SIZE - 60, SIZE, SIZE], fill=accent)
    draw.rectangle([MARGIN, MARGIN, MARGIN + 160, MARGIN + 18], fill=accent)
    font, lines = _wrapped(draw, show, 150, SIZE - 2 * MARGIN, 3)
    y = MARGIN + 70
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=(255, 255, 255))
        y += int(font.size * 1.15)
    if title:
        font, lines = _wrapped(draw, title, 76, SIZE - 2 * MARGIN, 6)
        y = max(y + 60, SIZE - 160 - len(lines) * int(font.size * 1.2))
        for line in lines:
            draw.text((MARGIN, y), line, font=font, fill=accent)
            y += int(font.size * 1.2)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=88)
    return buf.getvalue()
