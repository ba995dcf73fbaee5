"""Photos of the child's drawing or writing (issue 15): cleaned before anything is kept,
kept only inside the sealed draft, shown only to this browser, never cached, in the PDF one
per half page with the caption, in the answers file as base64, and every file that cannot
be used is said so next to the photo box while nothing else typed is lost."""

from __future__ import annotations

import base64
import html
import io
import json
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from prep import drawings
from prep.statement import MAX_DRAWINGS

from .conftest import JourneyClient
from .images import PDF_AS_JPG, SVG, exif_of, gps_jpeg, png_bomb, truncated_jpeg
from .journey_data import FULL_JOURNEY, walk

UNTIL_CHILD_VIEWS = {k: v for k, v in FULL_JOURNEY.items() if k not in ("child-views", "supporter-needs", "helper")}
VIEWS = "Amelia says: “I want to stay at my school.”"


def error_next_to(page: str, field_id: str) -> str:
    match = re.search(rf'<p id="{re.escape(field_id)}-error" class="govuk-error-message">\s*'
                      r'<span class="govuk-visually-hidden">[^<]+</span>(.*?)</p>', page, re.S)
    assert match, f"no error message next to {field_id}"
    assert re.search(rf'aria-describedby="[^"]*\b{re.escape(field_id)}-error\b', page), field_id
    return html.unescape(match.group(1)).strip()


