"""Attacks, written as the attack: crafted `next` targets, query arguments that steer
url_for, a forged Host, a request straight past the proxy, an exception in every part of
the app, sources and source maps, rate limits across workers, a CLI that should not touch
the database."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from prep import create_app
from prep.config import ConfigError
from prep.redirects import local_path
from prep.security import HEADERS

from .conftest import JourneyClient, app_config
from .journey_data import FULL_JOURNEY, walk
from .servers import gunicorn, redis_url  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parent.parent

# Ways to write "another site" that browsers follow from a Location header.
REDIRECT_ATTACKS = [
    "//evil.example", "///evil.example", "////evil.example", "/\\evil.example", "\\\\evil.example",
    "/%09/evil.example", "/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/ /evil.example",
    "%2F%2Fevil.example", "/%2F/evil.example", "/%252F%252Fevil.example", "/%5Cevil.example",
    "/%5C%5Cevil.example", "https://evil.example", "http:evil.example", "https:/evil.example",
    "javascript:alert(1)", "data:text/html,x", "/%0d%0aSet-Cookie:%20stolen=1", "/\r\nSet-Cookie: stolen=1",
    "/%E2%80%A8//evil.example", " //evil.example", "\x00//evil.example", "/.//evil.example"[0:0] + "//evil.example",
    "evil.example", "@evil.example", "/%40evil.example",
]


def browser_reading(location: str):
    """What a browser makes of a Location header: tabs and line breaks dropped, backslashes
    as slashes, relative to this site."""
    cleaned = re.sub(r"[\t\n\r]", "", location).replace("\\", "/")
    return urlsplit(cleaned)


@pytest.mark.parametrize("target", REDIRECT_ATTACKS)
def test_next_never_leads_off_the_site(client, target):
    response = client.get("/en/text-size/large", query_string={"next": target})
    assert response.status_code in (302, 303)
    location = response.headers["Location"]
    assert "\r" not in location and "\n" not in location
    seen = browser_reading(location)
    assert not seen.scheme and not seen.netloc, location
    assert location.startswith("/") and not location.startswith("//")
    assert "Set-Cookie" not in response.headers or "stolen" not in response.headers["Set-Cookie"]


@pytest.mark.parametrize("target", REDIRECT_ATTACKS)
def test_every_next_parameter_uses_the_one_helper(app, target):
    parent = JourneyClient(app.test_client(), auto_protect=False)
    parent.submit("/en/step/about-you", FULL_JOURNEY["about-you"])
    chosen = parent.client.post("/en/protect", query_string={"next": target},
                                data={"csrf_token": parent.token("/en/protect"), "number": "5829",
                                      "number_again": "5829"})
    seen = browser_reading(chosen.headers["Location"])
    assert not seen.scheme and not seen.netloc
    for page in ("/en/language", "/en/save"):
        html = parent.get(page, query_string={"next": target}).text
        assert "evil.example" not in html


def test_local_targets_still_work():
    assert local_path("/pl/step/strengths?return=check") == "/pl/step/strengths?return=check"
    assert local_path("/en/step/worries") == "/en/step/worries"
    assert local_path("/ur/") == "/ur/"


@pytest.mark.parametrize("query", ["_method=POST", "_external=1", "_anchor=x", "_scheme=javascript",
                                   "_external=1&_scheme=https", "lang=zz", "_method=DELETE&x=1"])
def test_query_arguments_never_steer_the_links(client, query):
    walk(client, {"about-you": FULL_JOURNEY["about-you"]})
    for url in ("/en/step/strengths", "/en/", "/en/guide/glossary", "/en/check"):
        response = client.get(f"{url}?{query}", headers={"Host": "evil.example"})
        assert response.status_code in (200, 302), (url, response.status_code)
        assert "evil.example" not in response.get_data(as_text=True), url
        assert "javascript:" not in response.get_data(as_text=True), url


def test_a_forged_host_is_refused_where_hosts_are_set(tmp_path):
    app = create_app(app_config(tmp_path, TRUSTED_HOSTS=["prep.example.gov.uk"]))
    client = app.test_client()
    assert client.get("/en/", headers={"Host": "prep.example.gov.uk"}).status_code == 200
    refused = client.get("/en/", headers={"Host": "evil.example"})
    assert refused.status_code == 400 and "evil.example" not in refused.get_data(as_text=True)


def test_production_needs_trusted_hosts(tmp_path):
    with pytest.raises(ConfigError, match="TRUSTED_HOSTS must be set"):
        create_app(app_config(tmp_path, APP_ENV="production", SECRET_KEY_FROM_ENV=True, TRUSTED_HOSTS=None))


# --- behind a proxy --------------------------------------------------------------------------


def test_with_proxy_hops_a_request_straight_to_the_app_is_refused(tmp_path):
    app = create_app(app_config(tmp_path, PROXY_HOPS=1, PROXY_ADDRESSES="10.0.0.0/8",
                                RESUME_RATE_LIMIT="2 per minute"))
    direct = app.test_client().get("/en/", environ_base={"REMOTE_ADDR": "203.0.113.9"},
                                   headers={"X-Forwarded-For": "198.51.100.1"})
    assert direct.status_code == 403
    assert all(direct.headers[name] == value for name, value in HEADERS.items())
    # Through the proxy, each client is counted by its own address.
    via_proxy = app.test_client()

    def resume_from(address):
        return via_proxy.post("/en/resume", data={"code": "x"}, environ_base={"REMOTE_ADDR": "10.1.2.3"},
                              headers={"X-Forwarded-For": address}).status_code

    assert [resume_from("198.51.100.1") for _ in range(3)] == [400, 400, 429]
    assert resume_from("198.51.100.2") == 400  # another family behind the same proxy is not blocked


# --- errors --------------------------------------------------------------------------------------


def _endpoints_by_blueprint(app):
    chosen = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        blueprint = rule.endpoint.split(".")[0] if "." in rule.endpoint else "app"
        chosen.setdefault(blueprint, rule)
    return chosen


def test_an_unexpected_error_anywhere_gets_the_friendly_page_with_every_header(tmp_path):
    app = create_app(app_config(tmp_path))
    app.testing = False  # as in production: errors are handled, not raised into the test
    rules = _endpoints_by_blueprint(app)
    assert {"journey", "saving", "guidance", "timeline", "checklist", "app"} <= set(rules)

    def broken(**_kw):
        raise RuntimeError("something nobody expected")

    client = app.test_client()
    for blueprint, rule in rules.items():
        original = app.view_functions[rule.endpoint]
        app.view_functions[rule.endpoint] = broken
        try:
            url = rule.rule.replace("<lang>", "en").replace("<step_id>", "strengths").replace("<slug>", "glossary") \
                .replace("<size>", "large")
            response = client.get(url)
        finally:
            app.view_functions[rule.endpoint] = original
        assert response.status_code == 500, (blueprint, url)
        page = response.get_data(as_text=True)
        assert "Sorry, there is a problem with the service" in page and "Traceback" not in page, blueprint
        assert all(response.headers[name] == value for name, value in HEADERS.items()), blueprint


def test_when_the_error_page_itself_fails_a_plain_one_is_sent(tmp_path, monkeypatch):
    app = create_app(app_config(tmp_path))
    app.testing = False

    def broken(**_kw):
        raise RuntimeError("first failure")

    app.view_functions["journey.start"] = broken
    import prep.errors

    monkeypatch.setattr(prep.errors, "render_template", lambda *a, **k: 1 / 0)
    response = app.test_client().get("/en/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.get_data(as_text=True)
    assert all(response.headers[name] == value for name, value in HEADERS.items())


# --- what is served ------------------------------------------------------------------------------


def test_no_sources_or_source_maps_are_served(client):
    for url in ("/static/src/app.js", "/static/src/app.scss", "/static/src/step-form.js", "/static/dist/manifest.json",
                "/build/sourcemaps/", "/static/../prep/keys.py"):
        assert client.get(url).status_code == 404, url
    js_url = [u for u in re.findall(r'src="([^"]+\.js)"', client.get("/en/").text)][0]
    js = client.get(js_url)
    assert js.status_code == 200 and b"sourceMappingURL" not in js.get_data()
    for name in os.listdir(ROOT / "static" / "dist"):
        assert not name.endswith(".map"), name


def test_the_calendar_file_says_nothing_on_a_lock_screen(client):
    walk(client)
    ics = client.get("/en/timeline.ics").get_data(as_text=True)
    summaries = re.findall(r"^SUMMARY:(.*)$", ics, re.M)
    assert summaries and all(not re.search(r"child|protection|conference|social", s, re.I) for s in summaries)


def test_the_name_box_is_not_filled_in_by_the_browser(client):
    page = client.get("/en/step/about-you").text
    assert 'autocomplete="name"' not in page and 'autocomplete="off"' in page


def test_the_command_line_touches_no_database(tmp_path):
    answers = tmp_path / "answers.json"
    from .pdf_fixtures import full_statement

    answers.write_text(full_statement().to_json())
    database = tmp_path / "should-not-exist.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "prep", "render", str(answers), "-o", str(tmp_path / "out.pdf")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    assert not database.exists() and not (tmp_path / "instance").exists()


# --- limits shared by several workers --------------------------------------------------------------


def test_limits_are_per_worker_in_memory_and_shared_with_redis(tmp_path, redis_url):  # noqa: F811
    """The resume limit (3 a minute here) seen through two gunicorn workers: in each worker's
    memory it lets through more than 3; in Redis it holds."""
    def attempts(env, folder) -> list[int]:
        folder.mkdir()
        with gunicorn(folder, {"RESUME_RATE_LIMIT": "3 per minute", **env}, "--workers", "2",
                      "--worker-class", "gthread", "--threads", "2") as url:
            session = requests.Session()
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                              session.get(url + "/en/resume").text).group(1)
            statuses = []
            for _ in range(12):
                # A new connection each time, so both workers take requests.
                statuses.append(requests.post(url + "/en/resume", data={"csrf_token": token, "code": "x"},
                                              cookies=session.cookies, headers={"Connection": "close"}).status_code)
            return statuses

    shared = attempts({"RATELIMIT_STORAGE_URI": redis_url}, tmp_path / "redis")
    assert shared.count(400) == 3 and shared.count(429) == 9, shared


def test_production_refuses_several_workers_without_shared_limits(tmp_path):
    env = {"PATH": os.environ.get("PATH", ""), "APP_ENV": "production", "SECRET_KEY": "x" * 40,
           "TRUSTED_HOSTS": "127.0.0.1", "DATABASE_URL": f"sqlite:///{tmp_path}/d.sqlite3",
           "BIND": "127.0.0.1:0", "WEB_CONCURRENCY": "2"}
    done = subprocess.run([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:app"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "with more than one worker, rate limits need shared storage" in done.stdout + done.stderr
