"""Keeping answers and getting back to them, as a parent meets it: the phone unlock, codes,
welcome back, delete, quick exit, timeouts; and as an attacker meets it: a replayed
cookie, a second person on the same phone, limits and headers."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

from prep import create_app
from prep.assets import DIST
from prep.config import ConfigError

from .conftest import PHONE_NUMBER, JourneyClient, app_config
from .journey_data import FREE_TEXT_ANSWERS, FULL_JOURNEY, SHORT_ANSWERS, walk

ROOT = Path(__file__).resolve().parent.parent
CODE = re.compile(r'id="resume-code">([A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})<')
FIRST_STEPS = {k: FULL_JOURNEY[k] for k in ("about-you", "children", "conference")}


class Clock:
    """Stands in for the session store's clock, so a timeout needs no 30-minute wait."""

    def __init__(self):
        self.now = dt.datetime.now(dt.timezone.utc)

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock(app):
    fake = Clock()
    app.extensions["sessions"]._clock = fake
    return fake


def post(client, url, token=None):
    """A POST sent by JavaScript (no page of its own), with the CSRF token of the page it is on."""
    return client.client.post(url, data={"csrf_token": token or client.token("/en/step/strengths")})


def get_code(client) -> str:
    response = client.submit("/en/save", {})
    assert response.status_code == 200
    match = CODE.search(response.text)
    assert match, "no code shown"
    return match.group(1)


def new_device(app) -> JourneyClient:
    return JourneyClient(app.test_client())


def copy_cookies(source: JourneyClient, app) -> JourneyClient:
    """Another browser holding exactly the cookies `source` has now (a stolen or replayed cookie)."""
    thief = new_device(app)
    for name in ("session", "prep_phone"):
        cookie = source.client.get_cookie(name)
        if cookie is not None:
            thief.client.set_cookie(name, cookie.value)
    return thief


def reads_nothing(device: JourneyClient) -> None:
    for url in ("/en/check", "/en/statement", "/en/statement.pdf", "/en/answers.json", "/en/statement/print",
                "/en/welcome-back"):
        response = device.get(url)
        assert response.status_code in (302, 303), url
        assert "Łucja" not in response.get_data(as_text=True)
    assert "Łucja" not in device.get("/en/step/about-you").text


# --- choosing a number on the first save ---------------------------------------------------


def test_the_first_save_asks_for_a_number_for_this_phone(app):
    parent = JourneyClient(app.test_client(), auto_protect=False)
    response = parent.submit("/en/step/about-you", FULL_JOURNEY["about-you"])
    assert response.location == "/en/protect?next=/en/step/children"
    page = parent.get(response.location).text
    assert "Keep your answers safe on this phone" in page
    assert 'href="/en/save?next=/en/step/children"' in page  # or a code instead
    for number, again, message in [("", "", "Enter a number of 4 to 6 numbers"),
                                   ("12", "12", "Use only numbers, 4 to 6 of them"),
                                   ("1234", "1234", "Choose a number that is harder to guess"),
                                   ("5829", "5828", "The two numbers are not the same")]:
        refused = parent.submit(response.location, {"number": number, "number_again": again})
        assert refused.status_code == 400 and message in refused.text
    chosen = parent.submit(response.location, {"number": PHONE_NUMBER, "number_again": PHONE_NUMBER})
    assert chosen.location == "/en/step/children"
    cookie = chosen.headers["Set-Cookie"]
    assert cookie.startswith("prep_phone=") and "HttpOnly" in cookie and "Max-Age=" in cookie
    # Not asked again on the next steps.
    assert parent.submit("/en/step/children", FULL_JOURNEY["children"]).location == "/en/step/conference"


def test_a_code_instead_of_a_number_is_not_asked_again(app):
    parent = JourneyClient(app.test_client(), auto_protect=False)
    parent.submit("/en/step/about-you", FULL_JOURNEY["about-you"])
    shown = parent.submit("/en/save?next=/en/step/children", {})
    assert CODE.search(shown.text) and 'href="/en/step/children"' in shown.text
    assert parent.submit("/en/step/children", FULL_JOURNEY["children"]).location == "/en/step/conference"


# --- coming back on the same phone ---------------------------------------------------------


