"""Conference prep: the Flask application factory."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, g, redirect, request, url_for
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from . import i18n
from .config import Config
from .drafts import MemoryDraftStore

ROOT = Path(__file__).resolve().parent.parent
csrf = CSRFProtect()
babel = Babel()


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, static_folder=str(ROOT / "static"), template_folder=str(ROOT / "templates"))
    app.config.from_object(Config)
    if config:
        app.config.update(config)

    # Our templates first, then the GOV.UK Frontend macros under their own prefix.
    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(str(ROOT / "templates")),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    babel.init_app(app, default_translation_directories=str(ROOT / "translations"),
                   locale_selector=lambda: i18n.current().locale)
    csrf.init_app(app)
    app.extensions["drafts"] = MemoryDraftStore()

    from . import errors, security, templating, views

    templating.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(views.bp)

    @app.route("/")
    def choose_language():
        return redirect(url_for("journey.start", lang=i18n.best_match()))

    @app.before_request
    def language_from_path():
        # Also for pages that match no route, so a 404 under /pl/ is in Polish.
        first = request.path.strip("/").split("/", 1)[0]
        if first in i18n.BY_CODE:
            g.lang = first

    # Request lines carry paths only (no answers travel in URLs), but keep
    # Werkzeug quieter than INFO outside development.
    if not app.debug:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    return app
