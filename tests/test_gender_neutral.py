"""Readers are mostly mothers, some fathers: where a language lets us, we address them without
gender (translations/terms.toml, [style.ar] and friends). These are the forms that only speak to
a man; a new or edited translation that brings one back fails here."""

from __future__ import annotations

import re

import pytest

from .test_i18n import catalogue

# Second person, masculine only (the feminine differs in writing: تحتاج/تحتاجين, راضيًا/راضية).
# Third-person feminine verbs look the same ("عائلتك تحتاج"), so each pattern names its context.
MASCULINE_ADDRESS = {
    "ar": [
        r"إذا كنت تحتاج", r"إذا لم تستطع", r"لم تستطع", r"أن تطلب", r"أن تقول", r"أن تسأل", r"أن تحضر",
        r"أن ترسل", r"أن تكون", r"إذا لم تكن (?:راضي|تعرف|متأكد)", r"ستحصل على نسخة", r"راضيًا", r"متأكدًا",
        r"أنت (?:دائمًا )?واحد منهم",
        r"ما ستقوله", r"ما تريد", r"تراه", r"تختاره", r"تثق به", r"قبل أن تذهب", r"قبل أن تغادر",
        r"كيف قد تشعر", r"أن تشعر", r"لتتذكرها", r"لتقرأها", r"ماذا تتوقع", r"هل ستحضر", r"هل تريد",
        r"لن تحتاج", r"لا تعرفها", r"لم تلتقِ", r"ستلتقي بهم", r"لا تفهم",
    ],
    "pt": [r"\bsozinho\b", r"\bconvidado\b", r"\bobrigado a\b", r"\bpreocupado\b(?! com a criança)"],
    "ro": [r"\b(?:sunteți|fiți|veți fi) invitat\b", r"\bsunteți sigur\b", r"\bmulțumit\b", r"\bnemulțumit\b"],
}


@pytest.mark.parametrize("code", sorted(MASCULINE_ADDRESS))
def test_the_reader_is_not_addressed_as_a_man(code):
    found = []
    for message in catalogue(code):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            hits = [p for p in MASCULINE_ADDRESS[code] if re.search(p, text or "")]
            if hits:
                found.append(f"{hits}: {text}")
    assert not found, f"{code}: {len(found)} messages address the reader as a man\n" + "\n".join(found[:10])


def test_the_check_notices_masculine_arabic():
    assert any(re.search(p, "إذا لم تستطع الحضور") for p in MASCULINE_ADDRESS["ar"])
    assert not any(re.search(p, "إذا تعذّر عليك الحضور") for p in MASCULINE_ADDRESS["ar"])
