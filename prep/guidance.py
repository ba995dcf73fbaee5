"""Plain-words guides for parents: what a conference is, who is there, rights, plans.

The guides are listed once, in GUIDES; the index, the Previous/Next links and the
start page all follow that order. Each guide's text lives in its template, one
message per paragraph or list item. GUIDE_LINKS puts a link to the right guide on
the journey step it helps with; GLOSSARY holds the words professionals use, each
with an id so any page can link to /guide/glossary#significant-harm.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, current_app, render_template, url_for
from flask_babel import lazy_gettext as _l

from . import i18n


@dataclass(frozen=True)
class Guide:
    slug: str  # in the URL: /en/guide/<slug>
    title: object
    summary: object  # one line on the index and the start page
    template: str


GUIDES: tuple[Guide, ...] = (
    Guide("what-is-a-conference", _l("What a child protection conference is"),
          _l("What the meeting is for, and what it cannot decide."), "guidance/what_is_a_conference.html"),
    Guide("who-will-be-there", _l("Who will be at the meeting"),
          _l("The people you will meet, and why each of them is there."), "guidance/who_will_be_there.html"),
    Guide("before-on-the-day-after", _l("Before the meeting, on the day and after"),
          _l("What happens, step by step, and when."), "guidance/before_on_the_day_after.html"),
    Guide("plans", _l("Plans, core groups and review meetings"),
          _l("What the plans are, who works on them and how they end."), "guidance/plans.html"),
    Guide("your-rights", _l("Your rights"),
          _l("What you can ask for, and what to do if you are unhappy."), "guidance/your_rights.html"),
    Guide("your-childs-voice", _l("Your child's voice"),
          _l("How your child can have their say."), "guidance/your_childs_voice.html"),
    Guide("if-you-cannot-attend", _l("If you cannot go to the meeting"),
          _l("How to have your say if you cannot be there."), "guidance/if_you_cannot_attend.html"),
    Guide("tips-for-the-day", _l("Tips for the day"),
          _l("Simple things that can make the day easier."), "guidance/tips_for_the_day.html"),
    Guide("glossary", _l("Words professionals use"),
          _l("What the official words mean, in plain words."), "guidance/glossary.html"),
)
GUIDES_BY_SLUG = {guide.slug: guide for guide in GUIDES}


@dataclass(frozen=True)
class Term:
    id: str  # the fragment other pages link to
    word: object
    meaning: tuple  # paragraphs
    items: tuple = ()  # a bulleted list after the paragraphs


# In English alphabetical order. Every meaning is short and uses no other
# official word without explaining it.
GLOSSARY: tuple[Term, ...] = (
    Term("advocate", _l("Advocate"), (
        _l("Someone who helps a person say what they think and what they want."),
        _l("An advocate for a child is independent. They do not work for the social work team."),
    )),
    Term("chair", _l("Chair"), (
        _l("The person who runs the conference. They make sure everyone is heard, including you."),
        _l("The chair is independent. They have not worked with your family before."),
    )),
    Term("child-in-need-plan", _l("Child in Need plan"), (
        _l("A plan for help and support for your child and family. It is used when a Child Protection Plan "
           "is not needed, or after one ends."),
    )),
    Term("child-protection-conference", _l("Child protection conference"), (
        _l("A meeting of your family and professionals about your child's safety. It decides if your child "
           "needs a Child Protection Plan."),
    )),
    Term("child-protection-plan", _l("Child Protection Plan"), (
        _l("A written plan that says what needs to change to keep your child safe, and who will do what."),
    )),
    Term("core-group", _l("Core group"), (
        _l("The small group of people who carry out a Child Protection Plan. You are part of it. "
           "It meets often to check how the plan is going."),
    )),
    Term("independent", _l("Independent"), (
        _l("Not part of the team that works with your family."),
    )),
    Term("initial-conference", _l("Initial conference"), (
        _l("The first child protection conference about your child."),
    )),
    Term("key-worker", _l("Key worker"), (
        _l("The social worker who leads your child's Child Protection Plan. They are the person to ask about it."),
    )),
    Term("minutes", _l("Minutes"), (
        _l("The written notes of a meeting. They say what people said and what was decided."),
    )),
    Term("pre-birth-conference", _l("Pre-birth conference"), (
        _l("A child protection conference about a baby who has not been born yet."),
    )),
    Term("professional", _l("Professional"), (
        _l("Someone whose job is to work with children or families, such as a social worker, teacher, "
           "nurse or doctor."),
    )),
    Term("review-conference", _l("Review conference"), (
        _l("A later conference. It checks how a Child Protection Plan is going and decides if it is "
           "still needed."),
    )),
    Term("safeguarding", _l("Safeguarding"), (
        _l("Everything people do to keep children safe from harm."),
    )),
    Term("section-47-enquiry", _l("Section 47 enquiry"), (
        _l("When a social worker looks into worries that a child may be at risk of significant harm. "
           "Other people, such as the police or a doctor, may help."),
        _l("It is named after the part of the law that says this must happen: section 47 of the "
           "Children Act 1989."),
    )),
    Term("signs-of-safety", _l("Signs of Safety"), (
        _l("A way of working that many councils use. Everyone, including you, looks at three questions:"),
    ), items=(
        _l("What is working well?"),
        _l("What are we worried about?"),
        _l("What needs to happen?"),
    )),
    Term("significant-harm", _l("Significant harm"), (
        _l("Harm means a child is hurt, or is not looked after well enough, so that their health or how "
           "they grow and learn is affected."),
        _l("Significant harm means the harm is serious. It is serious enough to change how the child is "
           "growing up."),
    )),
    Term("social-worker", _l("Social worker"), (
        _l("Someone whose job is to help keep children safe and support families. Your social worker "
           "writes a report for the conference."),
    )),
    Term("supporter", _l("Supporter"), (
        _l("An adult you bring to the meeting for support, such as a friend or someone in your family. "
           "They can listen, but they cannot speak for you."),
    )),
    Term("working-days", _l("Working days"), (
        _l("Monday to Friday. Bank holidays do not count."),
    )),
)
GLOSSARY_IDS = {term.id for term in GLOSSARY}


@dataclass(frozen=True)
class GuideLink:
    slug: str
    anchor: str = ""  # a glossary term id
    text: object = None  # None: the guide's own title

    @property
    def url(self) -> str:
        url = url_for("guidance.page", slug=self.slug)
        return f"{url}#{self.anchor}" if self.anchor else url

    @property
    def label(self):
        return self.text or GUIDES_BY_SLUG[self.slug].title


# Help shown on the journey step it belongs to (step ids are in prep/steps.py).
GUIDE_LINKS: dict[str, tuple[GuideLink, ...]] = {
    "conference": (GuideLink("what-is-a-conference"), GuideLink("if-you-cannot-attend")),
    "worries": (GuideLink("glossary", "significant-harm", _l("What “significant harm” means")),),
    "next-steps": (GuideLink("plans", text=_l("What a Child Protection Plan and a Child in Need plan are")),),
    "child-views": (GuideLink("your-childs-voice", text=_l("How your child can have their say")),),
    "supporter-needs": (GuideLink("your-rights", text=_l("What you can ask for, such as an interpreter")),),
}


def neighbours(guide: Guide) -> tuple[Guide | None, Guide | None]:
    i = GUIDES.index(guide)
    return (GUIDES[i - 1] if i > 0 else None, GUIDES[i + 1] if i + 1 < len(GUIDES) else None)


def has_endpoint(name: str) -> bool:
    """Pages built in other modules (timeline, checklist) are linked only once they exist."""
    return name in current_app.view_functions


bp = i18n.language_blueprint("guidance", __name__)


@bp.route("/guide")
def index():
    return render_template("guidance/index.html", back_url=url_for("journey.start"))


@bp.route("/guide/<slug>")
def page(slug):
    guide = GUIDES_BY_SLUG.get(slug) or abort(404)
    previous, following = neighbours(guide)
    return render_template(guide.template, guide=guide, previous_guide=previous, next_guide=following,
                           glossary=GLOSSARY, back_url=url_for("guidance.index"))


@bp.app_context_processor
def guidance_context():
    return {"guides": GUIDES, "guide_links": lambda step_id: GUIDE_LINKS.get(step_id, ()),
            "has_endpoint": has_endpoint}
