"""Limits on the work one client can make the server do.

Route limits use Flask-Limiter's decorators (prep.saving.limiter). Starting a draft
is not a route of its own (any step's first save, or an import, starts one), so it
is counted here, in the same storage: per client address and per browser session,
so neither fresh cookies nor one cookie replayed many times can fill the database.
The storage must be shared by every worker (Redis) in production: see
prep.config.check_rate_limit_storage.
"""

from __future__ import annotations

from flask import current_app, session
from flask_limiter.util import get_remote_address
from limits import parse_many
from werkzeug.exceptions import TooManyRequests


def _hit(setting: str, *identity: str) -> bool:
    from .saving import limiter

    strategy = limiter.limiter
    if strategy is None or not current_app.config.get("RATELIMIT_ENABLED", True):
        return True
    ok = True
    for item in parse_many(current_app.config[setting]):
        ok = strategy.hit(item, setting, *identity) and ok
    return ok


def check_draft_creation() -> None:
    """Raise 429 (a friendly page) when this client has started too many drafts."""
    by_address = _hit("DRAFT_CREATE_RATE_LIMIT", get_remote_address() or "unknown")
    # The CSRF token's secret stands for this browser session (it lives in the cookie).
    by_session = _hit("DRAFT_CREATE_SESSION_RATE_LIMIT", str(session.get("csrf_token", "none")))
    if not (by_address and by_session):
        raise TooManyRequests()


def check_sends(draft_id: str) -> None:
    """Raise 429 when this draft has been sent too often (SEND_DRAFT_RATE_LIMIT); the route
    itself limits sends per client address (SEND_RATE_LIMIT)."""
    if not _hit("SEND_DRAFT_RATE_LIMIT", draft_id):
        raise TooManyRequests()
