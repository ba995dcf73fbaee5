"""The order of the journey, defined once.

Navigation, the "Step 3 of 10" progress line, the check-answers page and the
order of sections in the PDF are all derived from STEPS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask_babel import format_date, lazy_gettext as _l, gettext as _

from . import forms, questions as q
from .statement import Statement


@dataclass(frozen=True)
class Row:
    """One answer as a person reads it: a question and what was said."""

    label: object
    value: str | None  # None: left blank
    field: str  # id of the form field, so a Change link can jump to it


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

    @property
    def number(self) -> int:
        return STEPS.index(self) + 1


def _text(value: str) -> str | None:
    return value if value.strip() else None


def _free_text_rows(question_set):
    def rows(statement: Statement) -> list[Row]:
        return [
            Row(qn.label, _text(getattr(statement.section(qn.section), qn.key)), qn.key)
            for qn in question_set
        ]
    return rows


def _about_you_rows(st: Statement) -> list[Row]:
    about = st.about
    rel = q.RELATIONSHIP_LABELS.get(about.relationship, about.relationship)
    return [
        Row(q.ABOUT_YOU[0].label, _text(about.your_name), "your_name"),
        Row(q.ABOUT_YOU[1].label, _text(str(rel)), "relationship"),
    ]


def describe_child(child) -> str:
    if child.is_unborn:
        age = _("not born yet")
    elif child.age:
        age = _("age %(age)s", age=child.age)
    else:
        age = ""
    name = child.name.strip() or _("Name not given")
    return f"{name}, {age}" if age else name


def _children_rows(st: Statement) -> list[Row]:
    lines = "\n".join(describe_child(c) for c in st.about.children)
    return [Row(q.CHILDREN[0].label, lines or None, "children-0-name")]


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
        Row(q.CONFERENCE[0].label, str(ctype) if ctype else None, "conference_type"),
        Row(q.CONFERENCE[1].label, conference_date_text(st), "conference_date-day"),
        Row(q.CONFERENCE[2].label, _text(about.social_worker), "social_worker"),
        Row(q.CONFERENCE[3].label, str(attending) if attending else None, "attending"),
    ]
    if about.attending == "no":
        put_by = q.VIEWS_PUT_BY_LABELS.get(about.views_put_by)
        rows.append(Row(q.CONFERENCE[4].label, str(put_by) if put_by else None, "views_put_by"))
    return rows


def _supporter_needs_rows(st: Statement) -> list[Row]:
    sup, needs = st.supporter, st.needs
    told = q.YES_NO_LABELS.get(sup.chair_told)
    interpreter = (
        _("Yes, in %(language)s", language=needs.interpreter_language)
        if needs.interpreter_language.strip() else None
    )
    return [
        Row(q.SUPPORTER[0].label, _text(sup.name), "supporter_name"),
        Row(q.SUPPORTER[1].label, _text(sup.relationship), "supporter_relationship"),
        Row(q.SUPPORTER[2].label, _text(sup.contact), "supporter_contact"),
        Row(q.SUPPORTER[3].label, str(told) if told else None, "chair_told"),
        Row(q.NEEDS[0].label, interpreter, "interpreter"),
        Row(q.NEEDS[1].label, _text(needs.access_needs), "access_needs"),
        Row(q.NEEDS[2].label, _text(needs.childcare_needed), "childcare_needed"),
    ]


def _helper_rows(st: Statement) -> list[Row]:
    return [
        Row(q.HELPER[0].label, _text(st.helper.name), "helper_name"),
        Row(q.HELPER[1].label, _text(st.helper.role), "helper_role"),
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
    Step("support", _l("Support your family needs"), forms.SupportForm, "steps/free_text.html",
         _free_text_rows(q.SUPPORT)),
    Step("next-steps", _l("Next steps"), forms.NextStepsForm, "steps/free_text.html",
         _free_text_rows(q.NEXT_STEPS)),
    Step("child-views", _l("Your child's views"), forms.ChildViewsForm, "steps/free_text.html",
         _free_text_rows(q.CHILD_VIEWS), optional=True),
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
