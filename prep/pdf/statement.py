"""The statement: what the parent said, as a PDF for the conference chair.

Read top to bottom, the story is: the title and translation note, and (in
another language) one English line saying the answers are the parent's own
words, not translated; the top block (who, which children, which conference,
interpreter, who helped: all of it on page one); then one section per step, in
prep.steps.STEPS order, each question kept with its answer; and, in the
parent's own copy only, their dates.

Two copies. The chair's copy (the default) labels the top block about the
parent ("Parent or carer", "Interpreter needed"), with English beside every
translated label. The parent's own copy (render_statement(timeline=[...]))
keeps the questions as they were put to the parent. An optional step left
blank (the child's views) is left out rather than printed as unanswered.

The points about the social worker's report are one numbered table the chair can go
through in the meeting (page or paragraph, kind, what the report says, what the parent
says, evidence), with the English under each heading and kind; in large print, each
point is a block of its own. Photos of the child's drawing or writing are printed one
per half page, each with its description under it.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass, replace

from flask import g
from flask_babel import force_locale, format_date, lazy_gettext as _l
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Image, PageBreak, Paragraph, Spacer, Table, TableStyle

from .. import i18n, questions as q
from ..bidi import isolate
from ..drawings import size_of
from ..statement import Statement
from ..steps import STEPS, Row, needs_latin_name
from .document import Doc
from .english import ENGLISH, both, beside, doc_lang, in_english, unreviewed_note, with_english
from .furniture import KeepWhole, OutlineEntry, build
from .styles import MUTED, RULE, StyleSheet, style_sheet
from .text import para, text_flowables, to_plain

# Fixed phrases of the document, lazy so each can be read in English too.
TITLE = _l("Parent's contribution to a child protection conference")
# The chair's copy: the note without "ask your social worker for an interpreter", which is for the parent.
UNREVIEWED_FOR_CHAIR = _l("This translation has not been checked by a qualified translator yet.")
SUBJECT = _l("A parent's written views for the child protection conference")
NOT_ANSWERED = _l("Not answered")
DATE_PREPARED = _l("Date prepared")
COUNCIL = _l("Council")
OWN_COPY_DATES = _l("Dates to remember (in your own copy only)")
SENT = _l("Sent to the conference team")
OWN_COPY_NOTE = _l("This page is for you. Leave it out of the copy you send to the chair.")
PAGE_X_OF_Y = _l("Page %(page)s of %(pages)s")


_FROM_PROFILE = object()


def render_statement(statement: Statement, *, marking: str = "Confidential", large_print: bool = False,
                     prepared_on: dt.date | None = None, council_name: str = "",
                     timeline: list | None = None, sent: list | None = None,
                     report_due=_FROM_PROFILE) -> bytes:
    """The statement as PDF bytes.

    Call inside an app context with the locale the chair should read: labels,
    dates, direction and the PDF's /Lang follow it, with English beside every
    heading when it is not English. `marking` goes at the top and bottom of
    every page (blank falls back to "Confidential": these papers are never
    unmarked). `prepared_on` defaults to today. `council_name` (from the profile)
    goes in the top block; `timeline` (prep.timeline events) adds the parent's
    dates on a last page, for their own copy only; `sent` ((text, English) pairs: when
    it was sent to the conference team, and the reference) goes in that copy's top block. `report_due`: when the social
    worker's report should reach the parent (said beside "Not yet"); by default
    worked out from the app's council profile, if it has one.
    """
    sheet = style_sheet(bool(large_print))
    lang = doc_lang()
    if report_due is not _FROM_PROFILE:
        g.report_due = report_due
    try:
        story = statement_story(statement, large_print=large_print, prepared_on=prepared_on,
                                council_name=council_name, timeline=timeline, sent=sent)
    finally:
        g.pop("report_due", None)
    about = statement.about
    name = " · ".join(filter(None, (to_plain(about.your_name),
                                    to_plain(about.name_latin) if needs_latin_name(about.your_name) else "")))
    return build(story, sheet, lang, title=str(TITLE), subject=str(SUBJECT), name=name,
                 marking=to_plain(marking) or "Confidential", page_x_of_y=PAGE_X_OF_Y)


def statement_story(statement: Statement, *, large_print: bool = False, prepared_on: dt.date | None = None,
                    council_name: str = "", timeline: list | None = None, sent: list | None = None) -> list:
    """The statement's flowables (what render_statement lays out), in the current locale."""
    doc = Doc(style_sheet(bool(large_print)), doc_lang(), chair=timeline is None)
    prepared_on = prepared_on or dt.date.today()
    story = title_block(doc, TITLE)
    story += answers_not_translated(doc)
    story += top_block(top_rows(statement, prepared_on, doc, council_name, sent), doc)
    for step in STEPS:
        if not step.top_block:
            story += section(step, statement, doc)
    if timeline:
        story += own_copy_dates(timeline, doc)
    return story


