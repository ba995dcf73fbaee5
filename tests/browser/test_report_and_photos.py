"""Issue 15 in a real browser on a 360×740 phone: points about the report added one at a
time, changed and removed (with JavaScript and without), and a photo of the child's drawing
chosen with the phone's file chooser, shown before it is sent (with JavaScript), on check
answers, and in the PDF with no EXIF in it."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from ..images import exif_of, gps_jpeg
from .journey import PRIMARY_BUTTON, fill_step, journey_for, submit, walk_quickly

POINTS = [
    {"where": "Page 2", "says": "Mum missed the visit on 3 March.", "kind": "wrong",
     "instead": "I was at the hospital with Amelia that day."},
    {"where": "", "says": "Nothing about the parenting course.", "kind": "missing",
     "instead": "I finished the Triple P course in January."},
    {"where": "Paragraph 14", "says": "The flat is unsuitable.", "kind": "different",
     "instead": "The flat is small but clean."},
]
BEFORE_REPORT = ("about-you", "children", "conference", "strengths", "worries")


def started(new_context, javascript: bool, until=BEFORE_REPORT):
    context = new_context(java_script_enabled=javascript)
    journey = journey_for("en")
    walk_quickly(context, "en", {k: journey[k] for k in until}, photo=False)
    return context


def point_values(page, index: int) -> dict[str, str]:
    return {part: page.locator(f'[name="points-{index}-{part}"]').input_value() for part in ("where", "says", "instead")}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_add_three_points_change_the_second_remove_the_first(new_context, request_log, javascript):
    page = started(new_context, javascript).new_page()
    page.goto("/en/step/report")
    page.locator('input[name="report_received"][value="yes"]').check()
    for index, point in enumerate(POINTS):
        if index:
            with page.expect_navigation():
                page.locator('button[name="add_point"]').click()
            # The new, empty point is where the page opens, its first box ready to type in.
            assert page.evaluate("() => document.activeElement.name") == f"points-{index}-where"
        fill_step(page, {f"points-{index}-{name}": value for name, value in point.items()})
    submit(page)
    assert page.url.endswith("/en/step/support")

    # Change the second point.
    page.goto("/en/step/report")
    page.locator('[name="points-1-instead"]').fill("I finished the Triple P course on 20 January.")
    submit(page)
    page.goto("/en/step/report")
    assert point_values(page, 1)["instead"] == "I finished the Triple P course on 20 January."

    # Remove the first: the others move up, as typed.
    with page.expect_navigation():
        page.locator('button[name="remove_point"][value="0"]').click()
    assert page.locator('[name="points-2-says"]').count() == 0
    assert point_values(page, 0) == {"where": "", "says": POINTS[1]["says"],
                                     "instead": "I finished the Triple P course on 20 January."}
    assert point_values(page, 1)["says"] == POINTS[2]["says"]
    assert page.locator('input[name="points-1-kind"][value="different"]').is_checked()

    # Check answers says the same, in order.
    page.goto("/en/check")
    main = page.locator("main").inner_text()
    assert "Point 1" in main and "Point 2" in main and "Point 3" not in main
    assert main.index(POINTS[1]["says"]) < main.index(POINTS[2]["says"])
    assert POINTS[0]["says"] not in main
    assert request_log.offsite == []


def choose_photo(page, path):
    """Press the page's photo button and pick a file in the phone's file chooser."""
    with page.expect_file_chooser() as chooser:
        page.locator(".govuk-file-upload-button, input[type=file][name=photo]").first.click()
    chooser.value.set_files(path)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_photo_from_the_file_chooser_reaches_check_answers_and_the_pdf(new_context, tmp_path, request_log,
                                                                          javascript):
    journey = journey_for("en")
    context = started(new_context, javascript, [k for k in journey if k not in ("child-views", "supporter-needs",
                                                                                 "helper")])
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(gps_jpeg(1600, 1200))
    page = context.new_page()
    page.goto("/en/step/child-views")
    choose_photo(page, photo)
    if javascript:
        # Shown at once, before anything is sent: read on the phone, not fetched.
        preview = page.locator(".app-photo-preview img")
        preview.wait_for()
        assert preview.get_attribute("src").startswith("data:image/jpeg")
        assert page.locator(".app-photo-preview").is_visible()
        assert page.locator(".govuk-file-upload-button").inner_text().find("IMG_2041.jpg") != -1
    page.locator("#photo_description").fill("Lucy's drawing of our house")
    with page.expect_navigation():
        page.locator('button[name="add_drawing"]').click()
    shown = page.locator("#drawings-0 img.app-drawing")
    assert shown.get_attribute("alt") == "Lucy's drawing of our house"
    assert shown.evaluate("img => img.complete && img.naturalWidth > 0")

    submit(page)
    for step_id in ("supporter-needs", "helper"):
        fill_step(page, journey[step_id], typing=False)
        submit(page)
    assert page.url.endswith("/en/check")
    on_check = page.locator("main img.app-drawing")
    assert on_check.count() == 1 and on_check.evaluate("img => img.complete && img.naturalWidth > 0")
    assert on_check.get_attribute("alt") == "Lucy's drawing of our house"
    assert page.locator('main a[href*="/drawing/"][href$="/remove"]').count() == 1

    with page.expect_navigation():
        page.locator('main a[href="/en/statement"]').click()
    with page.expect_download() as download:
        page.locator('main a[href="/en/statement.pdf"]').click()
    data = open(download.value.path(), "rb").read()
    images = [image.data for pdf_page in PdfReader(io.BytesIO(data)).pages for image in pdf_page.images]
    assert len(images) == 1 and exif_of(images[0]) == {}
    with Image.open(io.BytesIO(images[0])) as image:
        assert image.size == (1000, 750)
    assert request_log.offsite == []


def test_with_javascript_a_file_too_big_is_refused_before_it_is_sent(new_context, tmp_path, live_server):
    journey = journey_for("en")
    context = started(new_context, True, [k for k in journey if k not in ("child-views", "supporter-needs",
                                                                           "helper")])
    big = tmp_path / "huge.jpg"
    big.write_bytes(gps_jpeg() + b"\0" * (live_server.app.config["UPLOAD_FILE_MAX_BYTES"] + 1))
    page = context.new_page()
    page.goto("/en/step/child-views")
    page.locator("#child_views").fill("She wants to stay at her school.")
    choose_photo(page, big)
    message = page.locator(".app-photo-check")
    message.wait_for()
    assert message.inner_text() == "The photo must be smaller than 20 MB. Choose a smaller photo."
    assert page.evaluate("() => document.querySelector('input[name=photo]').files.length") == 0
    assert page.locator(".app-photo-preview").is_hidden()
    with page.expect_navigation():
        page.locator('button[name="add_drawing"]').click()
    assert page.locator("#child_views").input_value() == "She wants to stay at her school."
    assert page.locator('img.app-drawing[src*="/drawing/"]').count() == 0
