"""Every language: complete catalogues, the right direction, links that keep the language."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from prep import i18n, terms
from prep.guidance import GUIDES
from prep.steps import STEPS

from .journey_data import FULL_JOURNEY, walk

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [lang for lang in i18n.LANGUAGES if lang.code != i18n.DEFAULT]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%%\{count\}|%%|%\{count\}")


def catalogue(code):
    with (ROOT / "translations" / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


@pytest.fixture(scope="module")
def source_messages(tmp_path_factory):
    """Messages extracted from the code now, so a new string cannot go untranslated."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "."], cwd=ROOT, check=True,
                   capture_output=True)
    with pot.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


@pytest.mark.parametrize("lang", TRANSLATED, ids=lambda lang: lang.code)
def test_catalogue_is_complete_and_placeholders_match(lang, source_messages):
    cat = catalogue(lang.code)
    problems = []
    assert not cat.fuzzy, "the header is still marked fuzzy"
    for msgid in sorted(source_messages, key=str):
        message = cat.get(msgid)
        if message is None or not message.string:
            problems.append(f"untranslated: {msgid!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        elif isinstance(msgid, tuple):
            problems += plural_problems(msgid, message.string, cat.num_plurals)
        elif sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(message.string)):
            problems.append(f"placeholders differ: {msgid!r} -> {message.string!r}")
    assert not problems, f"{lang.code}: {len(problems)} problems\n" + "\n".join(problems[:20])


def plural_problems(msgid: tuple, forms, count: int) -> list[str]:
    """Every plural form is filled in and uses only the English placeholders (a form
    for exactly one may leave the number out: "one day", not "1 day")."""
    if not isinstance(forms, tuple) or len(forms) != count or not all(forms):
        return [f"plural forms missing: {msgid[0]!r} (needs {count})"]
    allowed = set(PLACEHOLDER.findall(msgid[1])) | set(PLACEHOLDER.findall(msgid[0]))
    wrong = [form for form in forms if not set(PLACEHOLDER.findall(form)) <= allowed]
    return [f"placeholders differ: {msgid[0]!r} -> {wrong[0]!r}"] if wrong else []


def test_first_visit_follows_the_browser_language(client):
    assert client.get("/", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.8"}).location == "/pl/"
    assert client.get("/", headers={"Accept-Language": "ur"}).location == "/ur/"
    assert client.get("/", headers={"Accept-Language": "ja,zh;q=0.5"}).location == "/en/"
    assert client.get("/").location == "/en/"


def test_unknown_language_is_not_found(client):
    assert client.get("/xx/").status_code == 404


@pytest.mark.parametrize("lang", i18n.LANGUAGES, ids=lambda lang: lang.code)
def test_html_lang_and_direction(client, lang):
    page = client.get(f"/{lang.code}/step/strengths").text
    direction = "rtl" if lang.code in ("ur", "ar", "fa") else "ltr"
    assert f'<html lang="{lang.code}" dir="{direction}"' in page


def test_language_chooser_links_to_this_page_in_each_language(client):
    # One "Language" control on every page (a step's saves what is typed, then goes there).
    step = client.submit("/pl/step/worries?return=check", {"go": "language"})
    assert step.location == "/pl/language?next=/pl/step/worries?return%3Dcheck"
    page = client.get(step.location).text
    assert 'href="/cy/step/worries?return=check" lang="cy" hreflang="cy" dir="ltr">Cymraeg</a>' in page
    assert 'href="/ur/step/worries?return=check" lang="ur" hreflang="ur" dir="rtl">اردو</a>' in page
    assert '<strong lang="pl" dir="ltr">Polski</strong>' in page
    assert 'href="/en/language?next=/en/guide/glossary"' in client.get("/en/guide/glossary").text


def test_links_and_redirects_keep_the_language(client):
    response = client.submit("/cy/step/about-you", FULL_JOURNEY["about-you"])
    assert response.location == "/cy/step/children"
    assert client.submit("/cy/step/children", {"go": "back"}).location == "/cy/step/about-you"


def visible_text(page: str) -> str:
    page = re.sub(r'<span lang="en" dir="ltr">.*?</span>', " ", page, flags=re.S)  # English on purpose
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<nav class="app-language-nav.*?</nav>', " ", page, flags=re.S)  # names in themselves
    text = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(text))


def english_phrases(code):
    """English messages that a translated page must not show (long enough to be unambiguous)."""
    phrases = []
    for m in catalogue(code):
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        phrases += [i for i in ids if i and len(i.split()) >= 3 and i not in strings and "%" not in i]
    return phrases


@pytest.mark.parametrize("lang", TRANSLATED, ids=lambda lang: lang.code)
def test_every_page_is_in_the_language(app, lang):
    from .conftest import JourneyClient

    client = JourneyClient(app.test_client())
    walk(client, {step: data for step, data in FULL_JOURNEY.items()}, lang=lang.code)
    client.submit(f"/{lang.code}/checklist", {"ticked": ["transport"]})
    urls = ["/", "/import", "/check", "/statement", "/statement/print", "/timeline", "/checklist",
            "/checklist?saved=1", "/guide"] + [f"/step/{s.id}" for s in STEPS] + [f"/guide/{g.slug}" for g in GUIDES]
    phrases = english_phrases(lang.code)
    for url in urls:
        page = client.get(f"/{lang.code}{url}")
        assert page.status_code == 200, url
        text = without_english_terms(visible_text(page.text))
        leftovers = [p for p in phrases if p in text]
        assert not leftovers, f"{lang.code}{url} shows English: {leftovers[:3]}"
    # The error page for a bad step submission too.
    errors = client.submit(f"/{lang.code}/step/about-you", {"your_name": "", "relationship": ""})
    assert not [p for p in phrases if p in without_english_terms(visible_text(errors.text))]


def without_english_terms(text: str) -> str:
    """Drop a key term's English in brackets ("(Child in Need plan)"): the term base asks for it
    at first use on a page, because parents hear those words in English at the meeting."""
    base = terms.load()
    return re.sub(r"\(([^()]{1,40})\)", lambda m: " " if base.terms_in(m.group(1)) else m.group(0), text)


def test_unreviewed_language_says_so_in_both_languages(client):
    page = client.get("/pl/").text
    assert "app-translation-note" in page
    assert f'<span lang="en" dir="ltr">{html.escape(str(i18n.UNREVIEWED_NOTE), quote=True)}</span>' in page \
        or "This translation has not been checked by a qualified translator yet." in page
    assert "app-translation-note" not in client.get("/en/").text


def test_dates_and_numbers_follow_the_language(client):
    walk(client, lang="pl")
    check = visible_text(client.get("/pl/check").text)
    assert "3 lutego 2027" in check
    walk(client, lang="en")
    assert "3 February 2027" in visible_text(client.get("/en/check").text)


def test_larger_text_setting_lasts_through_the_journey(client):
    assert "app-large-text" not in client.get("/en/step/strengths").text
    response = client.get("/en/text-size/large?next=/en/step/strengths")
    assert response.location == "/en/step/strengths"
    for step in STEPS:
        assert 'class="govuk-template app-large-text"' in client.get(f"/en/step/{step.id}").text
    client.get("/en/text-size/standard?next=/en/")
    assert "app-large-text" not in client.get("/en/check").text


def test_text_size_link_only_returns_to_this_site(client):
    assert client.get("/en/text-size/large?next=//evil.example/").location == "/en/"
    assert client.get("/en/text-size/large?next=https://evil.example/").location == "/en/"
