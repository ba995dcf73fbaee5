"""Settings from environment variables, with safe defaults for a laptop.

What differs between councils (name, phone numbers, timescales, languages,
retention, marking, exit site) is in the council profile (prep/profile.py). The
environment variables below for the same settings are optional overrides.
"""

from __future__ import annotations

import os


def _int_or_none(name: str) -> int | None:
    value = os.environ.get(name)
    return int(value) if value else None


class Config:
    SERVICE_NAME = "Conference prep"
    # Production must set SECRET_KEY. Without it (development) a key is made once and kept in
    # instance/secret_key, so phone unlocks and codes still work after `make run` restarts.
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    # The council profile (TOML); profiles/england.toml when unset.
    COUNCIL_PROFILE = os.environ.get("COUNCIL_PROFILE") or None
    # None: take the value from the council profile.
    CONFIDENTIALITY_MARKING = os.environ.get("CONFIDENTIALITY_MARKING") or None
    # Largest request, by where it goes (prep/uploads.py). Most pages: 1 MB.
    MAX_CONTENT_LENGTH = 1024 * 1024
    # One answer (and, for forms sent as application/x-www-form-urlencoded, a whole step):
    # 5,000 characters of up to 4 code points of 4 bytes, percent-encoded, is under 1 MB.
    MAX_FORM_MEMORY_SIZE = 1024 * 1024
    # A step page: the report's step is sent as multipart/form-data (no percent-encoding) and
    # may hold 30 points of up to 4,100 characters each: about 2 MB at the very worst.
    STEP_MAX_CONTENT_LENGTH = 4 * 1024 * 1024
    # The child's views step takes a photo. A photo may be up to UPLOAD_FILE_MAX_BYTES; anything
    # bigger is read and dropped (never kept, in memory or on disk) so that the page can say so
    # beside the photo and keep every word typed with it. Requests over this many bytes in all
    # get the "too big" page instead. (A proxy in front must let requests this big through.)
    UPLOAD_MAX_CONTENT_LENGTH = 64 * 1024 * 1024
    UPLOAD_FILE_MAX_BYTES = 20 * 1024 * 1024
    # An answers file: every answer at the limit (about 0.4 MB in a non-Latin script), report
    # points (up to about 1 MB more) and 3 photos as base64 (3 x 300 KB x 4/3).
    IMPORT_MAX_CONTENT_LENGTH = 4 * 1024 * 1024
    BABEL_DEFAULT_LOCALE = "en_GB"  # UK dates: 3 February 2027
    BABEL_DEFAULT_TIMEZONE = "Europe/London"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Cookies only over HTTPS; `make run` switches this off for http://127.0.0.1.
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") != "0"
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session; expiry is the draft's job

    # "production" refuses to start without a SECRET_KEY of its own.
    APP_ENV = os.environ.get("APP_ENV", "development")
    SECRET_KEY_FROM_ENV = bool(os.environ.get("SECRET_KEY"))

    # Drafts: SQLite file by default, PostgreSQL when DATABASE_URL is set.
    DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///instance/drafts.sqlite3")
    DRAFT_IDLE_DAYS = _int_or_none("DRAFT_IDLE_DAYS")
    DRAFT_DAYS_AFTER_CONFERENCE = _int_or_none("DRAFT_DAYS_AFTER_CONFERENCE")
    SCRYPT_N = int(os.environ.get("SCRYPT_N", str(2 ** 15)))
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
    SESSION_WARN_SECONDS = 120  # "Are you still there?" this long before the end
    # However active, a session ends after this long; the phone unlock or code opens the answers again.
    SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", "12"))
    EXIT_URL = os.environ.get("EXIT_URL") or None
    LANGUAGES = None  # from the profile

    # Rate limits per client: memory by default, Redis (redis://...) for several instances.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = False
    RESUME_RATE_LIMIT = os.environ.get("RESUME_RATE_LIMIT", "10 per minute;50 per hour")
    UNLOCK_RATE_LIMIT = os.environ.get("UNLOCK_RATE_LIMIT", "10 per minute;30 per hour")
    PDF_RATE_LIMIT = os.environ.get("PDF_RATE_LIMIT", "30 per minute")
    # Each new draft is a row kept for weeks: per client address and per browser session.
    DRAFT_CREATE_RATE_LIMIT = os.environ.get("DRAFT_CREATE_RATE_LIMIT", "10 per minute;60 per hour")
    DRAFT_CREATE_SESSION_RATE_LIMIT = os.environ.get("DRAFT_CREATE_SESSION_RATE_LIMIT", "5 per hour")
    SAVE_RATE_LIMIT = os.environ.get("SAVE_RATE_LIMIT", "120 per minute")
    IMPORT_RATE_LIMIT = os.environ.get("IMPORT_RATE_LIMIT", "10 per minute;30 per hour")
    CODE_RATE_LIMIT = os.environ.get("CODE_RATE_LIMIT", "10 per hour")
    # Sending a statement to the conference team: per client address, and per draft.
    SEND_RATE_LIMIT = os.environ.get("SEND_RATE_LIMIT", "20 per hour;60 per day")
    SEND_DRAFT_RATE_LIMIT = os.environ.get("SEND_DRAFT_RATE_LIMIT", "3 per hour;6 per day")

    # Sending statements (prep/mail.py). With MAIL_SERVER: SMTP, certificate verified; without it
    # (development) each message is written as an .eml file into MAIL_OUTBOX_DIR; in production
    # without it, sending is off (MAIL_TEST_FILES=1 keeps the .eml files, for a trial).
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = os.environ.get("MAIL_PORT", "")  # 587 for starttls, 465 for tls, 25 for none
    MAIL_SECURITY = os.environ.get("MAIL_SECURITY", "starttls")  # starttls, tls, or none (loopback relay only)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "")
    MAIL_CA_FILE = os.environ.get("MAIL_CA_FILE", "")  # a council's own CA, besides the system's
    MAIL_TIMEOUT_SECONDS = float(os.environ.get("MAIL_TIMEOUT_SECONDS", "10"))
    MAIL_OUTBOX_DIR = os.environ.get("MAIL_OUTBOX_DIR", "instance/outbox")
    MAIL_TEST_FILES = os.environ.get("MAIL_TEST_FILES", "0") == "1"

    # PDFs are made in a helper process per worker with a time limit (prep/render_pool.py).
    RENDER_IN_PROCESS = os.environ.get("RENDER_IN_PROCESS", "0") == "1"
    RENDER_PROCESSES = int(os.environ.get("RENDER_PROCESSES", "1"))
    RENDER_TIMEOUT_SECONDS = float(os.environ.get("RENDER_TIMEOUT_SECONDS", "10"))
    RENDER_QUEUE_SECONDS = float(os.environ.get("RENDER_QUEUE_SECONDS", "15"))
    # Behind a load balancer, trust this many X-Forwarded-For hops for the client address,
    # and serve only requests that come from the proxies' networks (prep/proxies.py).
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS", "0"))
    PROXY_ADDRESSES = os.environ.get("PROXY_ADDRESSES", "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16")
    # The host names this service answers to (Flask refuses any other Host header, so no link
    # or redirect is ever built from a forged one). Required in production.
    TRUSTED_HOSTS = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()] or None


class ConfigError(Exception):
    """A setting that stops the app from starting; the message says which and why."""
