"""The review kit: a spreadsheet a council hands to a qualified translator, and the way back in
(corrections into the .po, the sign-off per message, the note parents see)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from prep import review_kit, translation_review

from .test_i18n import ROOT

STRENGTHS_PL = "Mocne strony"


@pytest.fixture
def translations(tmp_path) -> Path:
    copy = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", copy, ignore=shutil.ignore_patterns("*.mo"))
    return copy


def messages_sheet(path: Path):
    book = load_workbook(path)
    sheet = book["Messages"]
    header = [cell.value for cell in sheet[1]]
    return book, sheet, {name: i + 1 for i, name in enumerate(header)}


def row_of(sheet, columns, english: str) -> int:
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, columns["English"]).value == english:
            return row
    raise AssertionError(f"{english!r} is not in the kit")


def test_kit_shows_every_message_in_context_with_the_terms(tmp_path, translations):
    path = review_kit.write_kit("ur", tmp_path / "kit", translations)
    book, sheet, columns = messages_sheet(path)
    assert book.sheetnames == ["Start here", "Messages", "Key terms"]
    catalogue = translation_review.read_catalogue("ur", translations)
    plural_forms = sum(len(m.string) - 1 for m in translation_review.messages(catalogue) if isinstance(m.id, tuple))
    assert sheet.max_row - 1 == len(translation_review.messages(catalogue)) + plural_forms

    row = row_of(sheet, columns, "An advocate is someone who helps a child say what they think and what they want.")
    value = lambda name: sheet.cell(row, columns[name]).value  # noqa: E731
    assert value("Where it appears") == "Guide: Your child's voice (/guide/your-childs-voice)"
    assert value("English before it") == "An advocate for your child"
    assert value("English after it").startswith("The advocate is independent.")
    assert value("Translation now") == catalogue[value("English")].string
    assert "advocate → ایڈووکیسی ورکر" in value("Key terms in it (approved rendering)")
    assert sheet.cell(row, columns["Translation now"]).alignment.readingOrder == 2  # Urdu reads right to left

    months = [r for r in range(2, sheet.max_row + 1) if "every %(num)s months" in (sheet.cell(r, columns["English"]).value or "")]
    assert months and "used for n = " in sheet.cell(months[0], columns["Notes"]).value

    terms = book["Key terms"]
    assert {"advocate", "Child in Need plan", "minutes"} <= {terms.cell(r, 1).value for r in range(2, terms.max_row + 1)}
    assert book["Start here"]["B4"].value == "ur"


def fill_in(path: Path, verdicts: dict[str, tuple[str, str | None]], *, reviewer="R. Khan",
            qualification="DPSI (Urdu), NRPSI 12345", date="2026-11-20") -> Path:
    book, sheet, columns = messages_sheet(path)
    for row in range(2, sheet.max_row + 1):
        english = sheet.cell(row, columns["English"]).value
        verdict, correction = verdicts.get(english, ("OK", None))
        sheet.cell(row, columns["Verdict"], verdict)
        sheet.cell(row, columns["Correction"], correction)
    start = book["Start here"]
    start["B12"], start["B13"], start["B14"] = reviewer, qualification, date
    book.save(path)
    return path


def test_import_applies_corrections_and_signs_off_what_was_checked(tmp_path, translations):
    path = review_kit.write_kit("pl", tmp_path / "kit", translations)
    fill_in(path, {"Strengths": ("Change", "Mocne strony rodziny"),
                   "Your rights": ("Query", None),
                   "Next steps": ("", None)})
    report = review_kit.import_kit(path, translations)
    catalogue = translation_review.read_catalogue("pl", translations)
    total = len(translation_review.messages(catalogue))
    assert catalogue["Strengths"].string == "Mocne strony rodziny"
    assert (report.signed, report.corrected, report.queried, report.unanswered) == (total - 2, 1, 1, 1)

    signoff, = translation_review.read_signoffs("pl", translations)
    assert (signoff.reviewer, signoff.qualification, signoff.date) == (
        "R. Khan", "DPSI (Urdu), NRPSI 12345", dt.date(2026, 11, 20))
    status = translation_review.status("pl", translations)
    assert status.checked == total - 2 and not status.complete
    assert translation_review.message_hash(catalogue["Strengths"]) in signoff.messages  # as corrected


def test_a_message_changed_after_the_kit_was_made_is_not_signed_off(tmp_path, translations):
    path = review_kit.write_kit("pl", tmp_path / "kit", translations)
    catalogue = translation_review.read_catalogue("pl", translations)
    catalogue["Strengths"].string = "Dobre strony"
    from babel.messages.pofile import write_po

    with translation_review.po_path("pl", translations).open("wb") as handle:
        write_po(handle, catalogue, width=None, ignore_obsolete=True)
    report = review_kit.import_kit(fill_in(path, {}), translations)
    assert len(report.changed_since) == 1
    status = translation_review.status("pl", translations)
    assert status.checked == status.total - 1


def test_a_correction_that_loses_a_placeholder_is_not_used(tmp_path, translations):
    path = review_kit.write_kit("pl", tmp_path / "kit", translations)
    english = "These numbers are for %(council)s."
    before = translation_review.read_catalogue("pl", translations)[english].string
    report = review_kit.import_kit(fill_in(path, {english: ("Change", "Te numery są dla rady.")}), translations)
    assert len(report.rejected) == 1
    assert translation_review.read_catalogue("pl", translations)[english].string == before


@pytest.mark.parametrize("missing", ["reviewer", "qualification", "date"])
def test_no_signoff_without_who_and_when(tmp_path, translations, missing):
    path = review_kit.write_kit("pl", tmp_path / "kit", translations)
    fill_in(path, {}, **{missing: None})
    with pytest.raises(review_kit.KitError):
        review_kit.import_kit(path, translations)
    assert translation_review.read_signoffs("pl", translations) == []


def test_command_line(tmp_path):
    run = lambda *args: subprocess.run([sys.executable, "-m", "prep", *args], cwd=ROOT,  # noqa: E731
                                       capture_output=True, text=True)
    done = run("review-kit", "--lang", "so", "-o", str(tmp_path))
    assert done.returncode == 0 and (tmp_path / "review-kit-so.xlsx").is_file()
    wrong = run("review-kit", "--lang", "en", "-o", str(tmp_path))
    assert wrong.returncode == 2 and "make review-kit LANG=ur" in wrong.stderr
    missing = run("review-import", str(tmp_path / "nothing.xlsx"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_every_source_file_has_a_plain_place_name():
    """A reviewer sees "Start page", not "templates/start.html": new templates need a name."""
    unnamed = {row.where for row in review_kit.rows_for("pl") if row.where.split(";")[0].endswith((".py", ".html"))}
    assert not unnamed, f"add these to PLACES in prep/review_kit.py: {sorted(unnamed)}"
