"""Settings from environment variables, with safe defaults for a laptop.

A later issue adds the council's profile file; everything a deployment changes
is read here and nowhere else.
"""

from __future__ import annotations

import os
import secrets


class Config:
    SERVICE_NAME = "Conference prep"
    # Development gets a throwaway key; production must set SECRET_KEY.
    SECRET_KEY = os.environ.get("SECRET_KEY") or secrets.token_hex(32)
    CONFIDENTIALITY_MARKING = os.environ.get("CONFIDENTIALITY_MARKING", "Confidential")
    # Largest request: a JSON answers file with every answer at 5,000 characters
    # of a non-Latin script is about 0.4 MB; 1 MB leaves room and stops abuse.
    MAX_CONTENT_LENGTH = 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 1024 * 1024
    BABEL_DEFAULT_LOCALE = "en_GB"  # UK dates: 3 February 2027
    BABEL_DEFAULT_TIMEZONE = "Europe/London"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session; expiry is the draft's job
