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


def app_config(tmp_path, **extra):
    return {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path}/drafts.sqlite3",
            "SCRYPT_N": TEST_SCRYPT_N, **extra}


@pytest.fixture
def app(tmp_path):
    return create_app(app_config(tmp_path))


class JourneyClient:
    """Wraps the Flask test client: GET a page, then POST its form with the
    page's own CSRF token, as a browser would."""

    def __init__(self, client):
        self.client = client

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def token(self, url):
        page = self.client.get(url)
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)
        assert match, f"no CSRF token on {url}"
        return match.group(1)

    def submit(self, url, data, **kw):
        data = dict(data, csrf_token=self.token(url))
        return self.client.post(url, data=data, **kw)


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
