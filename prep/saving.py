"""Save and come back later, resume on any device, delete, quick exit, timeouts."""

from __future__ import annotations

import datetime as dt
import time

from flask import current_app, g, redirect, render_template, request, session, url_for
from flask_babel import format_date, gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from . import current_draft, i18n
from .forms import ConfirmDeleteForm, ResumeForm, SaveForm
from .resume_codes import format_code
from .steps import STEPS_BY_ID

bp = i18n.language_blueprint("saving", __name__)
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@bp.route("/save", methods=["GET", "POST"])
def code():
    """Explain, then (on POST) show a new resume code once. A new code replaces
    the old one, so nothing server-side ever has to remember it."""
    if current_draft.access() is None:
        return redirect(url_for("journey.start"))
    form = SaveForm()
    if not form.validate_on_submit():
        return render_template("saving/save.html", form=form, back_url=url_for("journey.check"))
    issued = current_draft.store().issue_code(current_draft.access())
    if issued is None:
        current_draft.forget()
        return redirect(url_for("saving.timed_out"))
    new_code, new_access = issued
    current_draft.remember(new_access)
    draft = current_draft.load()
    return render_template("saving/code.html", code=format_code(new_code),
                           keep_until=keep_until(draft.statement) if draft else None,
                           step=STEPS_BY_ID.get(draft.step_id) if draft else None)


def keep_until(statement) -> str:
    """The day the draft will be deleted if nothing changes (mirrors the store's rule)."""
    until = dt.date.today() + dt.timedelta(days=current_app.config["DRAFT_IDLE_DAYS"])
    meeting = statement.about.conference_day
    if meeting and meeting < until:  # (a meeting in the year 9999 plus the days after it would overflow)
        until = min(until, meeting + dt.timedelta(days=current_app.config["DRAFT_DAYS_AFTER_CONFERENCE"]))
    return format_date(until, "long")


@bp.route("/resume", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESUME_RATE_LIMIT"], methods=["POST"])
def resume():
    form = ResumeForm()
    if form.validate_on_submit():
        found = current_draft.store().resume(form.code.data)
        if found is not None:
            new_access, draft = found
            current_draft.remember(new_access)
            return redirect(url_for("journey.step", step_id=draft.step_id if draft.step_id in STEPS_BY_ID
                                    else next(iter(STEPS_BY_ID))))
        form.code.errors.append(_("That code did not work. Check it and try again. Codes stop working "
                                  "%(days)s days after your last change, or after the meeting.",
                                  days=current_app.config["DRAFT_IDLE_DAYS"]))
    status = 400 if request.method == "POST" else 200
    return render_template("saving/resume.html", form=form, back_url=url_for("journey.start")), status


@bp.route("/delete", methods=["GET", "POST"])
def delete():
    if current_draft.access() is None:
        return redirect(url_for("journey.start"))
    form = ConfirmDeleteForm()
    if form.validate_on_submit():
        current_draft.store().delete(current_draft.access())
        current_draft.forget()
        return redirect(url_for("saving.deleted"), code=303)
    return render_template("saving/delete.html", form=form, back_url=url_for("journey.check"))


@bp.route("/deleted")
def deleted():
    return render_template("saving/deleted.html")


@bp.route("/timed-out")
def timed_out():
    return render_template("saving/timed_out.html",
                           minutes=current_app.config["SESSION_IDLE_MINUTES"])


@bp.route("/still-here", methods=["POST"])
def still_here():
    """The timeout warning's 'Stay on this page' button (JavaScript only)."""
    return ("", 204)


def exit_page():
    """Quick exit: forget this browser's session and go to a neutral site.
    The answers stay saved (encrypted) for the parent's code; nothing here can show them."""
    session.clear()
    return redirect(current_app.config["EXIT_URL"])


def check_idle():
    """End a session left alone too long; the next page explains and offers the code."""
    if request.endpoint in (None, "static"):
        return None
    now = time.time()
    idle = current_app.config["SESSION_IDLE_MINUTES"] * 60
    last = session.get("seen")
    session["seen"] = int(now)
    if current_draft.access() is not None and last and now - last > idle:
        current_draft.forget()
        lang = g.get("lang") or i18n.DEFAULT
        return redirect(url_for("saving.timed_out", lang=lang))
    return None


def init_app(app):
    limiter.init_app(app)
    app.add_url_rule("/exit", "exit_page", exit_page)
    app.before_request(check_idle)
    app.register_blueprint(bp)
