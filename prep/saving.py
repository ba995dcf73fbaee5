"""Keeping answers and getting back to them: the phone unlock, codes, welcome back,
delete, quick exit and the idle timeout."""

from __future__ import annotations

import datetime as dt

from flask import current_app, g, redirect, render_template, request, session, url_for
from flask_babel import format_date, gettext as _, ngettext
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from . import current_draft, i18n
from .forms import ConfirmDeleteForm, PhoneNumberForm, ResumeForm, SaveForm, UnlockForm
from .redirects import local_path
from .resume_codes import format_code
from .steps import STEPS, STEPS_BY_ID

bp = i18n.language_blueprint("saving", __name__)
limiter = Limiter(key_func=get_remote_address, default_limits=[])


# --- protecting a new draft ------------------------------------------------------------------


@bp.route("/protect", methods=["GET", "POST"])
def protect():
    """The first time answers are saved: choose a number to get back to them on this phone
    (or get a code to write down instead)."""
    draft = current_draft.load()
    next_url = local_path(request.args.get("next")) or url_for("journey.check")
    if draft is None:
        return redirect(url_for("journey.start"))
    form = PhoneNumberForm()
    if form.validate_on_submit():
        current_draft.remember_phone(form.number.data)
        return redirect(next_url, code=303)
    other_answers = current_draft.phone_tries_left() > 0 and not current_draft.phone_opens_this_draft()
    status = 400 if request.method == "POST" else 200
    return render_template("saving/protect.html", form=form, next_url=next_url, other_answers=other_answers,
                           code_url=url_for("saving.code", next=next_url)), status


# --- coming back on the same phone -------------------------------------------------------


@bp.route("/unlock", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["UNLOCK_RATE_LIMIT"], methods=["POST"])
def unlock():
    tries = current_draft.phone_tries_left()
    if tries == 0:
        return render_template("saving/unlock_gone.html", back_url=url_for("journey.start"))
    form = UnlockForm()
    if form.validate_on_submit():
        result = current_draft.phones().unlock(current_draft.phone_secret(), form.number.data)
        if result.access is not None:
            current_draft.open_session(result.access)
            return redirect(url_for("saving.welcome_back"), code=303)
        if result.tries_left == 0:
            current_draft.forget_phone()
            return render_template("saving/unlock_gone.html", too_many=True, back_url=url_for("journey.start"))
        form.number.errors.append(ngettext(
            "That number is not right. You have %(num)d more try.",
            "That number is not right. You have %(num)d more tries.", result.tries_left))
    status = 400 if request.method == "POST" else 200
    return render_template("saving/unlock.html", form=form, back_url=url_for("journey.start")), status


@bp.route("/welcome-back")
def welcome_back():
    """After the phone unlock or a code: what is done, what is left, and where to carry on."""
    from .step_saving import needs_attention

    draft = current_draft.load()
    if draft is None:
        return redirect(url_for("journey.start"))
    attention = needs_attention(draft)
    to_fix = {item.step.id for item in attention}
    rows = []
    for step in STEPS:
        if step.id in to_fix:
            status = "attention"
        elif step.id in draft.visited:
            status = "done"
        else:
            status = "todo"
        rows.append((step, status))
    unvisited = [step for step in STEPS if step.id not in draft.visited]
    if unvisited:
        carry_on = url_for("journey.step", step_id=unvisited[0].id)
    else:
        carry_on = url_for("journey.check")
    return render_template("saving/welcome_back.html", rows=rows, carry_on=carry_on,
                           all_visited=not unvisited, attention=attention)


# --- codes -------------------------------------------------------------------------------


@bp.route("/save", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["CODE_RATE_LIMIT"], methods=["POST"])
def code():
    """Explain (saying first if it replaces an earlier code), then on POST show a new
    resume code once."""
    draft = current_draft.load()
    if draft is None:
        return redirect(url_for("journey.start"))
    next_url = local_path(request.args.get("next"))
    form = SaveForm()
    if not form.validate_on_submit():
        return render_template("saving/save.html", form=form, replaces=draft.code_issued,
                               back_url=next_url or url_for("journey.check"))
    new_code = current_draft.drafts().issue_code(current_draft.access())
    if new_code is None:
        current_draft.end_session("gone")
        return redirect(url_for("journey.start"))
    g.pop("draft", None)
    step = STEPS_BY_ID.get(draft.step_id)
    carry_on = next_url or (url_for("journey.step", step_id=step.id) if step else url_for("journey.check"))
    return render_template("saving/code.html", code=format_code(new_code), keep_until=keep_until(draft.statement),
                           carry_on=carry_on)


