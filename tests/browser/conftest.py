"""Real-browser fixtures: the app on a real port, Debian's Chromium driven by Playwright.

One browser for the whole session; tests open their own contexts (a fresh profile each:
no cookies, no history). Every context made by `new_context` records requests that leave
the app's own origin in `offsite_requests`, which the tests assert is empty.

Chromium comes from Debian (/usr/bin/chromium, installed by scripts/chromium-for-tests.sh);
`playwright install` is never used. Without the browser these tests skip with the reason,
except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import flask_babel
import pytest
from werkzeug.serving import make_server

from prep import create_app, i18n

from .journey import PHONE

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
EXIT_LANDING = "/test-exit-landing"


@dataclass
class LiveServer:
    app: object
    url: str  # http://127.0.0.1:PORT, no trailing slash

    @property
    def exit_url(self) -> str:
        return self.url + EXIT_LANDING

    def translate(self, lang: str, text) -> str:
        """`text` (a string or lazy string) as the app says it in `lang`."""
        with self.app.test_request_context(f"/{lang}/"), flask_babel.force_locale(i18n.BY_CODE[lang].locale):
            return str(flask_babel.gettext(text) if isinstance(text, str) else text)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app in this process on a real port, with its own SQLite file. Quick exit goes to
    a plain page of this same server, so no request ever leaves loopback."""
    folder = tmp_path_factory.mktemp("live")
    app = create_app({
        "DATABASE_URL": f"sqlite:///{folder}/drafts.sqlite3",
        "SESSION_COOKIE_SECURE": False,  # plain http on 127.0.0.1
        "SCRYPT_N": 2 ** 10,  # cheap key derivation for tests
        "SECRET_KEY": "browser-tests-secret-key-0123456789abcdef",
        # Every test here comes from 127.0.0.1; the limits themselves are tested elsewhere.
        **{name: "10000 per minute" for name in (
            "RESUME_RATE_LIMIT", "PDF_RATE_LIMIT", "DRAFT_CREATE_RATE_LIMIT", "DRAFT_CREATE_SESSION_RATE_LIMIT",
            "SAVE_RATE_LIMIT", "UNLOCK_RATE_LIMIT", "CODE_RATE_LIMIT", "IMPORT_RATE_LIMIT", "SEND_RATE_LIMIT",
            "SEND_DRAFT_RATE_LIMIT")},
        # No mail server: "sent" statements are written as .eml files here (the test set-up).
        "MAIL_OUTBOX_DIR": str(folder / "outbox"),
    })

    @app.route(EXIT_LANDING)
    def exit_landing():
        # Stands in for the neutral site EXIT_URL points at in production.
        return "<!DOCTYPE html><html lang='en'><title>Weather</title><h1>Weather</h1><p>Sunny.</p></html>"

    server = make_server("127.0.0.1", 0, app, threaded=True)
    live = LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    app.config["EXIT_URL"] = live.exit_url  # read on every request, so it can be set after the port is known
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield live
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        reason = (f"{CHROMIUM} is missing: run `bash scripts/chromium-for-tests.sh` "
                  "(or `apt-get install chromium`) to run the browser tests")
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " — in CI a missing browser is a failure, not a skip", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class RequestLog:
    """Every URL the browser asked for, and those not on the app's origin."""

    origin: str
    seen: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)

    def __call__(self, request) -> None:
        self.seen.append(request.url)
        parts = urlsplit(request.url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.offsite.append(f"{request.method} {request.url}")


@pytest.fixture
def request_log(live_server):
    return RequestLog(live_server.url)


@pytest.fixture
def new_context(browser, live_server, request_log):
    """new_context(**options): a fresh browser profile at a phone's size unless told
    otherwise, with relative URLs on the live server and every request logged."""
    made = []

    def make(**options):
        options = {"viewport": PHONE, "base_url": live_server.url, "locale": "en-GB", **options}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        context.on("request", request_log)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _written.append(SCREENSHOTS)
    return SCREENSHOTS


_written: list[Path] = []


def pytest_terminal_summary(terminalreporter):
    for folder in _written:
        count = sum(1 for _ in folder.rglob("*.png"))
        terminalreporter.write_line(f"Browser screenshots ({count}): {folder}")
