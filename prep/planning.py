"""Before the meeting: the dated timeline (with a calendar file) and the checklist."""

from __future__ import annotations

import datetime as dt

from flask import Response, current_app, redirect, render_template, request, url_for
from flask_babel import format_date, gettext as _

from . import calendar_file, current_draft, i18n, timeline
from .checklist import GROUPS
from . import rate_limits
from .drafts import Draft, DraftStoreUnavailable
from .forms import ChecklistForm
from .statement import Statement
from .steps import STEPS

timeline_bp = i18n.language_blueprint("timeline", __name__)
checklist_bp = i18n.language_blueprint("checklist", __name__)

def conference_events(statement: Statement | None) -> list[timeline.Event] | None:
    """The timeline for this draft, or None while the type or date is not given."""
    about = statement.about if statement else None
    if not about or not about.conference_type or not about.conference_day:
        return None
    try:
        return timeline.build(about.conference_type, about.conference_day, current_app.extensions["council"])
    except (ValueError, OverflowError):  # a meeting so far ahead its review would be after the year 9999
        return None


def past_date_message(statement: Statement | None) -> str | None:
    """A gentle note when the conference date given is already in the past."""
    day = statement.about.conference_day if statement else None
    if day and timeline.has_passed(day):
        return _("The date you gave for the conference, %(date)s, has passed. If the meeting has moved, "
                 "change the date.", date=format_date(day, "long"))
    return None


@timeline_bp.route("/timeline")
def page():
    statement = current_draft.statement()
    events = conference_events(statement)
    council = current_app.extensions["council"]
    undated = None
    if events is None and statement is not None and statement.about.conference_date_unknown \
            and statement.about.conference_type:
        undated = timeline.undated(statement.about.conference_type, council)
    from . import sending

    draft = current_draft.load()
    done = [s for s in sending.refresh(draft) if s.get("status") == "sent"]
    return render_template(
        "planning/timeline.html", events=events, undated=undated, today=dt.date.today(),
        sent_line=sending.sent_line(done[-1]) if done else None,
        send_url=url_for("sending.confirm") if sending.enabled() and draft is not None else None,
        past_note=past_date_message(statement),
        nations=_nation_names(), nation=council.nation,
        change_url=url_for("journey.step", step_id="conference"), back_url=url_for("guidance.index"))


@timeline_bp.route("/timeline.ics")
def calendar():
    events = conference_events(current_draft.statement())
    if events is None:
        return redirect(url_for("timeline.page"))
    wanted = [event for event in events if event.calendar_title]
    return Response(calendar_file.ics(wanted), mimetype="text/calendar", headers={
        "Content-Disposition": 'attachment; filename="conference-dates.ics"'})


def _nation_names():
    return {"england": _("England"), "wales": _("Wales"), "scotland": _("Scotland"),
            "northern-ireland": _("Northern Ireland")}


@checklist_bp.app_template_global()
def checklist_items(ticked: list[str]):
    """(group, GOV.UK checkbox items) for each stage of the checklist."""
    return [(group, [{"value": item_id, "text": str(text), "checked": item_id in ticked}
                     for item_id, text in group.items]) for group in GROUPS]


@checklist_bp.route("/checklist", methods=["GET", "POST"])
def page():  # noqa: F811 - each blueprint has its own "page" endpoint
    draft = current_draft.load()
    statement = draft.statement if draft else Statement()
    notice = None
    saved = request.args.get("saved") == "1"
    if request.method == "GET":
        form = ChecklistForm(data={"ticked": statement.checklist})
        return render_template("planning/checklist.html", form=form, saved=saved,
                               back_url=url_for("guidance.index"))
    form = ChecklistForm()
    if form.validate():
        try:
            with current_draft.edit() as editing:
                if editing is not None:
                    editing.statement.checklist = list(form.ticked.data)
            if editing is None:
                rate_limits.check_draft_creation()
                current_draft.start(Draft(Statement(checklist=list(form.ticked.data)), step_id=STEPS[0].id))
        except DraftStoreUnavailable:
            notice = _("We could not save your ticks just now. Wait a few minutes, then press the button again.")
        else:
            return redirect(url_for("checklist.page", saved="1"), code=303)
    return render_template("planning/checklist.html", form=form, notice=notice,
                           back_url=url_for("guidance.index")), (503 if notice else 400)