def test_after_exit_the_same_phone_gets_back_with_its_number(app, client):
    walk(client, FIRST_STEPS)
    before_exit = copy_cookies(client, app)  # what a copy of the cookie taken now could do later
    response = client.get("/exit")
    assert response.location == app.config["EXIT_URL"]
    reads_nothing(client)  # Back after Exit shows nothing
    reads_nothing(before_exit)  # nor does the cookie from before Exit, replayed

    start = client.get("/en/").text
    first_screen = start.split('class="govuk-heading-xl"')[0]
    assert "You have answers saved on this phone" in first_screen and 'href="/en/unlock"' in first_screen
    back = client.submit("/en/unlock", {"number": PHONE_NUMBER})
    assert back.location == "/en/welcome-back"
    welcome = client.get("/en/welcome-back").text
    assert "Welcome back" in welcome and "Carry on" in welcome
    assert 'href="/en/step/strengths"' in welcome  # the first step not done yet
    assert "Łucja Nowak-Ștefan" in client.get("/en/check").text


def test_five_wrong_numbers_then_only_the_code_works(app, client):
    walk(client, FIRST_STEPS)
    code = get_code(client)
    client.get("/exit")
    for tries_left in (4, 3, 2, 1):
        wrong = client.submit("/en/unlock", {"number": "0007"})
        assert wrong.status_code == 400
        assert f"You have {tries_left} more tr" in wrong.text
    gone = client.submit("/en/unlock", {"number": "0008"})
    assert "Your number no longer works on this phone" in gone.text
    assert "prep_phone=;" in gone.headers["Set-Cookie"]  # the cookie goes too
    assert "You have answers saved on this phone" not in client.get("/en/").text
    assert "No answers are saved on this phone" in client.get("/en/unlock").text
    reads_nothing(client)
    assert client.submit("/en/resume", {"code": code}).location == "/en/welcome-back"
    assert "Łucja Nowak-Ștefan" in client.get("/en/check").text


def test_another_person_on_the_phone_sees_nothing(app, client, clock):
    """After a timeout: a cleared cookie, a guessed number, or the session cookie replayed."""
    walk(client, FIRST_STEPS)
    replayed = copy_cookies(client, app)
    clock.advance(minutes=31)
    assert client.get("/en/check").location == "/en/timed-out"
    reads_nothing(replayed)
    cleared = new_device(app)  # cookies cleared: not even a hint that answers exist
    assert "answers saved on this phone" not in cleared.get("/en/").text
    reads_nothing(cleared)
    for guess in ("1111", "0000", "2580", "1379", "9999"):
        client.submit("/en/unlock", {"number": guess})
    reads_nothing(client)
    assert "No answers are saved on this phone" in client.get("/en/unlock").text  # the right number is too late


# --- the idle timeout ----------------------------------------------------------------------


def test_idle_session_ends_and_says_what_is_true(app, client, clock):
    walk(client)
    clock.advance(minutes=31)
    response = client.get("/en/check")
    assert response.location == "/en/timed-out"
    page = client.get("/en/timed-out").text
    assert "We closed your answers to keep them private" in page
    assert "To see them again on this phone, enter the number you chose." in page
    assert "use the code you were given" not in page  # no code was ever given
    assert client.get("/en/check").location == "/en/"


def test_timed_out_page_with_a_code_and_no_number(app, clock):
    parent = JourneyClient(app.test_client(), auto_protect=False)
    parent.submit("/en/step/about-you", FULL_JOURNEY["about-you"])
    get_code(parent)
    clock.advance(minutes=31)
    parent.get("/en/check")
    page = parent.get("/en/timed-out").text
    assert "use the code you were given" in page and "enter the number you chose" not in page


def test_without_javascript_a_page_left_open_past_the_timeout_still_saves(app, client, clock):
    """The parent typed for 40 minutes without JavaScript, then pressed Save and continue."""
    walk(client, FIRST_STEPS)
    fields = client.form_fields("/en/step/strengths")
    clock.advance(minutes=40)
    long_typing = {**fields, **FULL_JOURNEY["strengths"], "done_well": "Written over forty minutes."}
    response = client.client.post("/en/step/strengths", data=long_typing)
    assert response.location == "/en/timed-out"
    assert client.get("/en/check").location == "/en/"  # the session is over...
    client.submit("/en/unlock", {"number": PHONE_NUMBER})
    assert "Written over forty minutes." in client.get("/en/check").text  # ...and nothing was lost


def test_activity_is_counted_from_pages_not_from_files(app, client, clock):
    walk(client, FIRST_STEPS)
    css = client.get("/en/").text.split('<link rel="stylesheet" href="')[2].split('"')[0]
    for _ in range(4):
        clock.advance(minutes=10)
        assert "Set-Cookie" not in client.get(css).headers  # no cookie from a stylesheet...
        client.get(built_assets()[0])
    assert client.get("/en/check").location == "/en/timed-out"  # ...and no activity either


def test_typing_on_a_page_keeps_the_session(app, client, clock):
    walk(client, FIRST_STEPS)
    for _ in range(5):
        clock.advance(minutes=20)
        assert post(client, "/en/still-here").status_code == 204
    assert client.get("/en/check").status_code == 200


