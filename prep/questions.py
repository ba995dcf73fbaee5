"""Every question the app asks, in plain words, with a prompt and an example.

The forms take their labels from here, and so do the check-answers page and the
PDF, so a question reads the same everywhere. Strings are lazy so they are
translated in the language of the request (or of the PDF being made).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Question:
    section: str  # Statement section
    key: str  # field in that section
    label: object
    hint: object = ""


def _q(section, key, label, hint=""):
    return Question(section, key, label, hint)


# Free-text questions, grouped by the step that asks them.
STRENGTHS = (
    _q("strengths", "family_strengths", _l("What is good about your family?"),
       _l("For example: we love each other, we eat together, my mum helps us every week.")),
    _q("strengths", "done_well", _l("What do you do well for your child?"),
       _l("For example: I get the children to school on time and I cook their meals.")),
    _q("strengths", "want_known", _l("What good things should the people at the meeting know about your family?"),
       _l("For example: I have started a parenting course and I go every week.")),
)

WORRIES = (
    _q("worries", "needs_to_change", _l("What needs to change so that your child is safe?"),
       _l("You can say if you think nothing needs to change. For example: we need to stop arguing in front of the children.")),
    _q("worries", "difficulties", _l("What is hard for you right now?"),
       _l("For example: money, housing, your health, or looking after someone else.")),
)

# The social worker's report: its own step (prep.steps), after the worries.
REPORT_RECEIVED = _q("report", "received", _l("Have you had the social worker's report?"),
                     _l("The social worker writes a report for the meeting. You should get it before the meeting."))
REPORT_RECEIVED_LABELS = {"yes": _l("Yes"), "not-yet": _l("Not yet")}
# Anything else about the report, besides the points (kept in the worries section: prep.statement).
REPORT_RESPONSE = _q("worries", "report_response", _l("Is there anything else you want to say about the report?"),
                     _l("For example: what you agree with, or how the report makes you feel."))
POINTS = _l("Points about the report")
POINTS_HINT = _l("Add one point for each thing in the report that is wrong, that leaves something out, "
                 "or that you see differently. The chair can go through them one by one at the meeting.")
# The parts of one point, in the order the parent fills them in.
POINT_WHERE = _q("report", "where", _l("Where is it in the report? (optional)"),
                 _l("The page or paragraph number. For example: page 4, paragraph 2"))
POINT_SAYS = _q("report", "says", _l("What does the report say?"),
                _l("Write it in a few words. If something is missing, write what the report leaves out."))
POINT_KIND = _q("report", "kind", _l("What is the problem with it?"))
POINT_KIND_LABELS = {
    "wrong": _l("It is wrong (a fact that is not true)"),
    "missing": _l("Something is missing"),
    "different": _l("I see it differently"),
}
POINT_INSTEAD = _q("report", "instead", _l("What do you say?"),
                   _l("For example: I was in hospital that day, so I could not be at home."))
POINT_EVIDENCE = _q("report", "evidence", _l("How can you show it? (optional)"),
                    _l("For example: letters from the clinic, or my doctor can say so."))

SUPPORT = (
    _q("support", "support_needed", _l("What help or services does your family need?"),
       _l("For example: help with housing, a parenting course, or someone to talk to.")),
    _q("support", "how_it_helps", _l("How would this help you and your child?"),
       _l("For example: if we had a bigger flat, the children would each have a bed.")),
    _q("support", "who_can_help", _l("Who could help?"),
       _l("This could be family, friends or services. For example: my sister could take the children to school on Mondays.")),
)

NEXT_STEPS = (
    _q("next_steps", "after_conference", _l("What do you think should happen after the meeting?"),
       _l("For example: I would like to meet the social worker every week to check how things are going.")),
    _q("next_steps", "what_we_can_do", _l("What could you and other people do to make things better?"),
       _l("For example: I will go to my doctor about my mood. My partner will go to a support group.")),
)

CHILD_VIEWS = (
    _q("child_views", "child_views", _l("What does your child think or want?"),
       _l("Write what your child has told you or shown you, in their own words if you can. For example: she says she wants to stay at her school. You can leave this blank.")),
)
# Photos of something the child drew or wrote (prep.drawings), on the child's views step.
DRAWINGS = _l("Your child's drawings or writing")
DRAWINGS_HINT = _l("You can add up to 3 photos of something your child drew or wrote, like a drawing of their home. "
                   "The photos go into your statement.")
PHOTO = _l("Add a photo")
PHOTO_HINT = _l("A photo in JPG or PNG, smaller than 20 MB. We take out where and when the photo was taken.")
PHOTO_DESCRIPTION = _q("child_views", "description", _l("Describe the photo"),
                       _l("This goes under the photo. For example: Amira's drawing of our family at the park"))
PHOTO_CHILD = _q("child_views", "child", _l("Whose is it?"))
# On the paper form, which cannot take a photo.
DRAWINGS_PAPER = _l("If your child drew or wrote something for the meeting, you can bring it with you.")

SUPPORTER = (
    _q("supporter", "name", _l("Your supporter's name"),
       _l("A supporter is someone you bring to the meeting, like a friend or someone in your family. Leave this blank if you are not bringing anyone.")),
    _q("supporter", "relationship", _l("How do they know you?"), _l("For example: my friend, my sister, my neighbour.")),
    _q("supporter", "contact", _l("Their phone number or email address")),
    _q("supporter", "chair_told", _l("Have you told the social worker who your supporter is?"),
       _l("The person who runs the meeting (the chair) needs to know who is coming before the day.")),
)

NEEDS = (
    _q("needs", "interpreter_language", _l("Do you need an interpreter?"),
       _l("An interpreter is free. They will tell you what people say, in your language.")),
    _q("needs", "access_needs", _l("Do you need anything to help you take part?"),
       _l("For example: a room you can get into with a wheelchair, a hearing loop, a break in the meeting, or papers in large print.")),
    _q("needs", "childcare_needed", _l("Do you need help with childcare on the day?"),
       _l("There is usually nowhere to look after children at the meeting. Say what would help. For example: I need someone to pick up my son from school at 3pm.")),
)

HELPER = (
    _q("helper", "name", _l("Name of the person who helped you"),
       _l("Leave this blank if you filled this in on your own.")),
    _q("helper", "role", _l("Their role"), _l("For example: social worker, advocate, friend.")),
)

ABOUT_YOU = (
    _q("about", "your_name", _l("Your full name")),
    _q("about", "relationship", _l("What are you to the child or children?")),
)

CHILDREN = (
    _q("about", "children", _l("Children in your household"),
       _l("Add every child who lives with you, and any baby not born yet.")),
)

CONFERENCE = (
    _q("about", "conference_type", _l("What kind of meeting is it?"),
       _l("Your invitation letter will say. Ask your social worker if you are not sure.")),
    _q("about", "conference_date", _l("When is the meeting?"), _l("For example, 27 3 2027")),
    _q("about", "social_worker", _l("Your social worker's name")),
    _q("about", "attending", _l("Will you go to the meeting?")),
    _q("about", "views_put_by", _l("How will your views be given at the meeting?")),
)

# The name in Latin letters: asked only when the name has none (prep.steps.needs_latin_name).
NAME_LATIN = _q("about", "name_latin", _l("Your name as written on letters from children's services"),
                _l("Write it in English letters, for example Fatima Bibi."))

# Labels in the chair's copy of the PDF: about the parent, not questions to them.
PARENT = _l("Parent or carer")
NAME_LATIN_CHAIR = _l("Name in English letters")
RELATIONSHIP_CHAIR = _l("Relationship to the children")
CHILDREN_CHAIR = _l("Children")
CONFERENCE_CHAIR = (_l("Type of conference"), _l("Date of the conference"), _l("Social worker"),
                    _l("Attending the conference"), _l("How their views will be given"))
SUPPORTER_CHAIR = _l("Supporter")
NO_SUPPORTER = _l("Not bringing a supporter")
INTERPRETER_CHAIR = _l("Interpreter needed")
HELPER_CHAIR = (_l("Helped to fill this in by"), _l("Their role"))
# The table of points in the PDF: its title and columns, and each kind as the chair reads it.
POINTS_TABLE = _l("Points about the social work report")
POINTS_COLUMNS = (_l("No."), _l("Page or paragraph"), _l("Kind"), _l("What the report says"),
                  _l("What the parent says"), _l("Evidence"))
POINT_KIND_CHAIR = {"wrong": _l("Wrong (a fact)"), "missing": _l("Missing"), "different": _l("A different view")}
NO_POINTS = _l("No points listed")
PHOTO_CHAIR = _l("Photo %(number)s")
PHOTO_CHILD_CHAIR = _l("Whose it is")

# Words shown for stored codes.
RELATIONSHIP_LABELS = {
    "mother": _l("Mother"),
    "father": _l("Father"),
    "step-parent": _l("Step-parent"),
    "carer": _l("Carer"),
    "grandparent": _l("Grandparent"),
}
CONFERENCE_TYPE_LABELS = {
    "initial": _l("Initial conference (the first meeting)"),
    "review": _l("Review conference"),
    "pre-birth": _l("Pre-birth conference (before a baby is born)"),
}
ATTENDING_LABELS = {"yes": _l("Yes"), "no": _l("No"), "not-sure": _l("Not sure yet")}
VIEWS_PUT_BY_LABELS = {
    "written-statement": _l("This written statement"),
    "supporter": _l("My supporter"),
    "social-worker": _l("My social worker"),
}
YES_NO_LABELS = {True: _l("Yes"), False: _l("No")}

# The paper version: every question with space to write, for parents who will
# not use a phone (a social worker prints it).
PAPER_FORM_TITLE = _l("Questions to help you get ready for a child protection conference")
PAPER_FORM_INTRO = _l("Write your answers in the spaces. You can leave out any question. "
                      "Use more paper if you need to. Give this to your social worker, or take it to the meeting.")
TICK_ONE = _l("Tick one")
# Before a question that the web form only asks after a choice.
IF_OTHER = _l("If other:")
IF_NOT_GOING = _l("If you are not going:")
IF_YES = _l("If yes:")
IF_NOT_BORN = _l("If not born yet:")
IF_NOT_LATIN = _l("If your name is not in English letters:")
