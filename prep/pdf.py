"""The statement as a PDF for the conference chair, and the blank paper form.

render_statement() turns a Statement into A4 PDF bytes with ReportLab platypus;
render_paper_form() makes the questions with space to write by hand. Both read
the questions from prep.steps.STEPS (and its forms), so the PDF always matches
the check-answers page. They need a Flask app context with a locale (lazy
strings, dates); they never touch the request.

Text in any script. Everything a parent typed goes through _para(): ReportLab's
Paragraph parses a small HTML-like markup, so text is escaped first and only
then do we add our own tags: <br/> for line breaks, <font name=...> around each
run that Noto Sans cannot draw (prep.fonts.split_runs chooses the family per
run), and a grey <font> for characters no shipped font has. Paragraphs with an
Arabic, Bengali or Gurmukhi run become a ScriptParagraph: it shapes each run
with HarfBuzz and orders runs by the Unicode bidirectional algorithm, and a
paragraph whose lettering is mostly Arabic-script is laid out right to left
(wordWrap "RTL", right aligned). Latin-only paragraphs stay plain Paragraphs,
unshaped, which is several times faster.

When the PDF is not in English, every heading, question and fixed phrase also
shows its English (smaller, grey) so a chair who reads only English can follow.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from flask_babel import force_locale, format_date, get_locale, gettext as _, lazy_gettext as _l
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedFragWord, makeShapedFragWord
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
)
from reportlab.platypus.paragraph import (
    _FK_BREAK, _FK_TEXT, _HSFrag, _InjectedFrag, _getFragWords, _processed_frags,
)

from . import i18n
from . import questions as q
from .fonts import (
    BY_FACE, NOTO_SANS, FontFamily, bidi_levels, drawable, main_direction_rtl, register_fonts, shape,
    split_runs, visual_order,
)
from .statement import Statement
from .steps import STEPS, Row

AUTHOR = "Conference prep"
ENGLISH = "en_GB"  # the locale of the English shown beside translations

TEXT = colors.HexColor("#0b0c0c")  # GOV.UK text colour
MUTED_HEX = "#505a5f"  # GOV.UK secondary text: 7:1 on white
MUTED = colors.HexColor(MUTED_HEX)
RULE = colors.HexColor("#b1b4b6")
WRITING_RULE = colors.HexColor("#6f777b")  # lines to write on: visible when photocopied

# Fixed phrases of the document, lazy so each can be read in English too.
TITLE = _l("Parent's contribution to a child protection conference")
SUBJECT = _l("A parent's written views for the child protection conference")
NO_ANSWER = _l("No answer given")
DATE_PREPARED = _l("Date prepared")
COUNCIL = _l("Council")
OWN_COPY_DATES = _l("Dates to remember (in your own copy only)")
SENT = _l("Sent to the conference team")
OWN_COPY_NOTE = _l("This page is for you. Leave it out of the copy you send to the chair.")
PAGE_X_OF_Y = _l("Page %(page)s of %(pages)s")


# --- style sheet ---------------------------------------------------------------
@dataclass(frozen=True)
class Sizes:
    body: float
    label: float  # the question above each answer
    heading: float  # each step's title
    title: float
    furniture: float  # header and footer lines
    english: float  # English beside a translated heading or label
    leading: float = 1.4  # line height as a multiple of font size
    stack_top_block: bool = False  # label above value instead of a two-column table
    writing_gap: float = 9 * mm  # between lines to write on (paper form)


# The one switch between standard and large print. Large print (RNIB clear
# print): body 16pt or more, headings 20pt or more, and the English beside
# them body size too; left aligned (right for right-to-left text), no italics,
# no justification, no columns.
SIZES = {
    False: Sizes(body=12, label=12.5, heading=17, title=21, furniture=9, english=10),
    True: Sizes(body=16, label=20, heading=24, title=28, furniture=14, english=16, stack_top_block=True,
                writing_gap=13 * mm),
}


@dataclass(frozen=True)
class StyleSheet:
    family: FontFamily
    sizes: Sizes
    title: ParagraphStyle
    heading: ParagraphStyle
    label: ParagraphStyle
    body: ParagraphStyle
    blank: ParagraphStyle  # "No answer given"
    key: ParagraphStyle  # top block, left column
    value: ParagraphStyle  # top block, right column
    title_en: ParagraphStyle  # the English under the title
    heading_en: ParagraphStyle
    label_en: ParagraphStyle
    key_en: ParagraphStyle
    note: ParagraphStyle  # "This translation has not been checked..."
    hint: ParagraphStyle  # paper form: the example under a question
    sublabel: ParagraphStyle  # paper form: "1. Name" for each child
    furniture: ParagraphStyle
    furniture_bold: ParagraphStyle
    margin: float
    furniture_gap: float  # from page edge to header/footer baseline

    @property
    def english_styles(self) -> dict[str, ParagraphStyle]:
        return {"title": self.title_en, "heading": self.heading_en, "label": self.label_en, "key": self.key_en}


@functools.cache
def style_sheet(large_print: bool = False, family: FontFamily | None = None) -> StyleSheet:
    """ReportLab styles, built once per process for each size (and base family)."""
    register_fonts()
    family = family or NOTO_SANS
    s = SIZES[bool(large_print)]

    def style(name, size, bold=False, color=TEXT, before=0.0, after=0.0):
        return ParagraphStyle(
            name, fontName=family.face(bold), bulletFontName=family.regular,
            fontSize=size, leading=round(size * s.leading, 1), textColor=color, alignment=TA_LEFT,
            spaceBefore=before, spaceAfter=after,
            splitLongWords=1,  # a 5,000-character "word" wraps instead of overflowing
            allowWidows=0, allowOrphans=0,  # no lone first or last line of an answer
            shaping=0,  # on only in the variants for complex scripts (see _variant)
        )

    english = s.english
    return StyleSheet(
        family=family,
        sizes=s,
        title=style("title", s.title, bold=True, after=s.body * 1.2),
        heading=style("heading", s.heading, bold=True, before=s.body * 1.6, after=s.body * 0.5),
        label=style("label", s.label, bold=True, before=s.body * 0.9, after=s.body * 0.25),
        body=style("body", s.body),
        blank=style("blank", s.body, color=MUTED),
        key=style("key", s.body, bold=True),
        value=style("value", s.body),
        title_en=style("title-en", max(english, s.title * 0.6), color=MUTED, before=-s.body * 0.9, after=s.body),
        heading_en=style("heading-en", max(english, s.heading * 0.7), color=MUTED, before=-s.body * 0.35,
                         after=s.body * 0.5),
        label_en=style("label-en", english, color=MUTED, after=s.body * 0.25),
        key_en=style("key-en", english, color=MUTED),
        note=style("note", english if large_print else s.body * 0.85, color=MUTED, after=s.body * 0.3),
        hint=style("hint", s.body, color=MUTED, after=s.body * 0.3),
        sublabel=style("sublabel", s.body, bold=True, before=s.body * 0.5, after=s.body * 0.2),
        furniture=style("furniture", s.furniture, color=MUTED),
        furniture_bold=style("furniture-bold", s.furniture, bold=True, color=MUTED),
        margin=(18 if large_print else 20) * mm,
        furniture_gap=(10 if large_print else 11) * mm,
    )


SHORT_LINE = 60  # characters: a value this short sits with the document's alignment
RTL_LEADING = 1.75  # Arabic script (drawn 1.2 times larger): taller letters, deeper descenders


@functools.lru_cache(maxsize=None)
def _variant(style: ParagraphStyle, shaping: bool, rtl: bool, right: bool) -> ParagraphStyle:
    """The style for a paragraph that needs shaping, runs right to left, or is right aligned."""
    if not shaping and not rtl and right == (style.alignment == TA_RIGHT):
        return style
    leading = max(style.leading, round(style.fontSize * RTL_LEADING, 1)) if rtl else style.leading
    return ParagraphStyle(
        f"{style.name}{'-shaped' if shaping else ''}{'-rtl' if rtl else ''}{'-right' if right else ''}",
        parent=style, shaping=int(shaping), wordWrap="RTL" if rtl else None,
        alignment=TA_RIGHT if right else TA_LEFT, leading=leading,
    )


# --- text: whatever a parent typed, drawn literally ---------------------------
# Controls (except \n and \t), lone surrogates and non-characters: dropped.
_DROP = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile("\r\n|[\r\x85\u2028\u2029]")
# Parts of emoji sequences with no meaning of their own: variation selectors,
# zero-width joiner, skin-tone modifiers, tag characters, keycap.
_EMOJI_GLUE = re.compile("[\ufe00-\ufe0f\u200d\u20e3\U0001f3fb-\U0001f3ff\U000e0000-\U000e007f\U000e0100-\U000e01ef]")
_REGIONAL = range(0x1F1E6, 0x1F200)


_NAMES = {0x2764: "red heart"}  # Unicode's name for it is "heavy black heart"


def _script(ch: str) -> str:
    """A script's name from a character's Unicode name: "CJK UNIFIED IDEOGRAPH" -> "CJK"."""
    word = unicodedata.name(ch, "other").split()[0].split("-")[0]
    return word if len(word) <= 3 else word.capitalize()


def _segments(text: str, cmap: frozenset[int]) -> list[tuple[str | None, str | None]]:
    """Split text into (literal, None) and (None, placeholder) pieces.

    Characters some font has are kept. For the rest, a font's empty box would
    tell a chair nothing (and ReportLab leaves it out of the PDF's text), so:
    a missing emoji or symbol becomes its name, e.g. "[crying face]"; a run of
    words in a script with no font (Chinese, say) becomes one note naming the
    script. Missing spaces become spaces; invisible joiners and marks are dropped.
    """
    text = _DROP.sub("", _NEWLINES.sub("\n", text)).replace("\t", " ")
    if all(ord(ch) in cmap for ch in set(text) - {"\n"}):
        return [(text, None)]
    pieces: list[tuple[str | None, str | None]] = []
    run: list[str] = []  # literal text not yet in pieces
    hidden = None  # script of the unshowable words being collected
    held: list[str] = []  # spaces/punctuation after them: theirs if the script goes on
    flag = None  # first letter of a regional-indicator pair

    def place(placeholder: str) -> None:
        if run:
            pieces.append(("".join(run), None))
            run.clear()
        pieces.append((None, placeholder))

    def close() -> None:
        nonlocal hidden, flag
        if hidden is not None:
            place(_("%(script)s text that this PDF cannot show", script=hidden))
            hidden = None
        if flag is not None:
            place(f"flag {flag}")
            flag = None
        run.extend(held)
        held.clear()

    for ch in text:
        cp = ord(ch)
        if cp in cmap or ch == "\n":
            if hidden is not None and ch != "\n" and unicodedata.category(ch)[0] in "PZ":
                held.append(ch)
            else:
                close()
                run.append(ch)
            continue
        if _EMOJI_GLUE.match(ch):
            continue
        cat = unicodedata.category(ch)
        if cat[0] in "LN" or (cat[0] == "P" and hidden is not None):
            script = _script(ch) if cat[0] != "P" else hidden
            if script == hidden:
                held.clear()
            else:
                close()
                hidden = script
        elif cat[0] == "Z":
            (held if hidden is not None else run).append(" ")
        elif cat[0] == "M" or cat in ("Cc", "Cf", "Cs"):
            continue
        elif cp in _REGIONAL:  # two regional indicators make a flag
            letter = chr(cp - 0x1F1E6 + ord("A"))
            if flag is None:
                close()
                flag = letter
            else:
                first, flag = flag, None
                place(f"flag {first}{letter}")
        else:  # symbols, emoji, private use, unassigned, stray punctuation
            close()
            place(_NAMES.get(cp) or unicodedata.name(ch, "symbol").lower())
    close()
    if run:
        pieces.append(("".join(run), None))
    return pieces


@dataclass(frozen=True)
class Marked:
    """Paragraph markup for some text, and what laying it out needs."""

    markup: str
    plain: str  # the text as drawn (placeholders included), for direction
    shaping: bool  # a run in a font that needs HarfBuzz
    bidi: bool  # some right-to-left characters


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
    placeholders for what none can."""
    out, plain, faces = [], [], {base.face(bold)}
    for literal, placeholder in _segments(text, drawable()):
        if literal is not None:
            out.append(_runs_markup(literal, base, bold, size, faces))
            plain.append(literal)
        else:
            marked = _runs_markup(f"[{placeholder}]", base, bold, size, faces)
            out.append(f'<font color="{MUTED_HEX}">{marked}</font>')
            plain.append(f"[{placeholder}]")
    text = "".join(plain)
    return Marked("".join(out), text, any(BY_FACE[f].shaping for f in faces),
                  any(BY_FACE[f].rtl for f in faces))


def to_markup(text: str, family: FontFamily = NOTO_SANS, *, bold: bool = False, size: float = 12) -> str:
    """Paragraph markup that draws `text` literally, line breaks kept."""
    return mark(text, family, bold=bold, size=size).markup


def to_plain(text: str) -> str:
    """One line of text: same rules, no markup, white space squashed."""
    parts = (lit if lit is not None else f"[{ph}]" for lit, ph in _segments(text, drawable()))
    return " ".join("".join(parts).split())


# --- complex scripts: shaping and right to left ----------------------------------------
_BREAKING_SPACE = re.compile(r"[^\S\xa0\u2007\u202f]")  # white space, but not the no-break spaces


class ScriptParagraph(Paragraph):
    """A Paragraph whose runs are shaped with HarfBuzz and ordered by the
    Unicode bidirectional algorithm.

    ReportLab (with style.shaping) shapes each space-separated word in one
    buffer with the first character's font and a guessed direction, so a word
    that changes font (an Urdu word with an English bracket, "phoneটা") or
    direction ("2024ء", Arabic-Indic digits) comes out wrong; and without the
    rlbidi package its right-to-left layout only reverses whole fragments. So
    here the parsed fragments are turned into words up front: each word is cut
    into pieces of one font and one embedding level, each piece shaped with
    its own direction. ReportLab then breaks lines as usual (it leaves shaped
    words alone), and breakLines() puts each line's pieces in visual order.
    """

    def __init__(self, text, style=None, *args, frags=None, **kwargs):
        super().__init__(text, style, *args, frags=frags, **kwargs)
        self._base_level = 1 if self.style.wordWrap == "RTL" else 0
        if self.frags and not _processed_frags(self.frags):
            self.frags = _shaped_words(self.frags, self._base_level)
        self._words = list(self.frags)

    def breakLines(self, width):
        # ReportLab cuts a word too long for a line into pieces inside self.frags;
        # start from the uncut words each time, or a second wrap() (the frame's,
        # after split()) breaks differently and a paragraph that fitted no longer does.
        self.frags = list(self._words)
        bl = super().breakLines(width)
        if bl.kind != 1:
            return bl
        words = self.frags
        lines = bl.lines
        base = self._base_level
        for i, line in enumerate(lines):
            stop = lines[i + 1].sFW if i + 1 < len(lines) else len(words)
            pieces: list[tuple] = []  # (frag, text, level)
            previous = None
            for word in words[line.sFW:stop]:
                if isinstance(word, _InjectedFrag) or len(word) < 2 or word[1][0]._fkind == _FK_BREAK:
                    continue
                if previous is not None and isinstance(previous, _HSFrag):
                    last = previous[-1][0]
                    pieces.append((last, " ", getattr(previous, "space_level", base)))
                for frag, text in word[1:]:
                    if text:
                        pieces.append((frag, text, getattr(frag, "bidi_level", base)))
                previous = word
            if not pieces or (base == 0 and not any(level % 2 for _, _, level in pieces)):
                continue  # all left to right: ReportLab's own fragments are right
            order = visual_order([level for _, _, level in pieces])
            new = []
            for index in order:
                frag, text, _level = pieces[index]
                g = frag.clone()
                g.text = text
                new.append(g)
            line.words = new
        return bl

    def _get_split_blParaFunc(self):
        # ReportLab makes the two parts of a split from its lines as drawn (here
        # shaped and in visual order), which then wrap differently and may no
        # longer fit. Cut our words instead; a long word ReportLab cut in pieces
        # is joined again, marked as shaped so that ReportLab does not reshape it.
        if self.blPara.kind != 1:
            return super()._get_split_blParaFunc()
        words = self.frags

        def cut(bl_para, start, stop):
            lines = bl_para.lines
            part = _getFragWords(words[lines[start].sFW:lines[stop].sFW if stop < len(lines) else len(words)])
            return [w if isinstance(w, ShapedFragWord) else makeShapedFragWord(w)(w) for w in part]
        return cut

    def drawPara(self, debug=0):
        # ReportLab reverses each line's fragments when drawing a wordWrap="RTL"
        # paragraph; ours are already in visual order, so hand it them reversed.
        blPara = getattr(self, "blPara", None)
        if self.style.wordWrap != "RTL" or blPara is None or blPara.kind != 1:
            return super().drawPara(debug)
        saved = [line.words for line in blPara.lines]
        for line in blPara.lines:
            line.words = line.words[::-1]
        try:
            return super().drawPara(debug)
        finally:
            for line, words in zip(blPara.lines, saved):
                line.words = words


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
        levels = bidi_levels(text, base)
        words.extend(_words_of_line(text, owner, levels, base))
    return words


def _words_of_line(text: str, owner: list, levels: list[int], base: int) -> list:
    words: list = []
    i, n = 0, len(text)
    while i < n and _BREAKING_SPACE.match(text[i]):
        i += 1  # leading white space is not drawn (as in ReportLab)
    while i < n:
        j = i
        while j < n and not _BREAKING_SPACE.match(text[j]):
            j += 1
        # Pieces of one fragment (font) and one level.
        pieces: list = []
        width = 0.0
        k = i
        while k < j:
            m = k + 1
            while m < j and owner[m] is owner[k] and levels[m] == levels[k]:
                m += 1
            frag = owner[k].clone()
            frag._fkind = _FK_TEXT
            frag.bidi_level = levels[k]
            piece = text[k:m]
            family = BY_FACE.get(frag.fontName)
            if levels[k] % 2 or (family is not None and family.shaping):
                piece, w = shape(piece, frag.fontName, frag.fontSize, rtl=bool(levels[k] % 2))
            else:
                w = stringWidth(piece, frag.fontName, frag.fontSize)
            frag.text = piece
            pieces.append((frag, piece))
            width += w
            k = m
        spaced = j < n
        word = makeShapedFragWord(_HSFrag([]) if spaced else [])([width, *pieces])
        if spaced:
            word.space_level = levels[j]
        words.append(word)
        i = j
        while i < n and _BREAKING_SPACE.match(text[i]):
            i += 1
    return words


def _is_bold(style: ParagraphStyle) -> bool:
    return style.fontName.endswith("-Bold")


def _para(text: str, style: ParagraphStyle, rtl_doc: bool = False, *, furniture: bool = False,
          right: bool | None = None) -> Paragraph:
    """A paragraph drawing `text` literally in `style`, in whatever scripts it holds.

    It runs right to left (wordWrap "RTL", right aligned) when most of its
    lettering is Arabic-script; text with no letters (a phone number) runs
    left to right, as the web page's dir="auto" shows it. In a right-to-left
    document, `furniture` (headings, labels, the English beside them, the top
    block's values) with any Arabic script in it runs right to left too, and
    furniture and short text ("Yes", a name) are right aligned, lined up with
    the headings; longer left-to-right text (an answer in English) stays left
    aligned. `right` forces the alignment.
    """
    marked = mark(text, BY_FACE.get(style.fontName, NOTO_SANS), bold=_is_bold(style), size=style.fontSize)
    rtl = marked.bidi and (main_direction_rtl(marked.plain) or (rtl_doc and furniture))
    if right is None:
        right = rtl or (rtl_doc and (furniture or len(marked.plain) <= SHORT_LINE and "\n" not in marked.plain))
    variant = _variant(style, marked.shaping, rtl, right)
    para = (ScriptParagraph if marked.shaping or marked.bidi else Paragraph)(marked.markup, variant)
    para.plain = marked.plain  # what it says, for tests and debugging
    return para


def _text_width(text: str, style: ParagraphStyle) -> float:
    p = _para(text, style, right=False)
    p.wrap(1e6, 1e6)
    widths = p.getActualLineWidths0()
    return max(widths) if widths else 0.0


def _fit(text: str, style: ParagraphStyle, width: float) -> str:
    """Cut `text` with an ellipsis so it fits in `width` points."""
    if _text_width(text, style) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if _text_width(text[:mid] + "…", style) <= width:
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
        p = _para(text, style, rtl_doc, furniture=True, right=right)
        _, height = p.wrap(width, 1e6)
        blp = p.blPara
        if blp.kind == 1:
            ascent = blp.lines[0].ascent if blp.lines else style.fontSize
        else:
            ascent = getattr(blp, "ascent", style.fontSize)
        return cls(p, height, ascent)

    def draw(self, canvas: Canvas, x: float, baseline: float) -> None:
        self.para.drawOn(canvas, x, baseline - (self.height - self.ascent))


# --- the document's language, and English beside it ---------------------------------
@dataclass(frozen=True)
class Lang:
    """What the PDF's language changes: direction, English beside, the review note."""

    language: i18n.Language
    english: bool  # the PDF is in English: nothing to put beside

    @property
    def rtl(self) -> bool:
        return self.language.rtl

    @property
    def unreviewed(self) -> bool:
        return not self.english and not i18n.is_reviewed(self.language.code)


def _doc_lang() -> Lang:
    """The language of the current locale (the one gettext is translating into)."""
    locale = get_locale()
    found = None
    if locale is not None:
        found = next((lang for lang in i18n.LANGUAGES if lang.locale == str(locale)), None) or next(
            (lang for lang in i18n.LANGUAGES if lang.code == locale.language), None)
    found = found or i18n.BY_CODE[i18n.DEFAULT]
    return Lang(found, found.code == "en")


def in_english(text) -> str:
    """A lazy string (or a function making one) in English."""
    with force_locale(ENGLISH):
        return str(text() if callable(text) else text)


def _both(lang: Lang, translated: str, english: str | None) -> tuple[str, str | None]:
    """(translated, English) — English None when it would only repeat."""
    if lang.english or english is None or " ".join(english.split()) == " ".join(translated.split()):
        return translated, None
    return translated, english


def _with_english(lang: Lang, text, style: ParagraphStyle, english_style: ParagraphStyle,
                  english: str | None = None) -> list[Paragraph]:
    """A heading or label, and its English under it when the PDF is not in English."""
    translated = str(text)
    english = english if english is not None else (None if lang.english else in_english(text))
    translated, english = _both(lang, translated, english)
    out = [_para(translated, style, lang.rtl, furniture=True)]
    if english:
        out.append(_para(english, english_style, lang.rtl, furniture=True))
    return out


def _beside(lang: Lang, translated: str, english: str | None) -> str:
    """A short fixed phrase and its English on one line: "Nie udzielono odpowiedzi · No answer given"."""
    translated, english = _both(lang, translated, english)
    return f"{translated} · {english}" if english else translated


def _unreviewed_note(lang: Lang, sheet: StyleSheet) -> list[Paragraph]:
    if not lang.unreviewed:
        return []
    note = i18n.review_note(lang.language.code)  # not yet checked, or partly checked (a percentage)
    translated, english = _both(lang, str(note), in_english(note))
    out = [_para(translated, sheet.note, lang.rtl, furniture=True)]
    if english:
        out.append(_para(english, sheet.note, lang.rtl, furniture=True))
    return out


# --- page furniture ------------------------------------------------------------
class Furniture:
    """What goes on every page: the parent's name and marking at the top, the
    marking and "Page X of Y" at the bottom (mirrored for right-to-left)."""

    def __init__(self, sheet: StyleSheet, lang: Lang, name: str, marking: str):
        self.sheet, self.lang = sheet, lang
        self.name = name
        self.marking = marking
        self.page_text = str(PAGE_X_OF_Y)
        self.page_english = None if lang.english else in_english(PAGE_X_OF_Y)
        self._fitted: tuple[str, str] | None = None
        self._lines: dict[tuple, Line] = {}

    def _fit_once(self, width: float) -> tuple[str, str]:
        if self._fitted is None:
            sheet = self.sheet
            marking = _fit(self.marking, sheet.furniture_bold, width / 2)
            marking_w = _text_width(marking, sheet.furniture_bold)
            name = _fit(self.name, sheet.furniture, width - marking_w - 6 * mm) if self.name else ""
            self._fitted = (name, marking)
        return self._fitted

    def page_label(self, page: int, pages: int) -> str:
        numbers = {"page": page, "pages": pages}
        english = self.page_english % numbers if self.page_english else None
        return _beside(self.lang, self.page_text % numbers, english)

    def _line(self, text: str, style: ParagraphStyle, width: float, *, right: bool) -> Line:
        key = (text, style.name, right)
        if key not in self._lines:  # the same on every page: wrap (and shape) once
            self._lines[key] = Line.make(text, style, width, self.lang.rtl, right=right)
        return self._lines[key]

    def draw(self, canvas: Canvas, page: int, pages: int) -> None:
        sheet, size = self.sheet, self.sheet.sizes.furniture
        width, height = canvas._pagesize
        left, right = sheet.margin, width - sheet.margin
        inner = right - left
        name, marking = self._fit_once(inner)
        rtl = self.lang.rtl
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        # Top: name (start), marking (end).
        top = height - sheet.furniture_gap
        self._line(marking, sheet.furniture_bold, inner, right=not rtl).draw(canvas, left, top)
        if name:
            self._line(name, sheet.furniture, inner, right=rtl).draw(canvas, left, top)
        canvas.line(left, top - size * 0.5, right, top - size * 0.5)
        # Bottom: marking (start), page number (end).
        bottom = sheet.furniture_gap - size * 0.3
        canvas.line(left, bottom + size * 1.3, right, bottom + size * 1.3)
        self._line(marking, sheet.furniture_bold, inner, right=rtl).draw(canvas, left, bottom)
        Line.make(self.page_label(page, pages), sheet.furniture, inner, rtl, right=not rtl).draw(canvas, left, bottom)
        canvas.restoreState()


class NumberedCanvas(Canvas):
    """Holds every page back until the end so each can say "Page X of Y"."""

    def __init__(self, *args, furniture: Furniture, **kwargs):
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._furniture.draw(self, number, total)
            super().showPage()
        super().save()


# --- the statement -----------------------------------------------------------------
@dataclass
class Doc:
    """What every part of a document needs."""

    sheet: StyleSheet
    lang: Lang
    width: float = 0.0

    def para(self, text: str, style: ParagraphStyle, *, furniture: bool = False, right: bool | None = None
             ) -> Paragraph:
        return _para(text, style, self.lang.rtl, furniture=furniture, right=right)

    def no_answer(self) -> Paragraph:
        return self.para(_beside(self.lang, str(NO_ANSWER), in_english(NO_ANSWER)), self.sheet.blank)


def _answer(row: Row, doc: Doc, style: ParagraphStyle, english_value: str | None = None,
            top: bool = False) -> list[Paragraph]:
    if row.value is None:
        return [doc.no_answer()]
    out = [doc.para(row.value, style, furniture=top)]  # the top block's short values line up with their labels
    _, english = _both(doc.lang, row.value, english_value)
    if english:  # a fixed phrase ("Mother", a date): its English too
        out.append(doc.para(english, doc.sheet.key_en, furniture=True))
    return out


# An answer this short moves to the next page with its question rather than
# splitting; a longer one may split, but only with START_LINES of it on the page.
SHORT_ANSWER = 400
START_LINES = 4


def _keep_with_answer(head: list[Paragraph], row: Row, doc: Doc, style: ParagraphStyle,
                      english_value: str | None = None, top: bool = False) -> list:
    """The question (and any step heading before it) kept with its answer."""
    answer = _answer(row, doc, style, english_value, top)
    value = row.value or ""
    if len(value) <= SHORT_ANSWER and value.count("\n") < 8:
        return [KeepTogether([*head, *answer])]
    # Headings and questions: allow two lines each.
    need = sum(p.style.spaceBefore + p.style.spaceAfter + 2 * p.style.leading for p in head)
    return [CondPageBreak(need + START_LINES * answer[0].style.leading), *head, *answer]


@dataclass(frozen=True)
class TopRow:
    row: Row
    label_en: str | None
    value_en: str | None


def _step_rows(step, statement: Statement, lang: Lang) -> list[tuple[Row, str | None, str | None]]:
    """The step's rows, each with its label and value in English (None in an English PDF)."""
    rows = step.rows(statement)
    if lang.english:
        return [(row, None, None) for row in rows]
    with force_locale(ENGLISH):
        english = [(str(r.label), r.value) for r in step.rows(statement)]
    return [(row, label, value) for row, (label, value) in zip(rows, english)]


def _top_rows(statement: Statement, prepared_on: dt.date, lang: Lang, council_name: str = "",
              sent: list | None = None) -> list[TopRow]:
    rows: list[TopRow] = []
    for step in STEPS:
        if not step.top_block:
            continue
        step_rows = _step_rows(step, statement, lang)
        if step.blank_summary and all(r.value is None for r, _, _ in step_rows):
            rows.append(TopRow(Row(step.title, str(step.blank_summary), step_rows[0][0].field),
                               None if lang.english else in_english(step.title),
                               None if lang.english else in_english(step.blank_summary)))
        else:
            rows.extend(TopRow(r, label, value) for r, label, value in step_rows)
    prepared = Row(DATE_PREPARED, format_date(prepared_on, "long"), "prepared_on")
    english_date = None
    if not lang.english:
        with force_locale(ENGLISH):
            english_date = format_date(prepared_on, "long")
    rows.append(TopRow(prepared, None if lang.english else in_english(DATE_PREPARED), english_date))
    if council_name:  # from the council profile; a name, so not translated
        rows.append(TopRow(Row(COUNCIL, council_name, "council"), None if lang.english else in_english(COUNCIL), None))
    for text, english in sent or ():  # the parent's own copy: when it was sent, and the reference
        rows.append(TopRow(Row(SENT, text, "sent"), None if lang.english else in_english(SENT),
                           None if lang.english else english))
    return rows


TABLE_CHUNK = 500


def _drawn_length(ch: str, cmap: frozenset[int]) -> int:
    # At most: a character no font has is drawn as its name, e.g. "[crying face]".
    return 1 if ord(ch) in cmap else len(unicodedata.name(ch, "symbol")) + 2


def _table_pieces(value: str) -> list[str]:
    """One piece per line, and per TABLE_CHUNK characters as drawn of a long line."""
    cmap, pieces = drawable(), []
    for line in _NEWLINES.sub("\n", value).split("\n"):
        piece, length = [], 0
        for ch in line:
            size = _drawn_length(ch, cmap)
            if piece and length + size > TABLE_CHUNK:
                pieces.append("".join(piece))
                piece, length = [], 0
            piece.append(ch)
            length += size
        pieces.append("".join(piece))
    return pieces


def _top_block(rows: list[TopRow], doc: Doc) -> list:
    sheet, lang = doc.sheet, doc.lang
    if sheet.sizes.stack_top_block:
        story = []
        label = ParagraphStyle("top-label", parent=sheet.key, spaceBefore=sheet.sizes.body * 0.7)
        for top in rows:
            head = _with_english(lang, top.row.label, label, sheet.key_en, top.label_en)
            story += _keep_with_answer(head, top.row, doc, sheet.value, top.value_en, top=True)
        return story
    # A long answer gets one table row per line (and per TABLE_CHUNK characters
    # of a very long line), so no row is ever taller than a page: ReportLab
    # cannot split a row cleanly, and a row taller than the page cannot be placed.
    pad = sheet.sizes.body * 0.4
    data: list[list] = []
    commands: list[tuple] = []
    for top in rows:
        row = top.row
        first = len(data)
        label = _with_english(lang, row.label, sheet.key, sheet.key_en, top.label_en)
        if row.value is None:
            values = [[doc.no_answer()]]
        else:
            drawn = sum(_drawn_length(ch, drawable()) for ch in row.value)
            short = drawn <= SHORT_ANSWER and row.value.count("\n") < 8  # one cell, beside its label
            values = [[doc.para(piece, sheet.value, furniture=True)] if piece.strip()
                      else [Spacer(1, sheet.value.leading)]
                      for piece in ([row.value] if short else _table_pieces(row.value))]
            _, english = _both(lang, row.value, top.value_en)
            if english and short:
                values[-1].append(doc.para(english, sheet.key_en, furniture=True))
            elif english:  # in rows of its own too: a long value's English is as long as it
                values += [[doc.para(piece, sheet.key_en, furniture=True)] for piece in _table_pieces(english)
                           if piece.strip()]
        cells = [[label if i == 0 else "", value] for i, value in enumerate(values)]
        data += [cell[::-1] if lang.rtl else cell for cell in cells]
        last = len(data) - 1
        commands += [
            ("TOPPADDING", (0, first), (-1, first), pad),
            ("BOTTOMPADDING", (0, last), (-1, last), pad),
            ("LINEBELOW", (0, last), (-1, last), 0.5, RULE),
        ]
    widths = [doc.width * 0.4, doc.width * 0.6]
    label_col = 1 if lang.rtl else 0
    table = Table(data, colWidths=widths[::-1] if lang.rtl else widths, hAlign="RIGHT" if lang.rtl else "LEFT")
    table.setStyle(TableStyle([
        # Cells hold Paragraphs, but the table still sets a font of its own:
        # without these it is Helvetica.
        ("FONTNAME", (0, 0), (-1, -1), sheet.family.regular),
        ("FONTSIZE", (0, 0), (-1, -1), sheet.sizes.body),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LEFTPADDING" if lang.rtl else "RIGHTPADDING", (label_col, 0), (label_col, -1), 12),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("LINEABOVE", (0, 0), (-1, 0), 0.5, RULE),
        *commands,
    ]))
    return [table]


def _title(doc: Doc, title) -> list[Paragraph]:
    return [*_with_english(doc.lang, title, doc.sheet.title, doc.sheet.title_en), *_unreviewed_note(doc.lang, doc.sheet)]


def _story(statement: Statement, doc: Doc, prepared_on: dt.date, council_name: str = "",
           timeline: list | None = None, sent: list | None = None) -> list:
    sheet, lang = doc.sheet, doc.lang
    story = _title(doc, TITLE)
    story += _top_block(_top_rows(statement, prepared_on, lang, council_name, sent), doc)
    for step in STEPS:
        if step.top_block:
            continue
        head = _with_english(lang, step.title, sheet.heading, sheet.heading_en)
        for row, label_en, value_en in _step_rows(step, statement, lang):
            head += _with_english(lang, row.label, sheet.label, sheet.label_en, label_en)
            story += _keep_with_answer(head, row, doc, sheet.body, value_en)
            head = []
    if timeline:
        story += _own_copy_dates(timeline, doc)
    return story


def _own_copy_dates(timeline: list, doc: Doc) -> list:
    """The parent's dates (prep.timeline.Event), on a page of their own at the end,
    only in a copy the parent asks for themselves."""
    sheet, lang = doc.sheet, doc.lang
    story: list = [PageBreak()]
    head = _with_english(lang, OWN_COPY_DATES, sheet.heading, sheet.heading_en)
    head.append(doc.para(str(OWN_COPY_NOTE), sheet.body))
    for event in timeline:
        head.append(doc.para(event.title, sheet.label, furniture=True))
        row = Row(event.title, f"{event.when()}. {event.detail}", event.id)
        story += _keep_with_answer(head, row, doc, sheet.body)
        head = []
    return story


def _lang_tag() -> str:
    locale = get_locale()
    return str(locale).replace("_", "-") if locale else "en"


def _build(story: list, sheet: StyleSheet, lang: Lang, *, title: str, subject: str, name: str,
           marking: str) -> bytes:
    furniture = Furniture(sheet, lang, name, to_plain(marking) or "Confidential")
    buf = io.BytesIO()
    top_margin = sheet.margin + sheet.sizes.furniture
    doc = SimpleDocTemplate(
        buf, pagesize=A4,
        leftMargin=sheet.margin, rightMargin=sheet.margin,
        topMargin=top_margin, bottomMargin=top_margin,
        title=f"{title}: {name}" if name else title,
        author=AUTHOR, creator=AUTHOR, subject=subject,
        lang=_lang_tag(), displayDocTitle=True,
        initialFontName=sheet.family.regular,  # else every page references Helvetica
    )
    doc.build(story, canvasmaker=functools.partial(NumberedCanvas, furniture=furniture))
    return buf.getvalue()


def _frame_width(sheet: StyleSheet) -> float:
    return A4[0] - 2 * sheet.margin


def render_statement(statement: Statement, *, marking: str = "Confidential", large_print: bool = False,
                     prepared_on: dt.date | None = None, council_name: str = "",
                     timeline: list | None = None, sent: list | None = None) -> bytes:
    """The statement as PDF bytes.

    Call inside an app context with the locale the chair should read: labels,
    dates, direction and the PDF's /Lang follow it, with English beside every
    heading when it is not English. `marking` goes at the top and bottom of
    every page (blank falls back to "Confidential": these papers are never
    unmarked). `prepared_on` defaults to today. `council_name` (from the profile)
    goes in the top block; `timeline` (prep.timeline events) adds the parent's
    dates on a last page, for their own copy only; `sent` ((text, English) pairs: when it
    was sent to the conference team, and the reference) goes in the top block of that copy.
    """
    sheet = style_sheet(bool(large_print))
    lang = _doc_lang()
    story = statement_story(statement, large_print=large_print, prepared_on=prepared_on,
                            council_name=council_name, timeline=timeline, sent=sent)
    return _build(story, sheet, lang, title=str(TITLE), subject=str(SUBJECT),
                  name=to_plain(statement.about.your_name), marking=marking)


def statement_story(statement: Statement, *, large_print: bool = False, prepared_on: dt.date | None = None,
                    council_name: str = "", timeline: list | None = None, sent: list | None = None) -> list:
    """The statement's flowables (what render_statement lays out), in the current locale."""
    sheet = style_sheet(bool(large_print))
    doc = Doc(sheet, _doc_lang(), _frame_width(sheet))
    return _story(statement, doc, prepared_on or dt.date.today(), council_name, timeline, sent)


# --- the blank paper form -------------------------------------------------------------
class WritingLines(Flowable):
    """Ruled lines to write on, the full width (or `fraction` of it from the start side)."""

    def __init__(self, count: int, gap: float, fraction: float = 1.0, rtl: bool = False):
        super().__init__()
        self.count, self.gap, self.fraction, self.rtl = count, gap, fraction, rtl

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return availWidth, self.count * self.gap

    def draw(self):
        canvas = self.canv
        length = self.width * self.fraction
        x0 = self.width - length if self.rtl else 0
        canvas.saveState()
        canvas.setStrokeColor(WRITING_RULE)
        canvas.setLineWidth(0.6)
        for i in range(self.count):
            y = self.count * self.gap - (i + 1) * self.gap
            canvas.line(x0, y, x0 + length, y)
        canvas.restoreState()


class TickBoxes(Flowable):
    """Empty boxes to tick, each with its choice beside it: side by side when
    they all fit on one line (and `across` allows it), else one under another."""

    def __init__(self, labels: list[Paragraph], size: float, rtl: bool = False, across: bool = True):
        super().__init__()
        self.labels, self.size, self.rtl, self.across = labels, size, rtl, across
        self.gap = size * 0.6  # box to its label
        self.space = size * 2  # between choices side by side

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        text_width = availWidth - self.size - self.gap
        self.heights, self.natural = [], []
        for label in self.labels:
            _, h = label.wrap(text_width, availHeight)
            self.heights.append(h)
            self.natural.append(max(label.getActualLineWidths0() or [0]))
        pad = self.size * 0.35
        one_line = all(h <= label.style.leading * 1.01 for h, label in zip(self.heights, self.labels))
        total = sum(self.size + self.gap + w for w in self.natural) + self.space * (len(self.labels) - 1)
        self.horizontal = self.across and one_line and total <= availWidth
        if self.horizontal:
            self.height = max([self.size, *self.heights]) + pad
        else:
            self.height = sum(max(h, self.size) + pad for h in self.heights)
        return availWidth, self.height

    def _box(self, x: float, top: float, leading: float) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(TEXT)
        canvas.setLineWidth(1)
        canvas.rect(x, top - (leading + self.size) / 2, self.size, self.size, stroke=1, fill=0)  # centred on line 1
        canvas.restoreState()

    def draw(self):
        pad = self.size * 0.35
        top = self.height
        x = 0.0  # from the start side: the left, or the right when right to left
        for label, h, natural in zip(self.labels, self.heights, self.natural):
            leading = label.style.leading
            if self.horizontal:
                box_x = self.width - x - self.size if self.rtl else x
                # Right to left, the label is right aligned in its width, so it ends by its box.
                label_x = box_x - self.gap - label.width if self.rtl else box_x + self.size + self.gap
                self._box(box_x, top, leading)
                label.drawOn(self.canv, label_x, top - h)
                x += self.size + self.gap + natural + self.space
            else:
                box_x = self.width - self.size if self.rtl else 0
                self._box(box_x, top, leading)
                label.drawOn(self.canv, 0 if self.rtl else self.size + self.gap, top - h)
                top -= max(h, self.size) + pad


@dataclass(frozen=True)
class PaperQuestion:
    label: object
    hint: object
    kind: str  # "short", "long", "date", "choice", "children"
    choices: tuple = ()


PAPER_CHILDREN = 4  # space for this many children


def _paper_questions(form_cls) -> list[PaperQuestion]:
    """The questions a step's form asks, read from its (unbound) fields in order."""
    from wtforms import BooleanField, FieldList, FormField, RadioField, StringField, TextAreaField
    from wtforms.fields.core import UnboundField

    from .forms import DateParts

    fields = sorted(((name, getattr(form_cls, name)) for name in dir(form_cls)
                     if not name.startswith("_") and isinstance(getattr(form_cls, name, None), UnboundField)),
                    key=lambda item: (item[1].creation_counter, item[0]))
    out = []
    for _name, field in fields:
        cls = field.field_class
        if issubclass(cls, BooleanField):
            continue  # ("I do not know the date yet": on paper, the date is left blank)
        label = field.args[0] if field.args else field.kwargs.get("label", "")
        hint = field.kwargs.get("description", "")
        if issubclass(cls, FieldList):
            child = field.args[0]
            sub = child.args[0] if child.field_class is FormField else None
            out.append(PaperQuestion(q.CHILDREN[0].label, q.CHILDREN[0].hint, "children",
                                     tuple(_paper_questions(sub)) if sub else ()))
        elif issubclass(cls, RadioField):
            choices = tuple(getattr(c, "label", None) or c[1] for c in field.kwargs.get("choices", ()))
            out.append(PaperQuestion(label, hint, "choice", choices))
        elif issubclass(cls, DateParts):
            out.append(PaperQuestion(label, hint, "date"))
        elif issubclass(cls, TextAreaField):
            out.append(PaperQuestion(label, hint, "long"))
        elif issubclass(cls, StringField):
            out.append(PaperQuestion(label, hint, "short"))
    return out


PAPER_LINES = {False: 6, True: 5}  # lines to write each free-text answer on: standard, large print


def _paper_question(question: PaperQuestion, doc: Doc, number: str = "",
                    label_style: ParagraphStyle | None = None) -> list:
    sheet, lang = doc.sheet, doc.lang
    sizes = sheet.sizes
    label = f"{number}{question.label}" if number else question.label
    english = None if lang.english else f"{number}{in_english(question.label)}"
    parts: list = _with_english(lang, label, label_style or sheet.label, sheet.label_en, english)
    if str(question.hint):
        parts.append(doc.para(str(question.hint), sheet.hint, furniture=True))
    if question.kind == "long":
        parts.append(WritingLines(PAPER_LINES[sizes.stack_top_block], sizes.writing_gap, rtl=lang.rtl))
    elif question.kind in ("short", "date"):
        parts.append(WritingLines(1, sizes.writing_gap, 0.5 if question.kind == "date" else 1.0, rtl=lang.rtl))
    elif question.kind == "choice":
        parts.append(doc.para(str(q.TICK_ONE), sheet.hint, furniture=True))
        labels = [doc.para(str(choice), sheet.body, furniture=True, right=lang.rtl) for choice in question.choices]
        # Large print: one under another, never side by side.
        parts.append(TickBoxes(labels, sizes.body * 1.1, rtl=lang.rtl, across=not sizes.stack_top_block))
    return parts


def _paper_story(doc: Doc) -> list:
    sheet, lang = doc.sheet, doc.lang
    story = _title(doc, q.PAPER_FORM_TITLE)
    intro = _with_english(lang, q.PAPER_FORM_INTRO, sheet.body, sheet.label_en)
    story += intro
    for step in STEPS:
        heading = _with_english(lang, step.title, sheet.heading, sheet.heading_en)
        blocks: list[list] = []  # each kept together on a page
        for question in _paper_questions(step.form):
            if question.kind == "children":
                intro = _paper_question(PaperQuestion(question.label, question.hint, "intro"), doc)
                for n in range(1, PAPER_CHILDREN + 1):
                    child: list = []
                    for sub in question.choices:  # name, age, born yet: in a block per child
                        child += _paper_question(sub, doc, number=f"{n}. ", label_style=sheet.sublabel)
                    blocks.append([*intro, *child] if n == 1 else [Spacer(1, sheet.sizes.body * 0.6), *child])
            else:
                blocks.append(_paper_question(question, doc))
        # The step's title stays with its first question.
        blocks[0] = [*heading, *blocks[0]]
        story += [KeepTogether(block) for block in blocks]
    return story


def render_paper_form(*, language: str, large_print: bool = False, marking: str = "Confidential") -> bytes:
    """Every question with space to write by hand, in `language` (a code in
    prep.i18n.LANGUAGES; English if unknown), as PDF bytes. Call inside an app context."""
    lang_obj = i18n.BY_CODE.get(language, i18n.BY_CODE[i18n.DEFAULT])
    with force_locale(lang_obj.locale):
        sheet = style_sheet(bool(large_print))
        lang = Lang(lang_obj, lang_obj.code == "en")
        story = paper_form_story(language=lang_obj.code, large_print=large_print)
        return _build(story, sheet, lang, title=str(q.PAPER_FORM_TITLE), subject=str(q.PAPER_FORM_TITLE),
                      name="", marking=marking)


def paper_form_story(*, language: str, large_print: bool = False) -> list:
    """The paper form's flowables, in `language`."""
    lang_obj = i18n.BY_CODE.get(language, i18n.BY_CODE[i18n.DEFAULT])
    with force_locale(lang_obj.locale):
        sheet = style_sheet(bool(large_print))
        return _paper_story(Doc(sheet, Lang(lang_obj, lang_obj.code == "en"), _frame_width(sheet)))