def title_block(doc: Doc, title) -> list[Paragraph]:
    # What is true of the translation (prep.translation_review): the parent's copy says it as the
    # pages do; the chair's copy leaves out the advice to the parent.
    code = doc.lang.language.code
    note = i18n.review_note_for_chair(code, UNREVIEWED_FOR_CHAIR) if doc.chair else i18n.review_note(code)
    return [*with_english(doc.lang, title, doc.sheet.title, doc.sheet.title_en),
            *unreviewed_note(doc.lang, doc.sheet, note, in_english(note))]


def answers_not_translated(doc: Doc) -> list[Paragraph]:
    """For the chair, in English only: whose words the answers are, and in what language."""
    if doc.lang.english:
        return []
    line = (f"The answers are in {doc.lang.language.english_name}, in the parent's own words. "
            "They have not been translated.")
    return [para(line, doc.sheet.answers_note, doc.lang.rtl, furniture=True, right=doc.lang.rtl)]


def section(step, statement: Statement, doc: Doc) -> list:
    """A step's heading and its questions, each kept with its answer. An optional
    step left blank is left out; a row shown on page one is not repeated. Points about
    the report become one table; photos are printed with their descriptions."""
    sheet, lang = doc.sheet, doc.lang
    rows = [(row, label_en, value_en) for row, label_en, value_en in step_rows(step, statement, doc)
            if not row.page_one]
    if not rows or (step.optional and all(row.value is None and row.drawing is None for row, _, _ in rows)):
        return []
    story: list = []
    head = [OutlineEntry(str(step.heading)), *with_english(lang, step.heading, sheet.heading, sheet.heading_en)]
    index = 0
    while index < len(rows):
        row, label_en, value_en = rows[index]
        if row.point is not None:
            points = []
            while index < len(rows) and rows[index][0].point is not None:
                points.append(rows[index][0].point)
                index += 1
            story += points_table(points, doc, head)
            head = []
            continue
        if row.drawing is not None:
            story += drawing_block(row, label_en, doc, head)
        else:
            head += with_english(lang, row.label, sheet.label, sheet.label_en, label_en)
            story += keep_with_answer(head, row, doc, sheet.body, value_en)
        head = []
        index += 1
    return story


# --- points about the social worker's report ------------------------------------------
# Shares of the column: No. · page or paragraph · kind · what the report says · what the parent
# says · evidence.
POINT_COLUMNS = (0.065, 0.145, 0.13, 0.22, 0.25, 0.19)


@functools.cache
def table_styles(sheet: StyleSheet) -> dict[str, ParagraphStyle]:
    size = round(sheet.sizes.body * 0.85, 1)
    base = ParagraphStyle("cell", parent=sheet.body, fontSize=size, leading=round(size * 1.35, 1))
    return {
        "cell": base,
        "head": ParagraphStyle("cell-head", parent=base, fontName=sheet.family.face(True)),
        "english": ParagraphStyle("cell-en", parent=base, fontSize=round(size * 0.92, 1),
                                  leading=round(size * 0.92 * 1.35, 1)),
        "none": ParagraphStyle("cell-none", parent=base, textColor=MUTED),
    }


