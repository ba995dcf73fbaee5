"""axe-core on every page in every language (tests/browser/pages.py lists the pages):
no WCAG 2.0, 2.1 or 2.2 A or AA violation anywhere."""

from __future__ import annotations

import pytest

from prep.i18n import LANGUAGES

from . import axe
from .journey import walk_quickly
from .pages import page_states, visit


@pytest.mark.parametrize("lang", [lang.code for lang in LANGUAGES])
def test_no_wcag_violations(new_context, live_server, lang):
    context = new_context(**axe.context_options)
    axe.enable(context)
    walk_quickly(context, lang)
    page = context.new_page()
    problems, checked = [], 0
    for state in page_states(live_server.app):
        visit(page, state, lang)
        problems += axe.describe(f"{state.name} ({state.url(lang)})", axe.violations(page))
        checked += 1
    assert checked >= 25
    assert not problems, f"axe found WCAG problems in {lang}:\n" + "\n".join(problems)
