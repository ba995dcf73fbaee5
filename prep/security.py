"""Response headers that keep answers private and the pages self-contained."""

from __future__ import annotations

from flask import request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)

# On every response, including the built CSS and JS that prep/assets.py serves before Flask sees them.
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def init_app(app):
    @app.after_request
    def add_headers(response):
        h = response.headers
        for key, value in HEADERS.items():
            h.setdefault(key, value)
        # Pages may show answers: never keep them in any cache or the back button.
        # Static files hold no answers: the fingerprinted build (served by
        # prep/assets.py, not here) is cached for a year; anything else under
        # /static/ keeps Flask's own caching.
        # The council colour sheet (prep/templating.py) has a digest in its URL too.
        if request.endpoint not in ("static", "council_css"):
            h["Cache-Control"] = "no-store"
            h["Pragma"] = "no-cache"
        return response