def points_table(points: list, doc: Doc, head: list) -> list:
    """The points, numbered, as one table whose heading row repeats on each page (in
    large print, a block per point: six columns of 16 pt do not fit a page)."""
    if doc.sheet.sizes.stack_top_block:
        return points_stacked(points, doc, head)
    sheet, lang = doc.sheet, doc.lang
    styles = table_styles(sheet)
    pad = 4
    widths = [doc.width * share for share in POINT_COLUMNS]

    def english_beside(text, style) -> list:
        return with_english(lang, text, style, styles["english"])

    def text_cell(text: str, width: float) -> list:
        if not text.strip():
            return [doc.para("—", styles["none"], furniture=True)]
        return text_flowables(text, styles["cell"], lang.rtl, width - 2 * pad)

    data = [[english_beside(column, styles["head"]) for column in q.POINTS_COLUMNS]]
    for number, point in enumerate(points, 1):
        kind = q.POINT_KIND_CHAIR.get(point.kind)
        cells = [
            [doc.para(str(number), styles["head"], furniture=True)],
            text_cell(point.where, widths[1]),
            english_beside(kind, styles["cell"]) if kind else [doc.para("—", styles["none"], furniture=True)],
            text_cell(point.says, widths[3]),
            text_cell(point.instead, widths[4]),
            text_cell(point.evidence, widths[5]),
        ]
        data.append(cells)
    if lang.rtl:  # the first column on the right
        data = [row[::-1] for row in data]
        widths = widths[::-1]
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="RIGHT" if lang.rtl else "LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), sheet.family.regular),
        ("FONTSIZE", (0, 0), (-1, -1), styles["cell"].fontSize),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 1),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, RULE),
    ]))
    # The heading and the table's first rows stay together.
    return [CondPageBreak(sheet.sizes.body * 12), *head, Spacer(1, sheet.sizes.body * 0.6), table]


def points_stacked(points: list, doc: Doc, head: list) -> list:
    """Large print: each point on its own, its parts one under another."""
    sheet, lang = doc.sheet, doc.lang
    story: list = []
    for number, point in enumerate(points, 1):
        title = with_english(lang, _point_label(number), sheet.label, sheet.label_en,
                             None if lang.english else _point_label(number, english=True))
        parts = [*head, *title]
        head = []
        kind = q.POINT_KIND_CHAIR.get(point.kind)
        for column, text in zip(q.POINTS_COLUMNS[1:], (point.where, None, point.says, point.instead, point.evidence)):
            parts += with_english(lang, column, sheet.key, sheet.key_en)
            if text is None:  # the kind
                value = beside(lang, str(kind), in_english(kind)) if kind else "—"
                parts.append(doc.para(value, sheet.body, furniture=True))
            elif text.strip():
                parts += doc.answer(text, sheet.body)
            else:
                parts.append(doc.para("—", sheet.blank, furniture=True))
        story += [CondPageBreak(sheet.sizes.body * 10), *parts]
    return story


def _point_label(number: int, english: bool = False) -> str:
    from flask_babel import gettext as _

    if english:
        with force_locale(ENGLISH):
            return _("Point %(number)s", number=number)
    return _("Point %(number)s", number=number)


# --- photos of the child's drawing or writing -------------------------------------------
def drawing_block(row: Row, label_en: str | None, doc: Doc, head: list) -> list:
    """One photo, as large as half a page allows, with its description and whose it is."""
    sheet, lang = doc.sheet, doc.lang
    drawing = row.drawing
    label = with_english(lang, row.label, sheet.label, sheet.label_en, label_en)
    width, height = size_of(drawing.jpeg)
    box_w, box_h = doc.width, page_height(sheet) / 2 - sheet.sizes.body * 9
    scale = min(box_w / width, box_h / height)
    picture = Image(io.BytesIO(drawing.jpeg), width=width * scale, height=height * scale)
    picture.hAlign = "RIGHT" if lang.rtl else "LEFT"
    caption = [doc.para(drawing.description, sheet.body) if drawing.description.strip() else not_answered(doc)]
    whose = beside(lang, str(q.PHOTO_CHILD_CHAIR), in_english(q.PHOTO_CHILD_CHAIR))
    if drawing.child.strip():
        caption.append(doc.para(f"{whose}: {isolate(drawing.child.strip())}", sheet.blank, furniture=True))
    return [KeepWhole([*head, *label, Spacer(1, sheet.sizes.body * 0.3), picture,
                          Spacer(1, sheet.sizes.body * 0.3), *caption])]


