"""Page furniture and the document around the story: the name and marking at
the top of every page, "Page X of Y" at the bottom, the outline (bookmarks),
and the file's metadata (title, language, XMP, right-to-left viewing).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import XMP
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate

from .english import Lang, beside, in_english
from .styles import RULE, WRITING_RULE, StyleSheet
from .text import Line, fit, text_width

AUTHOR = "Conference prep"


class Furniture:
    """What goes on every page: the parent's name and marking at the top, the
    marking and "Page X of Y" at the bottom (mirrored for right-to-left)."""

    def __init__(self, sheet: StyleSheet, lang: Lang, name: str, marking: str, page_x_of_y, name_line: str = ""):
        self.sheet, self.lang = sheet, lang
        self.name = name
        self.name_line = name_line  # paper form: "Your full name" and a line to write it on
        self.marking = marking
        self.page_text = str(page_x_of_y)
        self.page_english = None if lang.english else in_english(page_x_of_y)
        self._fitted: tuple[str, str] | None = None
        self._lines: dict[tuple, Line] = {}

    def _fit_once(self, width: float) -> tuple[str, str]:
        if self._fitted is None:
            sheet = self.sheet
            marking = fit(self.marking, sheet.furniture_bold, width / 2)
            marking_w = text_width(marking, sheet.furniture_bold)
            name = fit(self.name, sheet.furniture, width - marking_w - 6 * mm) if self.name else ""
            self._fitted = (name, marking)
        return self._fitted

    def page_label(self, page: int, pages: int) -> str:
        numbers = {"page": page, "pages": pages}
        english = self.page_english % numbers if self.page_english else None
        return beside(self.lang, self.page_text % numbers, english)

    def _line(self, text: str, style: ParagraphStyle, width: float, *, right: bool) -> Line:
        key = (text, style.name, right)
        if key not in self._lines:  # the same on every page: wrap (and shape) once
            self._lines[key] = Line.make(text, style, width, self.lang.rtl, right=right)
        return self._lines[key]

    def draw(self, canvas: Canvas, page: int, pages: int) -> None:
        sheet, size = self.sheet, self.sheet.sizes.furniture
        width, height = canvas._pagesize
        left, right = sheet.margin, width - sheet.margin
        inner = right - left
        name, marking = self._fit_once(inner)
        rtl = self.lang.rtl
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        # Top: name (start), marking (end).
        top = height - sheet.furniture_gap
        self._line(marking, sheet.furniture_bold, inner, right=not rtl).draw(canvas, left, top)
        if name:
            self._line(name, sheet.furniture, inner, right=rtl).draw(canvas, left, top)
        canvas.line(left, top - size * 0.5, right, top - size * 0.5)
        if self.name_line:
            self._draw_name_line(canvas, left, right, top)
        # Bottom: marking (start), page number (end).
        bottom = sheet.furniture_gap - size * 0.3
        canvas.line(left, bottom + size * 1.3, right, bottom + size * 1.3)
        self._line(marking, sheet.furniture_bold, inner, right=rtl).draw(canvas, left, bottom)
        Line.make(self.page_label(page, pages), sheet.furniture, inner, rtl, right=not rtl).draw(canvas, left, bottom)
        canvas.restoreState()


    def _draw_name_line(self, canvas: Canvas, left: float, right: float, top: float) -> None:
        """Paper form: "Your full name" and a line to write it on, on every page, at the start side."""
        sheet, rtl = self.sheet, self.lang.rtl
        label = self._line(self.name_line, sheet.furniture_bold, (right - left) * 0.5, right=rtl)
        label_width = text_width(self.name_line, sheet.furniture_bold)
        baseline = top - sheet.sizes.furniture * 2.4
        label.draw(canvas, right - (right - left) * 0.5 if rtl else left, baseline)
        canvas.setStrokeColor(WRITING_RULE)
        if rtl:
            canvas.line(right - label_width - 4 * mm - 70 * mm, baseline - 2, right - label_width - 4 * mm, baseline - 2)
        else:
            canvas.line(left + label_width + 4 * mm, baseline - 2, left + label_width + 4 * mm + 70 * mm, baseline - 2)


class OutlineEntry(Flowable):
    """An invisible mark: a bookmark to this point, in the PDF's outline."""

    def __init__(self, title: str, level: int = 0):
        super().__init__()
        self.title, self.level = title, level
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        # The page is only numbered later (NumberedCanvas holds pages back): note it now, add it then.
        _, y = self.canv.absolutePosition(0, 0)
        self.canv.outline_here.append((self.title, self.level, y))


