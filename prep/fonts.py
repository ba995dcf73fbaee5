"""The fonts the PDF is drawn with, which one draws each character, and how
text in them is ordered (bidi_levels, visual_order) and shaped (shape).

Four families ship (see prep/fonts/README.md): Noto Sans for Latin, Greek and
Cyrillic, Noto Naskh Arabic for Arabic, Persian and Urdu, Noto Sans Bengali and
Noto Sans Gurmukhi. A parent's answer can mix scripts (an Urdu answer with an
English name, Bengali with English words), so the font is chosen per run of
text, not per document: split_runs() cuts text into runs by Unicode script and
gives each run the family that can draw it. Spaces, digits and punctuation
(script "Common") join the run around them when its font has them.

Families are registered with ReportLab once per process. Never fall back to
ReportLab's built-in Helvetica: it has no Ł, Ș or Cyrillic and it is not
embedded, so a chair's viewer would substitute something else.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from fontTools import unicodedata as ucd
from fontTools.ttLib import TTFont as ToolsFont
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
    # scripts; off for Latin, where it is slower and changes nothing visible.
    shaping: bool = False
    # ISO 15924 codes of the scripts this family is chosen for.
    scripts: frozenset[str] = field(default_factory=frozenset)
    rtl: bool = False  # its scripts are written right to left
    # Drawn this much larger than the Latin around it, so both look the same
    # size (Naskh's letters are small for their point size).
    scale: float = 1.0

    @property
    def regular(self) -> str:
        return self.name

    @property
    def bold(self) -> str:
        return f"{self.name}-Bold"

    def face(self, bold: bool = False) -> str:
        return self.bold if bold else self.regular


NOTO_SANS = FontFamily("NotoSans", FONT_DIR / "NotoSans-Regular.ttf", FONT_DIR / "NotoSans-Bold.ttf",
                       scripts=frozenset({"Latn", "Grek", "Cyrl"}))
# Naskh, not Nastaliq, for Urdu too: see prep/fonts/README.md.
NOTO_NASKH_ARABIC = FontFamily("NotoNaskhArabic", FONT_DIR / "NotoNaskhArabic-Regular.ttf",
                               FONT_DIR / "NotoNaskhArabic-Bold.ttf", shaping=True,
                               scripts=frozenset({"Arab"}), rtl=True, scale=1.2)
NOTO_SANS_BENGALI = FontFamily("NotoSansBengali", FONT_DIR / "NotoSansBengali-Regular.ttf",
                               FONT_DIR / "NotoSansBengali-Bold.ttf", shaping=True, scripts=frozenset({"Beng"}))
NOTO_SANS_GURMUKHI = FontFamily("NotoSansGurmukhi", FONT_DIR / "NotoSansGurmukhi-Regular.ttf",
                                FONT_DIR / "NotoSansGurmukhi-Bold.ttf", shaping=True, scripts=frozenset({"Guru"}))

# The first family is the default: text with no script of its own (digits,
# punctuation) and every page's furniture fall back to it.
FAMILIES: tuple[FontFamily, ...] = (NOTO_SANS, NOTO_NASKH_ARABIC, NOTO_SANS_BENGALI, NOTO_SANS_GURMUKHI)
BY_FACE = {face: fam for fam in FAMILIES for face in (fam.regular, fam.bold)}
_BY_SCRIPT = {script: fam for fam in FAMILIES for script in fam.scripts}

# Every font file we ship, for packaging checks and tests.
FONT_PATHS: tuple[Path, ...] = tuple(p for f in FAMILIES for p in (f.regular_path, f.bold_path))

# The script each app language is written in (prep.i18n.LANGUAGES); the rest are Latin or Cyrillic.
LANGUAGE_SCRIPTS = {"ar": "Arab", "fa": "Arab", "ur": "Arab", "bn": "Beng", "pa": "Guru"}


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
    """The family of a language's own script (headings, labels); Noto Sans if unknown."""
    return _BY_SCRIPT.get(LANGUAGE_SCRIPTS.get((language or "").split("-")[0].split("_")[0], ""), NOTO_SANS)


@functools.cache
def cmap(path: Path) -> frozenset[int]:
    """Code points a font file can draw, read from the file itself (not from
    ReportLab's copy, which shaping extends with private-use code points)."""
    return frozenset(ToolsFont(str(path), lazy=True).getBestCmap())


@functools.cache
def family_cmap(family: FontFamily) -> frozenset[int]:
    """What both faces of a family can draw (so bold and regular agree)."""
    return cmap(family.regular_path) & cmap(family.bold_path)


@functools.cache
def drawable() -> frozenset[int]:
    """Every code point some shipped family can draw."""
    return frozenset().union(*(family_cmap(f) for f in FAMILIES))


# --- which family draws which character ---------------------------------------------
COMMON = "Zyyy"  # digits, punctuation, spaces: shared by scripts
INHERITED = "Zinh"  # combining marks, joiners: take the script of the letter before


