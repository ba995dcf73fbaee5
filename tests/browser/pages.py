"""Every page a parent can meet, listed once for the accessibility and screenshot tests.

`page_states(app)` gives them in journey order, for a browser context that already has a
complete draft (journey.walk_quickly), so the check and statement pages have content:

- every GET route whose arguments can all be filled in: `lang` always, and any other
  argument named in ROUTE_VALUES (step_id -> every step in prep.steps.STEPS);
- then EXTRA_PATHS;
- then STATES: pages as they look after the parent did something (errors, the 404 page…).

To add pages: a new route whose only argument is `lang` is found by itself. Guidance pages
with a `slug` argument need one line in ROUTE_VALUES ("slug": [...the slugs...]); any other
page goes into EXTRA_PATHS (or STATES, if it takes an action to get there).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Callable

from prep.guidance import GUIDES
from prep.steps import STEPS

from ..images import PDF_AS_JPG
from .journey import PRIMARY_BUTTON, fill_step, photo_file, submit, walk_quickly

# Values for route arguments other than `lang`; a route with an argument not named here
# (e.g. /<lang>/text-size/<size>, which only redirects) is left out.
ROUTE_VALUES: dict[str, list[str]] = {
    "step_id": [step.id for step in STEPS],
    "slug": [guide.slug for guide in GUIDES],
}

# Pages no route rule describes, as "/{lang}/…".
EXTRA_PATHS: list[str] = []

# Routes that answer with a file, not a page.
DOCUMENT_SUFFIXES = (".pdf", ".json", ".ics")


@dataclass(frozen=True)
class PageState:
    name: str  # in failure messages and screenshot file names
    path: str  # "/{lang}/…"
    status: int = 200
    action: Callable | None = None  # what the parent does on the page to get to this state

    def url(self, lang: str) -> str:
        return self.path.format(lang=lang)


def _submit_step(answers: dict[str, str]):
    def act(page):
        fill_step(page, answers, typing=False)
        return submit(page, PRIMARY_BUTTON)
    return act


def _submit_form(answers: dict[str, str]):
    def act(page):
        fill_step(page, answers, typing=False)
        return submit(page, "main form button.govuk-button")
    return act


def _send(answers: dict[str, str]):
    """Finish every answer again (the error states above leave some blank), then send."""
    def act(page):
        lang = page.url.split("/")[3]
        walk_quickly(page.context, lang)
        page.goto(f"/{lang}/send")
        return _submit_form(answers)(page)
    return act


def _two_versions(page):
    """Another tab (a stale page of the same step) saves a different version of one answer."""
    fields = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#step-form input[type=hidden]')]
        .map(el => [el.name, el.value]))""")
    stale = {**fields, "version": "0", "page": "othertab", "done_well": "Typed in another tab.", "js": "1"}
    page.request.post(page.url.split("?")[0] + "/autosave", form=stale)
    return page.goto(page.url)


def _unfinished_then(path: str):
    """Save the meeting's page with a date that is not a real date, then open `path`."""
    def act(page):
        fill_step(page, {"conference_date-day": "31", "conference_date-month": "2"}, typing=False)
        submit(page, 'button[name="save_for_later"]')
        return page.goto(path.format(lang=page.url.split("/")[3]))
    return act


def _three_points(page):
    """The report page with three points, added one at a time with "Add another point", the
    last then moved up (so each has Move up, Move down and Remove buttons)."""
    for index in (1, 2):
        with page.expect_navigation():
            page.locator('button[name="add_point"]').click()
        fill_step(page, {f"points-{index}-says": f"Point number {index + 1}.", f"points-{index}-kind": "missing",
                         f"points-{index}-instead": "What I say about it."}, typing=False)
    response = submit(page, 'button[name="move_point"][value="2:up"]')
    # The page opens at the moved point; at the top again, no button is under the sticky
    # "Exit this page" (which axe would count as a target too small to press).
    page.evaluate("() => window.scrollTo(0, 0)")
    return response


def _photo_refused(page):
    """A PDF called .jpg, chosen and sent with "Add this photo"."""
    page.locator('input[name="photo"]').set_input_files(
        {"name": "scan.jpg", "mimeType": "image/jpeg", "buffer": PDF_AS_JPG})
    return submit(page, 'button[name="add_drawing"]')


