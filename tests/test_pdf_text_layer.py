"""The text inside the PDF is the parent's text: what copy, search, screen readers,
translation tools and pdftotext get back, in every language (issue 12, "real text")."""

from __future__ import annotations

import datetime as dt

import flask_babel
import pytest

from prep import create_app, i18n
from prep.pdf import render_statement

from .pdf_fixtures import FREE_TEXT_FIELDS, pdf_text, pdftotext, words_in_order
from .text_corpus import MIN_WORDS, statement_of_answers

CODES = [lang.code for lang in i18n.LANGUAGES]


@pytest.fixture(scope="module")
def app():
    return create_app({"TESTING": True})


@pytest.fixture(scope="module")
def rendered(app):
    """Each language's statement of realistic answers, rendered once: {code: (statement, pdf)}."""
    out = {}
    with app.app_context():
        for lang in i18n.LANGUAGES:
            statement = statement_of_answers(lang.code)
            with flask_babel.force_locale(lang.locale):
                out[lang.code] = statement, render_statement(statement, prepared_on=dt.date(2027, 1, 20))
    return out


def share_of_words_back(statement, extracted: str) -> tuple[float, int]:
    found = total = 0
    for section, key in FREE_TEXT_FIELDS:
        got, words = words_in_order(getattr(statement.section(section), key), extracted)
        found, total = found + got, total + words
    return found / total, total


@pytest.mark.parametrize("code", CODES)
def test_pdftotext_gives_back_the_parents_words_in_order(rendered, code):
    statement, data = rendered[code]
    share, words = share_of_words_back(statement, pdftotext(data))
    assert words >= MIN_WORDS  # realistic answers, written in the language
    assert share >= 0.99, f"{code}: {share:.1%} of {words} words came back whole and in order"


@pytest.mark.parametrize("code", CODES)
def test_pypdf_gives_back_the_words_too(rendered, code):
    # pypdf reads glyphs in the order they are written and guesses right-to-left runs
    # itself: less sure than poppler with commas and numbers, but the letters are right.
    statement, data = rendered[code]
    share, words = share_of_words_back(statement, pdf_text(data))
    assert share >= (0.85 if i18n.BY_CODE[code].rtl else 0.95), f"{code}: {share:.1%} of {words} words"


@pytest.mark.parametrize("word", ["রহিমা", "বেগম", "ক্ষমা", "ਗੁਰਪ੍ਰੀਤ", "ਕ੍ਰਿਪਾ", "لا", "السلام", "بِسْمِ", "می‌کنیم"])
def test_conjuncts_ligatures_and_marks_read_back_as_typed(app, word):
    from .pdf_fixtures import statement_in, with_answers

    code = {"ব": "bn", "ক": "bn", "ਗ": "pa", "ਕ": "pa", "م": "fa"}.get(word[0], "ar")
    with app.app_context(), flask_babel.force_locale(i18n.BY_CODE[code].locale):
        data = render_statement(with_answers(statement_in(code), done_well=f"{word} {word}"))
    assert f"{word} {word}" in pdftotext(data)
    assert word in pdf_text(data)  # pypdf: no private-use characters, no presentation forms
    assert not any(0xE000 <= ord(ch) <= 0xF8FF or ord(ch) >= 0xF0000 for ch in pdf_text(data))