@functools.lru_cache(maxsize=4096)
def script_of(ch: str) -> str:
    return ucd.script(ch)


@functools.lru_cache(maxsize=4096)
def _extensions(ch: str) -> tuple[FontFamily, ...]:
    """Families of the scripts a Common character is used with (، with Arabic, । with Bengali)."""
    return tuple(f for f in FAMILIES if f.scripts & set(ucd.script_extension(ch)))


@dataclass(frozen=True)
class Run:
    family: FontFamily
    text: str


def _own_family(ch: str) -> FontFamily | None:
    """The family for a letter of a script (None for Common/Inherited characters)."""
    script = script_of(ch)
    if script in (COMMON, INHERITED):
        return None
    family = _BY_SCRIPT.get(script)
    cp = ord(ch)
    if family is not None and cp in family_cmap(family):
        return family
    # A letter of a script with no family of its own (or one the family
    # lacks): whichever family can draw it, Noto Sans first.
    for other in FAMILIES:
        if cp in family_cmap(other):
            return other
    return None


def split_runs(text: str, default: FontFamily = NOTO_SANS) -> list[Run]:
    """Cut `text` into runs, each drawn by one family.

    Letters go to their script's family. Common characters (spaces, digits,
    punctuation, line breaks) join the run before them if its font has them,
    else the run after; a character no font has in that position goes to a
    family that has it (Noto Sans has the Latin punctuation the Arabic font
    lacks). Combining marks and joiners stay with the letter before them, and
    are dropped if that font cannot draw them (they are invisible).
    `text` must hold only characters some family can draw (see drawable()).
    """
    families: list[FontFamily | None] = [_own_family(ch) for ch in text]
    n = len(text)
    # Common characters: the family before, else the next letter's family.
    nxt: FontFamily | None = None
    following: list[FontFamily | None] = [None] * n
    for i in range(n - 1, -1, -1):
        following[i] = nxt
        if families[i] is not None:
            nxt = families[i]
    out: list[FontFamily | None] = []
    prev: FontFamily | None = None
    for i, ch in enumerate(text):
        fam = families[i]
        if fam is None:
            cp = ord(ch)
            if ch == "\n":
                fam = prev or following[i] or default
            elif script_of(ch) == INHERITED:
                fam = prev if prev is not None and cp in family_cmap(prev) else None
                if fam is None and prev is None and following[i] is not None and cp in family_cmap(following[i]):
                    fam = following[i]
                if fam is None:
                    out.append(None)  # dropped: an invisible mark or joiner no font here can draw
                    continue
            else:
                for candidate in (prev, following[i] if prev is None else None, *_extensions(ch), default,
                                  *FAMILIES):
                    if candidate is not None and cp in family_cmap(candidate):
                        fam = candidate
                        break
                else:
                    out.append(None)
                    continue
        out.append(fam)
        prev = fam
    runs: list[Run] = []
    buf: list[str] = []
    current: FontFamily | None = None
    for ch, fam in zip(text, out):
        if fam is None:
            continue
        if fam is not current and buf:
            runs.append(Run(current, "".join(buf)))
            buf = []
        current = fam
        buf.append(ch)
    if buf:
        runs.append(Run(current, "".join(buf)))
    return runs


# --- direction: which way each character runs -------------------------------------
# A small implementation of the Unicode Bidirectional Algorithm (UAX #9) for
# one paragraph without explicit embeddings: rules W1-W7, N1-N2 and I1-I2.
# ReportLab's own right-to-left support needs the rlbidi package and even then
# only reverses whole fragments, so numbers and English names inside Urdu
# would come out backwards.
_STRONG = {"L": "L", "R": "R", "AL": "R"}


@functools.lru_cache(maxsize=8192)
def bidi_class(ch: str) -> str:
    import unicodedata

    return unicodedata.bidirectional(ch) or "L"


def is_rtl_char(ch: str) -> bool:
    return bidi_class(ch) in ("R", "AL")


