"""Friendly error pages: plain words, no stack traces, nothing typed thrown away."""

from __future__ import annotations

from flask import Request, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from werkzeug.formparser import FormDataParser

from .drafts import DraftStoreUnavailable


class UnreadableForm(BadRequest):
    """A form that is not UTF-8 or not well formed: no browser sends one."""


class _StrictFormDataParser(FormDataParser):
    # Werkzeug quietly drops a form it cannot read, which then looks like a
    # missing CSRF token ("your session timed out"): say what happened instead.
    def parse(self, stream, mimetype, content_length, options=None):
        self.silent = False
        try:
            return super().parse(stream, mimetype, content_length, options)
        except ValueError:
            raise UnreadableForm() from None


class StrictRequest(Request):
    form_data_parser_class = _StrictFormDataParser


def init_app(app):
    app.request_class = StrictRequest
    @app.errorhandler(CSRFError)
    def csrf_error(err):
        # Most often the session ran out. On a step page, show the page again
        # with what was typed, so pressing Continue once more saves it.
        from .steps import STEPS_BY_ID
        from .views import render_step

        step = STEPS_BY_ID.get((request.view_args or {}).get("step_id", ""))
        if request.endpoint == "journey.step" and step is not None:
            form = step.form()
            return render_step(step, form, request.args.get("return") == "check", None,
                               notice=_("Your session timed out. Check your answers on this page, then press Continue again.")), 400
        return render_template("error.html", title=_("This page has expired"),
                               message=_("Go back, refresh the page and try again.")), 400

    # Plain pages: (title, message) by error, so each handler is one line.
    def page(title, message, status):
        return render_template("error.html", title=title, message=message), status

    simple = {
        UnreadableForm: (lambda: _("There is a problem"), lambda: _("Go back, refresh the page and try again.")),
        RequestEntityTooLarge: (lambda: _("What you sent is too big"), lambda: _(
            "Each answer can be up to 5,000 characters. Go back, make your answers shorter and try again.")),
        429: (lambda: _("Please wait a moment"), lambda: _(
            "There have been too many tries from this device. Wait a few minutes, then try again.")),
        404: (lambda: _("Page not found"), lambda: _("Check the web address, or go back to the start.")),
        405: (lambda: _("Page not found"), lambda: _("Check the web address, or go back to the start.")),
        500: (lambda: _("Sorry, there is a problem with the service"), lambda: _(
            "Try again later. Your saved answers have not been deleted.")),
    }
    for error, (title, message) in simple.items():
        status = error if isinstance(error, int) else error.code
        app.register_error_handler(
            error, lambda err, t=title, m=message, s=status: page(t(), m(), s))

    @app.errorhandler(DraftStoreUnavailable)
    def store_down(err):
        app.logger.error("draft store unavailable: %s", type(err.__cause__ or err).__name__)
        return page(_("Sorry, there is a problem with the service"),
                    _("We cannot reach your saved answers just now. They are safe. Try again in a few minutes."), 503)
