"""The order of the journey, defined once.

Navigation, the "Step 3 of 11" progress line, the check-answers page and the
order of sections in the PDF are all derived from STEPS.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Callable

from flask_babel import format_date, lazy_gettext as _l, gettext as _

from . import forms, questions as q
from .bidi import isolate
from .spoken_languages import in_current_locale
from .statement import Statement


@dataclass(frozen=True)
class Row:
    """One answer as a person reads it: a question and what was said."""

    label: object  # the question, as put to the parent
    value: str | None  # None: left blank
    field: str  # id of the form field, so a Change link can jump to it
    # The label in the chair's copy of the PDF, about the parent rather than to
    # them ("Parent or carer" for "Your full name"); None: the question itself.
    chair_label: object = None
    # In the chair's copy, this row is on page one (the interpreter), not in its section.
    page_one: bool = False
    # A point about the social worker's report (the PDF puts these in one numbered table),
    # or a photo of the child's drawing (shown as the picture with its description).
    point: object = None
    drawing: object = None
    number: int = 0


@dataclass(frozen=True)
class Step:
    id: str  # URL slug
    title: object
    form: type
    template: str
    rows: Callable[[Statement], list[Row]]
    # The chair's top block in the PDF (who, which children, which conference),
    # rather than a section of its own.
    top_block: bool = False
    optional: bool = False
    # Said in the PDF's top block when every answer on this step is blank.
    blank_summary: object = None
    # The step takes a photo (a file box): its form is sent as multipart/form-data, with a
    # larger size limit (prep.uploads).
    uploads: bool = False
    # The section's heading in the PDF, when not the step's title.
    pdf_title: object = None

    @property
    def number(self) -> int:
        return STEPS.index(self) + 1

    @property
    def heading(self):
        """The section's heading in the PDF (and its outline)."""
        return self.pdf_title or self.title


def _text(value: str) -> str | None:
    return value if value.strip() else None


def _free_text_rows(question_set):
    def rows(statement: Statement) -> list[Row]:
        return [
            Row(qn.label, _text(getattr(statement.section(qn.section), qn.key)), qn.key)
            for qn in question_set
        ]
    return rows


def has_latin_letters(text: str) -> bool:
    return any(ch.isalpha() and "LATIN" in unicodedata.name(ch, "") for ch in text)


def needs_latin_name(name: str) -> bool:
    """A name with letters but none a chair reading English can read."""
    return any(ch.isalpha() for ch in name) and not has_latin_letters(name)


def _about_you_rows(st: Statement) -> list[Row]:
    about = st.about
    rel = q.RELATIONSHIP_LABELS.get(about.relationship, about.relationship)
    rows = [Row(q.ABOUT_YOU[0].label, _text(about.your_name), "your_name", q.PARENT)]
    if needs_latin_name(about.your_name):
        rows.append(Row(q.NAME_LATIN.label, _text(about.name_latin), "name_latin", q.NAME_LATIN_CHAIR))
    rows.append(Row(q.ABOUT_YOU[1].label, _text(str(rel)), "relationship", q.RELATIONSHIP_CHAIR))
    return rows


def describe_child(child) -> str:
    """"Amira, age 7"; a baby not born yet with its due date. The name is an
    isolate, so an English name in an Urdu line keeps its place."""
    if child.is_unborn:
        due = child.due_day
        age = _("not born yet, due %(date)s", date=isolate(format_date(due, "long"))) if due else _("not born yet")
    elif child.age:
        age = _("age %(age)s", age=child.age)
    else:
        age = ""
    name = isolate(child.name.strip()) or _("Name not given")
    return f"{name}, {age}" if age else name


def _children_rows(st: Statement) -> list[Row]:
    lines = "\n".join(describe_child(c) for c in st.about.children)
    return [Row(q.CHILDREN[0].label, lines or None, "children-0-name", q.CHILDREN_CHAIR)]


def conference_date_text(st: Statement) -> str | None:
    day = st.about.conference_day
    if day:
        return format_date(day, "long")
    return _("Not known yet") if st.about.conference_date_unknown else None