def bidi_levels(text: str, base: int) -> list[int]:
    """Embedding level of each character of one line of text (base 0: left to
    right, 1: right to left). Odd levels run right to left."""
    if base == 0 and not any(bidi_class(ch) in ("R", "AL", "AN") for ch in set(text)):
        return [0] * len(text)  # nothing right to left: the usual case for Bengali and Gurmukhi
    types = [bidi_class(ch) for ch in text]
    n = len(types)
    # Explicit embeddings and isolates are not supported: treat them, and
    # boundary neutrals (joiners), as the character before them.
    explicit = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI", "BN"}
    sos = "R" if base % 2 else "L"
    prev = sos
    for i, t in enumerate(types):  # W1 (and X9): marks take the type before them
        if t == "NSM" or t in explicit:
            types[i] = prev
        prev = types[i]
    last_strong = sos
    for i, t in enumerate(types):  # W2, W3
        if t in ("L", "R", "AL"):
            last_strong = t
            if t == "AL":
                types[i] = "R"
        elif t == "EN" and last_strong == "AL":
            types[i] = "AN"
    for i in range(1, n - 1):  # W4
        a, t, b = types[i - 1], types[i], types[i + 1]
        if t == "ES" and a == b == "EN":
            types[i] = "EN"
        elif t == "CS" and a == b and a in ("EN", "AN"):
            types[i] = a
    i = 0
    while i < n:  # W5: European terminators (%, £) next to European numbers
        if types[i] == "ET":
            j = i
            while j < n and types[j] == "ET":
                j += 1
            if (i > 0 and types[i - 1] == "EN") or (j < n and types[j] == "EN"):
                types[i:j] = ["EN"] * (j - i)
            i = j
        else:
            i += 1
    for i, t in enumerate(types):  # W6
        if t in ("ES", "ET", "CS"):
            types[i] = "ON"
    last_strong = sos
    for i, t in enumerate(types):  # W7
        if t in ("L", "R"):
            last_strong = t
        elif t == "EN" and last_strong == "L":
            types[i] = "L"
    # N1, N2: neutrals between two of the same direction take it; else the base.
    def strong(t: str) -> str | None:
        return "L" if t == "L" else "R" if t in ("R", "EN", "AN") else None

    i = 0
    while i < n:
        if strong(types[i]) is None:
            j = i
            while j < n and strong(types[j]) is None:
                j += 1
            before = strong(types[i - 1]) if i > 0 else sos
            after = strong(types[j]) if j < n else sos
            resolved = before if before == after else sos
            types[i:j] = [resolved] * (j - i)
            i = j
        else:
            i += 1
    levels = []
    for t in types:  # I1, I2
        if base % 2 == 0:
            levels.append(base + (1 if t == "R" else 2 if t in ("AN", "EN") else 0))
        else:
            levels.append(base + (1 if t in ("L", "EN", "AN") else 0))
    return levels


def visual_order(levels: list[int]) -> list[int]:
    """Rule L2: indexes of items in the order they are drawn, left to right."""
    order = list(range(len(levels)))
    if not levels:
        return order
    top = max(levels)
    lowest_odd = min((lv for lv in levels if lv % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def main_direction_rtl(text: str, default: bool = False) -> bool:
    """Is most of the text's lettering right to left? (Neutral text: `default`.)"""
    rtl = ltr = 0
    for ch in text:
        t = bidi_class(ch)
        if t in ("R", "AL"):
            rtl += 1
        elif t == "L" and not ch.isspace():
            ltr += 1
    if rtl == ltr == 0:
        return default
    return rtl > ltr


# --- shaping: characters to positioned glyphs -----------------------------------------
@functools.lru_cache(maxsize=64)
def _hb_font(face: str):
    """A HarfBuzz font for a registered face (cached: made once per face)."""
    register_fonts()
    return pdfmetrics.getFont(face).hbFont(1000)


def shape(text: str, face: str, size: float, rtl: bool):
    """`text` (one direction, one face) shaped by HarfBuzz: (ShapedStr, width in points).

    Like ReportLab's shapeFragWord, but with the direction given rather than
    guessed from the first letter, so Arabic-Indic digits are not reversed and
    brackets in right-to-left text are mirrored. The ShapedStr holds one
    character per glyph (ReportLab maps glyphs without a character of their
    own, like ligatures, to private-use code points) and HarfBuzz's positions,
    which ReportLab's text output applies.
    """
    import uharfbuzz as hb
    from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

    ttf = pdfmetrics.getFont(face)
    hbf = _hb_font(face)
    buf = hb.Buffer()
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    hb.shape(hbf, buf, {"kern": True, "liga": True})
    chars: list[str] = []
    data: list = []
    advance = 0.0
    glyph_to_char = ttf.face.glyphToChar
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions):
        gid = info.codepoint
        try:
            uchar = glyph_to_char[gid][0]
        except (KeyError, IndexError):
            uchar = ttf.hbAddPrivate(hbf.glyph_to_string(gid), gid, pos.x_advance)
        x_advance = ttf.pdfScale(pos.x_advance)
        advance += x_advance
        chars.append(chr(uchar))
        data.append(ShapeData(info.cluster, x_advance, ttf.pdfScale(pos.y_advance), ttf.pdfScale(pos.x_offset),
                              ttf.pdfScale(pos.y_offset), ttf.face.charWidths[uchar]))
    if data and data[0].y_offset and _ZWSP in ttf.face.charToGlyph:
        # ReportLab 5.1 fails (IndexError in setRise) when a shaped string's
        # first glyph is raised or lowered (a mark drawn first, as the last
        # letter of a right-to-left piece often is). Lead with an invisible,
        # zero-width glyph instead.
        chars.insert(0, chr(_ZWSP))
        data.insert(0, ShapeData(data[0].cluster, 0, 0, 0, 0, ttf.face.charWidths.get(_ZWSP, 0)))
    return ShapedStr("".join(chars), shapeData=data), advance * size / 1000


_ZWSP = 0x200B  # an empty, zero-width glyph in every shipped font (ZWNJ's glyph is visible in some)
