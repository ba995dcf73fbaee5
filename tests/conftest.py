"""Shared fixtures: an app with CSRF on (as in production) and a client that
reads the token from each page, like a browser would."""

from __future__ import annotations

import re

import pytest

from prep import create_app


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
