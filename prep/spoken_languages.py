"""The language a parent needs an interpreter for, named so a chair can read it.

A parent types the language in their own words and script ("اردو", "বাংলা
(সিলেটি)", "polski"). The chair needs it in English ("Urdu", "Bengali
(Sylheti)"): in_current_locale() names, in English, every language it
recognises when the current locale is English (the PDF's English beside a
translation, an English page); in any other language the parent's own words
stay as typed. Names are recognised in every language the app speaks and in
the language's own (CLDR, through Babel), plus a few interpreting services ask
for that CLDR does not name.
"""

from __future__ import annotations

import functools
import re

from babel import Locale
from flask_babel import get_locale

# Languages interpreters are commonly booked for in England and Wales, besides the app's own.
COMMON = ("ar", "bn", "cy", "en", "fa", "pa", "pl", "pt", "ro", "so", "uk", "ur",
          "am", "bg", "ckb", "cs", "de", "el", "es", "fr", "gu", "hi", "hu", "it", "ku", "ln", "lt", "lv",
          "ne", "ps", "ru", "sk", "sq", "sw", "ta", "ti", "tr", "vi", "yue", "zh", "ha", "yo", "ig", "tl", "th")
APP_LOCALES = ("en", "cy", "pl", "ro", "pt", "uk", "so", "bn", "pa", "ur", "ar", "fa")
# Not in CLDR, or named differently by UK services: English name, and what parents may type.
EXTRA = {
    "syl": ("Sylheti", ("sylheti", "সিলেটি", "ছিলটি", "সিলোটি", "سلہٹی", "سلهتی")),
    "prs": ("Dari", ("dari", "دری")),
    "mirpuri": ("Mirpuri", ("mirpuri", "میرپوری", "pahari", "پہاڑی")),
    "bfi": ("British Sign Language", ("bsl", "british sign language", "sign language")),
}
ENGLISH_NAMES = {"bn": "Bengali", "pa": "Punjabi", "fa": "Persian (Farsi)"}
ALIASES = {"farsi": "fa", "bangla": "bn", "bengali": "bn", "panjabi": "pa", "gurmukhi": "pa", "kurdish sorani": "ckb",
           "sorani": "ckb", "mandarin": "zh", "chinese": "zh", "tagalog": "tl", "filipino": "tl"}


def _key(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" .")


@functools.cache
def _known() -> dict[str, str]:
    """Every name of a language we know (in any app language, and its own), to its code."""
    names: dict[str, str] = dict(ALIASES)
    for code in COMMON:
        for where in (*APP_LOCALES, code):
            try:
                name = Locale.parse(where).languages.get(code)
            except (ValueError, LookupError):
                continue
            if name:
                names.setdefault(_key(name), code)
    for code, (english, spellings) in EXTRA.items():
        for spelling in (english, *spellings):
            names[_key(spelling)] = code
    for code, english in ENGLISH_NAMES.items():
        names.setdefault(_key(english), code)
    return names


def recognise(text: str) -> str | None:
    return _known().get(_key(text))


def name_of(code: str, locale: str) -> str:
    if code in EXTRA:
        return EXTRA[code][0]  # no CLDR name: English everywhere
    if locale.split("_")[0] == "en" and code in ENGLISH_NAMES:
        return ENGLISH_NAMES[code]
    return Locale.parse(locale).languages.get(code) or Locale("en").languages.get(code, code)


def in_english(typed: str) -> str:
    """`typed` with every language name in it named in English."""
    out = []
    for part in _PARTS.split(typed.strip()):
        code = recognise(part) if part and not _PARTS.fullmatch(part) else None
        out.append(name_of(code, "en") if code else part)
    return "".join(out)


# Separators between language names: brackets, commas, slashes, "or", "and".
_PARTS = re.compile(r"(\s*[,/()\[\]،؛;+&]\s*|\s+(?:or|and|und|i|și|e|ou|ama|او|و|یا|অথবা|ও|ਜਾਂ|ਅਤੇ)\s+)",
                    re.IGNORECASE)


def in_current_locale(typed: str) -> str:
    """`typed` with each language name in it recognised and named in the current
    locale: "বাংলা (সিলেটি)" -> "Bengali (Sylheti)" in English. The rest as typed."""
    locale = str(get_locale() or "en")
    return in_english(typed) if locale.startswith("en") else typed