def test_a_quiet_tab_does_not_close_a_session_in_use_elsewhere(app, client, clock):
    walk(client, FIRST_STEPS)
    token = client.token("/en/step/strengths")  # the quiet tab
    clock.advance(minutes=10)
    client.get("/en/step/strengths")  # in use in another tab
    clock.advance(minutes=25)
    assert post(client, "/en/session-check", token).status_code == 204
    clock.advance(minutes=30)
    assert post(client, "/en/session-check", token).status_code == 410
    assert client.get("/en/check").location == "/en/"


def test_a_session_ends_after_twelve_hours_however_busy(app, client, clock):
    walk(client, FIRST_STEPS)
    for _ in range(12 * 3):
        clock.advance(minutes=20)
        client.get("/en/step/strengths")
    clock.advance(minutes=20)
    assert client.get("/en/check").location == "/en/timed-out"


def test_timeout_warning_is_on_pages_with_answers(client):
    assert 'data-module="app-timeout-warning"' not in client.get("/en/").text
    walk(client)
    page = client.get("/en/step/worries").text
    assert 'data-module="app-timeout-warning" data-timeout-seconds="1800"' in page


# --- codes ---------------------------------------------------------------------------------


def test_save_and_come_back_on_another_device(app, client):
    walk(client, FIRST_STEPS)
    response = client.submit("/en/step/strengths", {**FULL_JOURNEY["strengths"], "save_for_later": "1"})
    assert response.status_code == 303 and response.location == "/en/save"
    assert "Get my code" in client.get("/en/save").text
    code = get_code(client)

    phone = new_device(app)
    typed = code.lower().replace("-", " ")  # read aloud, written down loosely
    resumed = phone.submit("/en/resume", {"code": typed})
    assert resumed.location == "/en/welcome-back"
    welcome = phone.get("/en/welcome-back").text
    assert 'href="/en/step/worries"' in welcome and 'href="/en/check"' in welcome
    check = phone.get("/en/check").text
    assert "Łucja Nowak-Ștefan" in check and "We cook together every Sunday." in check


def test_coming_back_after_finishing_goes_to_check_answers(app, client):
    walk(client)
    code = get_code(client)
    phone = new_device(app)
    phone.submit("/en/resume", {"code": code})
    welcome = phone.get("/en/welcome-back").text
    assert "Check your answers" in welcome
    assert re.search(r'href="/en/check"[^>]*class="govuk-button|class="govuk-button[^"]*"[^>]*href="/en/check"',
                     welcome.replace("\n", " "))
    assert not re.search(r"Step \d+ of \d+", welcome)


def test_continue_with_a_code_is_on_the_first_screen(client):
    start = client.get("/en/").text
    assert 'href="/en/resume"' in start.split("govuk-body-l")[0]


def test_wrong_code_gets_one_plain_message(app, client):
    walk(client)
    code = get_code(client)
    wrong = ("A" if code[0] != "A" else "B") + code[1:]
    for attempt in (wrong, "ZZZZZ-ZZZZZ-ZZZZZ"):
        response = new_device(app).submit("/en/resume", {"code": attempt})
        assert response.status_code == 400
        assert "That code did not work. Check it and try again." in response.text


def test_a_new_code_says_first_that_it_replaces_the_old_one(app, client):
    walk(client)
    assert "You already have a code" not in client.get("/en/save").text
    first = get_code(client)
    page = client.get("/en/save").text
    assert "You already have a code. If you get a new one, your old code will stop working." in page
    assert "Get a new code" in page
    second = get_code(client)
    assert first != second
    assert new_device(app).submit("/en/resume", {"code": first}).status_code == 400
    assert new_device(app).submit("/en/resume", {"code": second}).status_code in (302, 303)


# --- delete --------------------------------------------------------------------------------


def test_delete_my_answers_takes_the_code_and_the_phone_unlock(app, client):
    walk(client)
    code = get_code(client)
    other_tab = copy_cookies(client, app)
    assert "Are you sure" in client.get("/en/delete").text
    response = client.submit("/en/delete", {})
    assert response.location == "/en/deleted"
    reads_nothing(client)
    reads_nothing(other_tab)
    assert new_device(app).submit("/en/resume", {"code": code}).status_code == 400
    assert "No answers are saved on this phone" in client.get("/en/unlock").text


def test_statement_page_offers_to_delete(client):
    walk(client)
    assert 'href="/en/delete"' in client.get("/en/statement").text


# --- limits --------------------------------------------------------------------------------


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


