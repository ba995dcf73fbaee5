"""Sample PDFs to look at, and PNGs of their pages.

Renders into bench/out/samples/ (ignored by git):
  statement-<lang>.pdf        a typical statement in every language, answers in its own script,
                              headings in the language as far as translations/ has them,
                              plus one answer that mixes scripts
  statement-<lang>-large.pdf  large print, for one left-to-right and one right-to-left language
  paper-form-<lang>.pdf       the blank paper form in English and Arabic (standard and large)
and each page as <name>-<page>.png at 80 dpi (`pdftoppm -png -r 70`, from poppler-utils).

Run: .venv/bin/python bench/render_samples.py [LANG ...]
(compile the translations first to see translated headings: .venv/bin/pybabel compile -d translations)
Then open the PNGs: Arabic letters should join and run right to left, Bengali and Gurmukhi
conjuncts should form, English names and numbers inside Urdu should read left to right.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import flask_babel  # noqa: E402

from prep import create_app  # noqa: E402
from prep.i18n import BY_CODE, LANGUAGES  # noqa: E402
from prep.pdf import render_paper_form, render_statement  # noqa: E402
from tests.pdf_fixtures import MIXED, statement_in, with_answers  # noqa: E402

OUT = ROOT / "bench" / "out" / "samples"
# The name as on letters from children's services, for the languages not written in Latin letters.
LATIN_NAMES = {"uk": "Oksana Kovalenko", "bn": "Rahima Begum", "pa": "Gurpreet Kaur", "ur": "Fatima Bibi",
               "ar": "Fatima Alzahra", "fa": "Maryam Ahmadi"}
LARGE_PRINT = ("pl", "ar")  # one left to right, one right to left
PAPER_FORMS = ("en", "ar")
# A mixed-script answer for each language's "child's views", as parents write.
MIXED_FOR = {"pl": "polish+english", "uk": "cyrillic+latin", "bn": "bengali+english", "pa": "gurmukhi+english",
             "ur": "urdu+english+digits", "ar": "arabic+brackets+numbers", "fa": "arabic+persian"}


def to_png(pdf: Path) -> list[Path]:
    for old in pdf.parent.glob(f"{pdf.stem}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(pdf.with_suffix(""))], check=True)
    return sorted(pdf.parent.glob(f"{pdf.stem}-*.png"))


def main(codes: list[str]) -> None:
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm not found: apt-get install poppler-utils")
    OUT.mkdir(parents=True, exist_ok=True)
    app = create_app({"TESTING": True})
    made: list[tuple[str, bytes]] = []
    with app.app_context():
        for code in codes:
            lang = BY_CODE[code]
            statement = statement_in(code)
            statement.about.name_latin = LATIN_NAMES.get(code, "")
            statement.needs.interpreter = bool(statement.needs.interpreter_language)
            if code in MIXED_FOR:
                statement = with_answers(statement, child_views=MIXED[MIXED_FOR[code]])
            with flask_babel.force_locale(lang.locale):
                made.append((f"statement-{code}", render_statement(statement, prepared_on=dt.date(2027, 1, 20))))
                if code in LARGE_PRINT:
                    made.append((f"statement-{code}-large", render_statement(
                        statement, large_print=True, prepared_on=dt.date(2027, 1, 20))))
            if code in PAPER_FORMS:
                made.append((f"paper-form-{code}", render_paper_form(language=code)))
                made.append((f"paper-form-{code}-large", render_paper_form(language=code, large_print=True)))
    for name, pdf in made:
        path = OUT / f"{name}.pdf"
        path.write_bytes(pdf)
        pngs = to_png(path)
        print(f"{path.relative_to(ROOT)}  {len(pdf) / 1024:.0f} KB, {len(pngs)} page(s)")


if __name__ == "__main__":
    main(sys.argv[1:] or [lang.code for lang in LANGUAGES])
