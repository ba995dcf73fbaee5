import datetime as dt
import json

import pytest

from prep.statement import SCHEMA, Child, Statement, StatementError


def full_statement() -> Statement:
    st = Statement()
    st.about.your_name = "Ștefan Popescu"
    st.about.children = [Child("Ana", "4"), Child("", "unborn")]
    st.about.conference_type = "pre-birth"
    st.about.conference_date = "2027-01-05"
    st.strengths.family_strengths = "Line one\nLine two <b>&amp;</b>"
    st.supporter.chair_told = False
    return st


def test_json_round_trip_keeps_every_answer():
    st = full_statement()
    again = Statement.from_json(st.to_json())
    assert again == st


def test_export_has_the_documented_shape():
    data = json.loads(Statement().to_json())
    assert data["schema"] == SCHEMA
    assert list(data) == ["schema", "language", "large_print", "about", "strengths", "worries", "support",
                          "next_steps", "child_views", "supporter", "needs", "helper", "checklist"]
    assert set(data["about"]) == {"your_name", "name_latin", "relationship", "children", "conference_type",
                                  "conference_date", "conference_date_unknown", "social_worker", "attending",
                                  "views_put_by"}
    assert data["supporter"]["chair_told"] is None
    assert data["needs"]["interpreter"] is None


def test_files_from_before_the_explicit_answers_still_read():
    # Before needs.interpreter existed, a language meant yes and a blank meant not asked.
    old = {"schema": SCHEMA, "needs": {"interpreter_language": "Polish"},
           "about": {"children": [{"name": "Amelia", "age": "7"}]}}
    st = Statement.from_json(json.dumps(old))
    assert st.needs.interpreter is None and st.needs.interpreter_needed is True
    assert st.about.children[0].due_date == "" and st.about.name_latin == ""
    assert Statement.from_json(json.dumps({"schema": SCHEMA})).needs.interpreter_needed is None


def test_explicit_answers_round_trip():
    st = Statement()
    st.needs.interpreter = False
    st.about.name_latin = "Fatima Bibi"
    st.about.children = [Child("", "unborn", "2027-03-14")]
    again = Statement.from_json(st.to_json())
    assert again.needs.interpreter is False and again.needs.interpreter_needed is False
    assert again.about.name_latin == "Fatima Bibi"
    assert again.about.children[0].due_day == dt.date(2027, 3, 14)


@pytest.mark.parametrize("bad, path", [
    ({"needs": {"interpreter": "no"}}, "needs.interpreter"),
    ({"about": {"children": [{"name": "", "age": "unborn", "due_date": "14/03/2027"}]}}, "about.children[0].due_date"),
])
def test_bad_explicit_answers_are_named(bad, path):
    with pytest.raises(StatementError) as err:
        Statement.from_dict({"schema": SCHEMA, **bad})
    assert err.value.path == path


def test_missing_keys_mean_unanswered():
    st = Statement.from_json(json.dumps({"schema": SCHEMA, "strengths": {"done_well": "Cooking"}}))
    assert st.strengths.done_well == "Cooking"
    assert st.strengths.family_strengths == ""
    assert st.about.children == []
    assert st.supporter.chair_told is None


@pytest.mark.parametrize("payload, path", [
    ({"schema": "something-else@1"}, "schema"),
    ({"schema": SCHEMA, "extra": 1}, "extra"),
    ({"schema": SCHEMA, "about": {"nickname": "x"}}, "about.nickname"),
    ({"schema": SCHEMA, "about": {"your_name": 42}}, "about.your_name"),
    ({"schema": SCHEMA, "about": {"conference_date": "2027-02-30"}}, "about.conference_date"),
    ({"schema": SCHEMA, "about": {"conference_type": "final"}}, "about.conference_type"),
    ({"schema": SCHEMA, "about": {"children": [{"name": "A", "age": "seven"}]}}, "about.children[0].age"),
    ({"schema": SCHEMA, "checklist": "childcare"}, "checklist"),
    ({"schema": SCHEMA, "checklist": ["childcare", "fly-to-mars"]}, "checklist[1]"),
    ({"schema": SCHEMA, "checklist": [{"id": "childcare"}]}, "checklist[0]"),
    ({"schema": SCHEMA, "about": {"children": "Ana"}}, "about.children"),
    ({"schema": SCHEMA, "strengths": {"done_well": "x" * 5001}}, "strengths.done_well"),
    ({"schema": SCHEMA, "supporter": {"chair_told": "yes"}}, "supporter.chair_told"),
    ({"schema": SCHEMA, "large_print": "no"}, "large_print"),
    ({"schema": SCHEMA, "worries": []}, "worries"),
])
def test_bad_json_names_the_field(payload, path):
    with pytest.raises(StatementError) as err:
        Statement.from_json(json.dumps(payload))
    assert err.value.path == path
    assert err.value.message


@pytest.mark.parametrize("text", ["not json", "[1, 2]", b"\xff\xfe\x00", "{" * 100000])
def test_garbage_gives_one_clear_message(text):
    with pytest.raises(StatementError) as err:
        Statement.from_json(text)
    assert str(err.value)


def test_five_thousand_characters_is_allowed():
    st = Statement.from_json(json.dumps({"schema": SCHEMA, "worries": {"difficulties": "é" * 5000}}))
    assert len(st.worries.difficulties) == 5000
