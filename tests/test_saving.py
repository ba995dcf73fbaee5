"""Save and return, delete, quick exit, timeouts, limits and headers, as a parent meets them."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prep import create_app
from prep.assets import DIST
from prep.config import ConfigError

from .conftest import JourneyClient, app_config
from .journey_data import FREE_TEXT_ANSWERS, FULL_JOURNEY, SHORT_ANSWERS, walk

ROOT = Path(__file__).resolve().parent.parent
CODE = re.compile(r'id="resume-code">([A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})<')


def get_code(client) -> str:
    response = client.submit("/en/save", {})
    assert response.status_code == 200
    match = CODE.search(response.text)
    assert match, "no code shown"
    return match.group(1)


def new_device(app) -> JourneyClient:
    return JourneyClient(app.test_client())


def test_save_and_come_back_on_another_device(app, client):
    walk(client, {k: FULL_JOURNEY[k] for k in ("about-you", "children", "conference")})
    response = client.submit("/en/step/strengths", {**FULL_JOURNEY["strengths"], "save_for_later": "1"})
    assert response.status_code == 303 and response.location == "/en/save"
    assert "Get my code" in client.get("/en/save").text
    code = get_code(client)

    phone = new_device(app)
    typed = code.lower().replace("-", " ")  # read aloud, written down loosely
    resumed = phone.submit("/en/resume", {"code": typed})
    assert resumed.location == "/en/step/strengths"  # the step they were on
    check = phone.get("/en/check").text
    assert "Łucja Nowak-Ștefan" in check and "We cook together every Sunday." in check


def test_wrong_code_gets_one_plain_message(app, client):
    walk(client)
    code = get_code(client)
    wrong = ("A" if code[0] != "A" else "B") + code[1:]
    for attempt in (wrong, "ZZZZZ-ZZZZZ-ZZZZZ"):
        response = new_device(app).submit("/en/resume", {"code": attempt})
        assert response.status_code == 400
        assert "That code did not work. Check it and try again." in response.text
    badly_typed = new_device(app).submit("/en/resume", {"code": "ABC"})
    assert "Enter the code exactly as it was given to you" in badly_typed.text
    assert 'value="ABC"' in badly_typed.text


def test_a_new_code_replaces_the_old_one(app, client):
    walk(client)
    first = get_code(client)
    second = get_code(client)
    assert first != second
    assert new_device(app).submit("/en/resume", {"code": first}).status_code == 400
    assert new_device(app).submit("/en/resume", {"code": second}).status_code in (302, 303)


def test_delete_my_answers(app, client):
    walk(client)
    code = get_code(client)
    assert "Delete my answers now" in client.get("/en/step/strengths").text
    confirm = client.get("/en/delete")
    assert "Are you sure you want to delete your answers?" in confirm.text
    done = client.submit("/en/delete", {})
    assert done.location == "/en/deleted"
    assert "Your answers have been deleted" in client.get("/en/deleted").text
    assert client.get("/en/check").location == "/en/"
    assert new_device(app).submit("/en/resume", {"code": code}).status_code == 400


def test_statement_page_offers_to_delete(client):
    walk(client)
    assert 'href="/en/delete"' in client.get("/en/statement").text


def test_quick_exit_clears_the_session(app, client):
    walk(client)
    page = client.get("/en/step/strengths").text
    assert 'class="govuk-exit-this-page' in page and 'href="/exit"' in page
    response = client.get("/exit")
    assert response.status_code in (302, 303)
    assert response.location == app.config["EXIT_URL"]
    # The back button finds nothing: every answer page is no-store and the session is gone.
    assert client.get("/en/check").location == "/en/"
    assert "Łucja" not in client.get("/en/step/about-you").text


def test_idle_session_ends_and_explains(app, client):
    walk(client)
    with client.client.session_transaction() as session:
        session["seen"] = int(time.time()) - 31 * 60
    response = client.get("/en/check")
    assert response.location == "/en/timed-out"
    page = client.get("/en/timed-out").text
    assert "We closed your answers to keep them private" in page
    assert 'href="/en/resume"' in page
    assert client.get("/en/check").location == "/en/"


def test_timeout_warning_is_on_pages_with_answers(client):
    assert 'data-module="app-timeout-warning"' not in client.get("/en/").text
    walk(client)
    page = client.get("/en/step/worries").text
    assert 'data-module="app-timeout-warning" data-timeout-seconds="1800"' in page


def test_too_many_resume_attempts_get_a_friendly_wait(app):
    device = new_device(app)
    statuses = [device.submit("/en/resume", {"code": "ZZZZZ-ZZZZZ-ZZZZZ"}).status_code for _ in range(11)]
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429
    assert "too many tries" in device.submit("/en/resume", {"code": "x"}).text


def test_pdf_downloads_are_limited(tmp_path):
    app = create_app(app_config(tmp_path, PDF_RATE_LIMIT="2 per minute"))
    client = new_device(app)
    walk(client)
    assert [client.get("/en/statement.pdf").status_code for _ in range(3)] == [200, 200, 429]


def built_assets():
    """The fingerprinted CSS and JS, which are served before Flask sees the request."""
    return [f"/static/dist/{name}" for name in json.loads((DIST / "manifest.json").read_text()).values()]


def test_security_headers_on_every_route(app, client):
    walk(client)
    urls = ["/", "/exit", "/en/", "/en/check", "/en/statement", "/en/statement.pdf", "/en/answers.json",
            "/en/save", "/en/resume", "/en/delete", "/en/deleted", "/en/timed-out", "/en/import",
            "/en/paper-form.pdf", "/en/nope"] + built_assets() + [f"/en/step/{s}" for s in FULL_JOURNEY]
    for url in urls:
        headers = client.get(url).headers
        assert "default-src 'self'" in headers["Content-Security-Policy"], url
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], url
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"], url
        assert headers["Strict-Transport-Security"].startswith("max-age="), url
        assert headers["Referrer-Policy"] == "no-referrer", url
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert "camera=()" in headers["Permissions-Policy"], url


def test_session_cookie_flags(client):
    response = client.submit("/en/step/about-you", FULL_JOURNEY["about-you"])
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("url", ["/en/save", "/en/resume", "/en/delete", "/en/import", "/en/step/strengths",
                                 "/en/still-here"])
def test_post_without_csrf_token_is_refused(app, url):
    device = new_device(app)
    walk(device, {"about-you": FULL_JOURNEY["about-you"]})
    assert device.client.post(url, data={"code": "x"}).status_code == 400


def test_database_holds_no_typed_text(app, client, tmp_path):
    walk(client)
    code = get_code(client)
    raw = (tmp_path / "drafts.sqlite3").read_bytes()
    for path in tmp_path.glob("drafts.sqlite3*"):
        raw += path.read_bytes()
    for answer in FREE_TEXT_ANSWERS + SHORT_ANSWERS + [code, code.replace("-", "")]:
        assert answer.encode() not in raw, answer
        assert answer.encode("utf-16-le") not in raw


def test_session_cookie_holds_no_answer_or_code(app, client):
    walk(client)
    code = get_code(client)
    cookie = client.client.get_cookie("session")
    session = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    assert set(session) <= {"draft", "key", "csrf_token", "seen", "large_text"}
    for secret in SHORT_ANSWERS + [code, code.replace("-", "")]:
        assert secret not in cookie.value


def test_no_answers_or_codes_in_logs(app, client, caplog):
    caplog.set_level(logging.DEBUG)
    walk(client)
    code = get_code(client)
    new_device(app).submit("/en/resume", {"code": code})
    client.get("/en/statement.pdf")
    client.submit("/en/delete", {})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in FREE_TEXT_ANSWERS + SHORT_ANSWERS + [code, code.replace("-", "")]:
        assert secret not in logged


def test_unreachable_database_keeps_what_was_typed(tmp_path):
    app = create_app(app_config(tmp_path, DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/none"))
    client = new_device(app)
    response = client.submit("/en/step/strengths", FULL_JOURNEY["strengths"])
    assert response.status_code == 503
    assert "We could not save your answers just now" in response.text
    assert "We cook together every Sunday." in response.text


def test_purge_command(app):
    result = app.test_cli_runner().invoke(args=["prep", "purge"])
    assert result.exit_code == 0
    assert "Deleted 0 expired draft(s)." in result.output


def test_production_needs_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        create_app(app_config(tmp_path, APP_ENV="production", SECRET_KEY_FROM_ENV=False))
    started = subprocess.run([sys.executable, "-c", "import app"], capture_output=True, text=True,
                             env={"APP_ENV": "production", "PATH": "/usr/bin:/bin"}, cwd=ROOT)
    assert started.returncode != 0
    assert "SECRET_KEY must be set" in started.stderr
    assert "Traceback" not in started.stderr


def test_two_instances_share_drafts(tmp_path):
    """Two app instances (as behind a load balancer) on one database: save on one, resume on the other."""
    first = create_app(app_config(tmp_path, SECRET_KEY="a" * 32))
    second = create_app(app_config(tmp_path, SECRET_KEY="a" * 32))
    on_first = new_device(first)
    walk(on_first)
    code = get_code(on_first)
    on_second = new_device(second)
    assert on_second.submit("/en/resume", {"code": code}).status_code in (302, 303)
    assert "Łucja Nowak-Ștefan" in on_second.get("/en/check").text
