"""Small helpers that turn WTForms fields into GOV.UK Frontend macro parameters."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlencode

from flask import Response, current_app, request, session, url_for
from flask_babel import force_locale, format_decimal, gettext as _
from markupsafe import Markup, escape
from wtforms import FieldList

from . import bidi, current_draft, i18n, questions, terms
from .assets import asset_url
from .text_length import count


def error_message(field):
    """The `errorMessage` parameter for a GOV.UK macro, or None."""
    return {"text": field.errors[0], "visuallyHiddenText": _("Error")} if field.errors else None


def field_href(field) -> str:
    # Date inputs link to their first box; everything else to its own id.
    if hasattr(field, "parts"):
        return f"#{field.id}-day"
    return f"#{field.id}"


def error_list(form):
    """Every error on the form, in page order, for the error summary."""
    items = []
    for field in form:
        if field.type == "CSRFTokenField":
            continue
        if isinstance(field, FieldList):
            if field.errors and not isinstance(field.errors[0], dict):
                # A list-level error (e.g. no child named): link to the first name box.
                first = [e for e in field.errors if isinstance(e, str)]
                if first:
                    items.append({"text": first[0], "href": f"#{field.entries[0].form.name.id}"})
            for entry in field.entries:
                for sub in entry.form:
                    if sub.errors:
                        items.append({"text": sub.errors[0], "href": f"#{sub.id}"})
        elif field.errors:
            items.append({"text": field.errors[0], "href": field_href(field)})
    return items


# Every line break str.splitlines() knows. Jinja's `indent` filter, which the GOV.UK macros
# apply to the HTML they are given, adds spaces after each one: inside an answer shown with
# white-space: pre-wrap those spaces would show. Written as &#10; they are out of its reach.
_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def answer_html(text: str) -> Markup:
    """A parent's answer as HTML, escaped, each line break kept as the parent typed it.

    Ordered as the PDF orders it (prep.bidi): a phone number in a right-to-left
    answer is isolated so its digit groups keep their order; the isolates the
    app puts around names and dates are dropped where nothing runs right to left."""
    text = bidi.keep_numbers_together(text)
    if not bidi.has_rtl(text) and not (bidi.RTL_CONTROLS & set(text)):
        text = bidi.strip_controls(text)
    return Markup(_LINE_BREAKS.sub("&#10;", str(escape(text))))


# Characters str.splitlines() breaks at. The GOV.UK macros run a radio's
# conditional HTML through Jinja's indent filter, which would turn each of these
# inside a text box's value into a new line and spaces, changing what the parent
# typed. (Not U+0085: HTML reads "&#133;" as "…", so it stays as it is.)
_INPUT_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\u2028\u2029]")


def input_value(value) -> Markup:
    """A text box's value, escaped, with line-break characters as character references."""
    return Markup(_INPUT_LINE_BREAKS.sub(lambda m: f"&#{ord(m.group())};", str(escape(value or ""))))


def radio_items(field, conditionals=None):
    conditionals = conditionals or {}
    items = []
    for choice in field.choices:
        value, label = choice.value, choice.label
        item = {"value": value, "text": str(label), "checked": field.data == value}
        if value in conditionals:
            item["conditional"] = {"html": conditionals[value]}
        items.append(item)
    return items


def date_items(field):
    widths = {"day": 2, "month": 2, "year": 4}
    names = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
    return [
        {
            "name": part, "label": names[part], "value": field.parts[part],
            "classes": f"govuk-input--width-{widths[part]}" + (" govuk-input--error" if part in field.bad_parts else ""),
        }
        for part in ("day", "month", "year")
    ]


def in_english(text) -> str:
    """A lazy string in English, for the chair or beside a translation."""
    with force_locale(i18n.BY_CODE[i18n.DEFAULT].locale):
        return str(text)


def switch_path(path: str, code: str) -> str:
    """A path of this site in another language: /pl/step/strengths -> /ur/step/strengths.
    (Every page under /<lang>/ has a twin in each language.)"""
    first, _, rest = path.lstrip("/").partition("/")
    if first in i18n.BY_CODE:
        return f"/{code}/{rest}"
    return url_for("journey.start", lang=code)


def switch_url(code: str) -> str:
    """This page in another language (a plain link: no JavaScript needed)."""
    return switch_path(here_path(), code)


