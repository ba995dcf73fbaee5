"""A complete set of answers, as a parent would type them, step by step."""

FULL_JOURNEY = {
    "about-you": {"your_name": "Łucja Nowak-Ștefan", "relationship": "other",
                  "relationship_other": "Aunt and special guardian"},
    "children": {"children-0-name": "Amelia", "children-0-age": "7", "children-0-unborn": "no",
                 "children-1-name": "Baby Nowak", "children-1-age": "", "children-1-unborn": "yes"},
    "conference": {"conference_type": "review", "conference_date-day": "3", "conference_date-month": "2",
                   "conference_date-year": "2027", "social_worker": "Sam Okafor", "attending": "no",
                   "views_put_by": "supporter"},
    "strengths": {"family_strengths": "We cook together every Sunday.\nGrandma visits on Fridays.",
                  "done_well": "School run every day, never late.",
                  "want_known": "I finished the Triple P course <b>with a certificate</b> & I'm proud."},
    "worries": {"needs_to_change": "Less shouting at home.", "difficulties": "Rent arrears of £400."},
    "report": {"report_received": "yes",
               "points-0-where": "Page 3, paragraph 2", "points-0-says": "Missed a home visit on 12 March.",
               "points-0-kind": "wrong", "points-0-instead": "I was in hospital on 12 March, not missing a visit.",
               "points-0-evidence": "Discharge letter from the Royal Infirmary",
               "report_response": "I agree we need help with the rent."},
    "support": {"support_needed": "Help with housing.", "how_it_helps": "The children would each have a bed.",
                "who_can_help": "My sister Ewa can do Monday pick-ups."},
    "next-steps": {"after_conference": "Weekly check-ins with Sam.", "what_we_can_do": "I will see my GP about my mood."},
    "child-views": {"child_views": "Amelia says: “I want to stay at my school.”"},
    "supporter-needs": {"supporter_name": "Ewa Kowalska", "supporter_relationship": "Sister",
                        "supporter_contact": "07700 900123", "chair_told": "yes", "interpreter": "yes",
                        "interpreter_language": "Polish", "access_needs": "Step-free access please.",
                        "childcare_needed": "Someone to collect Amelia at 3pm."},
    "helper": {"helper_name": "Priya Shah", "helper_role": "Family advocate"},
}

# The report's typed answers (not its radio choices).
REPORT_ANSWERS = [value for name, value in FULL_JOURNEY["report"].items() if name not in ("report_received",)
                  and not name.endswith("-kind")]

# Every answer a chair should be able to find in the statement.
FREE_TEXT_ANSWERS = [
    value for step in ("strengths", "worries", "support", "next-steps", "child-views")
    for value in FULL_JOURNEY[step].values()
] + REPORT_ANSWERS + ["Step-free access please.", "Someone to collect Amelia at 3pm."]

SHORT_ANSWERS = ["Łucja Nowak-Ștefan", "Aunt and special guardian", "Amelia", "Baby Nowak", "Sam Okafor",
                 "Ewa Kowalska", "Sister", "07700 900123", "Polish", "Priya Shah", "Family advocate"]


def walk(client, journey=FULL_JOURNEY, lang="en"):
    """Submit every step in order; return the last response."""
    response = None
    for step_id, data in journey.items():
        response = client.submit(f"/{lang}/step/{step_id}", data)
        assert response.status_code in (302, 303), (step_id, response.status_code)
    return response
