"""The review kit: a spreadsheet per language that a council can hand to a qualified
translator, and the way back in.

    python -m prep review-kit --lang ur [-o build/review-kit]      (make review-kit LANG=ur)
    python -m prep review-import build/review-kit/review-kit-ur.xlsx   (make review-import FILE=...)

The kit (.xlsx, opens in Excel or LibreOffice, nothing else needed) has every message in
context: where it appears, the English before and after it, the English beside the
translation, the key terms in it and their approved rendering, and columns for the
reviewer's verdict, correction and comment; plus the term base, the style notes and the
reviewer's details. Importing it writes the corrections into the .po and records the
sign-off per message (prep/translation_review.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Message
from babel.messages.pofile import write_po
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from . import i18n, terms, translation_review

VERDICTS = ("OK", "Change", "Query")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%%\{count\}|%%|%\{count\}")
# The reviewer's details on the first sheet: label, then the cell the reviewer fills in.
DETAILS = {"reviewer": ("Your name", "B12"), "qualification": ("Your qualification (e.g. DPSI, NRPSI number, "
                                                               "CIOL or ITI membership)", "B13"),
           "date": ("Date you finished (YYYY-MM-DD)", "B14")}
LANGUAGE_CELL = "B4"
MESSAGE_COLUMNS = ("No.", "Where it appears", "English before it", "English", "Translation now", "English after it",
                   "Key terms in it (approved rendering)", "Notes", "Verdict", "Correction", "Comment",
                   "Checked before", "ID")
WIDTHS = (6, 30, 30, 45, 45, 30, 35, 30, 10, 45, 30, 10, 24)
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
REVIEW_FILL = PatternFill("solid", fgColor="FFF2CC")  # the columns the reviewer fills in

# Where each source file's messages are seen (a guide's template gives its own title).
PLACES = {
    "prep/checklist.py": "Checklist page (/checklist)",
    "prep/errors.py": "Error pages",
    "prep/forms.py": "Error messages next to the questions",
    "prep/guidance.py": "Guides: titles, summaries and the glossary (/guide)",
    "prep/i18n.py": "Every page (header, translation note) and the PDF",
    "prep/pdf/paper_form.py": "Paper form (PDF)",
    "prep/pdf/statement.py": "PDF statement for the conference chair",
    "prep/pdf/text.py": "PDF statement (a mark for a character no font can draw)",
    "prep/planning.py": "Your dates page (/timeline)",
    "prep/timeline.py": "Your dates page (/timeline) and the last page of the parent's own PDF",
    "prep/questions.py": "Question pages, check your answers and the paper form (PDF)",
    "prep/saving.py": "Save and come back later",
    "prep/steps.py": "Question pages (titles), check your answers, PDF headings",
    "prep/step_saving.py": "Question pages (an answer changed in two tabs)",
    "prep/templating.py": "Question pages (dates, character counts)",
    "prep/views.py": "Messages when saving or uploading answers",
    "templates/base.html": "Every page (header, Exit this page, footer)",
    "templates/check.html": "Check your answers (/check)",
    "templates/error.html": "Error pages",
    "templates/import.html": "Continue from a saved file (/import)",
    "templates/language.html": "Choose your language (/language)",
    "templates/not_ready.html": "Answers that need finishing before the statement",
    "templates/print.html": "Print version of the statement",
    "templates/remove_drawing.html": "Check your answers: remove a photo of your child's drawing",
    "templates/start.html": "Start page",
    "templates/statement.html": "Your statement (/statement)",
    "templates/guidance/_guide.html": "Every guide (links at the bottom)",
    "templates/guidance/_macros.html": "Guides and question pages (supporter, phone numbers)",
    "templates/guidance/index.html": "Guides list (/guide)",
    "templates/macros/answers.html": "Check your answers",
    "templates/macros/fields.html": "Question pages (character counts)",
    "templates/planning/checklist.html": "Checklist page (/checklist)",
    "templates/planning/timeline.html": "Your dates page (/timeline)",
    "templates/saving/code.html": "Your code (after saving)",
    "templates/saving/delete.html": "Delete your answers",
    "prep/sending.py": "Sending to the conference team: the sent line on the statement and dates pages, the own PDF copy",
    "templates/sending/confirm.html": "Check before you send your statement (/send)",
    "templates/sending/sent.html": "Statement sent, waiting or not sent (/send/sent)",
    "templates/sending/undelivered.html": "Notice on the parent's pages when a statement could not be sent",
    "templates/saving/deleted.html": "Your answers have been deleted",
    "templates/saving/resume.html": "Continue with a code",
    "templates/saving/save.html": "Save and come back later",
    "templates/saving/timed_out.html": "Page closed after a time with nothing happening",
    "templates/saving/protect.html": "Keep your answers safe on this phone (choose a number)",
    "templates/saving/unlock.html": "Get back to your answers (enter your number)",
    "templates/saving/unlock_gone.html": "Your number no longer works on this phone",
    "templates/saving/welcome_back.html": "Welcome back (answers saved on this phone)",
    "templates/steps/_step.html": "Every question page",
}


def _english(text) -> str:
    """A lazy string's English (the kit is made outside any request: no translation active)."""
    return str(text)


