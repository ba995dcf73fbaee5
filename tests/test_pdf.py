"""The PDF statement, read back as a conference chair's viewer would read it."""

from __future__ import annotations

import datetime as dt
import re
import time

import flask_babel
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from prep import create_app
from prep.fonts import FONT_PATHS, NOTO_SANS, register_fonts
from prep.pdf import render_statement, style_sheet, to_markup
from prep.statement import LONG_TEXT_MAX, Statement
from prep.steps import STEPS

from .pdf_fixtures import (
    SHORT_ANSWERS, blank_statement, body_text, font_names, free_text_answers, full_statement, long_statement, page_texts,
    pdf_text, reader, squash, with_answers,
)

PREPARED = dt.date(2027, 1, 20)


@pytest.fixture(scope="module")
def app():
    return create_app({"TESTING": True})


@pytest.fixture
def render(app):
    """render(statement, **options) -> PDF bytes, in English, like the CLI."""
    def render(statement: Statement, **options) -> bytes:
        options.setdefault("prepared_on", PREPARED)
        with app.app_context(), flask_babel.force_locale("en"):
            return render_statement(statement, **options)
    return render


@pytest.fixture
def english(app):
    with app.app_context(), flask_babel.force_locale("en"):
        yield


def test_is_a_pdf(render):
    data = render(full_statement())
    assert data.startswith(b"%PDF-")
    assert len(reader(data).pages) >= 1


def test_every_answer_is_in_the_pdf(render, english):
    statement = full_statement()
    text = squash(pdf_text(render(statement)))
    for answer in free_text_answers(statement) + SHORT_ANSWERS:
        assert squash(answer) in text, answer
    assert flask_babel.format_date(PREPARED, "long") in text  # date prepared
    assert flask_babel.format_date(dt.date(2027, 2, 3), "long") in text  # conference date


def test_every_question_and_step_title_comes_from_the_step_list(render, english):
    statement = full_statement()
    text = squash(pdf_text(render(statement)))
    for step in STEPS:
        if not step.top_block:
            assert squash(str(step.title)) in text, step.id
        for row in step.rows(statement):
            assert squash(str(row.label)) in text, row.label


def test_sections_follow_the_step_order(render, english):
    text = squash(pdf_text(render(full_statement())))
    positions = [text.index(squash(str(step.title))) for step in STEPS if not step.top_block]
    assert positions == sorted(positions)


def test_top_block_comes_first_with_title(render, english):
    text = squash(pdf_text(render(full_statement())))
    title = "Parent's contribution to a child protection conference"
    assert text.startswith(title)
    first_section = min(text.index(str(s.title)) for s in STEPS if not s.top_block)
    for expected in [title, "Łucja Nowak", "Ștefan Nowak, age 7", "Review conference",
                     flask_babel.format_date(dt.date(2027, 2, 3), "long"), "Date prepared",
                     "Priya Shah", "Family advocate", "My supporter"]:
        assert text.index(expected) < first_section, expected


def test_page_x_of_y_and_marking_on_every_page(render):
    data = render(long_statement(), marking="OFFICIAL-SENSITIVE")
    pages = page_texts(data)
    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "OFFICIAL-SENSITIVE" in text
        assert "Łucja Nowak" in text  # header: loose pages can be matched


def test_default_marking_is_confidential(render):
    for text in page_texts(render(full_statement())):
        assert "Confidential" in text


def test_blank_answers_say_no_answer_given(render, english):
    statement = with_answers(full_statement(), done_well="", child_views="   \n ")
    text = pdf_text(render(statement))
    assert text.count("No answer given") == 2
    blank = pdf_text(render(blank_statement()))
    free_text_rows = sum(len(s.rows(blank_statement())) for s in STEPS if not s.top_block)
    assert blank.count("No answer given") >= free_text_rows


def test_no_helper_says_filled_in_without_help(render):
    statement = full_statement()
    statement.helper.name = statement.helper.role = ""
    text = squash(pdf_text(render(statement)))
    assert "Filled in without help" in text
    assert "Priya Shah" not in text


