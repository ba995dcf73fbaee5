"""The document's language, and the English a chair reads beside it.

Every heading, label and fixed phrase of a PDF in another language also shows
its English, so a chair who reads only English can follow. Each value the app
puts into a sentence (a name, a date, the English beside a translation) is a
bidi isolate, so it cannot reorder the words around it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale, get_locale
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from .. import i18n
from ..bidi import isolate
from .styles import StyleSheet
from .text import para

ENGLISH = "en_GB"  # the locale of the English shown beside translations


@dataclass(frozen=True)
class Lang:
    """What the PDF's language changes: direction, English beside, the review note."""

    language: i18n.Language
    english: bool  # the PDF is in English: nothing to put beside

    @property
    def rtl(self) -> bool:
        return self.language.rtl

    @property
    def unreviewed(self) -> bool:
        return not self.english and not i18n.is_reviewed(self.language.code)

    @property
    def tag(self) -> str:
        return self.language.locale.replace("_", "-")


def doc_lang() -> Lang:
    """The language of the current locale (the one gettext is translating into)."""
    locale = get_locale()
    found = None
    if locale is not None:
        found = next((lang for lang in i18n.LANGUAGES if lang.locale == str(locale)), None) or next(
            (lang for lang in i18n.LANGUAGES if lang.code == locale.language), None)
    found = found or i18n.BY_CODE[i18n.DEFAULT]
    return Lang(found, found.code == "en")


def lang_for(code: str) -> Lang:
    found = i18n.BY_CODE.get(code, i18n.BY_CODE[i18n.DEFAULT])
    return Lang(found, found.code == "en")


def in_english(text) -> str:
    """A lazy string (or a function making one) in English."""
    with force_locale(ENGLISH):
        return str(text() if callable(text) else text)


def both(lang: Lang, translated: str, english: str | None) -> tuple[str, str | None]:
    """(translated, English) — English None when it would only repeat."""
    if lang.english or english is None or " ".join(english.split()) == " ".join(translated.split()):
        return translated, None
    return translated, english


def with_english(lang: Lang, text, style: ParagraphStyle, english_style: ParagraphStyle,
                 english: str | None = None) -> list[Paragraph]:
    """A heading or label, and its English under it when the PDF is not in English."""
    translated = str(text)
    english = english if english is not None else (None if lang.english else in_english(text))
    translated, english = both(lang, translated, english)
    out = [para(translated, style, lang.rtl, furniture=True)]
    if english:
        out.append(para(english, english_style, lang.rtl, furniture=True))
    return out


def beside(lang: Lang, translated: str, english: str | None) -> str:
    """A short fixed phrase and its English on one line: "Nie udzielono odpowiedzi · No answer given"."""
    translated, english = both(lang, translated, english)
    return f"{isolate(translated)} · {isolate(english)}" if english else translated


def unreviewed_note(lang: Lang, sheet: StyleSheet, note, english_note) -> list[Paragraph]:
    """The quiet note that a translation is machine-assisted, in the language and in English."""
    if not lang.unreviewed:
        return []
    translated, english = both(lang, str(note), english_note)
    out = [para(translated, sheet.note, lang.rtl, furniture=True)]
    if english:
        out.append(para(english, sheet.note, lang.rtl, furniture=True))
    return out
