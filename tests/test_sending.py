"""Send it to the conference team, and know it arrived: against a real SMTP server on
loopback (aiosmtpd, STARTTLS, a throwaway CA made here), the message arrives once with the
PDF, to the right people, with a subject that names no child; an untrusted certificate is
refused; a server that is down or stuck never holds the page and the command delivers
later; a crash between send and delete sends nothing twice; giving up is told to the
parent; nothing typed is readable in the outbox; limits; settings checked at start-up."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import time

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from prep import create_app, profile
from prep.config import ConfigError
from prep.database import outbox as outbox_table
from prep.outbox import Outbox

from .conftest import JourneyClient, app_config, hidden_fields
from .journey_data import FREE_TEXT_ANSWERS, FULL_JOURNEY, SHORT_ANSWERS, walk
from .smtp_server import PASSWORD, USERNAME, Authority, SilentServer, SmtpServer, free_port

WALES = str(profile.PROFILES / "example-wales.toml")  # conference team and allowed domain set
TEAM = "cp-conferences@example-council.gov.uk"
SOCIAL_WORKER = "sam.okafor@social.example-council.gov.uk"
REPLY = "07700 900456"
REFERENCE = re.compile(r"CP-[A-Z2-9]{4}-[A-Z2-9]{2}")
UTC = dt.timezone.utc


class Clock:
    def __init__(self):
        self.now = dt.datetime.now(UTC)

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += dt.timedelta(**delta)


@pytest.fixture
def authority(tmp_path):
    return Authority(tmp_path / "ca")


@pytest.fixture
def servers():
    started = []

    def start(**kw) -> SmtpServer:
        server = SmtpServer(**kw).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def mail_app(tmp_path, port: int, *, authority=None, security="starttls", login=True, **extra):
    settings = {"COUNCIL_PROFILE": WALES, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(port),
                "MAIL_SECURITY": security, "MAIL_FROM": "Conference prep <conference-prep@example-council.gov.uk>",
                "MAIL_CA_FILE": str(authority.ca_file) if authority else "", "MAIL_TIMEOUT_SECONDS": 2,
                "SEND_RATE_LIMIT": "1000 per minute", "SEND_DRAFT_RATE_LIMIT": "1000 per minute",
                **({"MAIL_USERNAME": USERNAME, "MAIL_PASSWORD": PASSWORD} if login else {})}
    config = app_config(tmp_path, **{**settings, **extra})
    app = create_app(config)
    app.extensions["outbox"]._clock = Clock()
    return app


def parent(app) -> JourneyClient:
    client = JourneyClient(app.test_client())
    walk(client)
    return client


def send(client, lang="en", **fields):
    response = client.submit(f"/{lang}/send", fields)
    assert response.status_code == 303, response.status_code
    return client.get(response.headers["Location"])


def outbox_rows(app):
    with app.extensions["database"].engine.connect() as conn:
        return conn.execute(sa.select(outbox_table)).all()


def run_command(app):
    result = app.test_cli_runner().invoke(args=["prep", "send-outbox"])
    assert result.exit_code == 0, result.output
    return result.output


# --- it arrives, once ----------------------------------------------------------------------------


def test_the_statement_arrives_once_with_the_pdf_to_the_right_people(tmp_path, authority, servers):
    server = servers(authority=authority, login=True)
    app = mail_app(tmp_path, server.port, authority=authority)
    client = parent(app)
    confirm = client.get("/en/send")
    assert confirm.status_code == 200
    assert TEAM in confirm.text and "The child protection conference team" in confirm.text
    assert "test set-up" not in confirm.text
    pressed = {**hidden_fields(confirm.text), "reply_contact": REPLY, "social_worker": SOCIAL_WORKER}

    response = client.client.post("/en/send", data=pressed)
    assert response.status_code == 303
    sent = client.get(response.headers["Location"])
    assert sent.status_code == 200 and "Statement sent" in sent.text
    reference = REFERENCE.search(sent.text).group()

    assert len(server.received) == 1
    got = server.received[0]
    assert got.tls and got.login  # STARTTLS, then login
    assert sorted(got.rcpt_tos) == sorted([TEAM, SOCIAL_WORKER])
    message = got.message
    assert reference in message["Subject"] and "3 February 2027" in message["Subject"]
    for name in ("Amelia", "Nowak", "Łucja", "Baby", "Okafor"):
        assert name not in message["Subject"]
    assert message["Message-ID"].strip().startswith(f"<{reference}.")
    body = message.get_body(("plain",)).get_content()
    assert reference in body and REPLY in body and "Amelia" not in body
    attachments = list(message.iter_attachments())
    assert [a.get_filename() for a in attachments] == [f"conference-statement-{reference}.pdf"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(attachments[0].get_content())).pages)
    squashed = re.sub(r"\s+", " ", text)
    assert "We cook together every Sunday." in squashed and "Łucja Nowak-Ștefan" in squashed
    assert "Dates to remember" not in squashed  # the chair's copy, not the parent's own

    # The same press again (a double click, a reload, a retry): nothing more is sent.
    again = client.client.post("/en/send", data=pressed)
    assert again.status_code == 303 and REFERENCE.search(client.get("/en/send/sent").text).group() == reference
    assert "1 sent" not in run_command(app)
    assert len(server.received) == 1
    assert outbox_rows(app) == []  # accepted: nothing of it is kept

    # A new press of the button is a new message with a new reference.
    second = send(client)
    assert len(server.received) == 2 and REFERENCE.search(second.text).group() != reference
    assert server.received[1].rcpt_tos == [TEAM]


def test_the_reference_and_sent_on_go_on_the_own_copy_and_the_timeline(tmp_path, authority, servers):
    server = servers(authority=authority, login=True)
    app = mail_app(tmp_path, server.port, authority=authority)
    client = parent(app)
    reference = REFERENCE.search(send(client).text).group()
    pdf = client.get("/en/statement.pdf?copy=own")
    text = re.sub(r"\s+", " ", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages))
    assert "Sent to the conference team" in text and reference in text
    chair = client.get("/en/statement.pdf")
    assert reference not in "".join(p.extract_text() for p in PdfReader(io.BytesIO(chair.data)).pages)
    for page in ("/en/timeline", "/en/statement"):
        shown = client.get(page).text
        assert reference in shown and "You sent your statement to the conference team on" in shown, page
    # In Polish too, with the English beside the label in the PDF.
    pdf = client.get("/pl/statement.pdf?copy=own")
    text = re.sub(r"\s+", " ", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages))
    assert reference in text and "Sent to the conference team" in text


def test_plain_smtp_only_to_a_relay_on_this_machine(tmp_path, servers):
    server = servers(mode="plain")
    app = mail_app(tmp_path, server.port, security="none", login=False)
    send(parent(app))
    assert len(server.received) == 1 and not server.received[0].tls
    with pytest.raises(ConfigError, match="only for a relay on this machine"):
        create_app(app_config(tmp_path, COUNCIL_PROFILE=WALES, MAIL_SERVER="smtp.example.com", MAIL_SECURITY="none",
                              MAIL_FROM="prep@example-council.gov.uk"))


def test_implicit_tls_is_verified_too(tmp_path, authority, servers):
    server = servers(mode="tls", authority=authority, login=True)
    app = mail_app(tmp_path, server.port, authority=authority, security="tls")
    assert "Statement sent" in send(parent(app)).text
    assert len(server.received) == 1 and server.received[0].tls


# --- refused, down, stuck ----------------------------------------------------------------------------


def test_a_server_with_an_untrusted_certificate_gets_nothing(tmp_path, authority, servers, caplog):
    stranger = Authority(tmp_path / "other-ca", name="Not the CA this app trusts")
    server = servers(authority=stranger, login=True)
    app = mail_app(tmp_path, server.port, authority=authority)  # trusts only its own CA (and the system's)
    with caplog.at_level(logging.WARNING):
        page = send(parent(app))
    assert server.received == []
    assert "Your statement is waiting to be sent" in page.text
    assert "certificate is not trusted" in caplog.text
    assert [row.state for row in outbox_rows(app)] == ["queued"]


def test_a_server_without_starttls_gets_nothing(tmp_path, servers, caplog):
    server = servers(mode="plain")
    app = mail_app(tmp_path, server.port, login=False)  # starttls required
    with caplog.at_level(logging.WARNING):
        send(parent(app))
    assert server.received == [] and "does not offer STARTTLS" in caplog.text


def test_server_down_then_the_command_delivers_it_later(tmp_path, authority, servers):
    port = free_port()  # nothing listens here yet
    app = mail_app(tmp_path, port, authority=authority)
    client = parent(app)
    page = send(client)
    reference = REFERENCE.search(page.text).group()
    assert "Your statement is waiting to be sent" in page.text and reference in page.text
    assert [row.state for row in outbox_rows(app)] == ["queued"]
    assert "still waiting 1" in run_command(app)  # not due yet: back-off

    server = servers(authority=authority, login=True, port=port)
    app.extensions["outbox"]._clock.advance(minutes=2)
    assert "Sent 1" in run_command(app)
    assert len(server.received) == 1 and reference in server.received[0].message["Subject"]
    assert outbox_rows(app) == []
    assert "Sent 0" in run_command(app) and len(server.received) == 1
    assert "Statement sent" in client.get("/en/send/sent").text


def test_a_stuck_server_does_not_hold_the_page(tmp_path, authority):
    stuck = SilentServer()
    try:
        app = mail_app(tmp_path, stuck.port, authority=authority, MAIL_TIMEOUT_SECONDS=1)
        client = parent(app)
        fields = client.form_fields("/en/send")
        started = time.monotonic()
        response = client.client.post("/en/send", data=fields)
        took = time.monotonic() - started
        assert response.status_code == 303 and took < 5, took
        assert "Your statement is waiting to be sent" in client.get("/en/send/sent").text
    finally:
        stuck.stop()


class Crash(BaseException):
    """The sender process stops dead (power cut, kill -9) at this point."""


def test_a_crash_between_send_and_delete_does_not_send_twice(tmp_path, authority, servers, monkeypatch):
    port = free_port()
    app = mail_app(tmp_path, port, authority=authority)
    client = parent(app)
    send(client)  # server down: queued
    server = servers(authority=authority, login=True, port=port)
    box: Outbox = app.extensions["outbox"]
    box._clock.advance(minutes=2)

    def crash(_row_id):
        raise Crash()

    monkeypatch.setattr(box, "_clear", crash)
    with pytest.raises(Crash):
        box.run()
    assert len(server.received) == 1
    assert [(row.state, row.sealed) for row in outbox_rows(app)] == [("accepted", b"")]
    monkeypatch.undo()

    box._clock.advance(hours=1)
    output = run_command(app)
    assert "Sent 0" in output and "cleared 1" in output
    assert len(server.received) == 1 and outbox_rows(app) == []
    assert "Statement sent" in client.get("/en/send/sent").text


def test_a_crash_before_the_server_answered_sends_it_once_after_the_lease(tmp_path, authority, servers, monkeypatch):
    port = free_port()
    app = mail_app(tmp_path, port, authority=authority)
    send(parent(app))
    server = servers(authority=authority, login=True, port=port)
    box: Outbox = app.extensions["outbox"]
    box._clock.advance(minutes=2)

    def crash(*_args):
        raise Crash()

    monkeypatch.setattr(box.transport, "deliver", crash)
    with pytest.raises(Crash):
        box.run()
    monkeypatch.undo()
    assert [row.state for row in outbox_rows(app)] == ["sending"]
    assert "Sent 0" in run_command(app)  # another sender holds it (its lease has not run out)
    box._clock.advance(minutes=11)
    assert "Sent 1" in run_command(app)
    assert len(server.received) == 1


def test_after_the_give_up_time_the_parent_is_told_on_their_next_visit(tmp_path, authority):
    app = mail_app(tmp_path, free_port(), authority=authority)
    client = parent(app)
    reference = REFERENCE.search(send(client).text).group()
    box: Outbox = app.extensions["outbox"]
    for minutes in (2, 5, 10, 30, 60):
        box._clock.advance(minutes=minutes)
        run_command(app)
    assert [row.state for row in outbox_rows(app)] == ["queued"]
    box._clock.advance(hours=24)
    assert "given up 1" in run_command(app)
    assert [(row.state, row.sealed) for row in outbox_rows(app)] == [("given-up", b"")]  # erased at once

    page = client.get("/en/statement").text
    assert "Your statement was not sent" in page and reference in page
    assert "bring it to the meeting, or give it to your social worker" in page
    assert outbox_rows(app) == []  # told: nothing of it is kept
    assert "Your statement was not sent" in client.get("/en/timeline").text  # until they send again
    sent_page = client.get("/en/send/sent").text
    assert "Your statement was not sent" in sent_page and "/en/send" in sent_page


# --- nothing readable, nothing left ---------------------------------------------------------------


def test_outbox_rows_in_the_raw_database_file_hold_none_of_the_typed_text(tmp_path, authority):
    from .test_drafts import raw_forms

    app = mail_app(tmp_path, free_port(), authority=authority)  # down: the message waits
    client = parent(app)
    send(client, reply_contact="parent-zebra-4471@example.com", social_worker=SOCIAL_WORKER)
    assert len(outbox_rows(app)) == 1
    secrets_ = FREE_TEXT_ANSWERS + SHORT_ANSWERS + ["parent-zebra-4471", SOCIAL_WORKER, TEAM, "Amelia"]
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("drafts.sqlite3"))
    assert len(raw) > 10_000
    for secret in secrets_:
        for form in raw_forms(secret):
            assert form not in raw, secret
    sizes = {len(row.sealed) for row in outbox_rows(app)}
    assert all(size in {4096 << i for i in range(10)} or size % (4096 << 9) == 0 for size in
               {s - 12 - 16 for s in sizes})  # nonce + tag around a padded bucket


def test_deleting_the_answers_deletes_what_is_still_in_the_outbox(tmp_path, authority):
    app = mail_app(tmp_path, free_port(), authority=authority)
    client = parent(app)
    send(client)
    assert "it will not be sent" in client.get("/en/delete").text
    client.submit("/en/delete", {})
    assert outbox_rows(app) == []
    assert "Sent 0, still waiting 0" in run_command(app)


def test_expired_drafts_take_their_outbox_rows_with_them(tmp_path, authority):
    app = mail_app(tmp_path, free_port(), authority=authority)
    send(parent(app))
    store = app.extensions["drafts"]
    store._clock = lambda: dt.datetime.now(UTC) + dt.timedelta(days=60)
    assert store.purge() == 1
    assert outbox_rows(app) == []


def test_no_answers_addresses_or_names_in_the_logs(tmp_path, authority, servers, caplog):
    server = servers(authority=authority, login=True)
    app = mail_app(tmp_path, server.port, authority=authority)
    with caplog.at_level(logging.DEBUG):
        client = parent(app)
        send(client, reply_contact=REPLY, social_worker=SOCIAL_WORKER)
        stranger = Authority(tmp_path / "other", name="stranger")
        bad = servers(authority=stranger)
        other = mail_app(tmp_path / "b", bad.port, authority=authority)
        send(parent(other), social_worker=SOCIAL_WORKER)
    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("mail.log"))  # not the test server's
    assert "accepted by the mail server" in logged and "certificate" in logged
    for secret in FREE_TEXT_ANSWERS + SHORT_ANSWERS + [REPLY, SOCIAL_WORKER, TEAM, "example-council", PASSWORD]:
        assert secret not in logged, secret


# --- the page ------------------------------------------------------------------------------------------


def test_a_copy_only_to_an_address_on_the_profiles_domains(tmp_path, authority, servers):
    server = servers(authority=authority, login=True)
    app = mail_app(tmp_path, server.port, authority=authority)
    client = parent(app)
    for wrong, message in [("sam@gmail.com", "We can only send a copy to an email address ending in "
                                             "@example-council.gov.uk"),
                           ("sam@example-council.gov.uk.evil.com", "We can only send a copy"),
                           ("sam@notexample-council.gov.uk", "We can only send a copy"),
                           ("not an address", "Enter your social worker")]:
        response = client.submit("/en/send", {"social_worker": wrong, "reply_contact": "phone me"})
        assert response.status_code == 400 and message in response.text, wrong
        assert "Enter a phone number, like 07700 900 982, or an email address" in response.text
        assert server.received == []
    assert send(client, social_worker="Sam@Example-Council.gov.uk").status_code == 200
    assert server.received[0].rcpt_tos == [TEAM, "Sam@Example-Council.gov.uk"]


def test_without_allowed_domains_no_copy_is_offered_or_sent(tmp_path):
    app = create_app(app_config(tmp_path, MAIL_OUTBOX_DIR=str(tmp_path / "outbox")))  # england: no domains
    client = parent(app)
    assert 'name="social_worker"' not in client.get("/en/send").text
    send(client, social_worker="someone@anywhere.example")
    (eml,) = (tmp_path / "outbox").iterdir()
    assert b"someone@anywhere" not in eml.read_bytes()


def test_the_test_set_up_writes_an_eml_file_and_says_so(tmp_path):
    app = create_app(app_config(tmp_path, MAIL_OUTBOX_DIR=str(tmp_path / "outbox")))
    client = parent(app)
    assert "Send it to the conference team (test set-up)" in client.get("/en/statement").text
    confirm = client.get("/en/send").text
    assert "Send your statement (test set-up)" in confirm and "This is a test set-up" in confirm
    page = send(client)
    reference = REFERENCE.search(page.text).group()
    assert "Statement sent" in page.text and "This is a test set-up" in page.text
    (eml,) = (tmp_path / "outbox").iterdir()
    assert eml.name.startswith(reference) and eml.suffix == ".eml"
    assert oct(eml.stat().st_mode & 0o777) == "0o600"
    assert b"application/pdf" in eml.read_bytes()
    assert outbox_rows(app) == []


def test_sending_is_offered_only_when_the_statement_can_be_made(tmp_path):
    app = create_app(app_config(tmp_path, MAIL_OUTBOX_DIR=str(tmp_path / "outbox")))
    client = JourneyClient(app.test_client())
    client.submit("/en/step/about-you", {"your_name": "Test", "relationship": "mother"})
    assert client.get("/en/send").status_code == 409
    assert "/en/send" not in client.get("/en/check").text
    walk(client)
    assert "/en/send" in client.get("/en/check").text
    fields = client.form_fields("/en/send")
    # Unfinished again (a date that is not a real date): the button refuses, nothing is written.
    client.submit("/en/step/conference", {**FULL_JOURNEY["conference"], "conference_date-day": "31",
                                          "conference_date-month": "2"})
    assert client.client.post("/en/send", data=fields).status_code == 409
    assert not (tmp_path / "outbox").exists()


def test_in_production_without_a_mail_server_sending_is_off(tmp_path):
    app = create_app(app_config(tmp_path, APP_ENV="production", SECRET_KEY_FROM_ENV=True, TRUSTED_HOSTS=["localhost"],
                                SESSION_COOKIE_SECURE=False))
    client = parent(app)
    assert "/en/send" not in client.get("/en/statement").text
    assert client.get("/en/send").status_code == 404


def test_the_send_by_date_is_on_the_timeline_and_when_late_the_page_says_what_to_do(tmp_path):
    app = create_app(app_config(tmp_path, MAIL_OUTBOX_DIR=str(tmp_path / "outbox")))
    client = parent(app)  # a review on Wednesday 3 February 2027
    timeline = client.get("/en/timeline").text
    assert "Send your statement to the conference team" in timeline
    assert "By Tuesday, 2 February 2027" in timeline
    assert "at least 1 working day before the meeting" in timeline
    late = "The date to send your statement by was 2 February 2027"
    if dt.date.today() > dt.date(2027, 2, 2):
        assert late in client.get("/en/statement").text
    # A meeting tomorrow-ish, already past its send-by date: late, and still sendable.
    soon = dt.date.today() + dt.timedelta(days=1)
    client.submit("/en/step/conference", {**FULL_JOURNEY["conference"], "conference_date-day": str(soon.day),
                                          "conference_date-month": str(soon.month),
                                          "conference_date-year": str(soon.year)})
    from prep.timeline import add_working_days
    by = add_working_days(soon, -1, "ENG")
    if by < dt.date.today():
        for page in ("/en/statement", "/en/send"):
            text = client.get(page).text
            assert "The date to send your statement by was" in text and "You can still send it." in text, page
        assert "Statement sent" in send(client).text


def test_the_real_limits_per_draft_and_per_address(tmp_path):
    app = create_app(app_config(tmp_path, MAIL_OUTBOX_DIR=str(tmp_path / "outbox"), SEND_DRAFT_RATE_LIMIT="2 per hour"))
    client = parent(app)
    send(client)
    send(client)
    assert client.submit("/en/send", {}).status_code == 429
    assert len(list((tmp_path / "outbox").iterdir())) == 2

    other = tmp_path / "other"
    other.mkdir()
    app = create_app(app_config(other, MAIL_OUTBOX_DIR=str(other / "outbox"), SEND_RATE_LIMIT="1 per minute"))
    first, second = parent(app), parent(app)
    send(first)
    assert second.submit("/en/send", {}).status_code == 429


@pytest.mark.parametrize("settings,message", [
    ({"COUNCIL_PROFILE": None}, "has no sending.conference_team_email"),
    ({"MAIL_FROM": ""}, "MAIL_FROM must be the address statements are sent from"),
    ({"MAIL_SECURITY": "ssl"}, "MAIL_SECURITY must be one of starttls, tls, none"),
    ({"MAIL_USERNAME": "relay"}, "MAIL_USERNAME and MAIL_PASSWORD go together"),
    ({"MAIL_PORT": "smtp"}, "MAIL_PORT must be a port number"),
    ({"MAIL_CA_FILE": "/nowhere/ca.pem"}, "MAIL_CA_FILE /nowhere/ca.pem does not exist"),
])
def test_sending_switched_on_with_incomplete_settings_stops_the_app(tmp_path, settings, message):
    config = app_config(tmp_path, COUNCIL_PROFILE=WALES, MAIL_SERVER="smtp.example-council.gov.uk",
                        MAIL_FROM="prep@example-council.gov.uk")
    config.update(settings)
    with pytest.raises(ConfigError) as caught:
        create_app(config)
    assert message in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("old,new,message", [
    ('conference_team_email = ""', 'conference_team_email = "two@a.gov.uk, three@b.gov.uk"',
     "sending.conference_team_email: must be one email address"),
    ("allowed_domains = []", 'allowed_domains = ["@gmail"]', "sending.allowed_domains: '@gmail' is not a domain"),
    ("send_by_working_days = 1", "send_by_working_days = 30", "sending.send_by_working_days: must be between 0"),
    ("give_up_hours = 24", "give_up_hours = 0", "sending.give_up_hours: must be between 1"),
])
def test_a_bad_sending_profile_value_names_the_key(tmp_path, old, new, message):
    from .test_profile import write_profile

    with pytest.raises(ConfigError, match=re.escape(message)):
        create_app(app_config(tmp_path, COUNCIL_PROFILE=str(write_profile(tmp_path, old, new))))


def test_app_py_says_it_in_one_line(tmp_path):
    import subprocess
    import sys

    from .test_profile import ROOT

    env = {"PATH": "/usr/bin:/bin", "MAIL_SERVER": "smtp.example-council.gov.uk", "MAIL_FROM": "p@example.gov.uk",
           "SECRET_KEY": "x" * 40, "DATABASE_URL": f"sqlite:///{tmp_path}/d.sqlite3"}
    result = subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("Conference prep cannot start: MAIL_SERVER is set but the council profile")