@pytest.mark.parametrize("typed", [
    "<b>not bold</b>", "fish &amp; chips", "<font size=40>huge</font>", "</para>", "<br/>",
    "a < b && c > d", "&nbsp;&lt;", '<img src="x.png"/>', "<para>", "]]>", "<!-- comment -->",
])
def test_markup_looking_text_is_shown_literally(render, typed):
    text = squash(pdf_text(render(with_answers(full_statement(), want_known=f"Before {typed} after"))))
    assert f"Before {typed} after" in text


def test_polish_romanian_cyrillic_and_greek_read_back(render):
    words = "Łucja Żółć gęślą jaźń; Ștefan Țăran îşi; Привет, мир; Ελλάδα"
    text = squash(pdf_text(render(with_answers(full_statement(), family_strengths=words))))
    assert words in text


def test_line_breaks_are_kept(render):
    typed = "First line\nSecond line\r\nThird line\n\nAfter a blank line"
    lines = [line.strip() for line in pdf_text(render(with_answers(full_statement(), done_well=typed))).splitlines()]
    for expected in ["First line", "Second line", "Third line", "After a blank line"]:
        assert expected in lines


def test_control_characters_do_not_break_it(render):
    typed = "Start\x00\x01\x07\x08\x0b\x0c\x1b\x7f\ud800\ufffe\x85 middle\tend"
    text = squash(pdf_text(render(with_answers(full_statement(), done_well=typed))))
    assert "Start middle end" in text


def test_emoji_become_named_placeholders_and_other_text_stays(render):
    typed = "I love them ❤️ so much 😢 👍🏽 🇬🇧 — Łucja"
    text = squash(pdf_text(render(with_answers(full_statement(), want_known=typed))))
    assert "I love them [red heart] so much [crying face] [thumbs up sign] [flag GB] — Łucja" in text


def test_text_in_a_script_without_a_font_is_noted_not_lost(render):
    typed = "Hello مرحبا بكم friend"
    text = squash(pdf_text(render(with_answers(full_statement(), want_known=typed))))
    assert "Hello [Arabic text that this PDF cannot show] friend" in text


def test_five_thousand_characters_in_every_answer(render):
    short = render(full_statement())
    data = render(long_statement(LONG_TEXT_MAX))
    assert len(reader(data).pages) > len(reader(short).pages) + 5
    text = squash(body_text(data, "Confidential", "Łucja Nowak"))
    for answer in free_text_answers(long_statement(LONG_TEXT_MAX)):
        assert len(answer) == LONG_TEXT_MAX
        assert squash(answer) in text


