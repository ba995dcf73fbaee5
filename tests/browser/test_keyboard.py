"""Keyboard only: Tab reaches everything and always shows where it is; the error summary
takes focus and its links take you to the question; page titles say which step you are on,
and start with "Error:" when something needs fixing."""

from __future__ import annotations

import pytest

from prep.steps import STEPS

from .journey import DESKTOP, PRIMARY_BUTTON, fill_step, submit, walk_quickly

# Marks every element a keyboard user should be able to reach, and returns them.
MARK_INTERACTIVE = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), textarea, select, summary, [tabindex]:not([tabindex="-1"])';
  const found = [];
  document.querySelectorAll(selector).forEach((el, i) => {
    const style = getComputedStyle(el);
    if (el.disabled || !el.getClientRects().length || style.visibility === 'hidden'
        || el.closest('[inert], [aria-hidden="true"]')) return;  // hidden from everyone on purpose
    el.dataset.kb = 'k' + i;
    // One Tab stop per radio group: arrow keys move within it.
    el.dataset.kbStop = el.type === 'radio' ? 'radios ' + el.name : el.dataset.kb;
    found.push({id: el.dataset.kb, stop: el.dataset.kbStop, html: el.outerHTML.slice(0, 140)});
  });
  return found;
}"""

# How an element's focus indicator could show: outline, box-shadow, background or border
# (a change of text colour or underline alone is too faint to count). Radios and
# checkboxes are invisible inputs that draw their ring on the label's ::before.
LOOK = """el => {
  const parts = [[el, '::before'], [el, '::after']];
  if (getComputedStyle(el).opacity !== '0') parts.push([el, null]);
  if ((el.type === 'radio' || el.type === 'checkbox') && el.labels.length)
    parts.push([el.labels[0], '::before'], [el.labels[0], '::after']);
  return parts.map(([node, pseudo]) => {
    const s = getComputedStyle(node, pseudo);
    // A transparent outline only shows in forced-colours mode: not a visible style here.
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && !/rgba\\(.*, 0\\)$/.test(s.outlineColor)
      ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : 'none';
    const border = side => parseFloat(s[`border${side}Width`]) > 0
      ? `${s[`border${side}Width`]} ${s[`border${side}Color`]}` : 'none';
    return [outline, s.boxShadow, s.backgroundColor, border('Top'), border('Bottom')].join(' | ');
  }).join(' // ');
}"""

FOCUSED = """look => {
  const el = document.activeElement;
  if (!el || !el.dataset || !el.dataset.kb) return {id: null, html: el ? el.outerHTML.slice(0, 140) : ''};
  return {id: el.dataset.kb, stop: el.dataset.kbStop, look: (LOOK)(el)};
}""".replace("(LOOK)", f"({LOOK})")


def about_you_with_errors(page, lang="en"):
    page.goto(f"/{lang}/step/about-you")
    return submit(page)  # nothing answered


def conference_with_errors(page, lang="en"):
    page.goto(f"/{lang}/step/conference")
    fill_step(page, {"attending": "no", "conference_date-day": "31", "conference_date-month": "2"}, typing=False)
    return submit(page)


def check_page(page, lang="en"):
    walk_quickly(page.context, lang)
    return page.goto(f"/{lang}/check")


@pytest.mark.parametrize("open_page", [about_you_with_errors, conference_with_errors, check_page],
                         ids=["about-you-errors", "conference-errors", "check"])
def test_tab_reaches_everything_with_a_visible_focus_style(new_context, open_page):
    page = new_context(viewport=DESKTOP).new_page()
    open_page(page)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    interactive = page.evaluate(MARK_INTERACTIVE)
    assert len(interactive) > 10
    unfocused = {item["id"]: page.locator(f'[data-kb="{item["id"]}"]').evaluate(LOOK) for item in interactive}

    reached, no_focus_style = {}, []
    for _ in range(2 * len(interactive) + 10):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["id"] is None:
            continue
        reached.setdefault(focused["stop"], focused["id"])
        if focused["look"] == unfocused[focused["id"]]:
            no_focus_style.append(focused["id"])
        if reached.keys() >= {item["stop"] for item in interactive}:
            break

    by_id = {item["id"]: item["html"] for item in interactive}
    missing = {item["stop"]: item["html"] for item in interactive if item["stop"] not in reached}
    assert not missing, "Tab never reached:\n" + "\n".join(missing.values())
    assert not no_focus_style, "no visible change on focus:\n" + "\n".join(by_id[i] for i in dict.fromkeys(no_focus_style))


@pytest.mark.parametrize("open_page", [about_you_with_errors, conference_with_errors],
                         ids=["about-you-errors", "conference-errors"])
def test_error_summary_takes_focus_and_its_links_go_to_the_question(new_context, open_page):
    page = new_context(viewport=DESKTOP).new_page()
    open_page(page)
    assert page.evaluate("() => document.activeElement.matches('.govuk-error-summary')")
    links = page.locator(".govuk-error-summary__list a")
    assert links.count() >= 2
    for i in range(links.count()):
        target = links.nth(i).get_attribute("href")
        links.nth(i).focus()
        page.keyboard.press("Enter")
        assert page.evaluate("() => '#' + document.activeElement.id") == target
        assert page.locator(target).is_visible() or page.locator(target).evaluate("el => el.type === 'radio'")


@pytest.mark.parametrize("lang", ["en", "cy", "ar"])
def test_page_titles_name_the_step_and_say_error(new_context, live_server, lang):
    context = new_context()
    walk_quickly(context, lang)
    page = context.new_page()
    service = live_server.app.config["SERVICE_NAME"]
    titles = []
    for step in STEPS:
        page.goto(f"/{lang}/step/{step.id}")
        assert page.title() == f"{live_server.translate(lang, step.title)} – {service}"
        titles.append(page.title())
    assert len(set(titles)) == len(STEPS)

    page.goto(f"/{lang}/step/about-you")
    fill_step(page, {"your_name": ""}, typing=False)
    submit(page, PRIMARY_BUTTON)
    error = live_server.translate(lang, "Error:")
    assert page.title() == f"{error} {live_server.translate(lang, STEPS[0].title)} – {service}"
    if lang != "en":
        assert error != "Error:"  # really translated

    page.goto(f"/{lang}/check")
    assert not page.title().startswith(error)


def test_enter_in_a_text_box_saves_and_continues_and_never_removes_a_child(new_context):
    page = new_context().new_page()
    page.goto("/en/step/children")
    fill_step(page, {"children-0-name": "Anna"})
    with page.expect_navigation():
        page.locator('button[name="add_child"]').click()
    fill_step(page, {"children-1-name": "Ben"})
    with page.expect_navigation():
        page.keyboard.press("Enter")  # in Ben's name box, above two "Remove" buttons (and below Exit)
    # Saved and on to the next step (by way of choosing a number: these are the first answers).
    assert "/en/protect?next=/en/step/conference" in page.url
    page.goto("/en/step/children")
    assert [page.locator(f'[name="children-{i}-name"]').input_value() for i in (0, 1)] == ["Anna", "Ben"]
