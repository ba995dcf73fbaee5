"""What every part of a document needs: its styles, its language, its text width."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from .english import Lang
from .styles import StyleSheet
from .text import para, text_flowables


@dataclass
class Doc:
    sheet: StyleSheet
    lang: Lang
    chair: bool = True  # the chair's copy; False: the parent's own (or the paper form, which is theirs)

    @property
    def width(self) -> float:
        return self.sheet.column_width

    def para(self, text: str, style: ParagraphStyle, *, furniture: bool = False, right: bool | None = None
             ) -> Paragraph:
        return para(text, style, self.lang.rtl, furniture=furniture, right=right)

    def answer(self, text: str, style: ParagraphStyle) -> list[Paragraph]:
        """A parent's answer of any length: long ones as several paragraphs (text_flowables)."""
        return text_flowables(text, style, self.lang.rtl, self.width)
