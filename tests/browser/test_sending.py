"""Sending the statement to the conference team, in a real browser on a 360 x 740 phone, in
English and in Urdu (right to left): from the statement page, check before you send, the
sent page with its reference, the reference on the parent's own copy and on the dates
page. The live server has no mail server, so the message is written as an .eml file (the
test set-up); tests/test_sending.py sends through a real SMTP server."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from ..pdf_fixtures import pdf_text, reader, squash
from .journey import PHONE, journey_for, submit, walk_quickly
from .test_screenshots import OVERFLOW

REFERENCE = re.compile(r"CP-[A-Z2-9]{4}-[A-Z2-9]{2}")


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_send_journey_on_a_phone(new_context, live_server, request_log, lang, screenshot_dir):
    t = lambda text: live_server.translate(lang, text)  # noqa: E731
    context = new_context(viewport=PHONE)
    walk_quickly(context, lang)
    page = context.new_page()
    page.goto(f"/{lang}/statement")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ur" else "ltr")

    # The statement page offers it, saying it is a test set-up.
    send_button = page.get_by_role("button", name=t("Send it to the conference team (test set-up)"))
    if not send_button.count():
        send_button = page.get_by_role("link", name=t("Send it to the conference team (test set-up)"))
    with page.expect_navigation():
        send_button.click()
    assert page.url.endswith(f"/{lang}/send")

    # Check before you send: who gets it, what, that it is a test set-up; nothing scrolls sideways.
    main = page.locator("main").inner_text()
    assert t("Check before you send your statement") in main
    assert t("The child protection conference team") in main and "conference-team@example.invalid" in main
    assert t("This is a test set-up. Nothing is sent by email: the message is saved in a folder on this computer.") in main
    assert page.evaluate(OVERFLOW) == []
    page.screenshot(path=screenshot_dir / f"send-confirm-{lang}-360.png", full_page=True)

    # A reply number that is not a number: a message next to the box, nothing sent.
    page.locator("#reply_contact").fill("phone me")
    response = submit(page, "main form button.govuk-button")
    assert response.status == 400
    assert page.locator("#reply_contact-error").is_visible()
    page.locator("#reply_contact").fill("07700 900982")
    response = submit(page, "main form button.govuk-button")
    assert response.ok and page.url.endswith(f"/{lang}/send/sent")

    # Sent: the reference, the date and time, what happens next.
    panel = page.locator(".govuk-panel").inner_text()
    assert t("Statement sent") in panel
    reference = REFERENCE.search(panel).group()
    main = page.locator("main").inner_text()
    assert t("What happens next") in main and re.search(r"\d\d:\d\d", main)
    assert page.evaluate(OVERFLOW) == []
    page.screenshot(path=screenshot_dir / f"send-sent-{lang}-360.png", full_page=True)

    # The message was written once, with the PDF, and names no child in its subject.
    outbox = Path(live_server.app.extensions["mail"].outbox_dir)
    (eml,) = [p for p in outbox.glob(f"{reference}.*.eml")]
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert reference in message["Subject"]
    child = journey_for(lang)["children"]["children-0-name"]
    assert child not in message["Subject"]
    (attachment,) = message.iter_attachments()
    assert len(reader(attachment.get_content()).pages) >= 2
    if lang == "en":  # (shaped Urdu does not come back out of a PDF as typed; tests/test_pdf.py covers it)
        assert squash(journey_for(lang)["next-steps"]["after_conference"]) in squash(pdf_text(attachment.get_content()))

    # The parent's own copy carries the reference; so do the statement and dates pages.
    with page.expect_download() as download:
        page.locator("a[href$='statement.pdf?copy=own']").first.click()
    own = Path(download.value.path()).read_bytes()
    assert reference in squash(pdf_text(own))
    for path in (f"/{lang}/statement", f"/{lang}/timeline"):
        page.goto(path)
        assert reference in page.locator("main").inner_text(), path
    assert request_log.offsite == [], "requests left the app's origin:\n" + "\n".join(request_log.offsite)
