"""The blank paper form: every question with space to write by hand, for
parents who will not use a phone (a social worker prints it)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer

from .. import questions as q
from ..steps import STEPS
from .document import Doc
from .english import beside, in_english, lang_for, with_english
from .furniture import KeepWhole, OutlineEntry, build
from .statement import PAGE_X_OF_Y, title_block
from .styles import TEXT, WRITING_RULE, style_sheet


def render_paper_form(*, language: str, large_print: bool = False, marking: str = "Confidential") -> bytes:
    """Every question with space to write by hand, in `language` (a code in
    prep.i18n.LANGUAGES; English if unknown), as PDF bytes. Call inside an app context."""
    lang = lang_for(language)
    with force_locale(lang.language.locale):
        story = paper_form_story(language=lang.language.code, large_print=large_print)
        # A name line at the top of every page, so loose pages can be put together again.
        return build(story, style_sheet(bool(large_print)), lang, title=str(q.PAPER_FORM_TITLE),
                     subject=str(q.PAPER_FORM_TITLE), name="", marking=marking, page_x_of_y=PAGE_X_OF_Y,
                     name_line=beside(lang, str(q.ABOUT_YOU[0].label), in_english(q.ABOUT_YOU[0].label)))


def paper_form_story(*, language: str, large_print: bool = False) -> list:
    """The paper form's flowables, in `language`."""
    lang = lang_for(language)
    with force_locale(lang.language.locale):
        return _story(Doc(style_sheet(bool(large_print)), lang, chair=False))