def test_new_drafts_are_limited_per_browser_and_per_address(tmp_path):
    app = create_app(app_config(tmp_path, DRAFT_CREATE_SESSION_RATE_LIMIT="2 per hour",
                                DRAFT_CREATE_RATE_LIMIT="4 per hour"))
    # One cookie (with its CSRF token) sent again and again without a session: at most 2 drafts.
    replaying = JourneyClient(app.test_client(), auto_protect=False)
    fields = replaying.form_fields("/en/step/about-you")
    statuses = []
    for _ in range(3):
        statuses.append(replaying.client.post("/en/step/about-you", data={**fields, **FULL_JOURNEY["about-you"]})
                        .status_code)
        with replaying.client.session_transaction() as session:
            session.pop("sid", None)
    assert statuses == [303, 303, 429]
    # Fresh cookies every time: the address limit.
    statuses = [JourneyClient(app.test_client(), auto_protect=False)
                .submit("/en/step/about-you", FULL_JOURNEY["about-you"]).status_code for _ in range(2)]
    assert statuses == [303, 429]


def built_assets():
    """The fingerprinted CSS and JS, which are served before Flask sees the request."""
    return [f"/static/dist/{name}" for name in json.loads((DIST / "manifest.json").read_text()).values()]


def test_security_headers_on_every_route(app, client):
    walk(client)
    urls = ["/", "/exit", "/en/", "/en/check", "/en/statement", "/en/statement.pdf", "/en/answers.json",
            "/en/save", "/en/resume", "/en/delete", "/en/deleted", "/en/timed-out", "/en/import", "/en/unlock",
            "/en/protect", "/en/welcome-back", "/en/language", "/en/paper-form.pdf", "/en/nope"] + built_assets() \
        + [f"/en/step/{s}" for s in FULL_JOURNEY]
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
    for cookie in response.headers.getlist("Set-Cookie"):
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("url", ["/en/save", "/en/resume", "/en/delete", "/en/import", "/en/step/strengths",
                                 "/en/step/strengths/autosave", "/en/still-here", "/en/session-check",
                                 "/en/protect", "/en/unlock"])
def test_post_without_csrf_token_is_refused(app, url):
    device = new_device(app)
    walk(device, {"about-you": FULL_JOURNEY["about-you"]})
    assert device.client.post(url, data={"code": "x"}).status_code == 400


def test_database_holds_no_typed_text(app, client, tmp_path):
    walk(client)
    code = get_code(client)
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("drafts.sqlite3*"))
    for answer in FREE_TEXT_ANSWERS + SHORT_ANSWERS + [code, code.replace("-", ""), PHONE_NUMBER]:
        assert answer.encode() not in raw, answer
        assert answer.encode("utf-16-le") not in raw


def test_cookies_hold_no_answer_code_or_key(app, client):
    walk(client)
    code = get_code(client)
    cookie = client.client.get_cookie("session")
    session = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    assert set(session) <= {"sid", "csrf_token", "large_text", "note_seen", "ended"}
    phone = client.client.get_cookie("prep_phone").value
    for secret in SHORT_ANSWERS + [code, code.replace("-", ""), PHONE_NUMBER]:
        assert secret not in cookie.value and secret not in phone


def test_no_answers_or_codes_in_logs(app, client, caplog):
    caplog.set_level(logging.DEBUG)
    walk(client)
    code = get_code(client)
    new_device(app).submit("/en/resume", {"code": code})
    client.get("/en/statement.pdf")
    client.get("/exit")
    client.submit("/en/unlock", {"number": PHONE_NUMBER})
    client.submit("/en/delete", {})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in FREE_TEXT_ANSWERS + SHORT_ANSWERS + [code, code.replace("-", ""), PHONE_NUMBER]:
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
    assert "Deleted 0 expired draft(s) and 0 ended session(s)." in result.output


def test_production_needs_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        create_app(app_config(tmp_path, APP_ENV="production", SECRET_KEY_FROM_ENV=False))
    started = subprocess.run([sys.executable, "-c", "import app"], capture_output=True, text=True,
                             env={"APP_ENV": "production", "PATH": "/usr/bin:/bin"}, cwd=ROOT)
    assert started.returncode != 0
    assert "SECRET_KEY must be set" in started.stderr
    assert "Traceback" not in started.stderr


def test_development_keeps_one_key_so_codes_survive_a_restart(tmp_path):
    config = {k: v for k, v in app_config(tmp_path).items() if k != "SECRET_KEY"}
    first = create_app(config)
    first.instance_path = str(tmp_path)  # (the key file goes under instance/)
    parent = new_device(first)
    walk(parent, FIRST_STEPS)
    code = get_code(parent)
    again = create_app(config)  # `make run` started again
    assert new_device(again).submit("/en/resume", {"code": code}).status_code == 303


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
    # The session cookie works on either instance too.
    assert "Łucja Nowak-Ștefan" in copy_cookies(on_first, second).get("/en/check").text
