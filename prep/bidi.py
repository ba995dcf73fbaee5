"""Which way text runs: the Unicode Bidirectional Algorithm (UAX #9), from ICU.

The PDF has to order the words of a right-to-left answer the way the web page
does, so this module is used by both:

- paragraph_rtl(): the direction of a paragraph, decided as the page's
  dir="auto" decides it: by its first strong letter (rules P2-P3), for the whole
  answer, not per line.
- levels(): each character's embedding level (rules X1-I2, N0 paired brackets
  included), computed by ICU's ubidi through PyICU; visual_order() then applies
  rule L2 to the pieces of one line.
- isolate() and keep_numbers_together(): Unicode isolates around every value the
  app puts into a sentence of its own (a name, a date, the English beside a
  translation), so it cannot reorder the words around it; and around a phone
  number's digit groups, which the standard algorithm would otherwise swap in a
  right-to-left sentence ("07700 900123" read as "900123 07700").

tests/test_bidi.py checks levels() and visual_order() against Unicode's own
conformance data (BidiCharacterTest.txt from Debian's unicode-data package).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import icu

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM = "\u200e", "\u200f"
# Characters with the Bidi_Control property: they steer the algorithm and are never drawn.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ISOLATE_START = frozenset((LRI, RLI, FSI))
# The controls that can make left-to-right text run otherwise: ALM, RLM, RLE, RLO, RLI.
RTL_CONTROLS = frozenset("\u061c\u200f\u202b\u202e\u2067")

_STRONG_RTL = ("R", "AL")


@functools.lru_cache(maxsize=8192)
def bidi_class(ch: str) -> str:
    return unicodedata.bidirectional(ch) or "L"


def is_rtl_char(ch: str) -> bool:
    return bidi_class(ch) in _STRONG_RTL


# The blocks of right-to-left letters and Arabic digits (Hebrew to Arabic Extended, their
# presentation forms, the historic and African right-to-left scripts), and RLM and ALM.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200f\u061c"
                  "\U00010800-\U00010fff\U0001e800-\U0001efff]")


def has_rtl(text: str) -> bool:
    """Anything that could run right to left (letters or Arabic digits). A regular
    expression, not a look at each character's class: it is asked of every paragraph."""
    return _RTL.search(text) is not None


def first_strong(text: str) -> str | None:
    """"rtl" or "ltr" from the first strong character outside isolates (UAX #9 P2),
    or None when there is none: exactly what dir="auto" looks at."""
    depth = 0
    for ch in text:
        if ch in _ISOLATE_START:
            depth += 1
        elif ch == PDI:
            depth = max(depth - 1, 0)
        elif depth == 0:
            kind = bidi_class(ch)
            if kind == "L":
                return "ltr"
            if kind in _STRONG_RTL:
                return "rtl"
    return None


def paragraph_rtl(text: str, default: bool = False) -> bool:
    """Does this answer run right to left? As dir="auto": its first strong letter
    decides for the whole text (line breaks included); none: `default`."""
    found = first_strong(text)
    return default if found is None else found == "rtl"


def levels(text: str, base: int) -> list[int]:
    """The embedding level of each character of one paragraph (no line breaks),
    base 0 left to right, 1 right to left. Odd levels run right to left."""
    if not text:
        return []
    if base == 0 and not has_rtl(text) and not (BIDI_CONTROLS & set(text)):
        return [0] * len(text)  # the usual case: nothing to reorder
    bidi = icu.Bidi()
    bidi.setPara(icu.UnicodeString(text), base)
    units = bidi.getLevels()  # one per UTF-16 code unit
    if len(units) == len(text):
        out = list(units)
    else:
        out, i = [], 0
        for ch in text:  # a character outside the BMP is two code units
            out.append(units[i])
            i += 2 if ord(ch) > 0xFFFF else 1
    _marks_follow_brackets(text, out)
    return out


def _marks_follow_brackets(text: str, out: list[int]) -> None:
    """UAX #9 N0, since Unicode 8.0: combining marks after a paired bracket take
    the bracket's direction. ICU 77 leaves them as they were (BidiCharacterTest
    lines 83-113); a bracket with an accent is rare, but cheap to get right."""
    if "NSM" not in {bidi_class(ch) for ch in set(text)}:
        return
    bracket = None  # index of the last paired bracket, while only marks (and BN) follow it
    for i, ch in enumerate(text):
        kind = bidi_class(ch)
        if kind == "NSM" and bracket is not None:
            out[i] = out[bracket]
        elif kind == "BN":
            continue
        elif icu.Char.getIntPropertyValue(ord(ch), icu.UProperty.BIDI_PAIRED_BRACKET_TYPE):
            bracket = i
        else:
            bracket = None


def visual_order(levels_of_items: list[int]) -> list[int]:
    """Rule L2: the indexes of items (characters or runs) in the order they are
    drawn, left to right, given their levels."""
    order = list(range(len(levels_of_items)))
    if not levels_of_items:
        return order
    top = max(levels_of_items)
    lowest_odd = min((lv for lv in levels_of_items if lv % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels_of_items[order[i]] >= level:
                j = i
                while j < len(order) and levels_of_items[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def isolate(value: str) -> str:
    """`value` as a unit of its own direction inside a sentence (first-strong isolate)."""
    return f"{FSI}{value}{PDI}" if value else value


def strip_controls(text: str) -> str:
    return "".join(ch for ch in text if ch not in BIDI_CONTROLS) if BIDI_CONTROLS & set(text) else text


# A phone number: digits in groups separated by single spaces, hyphens or dots,
# optionally starting with + or a bracketed area code. At least 7 digits in all.
_PHONE = re.compile(r"(?<![\w+])(?:\+|\(\d{1,5}\)[ -]?)?\d[\d]*(?:[ .-]\(?\d+\)?)+(?![\w])")


def keep_numbers_together(text: str) -> str:
    """Phone numbers isolated left to right, so their digit groups keep their order
    in a right-to-left sentence. Only when the text has right-to-left letters."""
    if not has_rtl(text):
        return text

    def wrap(match: re.Match) -> str:
        number = match.group(0)
        if sum(ch.isdigit() for ch in number) < 7:
            return number
        return f"{LRI}{number}{PDI}"

    return _PHONE.sub(wrap, text)
