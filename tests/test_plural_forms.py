"""Plural forms against CLDR (Babel's plural rules), for every number from 0 to 200.

Two things can go wrong and both print the wrong words: the .po header's Plural-Forms
expression can pick a different msgstr[i] than the CLDR category (Arabic's 11–99 went to the
"other" form), and a form can be written for the wrong category. The term base says which
category each msgstr[i] holds and how the counted words look in each one."""

from __future__ import annotations

import gettext
import io
import re

import pytest
from babel import Locale
from babel.messages.mofile import write_mo

from prep import terms

from .test_i18n import TRANSLATED, catalogue

NUMBERS = range(0, 201)
PLURALS = terms.load().plurals
NOUNS = {"working day": re.compile(r"\bworking days?\b"), "month": re.compile(r"\bmonths?\b")}


def translations(code: str) -> gettext.GNUTranslations:
    """The catalogue as the app uses it: compiled, with the header's own plural expression."""
    buffer = io.BytesIO()
    write_mo(buffer, catalogue(code))
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def category_index(code: str) -> dict[str, int]:
    """CLDR category -> msgstr index, from the term base's declared order."""
    return {category: i for i, slot in enumerate(PLURALS[code]["order"]) for category in slot.split()}


def cldr(lang) -> callable:
    return Locale.parse(lang.locale).plural_form


def follows(phrase: str, text: str) -> bool:
    """The phrase is in the text as whole words (so "15 شهر" is not found inside "15 شهرًا")."""
    return re.search(re.escape(phrase) + r"(?![^\W_]|[\u064b-\u065f\u0670\u0900-\u0dff])", text) is not None


def plural_messages(code: str):
    return [m for m in catalogue(code) if m.id and isinstance(m.id, tuple) and "%(num)s" in m.id[1]]


@pytest.mark.parametrize("lang", TRANSLATED, ids=lambda lang: lang.code)
def test_header_picks_the_cldr_form_for_0_to_200(lang):
    cat = catalogue(lang.code)
    index = category_index(lang.code)
    assert cat.num_plurals == len(PLURALS[lang.code]["order"]), cat.plural_forms
    plural_form = cldr(lang)
    used = {plural_form(n) for n in NUMBERS}  # pl "other" is for fractions, pt "many" for millions
    assert used <= set(index), f"{lang.code}: categories without a form: {used - set(index)}"
    pick = gettext.c2py(cat.plural_expr)
    wrong = [(n, plural_form(n), pick(n)) for n in NUMBERS if pick(n) != index[plural_form(n)]]
    assert not wrong, f"{lang.code}: {cat.plural_forms} picks the wrong form for (n, CLDR, msgstr[i]) {wrong[:5]}"


@pytest.mark.parametrize("lang", TRANSLATED, ids=lambda lang: lang.code)
def test_each_plural_message_gives_the_right_words_for_0_to_200(lang):
    words = PLURALS[lang.code]["words"]
    plural_form = cldr(lang)
    single = {c for c in set(map(plural_form, NUMBERS)) if sum(plural_form(n) == c for n in NUMBERS) == 1}
    t = translations(lang.code)
    messages = plural_messages(lang.code)
    assert len(messages) >= 12
    problems = []
    for message in messages:
        noun = next(name for name, pattern in NOUNS.items() if pattern.search(message.id[1]))
        for n in NUMBERS:
            category = plural_form(n)
            text = t.ngettext(*message.id, n) % {"num": n}
            expected = [w.replace("%(num)s", str(n)) for w in words[noun][category]]
            if not any(follows(w, text) for w in expected):
                problems.append(f"n={n} ({category}) wants one of {expected}: {text}")
            if str(n) not in text and category not in single:
                problems.append(f"n={n} ({category}) leaves out the number, but {category} is not only one number: {text}")
    assert not problems, f"{lang.code}: {len(problems)} wrong\n" + "\n".join(problems[:12])


def test_the_check_catches_arabic_in_babels_order():
    """Babel's own Arabic header puts 'other' before 'many': months 11–99 would read "شهر"."""
    from babel.messages.plurals import get_plural

    babel_expr = gettext.c2py(get_plural("ar").plural_expr)
    plural_form = Locale.parse("ar").plural_form
    index = category_index("ar")
    assert any(babel_expr(n) != index[plural_form(n)] for n in NUMBERS)
