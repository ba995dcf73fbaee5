"""The fonts the PDF is drawn with, which one draws each character, and how
text in them is shaped into glyphs that still say what the parent wrote.

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

Real text. A PDF maps each glyph back to text through the font's ToUnicode
table. ReportLab maps a glyph to the first character the font's cmap gives it,
so a joined Arabic letter comes back as a presentation form, and a glyph with
no character of its own (lam-alef, a Bengali conjunct) as a private-use code.
shape() instead gives each glyph the characters of the HarfBuzz cluster it
draws (TextFont writes them into ToUnicode), so copying, searching and pypdf
get the parent's own letters. (The statement also wraps every shaped piece in
an ActualText span: see prep/pdf/text.py.)
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field
from pathlib import Path

from fontTools import unicodedata as ucd
from fontTools.ttLib import TTFont as ToolsFont
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, ShapeData, ShapedStr, TTFont

from .bidi import BIDI_CONTROLS

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
# Bengali and Gurmukhi letters hang from a headline and sit small for their point size:
# drawn a little larger, they look the size of the Latin beside them.
NOTO_SANS_BENGALI = FontFamily("NotoSansBengali", FONT_DIR / "NotoSansBengali-Regular.ttf",
                               FONT_DIR / "NotoSansBengali-Bold.ttf", shaping=True, scripts=frozenset({"Beng"}),
                               scale=1.12)
NOTO_SANS_GURMUKHI = FontFamily("NotoSansGurmukhi", FONT_DIR / "NotoSansGurmukhi-Regular.ttf",
                                FONT_DIR / "NotoSansGurmukhi-Bold.ttf", shaping=True, scripts=frozenset({"Guru"}),
                                scale=1.12)

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
        pdfmetrics.registerFont(TextFont(family.regular, str(family.regular_path)))
        pdfmetrics.registerFont(TextFont(family.bold, str(family.bold_path)))
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


@functools.lru_cache(maxsize=16384)
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


def _one_family(text: str, default: FontFamily) -> FontFamily | None:
    """The family that draws all of `text`, when one does and every letter is its
    own (the usual case: an answer in one script); else None."""
    chars = set(text) - {"\n"} - BIDI_CONTROLS
    letters = {_own_family(ch) for ch in chars} - {None}
    if len(letters) > 1:
        return None
    family = letters.pop() if letters else default
    cmap = family_cmap(family)
    return family if all(ord(ch) in cmap for ch in chars) else None


def split_runs(text: str, default: FontFamily = NOTO_SANS) -> list[Run]:
    """Cut `text` into runs, each drawn by one family.

    Letters go to their script's family. Common characters (spaces, digits,
    punctuation, line breaks) join the run before them if its font has them,
    else the run after; a character no font has in that position goes to a
    family that has it (Noto Sans has the Latin punctuation the Arabic font
    lacks). Combining marks and joiners stay with the letter before them, and
    are dropped if that font cannot draw them (they are invisible). Bidi
    controls (isolates, marks) stay in the run around them: they order the
    text and are taken out before it is drawn. `text` must hold only
    characters some family can draw (see drawable()), and bidi controls.
    """
    if not text:
        return []
    one = _one_family(text, default)
    if one is not None:
        return [Run(one, text)]
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
            if ch == "\n" or ch in BIDI_CONTROLS:  # controls order the text; never drawn
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


# --- shaping: characters to positioned glyphs that keep their text ------------------
class TextFont(TTFont):
    """A TrueType font whose ToUnicode table says, for each glyph code used, the
    text it stands for (see shape()), not only a character of the font's cmap."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from weakref import WeakKeyDictionary

        self._split = WeakKeyDictionary()  # document -> {text: ReportLab's subset codes for it}
        self.glyph_texts: dict[int, str] = {}  # code point (ours, private use) -> its text
        self._codes: dict[tuple[int, str], int] = {}  # (glyph id, text) -> that code point
        self._next_code = PRIVATE_CODES.start
        self._lock = threading.Lock()

    def code_for(self, gid: int, text: str, advance: float) -> int:
        """A code point that draws glyph `gid` and reads back as `text`."""
        face = self.face
        if len(text) == 1 and face.charToGlyph.get(ord(text)) == gid:
            return ord(text)  # the usual case: the font's own character
        key = (gid, text)
        code = self._codes.get(key)
        if code is not None:
            return code
        with self._lock:
            code = self._codes.get(key)
            if code is None:
                if self._next_code >= PRIVATE_CODES.stop:  # bounded: never grows without end
                    chars = face.glyphToChar.get(gid)
                    return chars[0] if chars else 0
                code = self._next_code
                self._next_code += 1
                face.charToGlyph[code] = gid
                face.charWidths[code] = advance
                self.glyph_texts[code] = text
                self._codes[key] = code
        return code

    def splitString(self, text, doc, encoding="utf-8"):
        # Called for every piece of text drawn, and pieces repeat (spaces, common
        # words): the answer depends only on the text, once its codes are assigned.
        cache = self._split.get(doc)
        if cache is None:
            cache = self._split[doc] = {}
        found = cache.get(text)
        if found is None:
            found = cache[text] = super().splitString(text, doc, encoding)
        return found

    def addObjects(self, doc):
        """As TTFont.addObjects, with a ToUnicode table that maps codes to their text."""
        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_name = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))).decode("pdfdoc")
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = "Font %s subset %d" % (self.fontName, n)
            font.Name = internal_name
            font.BaseFont = base_name
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = pdfdoc.PDFArray(list(map(self.face.getCharWidth, subset)))
            cmap = pdfdoc.PDFStream()
            cmap.content = to_unicode_cmap(base_name, [self.glyph_texts.get(code, chr(code)) for code in subset])
            if doc.compression:
                cmap.filters = [pdfdoc.PDFZCompress]
            font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base_name)
            font.FontDescriptor = self.face.addSubsetObjects(doc, base_name, subset)
            doc.Reference(font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = font
        del self.state[doc]


# Our glyph codes: Supplementary Private Use Area-A, which no shipped font uses.
# At most this many (glyph, text) pairs per face for the life of the process.
PRIVATE_CODES = range(0xF0000, 0xF0000 + 40_000)


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def to_unicode_cmap(name: str, texts: list[str]) -> str:
    """A ToUnicode CMap: code i of this subset reads as texts[i] (which may be
    several characters, as for a ligature, or none, for the second glyph of a
    character drawn in two parts)."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({name})", f"/Ordering ({name})", "/Supplement 0", ">> def",
        f"/CMapName /{name} def", "/CMapType 2 def",
        "1 begincodespacerange", "<00> <%02X>" % (len(texts) - 1), "endcodespacerange",
        f"{len(texts)} beginbfchar",
        *("<%02X> <%s>" % (i, _utf16_hex(text)) for i, text in enumerate(texts)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


@functools.lru_cache(maxsize=64)
def _hb_font(face: str):
    """A HarfBuzz font for a registered face (cached: made once per face)."""
    register_fonts()
    return pdfmetrics.getFont(face).hbFont(1000)


@functools.lru_cache(maxsize=8192)
def shape(text: str, face: str, size: float, rtl: bool):
    """`text` (one direction, one face) shaped by HarfBuzz: (ShapedStr, width in points).

    Like ReportLab's shapeFragWord, but with the direction given rather than
    guessed from the first letter, so Arabic-Indic digits are not reversed and
    brackets in right-to-left text are mirrored. The ShapedStr holds one code
    per glyph and HarfBuzz's positions, which ReportLab's text output applies.
    Each glyph's code reads back as the characters of its HarfBuzz cluster
    (the first glyph of a cluster carries them, the rest read as nothing); for
    right-to-left text reversed, as PDF readers reverse right-to-left glyphs.
    Cached: answers repeat their words, and the result is never changed.
    """
    import uharfbuzz as hb

    ttf = pdfmetrics.getFont(face)
    hbf = _hb_font(face)
    buf = hb.Buffer()
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    hb.shape(hbf, buf, {"kern": True, "liga": True})
    infos, positions = buf.glyph_infos, buf.glyph_positions
    starts = sorted({info.cluster for info in infos})
    ends = dict(zip(starts, [*starts[1:], len(text)]))
    done: set[int] = set()
    codes: list[str] = []
    data: list = []
    advance = 0.0
    scale = ttf.pdfScale
    for info, pos in zip(infos, positions):
        cluster = info.cluster
        if cluster in done:
            said = ""
        else:
            done.add(cluster)
            said = text[cluster:ends[cluster]]
            if rtl:
                said = said[::-1]
        x_advance = scale(pos.x_advance)
        code = ttf.code_for(info.codepoint, said, x_advance)
        advance += x_advance
        codes.append(chr(code))
        data.append(ShapeData(cluster, x_advance, scale(pos.y_advance), scale(pos.x_offset),
                              scale(pos.y_offset), ttf.face.charWidths.get(code, x_advance)))
    if all(not (d.x_offset or d.y_offset or d.y_advance) and d.x_advance == d.width for d in data):
        # Nothing to position: each glyph at its own width. A plain string is drawn
        # without a position per glyph, which is much cheaper.
        return "".join(codes), advance * size / 1000
    if data and data[0].y_offset and _ZWSP in ttf.face.charToGlyph:
        # ReportLab 5.1 fails (IndexError in setRise) when a shaped string's
        # first glyph is raised or lowered (a mark drawn first, as the last
        # letter of a right-to-left piece often is). Lead with an invisible,
        # zero-width glyph that reads as nothing instead.
        code = ttf.code_for(ttf.face.charToGlyph[_ZWSP], "", 0)
        codes.insert(0, chr(code))
        data.insert(0, ShapeData(data[0].cluster, 0, 0, 0, 0, ttf.face.charWidths.get(code, 0)))
    return ShapedStr("".join(codes), shapeData=data), advance * size / 1000


_ZWSP = 0x200B  # an empty, zero-width glyph in every shipped font (ZWNJ's glyph is visible in some)
