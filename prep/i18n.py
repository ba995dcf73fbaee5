"""Languages offered, their direction, and which one a request is in.

The language is the first part of every page's URL (/pl/step/strengths) so a
social worker can send a link in the parent's language. Whether a qualified
human translator has checked a language is recorded in translations/reviews.toml,
beside the .po files (Babel drops unknown .po headers, so it cannot live there).
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from flask import current_app, g, has_request_context, request
from flask_babel import lazy_gettext as _l

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


@dataclass(frozen=True)
class Language:
    code: str  # in the URL and the translations/ folder
    locale: str  # Babel locale for dates and numbers
    english_name: str
    rtl: bool = False
    latin_script: bool = True  # written in Latin letters, which a chair who reads English can read

    @property
    def name(self) -> str:
        """The language named in itself (Polski, Cymraeg, اردو)."""
        native = Locale.parse(self.locale).get_language_name(self.locale)
        return native[:1].upper() + native[1:]

    @property
    def dir(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def html_lang(self) -> str:
        return self.code


LANGUAGES: tuple[Language, ...] = (
    Language("en", "en_GB", "English"),
    Language("cy", "cy", "Welsh"),
    Language("pl", "pl", "Polish"),
    Language("ro", "ro", "Romanian"),
    Language("pt", "pt_PT", "Portuguese"),
    Language("uk", "uk", "Ukrainian", latin_script=False),
    Language("so", "so", "Somali"),
    Language("bn", "bn", "Bengali", latin_script=False),
    Language("pa", "pa_Guru", "Punjabi (Gurmukhi)", latin_script=False),
    Language("ur", "ur", "Urdu", rtl=True, latin_script=False),
    Language("ar", "ar", "Arabic", rtl=True, latin_script=False),
    Language("fa", "fa", "Persian", rtl=True, latin_script=False),
)
BY_CODE = {lang.code: lang for lang in LANGUAGES}
DEFAULT = "en"

# Said, in the language and in English, wherever a translation is unchecked.
UNREVIEWED_NOTE = _l("This translation has not been checked by a qualified translator yet. "
                     "If anything is unclear, ask your social worker for an interpreter.")
# The same, in one short line, on every page after the first of a visit.
UNREVIEWED_SHORT = _l("Translation not checked yet")


def offered() -> tuple[Language, ...]:
    codes = current_app.config.get("LANGUAGES") or [lang.code for lang in LANGUAGES]
    return tuple(lang for lang in LANGUAGES if lang.code in codes)


def current() -> Language:
    code = g.get("lang") if has_request_context() else None
    return BY_CODE.get(code or DEFAULT, BY_CODE[DEFAULT])


def best_match() -> str:
    """First visit: the browser's preferred language if we offer it, else English."""
    codes = [lang.code for lang in offered()]
    return request.accept_languages.best_match(codes) or DEFAULT


@functools.cache
def _reviews() -> dict:
    with (TRANSLATIONS / "reviews.toml").open("rb") as handle:
        return tomllib.load(handle)


def is_reviewed(code: str) -> bool:
    """English is the source; another language counts as reviewed only when
    translations/reviews.toml says a qualified translator has checked it."""
    if code == DEFAULT:
        return True
    return bool(_reviews().get(code, {}).get("reviewed", False))


def language_blueprint(name: str, import_name: str):
    """A blueprint whose every URL starts with the language: /pl/step/strengths."""
    from flask import Blueprint, abort

    bp = Blueprint(name, import_name, url_prefix="/<lang>")

    @bp.url_value_preprocessor
    def pull_language(endpoint, values):
        code = (values or {}).pop("lang", None)
        if code not in {lang.code for lang in offered()}:
            abort(404)
        g.lang = code

    @bp.url_defaults
    def add_language(endpoint, values):
        values.setdefault("lang", current().code)

    return bp
