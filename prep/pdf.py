"""The statement as a PDF for the conference chair.

render_statement() turns a Statement into A4 PDF bytes with ReportLab platypus.
It reads the question order and labels from prep.steps.STEPS, so the PDF always
matches the check-answers page. It needs a Flask app context with a locale
(lazy strings, dates); it never touches the request.

Everything a parent typed goes through to_markup(): ReportLab's Paragraph
parses a small HTML-like markup, so text is escaped first and only then do we
add our own tags (<br/> for line breaks, a grey <font> for characters the font
cannot draw).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from flask_babel import format_date, get_locale, gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
)

from .fonts import FontFamily, codepoints, family_for, register_fonts
from .statement import Statement
from .steps import STEPS, Row

AUTHOR = "Conference prep"

TEXT = colors.HexColor("#0b0c0c")  # GOV.UK text colour
MUTED_HEX = "#505a5f"  # GOV.UK secondary text: 7:1 on white
MUTED = colors.HexColor(MUTED_HEX)
RULE = colors.HexColor("#b1b4b6")


# --- style sheet ---------------------------------------------------------------
@dataclass(frozen=True)
class Sizes:
    body: float
    label: float  # the question above each answer
    heading: float  # each step's title
    title: float
    furniture: float  # header and footer lines
    leading: float = 1.4  # line height as a multiple of font size
    stack_top_block: bool = False  # label above value instead of a two-column table


# The one switch between standard and large print. Large print: body 16pt or
# more, headings 20pt or more (RNIB clear print guidance).
SIZES = {
    False: Sizes(body=12, label=12.5, heading=17, title=21, furniture=9),
    True: Sizes(body=16, label=20, heading=24, title=28, furniture=14, stack_top_block=True),
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
    margin: float
    furniture_gap: float  # from page edge to header/footer baseline


@functools.cache
def style_sheet(large_print: bool = False, family: FontFamily | None = None) -> StyleSheet:
    """ReportLab styles, built once per process for each (size, font family)."""
    register_fonts()
    family = family or family_for(None)
    s = SIZES[bool(large_print)]

    def style(name, size, bold=False, color=TEXT, before=0.0, after=0.0):
        return ParagraphStyle(
            name, fontName=family.bold if bold else family.regular, bulletFontName=family.regular,
            fontSize=size, leading=round(size * s.leading, 1), textColor=color, alignment=TA_LEFT,
            spaceBefore=before, spaceAfter=after,
            splitLongWords=1,  # a 5,000-character "word" wraps instead of overflowing
            allowWidows=0, allowOrphans=0,  # no lone first or last line of an answer
            shaping=int(family.shaping),
        )

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
        margin=(18 if large_print else 20) * mm,
        furniture_gap=(10 if large_print else 11) * mm,
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
    """A script's name from a character's Unicode name: "ARABIC LETTER ALEF" -> "Arabic"."""
    word = unicodedata.name(ch, "other").split()[0].split("-")[0]
    return word if len(word) <= 3 else word.capitalize()


def _segments(text: str, cmap: frozenset[int]) -> list[tuple[str | None, str | None]]:
    """Split text into (literal, None) and (None, placeholder) pieces.

    Characters the font has are kept. For the rest, the font's empty box would
    tell a chair nothing (and ReportLab leaves it out of the PDF's text), so:
    a missing emoji or symbol becomes its name, e.g. "[crying face]"; a run of
    words in a script with no font yet becomes one note naming the script.
    Missing spaces become spaces; invisible joiners and marks are dropped.
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


def to_markup(text: str, family: FontFamily) -> str:
    """Paragraph markup that draws `text` literally, line breaks kept."""
    out = []
    for literal, placeholder in _segments(text, codepoints(family.regular)):
        if literal is not None:
            out.append(escape(literal).replace("\n", "<br/>"))
        else:
            out.append(f'<font color="{MUTED_HEX}">[{escape(placeholder)}]</font>')
    return "".join(out)


def to_plain(text: str, family: FontFamily) -> str:
    """One line of text for canvas.drawString: same rules, no markup."""
    parts = (lit if lit is not None else f"[{ph}]" for lit, ph in _segments(text, codepoints(family.regular)))
    return " ".join("".join(parts).split())


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Cut `text` with an ellipsis so it fits in `width` points."""
    if stringWidth(text, font, size) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if stringWidth(text[:mid] + "…", font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


# --- page furniture ------------------------------------------------------------
@dataclass(frozen=True)
class Furniture:
    """What goes on every page: the parent's name and marking at the top, the
    marking and "Page X of Y" at the bottom."""

    sheet: StyleSheet
    name: str
    marking: str
    page_text: str  # "Page %(page)s of %(pages)s", already translated

    def draw(self, canvas: Canvas, page: int, pages: int) -> None:
        sheet, size = self.sheet, self.sheet.sizes.furniture
        width, height = canvas._pagesize
        left, right = sheet.margin, width - sheet.margin
        regular, bold = sheet.family.regular, sheet.family.bold
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)

        page_label = self.page_text % {"page": page, "pages": pages}
        marking = _fit(self.marking, bold, size, (right - left) / 2)
        marking_w = stringWidth(marking, bold, size)
        # Top: name (left), marking (right).
        top = height - sheet.furniture_gap
        canvas.setFont(bold, size)
        canvas.drawRightString(right, top, marking)
        if self.name:
            canvas.setFont(regular, size)
            canvas.drawString(left, top, _fit(self.name, regular, size, right - left - marking_w - 6 * mm))
        canvas.line(left, top - size * 0.5, right, top - size * 0.5)
        # Bottom: marking (left), page number (right).
        bottom = sheet.furniture_gap - size * 0.3
        canvas.line(left, bottom + size * 1.3, right, bottom + size * 1.3)
        canvas.setFont(bold, size)
        canvas.drawString(left, bottom, marking)
        canvas.setFont(regular, size)
        canvas.drawRightString(right, bottom, page_label)
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


# --- the document ----------------------------------------------------------------
def _answer(row: Row, sheet: StyleSheet, style: ParagraphStyle) -> Paragraph:
    if row.value is None:
        return Paragraph(escape(_("No answer given")), sheet.blank)
    return Paragraph(to_markup(row.value, sheet.family), style)


# An answer this short moves to the next page with its question rather than
# splitting; a longer one may split, but only with START_LINES of it on the page.
SHORT_ANSWER = 400
START_LINES = 4


def _keep_with_answer(head: list[Paragraph], row: Row, sheet: StyleSheet, style: ParagraphStyle) -> list:
    """The question (and any step heading before it) kept with its answer."""
    answer = _answer(row, sheet, style)
    value = row.value or ""
    if len(value) <= SHORT_ANSWER and value.count("\n") < 8:
        return [KeepTogether([*head, answer])]
    # Headings and questions: allow two lines each.
    need = sum(p.style.spaceBefore + p.style.spaceAfter + 2 * p.style.leading for p in head)
    return [CondPageBreak(need + START_LINES * answer.style.leading), *head, answer]


def _top_rows(statement: Statement, prepared_on: dt.date) -> list[Row]:
    rows: list[Row] = []
    for step in STEPS:
        if not step.top_block:
            continue
        step_rows = step.rows(statement)
        if step.blank_summary and all(r.value is None for r in step_rows):
            rows.append(Row(step.title, str(step.blank_summary), step_rows[0].field))
        else:
            rows.extend(step_rows)
    rows.append(Row(_("Date prepared"), format_date(prepared_on, "long"), "prepared_on"))
    return rows


TABLE_CHUNK = 500


def _table_pieces(value: str) -> list[str]:
    lines = _NEWLINES.sub("\n", value).split("\n")
    return [line[i:i + TABLE_CHUNK] for line in lines for i in range(0, max(len(line), 1), TABLE_CHUNK)]


def _top_block(rows: list[Row], sheet: StyleSheet, width: float) -> list:
    if sheet.sizes.stack_top_block:
        story = []
        label = ParagraphStyle("top-label", parent=sheet.key, spaceBefore=sheet.sizes.body * 0.7)
        for row in rows:
            story += _keep_with_answer([Paragraph(to_markup(str(row.label), sheet.family), label)], row, sheet,
                                       sheet.value)
        return story
    # One table row per line of an answer (and per TABLE_CHUNK characters of a
    # very long line), so no row is ever taller than a page: ReportLab cannot
    # split a row cleanly, and a row taller than the page cannot be placed.
    pad = sheet.sizes.body * 0.4
    data: list[list] = []
    commands: list[tuple] = []
    for row in rows:
        first = len(data)
        label = Paragraph(to_markup(str(row.label), sheet.family), sheet.key)
        if row.value is None:
            values = [_answer(row, sheet, sheet.value)]
        else:
            values = [Paragraph(to_markup(piece, sheet.family), sheet.value) if piece.strip()
                      else Spacer(1, sheet.value.leading) for piece in _table_pieces(row.value)]
        data += [[label if i == 0 else "", value] for i, value in enumerate(values)]
        last = len(data) - 1
        commands += [
            ("TOPPADDING", (0, first), (-1, first), pad),
            ("BOTTOMPADDING", (0, last), (-1, last), pad),
            ("LINEBELOW", (0, last), (-1, last), 0.5, RULE),
        ]
    table = Table(data, colWidths=[width * 0.4, width * 0.6], hAlign="LEFT")
    table.setStyle(TableStyle([
        # Cells hold Paragraphs, but the table still sets a font of its own:
        # without these it is Helvetica.
        ("FONTNAME", (0, 0), (-1, -1), sheet.family.regular),
        ("FONTSIZE", (0, 0), (-1, -1), sheet.sizes.body),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), 12),
        ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("LINEABOVE", (0, 0), (-1, 0), 0.5, RULE),
        *commands,
    ]))
    return [table]


def _story(statement: Statement, sheet: StyleSheet, prepared_on: dt.date, width: float) -> list:
    story = [Paragraph(escape(_("Parent's contribution to a child protection conference")), sheet.title)]
    story += _top_block(_top_rows(statement, prepared_on), sheet, width)
    for step in STEPS:
        if step.top_block:
            continue
        head = [Paragraph(to_markup(str(step.title), sheet.family), sheet.heading)]
        for row in step.rows(statement):
            head.append(Paragraph(to_markup(str(row.label), sheet.family), sheet.label))
            story += _keep_with_answer(head, row, sheet, sheet.body)
            head = []
    return story


def _lang() -> str:
    locale = get_locale()
    return str(locale).replace("_", "-") if locale else "en"


def render_statement(statement: Statement, *, marking: str = "Confidential", large_print: bool = False,
                     prepared_on: dt.date | None = None) -> bytes:
    """The statement as PDF bytes.

    Call inside an app context with the locale the chair should read: labels,
    dates and the PDF's /Lang follow it. `marking` goes at the top and bottom
    of every page (blank falls back to "Confidential": these papers are never
    unmarked). `prepared_on` defaults to today.
    """
    family = family_for(statement.language)
    sheet = style_sheet(bool(large_print), family)
    prepared_on = prepared_on or dt.date.today()
    name = to_plain(statement.about.your_name, family)
    title = _("Parent's contribution to a child protection conference")
    furniture = Furniture(sheet, name, to_plain(marking, family) or "Confidential",
                          _("Page %(page)s of %(pages)s"))
    buf = io.BytesIO()
    top_margin = sheet.margin + sheet.sizes.furniture
    doc = SimpleDocTemplate(
        buf, pagesize=A4,
        leftMargin=sheet.margin, rightMargin=sheet.margin,
        topMargin=top_margin, bottomMargin=top_margin,
        title=f"{title}: {name}" if name else title,
        author=AUTHOR, creator=AUTHOR,
        subject=_("A parent's written views for the child protection conference"),
        lang=_lang(), displayDocTitle=True,
        initialFontName=family.regular,  # else every page references Helvetica
    )
    story = _story(statement, sheet, prepared_on, doc.width)
    doc.build(story, canvasmaker=functools.partial(NumberedCanvas, furniture=furniture))
    return buf.getvalue()
