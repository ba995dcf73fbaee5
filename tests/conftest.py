"""Shared fixtures: an app with CSRF on (as in production) and a client that
reads the token from each page, like a browser would."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import settings

from prep import create_app

# Property tests run the same examples on every machine (no example database,
# seed derived from the test), so CI is repeatable. HYPOTHESIS_PROFILE=explore
# runs random examples instead, for a longer hunt.
settings.register_profile("repeatable", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


TEST_SCRYPT_N = 2 ** 10  # cheap for tests; production uses the config default


TEST_SECRET_KEY = "test-secret-key-not-for-production-0123456789"


def app_config(tmp_path, **extra):
    # PDFs rendered in the test process (the helper process is tested in tests/test_render_pool.py).
    # Tests start many drafts from one address; the limits on that are tested on their own.
    return {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path}/drafts.sqlite3", "SECRET_KEY": TEST_SECRET_KEY,
            "SCRYPT_N": TEST_SCRYPT_N, "RENDER_IN_PROCESS": True, "DRAFT_CREATE_RATE_LIMIT": "10000 per minute",
            "DRAFT_CREATE_SESSION_RATE_LIMIT": "10000 per minute", "IMPORT_RATE_LIMIT": "10000 per minute",
            "CODE_RATE_LIMIT": "10000 per minute", "SAVE_RATE_LIMIT": "10000 per minute",
            "SEND_RATE_LIMIT": "10000 per minute", "SEND_DRAFT_RATE_LIMIT": "10000 per minute",
            # No mail server in tests: a "sent" statement is written as an .eml file here.
            "MAIL_OUTBOX_DIR": f"{tmp_path}/outbox", **extra}


@pytest.fixture
def app(tmp_path):
    return create_app(app_config(tmp_path))


PHONE_NUMBER = "5829"  # the number tests choose to unlock answers on "this phone"


def hidden_fields(html: str) -> dict[str, str]:
    """The hidden inputs of a page's form: the CSRF token and a step page's stamp."""
    fields = {}
    for match in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        fields[match.group(1)] = match.group(2).replace("&amp;", "&")
    for match in re.finditer(r'name="csrf_token" type="hidden" value="([^"]+)"', html):
        fields["csrf_token"] = match.group(1)
    return fields


class JourneyClient:
    """Wraps the Flask test client: GET a page, then POST its form with the page's own
    CSRF token (and a step page's stamp), as a browser would.

    With auto_protect (the default), when the first save asks for a number to unlock
    the answers on this phone, the client chooses one and goes on to the page that
    was asked for, as a parent would; the response is then the redirect onwards."""

    def __init__(self, client, auto_protect: bool = True):
        self.client = client
        self.auto_protect = auto_protect

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def token(self, url):
        return self.form_fields(url)["csrf_token"]

    def form_fields(self, url):
        page = self.client.get(url)
        fields = hidden_fields(page.text)
        assert "csrf_token" in fields, f"no CSRF token on {url}"
        return fields

    def submit(self, url, data, **kw):
        data = {**self.form_fields(url), **data}
        response = self.client.post(url, data=data, **kw)
        location = response.headers.get("Location", "")
        if self.auto_protect and response.status_code in (302, 303) and "/protect?" in location:
            protected = self.submit(location, {"number": PHONE_NUMBER, "number_again": PHONE_NUMBER})
            assert protected.status_code == 303, protected.status_code
            return protected
        return response


@pytest.fixture
def db(tmp_path):
    """A draft database of the test's own (SQLite), for the stores that share it."""
    from prep.database import Database

    database = Database(f"sqlite:///{tmp_path}/drafts.sqlite3")
    yield database
    database.dispose()


@pytest.fixture
def client(app):
    return JourneyClient(app.test_client())


# --- how many examples the property tests ran, so the figure can be quoted ---
_examples: dict[str, int] = {}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    stats = getattr(item, "hypothesis_statistics", None)
    if call.when == "call" and stats:
        # Hypothesis's own summary ("- 12 passing, 0 failing, ..."), one line per phase.
        _examples[item.nodeid] = sum(int(n) for n in re.findall(r"(\d+) passing", stats))
    return report


def pytest_terminal_summary(terminalreporter):
    if not _examples:
        return
    by_file: dict[str, list[int]] = {}
    for nodeid, count in _examples.items():
        by_file.setdefault(nodeid.split("::")[0], []).append(count)
    for path, counts in sorted(by_file.items()):
        terminalreporter.write_line(f"hypothesis: {sum(counts):,} examples passed in {len(counts)} "
                                    f"property test runs ({path})")
    terminalreporter.write_line(f"hypothesis: {sum(_examples.values()):,} examples in total")
