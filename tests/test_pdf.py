"""The PDF statement, read back as a conference chair's viewer would read it."""

from __future__ import annotations

import datetime as dt
import functools
import re
import time
from types import SimpleNamespace

import flask_babel
import pytest
from fontTools.ttLib import TTFont as ToolsFont
from hypothesis import HealthCheck, given, settings, strategies as st
from reportlab.lib.enums import TA_RIGHT
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import KeepTogether, Paragraph, Table

import prep.pdf as pdf_module
from prep import create_app, i18n
from prep.bidi import BIDI_CONTROLS, is_rtl_char, paragraph_rtl
from prep.fonts import FONT_PATHS, NOTO_NASKH_ARABIC, NOTO_SANS, NOTO_SANS_BENGALI, NOTO_SANS_GURMUKHI, register_fonts, shape
from prep.pdf import paper_form as paper_module, styles as styles_module, text as text_module
from prep.pdf import (
    ScriptParagraph, paper_form_story, render_paper_form, render_statement, statement_story, style_sheet, to_markup,
)
from prep.statement import LONG_TEXT_MAX, Statement
from prep.steps import STEPS

from .pdf_fixtures import (
    MIXED, SAMPLES, SHORT_ANSWERS, TEST_TRANSLATIONS, UNREVIEWED, UNREVIEWED_FOR_CHAIR, blank_statement, body_text, font_names,
    free_text_answers, full_statement, long_statement, page_texts, pdf_text, reader, squash, statement_in,
    with_answers, write_test_translations,
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
            assert squash(str(step.heading)) in text, step.id
        for row in step.rows(statement):
            if row.point is not None:  # a point about the report: a row of the table, under its columns
                assert squash(row.point.says) in text and "Wrong (a fact)" in text
                continue
            # Page one of the chair's copy says who the parent is, not what they were asked.
            on_page_one = (step.top_block or row.page_one) and row.chair_label is not None
            assert squash(str(row.chair_label if on_page_one else row.label)) in text, row.label


def test_sections_follow_the_step_order(render, english):
    text = squash(pdf_text(render(full_statement())))
    positions = [text.index(squash(str(step.heading))) for step in STEPS if not step.top_block]
    assert positions == sorted(positions)


def test_top_block_comes_first_with_title(render, english):
    text = squash(pdf_text(render(full_statement())))
    title = "Parent's contribution to a child protection conference"
    assert text.startswith(title)
    first_section = min(text.index(str(s.heading)) for s in STEPS if not s.top_block)
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


def test_blanks_say_what_they_mean(render, english):
    statement = with_answers(full_statement(), done_well="", child_views="   \n ")
    text = squash(pdf_text(render(statement)))
    assert text.count("Not answered") == 1  # as the web page says it
    assert "Your child's views" not in text  # an optional step left blank is left out, not "not answered"
    blank = squash(pdf_text(render(blank_statement())))
    required_rows = sum(len(s.rows(blank_statement())) for s in STEPS if not s.top_block and not s.optional)
    assert blank.count("Not answered") >= required_rows - 2  # no supporter is one row, the interpreter on page one
    assert "Supporter Not bringing a supporter" in blank
    assert "Your supporter's name" not in blank  # not four blank rows


def test_no_to_an_interpreter_is_an_answer(render, english):
    statement = full_statement()
    statement.needs.interpreter, statement.needs.interpreter_language = False, ""
    assert "Interpreter needed No" in squash(pdf_text(render(statement)))
    statement.needs.interpreter = None
    assert "Interpreter needed Not answered" in squash(pdf_text(render(statement)))


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
    typed = "Hello 你好，朋友 friend"
    text = squash(pdf_text(render(with_answers(full_statement(), want_known=typed))))
    assert "Hello [CJK text that this PDF cannot show] friend" in text


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
    # (Points about the report are a table in standard print, a block each in large print:
    # tests/test_report_points.py.)
    statement = full_statement()
    statement.report.points = []
    standard, large = render(statement), render(statement, large_print=True)
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
    assert all(p.stat().st_size > 400_000 for p in FONT_PATHS if p.name.startswith("NotoSans-"))
    assert len(render(full_statement())) < 100_000


def test_metadata(render):
    meta = reader(render(full_statement())).metadata
    # What it is, never whose it is: a title shows in viewers' title bars and file lists.
    assert meta.title == "Parent's contribution to a child protection conference"
    assert "Łucja" not in str(dict(meta)) and "Nowak" not in str(dict(meta))
    assert meta.author == "Conference prep"
    assert "child protection conference" in meta.subject
    catalog = reader(render(full_statement())).trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"


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


# --- every language, every script ------------------------------------------------------
CODES = [lang.code for lang in i18n.LANGUAGES]
LATIN_OR_CYRILLIC = ["en", "cy", "pl", "ro", "pt", "uk", "so"]
SCRIPT_FAMILY = {"ar": NOTO_NASKH_ARABIC, "fa": NOTO_NASKH_ARABIC, "ur": NOTO_NASKH_ARABIC,
                 "bn": NOTO_SANS_BENGALI, "pa": NOTO_SANS_GURMUKHI}


@functools.cache
def file_cmap(path) -> frozenset[int]:
    """A font file's cmap, read with fontTools (not through prep.fonts)."""
    return frozenset(ToolsFont(str(path)).getBestCmap())


@pytest.fixture
def drawn(monkeypatch):
    """Records every run the PDF code gives a font (and every string it shapes)."""
    record = SimpleNamespace(runs=[], shaped=[])
    split, shaper = text_module.split_runs, text_module.shape

    def recording_split(text, *args, **kwargs):
        runs = split(text, *args, **kwargs)
        record.runs.extend(runs)
        return runs

    def recording_shape(text, face, size, rtl):
        result = shaper(text, face, size, rtl)
        record.shaped.append((text, face, result[0]))
        return result

    monkeypatch.setattr(text_module, "split_runs", recording_split)
    monkeypatch.setattr(text_module, "shape", recording_shape)
    return record


def assert_every_character_has_a_glyph(drawn) -> None:
    """Each run's characters are in the cmap of the font chosen for it (both
    faces: headings are bold), and shaping never fell back to .notdef."""
    assert drawn.runs
    for run in drawn.runs:
        for path in (run.family.regular_path, run.family.bold_path):
            missing = {ch for ch in run.text if ch != "\n" and ch not in BIDI_CONTROLS and ord(ch) not in file_cmap(path)}
            assert not missing, f"{path.name} has no {missing!r} (in {run.text!r})"
    for text, face, glyphs in drawn.shaped:
        to_glyph = pdfmetrics.getFont(face).face.charToGlyph
        assert all(to_glyph.get(ord(ch)) for ch in glyphs), f"{face}: .notdef shaping {text!r}"


def drawn_text(drawn) -> str:
    return "".join(run.text for run in drawn.runs)


def render_in(app, code: str, statement: Statement | None = None, **options) -> bytes:
    options.setdefault("prepared_on", PREPARED)
    with app.app_context(), flask_babel.force_locale(i18n.BY_CODE[code].locale):
        return render_statement(statement or statement_in(code), **options)


def flowables(items) -> list:
    """Every flowable in a story, inside KeepTogethers and table cells too."""
    out = []
    for item in items:
        if isinstance(item, (list, tuple)):
            out += flowables(item)
        elif isinstance(item, KeepTogether):
            out += flowables(item._content)
        elif isinstance(item, Table):
            out += flowables([cell for row in item._cellvalues for cell in row])
        else:
            out.append(item)
    return out


def paragraphs(story) -> list[Paragraph]:
    return [f for f in flowables(story) if isinstance(f, Paragraph)]


def embedded_fonts(data: bytes) -> dict[str, int]:
    """Each embedded font's BaseFont -> length of its font file in the PDF."""
    fonts = {}
    for page in reader(data).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            stream = font["/FontDescriptor"]["/FontFile2"].get_object()
            fonts[str(font["/BaseFont"]).lstrip("/")] = len(stream.get_data())
    return fonts


@pytest.fixture(scope="module")
def _translated_app(tmp_path_factory):
    folder = write_test_translations(tmp_path_factory.mktemp("translations"))
    return create_app({"TESTING": True, "BABEL_TRANSLATION_DIRECTORIES": folder})


def _forget_translations(app) -> None:
    # Flask-Babel caches catalogues by locale in one Domain shared by every app
    # made with prep's Babel(), so the real ones and ours must not meet there.
    with app.app_context():
        flask_babel.get_babel(app).instance.domain_instance.cache.clear()


@pytest.fixture
def translated_app(_translated_app):
    """An app with a few Polish and Arabic headings translated (tests/pdf_fixtures.py),
    so translated headings can be tested whatever state the real .po files are in."""
    _forget_translations(_translated_app)
    yield _translated_app
    _forget_translations(_translated_app)


@pytest.mark.parametrize("code", CODES)
def test_every_language_every_character_has_a_glyph(app, drawn, code):
    data = render_in(app, code)
    assert_every_character_has_a_glyph(drawn)
    drawn_chars = set(drawn_text(drawn))
    for sentence in SAMPLES[code].sentences + (SAMPLES[code].name,):
        assert set(sentence) - {" "} <= drawn_chars, sentence  # nothing dropped on the way
    assert b"Helvetica" not in data


@pytest.mark.parametrize("code", CODES)
def test_every_language_embeds_its_script_font_as_a_subset(app, code):
    data = render_in(app, code)
    fonts = embedded_fonts(data)
    names = {re.sub(r"^[A-Z]{6}\+", "", name) for name in fonts}
    assert {"NotoSans-Regular", "NotoSans-Bold"} <= names
    family = SCRIPT_FAMILY.get(code)
    if family:
        assert family.regular_path.stem in names  # its PostScript name, e.g. NotoSansBengali-Regular
    else:
        assert names == {"NotoSans-Regular", "NotoSans-Bold"}
    for name, size in fonts.items():
        assert re.match(r"^[A-Z]{6}\+", name), name  # a subset ...
        assert size < 60_000, (name, size)  # ... of a few KB, not the whole file


@pytest.mark.parametrize("code", LATIN_OR_CYRILLIC)
def test_latin_and_cyrillic_answers_read_back(app, code):
    text = squash(pdf_text(render_in(app, code)))
    for sentence in SAMPLES[code].sentences:
        assert squash(sentence) in text
    assert SAMPLES[code].name in text


@pytest.mark.parametrize("code", CODES)
def test_english_step_titles_in_every_language(app, code):
    text = squash(pdf_text(render_in(app, code)))
    with app.app_context():
        titles = {step.id: pdf_module.in_english(step.heading) for step in STEPS if not step.top_block}
    for step_id, title in titles.items():
        assert squash(title) in text, (code, step_id)


def test_translated_headings_have_their_english_beside(translated_app):
    statement = with_answers(statement_in("pl"), done_well="")
    statement.helper.name = statement.helper.role = ""
    data = render_in(translated_app, "pl", statement)
    text = squash(pdf_text(data))
    pl = TEST_TRANSLATIONS["pl"]
    for english in ["Parent's contribution to a child protection conference", "Strengths",
                    "What is good about your family?", "Parent or carer", "Date prepared"]:
        assert f"{pl[english]} {english}" in text, english  # translated, then the English under it
    assert "Wypełnione bez pomocy · Filled in without help" in text  # a fixed answer: on one line
    assert "Brak odpowiedzi · Not answered" in text
    assert "Matka · Mother" in text  # a fixed answer too
    assert "20 stycznia 2027 · 20 January 2027" in text  # the date in English beside the Polish
    pages = page_texts(data)
    for number, page in enumerate(pages, start=1):
        assert f"Strona {number} z {len(pages)} · Page {number} of {len(pages)}" in page


def test_english_pdf_has_no_english_beside(app):
    text = squash(pdf_text(render_in(app, "en")))
    assert text.count("Strengths") == 1
    assert UNREVIEWED not in text


def test_unreviewed_note_in_the_language_and_in_english(translated_app, drawn):
    # The parent's own copy: the whole note, with what to do about it.
    text = squash(pdf_text(render_in(translated_app, "pl", timeline=[])))
    assert squash(TEST_TRANSLATIONS["pl"][UNREVIEWED]) in text
    assert UNREVIEWED in text
    assert text.index(UNREVIEWED) < text.index("Mocne strony")  # near the top
    render_in(translated_app, "ar", timeline=[])
    assert squash(TEST_TRANSLATIONS["ar"][UNREVIEWED]) in squash(drawn_text(drawn))
    # The chair's copy: only that it is unchecked; asking for an interpreter is the parent's business.
    text = squash(pdf_text(render_in(translated_app, "pl")))
    assert UNREVIEWED_FOR_CHAIR in text and squash(TEST_TRANSLATIONS["pl"][UNREVIEWED_FOR_CHAIR]) in text
    assert "interpreter" not in text.split("Mocne strony")[0].replace("Interpreter needed", "")


def test_no_unreviewed_note_once_reviewed(translated_app, monkeypatch):
    monkeypatch.setattr(i18n, "is_reviewed", lambda code: True)
    text = squash(pdf_text(render_in(translated_app, "pl")))
    assert UNREVIEWED not in text
    assert "Mocne strony Strengths" in text


@pytest.mark.parametrize("which", ["app", "translated_app"])  # the real catalogues (however far), and ours
@pytest.mark.parametrize("code", ["ar", "ur", "fa"])
def test_right_to_left_paragraphs(request, which, code):
    app = request.getfixturevalue(which)
    with app.app_context(), flask_babel.force_locale(i18n.BY_CODE[code].locale):
        story = statement_story(statement_in(code), prepared_on=PREPARED)
    paras = paragraphs(story)
    rtl = [p for p in paras if paragraph_rtl(p.plain)]
    assert len(rtl) > 15
    for p in rtl:
        assert isinstance(p, ScriptParagraph), p.plain
        assert p.style.wordWrap == "RTL" and p.style.alignment == TA_RIGHT and p.style.shaping == 1, p.plain
    for p in paras:  # no Arabic-script letters: never right to left (a mixed heading or value may be)
        if not any(is_rtl_char(ch) for ch in p.plain):
            assert p.style.wordWrap != "RTL", p.plain
    # Headings and labels, in Arabic or not yet translated, sit on the right.
    headings = [p for p in paras if p.style.name.startswith(("heading", "label", "key", "title"))]
    assert headings and all(p.style.alignment == TA_RIGHT for p in headings)


def test_left_to_right_documents_stay_left_aligned(app):
    with app.app_context(), flask_babel.force_locale("bn"):
        story = statement_story(statement_in("bn"), prepared_on=PREPARED)
    for p in paragraphs(story):
        assert p.style.alignment == 0 and p.style.wordWrap != "RTL", p.plain
        assert p.style.shaping == (1 if isinstance(p, ScriptParagraph) else 0)


def test_latin_paragraphs_are_not_shaped(app):
    with app.app_context(), flask_babel.force_locale("en"):
        story = statement_story(full_statement(), prepared_on=PREPARED)
    assert not any(isinstance(p, ScriptParagraph) or p.style.shaping for p in paragraphs(story))


@pytest.mark.parametrize("name", sorted(MIXED))
def test_mixed_scripts_every_character_has_a_glyph(render, drawn, name):
    data = render(with_answers(full_statement(), want_known=MIXED[name]))
    assert_every_character_has_a_glyph(drawn)
    assert set(MIXED[name]) - {" "} <= set(drawn_text(drawn))
    assert b"Helvetica" not in data


@pytest.mark.parametrize("name, expected", [
    ("polish+english", ["Mój syn mówi: “I want to stay at my school.” Pani Sam Okafor o tym wie."]),
    ("cyrillic+latin", ["Мій син ходить до St Mary's Primary School, вчителька — Mrs Brown."]),
    ("urdu+english+digits", ["Sam Okafor", "12", "2027", "07700", "900123"]),
    ("bengali+english", ["Oakfield Primary School-", "GP"]),
    ("gurmukhi+english", ["Year 3", "Ms Patel"]),
])
def test_mixed_scripts_latin_reads_back(render, name, expected):
    text = squash(pdf_text(render(with_answers(full_statement(), want_known=MIXED[name]))))
    for words in expected:
        assert words in text, words


def _visual_pieces(text: str, style=None, rtl_doc=False) -> list[tuple[str, str]]:
    """(font, the parent's characters) of a one-line paragraph's pieces, left to right as drawn."""
    p = text_module.para(text, style or style_sheet(False).body, rtl_doc)
    p.wrap(1000, 1000)
    [line] = p.blPara.lines
    pieces = [(f.fontName, getattr(f, "said", None) or str(f.text)) for f in line.words]
    return [(font, said) for font, said in pieces if said.strip()]


def test_right_to_left_word_order_keeps_english_names_in_order():
    # The first strong letter is Arabic: right to left, however much English follows (as dir="auto").
    assert [t for _, t in _visual_pieces("مرحبا John Smith سلام")] == ["سلام", "John", "Smith", "مرحبا"]
    assert [t for _, t in _visual_pieces("Hello مرحبا سلام عليكم")] == ["Hello", "عليكم", "سلام", "مرحبا"]
    pieces = _visual_pieces("مرحبا John Smith سلام عليكم")
    assert [font for font, _ in pieces] == ["NotoNaskhArabic", "NotoNaskhArabic", "NotoSans", "NotoSans",
                                            "NotoNaskhArabic"]
    # The English name still reads left to right; the last word on the left, the first on the right.
    assert [t for _, t in pieces] == ["عليكم", "سلام", "John", "Smith", "مرحبا"]


def test_numbers_in_right_to_left_text_are_not_reversed():
    texts = [t for _, t in _visual_pieces("عندي ١٢ طفلا و 2024ء")]
    assert "١٢" in texts  # Arabic-Indic digits, left to right (HarfBuzz alone would reverse them)
    # "2024ء" read right to left: the number first, then the hamza to its left.
    assert texts[0] == "ء" and texts[1] == "2024"
    assert texts.index("١٢") > texts.index("2024")  # the first word of the line is on the right


def test_brackets_pair_up_in_right_to_left_text():
    # UAX #9 N0: the bracket pair around English in Urdu stays with it ("(CAB)", not ")CAB(").
    assert [t for _, t in _visual_pieces("میں نے Citizens Advice (CAB) سے بات کی")] == [
        "کی", "بات", "سے", "Citizens", "Advice", "(CAB)", "نے", "میں"]
    assert [t for _, t in _visual_pieces("Citizens Advice (CAB) سے")] == ["Citizens", "Advice", "(CAB)", "سے"]


def test_phone_numbers_keep_their_digit_groups_in_order():
    assert [t for _, t in _visual_pieces("فون 07700 900123 ہے")] == ["ہے", "07700", "900123", "فون"]
    assert [t for _, t in _visual_pieces("فون +44 7700 900123")] == ["+44", "7700", "900123", "فون"]


def test_a_font_change_inside_a_word(drawn):
    pieces = _visual_pieces("School-এ যাই")
    assert pieces[0] == ("NotoSans", "School-")
    assert pieces[1][0] == "NotoSansBengali"
    assert_every_character_has_a_glyph(drawn)


def test_brackets_in_arabic_text_use_a_font_that_has_them(drawn):
    pieces = _visual_pieces("(مرحبا) [سلام]")
    assert {font for font, text in pieces if text in "()[]"} == {"NotoSans"}
    assert_every_character_has_a_glyph(drawn)


@pytest.mark.parametrize("code", ["en", "ar", "bn"])
def test_large_print_sizes_in_every_script(app, code):
    data = render_in(app, code, large_print=True)
    sizes = _font_sizes(data)
    furniture = style_sheet(True).sizes.furniture
    assert min(sizes) >= furniture >= 14
    assert all(size >= 16 for size in sizes - {furniture}), sorted(sizes)
    assert max(sizes) >= 20


def test_large_print_style_variants_keep_the_sizes():
    sheet = style_sheet(True)
    for style in (sheet.body, sheet.value, sheet.blank, sheet.hint, sheet.label_en, sheet.key_en, sheet.heading_en,
                  sheet.title_en, sheet.note):
        assert style.fontSize >= 16, style.name
        for rtl in (False, True):
            variant = styles_module.variant(style, True, rtl, rtl)
            assert variant.fontSize == style.fontSize and variant.leading >= 1.39 * style.fontSize
            assert variant.alignment in (0, TA_RIGHT)  # never justified
    for style in (sheet.heading, sheet.label, sheet.title):
        assert style.fontSize >= 20


# --- the paper form ---------------------------------------------------------------------
@pytest.mark.parametrize("large_print", [False, True], ids=["standard", "large"])
@pytest.mark.parametrize("code", CODES)
def test_paper_form_in_every_language(app, drawn, code, large_print):
    with app.app_context():
        data = render_paper_form(language=code, large_print=large_print, marking="OFFICIAL-SENSITIVE")
        titles = [pdf_module.in_english(step.title) for step in STEPS]
    assert data.startswith(b"%PDF-") and b"Helvetica" not in data
    pages = page_texts(data)
    text = squash(" ".join(pages))
    for title in titles:
        assert squash(title) in text, title
    assert all("OFFICIAL-SENSITIVE" in page for page in pages)
    assert_every_character_has_a_glyph(drawn)
    if large_print:
        sizes = _font_sizes(data)
        assert all(size >= 16 for size in sizes - {style_sheet(True).sizes.furniture}), sorted(sizes)


def test_paper_form_in_english_has_every_question_and_choice(app):
    with app.app_context(), flask_babel.force_locale("en_GB"):
        data = render_paper_form(language="en")
        questions = [qn for step in STEPS for qn in paper_module.paper_questions(step.form)]
    text = squash(pdf_text(data))
    assert text.startswith("Questions to help you get ready for a child protection conference")
    assert "Write your answers in the spaces." in text
    for qn in questions:
        assert squash(str(qn.label)) in text, qn.label
        if str(qn.hint):
            assert squash(str(qn.hint)) in text, qn.hint
        for choice in qn.choices:
            if not isinstance(choice, paper_module.PaperQuestion):
                assert squash(str(choice)) in text, choice
    # + born yet for 3 children, the kind of 3 points about the report
    assert text.count("Tick one") == sum(qn.kind == "choice" for qn in questions) + 3 + 3
    for n in range(1, 4):
        assert f"{n}. Name" in text and f"{n}. Is this child born yet?" in text
        assert f"{n}. If not born yet: When is the baby due?" in text
    assert "4. Name" not in text
    for n in range(1, 4):
        assert f"{n}. What does the report say?" in text and f"{n}. What is the problem with it?" in text
    assert "4. What does the report say?" not in text
    # No photo on paper: the parent is told to bring the drawing.
    assert "If your child drew or wrote something for the meeting, you can bring it with you." in text
    assert "Describe the photo" not in text
    # Questions the web form asks only after a choice say when to answer them.
    for follow_up in ["If other: Tell us how you are related to the child",
                      "If you are not going: How will your views be given at the meeting?",
                      "If yes: Which language?"]:
        assert follow_up in text, follow_up


def test_paper_form_questions_come_from_the_step_forms(app):
    """Same questions, labels and choices as the web forms (no second list)."""
    from prep.forms import ChildForm, PointForm
    from wtforms import FieldList, RadioField

    with app.test_request_context(), flask_babel.force_locale("en_GB"):
        for step in STEPS:
            form = step.form(meta={"csrf": False})
            # (A tick box such as "I do not know the date yet", a list's hidden keys and the photo
            # are not asked on paper.)
            fields = [f for f in form if f.type != "CSRFTokenField"
                      and paper_module.asked_on_paper(step.form, f.name, getattr(step.form, f.name))]
            questions = paper_module.paper_questions(step.form)
            assert len(questions) == len(fields), step.id
            for field, qn in zip(fields, questions):
                if isinstance(field, FieldList):
                    assert qn.kind == field.name
                    sub = {"children": ChildForm, "points": PointForm}[field.name]()
                    assert [str(s.label) for s in qn.choices] == [f.label.text for f in sub if f.type != "HiddenField"]
                    continue
                assert str(qn.label) == field.label.text
                assert str(qn.hint) == str(field.description or "")
                if isinstance(field, RadioField):
                    assert qn.kind == "choice"
                    assert [str(c) for c in qn.choices] == [str(c.label) for c in field.choices]


def test_paper_form_has_boxes_to_tick_and_lines_to_write_on(app):
    with app.app_context():
        story = paper_form_story(language="en")
    items = flowables(story)
    boxes = sum(len(f.labels) for f in items if isinstance(f, paper_module.TickBoxes))
    lines = [f for f in items if isinstance(f, paper_module.WritingLines)]
    # relationship 6, conference type 3, attending 3, views 3, report had 2, chair told 2, interpreter 2,
    # born yet 2 x 3, kind of point 3 x 3
    assert boxes == 6 + 3 + 3 + 3 + 2 + 2 + 2 + 2 * 3 + 3 * 3
    # Free text: five lines, the first two kept with the question, the rest may go over the page.
    assert [f.count for f in lines].count(paper_module.KEEP_LINES) >= 14
    assert max(f.count for f in lines) == 5 - paper_module.KEEP_LINES
    assert min(f.count for f in lines) == 1  # names


def test_paper_form_large_print_choices_are_one_under_another(app):
    with app.app_context():
        story = paper_form_story(language="en", large_print=True)
    assert all(not f.across for f in flowables(story) if isinstance(f, paper_module.TickBoxes))


def test_paper_form_right_to_left(translated_app):
    with translated_app.app_context():
        story = paper_form_story(language="ar")
        data = render_paper_form(language="ar")
    assert all(f.rtl for f in flowables(story) if isinstance(f, (paper_module.TickBoxes, paper_module.WritingLines)))
    assert reader(data).trailer["/Root"]["/Lang"] == "ar"
    assert "Questions to help you get ready for a child protection conference" in squash(pdf_text(data))


def test_paper_form_links_from_the_start_page(app):
    client = app.test_client()
    standard = client.get("/en/paper-form.pdf")
    large = client.get("/ur/paper-form.pdf?size=large")
    for response in (standard, large):
        assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert len(reader(large.data).pages) > len(reader(standard.data).pages)


# --- long and awkward text in every script --------------------------------------------------
@pytest.mark.parametrize("code", ["ur", "bn", "pa", "fa"])
def test_five_thousand_characters_in_a_complex_script_split_over_pages(app, code):
    sentence = " ".join(SAMPLES[code].sentences) + " "
    statement = statement_in(code)
    short_pages = len(reader(render_in(app, code, statement)).pages)
    for section, key in [("strengths", "done_well"), ("worries", "report_response")]:
        setattr(statement.section(section), key, (sentence * 200)[:LONG_TEXT_MAX])
    data = render_in(app, code, statement)
    # Two answers of 5,000 characters need at least a page each more than the short statement.
    assert len(reader(data).pages) >= short_pages + 2


@pytest.mark.parametrize("word", ["ب" * LONG_TEXT_MAX, "ক্ষ" * (LONG_TEXT_MAX // 3), "١٢٣" * (LONG_TEXT_MAX // 3)])
def test_one_huge_unbroken_word_in_a_complex_script_does_not_crash(render, word):
    data = render(with_answers(full_statement(), done_well=word, report_response=f"Before {word} after"))
    assert len(reader(data).pages) > 2
    assert "Before" in pdf_text(data)


MIXED_ALPHABET = st.sampled_from(
    list("abcŁżЖї 0123456789.,;:!?()[]«»“”-—/%£€'\"\n") + list("مرحبا١٢٣۱۲۳پچژگکیہےںٹ،؛؟۔") + ["\u200c", "\u200d"]
    + list("আমরাক্ষস্কুলে।") + list("ਅਸੀਂਕ੍ਰਿਪਾ") + ["\u064b", "\u0654", "😢", "\ufe0f", "中"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.text(alphabet=MIXED_ALPHABET, max_size=300))
def test_any_mix_of_scripts_renders_in_a_right_to_left_pdf(app, typed):
    statement = with_answers(statement_in("ar"), want_known=f"BEFORE {typed} AFTER")
    data = render_in(app, "ar", statement)
    text = pdf_text(data)
    assert "BEFORE" in text and "AFTER" in text
    assert b"Helvetica" not in data