@pytest.mark.parametrize("word", ["x" * LONG_TEXT_MAX, "Ł" * LONG_TEXT_MAX, "<&>" * (LONG_TEXT_MAX // 3)])
def test_one_huge_unbroken_word_does_not_crash(render, word):
    statement = with_answers(full_statement(), **{key: word for key in ("done_well", "report_response")})
    data = render(statement)
    assert len(reader(data).pages) > 2
    assert word in body_text(data, "Confidential", "Łucja Nowak").replace("\n", "")


def test_huge_names_and_many_children_do_not_crash(render):
    statement = full_statement()
    statement.about.your_name = "N" * 200
    statement.about.children = [type(c)("C" * 200, "5") for c in statement.about.children * 7][:20]
    data = render(statement)
    header = [line for line in page_texts(data)[1].splitlines() if line.endswith("…")]
    assert header and set(header[0]) == {"N", "…"}  # the name is cut short to fit the header line
    text = "".join(body_text(data, "Confidential", header[0]).splitlines())
    assert text.count("C" * 200) == 20
    assert "N" * 200 in text


def test_large_print_has_same_content_in_bigger_type(render):
    standard, large = render(full_statement()), render(full_statement(), large_print=True)
    assert squash(" ".join(_body_lines(standard))) == squash(" ".join(_body_lines(large)))
    assert len(reader(large).pages) > len(reader(standard).pages)
    assert min(_font_sizes(large)) >= 14  # header/footer 14pt, everything else 16pt+
    assert max(_font_sizes(large)) >= 20


def test_style_sheet_sizes():
    standard, large = style_sheet(False), style_sheet(True)
    assert 11 <= standard.body.fontSize <= 12
    assert standard.heading.fontSize > standard.body.fontSize + 3
    assert large.body.fontSize >= 16 and large.value.fontSize >= 16
    assert large.heading.fontSize >= 20 and large.label.fontSize >= 20 and large.title.fontSize >= 20
    assert large.body.leading == pytest.approx(1.4 * large.body.fontSize, abs=0.1)
    # Built once per process.
    assert style_sheet(True) is large


def test_no_justification_no_italics_no_helvetica():
    for sheet in (style_sheet(False), style_sheet(True)):
        for style in (sheet.title, sheet.heading, sheet.label, sheet.body, sheet.blank, sheet.key, sheet.value):
            assert style.alignment == 0  # TA_LEFT
            assert style.fontName in (NOTO_SANS.regular, NOTO_SANS.bold)
            assert style.bulletFontName in (NOTO_SANS.regular, NOTO_SANS.bold)


def test_only_noto_sans_is_embedded(render):
    for data in (render(full_statement()), render(blank_statement(), large_print=True)):
        assert font_names(data) == {"NotoSans-Regular", "NotoSans-Bold"}
        assert b"Helvetica" not in data
        for page in reader(data).pages:
            for font in page["/Resources"]["/Font"].values():
                assert "/FontFile2" in font.get_object()["/FontDescriptor"]  # embedded, not referenced


def test_fonts_are_subset_so_the_file_is_small(render):
    assert all(p.stat().st_size > 400_000 for p in FONT_PATHS)
    assert len(render(full_statement())) < 100_000


def test_metadata(render):
    meta = reader(render(full_statement())).metadata
    assert meta.title == "Parent's contribution to a child protection conference: Łucja Nowak"
    assert meta.author == "Conference prep"
    assert "child protection conference" in meta.subject
    catalog = reader(render(full_statement())).trailer["/Root"]
    assert catalog["/Lang"] == "en"


def test_language_follows_the_locale(app):
    with app.app_context(), flask_babel.force_locale("pl"):
        data = render_statement(full_statement(), prepared_on=PREPARED)
    assert reader(data).trailer["/Root"]["/Lang"] == "pl"


def test_date_prepared_defaults_to_today(app):
    with app.app_context(), flask_babel.force_locale("en"):
        data = render_statement(full_statement())
        today = flask_babel.format_date(dt.date.today(), "long")
    assert today in squash(pdf_text(data))


def test_register_fonts_is_done_once():
    assert register_fonts() is register_fonts()


def test_markup_helper_escapes_before_adding_line_breaks():
    assert to_markup("a<b>&\nc", NOTO_SANS) == "a&lt;b&gt;&amp;<br/>c"


def test_long_statement_renders_in_reasonable_time(render):
    render(full_statement())  # warm up: fonts, styles
    start = time.perf_counter()
    render(long_statement())
    assert time.perf_counter() - start < 10


# --- helpers -----------------------------------------------------------------------
def _body_lines(data: bytes) -> list[str]:
    """Page text without the header/footer lines (which differ in page count)."""
    out = []
    for text in page_texts(data):
        out += [line for line in text.splitlines()
                if not re.fullmatch(r"Page \d+ of \d+|Confidential|Łucja Nowak", line.strip())]
    return out


def _font_sizes(data: bytes) -> set[float]:
    sizes = set()
    for page in reader(data).pages:
        content = page.get_contents().get_data().decode("latin-1")
        sizes |= {float(s) for s in re.findall(r"/F[\d+]+ ([\d.]+) Tf", content)}
    return sizes


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.text(max_size=400))
def test_any_text_at_all_renders_and_keeps_the_text_around_it(render, typed):
    data = render(with_answers(full_statement(), want_known=f"BEFORE {typed} AFTER"))
    text = body_text(data, "Confidential", "Łucja Nowak")
    assert "BEFORE" in text and "AFTER" in text
