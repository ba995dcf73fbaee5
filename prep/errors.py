"""Friendly error pages: plain words, no stack traces, nothing typed thrown away."""

from __future__ import annotations

import sys

from flask import Request, render_template, request
from markupsafe import escape
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from werkzeug.formparser import FormDataParser

from .drafts import DraftStoreUnavailable
from .render_pool import RenderBusy, RenderFailed, RenderTooSlow
from .security import HEADERS

PLAIN_ERROR = (b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
               b"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
               b"<title>Sorry, there is a problem with the service</title></head><body>"
               b"<h1>Sorry, there is a problem with the service</h1>"
               b"<p>Try again later. Your saved answers have not been deleted.</p>"
               b"<p><a href=\"/\">Go to the start</a></p></body></html>")


def _plain_headers() -> list[tuple[str, str]]:
    return [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(PLAIN_ERROR))),
            ("Cache-Control", "no-store"), *HEADERS.items()]


def plain_error_response():
    from flask import Response

    return Response(PLAIN_ERROR, status=500, headers=_plain_headers())


class SafetyNet:
    """WSGI middleware: an exception nothing else caught becomes a plain 500 page with every
    security header, never a bare server error or a stack trace."""

    def __init__(self, wsgi_app, logger):
        self.wsgi_app = wsgi_app
        self.logger = logger

    def __call__(self, environ, start_response):
        try:
            return self.wsgi_app(environ, start_response)
        except Exception:  # noqa: BLE001
            self.logger.exception("unhandled error outside Flask's handlers")
            start_response("500 INTERNAL SERVER ERROR", _plain_headers(), sys.exc_info())
            return [PLAIN_ERROR]


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
        try:
            return render_template("error.html", title=title, message=message), status
        except Exception:  # noqa: BLE001 - e.g. a Host we do not answer to: no URLs can be built
            body = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
                    f'</head><body><h1>{escape(title)}</h1><p>{escape(message)}</p></body></html>')
            return body, status, {"Cache-Control": "no-store"}

    simple = {
        UnreadableForm: (lambda: _("There is a problem"), lambda: _("Go back, refresh the page and try again.")),
        RequestEntityTooLarge: (lambda: _("What you sent is too big"), lambda: _(
            "Each answer can be up to 5,000 characters, and each photo up to 20 MB. Go back, make your answers "
            "shorter or choose a smaller photo, and try again.")),
        429: (lambda: _("Please wait a moment"), lambda: _(
            "There have been too many tries from this device. Wait a few minutes, then try again.")),
        # Any other bad request (a Host this service does not answer to, a malformed request):
        # one plain page that repeats nothing from the request.
        400: (lambda: _("There is a problem"), lambda: _("Go back, refresh the page and try again.")),
        404: (lambda: _("Page not found"), lambda: _("Check the web address, or go back to the start.")),
        405: (lambda: _("Page not found"), lambda: _("Check the web address, or go back to the start.")),
    }
    for error, (title, message) in simple.items():
        status = error if isinstance(error, int) else error.code
        app.register_error_handler(
            error, lambda err, t=title, m=message, s=status: page(t(), m(), s))

    @app.errorhandler(RenderBusy)
    def render_busy(err):
        return page(_("Please wait a moment"), _(
            "We are making other people's statements just now. Wait a minute, then try again."), 503)

    @app.errorhandler(RenderTooSlow)
    def render_too_slow(err):
        app.logger.warning("a PDF took longer than its time limit and was stopped")
        return page(_("We could not make your statement"), _(
            "It was taking too long. Very long answers can cause this: make some answers shorter, "
            "then try again. Your answers are still saved."), 503)

    @app.errorhandler(RenderFailed)
    def render_failed(err):
        app.logger.error("the PDF helper failed: %s", err)
        return page(_("We could not make your statement"), _(
            "Try again later. Your answers are still saved."), 503)

    @app.errorhandler(500)
    def server_error(err):
        # The friendly page if it can be drawn; if drawing it fails too, a plain one.
        try:
            return page(_("Sorry, there is a problem with the service"), _(
                "Try again later. Your saved answers have not been deleted."), 500)
        except Exception:  # noqa: BLE001 - the last line of defence: never a stack trace
            app.logger.exception("the error page itself failed")
            return plain_error_response()

    # Anything that escapes Flask (or its error handler): a plain page with every header.
    app.wsgi_app = SafetyNet(app.wsgi_app, app.logger)

    @app.errorhandler(DraftStoreUnavailable)
    def store_down(err):
        app.logger.error("draft store unavailable: %s", type(err.__cause__ or err).__name__)
        return page(_("Sorry, there is a problem with the service"),
                    _("We cannot reach your saved answers just now. They are safe. Try again in a few minutes."), 503)