def keep_until(statement) -> str:
    """The last day the draft will be kept if nothing changes (mirrors the store's rule)."""
    expires_on = current_draft.drafts().expires_on(statement)
    return format_date(expires_on - dt.timedelta(days=1), "long")


@bp.route("/resume", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESUME_RATE_LIMIT"], methods=["POST"])
def resume():
    form = ResumeForm()
    if form.validate_on_submit():
        found = current_draft.drafts().resume(form.code.data)
        if found is not None:
            new_access, _draft = found
            current_draft.open_session(new_access)
            return redirect(url_for("saving.welcome_back"), code=303)
        form.code.errors.append(_("That code did not work. Check it and try again. Codes stop working "
                                  "%(days)s days after your last change, or after the meeting.",
                                  days=current_app.config["DRAFT_IDLE_DAYS"]))
    status = 400 if request.method == "POST" else 200
    return render_template("saving/resume.html", form=form, back_url=url_for("journey.start")), status


# --- deleting, leaving, timing out ----------------------------------------------------------


@bp.route("/delete", methods=["GET", "POST"])
def delete():
    current = current_draft.access()
    if current is None:
        return redirect(url_for("journey.start"))
    form = ConfirmDeleteForm()
    if form.validate_on_submit():
        current_draft.drafts().delete(current.draft_id)  # with every session and phone unlock
        if current_draft.phone_tries_left() == 0:
            current_draft.forget_phone()
        current_draft.end_session("deleted")
        return redirect(url_for("saving.deleted"), code=303)
    from .sending import refresh

    waiting = any(s.get("status") == "queued" for s in refresh(current_draft.load()))
    return render_template("saving/delete.html", form=form, waiting=waiting, back_url=url_for("journey.check"))


@bp.route("/deleted")
def deleted():
    return render_template("saving/deleted.html")


@bp.route("/timed-out")
def timed_out():
    """Say exactly what is true for this parent: how to get back, if they can."""
    ended = session.get("ended") or {}
    return render_template("saving/timed_out.html", minutes=current_app.config["SESSION_IDLE_MINUTES"],
                           phone=bool(ended.get("phone")) and current_draft.phone_tries_left() > 0,
                           has_code=bool(ended.get("code")), known=bool(ended))


@bp.route("/still-here", methods=["POST"])
def still_here():
    """Activity from a page (typing, or 'Stay on this page'): the idle clock starts again
    (check_session has done it). 410 when the session had already ended."""
    return ("", 204) if current_draft.access() is not None else ("", 410)


@bp.route("/session-check", methods=["POST"])
def session_check():
    """A quiet page's idle time is up (JavaScript asks; not itself activity). The session
    ends unless another tab of it was in use lately: 204 it goes on, 410 it has ended."""
    if current_draft.recently_active():
        return ("", 204)
    if current_draft.state() is not None:
        current_draft.end_session("timeout")
    return ("", 410)


def exit_page():
    """Quick exit: end this browser's session at once and go to a neutral site. The
    answers stay saved (sealed) for the phone unlock or the code; this cookie can no
    longer open them. A page's last words, sent as it leaves, may still be saved for a
    few seconds (prep.browser_sessions)."""
    current_draft.end_session("exit")
    return redirect(current_app.config["EXIT_URL"])


def ping():
    """Is there signal? (JavaScript asks before sending a form.) No cookie, no session."""
    return ("", 204)


def check_session():
    """Before every page: count the parent's activity, or end a session left alone."""
    if request.endpoint in current_draft.PASSIVE:
        return None
    current = current_draft.state()
    if current is None:
        return None
    if current.live:
        if request.args.get("then") != "timeout":  # a quiet tab's last save is not activity
            current_draft.touch()
        return None
    if request.method == "POST" and request.endpoint in ("journey.step", "journey.autosave"):
        return None  # the page's answers are saved first (write-only), then the session ends
    if current.status == "ended":  # just after Exit: this cookie opens nothing any more
        session.pop("sid", None)
        g.session_state = None
        return None
    current_draft.end_session("timeout")
    if request.endpoint == "saving.still_here":
        return ("", 410)
    return redirect(url_for("saving.timed_out", lang=g.get("lang") or i18n.DEFAULT))


def init_app(app):
    limiter.init_app(app)
    app.add_url_rule("/exit", "exit_page", exit_page)
    app.add_url_rule("/ping", "ping", ping)
    app.before_request(check_session)
    app.after_request(current_draft.write_phone_cookie)
    app.register_blueprint(bp)
