"""The fonts the PDF is drawn with, registered with ReportLab once per process.

Only Noto Sans ships now (Latin, Greek, Cyrillic). Later issues add Arabic,
Bengali and Gurmukhi families: add a FontFamily below, list it in FAMILIES and
teach family_for() when to pick it. Nothing else needs to know.

Never fall back to ReportLab's built-in Helvetica: it has no Ł, Ș or Cyrillic
and it is not embedded, so a chair's viewer would substitute something else.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"


@dataclass(frozen=True)
class FontFamily:
    name: str  # ReportLab family name, also the regular face's name
    regular_path: Path
    bold_path: Path
    # HarfBuzz shaping (ReportLab + uharfbuzz): needed for Arabic and Indic
    # scripts; off for Latin, where it is ~10x slower and changes nothing visible.
    shaping: bool = False

    @property
    def regular(self) -> str:
        return self.name

    @property
    def bold(self) -> str:
        return f"{self.name}-Bold"


NOTO_SANS = FontFamily("NotoSans", FONT_DIR / "NotoSans-Regular.ttf", FONT_DIR / "NotoSans-Bold.ttf")

FAMILIES: tuple[FontFamily, ...] = (NOTO_SANS,)

# Every font file we ship, for packaging checks and tests.
FONT_PATHS: tuple[Path, ...] = tuple(p for f in FAMILIES for p in (f.regular_path, f.bold_path))


@functools.cache
def register_fonts() -> tuple[FontFamily, ...]:
    """Register every family with ReportLab (idempotent; cheap after the first call)."""
    for family in FAMILIES:
        pdfmetrics.registerFont(TTFont(family.regular, str(family.regular_path)))
        pdfmetrics.registerFont(TTFont(family.bold, str(family.bold_path)))
        # No italic faces ship: map italic to upright so <i> can never reach
        # for a built-in font.
        for bold, italic, face in ((0, 0, family.regular), (1, 0, family.bold),
                                   (0, 1, family.regular), (1, 1, family.bold)):
            addMapping(family.name, bold, italic, face)
    return FAMILIES


def family_for(language: str | None) -> FontFamily:
    """The one place that chooses a font family for a language.

    Later: e.g. "ar"/"ur" -> Noto Naskh Arabic, "bn" -> Noto Sans Bengali,
    "pa" -> Noto Sans Gurmukhi (with Noto Sans for Latin runs).
    """
    return NOTO_SANS


@functools.cache
def codepoints(font_name: str) -> frozenset[int]:
    """Code points the registered font can draw (its cmap)."""
    register_fonts()
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)
