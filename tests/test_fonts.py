"""The fonts shipped for the PDF, and how text is cut into runs, ordered and shaped."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from fontTools.ttLib import TTFont as ToolsFont
from hypothesis import given, settings, strategies as st

from prep import i18n
from prep.bidi import levels as bidi_levels, paragraph_rtl, visual_order
from prep.fonts import (
    BY_FACE, FAMILIES, FONT_DIR, FONT_PATHS, LANGUAGE_SCRIPTS, NOTO_NASKH_ARABIC, NOTO_SANS, NOTO_SANS_BENGALI,
    NOTO_SANS_GURMUKHI, drawable, family_cmap, family_for, register_fonts, shape, split_runs,
)

from .pdf_fixtures import MIXED, SAMPLES

README = (FONT_DIR / "README.md").read_text(encoding="utf-8")


def file_cmap(path: Path) -> set[int]:
    return set(ToolsFont(str(path)).getBestCmap())


# --- the files -------------------------------------------------------------------------
def test_every_font_file_ships_with_the_licence_and_is_listed():
    assert (FONT_DIR / "OFL.txt").read_text(encoding="utf-8").startswith("Copyright")
    shipped = sorted(p.name for p in FONT_DIR.glob("*.ttf"))
    assert shipped == sorted(p.name for p in FONT_PATHS)  # nothing unused, nothing missing
    for name in shipped:
        assert f"`{name}`" in README, name


def test_font_files_are_a_reasonable_size():
    sizes = {p.name: p.stat().st_size for p in FONT_PATHS}
    assert all(40_000 < size < 600_000 for size in sizes.values()), sizes
    assert sum(sizes.values()) < 2_500_000


def test_static_truetype_regular_and_bold():
    for family in FAMILIES:
        for path, weight in ((family.regular_path, 400), (family.bold_path, 700)):
            font = ToolsFont(str(path))
            assert "glyf" in font and "fvar" not in font, path.name  # static TrueType, not variable
            assert font["OS/2"].usWeightClass == weight, path.name


def test_register_fonts_once_and_every_face_known():
    assert register_fonts() is register_fonts()
    for family in FAMILIES:
        assert BY_FACE[family.regular] is family and BY_FACE[family.bold] is family


@pytest.mark.parametrize("family, blocks, punctuation", [
    (NOTO_SANS, [(0x20, 0x7E), (0xA0, 0x17F), (0x218, 0x21B), (0x400, 0x45F), (0x490, 0x491)], "“”‘’–—…•€£"),
    (NOTO_NASKH_ARABIC, [(0x600, 0x6FF)], "،؛؟۔٪٫٬«»."),  # Arabic, with Persian and Urdu letters
    (NOTO_SANS_BENGALI, [(0x980, 0x9FF)], "।॥"),
    (NOTO_SANS_GURMUKHI, [(0xA00, 0xA7F)], "।॥"),
])
def test_each_family_has_every_letter_of_its_scripts(family, blocks, punctuation):
    cmap = file_cmap(family.regular_path) & file_cmap(family.bold_path)
    wanted = [cp for lo, hi in blocks for cp in range(lo, hi + 1) if unicodedata.category(chr(cp))[0] in "LMN"]
    for cp in wanted + [ord(ch) for ch in punctuation]:
        assert cp in cmap, f"{family.name} lacks U+{cp:04X} {unicodedata.name(chr(cp), '')}"


def test_family_for_every_language():
    for lang in i18n.LANGUAGES:
        family = family_for(lang.code)
        script = LANGUAGE_SCRIPTS.get(lang.code)
        assert family is (NOTO_SANS if script is None else next(f for f in FAMILIES if script in f.scripts))
        assert family.rtl == lang.rtl, lang.code


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_every_sample_answer_can_be_drawn(code):
    sample = SAMPLES[code]
    for text in (*sample.sentences, sample.name, sample.supporter):
        assert {ord(ch) for ch in text} <= drawable(), text


# --- runs ------------------------------------------------------------------------------
def runs_of(text: str) -> list[tuple[str, str]]:
    return [(run.family.name, run.text) for run in split_runs(text)]


def test_latin_and_cyrillic_are_one_run():
    assert runs_of(MIXED["polish+english"]) == [("NotoSans", MIXED["polish+english"])]
    assert runs_of(MIXED["cyrillic+latin"]) == [("NotoSans", MIXED["cyrillic+latin"])]


def test_an_english_name_and_digits_in_urdu():
    runs = runs_of("میری سوشل ورکر Sam Okafor ہیں۔ فون 07700 900123۔")
    assert runs == [
        ("NotoNaskhArabic", "میری سوشل ورکر "),
        ("NotoSans", "Sam Okafor "),  # the space after a name goes with it
        ("NotoNaskhArabic", "ہیں۔ فون 07700 900123۔"),  # digits stay with the Urdu around them
    ]


def test_punctuation_the_arabic_font_lacks_comes_from_noto_sans():
    assert runs_of("(مرحبا)") == [("NotoSans", "("), ("NotoNaskhArabic", "مرحبا"), ("NotoSans", ")")]
    assert runs_of("«سلام»، ١٢") == [("NotoNaskhArabic", "«سلام»، ١٢")]


def test_bengali_with_an_english_word_attached():
    assert runs_of("School-এ যাই") == [("NotoSans", "School-"), ("NotoSansBengali", "এ যাই")]
    assert runs_of("৫০€") == [("NotoSansBengali", "৫০"), ("NotoSans", "€")]


def test_leading_common_characters_join_the_first_letters():
    assert runs_of("12. ਪੰਜਾਬੀ") == [("NotoSansGurmukhi", "12. ਪੰਜਾਬੀ")]
    assert runs_of("2024") == [("NotoSans", "2024")]


def test_joiners_stay_in_the_word():
    # Persian ZWNJ and Bengali ZWJ (ya-phala) must reach HarfBuzz with their word.
    assert runs_of("می‌کنیم") == [("NotoNaskhArabic", "می‌کنیم")]
    assert runs_of("র‍্যাব") == [("NotoSansBengali", "র‍্যাব")]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*MIXED.values(), *(s for sample in SAMPLES.values() for s in sample.sentences),
                                 " ", "\n", "(", ")", "«", "—", "12", "١٢", "€", "\u200c", "\u200d", "\u064b"]),
                max_size=8))
def test_runs_keep_the_text_and_have_the_glyphs(pieces):
    text = "".join(pieces)
    runs = split_runs(text)
    joined = "".join(run.text for run in runs)
    # Only invisible marks and joiners with no font where they stand are dropped.
    i, dropped = 0, []
    for ch in text:
        if i < len(joined) and joined[i] == ch:
            i += 1
        else:
            dropped.append(ch)
    assert i == len(joined)  # the runs are the text, in order ...
    assert all(unicodedata.category(ch) in ("Mn", "Cf") for ch in dropped), dropped  # ... less invisible marks
    for run in runs:
        assert run.text
        assert all(ord(ch) in family_cmap(run.family) for ch in run.text if ch != "\n"), run
    for a, b in zip(runs, runs[1:]):
        assert a.family is not b.family  # runs are maximal


# --- direction -------------------------------------------------------------------------
def visual(text: str, base: int) -> str:
    levels = bidi_levels(text, base)
    return "".join(text[i] for i in visual_order(levels))


@pytest.mark.parametrize("text, base, expected", [
    ("abc", 0, "abc"),
    ("abc مرحبا def", 0, "abc ابحرم def"),
    ("مرحبا John Smith سلام", 1, "مالس John Smith ابحرم"),
    ("میں 2024 میں", 1, "ںیم 2024 ںیم"),
    ("١٢٣ مارس", 1, "سرام ١٢٣"),  # Arabic-Indic digits keep their order
    ("2024ء", 1, "ء2024"),
    ("Tel: 07700 900123", 1, "Tel: 07700 900123"),
    ("£400 ایک", 1, "کیا £400"),
])
def test_bidi_visual_order(text, base, expected):
    assert visual(text, base) == expected


def test_bidi_levels():
    assert bidi_levels("abc", 0) == [0, 0, 0]
    assert bidi_levels("ابج", 1) == [1, 1, 1]
    assert bidi_levels("ab 12", 1) == [2, 2, 2, 2, 2]
    assert bidi_levels("ا 12", 1) == [1, 1, 2, 2]
    assert bidi_levels("بًا", 1) == [1, 1, 1]  # a mark takes its letter's level


def test_paragraph_direction_is_the_first_strong_letter_as_dir_auto():
    assert paragraph_rtl("ہم ہر اتوار کو Sam Okafor کے ساتھ")
    assert not paragraph_rtl("Meeting with فاطمة on Monday")
    # Mostly Latin letters, but the first strong one is Persian: right to left, as on the web page.
    assert paragraph_rtl("خواهرم Zahra Karimi و دوستم Leila Ahmadi کمک می‌کنند.")
    assert not paragraph_rtl("07700 900123")
    assert paragraph_rtl("07700 900123", default=True)
    assert not paragraph_rtl("\u2067مرحبا\u2069 hello")  # what is inside an isolate does not count


# --- shaping ---------------------------------------------------------------------------
def glyphs_and_text(shaped, face: str) -> tuple[list[int], str]:
    """The glyph ids a shaped string draws, and the text a PDF reader gets back from them."""
    font = pdfmetrics.getFont(face)
    return ([font.face.charToGlyph[ord(code)] for code in shaped],
            "".join(font.glyph_texts.get(ord(code), code) for code in shaped))


def test_shaping_arabic_joins_letters_and_keeps_the_letters():
    text, width = shape("مرحبا", "NotoNaskhArabic", 12, rtl=True)
    assert len(text) == 5 and width > 0
    glyphs, said = glyphs_and_text(text, "NotoNaskhArabic")
    isolated = [pdfmetrics.getFont("NotoNaskhArabic").face.charToGlyph[ord(ch)] for ch in "مرحبا"[::-1]]
    assert glyphs != isolated  # joined forms, not the letters on their own
    assert said == "مرحبا"[::-1]  # ... that read back as the letters (right to left: as drawn)


def test_a_ligature_reads_back_as_its_letters():
    text, _ = shape("لا", "NotoNaskhArabic", 12, rtl=True)
    assert glyphs_and_text(text, "NotoNaskhArabic")[1] == "ال"  # lam-alef, as drawn right to left
    text, _ = shape("ক্ষ", "NotoSansBengali", 12, rtl=False)
    glyphs, said = glyphs_and_text(text, "NotoSansBengali")
    assert len(glyphs) == 1 and said == "ক্ষ"  # one conjunct glyph, three letters
    text, _ = shape("রহিমা", "NotoSansBengali", 12, rtl=False)
    glyphs, said = glyphs_and_text(text, "NotoSansBengali")
    assert said == "রহিমা"  # the i-sign is drawn before হ, but reads after it


def test_shaping_digits_left_to_right():
    text, _ = shape("١٢٣", "NotoNaskhArabic", 12, rtl=False)
    assert str(text) == "١٢٣"  # in order; nothing to position, so a plain string (drawn more cheaply)
    assert not hasattr(text, "__shapeData__")


def test_brackets_are_mirrored_right_to_left():
    charmap = pdfmetrics.getFont("NotoSans").face.charToGlyph
    assert glyphs_and_text(shape("(", "NotoSans", 12, rtl=True)[0], "NotoSans") == ([charmap[ord(")")]], "(")
    assert glyphs_and_text(shape("(", "NotoSans", 12, rtl=False)[0], "NotoSans") == ([charmap[ord("(")]], "(")


def test_bengali_conjuncts_form():
    text, _ = shape("ক্ষমা", "NotoSansBengali", 12, rtl=False)
    assert len(text) < len("ক্ষমা")  # ক + ্ + ষ make one glyph


@pytest.mark.parametrize("word", ["معًا", "بِسْمِ", "ژانویهٔ", "شُكْرًا"])
def test_a_shaped_string_never_starts_with_a_raised_glyph(word):
    # ReportLab 5.1 cannot draw a shaped string whose first glyph has a y offset.
    text, _ = shape(word, "NotoNaskhArabic", 12, rtl=True)
    assert text.__shapeData__[0].y_offset == 0  # marks: positioned, so a ShapedStr
