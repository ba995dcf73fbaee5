import datetime as dt
import json

import pytest

from prep.statement import SCHEMA, SCHEMA_V1, Child, Drawing, ReportPoint, Statement, StatementError

from .images import gps_jpeg, processed_jpeg


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
    assert data["schema"] == "conference-prep/statement@2"
    assert list(data) == ["schema", "language", "large_print", "about", "strengths", "worries", "report", "support",
                          "next_steps", "child_views", "supporter", "needs", "helper", "checklist"]
    assert data["report"] == {"received": "", "points": []}
    assert data["child_views"] == {"child_views": "", "drawings": []}
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


# --- @2: points about the report, photos; @1 still read ------------------------------------


def with_points_and_photo() -> Statement:
    st = full_statement()
    st.report.received = "yes"
    st.report.points = [
        ReportPoint(key="p0123456789abcdef", where="page 3, paragraph 2", says="I missed three visits.",
                    kind="wrong", instead="I was in hospital for one of them.", evidence="Letter from the ward"),
        ReportPoint(key="p1123456789abcdef", says="Nothing about my new job.", kind="missing",
                    instead="I started at the bakery in May.\nIt pays the rent."),
        ReportPoint(key="p2123456789abcdef", where="¶ 12", says="«کمزور»", kind="different", instead="میں متفق نہیں"),
    ]
    st.child_views.drawings = [Drawing(key="d" + "a" * 32, jpeg=processed_jpeg(), description="Ana's house",
                                       child="Ana")]
    return st


def test_report_points_round_trip_through_the_answers_file():
    st = with_points_and_photo()
    again = Statement.from_json(st.to_json())
    assert again.report == st.report
    assert [p.kind for p in again.report.points] == ["wrong", "missing", "different"]
    assert again == st  # the photo too, byte for byte: it was already clean


def test_photos_travel_as_base64_jpegs():
    import base64

    data = json.loads(with_points_and_photo().to_json())
    photo = data["child_views"]["drawings"][0]
    assert set(photo) == {"key", "jpeg", "description", "child"}
    assert base64.b64decode(photo["jpeg"]) == processed_jpeg()


def test_a_photo_with_metadata_in_a_file_is_cleaned_on_the_way_in():
    import base64
    import io

    from PIL import Image

    data = json.loads(with_points_and_photo().to_json())
    data["child_views"]["drawings"][0]["jpeg"] = base64.b64encode(gps_jpeg()).decode()
    st = Statement.from_json(json.dumps(data))
    with Image.open(io.BytesIO(st.child_views.drawings[0].jpeg)) as image:
        assert not image.getexif() and "exif" not in image.info and max(image.size) <= 1000


def test_version_1_files_are_still_read():
    old = {"schema": SCHEMA_V1, "worries": {"report_response": "Page 3 is wrong."},
           "child_views": {"child_views": "She wants to stay at her school."}}
    st = Statement.from_json(json.dumps(old))
    assert st.worries.report_response == "Page 3 is wrong."
    assert st.child_views.child_views == "She wants to stay at her school."
    assert st.report.points == [] and st.report.received == "" and st.child_views.drawings == []
    assert json.loads(st.to_json())["schema"] == SCHEMA  # written out as @2


@pytest.mark.parametrize("payload, path", [
    ({"schema": SCHEMA_V1, "report": {}}, "report"),
    ({"schema": SCHEMA_V1, "child_views": {"drawings": []}}, "child_views.drawings"),
    ({"schema": SCHEMA, "report": {"received": "maybe"}}, "report.received"),
    ({"schema": SCHEMA, "report": {"points": [{"kind": "rude"}]}}, "report.points[0].kind"),
    ({"schema": SCHEMA, "report": {"points": [{"says": "x" * 1001}]}}, "report.points[0].says"),
    ({"schema": SCHEMA, "report": {"points": [{"where": "x" * 101}]}}, "report.points[0].where"),
    ({"schema": SCHEMA, "report": {"points": [{"key": "<script>"}]}}, "report.points[0].key"),
    ({"schema": SCHEMA, "report": {"points": [{"colour": "red"}]}}, "report.points[0].colour"),
    ({"schema": SCHEMA, "report": {"points": [{}] * 31}}, "report.points"),
    ({"schema": SCHEMA, "child_views": {"drawings": [{"jpeg": "not base64!"}]}}, "child_views.drawings[0].jpeg"),
    ({"schema": SCHEMA, "child_views": {"drawings": [{"jpeg": "JVBERi0xLjQK"}]}}, "child_views.drawings[0].jpeg"),
    ({"schema": SCHEMA, "child_views": {"drawings": [{"jpeg": "/9j/4AAQ" + "A" * 40}]}},
     "child_views.drawings[0].jpeg"),
    ({"schema": SCHEMA, "child_views": {"drawings": [{}] * 4}}, "child_views.drawings"),
])
def test_bad_points_and_photos_are_named(payload, path):
    with pytest.raises(StatementError) as err:
        Statement.from_json(json.dumps(payload))
    assert err.value.path == path


def test_points_without_keys_get_one_each():
    st = Statement.from_json(json.dumps({"schema": SCHEMA, "report": {"points": [
        {"says": "a", "kind": "wrong"}, {"says": "b", "key": "p0000000011111111"},
        {"says": "c", "key": "p0000000011111111"}]}}))
    keys = [p.key for p in st.report.points]
    assert len(set(keys)) == 3 and keys[1] == "p0000000011111111"
