"""The guides: every page renders, they chain in order, the journey links to
them where they help, and the council's own numbers and timescales show."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from prep import create_app
from prep.guidance import GLOSSARY, GUIDE_LINKS, GUIDES

from .conftest import JourneyClient, app_config

PROFILES = Path(__file__).resolve().parent.parent / "profiles"


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def h1(page: str) -> str:
    return text_of(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1))


def title(page: str) -> str:
    return text_of(re.search(r"<title>(.*?)</title>", page, re.S).group(1))


def link(page: str, rel: str) -> str | None:
    match = re.search(rf'rel="{rel}" href="([^"]+)"', page)
    return match.group(1) if match else None


def client_with(tmp_path, **config):
    return JourneyClient(create_app(app_config(tmp_path, **config)).test_client())


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: g.slug)
def test_each_guide_has_its_title_as_heading_and_page_title(client, guide):
    response = client.get(f"/en/guide/{guide.slug}")
    assert response.status_code == 200
    assert h1(response.text) == str(guide.title)
    assert title(response.text).startswith(f"{guide.title} –")
    assert 'href="/en/guide" class="govuk-back-link' in response.text


def test_index_lists_every_guide_with_its_summary(client):
    page = client.get("/en/guide").text
    assert h1(page) == "Find out what to expect"
    for guide in GUIDES:
        assert f'href="/en/guide/{guide.slug}"' in page
        assert html.escape(str(guide.summary)) in page


def test_unknown_guide_is_not_found(client):
    assert client.get("/en/guide/what-is-a-court").status_code == 404
    assert client.get("/xx/guide/plans").status_code == 404


def test_previous_and_next_follow_the_order_of_guides(client):
    url, seen = f"/en/guide/{GUIDES[0].slug}", []
    while url:
        page = client.get(url).text
        seen.append(url.rsplit("/", 1)[1])
        url = link(page, "next")
    assert seen == [g.slug for g in GUIDES]
    assert link(client.get(f"/en/guide/{GUIDES[0].slug}").text, "prev") is None
    # And back again.
    url, back = f"/en/guide/{GUIDES[-1].slug}", []
    while url:
        back.append(url.rsplit("/", 1)[1])
        url = link(client.get(url).text, "prev")
    assert back == [g.slug for g in reversed(GUIDES)]


def test_guides_keep_the_language(client):
    page = client.get("/pl/guide/plans").text
    assert link(page, "next") == "/pl/guide/your-rights"
    assert 'href="/pl/guide" class="govuk-back-link' in page


def test_guides_lead_to_the_statement(client):
    page = client.get("/en/guide/tips-for-the-day").text
    assert '<a class="govuk-link" href="/en/">Start your statement</a>' in page


def test_start_page_links_to_every_guide(client):
    page = client.get("/en/").text
    assert "Find out what a child protection conference is" in page
    for guide in GUIDES:
        assert f'href="/en/guide/{guide.slug}"' in page


@pytest.mark.parametrize("step_id, expected", [
    ("worries", "/en/guide/glossary#significant-harm"),
    ("conference", "/en/guide/if-you-cannot-attend"),
    ("conference", "/en/guide/what-is-a-conference"),
    ("next-steps", "/en/guide/plans"),
    ("child-views", "/en/guide/your-childs-voice"),
    ("supporter-needs", "/en/guide/your-rights"),
])
def test_steps_link_to_the_guide_that_helps(client, step_id, expected):
    page = client.get(f"/en/step/{step_id}").text
    assert f'href="{expected}" target="_blank" rel="noopener"' in page
    assert "(opens in new tab)" in page


def test_steps_without_help_show_no_guide_links(client):
    assert "app-guide-links" not in client.get("/en/step/strengths").text


def test_supporter_step_explains_what_a_supporter_is(client):
    page = client.get("/en/step/supporter-needs").text
    details = re.search(r"<details.*?</details>", page, re.S).group(0)
    assert "What is a supporter?" in details
    assert "They cannot speak for you" in details
    assert "What is a supporter?" not in client.get("/en/step/helper").text


def test_glossary_terms_have_ids_that_links_point_to(client):
    page = client.get("/en/guide/glossary").text
    ids = set(re.findall(r'<div class="govuk-summary-list__row" id="([a-z0-9-]+)">', page))
    assert ids == {term.id for term in GLOSSARY}
    for needed in ("significant-harm", "section-47-enquiry", "signs-of-safety", "child-protection-conference",
                   "initial-conference", "review-conference", "pre-birth-conference", "child-protection-plan",
                   "child-in-need-plan", "core-group", "key-worker", "minutes", "advocate", "chair",
                   "supporter", "safeguarding"):
        assert needed in ids
    signs = text_of(re.search(r'id="signs-of-safety">(.*?)</div>', page, re.S).group(1))
    for question in ("What is working well?", "What are we worried about?", "What needs to happen?"):
        assert question in signs
    # Every link to a glossary term, from a guide or a step, lands on a term.
    targets = {link.anchor for links in GUIDE_LINKS.values() for link in links if link.slug == "glossary"}
    for guide in GUIDES:
        targets |= set(re.findall(r'href="/en/guide/glossary#([^"]+)"', client.get(f"/en/guide/{guide.slug}").text))
    assert targets and targets <= ids


def test_default_profile_timescales_and_missing_numbers(client):
    before = text_of(client.get("/en/guide/before-on-the-day-after").text)
    assert "at least 2 working days before" in before
    assert "for a review conference, at least 5 working days before" in before
    assert "first core group meeting should be within 10 working days" in before
    assert "You should get the minutes within 15 working days." in before
    assert "first review conference should be within 3 months" in before
    plans = text_of(client.get("/en/guide/plans").text)
    assert "a review at least every 6 months" in plans
    rights = client.get("/en/guide/your-rights").text
    # The generic profile has no council numbers, only the national advice line.
    assert "Ask your social worker how to make a complaint." in rights
    assert "Ask your social worker for the number" in rights
    assert 'href="tel:08088010366">0808 801 0366</a>' in rights
    assert "These numbers are for" not in rights


def test_another_councils_profile_changes_the_guides(tmp_path):
    client = client_with(tmp_path, COUNCIL_PROFILE=str(PROFILES / "example-wales.toml"))
    assert "You should get the minutes within 20 working days." in text_of(
        client.get("/en/guide/before-on-the-day-after").text)
    rights = client.get("/en/guide/your-rights").text
    assert 'To complain, call the complaints team on <a class="govuk-link" href="tel:02920180004">029 2018 0004</a>.' in rights
    assert "These numbers are for Example County Borough Council." in rights
    assert "Ask your social worker for the number" not in rights
    cannot = client.get("/en/guide/if-you-cannot-attend").text
    assert 'href="tel:02920180001"' in cannot


def test_timescales_come_from_the_profile_with_the_right_plural(tmp_path):
    profile = tmp_path / "profile.toml"
    profile.write_text((PROFILES / "england.toml").read_text()
                       .replace("report_days_initial = 2", "report_days_initial = 3")
                       .replace("core_group_working_days = 10", "core_group_working_days = 12")
                       .replace("minutes_working_days = 15", "minutes_working_days = 1")
                       .replace("first_review_months = 3", "first_review_months = 4")
                       .replace("later_review_months = 6", "later_review_months = 1"))
    client = client_with(tmp_path, COUNCIL_PROFILE=str(profile))
    before = text_of(client.get("/en/guide/before-on-the-day-after").text)
    assert "or a pre-birth conference, at least 3 working days before" in before
    assert "first core group meeting should be within 12 working days" in before
    assert "You should get the minutes within 1 working day." in before
    assert "first review conference should be within 4 months" in before
    plans = text_of(client.get("/en/guide/plans").text)
    assert "a review at least every 1 month," in plans
