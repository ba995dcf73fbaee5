"""The term base (translations/terms.toml): every message that uses a key term in English
uses that language's approved rendering, so "advocate" is not a lawyer on one page and a
counsellor on the next."""

from __future__ import annotations

import html
import re

import pytest

from prep import terms
from prep.guidance import GUIDES

from .test_i18n import TRANSLATED, catalogue

BASE = terms.load()


def forms(message) -> list[tuple[str, str]]:
    """(English, translation) for a message, one pair per plural form."""
    if isinstance(message.id, tuple):
        singular, plural = message.id
        return [(singular if i == 0 and len(message.string) > 1 else plural, s) for i, s in enumerate(message.string)]
    return [(message.id, message.string)]


@pytest.mark.parametrize("lang", TRANSLATED, ids=lambda lang: lang.code)
def test_key_terms_use_the_approved_rendering(lang):
    problems = []
    for message in catalogue(lang.code):
        if not message.id:
            continue
        for english, translation in forms(message):
            for term in BASE.missing(lang.code, english, translation):
                problems.append(f"{term.id} ({term.renderings[lang.code].say}): {english!r} -> {translation!r}")
    assert not problems, f"{lang.code}: {len(problems)} messages leave out a key term\n" + "\n".join(problems[:15])


def test_every_term_has_a_note_and_a_rendering_in_every_language():
    codes = {lang.code for lang in TRANSLATED}
    assert len(BASE.terms) >= 25
    for term in BASE.terms:
        assert term.note and term.english, term.id
        assert set(term.renderings) == codes, f"{term.id}: missing {codes - set(term.renderings)}"
        for code, rendering in term.renderings.items():
            assert rendering.used_in(rendering.say), f"{term.id}.{code}: 'match' does not find 'say' itself"


def test_exceptions_are_few_reasoned_and_still_needed():
    english = {m.id for m in catalogue("pl") if isinstance(m.id, str) and m.id}
    assert len(BASE.exceptions) <= 5, "the exception list is meant to stay short"
    by_id = {term.id: term for term in BASE.terms}
    for exception in BASE.exceptions:
        assert exception.term in by_id and len(exception.why.split()) >= 5
        used = [m for m in english if m.startswith(exception.message)]
        assert used, f"no message starts with {exception.message!r}: remove the exception"
        assert any(by_id[exception.term].in_english(m) for m in used), f"{exception.message!r} has no {exception.term}"


def test_the_test_notices_a_wrong_word():
    """The Urdu lawyer word for "advocate" (the finding that started the term base) fails."""
    assert [t.id for t in BASE.missing("ur", "Ask if your child can have an advocate.", "کیا ایڈووکیٹ مل سکتا ہے؟")] \
        == ["advocate"]
    assert not BASE.missing("ur", "Ask if your child can have an advocate.", "کیا ایڈووکیسی ورکر مل سکتا ہے؟")
    # Somali "needy child" for Child in Need; Portuguese defence lawyer for advocate.
    assert BASE.missing("so", "A Child in Need plan", "Qorshaha Ilmaha Baahan")
    assert BASE.missing("pt", "An advocate for your child", "Um defensor para a criança")


def test_minutes_as_time_is_not_the_term():
    minutes = next(t for t in BASE.terms if t.id == "minutes")
    assert minutes.in_english("You should get the minutes within 15 working days.")
    assert not minutes.in_english("Nothing happened on this page for %(minutes)s minutes, so we closed it.")
    assert not minutes.in_english("Wait a few minutes, then try again.")


@pytest.mark.parametrize("lang", TRANSLATED, ids=lambda lang: lang.code)
def test_glossary_gives_the_english_beside_each_term(client, lang):
    """Parents hear the English words in the room: the glossary shows them in brackets."""
    page = client.get(f"/{lang.code}/guide/glossary").text
    for english in ("Advocate", "Chair", "Child in Need plan", "Core group", "Key worker", "Minutes",
                    "Significant harm", "Section 47 enquiry", "Supporter", "Working days"):
        assert re.search(rf"\({re.escape(english)}\)", page, re.I), f"{lang.code}: no ({english}) in the glossary"


def guide_body(page: str) -> str:
    """The guide's own text (not its title or the links to other guides)."""
    return page[page.index('<div class="app-guide-body">'):page.index('<nav class="app-guide-nav')]


def body_text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", guide_body(page))).split())


@pytest.mark.parametrize("lang", TRANSLATED, ids=lambda lang: lang.code)
def test_guides_give_the_english_of_each_key_term_at_its_first_use(client, lang):
    """Parents hear "core group" and "minutes" in English at the meeting and read them in letters."""
    missing = []
    for guide in GUIDES:
        if guide.slug == "glossary":  # English beside every word already
            continue
        text = body_text(client.get(f"/{lang.code}/guide/{guide.slug}").text)
        bracketed = re.findall(r"\(([^()]{1,60})\)", text)
        for term in BASE.terms:
            rendering = term.renderings[lang.code]
            if term.bracket and rendering.first_in(text) and not any(term.in_english(b) for b in bracketed):
                missing.append(f"{guide.slug}: {term.english} ({rendering.say})")
    assert not missing, f"{lang.code}: " + "; ".join(missing)


def test_the_english_comes_right_after_the_first_use(client):
    page = client.get("/pl/guide/plans").text
    assert '<span lang="en" dir="ltr">(Child Protection Plan)</span>' in page
    text = body_text(page)
    first = text.index("Plan ochrony dziecka")
    assert text[first:].startswith("Plan ochrony dziecka (Child Protection Plan)")
    assert text.count("(Child Protection Plan)") == 1  # once per page, not every time
    ar = body_text(client.get("/ar/guide/your-childs-voice").text)
    assert "(advocate)" in ar[ar.index("مناصر"):ar.index("مناصر") + 40]
    assert "<span lang=\"en\"" not in guide_body(client.get("/en/guide/plans").text)


def test_service_name_is_translated_with_the_english_beside(client):
    page = client.get("/pl/").text
    assert "<title>Przygotowanie do konferencji w sprawie ochrony dziecka – Przygotowanie do konferencji</title>" in page
    assert 'Przygotowanie do konferencji <span lang="en" dir="ltr" class="app-header__english">Conference prep</span>' \
        in page
    english = client.get("/en/").text
    assert "Conference prep</a>" in english and "app-header__english" not in english
    assert "<title>Página não encontrada – Preparar a conferência</title>" in client.get("/pt/nowhere").text
