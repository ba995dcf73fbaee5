"""prep/bidi.py against Unicode's own conformance data, and the rules the statement adds.

BidiCharacterTest.txt (Debian's unicode-data package, installed by
scripts/pdf-tools-for-tests.sh) gives, for 90,000 strings, the paragraph level,
each character's level and the visual order. levels() is ICU's; first_strong()
(the paragraph direction, as dir="auto") and visual_order() (rule L2) are ours,
so every case checks all three.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from prep.bidi import (
    FSI, LRI, PDI, first_strong, isolate, keep_numbers_together, levels, paragraph_rtl, strip_controls, visual_order,
)

DATA = Path("/usr/share/unicode/BidiCharacterTest.txt")
# Where ICU 77 differs from the data: explicit embeddings and overrides (LRE, RLE, LRO, RLO,
# PDF) tightly around isolates or brackets (the Unicode 8.0 clarifications), and brackets
# nested more than 63 deep (BD16). The app puts only isolates into text, never these.
EMBEDDINGS = frozenset("\u202a\u202b\u202c\u202d\u202e")
KNOWN_ICU_DIFFERENCES = {120}  # 64 nested brackets


def conformance_cases():
    if not DATA.exists():
        reason = f"{DATA} is missing: run `bash scripts/pdf-tools-for-tests.sh` (apt-get install unicode-data)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " — in CI a missing file is a failure, not a skip", pytrace=False)
        pytest.skip(reason)
    for number, line in enumerate(DATA.read_text(encoding="utf-8").splitlines(), start=1):
        if not line or line.startswith("#"):
            continue
        codes, direction, para_level, resolved, order = line.split(";")
        yield number, "".join(chr(int(c, 16)) for c in codes.split()), int(direction), int(para_level), \
            resolved.split(), [int(i) for i in order.split()]


def test_bidi_character_test_conformance():
    failures, count = [], 0
    for number, text, direction, para_level, resolved, order in conformance_cases():
        if number in KNOWN_ICU_DIFFERENCES or EMBEDDINGS & set(text):
            continue
        count += 1
        base = direction if direction in (0, 1) else int(paragraph_rtl(text))  # 2: auto, as dir="auto"
        got = levels(text, base)
        kept = [i for i, level in enumerate(resolved) if level != "x"]  # "x": removed by rule X9
        if base != para_level or [got[i] for i in kept] != [int(resolved[i]) for i in kept]:
            failures.append((number, "levels"))
        elif [kept[i] for i in visual_order([got[i] for i in kept])] != order:
            failures.append((number, "order"))
    assert count > 91_000  # of 91,707: all but 82 with explicit embeddings and one of deep brackets
    assert not failures, f"{len(failures)} of {count} cases fail, first: {failures[:5]}"


def test_first_strong_skips_isolates():
    assert first_strong("123 (abc)") == "ltr"
    assert first_strong("123 مرحبا abc") == "rtl"
    assert first_strong(f"{FSI}مرحبا{PDI} abc") == "ltr"
    assert first_strong("123 !?") is None


def test_isolate_and_strip():
    assert isolate("Sam") == f"{FSI}Sam{PDI}" and isolate("") == ""
    assert strip_controls(isolate("Sam") + " \u200f") == "Sam "


@pytest.mark.parametrize("text, isolated", [
    ("فون 07700 900123", f"فون {LRI}07700 900123{PDI}"),
    ("فون +44 7700 900123۔", f"فون {LRI}+44 7700 900123{PDI}۔"),
    ("فون ٠٧٧٠٠ ٩٠٠١٢٣", f"فون {LRI}٠٧٧٠٠ ٩٠٠١٢٣{PDI}"),
    ("Phone 07700 900123", "Phone 07700 900123"),  # nothing right to left: left alone
    ("عمري 34 سنة و 12 3", "عمري 34 سنة و 12 3"),  # too few digits for a phone number
])
def test_phone_numbers_are_kept_together(text, isolated):
    assert keep_numbers_together(text) == isolated


def test_has_rtl_knows_every_right_to_left_character():
    import sys
    import unicodedata

    from prep.bidi import has_rtl

    for cp in range(sys.maxunicode + 1):
        if unicodedata.bidirectional(chr(cp)) in ("R", "AL", "AN"):
            assert has_rtl(chr(cp)), f"U+{cp:04X}"