# --- answers ----------------------------------------------------------------------
def not_answered(doc: Doc) -> Paragraph:
    return doc.para(beside(doc.lang, str(NOT_ANSWERED), in_english(NOT_ANSWERED)), doc.sheet.blank)


def answer(row: Row, doc: Doc, style: ParagraphStyle, english_value: str | None = None,
           top: bool = False) -> list[Paragraph]:
    if row.value is None:
        return [not_answered(doc)]
    # The top block's short values line up with their labels.
    out = [doc.para(row.value, style, furniture=True)] if top else doc.answer(row.value, style)
    _, english = both(doc.lang, row.value, english_value)
    if english:  # a fixed phrase ("Mother", a date): its English too
        out.append(doc.para(english, doc.sheet.key_en, furniture=True))
    return out


# An answer this short moves to the next page with its question rather than
# splitting; a longer one may split, but only with START_LINES of it on the page.
SHORT_ANSWER = 400
START_LINES = 4


def keep_with_answer(head: list, row: Row, doc: Doc, style: ParagraphStyle,
                     english_value: str | None = None, top: bool = False) -> list:
    """The question (and any step heading before it) kept with its answer."""
    parts = answer(row, doc, style, english_value, top)
    value = row.value or ""
    if len(value) <= SHORT_ANSWER and value.count("\n") < 8:
        return [KeepWhole([*head, *parts])]
    # Headings and questions: allow two lines each.
    need = sum(p.style.spaceBefore + p.style.spaceAfter + 2 * p.style.leading for p in head
               if isinstance(p, Paragraph))
    return [CondPageBreak(need + START_LINES * parts[0].style.leading), *head, *parts]


def step_rows(step, statement: Statement, doc: Doc, top: bool = False) -> list[tuple[Row, str | None, str | None]]:
    """The step's rows, each with its label and value in English (None in an
    English PDF). On the top block of the chair's copy, labels about the parent."""
    def labelled(rows: list[Row]) -> list[Row]:
        if not (doc.chair and top):
            return rows
        return [replace(row, label=row.chair_label) if row.chair_label is not None else row for row in rows]

    rows = labelled(step.rows(statement))
    if doc.lang.english:
        return [(row, None, None) for row in rows]
    with force_locale(ENGLISH):
        english = [(str(r.label), r.value) for r in labelled(step.rows(statement))]
    return [(row, label, value) for row, (label, value) in zip(rows, english)]


# --- the top block ------------------------------------------------------------------
@dataclass(frozen=True)
class TopRow:
    row: Row
    label_en: str | None
    value_en: str | None


def top_rows(statement: Statement, prepared_on: dt.date, doc: Doc, council_name: str = "",
             sent: list | None = None) -> list[TopRow]:
    lang = doc.lang
    rows: list[TopRow] = []
    for step in STEPS:
        rows_of_step = step_rows(step, statement, doc, top=True)
        if not step.top_block:  # only its page-one rows (the interpreter)
            rows.extend(TopRow(r, label, value) for r, label, value in rows_of_step if r.page_one)
            continue
        if step.blank_summary and all(r.value is None for r, _, _ in rows_of_step):
            rows.append(TopRow(Row(step.title, str(step.blank_summary), rows_of_step[0][0].field),
                               None if lang.english else in_english(step.title),
                               None if lang.english else in_english(step.blank_summary)))
        else:
            rows.extend(TopRow(r, label, value) for r, label, value in rows_of_step)
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


