"""Send it to the conference team, and know it arrived.

- /send: check before you send: who receives it (the council's conference team, from the
  profile), what (the chair's copy of the PDF), an optional phone number or email for the
  team to reply, an optional copy to the social worker on one of the profile's domains.
- POST /send: the PDF is made, the message put in the outbox (prep/outbox.py) and tried
  once with a time limit; then /send/sent: the reference (CP-7K4M-Q2), the date and
  time, and what happens next (or that it is still waiting, or was not delivered).

Each press of Send carries a token drawn with the page: the same token (a double click,
a reload) is the same outbox row, the same reference and the same Message-ID, so it is
sent once. The draft keeps a record of each send (reference, time, status); pages
refresh it from the outbox, which tells only whether a message is waiting, given up or
gone (accepted). Nothing here logs an address, a name or an answer.
"""

from __future__ import annotations

import datetime as dt
import secrets

from babel.dates import format_date as babel_format_date
from flask import abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import format_date, format_time, gettext as _, force_locale, to_user_timezone

from . import current_draft, i18n, rate_limits, render_pool, timeline
from .forms import SendForm
from .mail import build_message, message_id_for, team_address
from .resume_codes import ALPHABET
from .saving import limiter

bp = i18n.language_blueprint("sending", __name__)
UTC = dt.timezone.utc
TEST_TEAM_ADDRESS = "conference-team@example.invalid"  # test set-up, when the profile has none


def mail():
    return current_app.extensions["mail"]


def outbox():
    return current_app.extensions["outbox"]


def council():
    return current_app.extensions["council"]


def enabled() -> bool:
    return mail().enabled


def team_email() -> str:
    return council().sending.conference_team_email or TEST_TEAM_ADDRESS


def reference_for(row_id: str) -> str:
    """A short reference a parent can read out on the phone: CP-7K4M-Q2 (no 0/O, 1/I/L, U)."""
    number = int(row_id[:16], 16)
    chars = []
    for _i in range(6):
        number, digit = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[digit])
    return f"CP-{''.join(chars[:4])}-{''.join(chars[4:])}"


# --- the record of sends, kept in the draft ------------------------------------------------


def when(send: dict) -> tuple[str, str]:
    """The date and time the parent pressed Send, in the page's language and UK time."""
    sent_at = dt.datetime.fromisoformat(send["sent_at"])
    return format_date(to_user_timezone(sent_at), "long"), format_time(sent_at, "HH:mm")


def give_up_time(send: dict) -> tuple[str, str]:
    until = dt.datetime.fromisoformat(send["sent_at"]) + dt.timedelta(hours=council().sending.give_up_hours)
    return format_date(to_user_timezone(until), "long"), format_time(until, "HH:mm")


def refresh(draft) -> list[dict]:
    """The draft's sends, with any still waiting brought up to date from the outbox (gone
    from it: accepted; given up: not delivered, and then nothing of it is kept there)."""
    if draft is None or not draft.sends:
        return []
    changes = {}
    for send in draft.sends:
        if send.get("status") == "queued":
            state = outbox().state(send["id"])
            if state == "gone":
                changes[send["id"]] = "sent"
            elif state == "given-up":
                changes[send["id"]] = "not-delivered"
    if changes:
        with current_draft.edit() as editing:
            if editing is not None:
                for send in editing.sends:
                    if send["id"] in changes and send.get("status") == "queued":
                        send["status"] = changes[send["id"]]
                draft.sends = editing.sends
        for row_id, status in changes.items():
            if status == "not-delivered":
                outbox().forget(row_id)
    return draft.sends


def latest_send():
    draft = current_draft.load()
    sends = refresh(draft)
    return sends[-1] if sends else None


def undelivered() -> dict | None:
    """The latest send, if it could not be delivered (for the notice on the parent's pages)."""
    if not enabled() or current_draft.access() is None:
        return None
    if "undelivered" not in g:
        try:
            send = latest_send()
        except Exception:  # noqa: BLE001 - a notice must never break the page it is on
            current_app.logger.exception("could not check the outbox")
            send = None
        g.undelivered = send if send and send.get("status") == "not-delivered" else None
    return g.undelivered


def sent_line(send: dict) -> str:
    date, time = when(send)
    return _("You sent your statement to the conference team on %(date)s at %(time)s. Your reference is "
             "%(reference)s.", date=date, time=time, reference=send["reference"])


def own_copy_rows(draft) -> list[tuple[str, str]]:
    """For the parent's own copy of the PDF: each send as (in the PDF's language, in English)."""
    rows = []
    for send in refresh(draft):
        if send.get("status") != "sent":  # only what the mail server has accepted
            continue
        texts = []
        for locale in (None, i18n.BY_CODE[i18n.DEFAULT].locale):
            if locale is None:
                date, time = when(send)
                texts.append(_("%(date)s at %(time)s, reference %(reference)s", date=date, time=time,
                               reference=send["reference"]))
            else:
                with force_locale(locale):
                    date, time = when(send)
                    texts.append(_("%(date)s at %(time)s, reference %(reference)s", date=date, time=time,
                                   reference=send["reference"]))
        rows.append((texts[0], texts[1]))
    return rows


# --- the deadline ------------------------------------------------------------------------------


def send_by_day(statement) -> dt.date | None:
    about = statement.about if statement else None
    day = about.conference_day if about else None
    if day is None:
        return None
    try:
        return timeline.add_working_days(day, -council().sending.send_by_working_days, council().holiday_subdivision)
    except (ValueError, OverflowError):
        return None