def here_path() -> str:
    """This page's path and query, for a `next=` that brings the parent back here. Query
    arguments starting with "_" are dropped: url_for would read them as its own options."""
    if not request.endpoint:
        return url_for("journey.start")
    args = [(k, v) for k, v in request.args.items(multi=True) if not k.startswith("_")]
    return request.path + ("?" + urlencode(args) if args else "")


def text_size_url(size: str) -> str:
    return url_for("journey.text_size", size=size, next=here_path())


def language_label() -> str:
    """'Language'; in another language also the English word, so a parent who landed on a
    page they cannot read can still find the way to their own."""
    lang = i18n.current()
    label = _("Language")
    return label if lang.code == i18n.DEFAULT else f"{label} (Language)"


def conflict_errors(fields) -> list[dict]:
    """Error summary entries for answers changed in two tabs, waiting for the parent's choice."""
    return [{"text": _("Choose which version of “%(question)s” to keep", question=f.label.text),
             "href": f"#resolve-{getattr(f, 'resolve_key', None) or f.name}"} for f in fields]


def translation_note_in_full() -> bool:
    """The translation note (not checked, partly checked, checked on a date) in full on the
    first page of a visit in a language; after that one short line."""
    lang = i18n.current().code
    seen = session.get("note_seen", [])
    if lang in seen:
        return False
    session["note_seen"] = [*seen, lang]
    return True


def language_context():
    lang = i18n.current()
    return {
        "language": lang,
        "languages": i18n.offered(),
        "reviewed": i18n.is_reviewed(lang.code),
        "unreviewed_note": i18n.UNREVIEWED_NOTE,
        "unreviewed_short": i18n.UNREVIEWED_SHORT,
        # Checked on a date / partly checked / not yet: in full once per visit, then one short line.
        "review_note": i18n.review_note(lang.code),
        "review_short": i18n.review_short(lang.code),
        "translation_note_in_full": lang.code != i18n.DEFAULT and translation_note_in_full(),
        "service_name": i18n.SERVICE_NAME,
        "large_text": session.get("large_text", False),
        "has_draft": current_draft.access() is not None,
        "council": current_app.extensions["council"],
    }


def council_css() -> Response:
    """The council's header colour. A stylesheet of its own because the CSP allows
    no inline styles; its URL carries a digest, so browsers may keep it for a year."""
    colour = current_app.extensions["council"].brand_colour
    css = f".app-header{{background-color:{colour}}}\n"
    response = Response(css, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def council_css_url() -> str:
    colour = current_app.extensions["council"].brand_colour
    return url_for("council_css", v=hashlib.sha256(colour.encode()).hexdigest()[:10])


def english_at_first_use(html, wanted: bool = True) -> Markup:
    """Guides: the English of each key term parents will hear, in brackets at its first use."""
    lang = i18n.current().code
    if not wanted or lang == i18n.DEFAULT:
        return Markup(html)
    return Markup(terms.english_at_first_use(str(html), lang))


def init_app(app):
    app.add_url_rule("/council.css", "council_css", council_css)
    app.jinja_env.filters["english_at_first_use"] = english_at_first_use
    app.context_processor(language_context)
    app.jinja_env.globals.update(
        answer_html=answer_html, error_message=error_message, error_list=error_list, radio_items=radio_items,
        date_items=date_items, count_text=count_text, in_english=in_english, switch_url=switch_url,
        text_size_url=text_size_url, council_css_url=council_css_url, here_path=here_path,
        language_label=language_label, conflict_errors=conflict_errors, switch_path=switch_path,
        asset_url=asset_url,  # fingerprinted CSS/JS: asset_url('app.css')
        input_value=input_value, questions=questions,
    )


def count_text(field, limit: int = 5000) -> str:
    """The character count shown without JavaScript (JavaScript replaces it live), counted
    as the parent sees characters (prep.text_length)."""
    used = count(field.data or "")
    if limit != 5000:
        if used:
            return _("You can enter up to %(limit)s characters. You have used %(used)s.",
                     limit=format_decimal(limit), used=format_decimal(used))
        return _("You can enter up to %(limit)s characters", limit=format_decimal(limit))
    if used:
        return _("You can enter up to 5,000 characters. You have used %(used)s.", used=format_decimal(used))
    return _("You can enter up to 5,000 characters")
