"""The checklist: things to do before the conference, on the day and after.

Defined once here; the page, the saved draft (Statement.checklist holds the ids
of ticked items) and the JSON reader all use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Group:
    id: str
    title: object
    items: tuple[tuple[str, object], ...]  # (id, text)


GROUPS: tuple[Group, ...] = (
    Group("before", _l("Before the conference"), (
        ("childcare", _l("Arrange for someone to look after your children during the meeting. "
                         "There is usually no childcare where the meeting is held.")),
        ("transport", _l("Plan how you will get there and how long it takes.")),
        ("interpreter", _l("Ask the social worker for an interpreter, if you need one.")),
        ("supporter", _l("Tell the social worker the name of the person coming with you.")),
        ("report", _l("Read the social worker's report when it comes. Mark anything you think is wrong.")),
        ("statement", _l("Write down what you want to say. This service helps you do that.")),
        ("tell-child", _l("Think about what to tell your child about the meeting.")),
    )),
    Group("on-the-day", _l("On the day"), (
        ("arrive-early", _l("Get there early, so you can meet the chair before the meeting starts.")),
        ("bring", _l("Bring your statement, the report, and your glasses if you need them.")),
        ("ask", _l("Ask when you do not understand something. You can ask for a break.")),
        ("write-down", _l("Write down what is decided and who will do what.")),
    )),
    Group("after", _l("After the conference"), (
        ("minutes", _l("Read the minutes when they come. Tell the chair if something is wrong.")),
        ("core-group", _l("Go to the core group meetings.")),
        ("plan", _l("Keep your copy of the plan, and do the things it asks you to do.")),
        ("review-date", _l("Put the date of the next conference in your calendar.")),
    )),
)

ITEM_IDS: tuple[str, ...] = tuple(item_id for group in GROUPS for item_id, _text in group.items)
