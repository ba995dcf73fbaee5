"""The PDF orders the words of right-to-left answers as Chromium does (issue 12).

For at least 200 mixed strings in Urdu, Arabic and Persian, each a parent's
answer of its own, the left-to-right order of the words on the PDF's line
equals the order Chromium draws them in a dir="auto" element of the same
width, given the text the web page shows (prep.templating.answer_html, which
keeps phone numbers together as the PDF does).

Both sides are read as drawn. The PDF: the position of each piece of text and
the ActualText it carries, from the page's content stream, joined left to
right. Chromium: the position of each character. Each line is then cut at its
spaces into words, and a word is known by its characters (in whatever order
they were read), so "2024ء" is one word and "900123۔" two if the full stop is
drawn away from the number.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections import Counter

import flask_babel
import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from prep import create_app, i18n
from prep.bidi import BIDI_CONTROLS, keep_numbers_together
from prep.fonts import NOTO_NASKH_ARABIC, NOTO_SANS
from prep.pdf import render_statement, style_sheet

from ..pdf_fixtures import FREE_TEXT_FIELDS, statement_in
from .bidi_corpus import mixed_strings

PER_LANGUAGE = 80


def _font_face(family, css_name: str) -> str:
    data = base64.b64encode(family.regular_path.read_bytes()).decode("ascii")
    return f"@font-face {{ font-family: '{css_name}'; src: url(data:font/ttf;base64,{data}); }}"


def _word_key(word: str) -> tuple:
    """A word whatever the order its characters were read in: its characters, counted."""
    return tuple(sorted(Counter(ch for ch in word if ch not in BIDI_CONTROLS).items()))


# --- the PDF ------------------------------------------------------------------------------
def _pieces(page) -> list[tuple[float, float, str]]:
    """(x, y, text) of every marked piece of text on a page, from its content stream."""
    ops = ContentStream(page.get_contents(), page.pdf).operations
    ctm = [(0.0, 0.0)]
    pieces, x, y, span = [], 0.0, 0.0, None
    for operands, operator in ops:
        if operator == b"q":
            ctm.append(ctm[-1])
        elif operator == b"Q":
            ctm.pop()
        elif operator == b"cm":
            ctm[-1] = (ctm[-1][0] + float(operands[4]), ctm[-1][1] + float(operands[5]))
        elif operator == b"Tm":
            x, y = ctm[-1][0] + float(operands[4]), ctm[-1][1] + float(operands[5])
        elif operator == b"BDC" and len(operands) > 1 and "/ActualText" in operands[1]:
            span = str(operands[1]["/ActualText"])
        elif operator == b"EMC" and span is not None:
            pieces.append((x, y, span))
            span = None
    return pieces


def pdf_lines(data: bytes) -> list[str]:
    """Each line's text, left to right as drawn."""
    lines: dict[tuple[int, float], list] = {}
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages):
        for x, y, text in _pieces(page):
            lines.setdefault((number, round(y, 1)), []).append((x, text))
    return ["".join(text for _, text in sorted(lines[key])) for key in sorted(lines, key=lambda k: (k[0], -k[1]))]


def word_order(drawn: str) -> list[tuple]:
    return [_word_key(word) for word in drawn.split()]


def _letters(text: str) -> tuple:
    return _word_key("".join(text.split()))


# --- Chromium -------------------------------------------------------------------------------
# Each answer's characters ordered by where Chromium draws them (the middle of each
# character's box), and how many lines it took.
DRAWN_JS = """
() => [...document.querySelectorAll('.answer')].map(div => {
  const node = div.firstChild, text = node.textContent, chars = [], tops = new Set();
  for (let i = 0; i < text.length; i++) {
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    const box = range.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // nothing drawn (an isolate)
    if (text[i].trim()) tops.add(Math.round(box.top + box.height / 2));
    chars.push([box.left + box.width / 2, i, text[i]]);
  }
  chars.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return {lines: tops.size, drawn: chars.map(c => c[2]).join('')};
})
"""


@pytest.fixture(scope="module")
def corpus():
    return {code: mixed_strings(code, PER_LANGUAGE) for code in ("ur", "ar", "fa")}


@pytest.fixture(scope="module")
def pdf_orders(corpus):
    """{(code, string): the PDF's word order}, each string rendered as an answer of its own."""
    app = create_app({"TESTING": True})
    out = {}
    with app.app_context():
        for code, strings in corpus.items():
            with flask_babel.force_locale(i18n.BY_CODE[code].locale):
                for start in range(0, len(strings), len(FREE_TEXT_FIELDS)):
                    batch = strings[start:start + len(FREE_TEXT_FIELDS)]
                    statement = statement_in(code)
                    for (section, key), text in zip(FREE_TEXT_FIELDS, batch):
                        setattr(statement.section(section), key, text)
                    lines = pdf_lines(render_statement(statement, prepared_on=dt.date(2027, 1, 20)))
                    for text in batch:
                        found = [line for line in lines if _letters(line) == _letters(text)]
                        out[(code, text)] = word_order(found[0]) if found else None
    return out


def test_pdf_word_order_equals_chromium_for_200_mixed_strings(browser, corpus, pdf_orders):
    width = style_sheet(False).column_width  # points: the answers' column in the PDF
    page_html = "".join(
        f'<div class="answer" dir="auto" lang="{code}">{_escape(keep_numbers_together(text))}</div>'
        for code, strings in corpus.items() for text in strings)
    style = (_font_face(NOTO_SANS, "Noto Sans") + _font_face(NOTO_NASKH_ARABIC, "Noto Naskh Arabic")
             + f".answer {{ width: {width}pt; font: 12pt 'Noto Sans', 'Noto Naskh Arabic'; white-space: pre-wrap;"
             " margin-bottom: 12pt; }")
    page = browser.new_page()
    try:
        page.set_content(f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{style}</style></head>"
                         f"<body>{page_html}</body></html>")
        page.evaluate("document.fonts.ready")
        drawn = page.evaluate(DRAWN_JS)
    finally:
        page.close()
    strings = [(code, text) for code, texts in corpus.items() for text in texts]
    compared, different = 0, []
    for (code, text), chromium in zip(strings, drawn):
        assert chromium["lines"] == 1, text  # one line in the browser, as in the PDF
        pdf = pdf_orders[(code, text)]
        assert pdf is not None, f"{text!r}: not found as one line in the PDF"
        compared += 1
        if pdf != word_order(chromium["drawn"]):
            different.append((code, text, chromium["drawn"]))
    assert compared >= 200
    assert not different, f"{len(different)} of {compared} differ, e.g.\n" + "\n".join(
        f"{code}: {text!r} Chromium drew: {drawn!r}" for code, text, drawn in different[:10])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