def place(filename: str) -> str:
    if filename in PLACES:
        return PLACES[filename]
    from .guidance import GUIDES

    for guide in GUIDES:
        if filename == f"templates/{guide.template}":
            return f"Guide: {_english(guide.title)} (/guide/{guide.slug})"
    if filename.startswith("templates/steps/"):
        return "Question page: " + Path(filename).stem.replace("_", " ")
    return filename


@dataclass
class Row:
    """One line of the kit: a message, or one plural form of it."""
    key: str  # message hash, and "#i" for plural form i
    where: str
    before: str
    english: str
    translation: str
    after: str
    terms: str
    notes: str
    checked_before: bool


def _forms(message: Message, code: str) -> list[tuple[str, str, str]]:
    """(key suffix, English, note) per form; a plural message has one per CLDR category."""
    if not isinstance(message.id, tuple):
        return [("", message.id, "")]
    order = terms.load().plurals[code]["order"]
    plural_form = Locale.parse(i18n.BY_CODE[code].locale).plural_form
    rows = []
    for index, slot in enumerate(order):
        numbers = [n for n in range(0, 201) if plural_form(n) in slot.split()][:6]
        english = message.id[0] if numbers == [1] else message.id[1]
        rows.append((f"#{index}", english, f"Plural form {index + 1} of {len(order)}, used for n = "
                     + ", ".join(map(str, numbers)) + ("…" if len(numbers) == 6 else "")))
    return rows


def rows_for(code: str, root: Path = translation_review.TRANSLATIONS) -> list[Row]:
    catalogue = translation_review.read_catalogue(code, root)
    checked = set().union(*(s.messages for s in translation_review.read_signoffs(code, root)))
    base = terms.load()
    # Messages in the order a reader meets them: by source file, then line.
    listed = sorted(translation_review.messages(catalogue),
                    key=lambda m: (m.locations[0] if m.locations else ("~", 0)))
    by_file = defaultdict(list)
    for message in listed:
        by_file[message.locations[0][0] if message.locations else ""].append(message)
    rows = []
    for filename, group in by_file.items():
        for i, message in enumerate(group):
            text = lambda m: m.id if isinstance(m.id, str) else m.id[1]  # noqa: E731
            before = text(group[i - 1]) if i > 0 else "(start of this part)"
            after = text(group[i + 1]) if i + 1 < len(group) else "(end of this part)"
            where = place(filename)
            others = sorted({place(f) for f, _ in message.locations[1:]} - {where})
            if others:
                where += "; also: " + "; ".join(others)
            digest = translation_review.message_hash(message)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for (suffix, english, plural_note), translation in zip(_forms(message, code), strings):
                used = base.terms_in(english)
                notes = [plural_note] if plural_note else []
                if PLACEHOLDER.search(english):
                    notes.append("Keep " + ", ".join(sorted(set(PLACEHOLDER.findall(english)))) + " exactly as it is.")
                rows.append(Row(digest + suffix, where, before, english, translation, after,  # one per form
                                "; ".join(f"{t.english} → {t.renderings[code].say}" for t in used if code in t.renderings),
                                "; ".join(notes), digest in checked))
    return rows


def write_kit(code: str, out_dir: Path, root: Path = translation_review.TRANSLATIONS) -> Path:
    if code not in i18n.BY_CODE or code == i18n.DEFAULT:
        raise ValueError(f"no translation to review for {code!r}")
    language = i18n.BY_CODE[code]
    rows = rows_for(code, root)
    status = translation_review.status(code, root)
    book = Workbook()
    _start_sheet(book.active, language, status, len({r.key.split("#")[0] for r in rows}))
    _messages_sheet(book.create_sheet("Messages"), rows, language.rtl)
    _terms_sheet(book.create_sheet("Key terms"), code, language.rtl)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"review-kit-{code}.xlsx"
    book.save(path)
    return path