class KeepWhole(KeepTogether):
    """KeepTogether that sees past a leading OutlineEntry. ReportLab takes a kept group's
    space before from its first item; an OutlineEntry has none, so a step heading's space
    went uncounted and the group's last line (an answer's English) could fall onto the
    next page on its own."""

    def getSpaceBefore(self):
        for item in self._content:
            if not hasattr(item, "frameAction") and not isinstance(item, OutlineEntry):
                return item.getSpaceBefore()
        return 0


class NumberedCanvas(Canvas):
    """Holds every page back until the end so each can say "Page X of Y", and
    adds the outline entries of each page as it is finally written."""

    def __init__(self, *args, furniture: Furniture, **kwargs):
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict] = []
        self.outline_here: list[tuple[str, int, float]] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()
        self.outline_here = []

    def save(self):
        total = len(self._pages)
        entries = 0
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._furniture.draw(self, number, total)
            for title, level, y in state["outline_here"]:
                key = f"section-{entries}"
                entries += 1
                self.bookmarkHorizontalAbsolute(key, y + 20)
                self.addOutlineEntry(title, key, level=level)
            super().showPage()
        if entries:
            self.showOutline()
        super().save()


def _xmp(title: str, subject: str, lang: str, made: dt.datetime):
    """An XMP packet with the same title, subject, author and language as the Info dictionary."""
    def xml(text: str) -> str:  # ASCII only: the stream is written as Latin-1
        return escape(text).encode("ascii", "xmlcharrefreplace").decode("ascii")

    stamp = made.strftime("%Y-%m-%dT%H:%M:%SZ")

    def packet(_doc) -> str:
        return f"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{xml(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{xml(subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>{AUTHOR}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>{xml(lang)}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>{AUTHOR}</xmp:CreatorTool>
   <xmp:CreateDate>{stamp}</xmp:CreateDate>
   <xmp:ModifyDate>{stamp}</xmp:ModifyDate>
   <pdf:Producer>ReportLab</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
    return XMP(creator=packet)


def build(story: list, sheet: StyleSheet, lang: Lang, *, title: str, subject: str, name: str,
          marking: str, page_x_of_y, name_line: str = "") -> bytes:
    """Lay out `story` on A4 with the page furniture; the file's title and
    subject say what it is, never whose it is (that is on the pages)."""
    furniture = Furniture(sheet, lang, name, marking, page_x_of_y, name_line)
    buf = io.BytesIO()
    top_margin = sheet.margin + sheet.sizes.furniture * (3.2 if name_line else 1)
    doc = SimpleDocTemplate(
        buf, pagesize=A4,
        leftMargin=sheet.margin, rightMargin=sheet.margin,
        topMargin=top_margin, bottomMargin=top_margin,
        title=title, author=AUTHOR, creator=AUTHOR, subject=subject,
        lang=lang.tag, displayDocTitle=True,
        initialFontName=sheet.family.regular,  # else every page references Helvetica
    )
    metadata = _xmp(title, subject, lang.tag, dt.datetime.now(dt.timezone.utc))

    def canvasmaker(*args, **kwargs):
        canvas = NumberedCanvas(*args, furniture=furniture, **kwargs)
        canvas._doc.Catalog.Metadata = metadata
        if lang.rtl:  # a viewer shows pages side by side, and turns them, right to left
            canvas.setViewerPreference("Direction", "R2L")
        return canvas

    doc.build(story, canvasmaker=canvasmaker)
    return buf.getvalue()


def frame_width(sheet: StyleSheet) -> float:
    return A4[0] - 2 * sheet.margin


__all__ = ["Furniture", "NumberedCanvas", "OutlineEntry", "build", "functools"]
