"""The statement as a PDF for the conference chair, and the blank paper form.

render_statement() turns a Statement into A4 PDF bytes with ReportLab platypus;
render_paper_form() makes the questions with space to write by hand. Both read
the questions from prep.steps.STEPS (and its forms), so the PDF always matches
the check-answers page. They need a Flask app context with a locale (lazy
strings, dates); they never touch the request.

One module per concern:
  statement.py   the statement's story, top to bottom
  paper_form.py  the blank paper form
  text.py        text in any script: markers for what no font has, bidi order,
                 shaping, real text (ActualText), bounded cost for long answers
  english.py     the document's language and the English beside it
  furniture.py   name, marking and page numbers on every page; outline; metadata
  styles.py      sizes, colours and paragraph styles (standard and large print)
  document.py    what every part of a document needs
"""

from .english import in_english
from .paper_form import paper_form_story, render_paper_form
from .statement import render_statement, statement_story
from .styles import style_sheet
from .text import ScriptParagraph, para, to_markup, to_plain

__all__ = ["in_english", "paper_form_story", "para", "render_paper_form", "render_statement",
           "statement_story", "style_sheet", "ScriptParagraph", "to_markup", "to_plain"]
