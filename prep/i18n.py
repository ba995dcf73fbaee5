"""Languages offered, their direction, and which one a request is in.

The language is the first part of every page's URL (/pl/step/strengths) so a
social worker can send a link in the parent's language. How much of a language a
qualified human translator has checked comes from the per-message sign-off record
(prep/translation_review.py, translations/<lang>/review.toml); every page and PDF
in a language says so truthfully.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from flask import current_app, g, has_app_context, has_request_context, request
from flask_babel import LazyString, format_date, format_percent, gettext
from flask_babel import lazy_gettext as _l

from . import translation_review

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

# Said, in the language and in English, wherever a translation is not (fully) checked.
UNREVIEWED_NOTE = _l("This translation has not been checked by a qualified translator yet. "
                     "If anything is unclear, ask your social worker for an interpreter.")
# The same, in one short line, on every page after the first of a visit.
UNREVIEWED_SHORT = _l("Translation not checked yet")
# The service's name, in the language (the English name stays beside it in the header).
SERVICE_NAME = _l("Conference prep")


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


def translations_root() -> Path:
    """Where the catalogues are: the app's own setting (tests use a copy), else translations/."""
    if has_app_context():
        configured = current_app.config.get("BABEL_TRANSLATION_DIRECTORIES")
        if configured:
            return Path(str(configured).split(";")[0])
    return TRANSLATIONS


def review_status(code: str) -> translation_review.Status:
    return translation_review.status(code, translations_root())


def is_reviewed(code: str) -> bool:
    """English is the source; another language counts as reviewed only when a
    qualified translator has signed off every message as it reads now."""
    if code == DEFAULT:
        return True
    return review_status(code).complete


def review_note(code: str) -> LazyString | None:
    """The truth about the translation, in whatever language is active when shown:
    checked on a date, partly checked (a percentage), or not checked yet."""
    if code == DEFAULT:
        return None
    status = review_status(code)

    def text() -> str:
        if status.complete:
            return gettext("This translation was checked by a qualified translator on %(date)s.",
                           date=format_date(status.date, "long"))
        if status.checked:
            return gettext("This translation has been partly checked by a qualified translator (%(percent)s). "
                           "If anything is unclear, ask your social worker for an interpreter.",
                           percent=format_percent(status.fraction))
        return str(UNREVIEWED_NOTE)

    return LazyString(text)


def review_note_for_chair(code: str, not_checked) -> LazyString | None:
    """The same truth for the chair's copy of the PDF, without the advice to the parent."""
    if code == DEFAULT:
        return None
    status = review_status(code)

    def text() -> str:
        if status.checked and not status.complete:
            return gettext("This translation has been partly checked by a qualified translator (%(percent)s).",
                           percent=format_percent(status.fraction))
        return str(review_note(code) if status.complete else not_checked)

    return LazyString(text)


def review_short(code: str) -> LazyString | None:
    """The same truth in one short line, for the pages after the first of a visit."""
    if code == DEFAULT:
        return None
    status = review_status(code)

    def text() -> str:
        if status.complete:
            return gettext("Translation checked on %(date)s", date=format_date(status.date, "long"))
        if status.checked:
            return gettext("Translation partly checked (%(percent)s)", percent=format_percent(status.fraction))
        return str(UNREVIEWED_SHORT)

    return LazyString(text)


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