def top_block(rows: list[TopRow], doc: Doc) -> list:
    """Who, which children, which conference: label beside value (large print:
    label above value), all of it on page one."""
    if doc.sheet.sizes.stack_top_block:
        return [KeepWhole(stacked(rows, doc))]
    table = top_table(rows, doc)
    _, height = table.wrap(doc.width, 1e9)
    if max(table._rowHeights) > page_height(doc.sheet) * 0.8:
        return stacked(rows, doc)  # a value longer than a page (a name of 200 symbols): it flows on
    return [fit_on_page_one(table, doc)]


def page_height(sheet) -> float:
    from reportlab.lib.pagesizes import A4

    return A4[1] - 2 * (sheet.margin + sheet.sizes.furniture) - 12


def stacked(rows: list[TopRow], doc: Doc) -> list:
    """Each label above its value (large print, and values too long for a table row)."""
    sheet, lang = doc.sheet, doc.lang
    story = []
    label = ParagraphStyle("top-label", parent=sheet.key, spaceBefore=sheet.sizes.body * 0.7)
    for top in rows:
        head = with_english(lang, top.row.label, label, sheet.key_en, top.label_en)
        story += keep_with_answer(head, top.row, doc, sheet.value, top.value_en, top=True)
    return story


def top_table(rows: list[TopRow], doc: Doc) -> Table:
    sheet, lang = doc.sheet, doc.lang
    pad = sheet.sizes.body * 0.3
    data: list[list] = []
    commands: list[tuple] = []
    for top in rows:
        row = top.row
        # The label, and its English under it: each a line a reader (or pdftotext) takes whole.
        label = with_english(lang, row.label, sheet.key, sheet.key_en, top.label_en)
        values: list[list] = [[not_answered(doc)]] if row.value is None else [
            # A value of many lines (twenty children) gets a table row per line: no row
            # may be taller than a page, and ReportLab cannot split a row.
            [doc.para(line, sheet.value, furniture=True)] for line in
            ([row.value] if row.value.count("\n") < 8 else row.value.split("\n"))]
        if row.value is not None:
            _, english = both(lang, row.value, top.value_en)
            if english and len(row.value) + len(english) <= 48 and "\n" not in row.value + english:
                values = [[doc.para(beside(lang, row.value, english), sheet.value, furniture=True)]]  # one line
            elif english:
                values[-1].append(doc.para(english, sheet.key_en, furniture=True))
        first = len(data)
        for i, value in enumerate(values):
            cells = [label if i == 0 else "", value]
            data.append(cells[::-1] if lang.rtl else cells)
        n = len(data) - 1
        commands += [("TOPPADDING", (0, first), (-1, first), pad), ("BOTTOMPADDING", (0, n), (-1, n), pad),
                     ("LINEBELOW", (0, n), (-1, n), 0.5, RULE)]
    widths = [doc.width * 0.45, doc.width * 0.55]
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
    return table


MIN_SCALE = 0.8  # the top block may be drawn this much smaller to stay on page one, no smaller


def fit_on_page_one(table: Table, doc: Doc):
    """The top block, shrunk a little if it must be to fit on page one under the
    title; a block that would need more (twenty children) flows on over the page."""
    from reportlab.platypus import KeepInFrame

    _, height = table.wrap(doc.width, 1e9)
    if height > page_height(doc.sheet) / MIN_SCALE:
        return table
    return KeepInFrame(0, 0, [table], mode="shrink")


# --- the parent's own copy ------------------------------------------------------------
def own_copy_dates(timeline: list, doc: Doc) -> list:
    """The parent's dates (prep.timeline.Event), on a page of their own at the end,
    only in a copy the parent asks for themselves."""
    sheet, lang = doc.sheet, doc.lang
    story: list = [PageBreak(), OutlineEntry(str(OWN_COPY_DATES))]
    head = with_english(lang, OWN_COPY_DATES, sheet.heading, sheet.heading_en)
    head.append(doc.para(str(OWN_COPY_NOTE), sheet.body))
    for event in timeline:
        head.append(doc.para(event.title, sheet.label, furniture=True))
        row = Row(event.title, f"{event.when()}. {event.detail}", event.id)
        story += keep_with_answer(head, row, doc, sheet.body)
        head = []
    return story


__all__ = ["render_statement", "statement_story", "Spacer"]
