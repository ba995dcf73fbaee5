"""Every page (tests/browser/pages.py) photographed at a phone's width and a desktop's, in
English and in Arabic (right to left), into build/screenshots/ for people to look at.
The one thing checked here by machine: nothing makes a phone's page scroll sideways."""

from __future__ import annotations

import shutil

import pytest

from .journey import DESKTOP, PHONE, walk_quickly
from .pages import page_states, visit

# Wider than the viewport: the page scrolls sideways (the browser adds no scrollbar width here).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  // Name the widest culprits: elements that stick out past either edge.
  return Array.from(document.querySelectorAll('body *')).filter(el => {
    const box = el.getBoundingClientRect();
    return box.width && (box.right > width + 1 || box.left < -1);
  }).slice(0, 5).map(el => el.outerHTML.slice(0, 120));
}"""


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_screenshots_and_no_sideways_scrolling_on_a_phone(new_context, live_server, request_log, screenshot_dir,
                                                          lang):
    folder = screenshot_dir / lang
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    context = new_context(viewport=PHONE)
    walk_quickly(context, lang)
    page = context.new_page()
    sideways = []
    for number, state in enumerate(page_states(live_server.app), start=1):
        page.set_viewport_size(PHONE)
        visit(page, state, lang)
        name = f"{number:02d}-{state.name}"
        page.screenshot(path=folder / f"{name}-{PHONE['width']}.png", full_page=True)
        culprits = page.evaluate(OVERFLOW)
        if culprits:
            sideways.append(f"{state.name} ({state.url(lang)}):\n    " + "\n    ".join(culprits))
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=folder / f"{name}-{DESKTOP['width']}.png", full_page=True)
    assert len(list(folder.glob("*.png"))) == 2 * number
    assert not sideways, f"pages scroll sideways at {PHONE['width']} px:\n" + "\n".join(sideways)
    assert request_log.offsite == [], "requests left the app's origin:\n" + "\n".join(request_log.offsite)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_larger_text_does_not_scroll_sideways_on_a_phone(new_context, live_server, lang):
    context = new_context(viewport=PHONE)
    walk_quickly(context, lang)
    page = context.new_page()
    page.goto(f"/{lang}/")
    with page.expect_navigation():
        page.locator(".app-top-nav a[href*=\"/text-size/large\"]").click()
    sideways = []
    for state in page_states(live_server.app):
        visit(page, state, lang)
        assert "app-large-text" in page.locator("html").get_attribute("class"), state.name
        culprits = page.evaluate(OVERFLOW)
        if culprits:
            sideways.append(f"{state.name} ({state.url(lang)}):\n    " + "\n    ".join(culprits))
    assert not sideways, f"with larger text, pages scroll sideways at {PHONE['width']} px:\n" + "\n".join(sideways)
