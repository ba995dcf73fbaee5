"""The print view prints like the PDF (issue 12): a Print button, the parent's name
and the marking on every page, and page numbers."""

from __future__ import annotations

import re

import pytest

from ..pdf_fixtures import SAMPLES, pdftotext
from .journey import DESKTOP, walk_quickly


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_print_view_has_a_print_button_and_prints_name_marking_and_page_numbers(new_context, lang):
    context = new_context(viewport=DESKTOP)
    walk_quickly(context, lang)
    page = context.new_page()
    page.goto(f"/{lang}/statement/print")
    button = page.locator('[data-module="app-print"]')
    assert button.is_visible()  # with JavaScript: the Print button (without it: the sentence saying how)
    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes' }")
    button.click()
    assert page.locator("body").get_attribute("data-printed") == "yes"
    pages = pdftotext(page.pdf(format="A4")).split("\f")
    pages = [text for text in pages if text.strip()]
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "Confidential" in text, number  # the marking, top and bottom of every page
        # Whose statement it is, on every page. (Chromium's own PDF text drops some Urdu letters, so
        # there the name's words are looked for, not the exact name.)
        assert SAMPLES[lang].name in text if lang == "en" else "بی بی" in text, number
        assert re.search(rf"\b{number} ?/ ?{len(pages)}\b", text), number  # page numbers, in order


def test_print_button_is_hidden_without_javascript(new_context):
    context = new_context(java_script_enabled=False)
    walk_quickly(context, "en")
    page = context.new_page()
    page.goto("/en/statement/print")
    assert not page.locator('[data-module="app-print"]').is_visible()
    assert page.get_by_text("Use your browser's Print button to print this page.").is_visible()
