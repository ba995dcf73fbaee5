"""A parent's answers in each language, and the two ways the tests get them into the app:
typed into the pages like a person would (`fill_step`), or posted straight from the
browser context (`walk_quickly`) when a test only needs the answers to be there."""

from __future__ import annotations

import re

from ..images import gps_jpeg
from ..pdf_fixtures import SAMPLES

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
PRIMARY_BUTTON = "form .govuk-button-group > button.govuk-button:not(.govuk-button--secondary)"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
STAMP = re.compile(r'<input type="hidden" name="(page|version|base)" value="([^"]*)"')
PHONE_NUMBER = "5829"  # the number the tests choose to get back to answers on this phone


def journey_for(lang: str) -> dict[str, dict[str, str]]:
    """A full set of answers written in `lang`'s script (tests/pdf_fixtures.py samples):
    form field name -> value, step by step. Radios come before the boxes they reveal."""
    s = SAMPLES[lang]
    one, two, three, four = s.sentences
    first_child = s.supporter.split()[0]
    return {
        "about-you": {"your_name": s.name, "relationship": "mother"},
        "children": {"children-0-name": first_child, "children-0-age": "7", "children-0-unborn": "no",
                     "children-1-name": s.name.split()[-1], "children-1-age": "", "children-1-unborn": "yes"},
        "conference": {"conference_type": "review", "conference_date-day": "3", "conference_date-month": "2",
                       "conference_date-year": "2027", "social_worker": s.social_worker, "attending": "no",
                       "views_put_by": "supporter"},
        "strengths": {"family_strengths": f"{one}\n{two}", "done_well": four},  # two lines, as typed
        "worries": {"difficulties": three},
        "report": {"report_received": "yes", "points-0-where": "3", "points-0-says": one, "points-0-kind": "wrong",
                   "points-0-instead": two, "points-0-evidence": four},
        "support": {"support_needed": three, "how_it_helps": two},
        "next-steps": {"after_conference": two},
        "child-views": {"child_views": one},
        "supporter-needs": {"supporter_name": s.supporter, "chair_told": "yes",
                            **({"interpreter": "yes", "interpreter_language": s.interpreter} if s.interpreter
                               else {"interpreter": "no"})},
        "helper": {},
    }


def typed_texts(journey: dict[str, dict[str, str]]) -> list[str]:
    """Every answer a parent typed (not the radio choices): what must never be seen by
    the next person at this computer, and what the statement must contain."""
    radios = {"relationship", "conference_type", "attending", "views_put_by", "chair_told", "interpreter",
              "report_received"}
    return [value for data in journey.values() for name, value in data.items()
            if value and name not in radios
            and not name.endswith(("-unborn", "-day", "-month", "-year", "-age", "-kind"))]


def fill_step(page, data: dict[str, str], typing: bool = True) -> None:
    """Answer the questions on this step: click radios, type into boxes (or, when `typing`
    is False, set them at once: quicker, where the test is not about typing)."""
    for name, value in data.items():
        box = page.locator(f'[name="{name}"]')
        kind = box.first.evaluate("el => el.type")
        if kind == "radio":
            page.locator(f'input[name="{name}"][value="{value}"]').check()
        elif not typing or kind == "textarea":
            box.fill(value)  # long answers: pasted, as many parents would
        else:
            box.fill("")
            box.press_sequentially(value)


def submit(page, selector: str = PRIMARY_BUTTON):
    """Press the page's main button; return the response to the page it leads to."""
    with page.expect_navigation() as navigation:
        page.locator(selector).first.click()
    return navigation.value


def choose_number(page, number: str = PHONE_NUMBER):
    """On "Keep your answers safe on this phone" (after the first save): choose the number."""
    assert "/protect" in page.url, page.url
    page.locator("#number").fill(number)
    page.locator("#number_again").fill(number)
    return submit(page, "main form button.govuk-button")


def photo_description(lang: str) -> str:
    """What a parent writing in `lang` might say about their child's drawing."""
    s = SAMPLES[lang]
    return f"{s.supporter.split()[0]}: {s.sentences[1]}"


def photo_file(name: str = "drawing.jpg") -> dict:
    """A phone's photo of a drawing (with GPS in it), as Playwright sends a file."""
    return {"name": name, "mimeType": "image/jpeg", "buffer": gps_jpeg(1200, 900)}


def walk_quickly(context, lang: str, journey: dict | None = None, photo: bool = True) -> None:
    """Post every step's answers with the context's own cookies, as the browser's form
    would (CSRF token and stamp from the page, sent as multipart/form-data like the page),
    choosing the phone number when asked: the context then has a complete draft, with a
    photo of the child's drawing (unless `photo` is False)."""
    journey = journey or journey_for(lang)
    for step_id, data in journey.items():
        url = f"/{lang}/step/{step_id}"
        html = context.request.get(url).text()
        form = {**data, "csrf_token": CSRF.search(html).group(1), **dict(STAMP.findall(html))}
        if step_id == "child-views" and photo:
            first_child = journey["children"]["children-0-name"]
            form.update(photo_description=photo_description(lang), photo_child=first_child)
            response = context.request.post(url, multipart={**form, "photo": photo_file()}, max_redirects=0)
        else:
            response = context.request.post(url, multipart=form, max_redirects=0)
        assert response.status in (302, 303), (step_id, response.status)
        where = response.headers["location"]
        if "/protect?" in where:
            token = CSRF.search(context.request.get(where).text()).group(1)
            chosen = context.request.post(where, form={"csrf_token": token, "number": PHONE_NUMBER,
                                                       "number_again": PHONE_NUMBER}, max_redirects=0)
            assert chosen.status == 303, chosen.status
