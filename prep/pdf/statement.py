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
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from flask_babel import force_locale, format_date, lazy_gettext as _l
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from .. import i18n
from ..statement import Statement
from ..steps import STEPS, Row, needs_latin_name
from .document import Doc
from .english import ENGLISH, both, beside, doc_lang, in_english, unreviewed_note, with_english
from .furniture import OutlineEntry, build
from .styles import RULE, style_sheet
from .text import para, to_plain

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
    dates on a last page, for their own copy only; `sent` ((text, English) pairs: when
    it was sent to the conference team, and the reference) goes in that copy's top block.
    """
    sheet = style_sheet(bool(large_print))
    lang = doc_lang()
    story = statement_story(statement, large_print=large_print, prepared_on=prepared_on,
                            council_name=council_name, timeline=timeline, sent=sent)
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
    step left blank is left out; a row shown on page one is not repeated."""
    sheet, lang = doc.sheet, doc.lang
    rows = [(row, label_en, value_en) for row, label_en, value_en in step_rows(step, statement, doc)
            if not row.page_one]
    if not rows or (step.optional and all(row.value is None for row, _, _ in rows)):
        return []
    story: list = []
    head = [OutlineEntry(str(step.title)), *with_english(lang, step.title, sheet.heading, sheet.heading_en)]
    for row, label_en, value_en in rows:
        head += with_english(lang, row.label, sheet.label, sheet.label_en, label_en)
        story += keep_with_answer(head, row, doc, sheet.body, value_en)
        head = []
    return story


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
        return [KeepTogether([*head, *parts])]
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
        return [KeepTogether(stacked(rows, doc))]
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
