"""Statements for the PDF and CLI tests (and bench/bench_pdf.py).

Kept out of conftest.py, which belongs to the web tests.
"""

from __future__ import annotations

import dataclasses
import io
import re

from pypdf import PdfReader

from prep.statement import (
    About, Child, ChildViews, Helper, Needs, NextSteps, Statement, Strengths, Support, Supporter, Worries,
)

# Free-text fields: (section, key) for every answer that can hold 5,000 characters.
FREE_TEXT_FIELDS = [
    ("strengths", "family_strengths"), ("strengths", "done_well"), ("strengths", "want_known"),
    ("worries", "needs_to_change"), ("worries", "difficulties"), ("worries", "report_response"),
    ("support", "support_needed"), ("support", "how_it_helps"), ("support", "who_can_help"),
    ("next_steps", "after_conference"), ("next_steps", "what_we_can_do"),
    ("child_views", "child_views"),
    ("needs", "access_needs"), ("needs", "childcare_needed"),
]


def full_statement() -> Statement:
    """Every question answered, in short realistic words."""
    return Statement(
        language="en",
        about=About(
            your_name="Łucja Nowak", relationship="mother",
            children=[Child("Ștefan Nowak", "7"), Child("Amelia Nowak", "3"), Child("", "unborn")],
            conference_type="review", conference_date="2027-02-03", social_worker="Sam Okafor",
            attending="no", views_put_by="supporter",
        ),
        strengths=Strengths(
            family_strengths="We cook together every Sunday.\nGrandma visits on Fridays.",
            done_well="School run every day, never late.",
            want_known="I finished the Triple P parenting course in January.",
        ),
        worries=Worries(
            needs_to_change="Less shouting at home when we are tired.",
            difficulties="Rent arrears of £400 and my back pain.",
            report_response="Page 3 is wrong: I was in hospital on 12 March, not missing a visit.",
        ),
        support=Support(
            support_needed="Help with housing and a bigger flat.",
            how_it_helps="The children would each have their own bed.",
            who_can_help="My sister Ewa can do Monday pick-ups.",
        ),
        next_steps=NextSteps(
            after_conference="Weekly check-ins with Sam for three months.",
            what_we_can_do="I will see my GP about my mood.",
        ),
        child_views=ChildViews(child_views="Ștefan says: “I want to stay at my school.”"),
        supporter=Supporter(name="Ewa Kowalska", relationship="Sister", contact="07700 900123", chair_told=True),
        needs=Needs(interpreter_language="Polish", access_needs="Step-free access please.",
                    childcare_needed="Someone to collect Amelia at 3pm."),
        helper=Helper(name="Priya Shah", role="Family advocate"),
    )


def free_text_answers(statement: Statement) -> list[str]:
    return [getattr(statement.section(s), k) for s, k in FREE_TEXT_FIELDS]


SHORT_ANSWERS = ["Łucja Nowak", "Ștefan Nowak, age 7", "Amelia Nowak, age 3", "Sam Okafor", "Ewa Kowalska",
                 "Sister", "07700 900123", "Yes, in Polish", "Priya Shah", "Family advocate", "Mother",
                 "Review conference", "My supporter"]


def long_statement(length: int = 5000) -> Statement:
    """Every free-text answer at the limit, in words of realistic length."""
    statement = full_statement()
    words = ("We have been working hard with the family support worker and the school "
             "to make things better for the children. ")
    for i, (section, key) in enumerate(FREE_TEXT_FIELDS):
        text = (f"[{key} {i}] " + words * (length // len(words) + 1))[:length]
        setattr(statement.section(section), key, text)
    return statement


def blank_statement() -> Statement:
    return Statement()


def with_answers(statement: Statement, **answers: str) -> Statement:
    """A copy of `statement` with free-text answers replaced by key."""
    statement = dataclasses.replace(statement)
    fields = dict((k, s) for s, k in FREE_TEXT_FIELDS)
    for key, value in answers.items():
        section = fields[key]
        setattr(statement, section, dataclasses.replace(statement.section(section), **{key: value}))
    return statement


# --- reading a PDF back ------------------------------------------------------------
def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in reader(data).pages]


def squash(text: str) -> str:
    """Whitespace normalised: pypdf joins and splits lines its own way."""
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    return "\n".join(page_texts(data))


FURNITURE = re.compile(r"Page \d+ of \d+")


def body_text(data: bytes, *furniture: str) -> str:
    """The pages' text without header and footer lines, so an answer split
    over two pages reads on. `furniture`: the marking and the parent's name."""
    keep = []
    for text in page_texts(data):
        keep += [line for line in text.splitlines()
                 if line.strip() not in furniture and not FURNITURE.fullmatch(line.strip())]
    return "\n".join(keep)


def font_names(data: bytes) -> set[str]:
    """BaseFont of every font any page uses, subset prefix removed."""
    names = set()
    for page in reader(data).pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            names.add(re.sub(r"^[A-Z]{6}\+", "", str(ref.get_object()["/BaseFont"]).lstrip("/")))
    return names
