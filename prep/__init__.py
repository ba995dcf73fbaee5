"""Conference prep: the Flask application factory."""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
from pathlib import Path

import click
from flask import Flask, g, redirect, request, url_for
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from . import i18n, profile
from .browser_sessions import SessionStore
from .config import Config, ConfigError
from .database import Database
from .drafts import DraftStore
from .keys import ServerKeys
from .mail import settings_from, transport_for
from .outbox import Outbox
from .phone_unlock import PhoneUnlocks

ROOT = Path(__file__).resolve().parent.parent
csrf = CSRFProtect()
babel = Babel()


def create_app(config: dict | None = None) -> Flask:
    # Only the build is served (static/dist, through WhiteNoise): never the sources or source maps.
    app = Flask(__name__, static_folder=str(ROOT / "static" / "dist"), static_url_path="/static/dist",
                template_folder=str(ROOT / "templates"), instance_path=str(ROOT / "instance"))
    app.config.from_object(Config)
    config = config or {}
    # The council profile decides what differs between councils; an environment
    # variable or an explicit setting (tests) still wins over it.
    council = profile.load(config.get("COUNCIL_PROFILE") or app.config["COUNCIL_PROFILE"])
    app.extensions["council"] = council
    for key, value in council.config_values().items():
        if app.config.get(key) is None:
            app.config[key] = value
    app.config.update(config)
    _check_config(app)
    app.extensions["mail"] = _mail_settings(app, council)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _development_secret_key(Path(app.instance_path))

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
    # A relative SQLite path is relative to the project folder, wherever the app is started.
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        url = "sqlite:///" + str(ROOT / url[len("sqlite:///"):])
    database = Database(url)
    keys = ServerKeys(app.config["SECRET_KEY"])
    app.extensions["database"] = database
    app.extensions["drafts"] = DraftStore(
        database, keys, idle_days=app.config["DRAFT_IDLE_DAYS"],
        days_after_conference=app.config["DRAFT_DAYS_AFTER_CONFERENCE"], scrypt_n=app.config["SCRYPT_N"])
    app.extensions["sessions"] = SessionStore(
        database, keys, idle=dt.timedelta(minutes=app.config["SESSION_IDLE_MINUTES"]),
        lifetime=dt.timedelta(hours=app.config["SESSION_MAX_HOURS"]))
    app.extensions["phone_unlocks"] = PhoneUnlocks(database, keys, scrypt_n=app.config["SCRYPT_N"])
    mail_settings = app.extensions["mail"]
    app.extensions["outbox"] = Outbox(database, keys, transport_for(mail_settings))
    if app.config["PROXY_HOPS"]:
        from .proxies import ThroughProxiesOnly
        from .security import HEADERS

        app.wsgi_app = ThroughProxiesOnly(app.wsgi_app, app.config["PROXY_HOPS"], app.config["PROXY_ADDRESSES"],
                                          HEADERS)

    from . import assets, errors, guidance, planning, saving, security, sending, templating, views

    templating.init_app(app)
    security.init_app(app)
    assets.init_app(app, extra_headers=security.HEADERS)
    errors.init_app(app)
    from .uploads import PrepRequest

    app.request_class = PrepRequest  # errors' strict form parsing, size limits by page, files in memory only
    app.register_blueprint(views.bp)
    app.register_blueprint(guidance.bp)
    app.register_blueprint(planning.timeline_bp)
    app.register_blueprint(planning.checklist_bp)
    saving.init_app(app)
    sending.init_app(app)

    @app.route("/")
    def choose_language():
        return redirect(url_for("journey.start", lang=i18n.best_match()))

    @app.before_request
    def language_from_path():
        # Also for pages that match no route, so a 404 under /pl/ is in Polish.
        first = request.path.strip("/").split("/", 1)[0]
        if first in i18n.BY_CODE:
            g.lang = first

    @app.cli.group("prep")
    def prep_cli():
        """Conference prep maintenance."""

    @prep_cli.command("purge")
    def purge():
        """Delete expired drafts and ended sessions (run daily, e.g. from cron)."""
        sessions = app.extensions["sessions"].purge()
        click.echo(f"Deleted {app.extensions['drafts'].purge()} expired draft(s) and {sessions} ended session(s).")

    @prep_cli.command("send-outbox")
    def send_outbox():
        """Send the statements still waiting in the outbox (run every few minutes, e.g. from cron)."""
        if not app.extensions["mail"].enabled:
            click.echo("Sending is off (no MAIL_SERVER in production): nothing to do.")
            return
        done = app.extensions["outbox"].run()
        click.echo(f"Sent {done.accepted}, still waiting {done.waiting}, given up {done.given_up}"
                   + (f", cleared {done.cleared} sent before a stop" if done.cleared else "") + ".")

    # Request lines carry paths only (no answers travel in URLs), but keep
    # Werkzeug quieter than INFO outside development.
    if not app.debug:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    return app


def _development_secret_key(instance: Path) -> str:
    """Development only: one random key per checkout, kept in instance/secret_key (0600)."""
    path = instance / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        instance.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = secrets.token_hex(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it at the same moment
            return path.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key


def _mail_settings(app: Flask, council):
    """Sending: SMTP when MAIL_SERVER is set (then the profile must say where statements go),
    .eml files in development, off in production without a mail server."""
    settings = settings_from(app.config, ROOT)
    if settings.mode == "smtp" and not council.sending.conference_team_email:
        raise ConfigError(f"MAIL_SERVER is set but the council profile {council.source} has no "
                          "sending.conference_team_email: add the conference team's address, or unset MAIL_SERVER")
    return settings


def _check_config(app: Flask) -> None:
    if app.config["APP_ENV"] != "production":
        return
    if not app.config.get("SECRET_KEY_FROM_ENV"):
        raise ConfigError("SECRET_KEY must be set when APP_ENV=production: without it, sessions would "
                          "not survive a restart or work across several instances.")
    if not app.config.get("TRUSTED_HOSTS"):
        raise ConfigError("TRUSTED_HOSTS must be set when APP_ENV=production (the host names of this service, "
                          "comma-separated): requests for any other Host are refused.")
