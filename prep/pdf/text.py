"""Text in any script: whatever a parent typed, drawn literally, in the order
the web page shows it, and kept as real text inside the PDF.

para() is the one way text becomes a paragraph. ReportLab's Paragraph parses a
small HTML-like markup, so text is escaped first and only then do we add our
own tags: <br/> for line breaks, <font name=...> around each run that Noto
Sans cannot draw (prep.fonts.split_runs chooses the family per run), and a
grey <font> for the short marker that stands for a run of characters no
shipped font has.

Paragraphs with Arabic, Bengali or Gurmukhi, or with anything right to left,
become a ScriptParagraph: each word is cut into pieces of one font and one
bidi level (prep.bidi, ICU), each piece shaped with HarfBuzz in its own
direction (prep.fonts.shape). A paragraph runs right to left when its first
strong letter does, as dir="auto" decides on the web page. Each line's pieces
are written left to right as drawn (PDF readers turn right-to-left runs round
themselves), each shaped piece inside an ActualText span that says its text,
so that copying, searching, screen readers and pdftotext get the parent's
words back. Latin-only paragraphs stay
plain ReportLab Paragraphs, unshaped, which is several times faster.

Cost is bounded. A run of characters no font has becomes one short marker
(named markers stop after MARKER_BUDGET characters per text), so what is drawn
is never much longer than what was typed. A very long word is cut into pieces
that may break anywhere. A long answer is laid out once and cut into
paragraphs of CHUNK_LINES lines (text_flowables), so splitting it over pages
never lays out the rest of it again and again.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedFragWord, makeShapedFragWord
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _FK_BREAK, _FK_TEXT, _HSFrag, _InjectedFrag, _getFragWords, _processed_frags

from .. import bidi
from ..fonts import BY_FACE, NOTO_SANS, FontFamily, drawable, shape, split_runs
from .styles import MUTED_HEX, variant

SHORT_LINE = 60  # characters: a value this short sits with the document's alignment

# --- what cannot be drawn: one short marker per run ----------------------------------------
# Controls (except \n and \t), lone surrogates and non-characters: dropped.
_DROP = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile("\r\n|[\r\x85\u2028\u2029]")
# Parts of emoji sequences with no meaning of their own: variation selectors,
# zero-width joiner, skin-tone modifiers, tag characters, keycap.
_EMOJI_GLUE = re.compile("[\ufe00-\ufe0f\u200d\u20e3\U0001f3fb-\U0001f3ff\U000e0000-\U000e007f\U000e0100-\U000e01ef]")
_REGIONAL = range(0x1F1E6, 0x1F200)
_NAMES = {0x2764: "red heart"}  # Unicode's name for it is "heavy black heart"

NAME_MAX = 40  # a symbol's name longer than this is just "symbol"
MARKER_MAX = 60  # a marker naming several symbols longer than this says how many instead
MARKER_BUDGET = 600  # characters of markers per text; after that each run is one "�"
SPENT = "\ufffd"  # the replacement character: "something here this PDF cannot show"


def _script(ch: str) -> str:
    """A script's name from a character's Unicode name: "CJK UNIFIED IDEOGRAPH" -> "CJK"."""
    word = unicodedata.name(ch, "other").split()[0].split("-")[0]
    return word if len(word) <= 3 else word.capitalize()


def _symbol_name(ch: str) -> str:
    name = _NAMES.get(ord(ch)) or unicodedata.name(ch, "symbol").lower()
    return name if len(name) <= NAME_MAX else "symbol"


class _Run:
    """Characters no font has, in a row: what one marker will stand for."""

    def __init__(self):
        self.symbols: list[str] = []  # names, one per symbol (a flag is one)
        self.script: str | None = None  # letters of a script with no font
        self.flag: str | None = None  # first letter of a regional-indicator pair

    def add(self, ch: str) -> None:
        cp = ord(ch)
        if cp in _REGIONAL:
            letter = chr(cp - _REGIONAL.start + ord("A"))
            if self.flag is None:
                self.flag = letter
            else:
                self.symbols.append(f"flag {self.flag}{letter}")
                self.flag = None
            return
        if self.flag is not None:
            self.symbols.append(f"flag {self.flag}")
            self.flag = None
        if unicodedata.category(ch)[0] in "LN" and not self.symbols:
            self.script = self.script or _script(ch)
        else:
            self.symbols.append(_symbol_name(ch))

    def marker(self) -> str:
        if self.flag is not None:
            self.symbols.append(f"flag {self.flag}")
        if self.script is not None and not self.symbols:
            return "[" + _("%(script)s text that this PDF cannot show", script=self.script) + "]"
        names: list[str] = []
        counts: list[int] = []
        for name in self.symbols:
            if names and names[-1] == name:
                counts[-1] += 1
            else:
                names.append(name)
                counts.append(1)
        said = ", ".join(n if c == 1 else f"{n} ×{c}" for n, c in zip(names, counts))
        if len(said) > MARKER_MAX:
            said = f"{len(self.symbols)} symbols"
        return f"[{said}]"


def _segments(text: str, cmap: frozenset[int]) -> list[tuple[str | None, str | None]]:
    """Split text into (literal, None) and (None, marker) pieces.

    Characters some font has are kept, and so are bidi controls (they order the
    text). A run of the rest becomes one marker: "[crying face]", "[red heart,
    flag GB]", "[12 symbols]", or, for words in a script with no font (Chinese,
    say), one note naming the script. Spaces and punctuation between such words
    belong to the run. After MARKER_BUDGET characters of markers, each run is a
    single "�". Invisible joiners and marks no font has are dropped.
    """
    text = _DROP.sub("", _NEWLINES.sub("\n", text)).replace("\t", " ")
    if all(ord(ch) in cmap for ch in set(text) - {"\n"} - bidi.BIDI_CONTROLS):
        return [(text, None)]
    pieces: list[tuple[str | None, str | None]] = []
    literal: list[str] = []
    run: _Run | None = None
    held: list[str] = []  # spaces/punctuation after a run of unshowable letters: theirs if it goes on
    budget = MARKER_BUDGET

    def close() -> None:
        nonlocal run, budget
        if run is None:
            return
        marker = run.marker()
        if len(marker) > budget:
            marker = SPENT
        budget -= len(marker)
        if literal:
            pieces.append(("".join(literal), None))
            literal.clear()
        pieces.append((None, marker))
        run = None
        literal.extend(held)
        held.clear()

    for ch in text:
        if ord(ch) in cmap or ch == "\n" or ch in bidi.BIDI_CONTROLS:
            if run is not None and _EMOJI_GLUE.match(ch):
                continue  # part of the emoji sequence being collected
            if run is not None and run.script is not None and ch != "\n" and unicodedata.category(ch)[0] in "PZ":
                held.append(ch)  # between words of the script, or after the last one
                continue
            close()
            literal.append(ch)
            continue
        cat = unicodedata.category(ch)
        if _EMOJI_GLUE.match(ch) or cat[0] == "M" or cat in ("Cc", "Cf", "Cs"):
            continue  # invisible, or a mark on nothing we can draw
        if cat[0] == "Z":  # a space no font has
            if run is not None and run.script is not None:
                held.append(" ")
            else:
                close()
                literal.append(" ")
            continue
        if run is not None and run.script is not None:
            if cat[0] == "P" or (cat[0] in "LN" and _script(ch) == run.script):
                held.clear()  # the spaces and punctuation between its words are part of it
                continue
            close()
        elif run is not None and cat[0] in "LN":
            close()  # letters after symbols: a marker of their own
        if run is None:
            run = _Run()
        run.add(ch)
    close()
    if literal:
        pieces.append(("".join(literal), None))
    return pieces


@dataclass(frozen=True)
class Marked:
    """Paragraph markup for some text, and what laying it out needs."""

    markup: str
    plain: str  # the text as drawn (markers included, bidi controls too), for direction
    shaping: bool  # a run in a font that needs HarfBuzz
    bidi: bool  # something right to left, or a bidi control


def _runs_markup(text: str, base: FontFamily, bold: bool, size: float, faces: set[str]) -> str:
    out = []
    for run in split_runs(text, base):
        literal = escape(run.text).replace("\n", "<br/>")
        if run.family is base:
            out.append(literal)
        else:
            face = run.family.face(bold)
            faces.add(face)
            scaled = f' size="{round(size * run.family.scale, 2)}"' if run.family.scale != 1 else ""
            out.append(f'<font name="{face}"{scaled}>{literal}</font>')
    return "".join(out)


def mark(text: str, base: FontFamily = NOTO_SANS, *, bold: bool = False, size: float = 12) -> Marked:
    """Markup that draws `text` literally: escaped, line breaks kept, each run
    in the family that can draw it (at `size` times the family's scale),
    markers for what none can."""
    if not bidi.has_rtl(text) and not (bidi.RTL_CONTROLS & set(text)):
        text = bidi.strip_controls(text)  # nothing right to left: isolates change nothing
    out, plain, faces = [], [], {base.face(bold)}
    for literal, marker in _segments(text, drawable()):
        if literal is not None:
            out.append(_runs_markup(literal, base, bold, size, faces))
            plain.append(literal)
        else:
            out.append(f'<font color="{MUTED_HEX}">{_runs_markup(marker, base, bold, size, faces)}</font>')
            plain.append(marker)
    text = "".join(plain)
    ordered = bidi.has_rtl(text) or bool(bidi.BIDI_CONTROLS & set(text))
    return Marked("".join(out), text, any(BY_FACE[f].shaping for f in faces), ordered)


def to_markup(text: str, family: FontFamily = NOTO_SANS, *, bold: bool = False, size: float = 12) -> str:
    """Paragraph markup that draws `text` literally, line breaks kept."""
    return mark(text, family, bold=bold, size=size).markup


def to_plain(text: str) -> str:
    """One line of text: same rules, no markup, no bidi controls, white space squashed."""
    parts = (lit if lit is not None else marker for lit, marker in _segments(text, drawable()))
    return " ".join(bidi.strip_controls("".join(parts)).split())


# --- complex scripts: pieces of one font and one direction ------------------------------
_BREAKING_SPACE = re.compile(r"[^\S\xa0\u2007\u202f]")  # white space, but not the no-break spaces
LONG_WORD = 40  # characters: a word longer than this may break anywhere ...
WORD_PIECE = 12  # ... between pieces of about this many characters


class PlainParagraph(Paragraph):
    """ReportLab's Paragraph, laying out its lines once per width: tables, KeepTogether
    and the frame each wrap a paragraph again, often at the same width."""

    def breakLines(self, width):
        key = tuple(width) if isinstance(width, (list, tuple)) else width
        cache = self.__dict__.setdefault("_lines_at", {})
        if key not in cache:
            cache[key] = super().breakLines(width)
        return cache[key]


class ScriptParagraph(Paragraph):
    """A Paragraph whose words are cut into pieces of one font and one bidi
    level, each shaped on its own, and drawn in visual order as real text.

    ReportLab (with style.shaping) shapes each space-separated word in one
    buffer with the first character's font and a guessed direction, so a word
    that changes font (an Urdu word with an English bracket, "phoneটা") or
    direction ("2024ء", Arabic-Indic digits) comes out wrong; and without the
    rlbidi package its right-to-left layout only reverses whole fragments. So
    here the parsed fragments become words up front (_shaped_words), ReportLab
    breaks lines as usual (it leaves shaped words alone), breakLines() puts
    each line's pieces in visual order, and drawPara() places them.
    """

    def __init__(self, text, style=None, *args, frags=None, **kwargs):
        super().__init__(text, style, *args, frags=frags, **kwargs)
        self._base_level = 1 if self.style.wordWrap == "RTL" else 0
        if self.frags and not _processed_frags(self.frags):
            self.frags = _shaped_words(self.frags, self._base_level)
        self._words = list(self.frags)

    def breakLines(self, width):
        # Laid out once per width (tables, KeepTogether and the frame wrap again).
        key = tuple(width) if isinstance(width, (list, tuple)) else width
        cache = self.__dict__.setdefault("_lines_at", {})
        if key not in cache:
            cache[key] = self._break_lines(width)
        self.frags = cache[key][1]
        return cache[key][0]

    def _break_lines(self, width):
        # ReportLab cuts a word too long for a line into pieces inside self.frags;
        # start from the uncut words each time, or a second wrap() (the frame's,
        # after split()) breaks differently and a paragraph that fitted no longer does.
        self.frags = list(self._words)
        bl = super().breakLines(width)
        if bl.kind != 1:
            return bl, self.frags
        words = self.frags
        lines = bl.lines
        base = self._base_level
        for i, line in enumerate(lines):
            stop = lines[i + 1].sFW if i + 1 < len(lines) else len(words)
            pieces: list = []  # clones of the fragments, in the parent's order
            previous = None
            for word in words[line.sFW:stop]:
                if isinstance(word, _InjectedFrag) or len(word) < 2 or word[1][0]._fkind == _FK_BREAK:
                    continue
                if previous is not None and isinstance(previous, _HSFrag):
                    last = previous[-1][0]
                    pieces.append(_piece(last, " ", getattr(previous, "space_level", base),
                                         stringWidth(" ", last.fontName, last.fontSize)))
                for frag, text in word[1:]:
                    if text:
                        pieces.append(_piece(frag, text, getattr(frag, "bidi_level", base),
                                             getattr(frag, "piece_width", None), getattr(frag, "said", None)))
                previous = word
            for logical, piece in enumerate(pieces):
                piece.logical = logical
            order = bidi.visual_order([piece.bidi_level for piece in pieces])
            line.words = [pieces[i] for i in order]
        return bl, self.frags

    def _get_split_blParaFunc(self):
        # ReportLab makes the two parts of a split from its lines as drawn (here
        # in visual order), which then wrap differently and may no longer fit.
        # Cut our words instead; a long word ReportLab cut in pieces is joined
        # again, marked as shaped so that ReportLab does not reshape it.
        if self.blPara.kind != 1:
            return super()._get_split_blParaFunc()
        words = self.frags

        def cut(bl_para, start, stop):
            lines = bl_para.lines
            part = _getFragWords(words[lines[start].sFW:lines[stop].sFW if stop < len(lines) else len(words)])
            return [w if isinstance(w, ShapedFragWord) else makeShapedFragWord(w)(w) for w in part]
        return cut

    def cut_into(self, width: float, lines_each: int) -> list["ScriptParagraph"]:
        """This paragraph as paragraphs of `lines_each` lines, laid out once at
        `width`: each wraps at that width exactly as its lines did here."""
        self.wrap(width, 1e9)
        lines = self.blPara.lines
        if self.blPara.kind != 1 or len(lines) <= lines_each:
            return [self]
        words = self.frags
        parts = []
        for start in range(0, len(lines), lines_each):
            stop = start + lines_each
            first = lines[start].sFW
            last = lines[stop].sFW if stop < len(lines) else len(words)
            part = ScriptParagraph(None, self.style, frags=[w if isinstance(w, ShapedFragWord)
                                                            else makeShapedFragWord(w)(w) for w in words[first:last]])
            part.plain = getattr(self, "plain", "")
            parts.append(part)
        return parts

    def drawPara(self, debug=0):
        bl = getattr(self, "blPara", None)
        if bl is None or bl.kind != 1:
            return super().drawPara(debug)
        _draw_lines(self.canv, bl.lines, self.style, self.width, self.height)


class Piece:
    """What one piece of a line needs to be drawn (lighter than a cloned ReportLab fragment)."""

    __slots__ = ("fontName", "fontSize", "textColor", "text", "bidi_level", "piece_width", "said", "logical")

    def __init__(self, frag, text, level: int, width: float, said: str | None):
        self.fontName, self.fontSize, self.textColor = frag.fontName, frag.fontSize, frag.textColor
        self.text, self.bidi_level, self.piece_width, self.said, self.logical = text, level, width, said, 0


def _piece(frag, text, level: int, width: float | None, said: str | None = None) -> Piece:
    if width is None:
        width = stringWidth(str(text), frag.fontName, frag.fontSize)
    return Piece(frag, text, level, width, said)


def _actual_text(piece, mixed: bool) -> str | None:
    """What a piece says, as PDF readers expect it, or None when its glyphs'
    own text (ToUnicode) is enough (Latin in a left-to-right line).

    Readers take glyphs left to right and turn right-to-left runs round
    themselves, so a right-to-left piece says its text backwards. In a line
    that mixes directions (`mixed`) each space and punctuation mark is held
    between marks of its piece's direction (RLM, LRM): without them a reader
    guesses their direction from their neighbours and moves a comma or a
    bracket to the wrong word ("مثلًا :نحب" for "مثلًا: نحب")."""
    said = getattr(piece, "said", None)
    if said is None:
        if not mixed:
            return None
        said = str(piece.text)
    rtl = piece.bidi_level % 2
    if not mixed:
        return said
    mark = bidi.RLM if rtl else bidi.LRM
    drawn = said[::-1] if rtl else said
    return "".join(f"{mark}{ch}{mark}" if bidi.bidi_class(ch) not in _STRONG_OR_NUMBER else ch for ch in drawn)


_STRONG_OR_NUMBER = frozenset(("L", "R", "AL", "EN", "AN", "NSM"))


def _pdf_text_string(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _draw_lines(canvas: Canvas, lines, style: ParagraphStyle, width: float, height: float) -> None:
    """Each line's pieces, left to right as drawn, shaped pieces (and, in a
    line that mixes directions, every piece) inside ActualText spans. Pieces
    side by side in one font, colour and direction are drawn as one run."""
    from reportlab import rl_config

    first = lines[0]
    y = height - (first.fontSize if rl_config.paraFontSizeHeightOffset else first.ascent)
    canvas.saveState()
    tx = canvas.beginText(0, y)
    font = color = None
    for n, line in enumerate(lines):
        baseline = y - n * style.leading
        x = style.leftIndent + (line.extraSpace if style.alignment == TA_RIGHT else 0)
        mixed = any(piece.bidi_level % 2 for piece in line.words)
        for x, run in _runs(line.words, x, mixed):  # as drawn: readers expect right-to-left runs backwards
            piece, text, actual = run
            tx.setTextOrigin(x, baseline)
            if font != (piece.fontName, piece.fontSize):
                font = (piece.fontName, piece.fontSize)
                tx.setFont(*font)
            if color != piece.textColor:
                color = piece.textColor
                tx.setFillColor(color)
            if actual is not None:
                tx._code.append(f"/Span <</ActualText {_pdf_text_string(actual)}>> BDC")
            tx._textOut(text)
            if actual is not None:
                tx._code.append("EMC")
    canvas.drawText(tx)
    canvas.restoreState()


def _runs(pieces: list, x: float, mixed: bool):
    """(x, (first piece, text, ActualText or None)) for each run of pieces drawn as one."""
    run = None
    start = x
    for piece in pieces:
        text, actual = piece.text, _actual_text(piece, mixed)
        joinable = (run is not None and type(text) is str and type(run[1]) is str
                    and (run[0].fontName, run[0].fontSize, run[0].textColor, run[0].bidi_level % 2)
                    == (piece.fontName, piece.fontSize, piece.textColor, piece.bidi_level % 2))
        if joinable:
            # A piece with no ActualText says its own characters (it was not shaped).
            said = None if run[2] is None and actual is None else (run[2] or run[1]) + (actual or text)
            run = (run[0], run[1] + text, said)
        else:
            if run is not None:
                yield start, run
            start = x
            run = (piece, text, actual)
        x += piece.piece_width
    if run is not None:
        yield start, run


def _shaped_words(frags: list, base: int) -> list:
    """ReportLab "frag words" ([width, (frag, text), ...]) for parsed fragments,
    each piece of one font and one bidi level, shaped where needed."""
    # 1. The logical text of each line (between <br/>s), with where each character came from.
    lines: list[list[tuple[object, str]]] = [[]]
    for f in frags:
        if hasattr(f, "lineBreak"):
            lines.append([(f, "")])  # marks the break
            continue
        if hasattr(f, "cbDefn"):
            continue  # no images or anchors in our markup
        lines[-1].append((f, f.text or ""))
    words: list = []
    for n, line in enumerate(lines):
        if n:
            brk = line[0][0]
            brk._fkind = _FK_BREAK
            words.append([0, (brk, "")])
            line = line[1:]
        text = "".join(t for _, t in line)
        owner = [f for f, t in line for _ in t]
        levels = bidi.levels(text, base)
        if bidi.BIDI_CONTROLS & set(text):  # they have done their work: not drawn
            keep = [i for i, ch in enumerate(text) if ch not in bidi.BIDI_CONTROLS]
            text = "".join(text[i] for i in keep)
            owner = [owner[i] for i in keep]
            levels = [levels[i] for i in keep]
        words.extend(_words_of_line(text, owner, levels))
    return words


def _cut_points(start: int, stop: int, text: str) -> list[int]:
    """Where a long word may break: about every WORD_PIECE characters, never
    before a combining mark or joiner."""
    if stop - start <= LONG_WORD:
        return [start, stop]
    points = [start]
    k = start + WORD_PIECE
    while k < stop:
        while k < stop and unicodedata.category(text[k])[0] in "MC":
            k += 1
        if k < stop:
            points.append(k)
        k += WORD_PIECE
    points.append(stop)
    return points


def _words_of_line(text: str, owner: list, levels: list[int]) -> list:
    words: list = []
    i, n = 0, len(text)
    while i < n and _BREAKING_SPACE.match(text[i]):
        i += 1  # leading white space is not drawn (as in ReportLab)
    while i < n:
        j = i
        while j < n and not _BREAKING_SPACE.match(text[j]):
            j += 1
        points = _cut_points(i, j, text)
        for a, b in zip(points, points[1:]):
            spaced = b == j and j < n
            words.append(_word(text, owner, levels, a, b, spaced, levels[j] if spaced else 0))
        i = j
        while i < n and _BREAKING_SPACE.match(text[i]):
            i += 1
    return words


def _word(text: str, owner: list, levels: list[int], start: int, stop: int, spaced: bool, space_level: int):
    """One word (or piece of a long one): its pieces of one fragment and one level, shaped."""
    pieces: list = []
    width = 0.0
    k = start
    while k < stop:
        m = k + 1
        while m < stop and owner[m] is owner[k] and levels[m] == levels[k]:
            m += 1
        frag = owner[k].clone()
        frag._fkind = _FK_TEXT
        frag.bidi_level = levels[k]
        piece = text[k:m]
        family = BY_FACE.get(frag.fontName)
        if levels[k] % 2 or (family is not None and family.shaping):
            frag.said = piece
            piece, w = shape(piece, frag.fontName, frag.fontSize, rtl=bool(levels[k] % 2))
        else:
            w = stringWidth(piece, frag.fontName, frag.fontSize)
        frag.text = piece
        frag.piece_width = w
        pieces.append((frag, piece))
        width += w
        k = m
    word = makeShapedFragWord(_HSFrag([]) if spaced else [])([width, *pieces])
    if spaced:
        word.space_level = space_level
    return word


def _is_bold(style: ParagraphStyle) -> bool:
    return style.fontName.endswith("-Bold")


def para(text: str, style: ParagraphStyle, rtl_doc: bool = False, *, furniture: bool = False,
         right: bool | None = None) -> Paragraph:
    """A paragraph drawing `text` literally in `style`, in whatever scripts it holds.

    It runs right to left (right aligned) when its first strong letter is
    right to left, as the web page's dir="auto" decides; text with no letters
    (a phone number) runs left to right. Phone numbers keep their digit groups
    in order. In a right-to-left document, furniture (headings, labels, the
    English beside them, the top block's values) and short text ("Yes", a
    name) are right aligned, lined up with the headings; longer left-to-right
    text (an answer in English) stays left aligned. `right` forces the
    alignment.
    """
    text = bidi.keep_numbers_together(text)
    marked = mark(text, BY_FACE.get(style.fontName, NOTO_SANS), bold=_is_bold(style), size=style.fontSize)
    rtl = marked.bidi and bidi.paragraph_rtl(marked.plain, default=rtl_doc and furniture)
    if right is None:
        right = rtl or (rtl_doc and (furniture or len(marked.plain) <= SHORT_LINE and "\n" not in marked.plain))
    style_used = variant(style, marked.shaping, rtl, right)
    if marked.shaping or marked.bidi:
        paragraph = ScriptParagraph(None, style_used, frags=_words_for(marked.markup, style_used)) \
            if len(marked.markup) <= REUSED_TEXT else ScriptParagraph(marked.markup, style_used)
    else:
        paragraph = PlainParagraph(marked.markup, style_used)
    paragraph.plain = marked.plain  # what it says, for tests and debugging
    return paragraph


REUSED_TEXT = 300  # characters of markup: headings, labels, short values, page furniture


@functools.lru_cache(maxsize=4096)
def _words_for(markup: str, style: ParagraphStyle) -> list:
    """The shaped words of a short paragraph, made once per process: every statement
    in a language has the same headings and labels. (Paragraphs never change them.)"""
    return ScriptParagraph(markup, style)._words


CHUNK_CHARS = 2000  # an answer longer than this is laid out once and cut ...
CHUNK_LINES = 25  # ... into paragraphs of this many lines


def text_flowables(text: str, style: ParagraphStyle, rtl_doc: bool, width: float, **options) -> list[Paragraph]:
    """para(), cut into paragraphs of CHUNK_LINES lines when the text is long.

    Platypus splits a paragraph over pages by laying out the rest of it again
    on every page, which grows with the square of its length; pieces of a fixed
    number of lines keep it in proportion, and look the same."""
    paragraph = para(text, style, rtl_doc, **options)
    if len(text) <= CHUNK_CHARS or not isinstance(paragraph, ScriptParagraph):
        return [paragraph]  # ReportLab's own paragraphs of Latin text split quickly enough
    return paragraph.cut_into(width, CHUNK_LINES)


def text_width(text: str, style: ParagraphStyle) -> float:
    p = para(text, style, right=False)
    p.wrap(1e6, 1e6)
    widths = p.getActualLineWidths0()
    return max(widths) if widths else 0.0


def fit(text: str, style: ParagraphStyle, width: float) -> str:
    """Cut `text` with an ellipsis so it fits in `width` points."""
    if text_width(text, style) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if text_width(text[:mid] + "…", style) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


@dataclass(frozen=True)
class Line:
    """One line of text, wrapped once, to draw with its baseline at a given height."""

    para: Paragraph
    height: float
    ascent: float

    @classmethod
    def make(cls, text: str, style: ParagraphStyle, width: float, rtl_doc: bool, *, right: bool) -> "Line":
        p = para(text, style, rtl_doc, furniture=True, right=right)
        _, height = p.wrap(width, 1e6)
        blp = p.blPara
        if blp.kind == 1:
            ascent = blp.lines[0].ascent if blp.lines else style.fontSize
        else:
            ascent = getattr(blp, "ascent", style.fontSize)
        return cls(p, height, ascent)

    def draw(self, canvas: Canvas, x: float, baseline: float) -> None:
        self.para.drawOn(canvas, x, baseline - (self.height - self.ascent))


__all__ = ["ScriptParagraph", "Marked", "Line", "fit", "mark", "para", "text_flowables", "text_width",
           "to_markup", "to_plain", "TA_LEFT"]