def _photo_preview(page):
    """A photo chosen but not added yet: with JavaScript, shown under the box."""
    page.locator('input[name="photo"]').set_input_files(photo_file())
    if page.evaluate("() => document.body.classList.contains('js-enabled')"):
        page.locator(".app-photo-preview img[src^='data:image/']").wait_for()
    return None  # (the page as opened)


def _remove_photo(page):
    """Check answers: the photo's Remove link, to the page that asks first."""
    with page.expect_navigation() as navigation:
        page.locator('a[href*="/drawing/"][href$="/remove"]').first.click()
    return navigation.value


STATES: list[PageState] = [
    PageState("about-you-errors", "/{lang}/step/about-you", 400,
              _submit_step({"your_name": "", "relationship": "other", "relationship_other": ""})),
    PageState("children-errors", "/{lang}/step/children", 400, _submit_step({"children-0-age": "seven"})),
    PageState("conference-errors", "/{lang}/step/conference", 400,
              _submit_step({"conference_date-day": "31", "conference_date-month": "2"})),
    PageState("strengths-too-long", "/{lang}/step/strengths", 400, _submit_step({"family_strengths": "a" * 5001})),
    PageState("report-three-points", "/{lang}/step/report", 200, _three_points),
    PageState("report-errors", "/{lang}/step/report", 400, _submit_step({"points-0-instead": ""})),
    PageState("child-views-photo-preview", "/{lang}/step/child-views", 200, _photo_preview),
    PageState("child-views-photo-refused", "/{lang}/step/child-views", 400, _photo_refused),
    PageState("remove-photo", "/{lang}/check", 200, _remove_photo),
    PageState("supporter-needs-errors", "/{lang}/step/supporter-needs", 400,
              _submit_step({"interpreter": "yes", "interpreter_language": ""})),
    PageState("resume-errors", "/{lang}/resume", 400, _submit_form({"code": "NOT-A-CODE"})),
    PageState("import-errors", "/{lang}/import", 400, _submit_form({})),
    PageState("your-code", "/{lang}/save", 200, _submit_form({})),
    PageState("checklist-saved", "/{lang}/checklist", 200, _submit_form({})),
    PageState("send-errors", "/{lang}/check", 400, _send({"reply_contact": "phone me"})),
    PageState("statement-sent", "/{lang}/check", 200, _send({"reply_contact": "07700 900982"})),
    PageState("two-versions", "/{lang}/step/strengths", 200, _two_versions),
    PageState("unlock-wrong-number", "/{lang}/unlock", 400, _submit_form({"number": "0007"})),
    PageState("check-needs-finishing", "/{lang}/step/conference", 200, _unfinished_then("/{lang}/check")),
    PageState("statement-not-ready", "/{lang}/step/conference", 409, _unfinished_then("/{lang}/statement")),
    PageState("not-found", "/{lang}/no-such-page", 404),
]


def _route_paths(app) -> list[str]:
    adapter = app.url_map.bind("localhost")
    found = []
    for rule in app.url_map.iter_rules():
        others = sorted(rule.arguments - {"lang"})
        if ("lang" not in rule.arguments or "GET" not in rule.methods or rule.rule.endswith(DOCUMENT_SUFFIXES)
                or not set(others) <= ROUTE_VALUES.keys()):
            continue
        for values in itertools.product(*(ROUTE_VALUES[name] for name in others)):
            path = adapter.build(rule.endpoint, {"lang": "LANG", **dict(zip(others, values))})
            found.append(path.replace("/LANG/", "/{lang}/", 1))
    return found


def _name(path: str) -> str:
    return path.replace("/{lang}/", "", 1).strip("/").replace("/", "-") or "start"


def page_states(app) -> list[PageState]:
    return [PageState(_name(path), path) for path in _route_paths(app) + EXTRA_PATHS] + STATES


def visit(page, state: PageState, lang: str):
    """Open the page in `lang` and do what gets it into the state; check the status."""
    response = page.goto(state.url(lang))
    if state.action:
        assert response.ok, (state.name, response.status)
        response = state.action(page) or response
    assert response.status == state.status, f"{state.name} in {lang}: HTTP {response.status}, expected {state.status}"
    return response