def _start_sheet(sheet, language: i18n.Language, status: translation_review.Status, count: int) -> None:
    sheet.title = "Start here"
    lines = [
        ("Conference prep: translation review", None),
        ("A web service that helps a parent prepare what they want to say at a child protection conference "
         "(England and Wales), and makes a PDF statement for the conference chair.", None),
        ("", None),
        ("Language", language.code),
        ("Language name", f"{language.english_name} ({language.name})"),
        ("Messages to check", count),
        ("Checked so far", f"{status.checked} of {status.total}"),
        ("", None),
        ("How to review: on the 'Messages' sheet, read each English text and its translation in context. In "
         "'Verdict' choose OK (right as it is), Change (write the whole corrected translation in 'Correction') or "
         "Query (say what is unclear in 'Comment'). Use the approved words on the 'Key terms' sheet; if one is "
         "wrong, say so in a comment. Do not change the ID column.", None),
        ("Only messages marked OK or corrected are recorded as checked by you, each as it reads now: if the "
         "English or the translation changes later, that message shows as unchecked again.", None),
        ("Your details (required for the sign-off):", None),
    ]
    for row, (label, value) in enumerate(lines, start=1):
        sheet.cell(row, 1, label).alignment = Alignment(wrap_text=True, vertical="top")
        if value is not None:
            sheet.cell(row, 2, value)
    for key, (label, cell) in DETAILS.items():
        sheet[cell.replace("B", "A")] = label
        sheet[cell].fill = REVIEW_FILL
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 70
    sheet.column_dimensions["B"].width = 40
    for number, note in enumerate(terms.load().style_notes(language.code), start=16):
        sheet.cell(number, 1, "Style: " + note).alignment = Alignment(wrap_text=True, vertical="top")


def _messages_sheet(sheet, rows: list[Row], rtl: bool) -> None:
    sheet.append(MESSAGE_COLUMNS)
    for number, row in enumerate(rows, start=1):
        sheet.append([number, row.where, row.before, row.english, row.translation, row.after, row.terms, row.notes,
                      None, None, None, "yes" if row.checked_before else "", row.key])
    verdicts = DataValidation(type="list", formula1='"' + ",".join(VERDICTS) + '"', allow_blank=True)
    sheet.add_data_validation(verdicts)
    verdicts.add(f"I2:I{len(rows) + 1}")
    translated_columns = {5, 10}
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = width
    for cells in sheet.iter_rows(min_row=1, max_row=len(rows) + 1):
        for cell in cells:
            right_to_left = rtl and cell.column in translated_columns and cell.row > 1
            cell.alignment = Alignment(wrap_text=True, vertical="top", readingOrder=2 if right_to_left else 0,
                                       horizontal="right" if right_to_left else None)
            if cell.row == 1:
                cell.font, cell.fill = Font(bold=True), HEADER_FILL
            elif cell.column in (9, 10, 11):
                cell.fill = REVIEW_FILL
    sheet.freeze_panes = "E2"
    sheet.auto_filter.ref = f"A1:M{len(rows) + 1}"


def _terms_sheet(sheet, code: str, rtl: bool) -> None:
    sheet.append(("Key term (English)", "What it means", "Approved rendering", "Why this word",
                  "Give the English in brackets at first use on a page?", "Comment"))
    for term in terms.load().terms:
        rendering = term.renderings.get(code)
        sheet.append((term.english, term.note, rendering.say if rendering else "", rendering.note if rendering else "",
                      "yes" if term.bracket else "no", None))
    for column, width in enumerate((25, 60, 30, 40, 15, 40), start=1):
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = width
    for cells in sheet.iter_rows():
        for cell in cells:
            right_to_left = rtl and cell.column == 3 and cell.row > 1
            cell.alignment = Alignment(wrap_text=True, vertical="top", readingOrder=2 if right_to_left else 0)
            if cell.row == 1:
                cell.font, cell.fill = Font(bold=True), HEADER_FILL
            elif cell.column == 6:
                cell.fill = REVIEW_FILL


# --- the way back in ----------------------------------------------------------------

class KitError(Exception):
    """A kit that cannot be imported; the message says what to fix."""