def _conference_rows(st: Statement) -> list[Row]:
    about = st.about
    ctype = q.CONFERENCE_TYPE_LABELS.get(about.conference_type)
    attending = q.ATTENDING_LABELS.get(about.attending)
    rows = [
        Row(q.CONFERENCE[0].label, str(ctype) if ctype else None, "conference_type", q.CONFERENCE_CHAIR[0]),
        Row(q.CONFERENCE[1].label, conference_date_text(st), "conference_date-day", q.CONFERENCE_CHAIR[1]),
        Row(q.CONFERENCE[2].label, _text(about.social_worker), "social_worker", q.CONFERENCE_CHAIR[2]),
        Row(q.CONFERENCE[3].label, str(attending) if attending else None, "attending", q.CONFERENCE_CHAIR[3]),
    ]
    if about.attending == "no":
        put_by = q.VIEWS_PUT_BY_LABELS.get(about.views_put_by)
        rows.append(Row(q.CONFERENCE[4].label, str(put_by) if put_by else None, "views_put_by",
                        q.CONFERENCE_CHAIR[4]))
    return rows


def interpreter_text(needs) -> str | None:
    """"Yes, in Urdu" (the language named in English on an English page or the
    English beside a translation), "No", or None when not answered."""
    needed = needs.interpreter_needed
    if needed is None:
        return None
    if not needed:
        return str(q.YES_NO_LABELS[False])
    language = needs.interpreter_language.strip()
    if not language:
        return str(q.YES_NO_LABELS[True])
    return _("Yes, in %(language)s", language=isolate(in_current_locale(language)))


def report_due(statement: Statement):
    """When the social worker's report should reach the parent (prep.timeline), or None when
    that cannot be worked out yet. The PDF helper has no council profile: it is given the
    date (render_statement(report_due=...), kept in flask.g for the rows)."""
    from flask import current_app, g

    if "report_due" in g:
        return g.report_due
    from .planning import conference_events

    try:
        events = conference_events(statement) if "council" in current_app.extensions else None
    except (ValueError, OverflowError):
        events = None
    return next((event.day for event in events or [] if event.id == "report"), None)


def report_received_text(statement: Statement) -> str | None:
    received = statement.report.received
    if received == "yes":
        return str(q.REPORT_RECEIVED_LABELS["yes"])
    if received == "not-yet":
        due = report_due(statement)
        if due is None:
            return str(q.REPORT_RECEIVED_LABELS["not-yet"])
        return _("Not yet (it should arrive by %(date)s)", date=isolate(format_date(due, "long")))
    return None


def point_text(point) -> str:
    """One point about the report as the parent reads it back: the kind, then each part given."""
    lines = [str(q.POINT_KIND_LABELS[point.kind])] if point.kind in q.POINT_KIND_LABELS else []
    if point.where.strip():
        lines.append(_("Where in the report: %(text)s", text=isolate(point.where.strip())))
    if point.says.strip():
        lines.append(_("The report says: %(text)s", text=isolate(point.says.strip())))
    if point.instead.strip():
        lines.append(_("You say: %(text)s", text=isolate(point.instead.strip())))
    if point.evidence.strip():
        lines.append(_("How you can show it: %(text)s", text=isolate(point.evidence.strip())))
    return "\n".join(lines)


def _report_rows(st: Statement) -> list[Row]:
    rows = [Row(q.REPORT_RECEIVED.label, report_received_text(st), "report_received")]
    if not st.report.points:
        rows.append(Row(q.POINTS, str(q.NO_POINTS), "points-0-where"))
    for i, point in enumerate(st.report.points):
        rows.append(Row(_("Point %(number)s", number=i + 1), point_text(point), f"points-{i}-where",
                        point=point, number=i + 1))
    rows.append(Row(q.REPORT_RESPONSE.label, _text(st.worries.report_response), "report_response"))
    return rows