def page_values(page: str) -> dict[str, str]:
    """What a browser sends from a page's form as it stands: text boxes, text areas, checked radios."""
    values = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or (kind and kind.group(1) in ("file", "submit", "checkbox")):
            continue
        if kind and kind.group(1) == "radio" and "checked" not in tag:
            continue
        values[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\n?(.*?)</textarea>', page, re.S):
        values[name] = html.unescape(text)
    return values


def upload(client, data: bytes, name: str = "IMG_2041.jpg", description: str = "Amelia's house, with the sun",
           child: str = "Amelia", button: str = "add_drawing", **more):
    """Choose a photo on the page as it is, describe it and press `button`, as a browser would."""
    shown = page_values(client.get("/en/step/child-views").text)
    return client.submit("/en/step/child-views", {
        **shown, "child_views": VIEWS, "photo": (io.BytesIO(data), name), "photo_description": description,
        "photo_child": child, button: "1", **more}, content_type="multipart/form-data")


@pytest.fixture
def parent(client):
    walk(client, UNTIL_CHILD_VIEWS)
    return client


def answers(client) -> dict:
    return json.loads(client.get("/en/answers.json").data)


def photo_urls(page: str) -> list[str]:
    return [html.unescape(url) for url in re.findall(r'<img class="app-drawing" src="(/en/drawing/[^"]+)"', page)]


# --- a photo from a phone ----------------------------------------------------------------


def test_a_phones_photo_is_added_turned_the_right_way_and_stripped_of_everything_but_pixels(parent):
    sent = gps_jpeg(orientation=6)  # held sideways: the phone says "turn it a quarter"
    assert exif_of(sent)["gps:2"] == (51.0, 30.0, 12.5)  # the test photo does carry a place
    response = upload(parent, sent)
    assert response.status_code == 200, error_next_to(response.text, "photo")
    page = response.text
    assert "Photo 1" in page and 'value="Amelia&#39;s house, with the sun"' in page

    # The answers file carries it, base64, as a JPEG with nothing in it but pixels.
    data = answers(parent)
    assert data["schema"] == "conference-prep/statement@2"
    (photo,) = data["child_views"]["drawings"]
    assert photo["description"] == "Amelia's house, with the sun" and photo["child"] == "Amelia"
    jpeg = base64.b64decode(photo["jpeg"])
    assert exif_of(jpeg) == {}
    with Image.open(io.BytesIO(jpeg)) as image:
        assert image.format == "JPEG" and image.size == (750, 1000)  # upright (was 1600 × 1200), print size
        assert not image.getexif()
    assert drawings._only_pixels(jpeg)


def test_the_pdf_prints_the_photo_with_no_exif_and_the_caption(parent):
    upload(parent, gps_jpeg())
    walk(parent, {k: FULL_JOURNEY[k] for k in ("supporter-needs", "helper")})
    pdf = parent.get("/en/statement.pdf")
    assert pdf.status_code == 200
    reader = PdfReader(io.BytesIO(pdf.data))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1
    embedded = images[0].data
    assert embedded.startswith(b"\xff\xd8")  # the JPEG itself, not re-encoded by the PDF
    assert exif_of(embedded) == {}
    with Image.open(io.BytesIO(embedded)) as image:
        assert not image.getexif() and image.size == (1000, 750)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Amelia's house, with the sun" in text and "Whose it is: Amelia" in text and "Photo 1" in text


def test_the_photo_is_shown_only_to_this_browser_and_never_cached(parent, app):
    upload(parent, gps_jpeg())
    (url,) = photo_urls(parent.get("/en/step/child-views").text)
    assert re.fullmatch(r"/en/drawing/d[0-9a-f]{32}\.jpg", url)  # 128 random bits: not to be guessed
    shown = parent.get(url)
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"
    assert shown.headers["Cache-Control"] == "no-store"
    assert exif_of(shown.data) == {}
    with Image.open(io.BytesIO(shown.data)) as image:
        assert max(image.size) <= drawings.THUMB_SIDE  # a small copy for the page
    printed = parent.get(url + "?size=print")
    assert printed.status_code == 200 and len(printed.data) > len(shown.data)
    # Another browser (no session for this draft) gets nothing, not even a hint it exists.
    stranger = JourneyClient(app.test_client())
    assert stranger.get(url).status_code == 404
    # After Exit the address opens nothing either.
    parent.get("/exit")
    assert parent.get(url).status_code == 404


def test_check_answers_shows_the_photo_and_can_remove_it(parent):
    upload(parent, gps_jpeg())
    check = parent.get("/en/check").text
    (url,) = photo_urls(check)
    assert 'alt="Amelia&#39;s house, with the sun"' in check
    assert url.endswith(".jpg?size=small")  # a smaller copy than on the step
    key = url.split("/")[-1].split(".")[0]
    remove = f"/en/drawing/{key}/remove"
    assert f'href="{remove}"' in check
    confirm = parent.get(remove)
    assert confirm.status_code == 200 and "Remove this photo?" in confirm.text
    assert parent.submit(remove, {}).status_code == 303
    assert answers(parent)["child_views"]["drawings"] == []
    assert parent.get(url).status_code == 404
    assert "app-drawing" not in parent.get("/en/check").text
    assert answers(parent)["child_views"]["child_views"] == VIEWS  # nothing else went


def test_up_to_three_photos_each_described_and_removable_on_the_step(parent):
    for n in range(MAX_DRAWINGS):
        assert upload(parent, gps_jpeg(), description=f"Drawing {n + 1}").status_code == 200
    page = parent.get("/en/step/child-views").text
    assert len(photo_urls(page)) == 3
    assert 'name="photo"' not in page  # no fourth
    # Change one description, remove another, on the step itself.
    response = parent.submit("/en/step/child-views", {
        "child_views": VIEWS, "drawings-0-description": "Drawing 1", "drawings-0-child": "Amelia",
        "drawings-1-description": "The park, by Amelia", "drawings-1-child": "Amelia",
        "drawings-2-description": "Drawing 3", "drawings-2-child": "Amelia", "remove_drawing": "0"})
    assert response.status_code == 200
    saved = answers(parent)["child_views"]["drawings"]
    assert [d["description"] for d in saved] == ["The park, by Amelia", "Drawing 3"]
    assert 'name="photo"' in parent.get("/en/step/child-views").text


def test_a_fourth_photo_from_another_tab_is_refused_and_nothing_is_lost(parent):
    stale = parent.form_fields("/en/step/child-views")
    for n in range(MAX_DRAWINGS):
        upload(parent, gps_jpeg(), description=f"Drawing {n + 1}")
    response = parent.client.post("/en/step/child-views", data={
        **stale, "child_views": VIEWS, "photo": (io.BytesIO(gps_jpeg()), "late.jpg"),
        "photo_description": "One too many", "add_drawing": "1"}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert error_next_to(response.text, "photo") == "You can add up to 3 photos. Remove one to add another."
    assert 'value="One too many"' in response.text  # kept as typed
    assert len(photo_urls(response.text)) == 3  # the other tab's photos are on this page now
    data = answers(parent)
    assert [d["description"] for d in data["child_views"]["drawings"]] == ["Drawing 1", "Drawing 2", "Drawing 3"]


def test_a_photo_sent_with_save_and_continue_is_added_too(parent):
    response = upload(parent, gps_jpeg(), button="go", go="")
    assert response.status_code in (302, 303)
    assert len(answers(parent)["child_views"]["drawings"]) == 1


def test_a_photo_without_a_description_is_kept_and_listed_on_check_answers(parent):
    response = upload(parent, gps_jpeg(), description="")
    assert response.status_code == 200
    assert error_next_to(response.text, "drawings-0-description").startswith("Describe the photo")
    assert len(answers(parent)["child_views"]["drawings"]) == 1
    walk(parent, {k: FULL_JOURNEY[k] for k in ("supporter-needs", "helper")})
    check = html.unescape(parent.get("/en/check").text)
    assert "Your child's views:</span> Describe the photo" in check
    assert parent.get("/en/statement.pdf").status_code == 409


# --- files that cannot be used --------------------------------------------------------------

REFUSED = {
    "a 20,000 × 20,000 PNG": (png_bomb, "bomb.png", "The photo is too large to use."),
    "a file cut short": (truncated_jpeg, "IMG_2041.jpg", "The photo could not be opened."),
    "a PDF called .jpg": (lambda: PDF_AS_JPG, "scan.jpg", "The file must be a photo in JPG or PNG."),
    "an SVG": (lambda: SVG, "drawing.svg", "The file must be a photo in JPG or PNG."),
    "a 50 MB file": (lambda: gps_jpeg() + b"\0" * (50 * 1024 * 1024 - len(gps_jpeg())), "huge.jpg",
                     "The photo must be smaller than 20 MB. This one is 50 MB."),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_file_that_cannot_be_used_gets_a_message_next_to_the_box_and_nothing_typed_is_lost(parent, case):
    make, name, message = REFUSED[case]
    response = upload(parent, make(), name=name, description="Amelia's drawing of us")
    assert response.status_code == 400
    assert error_next_to(response.text, "photo").startswith(message)
    # What was typed with it is on the page again, and saved.
    page = response.text
    assert VIEWS.replace("“", "“") in html.unescape(page)
    assert 'value="Amelia&#39;s drawing of us"' in page
    assert answers(parent)["child_views"] == {"child_views": VIEWS, "drawings": []}
    # Gone and back: the words typed beside the file are still there, with the message.
    again = parent.get("/en/step/child-views").text
    assert 'value="Amelia&#39;s drawing of us"' in again
    assert error_next_to(again, "photo").startswith(message)
    # Check answers says it needs finishing; saving the page without the file clears it.
    assert "Your child's views:</span> " + message.split(".")[0] in html.unescape(parent.get("/en/check").text)
    parent.submit("/en/step/child-views", {"child_views": VIEWS, "photo_description": ""})
    assert "app-attention-list__step\">Your child" not in html.unescape(parent.get("/en/check").text)


def test_a_big_photo_is_read_into_memory_only_up_to_the_limit(app, parent, monkeypatch):
    from prep import uploads

    held, sent = [], []
    original = uploads.CappedFile.write

    def write(self, data):
        written = original(self, data)
        held.append(self.getbuffer().nbytes)
        sent.append(self.size)
        return written

    monkeypatch.setattr(uploads.CappedFile, "write", write)
    response = upload(parent, b"\xff\xd8\xff" + b"\0" * (30 * 1024 * 1024))
    assert response.status_code == 400
    assert max(held) == app.config["UPLOAD_FILE_MAX_BYTES"] + 1  # in memory: never more than this
    assert max(sent) == 30 * 1024 * 1024 + 3  # the rest was read and dropped


def test_other_pages_keep_their_smaller_limit(parent):
    big = "x" * (2 * 1024 * 1024)
    assert parent.client.post("/en/resume", data={"code": big}).status_code == 413


# --- kept only inside the sealed draft --------------------------------------------------------


def test_the_database_holds_no_image_bytes_in_the_clear(app, tmp_path, parent):
    upload(parent, gps_jpeg())
    jpeg = base64.b64decode(answers(parent)["child_views"]["drawings"][0]["jpeg"])
    app.extensions["database"].dispose()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file() and "sqlite" in p.name)
    assert len(raw) > len(jpeg)  # the draft is there, sealed
    # Neither the photo nor any 64-byte piece of it, in bytes or base64, nor what was sent.
    for start in range(0, len(jpeg) - 64, 4096):
        piece = jpeg[start:start + 64]
        assert piece not in raw
        assert base64.b64encode(piece)[8:72] not in raw
    sent = gps_jpeg()
    assert sent[2000:2064] not in raw and b"PhoneMaker" not in raw and b"Elm Road" not in raw


def test_deleting_the_answers_deletes_the_photo(parent):
    upload(parent, gps_jpeg())
    (url,) = photo_urls(parent.get("/en/step/child-views").text)
    parent.submit("/en/delete", {})
    assert parent.get(url).status_code == 404