@dataclass
class ImportReport:
    code: str
    signed: int = 0
    corrected: int = 0
    queried: int = 0
    unanswered: int = 0
    changed_since: list[str] = field(default_factory=list)  # in the kit, but the message has changed since
    rejected: list[str] = field(default_factory=list)  # corrections that lose or add a placeholder

    def lines(self) -> list[str]:
        out = [f"{self.code}: {self.signed} messages signed off ({self.corrected} of them corrected), "
               f"{self.queried} queried, {self.unanswered} without a verdict"]
        out += [f"  changed since the kit was made, not signed off: {m}" for m in self.changed_since]
        out += [f"  correction not used (placeholders differ): {m}" for m in self.rejected]
        return out


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _details(sheet, overrides: dict) -> tuple[str, str, dt.date]:
    values = {key: overrides.get(key) or sheet[cell].value for key, (_, cell) in DETAILS.items()}
    missing = [DETAILS[key][0] for key in ("reviewer", "qualification") if not _text(values[key])]
    if missing:
        raise KitError("the sign-off needs " + " and ".join(missing) + " ('Start here' sheet)")
    when = values["date"]
    if isinstance(when, dt.datetime):
        when = when.date()
    if not isinstance(when, dt.date):
        try:
            when = dt.date.fromisoformat(_text(when))
        except ValueError:
            raise KitError(f"the date {when!r} is not a date written YYYY-MM-DD ('Start here' sheet)") from None
    if when > dt.date.today():
        raise KitError(f"the date {when.isoformat()} is in the future")
    return _text(values["reviewer"]), _text(values["qualification"]), when


def import_kit(path: Path, root: Path = translation_review.TRANSLATIONS, **overrides) -> ImportReport:
    """Apply a reviewed kit: corrections into the .po, and a sign-off for each message
    marked OK or corrected (every plural form of it), as it reads after the corrections."""
    try:
        book = load_workbook(path, read_only=True)
    except (OSError, KeyError, ValueError) as exc:
        raise KitError(f"{path}: not a review kit spreadsheet ({exc})") from None
    if "Start here" not in book.sheetnames or "Messages" not in book.sheetnames:
        raise KitError(f"{path}: not a review kit (no 'Start here' and 'Messages' sheets)")
    start = book["Start here"]
    code = _text(start[LANGUAGE_CELL].value)
    if code not in i18n.BY_CODE or code == i18n.DEFAULT:
        raise KitError(f"{path}: unknown language {code!r} in cell {LANGUAGE_CELL}")
    reviewer, qualification, when = _details(start, overrides)

    answers: dict[str, dict[int, tuple[str, str]]] = defaultdict(dict)  # message hash -> form -> (verdict, correction)
    header = None
    for values in book["Messages"].iter_rows(values_only=True):
        if header is None:
            header = [_text(v) for v in values]
            continue
        row = dict(zip(header, values))
        key = _text(row.get("ID"))
        if not key:
            continue
        digest, _, form = key.partition("#")
        typed = _text(row.get("Verdict"))
        verdict = {v.lower(): v for v in VERDICTS}.get(typed.lower(), typed)  # "ok" and "OK" alike
        if verdict and verdict not in VERDICTS:
            raise KitError(f"{path}: row {row.get('No.')}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
        answers[digest][int(form or 0)] = (verdict, _text(row.get("Correction")))

    catalogue = translation_review.read_catalogue(code, root)
    current = {translation_review.message_hash(m): m for m in translation_review.messages(catalogue)}
    report = ImportReport(code)
    signed = set()
    for digest, forms in answers.items():
        message = current.get(digest)
        if message is None:
            report.changed_since.append(digest)
            continue
        verdicts = [verdict for verdict, _ in forms.values()]
        if "Query" in verdicts:
            report.queried += 1
        strings = list(message.string) if isinstance(message.string, tuple) else [message.string]
        corrected = False
        for index, (verdict, correction) in forms.items():
            if verdict == "Change" and correction:
                if sorted(PLACEHOLDER.findall(correction)) != sorted(PLACEHOLDER.findall(strings[index])):
                    report.rejected.append(f"{digest}#{index}: {correction}")
                    continue
                strings[index], corrected = correction, True
        message.string = tuple(strings) if isinstance(message.string, tuple) else strings[0]
        complete = len(forms) == len(strings) and all(
            v == "OK" or (v == "Change" and strings[i] == c) for i, (v, c) in forms.items())
        if complete:
            signed.add(translation_review.message_hash(message))
            report.signed += 1
            report.corrected += corrected
        elif not any(verdicts):
            report.unanswered += 1

    with translation_review.po_path(code, root).open("wb") as handle:
        write_po(handle, catalogue, width=None, ignore_obsolete=True)
    if signed:
        translation_review.append_signoff(code, translation_review.SignOff(reviewer, qualification, when,
                                                                           frozenset(signed)), root)
    return report