def _child_views_rows(st: Statement) -> list[Row]:
    rows = [Row(q.CHILD_VIEWS[0].label, _text(st.child_views.child_views), "child_views")]
    for i, drawing in enumerate(st.child_views.drawings):
        rows.append(Row(_("Photo %(number)s", number=i + 1), _text(drawing.description),
                        f"drawings-{i}-description", drawing=drawing, number=i + 1))
    return rows


def _supporter_needs_rows(st: Statement) -> list[Row]:
    sup, needs = st.supporter, st.needs
    told = q.YES_NO_LABELS.get(sup.chair_told)
    if not (sup.name.strip() or sup.relationship.strip() or sup.contact.strip()) and sup.chair_told is None:
        # The hint says to leave it blank when bringing no one: one row that says so.
        supporter = [Row(q.SUPPORTER_CHAIR, str(q.NO_SUPPORTER), "supporter_name", q.SUPPORTER_CHAIR)]
    else:
        supporter = [
            Row(q.SUPPORTER[0].label, _text(sup.name), "supporter_name"),
            Row(q.SUPPORTER[1].label, _text(sup.relationship), "supporter_relationship"),
            Row(q.SUPPORTER[2].label, _text(sup.contact), "supporter_contact"),
            Row(q.SUPPORTER[3].label, str(told) if told else None, "chair_told"),
        ]
    return [
        *supporter,
        Row(q.NEEDS[0].label, interpreter_text(needs), "interpreter", q.INTERPRETER_CHAIR, page_one=True),
        Row(q.NEEDS[1].label, _text(needs.access_needs), "access_needs"),
        Row(q.NEEDS[2].label, _text(needs.childcare_needed), "childcare_needed"),
    ]


def _helper_rows(st: Statement) -> list[Row]:
    return [
        Row(q.HELPER[0].label, _text(st.helper.name), "helper_name", q.HELPER_CHAIR[0]),
        Row(q.HELPER[1].label, _text(st.helper.role), "helper_role", q.HELPER_CHAIR[1]),
    ]


STEPS: tuple[Step, ...] = (
    Step("about-you", _l("About you"), forms.AboutYouForm, "steps/about_you.html",
         _about_you_rows, top_block=True),
    Step("children", _l("Your children"), forms.ChildrenForm, "steps/children.html",
         _children_rows, top_block=True),
    Step("conference", _l("The meeting"), forms.ConferenceForm, "steps/conference.html",
         _conference_rows, top_block=True),
    Step("strengths", _l("Strengths"), forms.StrengthsForm, "steps/free_text.html",
         _free_text_rows(q.STRENGTHS)),
    Step("worries", _l("Worries and what needs to change"), forms.WorriesForm, "steps/free_text.html",
         _free_text_rows(q.WORRIES)),
    Step("report", _l("The social worker's report"), forms.ReportForm, "steps/report.html", _report_rows,
         pdf_title=q.POINTS_TABLE),
    Step("support", _l("Support your family needs"), forms.SupportForm, "steps/free_text.html",
         _free_text_rows(q.SUPPORT)),
    Step("next-steps", _l("Next steps"), forms.NextStepsForm, "steps/free_text.html",
         _free_text_rows(q.NEXT_STEPS)),
    Step("child-views", _l("Your child's views"), forms.ChildViewsForm, "steps/child_views.html",
         _child_views_rows, optional=True, uploads=True),
    Step("supporter-needs", _l("Your supporter and what you need"), forms.SupporterNeedsForm,
         "steps/supporter_needs.html", _supporter_needs_rows),
    Step("helper", _l("Who helped you fill this in"), forms.HelperForm, "steps/helper.html",
         _helper_rows, top_block=True, optional=True, blank_summary=_l("Filled in without help")),
)

STEPS_BY_ID = {step.id: step for step in STEPS}


def next_step(step: Step) -> Step | None:
    i = STEPS.index(step)
    return STEPS[i + 1] if i + 1 < len(STEPS) else None


def previous_step(step: Step) -> Step | None:
    i = STEPS.index(step)
    return STEPS[i - 1] if i > 0 else None
