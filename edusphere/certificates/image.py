"""The certificate as a PNG, drawn with Pillow.

Fonts: DejaVu Sans (Debian's fonts-dejavu-core, installed with Chromium and in the image) covers
Latin, Greek and Cyrillic; without it, Pillow's own `ImageFont.load_default(size=...)` (a scalable
FreeType font since Pillow 10.1, Latin only). Characters a font lacks draw as boxes, never fail.
Names and titles are user text of up to 120 characters: each is wrapped to the card's width by
measured pixel width (a word longer than a line is broken inside), at most a few lines, the
last cut with an ellipsis.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from edusphere.certificates.lookup import CertificateView

WIDTH, HEIGHT = 1600, 1131  # A4 landscape's proportions
_MARGIN = 140
_FONTS = Path("/usr/share/fonts/truetype/dejavu")

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@cache
def font(size: int, bold: bool = False) -> Font:
    path = _FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.is_file():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def wrap(text: str, face: Font, width: int, max_lines: int) -> list[str]:
    """`text` in lines no wider than `width` pixels, at most `max_lines` (the last ends in "…"
    when text was left out)."""
    draw = ImageDraw.Draw(Image.new("L", (1, 1)))

    def fits(line: str) -> bool:
        return draw.textlength(line, font=face) <= width

    lines: list[str] = []
    current = ""
    for word in " ".join(text.split()).split(" "):
        candidate = f"{current} {word}" if current else word
        if fits(candidate):
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:  # a word wider than a line is broken inside
            if fits(current + char):
                current += char
            else:
                lines.append(current)
                current = char
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and not fits(last + "…"):
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return lines or [""]


def render(view: CertificateView) -> bytes:
    """The PNG bytes (CPU-bound: called in a thread)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "#fdfcf7")
    draw = ImageDraw.Draw(image)
    accent = "#4338ca" if view.valid else "#b91c1c"
    draw.rectangle((30, 30, WIDTH - 30, HEIGHT - 30), outline=accent, width=8)
    draw.rectangle((54, 54, WIDTH - 54, HEIGHT - 54), outline="#c7c2b0", width=2)
    inner = WIDTH - 2 * _MARGIN
    y = 130

    def centered(lines: list[str], face: Font, fill: str, gap: int) -> None:
        nonlocal y
        for line in lines:
            left, top, right, bottom = draw.textbbox((0, 0), line, font=face)
            draw.text(((WIDTH - (right - left)) / 2 - left, y), line, font=face, fill=fill)
            y += int(face.size if isinstance(face, ImageFont.FreeTypeFont) else bottom - top) + gap

    if view.valid:
        centered(["EduSphere"], font(40, bold=True), accent, 30)
    else:  # in the header's place, so long names and titles never push it off the card
        y -= 20
        centered(["REVOKED"], font(56, bold=True), accent, 14)
    centered(["Certificate of completion"], font(64, bold=True), "#1f2937", 50)
    centered(["This certifies that"], font(34), "#4b5563", 24)
    centered(wrap(view.learner_name, font(72, bold=True), inner, 2), font(72, bold=True), "#111827", 16)
    y += 20
    centered(["has completed the course"], font(34), "#4b5563", 24)
    centered(wrap(view.course_title, font(56, bold=True), inner, 3), font(56, bold=True), accent, 12)
    y += 20
    centered(wrap(f"by {view.creator_name}", font(34), inner, 2), font(34), "#374151", 10)
    y = max(y + 30, HEIGHT - 230)  # the footer: below the longest names, inside the border
    centered([f"Issued {view.issued_at:%d %B %Y}"], font(32), "#374151", 16)
    centered([f"Certificate {view.id}"], font(24), "#6b7280", 10)
    out = BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