def late_note(statement) -> str | None:
    """When the day to send by has passed: it may be too late, here is what else to do."""
    day = send_by_day(statement)
    if day is None or not timeline.has_passed(day):
        return None
    return _("The date to send your statement by was %(date)s. It may not reach the chair in time. Print it and "
             "bring it to the meeting, or give it to your social worker. You can still send it.",
             date=format_date(day, "long"))


# --- pages ---------------------------------------------------------------------------------------


@bp.route("/send", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SEND_RATE_LIMIT"], methods=["POST"])
def confirm():
    from .views import _ready_statement

    if not enabled():
        abort(404)
    statement, refusal = _ready_statement()
    if refusal:
        return refusal
    domains = council().sending.allowed_domains
    form = SendForm(domains=domains)
    if request.method == "GET":
        form.token.data = secrets.token_hex(16)
    elif form.validate_on_submit():
        if _send(statement, form) is None:
            return redirect(url_for("journey.start"), code=303)
        return redirect(url_for("sending.sent"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("sending/confirm.html", form=form, team=team_email(), domains=domains,
                           test_setup=mail().test_setup, late=late_note(statement),
                           back_url=url_for("journey.statement_page")), status


def _send(statement, form) -> dict | None:
    access = current_draft.access()
    draft = current_draft.load()
    if access is None or draft is None:
        return None
    row_id = outbox().row_id(access.draft_id, form.token.data)
    done = next((s for s in draft.sends if s["id"] == row_id), None)
    if done is not None:  # the same press again (double click, reload): sent once
        return done
    rate_limits.check_sends(access.draft_id)
    reference = reference_for(row_id)
    sent_at = dt.datetime.now(UTC).replace(microsecond=0)
    statement.language = i18n.current().code
    pdf = render_pool.statement_pdf(statement, marking=current_app.config["CONFIDENTIALITY_MARKING"],
                                    council_name=council().name)
    copy_to = form.social_worker.data or ""
    envelope, message = build_message(
        message_id=message_id_for(reference, row_id, mail().sender), sender=mail().sender,
        to=team_address("Child protection conference team", team_email()), cc=copy_to,
        subject=subject(statement, reference), body=body(statement, reference, form.reply_contact.data or "",
                                                          bool(copy_to)),
        attachment=pdf, filename=f"conference-statement-{reference}.pdf", sent_at=sent_at)
    outbox().put(row_id, access.draft_id, envelope, message, message_id_for(reference, row_id, mail().sender),
                 dt.timedelta(hours=council().sending.give_up_hours))
    record = {"id": row_id, "reference": reference, "sent_at": sent_at.isoformat(), "status": "queued",
              "copy_to": copy_to}
    with current_draft.edit() as editing:
        if editing is None:  # deleted in another tab meanwhile: nothing of it is sent
            outbox().forget(row_id)
            return None
        if not any(s["id"] == row_id for s in editing.sends):
            editing.sends.append(record)
    outbox().deliver_soon(row_id, wait=current_app.config["MAIL_TIMEOUT_SECONDS"] + 2)
    return record


@bp.route("/send/sent")
def sent():
    if not enabled():
        abort(404)
    draft = current_draft.load()
    if draft is None:
        return redirect(url_for("journey.start"))
    send = latest_send()
    if send is None:
        return redirect(url_for("journey.statement_page"))
    date, time = when(send)
    until = give_up_time(send)
    return render_template("sending/sent.html", send=send, date=date, time=time, until_date=until[0],
                           until_time=until[1], team=team_email(), test_setup=mail().test_setup,
                           back_url=url_for("journey.statement_page"))


# --- the message (in English: it is for the conference team) ---------------------------------------

CONFERENCE_TYPES = {"initial": "initial child protection conference", "review": "review child protection conference",
                    "pre-birth": "pre-birth child protection conference"}


def _meeting(statement) -> str:
    about = statement.about
    kind = CONFERENCE_TYPES.get(about.conference_type, "child protection conference")
    day = about.conference_day
    return f"{kind} on {babel_format_date(day, 'full', locale='en_GB')}" if day else kind


def subject(statement, reference: str) -> str:
    """Names no one: the reference and the meeting's date are enough to file it."""
    day = statement.about.conference_day
    on = f" on {babel_format_date(day, 'long', locale='en_GB')}" if day else ""
    return f"Parent's statement for a child protection conference{on} - reference {reference}"


def body(statement, reference: str, reply: str, copied: bool) -> str:
    language = i18n.BY_CODE.get(statement.language, i18n.BY_CODE[i18n.DEFAULT])
    lines = [
        "A parent or carer has sent their written statement for a child protection conference.",
        "",
        f"Reference: {reference}",
        f"Meeting: {_meeting(statement)}",
        "The statement is attached as a PDF"
        + ("." if language.code == i18n.DEFAULT else f", written in {language.english_name} with the headings also "
                                                       "in English."),
        "",
        "Please give it to the conference chair, and make sure the social worker sees it before the meeting.",
    ]
    if reply:
        lines += ["", f"The parent would like a reply about their statement at: {reply}"]
    else:
        lines += ["", "The parent did not give a phone number or email address for a reply: please use the details "
                      "you already hold for the family."]
    if copied:
        lines += ["", "At the parent's request, a copy was also sent to their social worker (in Cc)."]
    lines += ["", "This message was sent by Conference prep, the service parents use to prepare for a child "
                  "protection conference. Please do not reply to this address."]
    return "\n".join(lines) + "\n"


def init_app(app):
    app.register_blueprint(bp)
    app.add_template_global(undelivered, "undelivered_send")
    app.add_template_global(enabled, "sending_enabled")
    app.add_template_global(lambda: mail().test_setup, "sending_test_setup")
