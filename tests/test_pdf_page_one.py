"""Page one is for the chair, in English, and for the parent, in their language (issue 12);
the file around it: outline, XMP, right-to-left viewing; and the worst statement we can
construct still reads back sensibly, at a bounded cost."""

from __future__ import annotations

import datetime as dt

import flask_babel
import pytest

from prep import create_app, i18n
from prep.pdf import render_statement
from prep.pdf.text import MARKER_BUDGET, mark
from prep.spoken_languages import in_english
from prep.statement import LONG_TEXT_MAX
from prep.steps import STEPS

from .pdf_fixtures import (
    SAMPLES, page_texts, pdftotext, reader, squash, statement_in, worst_answers, worst_statement,
)

CODES = [lang.code for lang in i18n.LANGUAGES]
LATIN_NAMES = {"uk": "Oksana Kovalenko", "bn": "Rahima Begum", "pa": "Gurpreet Kaur", "ur": "Fatima Bibi",
               "ar": "Fatima Alzahra", "fa": "Maryam Ahmadi"}


@pytest.fixture(scope="module")
def app():
    return create_app({"TESTING": True})


def chair_copy(app, code: str, **options) -> bytes:
    statement = statement_in(code)
    statement.about.name_latin = LATIN_NAMES.get(code, "")
    statement.needs.interpreter = True
    with app.app_context(), flask_babel.force_locale(i18n.BY_CODE[code].locale):
        return render_statement(statement, prepared_on=dt.date(2027, 1, 20), **options)


@pytest.mark.parametrize("code", CODES)
def test_page_one_tells_the_chair_in_english_whose_statement_it_is(app, code):
    data = chair_copy(app, code)
    first, *rest = [squash(page) for page in pdftotext(data).split("\f")]
    sample, language = SAMPLES[code], i18n.BY_CODE[code]
    if code in LATIN_NAMES:
        assert LATIN_NAMES[code] in first  # the name in Latin letters, in the top block ...
        assert LATIN_NAMES[code] in squash(page_texts(data)[-1])  # ... and in every page's header
    for label in ("Parent or carer", "Relationship to the children", "Children", "Attending the conference",
                  "Interpreter needed", "Date prepared"):
        assert label in first, label  # third-person English labels, all of the top block on page one
        assert not any(label in page for page in rest if label != "Children"), label
    if sample.interpreter:
        assert f"Yes, in {in_english(sample.interpreter)}" in first  # the language named in English
        assert in_english(sample.interpreter).startswith(language.english_name.split(" (")[0])
    if code != "en":
        assert (f"The answers are in {language.english_name}, in the parent's own words. "
                "They have not been translated.") in first
    assert "Your full name" not in first and "Will you go to the meeting?" not in first  # not the form's questions


def test_the_parents_own_copy_keeps_the_questions(app):
    text = squash(pdftotext(chair_copy(app, "en", timeline=[])))
    assert "Your full name" in text and "Parent or carer" not in text


@pytest.mark.parametrize("typed, english", [
    ("اردو", "Urdu"), ("বাংলা (সিলেটি)", "Bengali (Sylheti)"), ("(সিলেটি)", "(Sylheti)"), ("polski", "Polish"),
    ("فارسی", "Persian (Farsi)"), ("ਪੰਜਾਬੀ", "Punjabi"), ("Tigrinya", "Tigrinya"), ("Tamazight", "Tamazight"),
])
def test_the_interpreter_language_is_named_in_english_for_the_chair(app, typed, english):
    statement = statement_in("bn")
    statement.needs.interpreter, statement.needs.interpreter_language = True, typed
    with app.app_context(), flask_babel.force_locale("bn"):
        data = render_statement(statement)
    first = squash(pdftotext(data).split("\f")[0])
    assert f"Yes, in {english}" in first
    assert typed in first  # and as the parent wrote it


def test_pre_birth_due_date(app):
    statement = statement_in("en")
    statement.about.conference_type = "pre-birth"
    statement.about.children[1].due_date = "2027-03-14"
    with app.app_context(), flask_babel.force_locale("en_GB"):
        text = squash(pdftotext(render_statement(statement)))
    assert "Name not given, not born yet, due 14 March 2027" in text


# --- the file around the pages ------------------------------------------------------------
@pytest.mark.parametrize("code", ["en", "ur"])
def test_outline_xmp_and_reading_direction(app, code):
    pdf = reader(chair_copy(app, code))
    with app.app_context(), flask_babel.force_locale(i18n.BY_CODE[code].locale):
        titles = [str(step.heading) for step in STEPS if not step.top_block and not step.optional]
    outline = [entry.title for entry in pdf.outline]
    assert all(title in outline for title in titles) and outline == sorted(outline, key=outline.index)
    xmp = pdf.xmp_metadata
    assert xmp is not None and xmp.dc_title["x-default"] == pdf.metadata.title
    assert xmp.dc_language == [i18n.BY_CODE[code].locale.replace("_", "-")]
    assert "Fatima" not in str(xmp.dc_title) and SAMPLES[code].name not in pdf.metadata.title
    preferences = pdf.trailer["/Root"].get("/ViewerPreferences", {})
    assert preferences.get("/Direction") == ("/R2L" if i18n.BY_CODE[code].rtl else None)


# --- the worst statement ----------------------------------------------------------------------
def test_what_is_drawn_is_never_much_longer_than_what_was_typed():
    """The cost cap: a run of characters no font has is one short marker, and markers
    stop being named after MARKER_BUDGET characters, so an answer's drawn text is at
    most that much longer than the answer (ReportLab's work grows with what is drawn),
    and an answer is at most 20,000 code points (prep.text_length)."""
    for text in worst_answers(LONG_TEXT_MAX):
        assert len(mark(text).plain) <= len(text) + MARKER_BUDGET


def test_the_worst_statement_reads_back_sensibly(app):
    with app.app_context(), flask_babel.force_locale("ar"):
        data = render_statement(worst_statement(LONG_TEXT_MAX))
    text = "\n".join(page_texts(data))  # pypdf
    assert "[symbol ×5000]" in text  # 5,000 characters no font has: one short marker
    assert "[man, woman, girl" in text or "[man ×" in text  # emoji sequences, named
    assert "\ufffd" in text  # named markers used up: one character per run after that
    assert text.count("a") > 2000 and text.count("ب") > 2000  # a change of direction at every letter: all there
    poppler = pdftotext(data)
    assert "[symbol ×5000]" in poppler and poppler.count("ক্ষ") > 1000
    assert len(reader(data).pages) > 20
