"""The review record: a qualified translator's sign-off per message, and the note a parent
sees on every page and in the PDF. The note must say the truth: checked on a date, partly
checked, or not checked yet — and go back to "partly" as soon as a checked message changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import shutil
from pathlib import Path

import flask_babel
import pytest
from babel.messages.mofile import write_mo

from prep import create_app, i18n, translation_review
from prep.pdf import render_statement

from .conftest import app_config
from .pdf_fixtures import full_statement, pdf_text, squash
from .test_i18n import ROOT, TRANSLATED

CHECKED_ON = dt.date(2027, 3, 12)
NOT_CHECKED_EN = "This translation has not been checked by a qualified translator yet."


def note(page: str) -> str:
    """The translation note's text, both languages."""
    start = page.index('class="govuk-body-s app-translation-note"')
    inner = page[start:page.index("</p>", start)].split(">", 1)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inner)).split())


@pytest.fixture
def translations(tmp_path, app) -> Path:
    """A copy of translations/ that a test may sign off and edit."""
    copy = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", copy)
    yield copy
    forget_catalogues(app)  # so later tests read the real catalogues again


def forget_catalogues(app) -> None:
    # Flask-Babel keeps catalogues by locale in one cache shared by every app.
    with app.app_context():
        flask_babel.get_babel(app).instance.domain_instance.cache.clear()


def compile_po(root: Path, code: str) -> None:
    catalogue = translation_review.read_catalogue(code, root)
    with (root / code / "LC_MESSAGES" / "messages.mo").open("wb") as handle:
        write_mo(handle, catalogue)


def app_on(tmp_path, root: Path):
    app = create_app(app_config(tmp_path, BABEL_TRANSLATION_DIRECTORIES=str(root)))
    forget_catalogues(app)
    return app


def sign_off_everything(root: Path, code: str) -> None:
    catalogue = translation_review.read_catalogue(code, root)
    hashes = frozenset(translation_review.message_hash(m) for m in translation_review.messages(catalogue))
    translation_review.append_signoff(
        code, translation_review.SignOff("A. Nowak", "DPSI (Polish), MCIL", CHECKED_ON, hashes), root)


def edit_message(root: Path, code: str, english: str, *, msgid: str | None = None, msgstr: str | None = None):
    catalogue = translation_review.read_catalogue(code, root)
    message = catalogue[english]
    if msgstr is not None:
        message.string = msgstr
    if msgid is not None:  # what `make messages` leaves after the English changed and was translated again
        catalogue.delete(english)
        catalogue.add(msgid, message.string, locations=message.locations)
    from babel.messages.pofile import write_po

    with translation_review.po_path(code, root).open("wb") as handle:
        write_po(handle, catalogue, width=None, ignore_obsolete=True)
    compile_po(root, code)


def pdf_note(app, code: str) -> str:
    with app.app_context(), flask_babel.force_locale(i18n.BY_CODE[code].locale):
        data = render_statement(dataclasses.replace(full_statement(), language=code),
                                prepared_on=dt.date(2027, 1, 20))
    return squash(pdf_text(data))


@pytest.mark.parametrize("lang", TRANSLATED, ids=lambda lang: lang.code)
def test_unchecked_languages_say_so_in_the_language_and_in_english(client, lang):
    """Nobody has checked any language yet: every page says so, twice."""
    assert translation_review.read_signoffs(lang.code) == [], "a real sign-off: update this test"
    assert not i18n.is_reviewed(lang.code)
    text = note(client.get(f"/{lang.code}/step/strengths").text)
    with client.client.application.test_request_context(), flask_babel.force_locale(lang.locale):
        translated = str(i18n.UNREVIEWED_NOTE)
    assert translated in text and NOT_CHECKED_EN in text


def test_the_note_follows_the_signoff_and_any_later_edit(tmp_path, translations):
    """The proof the issue asks for: sign off Polish, then change a translation, then an English text."""
    before = app_on(tmp_path, translations)
    page = before.test_client().get("/pl/").text
    assert NOT_CHECKED_EN in note(page)

    sign_off_everything(translations, "pl")
    checked = app_on(tmp_path, translations)
    text = note(checked.test_client().get("/pl/").text)
    assert "To tłumaczenie zostało sprawdzone przez wykwalifikowanego tłumacza 12 marca 2027." in text
    assert "This translation was checked by a qualified translator on 12 March 2027." in text
    with checked.app_context():
        assert i18n.is_reviewed("pl")
    assert "This translation" not in pdf_note(checked, "pl")  # a fully checked PDF carries no warning

    # A later edit of one translation: that message is unchecked again.
    edit_message(translations, "pl", "Strengths", msgstr="Dobre strony")
    edited = app_on(tmp_path, translations)
    page = edited.test_client().get("/pl/step/strengths").text
    assert "Dobre strony" in page
    text = note(page)
    assert "Część tego tłumaczenia (99%) została sprawdzona przez wykwalifikowanego tłumacza." in text
    assert "This translation has been partly checked by a qualified translator (99%)." in text
    assert "This translation has been partly checked by a qualified translator (99%)." in pdf_note(edited, "pl")
    with edited.app_context():
        assert not i18n.is_reviewed("pl")
    visit = edited.test_client()  # after the first page of a visit, one short line says the same
    visit.get("/pl/")
    later = visit.get("/pl/guide").text
    assert "Tłumaczenie częściowo sprawdzone (99%) <span" in later
    assert "(Translation partly checked (99%))" in later and "qualified translator" not in later

    # Put the checked translation back: checked again.
    edit_message(translations, "pl", "Strengths", msgstr="Mocne strony")
    assert "12 March 2027" in note(app_on(tmp_path, translations).test_client().get("/pl/").text)

    # Now the English of a checked message changes (and is translated again): partly checked.
    edit_message(translations, "pl", "Strengths", msgid="What is good")
    text = note(app_on(tmp_path, translations).test_client().get("/pl/").text)
    assert "(99%)" in text and "12 March 2027" not in text


def test_status_counts_messages_and_rounds_down():
    status = translation_review.Status(total=650, checked=649, date=CHECKED_ON, reviewers=("A",))
    assert not status.complete and status.fraction == 0.99
    assert translation_review.Status(650, 520, CHECKED_ON, ("A",)).fraction == 0.8
    assert translation_review.Status(650, 650, CHECKED_ON, ("A",)).complete


def test_hash_covers_english_translation_and_every_plural_form():
    from babel.messages.catalog import Message

    base = Message(("%(num)s day", "%(num)s days"), ("%(num)s dzień", "%(num)s dni", "%(num)s dni"))
    same = Message(("%(num)s day", "%(num)s days"), ("%(num)s dzień", "%(num)s dni", "%(num)s dni"))
    assert translation_review.message_hash(base) == translation_review.message_hash(same)
    for changed in (Message(("%(num)s day", "%(num)s days!"), base.string),
                    Message(base.id, ("%(num)s dzień", "%(num)s dni", "%(num)s dniach"))):
        assert translation_review.message_hash(changed) != translation_review.message_hash(base)