class WritingLines(Flowable):
    """Ruled lines to write on, the full width (or `fraction` of it from the start side)."""

    def __init__(self, count: int, gap: float, fraction: float = 1.0, rtl: bool = False):
        super().__init__()
        self.count, self.gap, self.fraction, self.rtl = count, gap, fraction, rtl

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return availWidth, self.count * self.gap

    def split(self, availWidth, availHeight):
        # The rest of a long answer's lines may go on over the page: no half-empty pages.
        fits = int(availHeight // self.gap)
        if fits < 1 or fits >= self.count:
            return []
        return [WritingLines(fits, self.gap, self.fraction, self.rtl),
                WritingLines(self.count - fits, self.gap, self.fraction, self.rtl)]

    def draw(self):
        canvas = self.canv
        length = self.width * self.fraction
        x0 = self.width - length if self.rtl else 0
        canvas.saveState()
        canvas.setStrokeColor(WRITING_RULE)
        canvas.setLineWidth(0.6)
        for i in range(self.count):
            y = self.count * self.gap - (i + 1) * self.gap
            canvas.line(x0, y, x0 + length, y)
        canvas.restoreState()


class TickBoxes(Flowable):
    """Empty boxes to tick, each with its choice beside it: side by side when
    they all fit on one line (and `across` allows it), else one under another."""

    def __init__(self, labels: list[Paragraph], size: float, rtl: bool = False, across: bool = True):
        super().__init__()
        self.labels, self.size, self.rtl, self.across = labels, size, rtl, across
        self.gap = size * 0.6  # box to its label
        self.space = size * 2  # between choices side by side

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        text_width = availWidth - self.size - self.gap
        self.heights, self.natural = [], []
        for label in self.labels:
            _, h = label.wrap(text_width, availHeight)
            self.heights.append(h)
            self.natural.append(max(label.getActualLineWidths0() or [0]))
        pad = self.size * 0.35
        one_line = all(h <= label.style.leading * 1.01 for h, label in zip(self.heights, self.labels))
        total = sum(self.size + self.gap + w for w in self.natural) + self.space * (len(self.labels) - 1)
        self.horizontal = self.across and one_line and total <= availWidth
        if self.horizontal:
            self.height = max([self.size, *self.heights]) + pad
        else:
            self.height = sum(max(h, self.size) + pad for h in self.heights)
        return availWidth, self.height

    def _box(self, x: float, top: float, leading: float) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(TEXT)
        canvas.setLineWidth(1)
        canvas.rect(x, top - (leading + self.size) / 2, self.size, self.size, stroke=1, fill=0)  # centred on line 1
        canvas.restoreState()

    def draw(self):
        pad = self.size * 0.35
        top = self.height
        x = 0.0  # from the start side: the left, or the right when right to left
        for label, h, natural in zip(self.labels, self.heights, self.natural):
            leading = label.style.leading
            if self.horizontal:
                box_x = self.width - x - self.size if self.rtl else x
                # Right to left, the label is right aligned in its width, so it ends by its box.
                label_x = box_x - self.gap - label.width if self.rtl else box_x + self.size + self.gap
                self._box(box_x, top, leading)
                label.drawOn(self.canv, label_x, top - h)
                x += self.size + self.gap + natural + self.space
            else:
                box_x = self.width - self.size if self.rtl else 0
                self._box(box_x, top, leading)
                label.drawOn(self.canv, 0 if self.rtl else self.size + self.gap, top - h)
                top -= max(h, self.size) + pad


@dataclass(frozen=True)
class PaperQuestion:
    label: object
    hint: object
    kind: str  # "short", "long", "date", "choice", "children"
    choices: tuple = ()
    name: str = ""  # the form field's name
    # On the web this question only appears after a choice ("Other", "No", "Yes", "Not born yet");
    # on paper it says when to answer it.
    when: object = None


PAPER_CHILDREN = 3  # space for this many children (the web form takes any number)
PAPER_POINTS = 3  # space for this many points about the report (the web form takes 30)
# A list on a step: (what its entries are on paper, how many spaces, its intro question and hint).
PAPER_LISTS = {"children": (PAPER_CHILDREN, q.CHILDREN[0].label, q.CHILDREN[0].hint),
               "points": (PAPER_POINTS, q.POINTS, q.POINTS_HINT)}
# Said at the end of a step on paper, where the web page asks for something paper cannot take.
PAPER_NOTES = {"child-views": q.DRAWINGS_PAPER}
FOLLOW_UPS = {"relationship_other": q.IF_OTHER, "views_put_by": q.IF_NOT_GOING, "interpreter_language": q.IF_YES,
              "due_date": q.IF_NOT_BORN, "name_latin": q.IF_NOT_LATIN}


def asked_on_paper(form_cls, name: str, field) -> bool:
    """Whether a form's field is a question on paper: not a tick box ("I do not know the date
    yet": on paper, the date is left blank), not a hidden key, not a photo (PAPER_SKIP)."""
    from wtforms import BooleanField, FileField, HiddenField

    return (not issubclass(field.field_class, (BooleanField, HiddenField, FileField))
            and name not in getattr(form_cls, "PAPER_SKIP", ()))


def paper_questions(form_cls) -> list[PaperQuestion]:
    """The questions a step's form asks, read from its (unbound) fields in order."""
    from wtforms import FieldList, FormField, RadioField, StringField, TextAreaField
    from wtforms.fields.core import UnboundField

    from ..forms import DateParts

    fields = sorted(((name, getattr(form_cls, name)) for name in dir(form_cls)
                     if not name.startswith("_") and isinstance(getattr(form_cls, name, None), UnboundField)),
                    key=lambda item: (item[1].creation_counter, item[0]))
    out = []
    for name, field in fields:
        cls = field.field_class
        if not asked_on_paper(form_cls, name, field):
            continue
        label = field.args[0] if field.args else field.kwargs.get("label", "")
        hint = field.kwargs.get("description", "")
        when = FOLLOW_UPS.get(name)
        if issubclass(cls, FieldList):
            child = field.args[0]
            sub = child.args[0] if child.field_class is FormField else None
            _, label, hint = PAPER_LISTS[name]
            out.append(PaperQuestion(label, hint, name, tuple(paper_questions(sub)) if sub else (), name))
        elif issubclass(cls, RadioField):
            choices = tuple(getattr(c, "label", None) or c[1] for c in field.kwargs.get("choices", ()))
            out.append(PaperQuestion(label, hint, "choice", choices, name, when))
        elif issubclass(cls, DateParts):
            out.append(PaperQuestion(label, hint, "date", (), name, when))
        elif issubclass(cls, TextAreaField):
            out.append(PaperQuestion(label, hint, "long", (), name, when))
        elif issubclass(cls, StringField):
            out.append(PaperQuestion(label, hint, "short", (), name, when))
    return out


PAPER_LINES = {False: 5, True: 5}  # lines to write each free-text answer on: standard, large print
KEEP_LINES = 2


def paper_question(question: PaperQuestion, doc: Doc, number: str = "",
                   label_style: ParagraphStyle | None = None, hint: bool = True) -> list:
    sheet, lang = doc.sheet, doc.lang
    sizes = sheet.sizes
    when = f"{question.when} " if question.when else ""
    label = f"{number}{when}{question.label}"
    english = None if lang.english else (
        f"{number}{in_english(question.when) + ' ' if question.when else ''}{in_english(question.label)}")
    parts: list = with_english(lang, label, label_style or sheet.label, sheet.label_en, english)
    if hint and str(question.hint):
        parts.append(doc.para(str(question.hint), sheet.hint, furniture=True))
    if question.kind == "long":
        # The question stays with its first lines (KEEP_LINES); the rest may go on over the page.
        lines = PAPER_LINES[sizes.stack_top_block]
        parts.append(WritingLines(KEEP_LINES, sizes.writing_gap, rtl=lang.rtl))
        parts.append(WritingLines(lines - KEEP_LINES, sizes.writing_gap, rtl=lang.rtl))
    elif question.kind in ("short", "date"):
        parts.append(WritingLines(1, sizes.writing_gap, 0.5 if question.kind == "date" else 1.0, rtl=lang.rtl))
    elif question.kind == "choice":
        parts.append(doc.para(str(q.TICK_ONE), sheet.hint, furniture=True))
        labels = [doc.para(str(choice), sheet.body, furniture=True, right=lang.rtl) for choice in question.choices]
        # Large print: one under another, never side by side.
        parts.append(TickBoxes(labels, sizes.body * 1.1, rtl=lang.rtl, across=not sizes.stack_top_block))
    return parts


def _story(doc: Doc) -> list:
    sheet, lang = doc.sheet, doc.lang
    story = title_block(doc, q.PAPER_FORM_TITLE)
    intro = with_english(lang, q.PAPER_FORM_INTRO, sheet.body, sheet.label_en)
    story += intro
    for step in STEPS:
        heading = [OutlineEntry(str(step.title)), *with_english(lang, step.title, sheet.heading, sheet.heading_en)]
        blocks: list[list] = []  # each kept together on a page
        for question in paper_questions(step.form):
            if question.kind in PAPER_LISTS:
                count = PAPER_LISTS[question.kind][0]
                intro = paper_question(PaperQuestion(question.label, question.hint, "intro"), doc)
                for n in range(1, count + 1):
                    for i, sub in enumerate(question.choices):  # each part of an entry: a child's name, age...
                        part = paper_question(sub, doc, number=f"{n}. ", label_style=sheet.sublabel, hint=n == 1)
                        if i == 0:
                            part = [*intro, *part] if n == 1 else [Spacer(1, sheet.sizes.body * 0.6), *part]
                        blocks.append(part)
            else:
                blocks.append(paper_question(question, doc))
        if step.id in PAPER_NOTES:
            blocks.append(with_english(lang, PAPER_NOTES[step.id], sheet.hint, sheet.label_en))
        # The step's title stays with its first question.
        blocks[0] = [*heading, *blocks[0]]
        for block in blocks:
            rest = block[-1] if isinstance(block[-1], WritingLines) and len(block) > 1 and isinstance(
                block[-2], WritingLines) else None  # a long answer's lines after the first few
            story += [KeepWhole(block[:-1]), rest] if rest is not None else [KeepWhole(block)]
    return story


