"""Sizes, colours and ReportLab paragraph styles of the PDFs (standard and large print)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from ..fonts import NOTO_SANS, FontFamily, register_fonts

TEXT = colors.HexColor("#0b0c0c")  # GOV.UK text colour
MUTED_HEX = "#505a5f"  # GOV.UK secondary text: 7:1 on white
MUTED = colors.HexColor(MUTED_HEX)
RULE = colors.HexColor("#b1b4b6")
WRITING_RULE = colors.HexColor("#6f777b")  # lines to write on: visible when photocopied

# Platypus frames keep this much white space inside each side of the text column.
FRAME_PADDING = 6


@dataclass(frozen=True)
class Sizes:
    body: float
    label: float  # the question above each answer
    heading: float  # each step's title
    title: float
    furniture: float  # header and footer lines
    english: float  # English beside a translated heading or label
    leading: float = 1.4  # line height as a multiple of font size
    stack_top_block: bool = False  # label above value instead of a two-column table
    writing_gap: float = 8.5 * mm  # between lines to write on (paper form)


# The one switch between standard and large print. Large print (RNIB clear
# print): everything 16pt or more, headings 20pt or more, the English beside
# them and the page furniture included; left aligned (right for right-to-left
# text), no italics, no justification, no columns.
SIZES = {
    False: Sizes(body=12, label=12.5, heading=17, title=21, furniture=9, english=11.5),
    True: Sizes(body=16, label=20, heading=24, title=28, furniture=16, english=16, stack_top_block=True,
                writing_gap=13 * mm),
}


@dataclass(frozen=True)
class StyleSheet:
    family: FontFamily
    sizes: Sizes
    title: ParagraphStyle
    heading: ParagraphStyle
    label: ParagraphStyle
    body: ParagraphStyle
    blank: ParagraphStyle  # "Not answered"
    key: ParagraphStyle  # top block, left column
    value: ParagraphStyle  # top block, right column
    title_en: ParagraphStyle  # the English under the title
    heading_en: ParagraphStyle
    label_en: ParagraphStyle
    key_en: ParagraphStyle
    note: ParagraphStyle  # "This translation has not been checked..."
    answers_note: ParagraphStyle  # "The answers are in Urdu, in the parent's own words..."
    hint: ParagraphStyle  # paper form: the example under a question
    sublabel: ParagraphStyle  # paper form: "1. Name" for each child
    furniture: ParagraphStyle
    furniture_bold: ParagraphStyle
    margin: float
    furniture_gap: float  # from page edge to header/footer baseline

    @property
    def english_styles(self) -> dict[str, ParagraphStyle]:
        return {"title": self.title_en, "heading": self.heading_en, "label": self.label_en, "key": self.key_en}

    @property
    def column_width(self) -> float:
        """The width text is laid out in: the page less margins and the frame's padding."""
        return A4[0] - 2 * self.margin - 2 * FRAME_PADDING


@functools.cache
def style_sheet(large_print: bool = False, family: FontFamily | None = None) -> StyleSheet:
    """ReportLab styles, built once per process for each size (and base family)."""
    register_fonts()
    family = family or NOTO_SANS
    s = SIZES[bool(large_print)]

    def style(name, size, bold=False, color=TEXT, before=0.0, after=0.0):
        return ParagraphStyle(
            name, fontName=family.face(bold), bulletFontName=family.regular,
            fontSize=size, leading=round(size * s.leading, 1), textColor=color, alignment=TA_LEFT,
            spaceBefore=before, spaceAfter=after,
            splitLongWords=1,  # a 5,000-character "word" wraps instead of overflowing
            allowWidows=0, allowOrphans=0,  # no lone first or last line of an answer
            shaping=0,  # on only in the variants for complex scripts (see variant)
        )

    english = s.english
    return StyleSheet(
        family=family,
        sizes=s,
        title=style("title", s.title, bold=True, after=s.body * 1.2),
        heading=style("heading", s.heading, bold=True, before=s.body * 1.6, after=s.body * 0.5),
        label=style("label", s.label, bold=True, before=s.body * 0.9, after=s.body * 0.25),
        body=style("body", s.body),
        blank=style("blank", s.body, color=MUTED),
        key=style("key", s.body, bold=True),
        value=style("value", s.body),
        # The English a chair relies on: as dark as the text, a little smaller than it.
        title_en=style("title-en", max(english, s.title * 0.6), before=-s.body * 0.9, after=s.body),
        heading_en=style("heading-en", max(english, s.heading * 0.7), before=-s.body * 0.35, after=s.body * 0.5),
        label_en=style("label-en", english, after=s.body * 0.25),
        key_en=style("key-en", english),
        note=style("note", english if large_print else s.body * 0.8, color=MUTED, after=s.body * 0.2),
        answers_note=style("answers-note", english, bold=True, after=s.body * 0.6),
        hint=style("hint", s.body, color=MUTED, after=s.body * 0.3),
        sublabel=style("sublabel", s.body, bold=True, before=s.body * 0.5, after=s.body * 0.2),
        furniture=style("furniture", s.furniture, color=MUTED),
        furniture_bold=style("furniture-bold", s.furniture, bold=True, color=MUTED),
        margin=(18 if large_print else 20) * mm,
        furniture_gap=(10 if large_print else 11) * mm,
    )


RTL_LEADING = 1.75  # Arabic script (drawn 1.2 times larger): taller letters, deeper descenders


@functools.lru_cache(maxsize=None)
def variant(style: ParagraphStyle, shaping: bool, rtl: bool, right: bool) -> ParagraphStyle:
    """The style for a paragraph that needs shaping, runs right to left, or is right aligned."""
    if not shaping and not rtl and right == (style.alignment == TA_RIGHT):
        return style
    leading = max(style.leading, round(style.fontSize * RTL_LEADING, 1)) if rtl else style.leading
    return ParagraphStyle(
        f"{style.name}{'-shaped' if shaping else ''}{'-rtl' if rtl else ''}{'-right' if right else ''}",
        parent=style, shaping=int(shaping), wordWrap="RTL" if rtl else None,
        alignment=TA_RIGHT if right else TA_LEFT, leading=leading,
    )
