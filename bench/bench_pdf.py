"""PDF render time, as ratios to baselines measured in the same run, and the size of each PDF.

Two tables:
  1. The English statement (typical and 5,000 characters in every answer, standard and large
     print), each as a ratio to a one-paragraph ReportLab document in the same font, and a
     statement with 10 points about the report and 3 photos of the child's drawing, also as a
     ratio to the typical statement measured in the same run; and the
     worst statement we can construct (tests/pdf_fixtures.worst_statement: every answer as long
     as the app accepts, 5,000 characters and up to 20,000 code points, of the slowest
     characters we know: no font has them, emoji sequences, a change of direction at every
     letter, piles of marks, bidi controls, unbroken words), in Arabic.
  2. A typical statement in every language, answers in its own script and headings in its
     language (as far as translated), standard and large print, each as a ratio to the English
     standard statement; plus the paper form in English and Arabic.

Run: .venv/bin/python bench/bench_pdf.py   (writes bench/out/pdf.json)
The ratios are what to compare between runs; milliseconds depend on the machine.
Sizes should stay in the tens of KB in every script: the fonts are embedded as subsets.
"""

from __future__ import annotations

import io
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import flask_babel  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from bench.results import write_results  # noqa: E402
from prep import create_app  # noqa: E402
from prep.i18n import LANGUAGES  # noqa: E402
from prep.pdf import render_paper_form, render_statement, style_sheet  # noqa: E402
from prep.text_length import LONG_TEXT_MAX  # noqa: E402
from tests.pdf_fixtures import (full_statement, long_statement, points_and_photos_statement,  # noqa: E402
                                statement_in, worst_statement)

ROUNDS = 15
LANGUAGE_ROUNDS = 7
WORST_ROUNDS = 3


def median_ms(make, rounds: int = ROUNDS) -> tuple[float, bytes]:
    data = make()  # warm up: fonts, styles, imports, HarfBuzz faces
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        data = make()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, data


def baseline() -> bytes:
    """One paragraph, same font and canvas set-up, no page furniture."""
    sheet = style_sheet(False)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, initialFontName=sheet.family.regular)
    doc.build([Paragraph("We cook together every Sunday and Grandma visits on Fridays.", sheet.body)])
    return buf.getvalue()


def pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page\n")


def own_copy_dates(statement):
    from flask import current_app

    from prep import timeline
    return timeline.build(statement.about.conference_type or "initial",
                          statement.about.conference_day or dt.date(2027, 2, 3), current_app.extensions["council"])


def english_cases(results: dict) -> None:
    cases = {
        "typical statement": (full_statement(), False),
        "typical, own copy + dates": (full_statement(), "own"),
        "typical, large print": (full_statement(), True),
        "5,000 chars every answer": (long_statement(5000), False),
        "5,000 chars, large print": (long_statement(5000), True),
        "10 points + 3 photos": (points_and_photos_statement(10, 3), False),
        "10 points + 3 photos, large": (points_and_photos_statement(10, 3), True),
    }
    with flask_babel.force_locale("en"):
        base_ms, base_pdf = median_ms(baseline)
        results.update({"rounds": ROUNDS, "baseline_one_paragraph_ms": round(base_ms, 3),
                        "baseline_bytes": len(base_pdf), "cases": {}})
        print(f"{'document':<28}{'ms':>9}{'ratio':>8}{'KB':>8}{'pages':>7}")
        print(f"{'one paragraph (baseline)':<28}{base_ms:>9.2f}{1:>8.1f}{len(base_pdf) / 1024:>8.1f}{1:>7}")
        for name, (statement, large_print) in cases.items():
            # "own": the parent's copy, with the dated timeline on a last page.
            dates = own_copy_dates(statement) if large_print == "own" else None
            ms, pdf = median_ms(lambda: render_statement(statement, large_print=large_print is True,
                                                         timeline=dates))
            results["cases"][name] = {"ms": round(ms, 3), "ratio": round(ms / base_ms, 1),
                                      "bytes": len(pdf), "pages": pages(pdf)}
            print(f"{name:<28}{ms:>9.2f}{ms / base_ms:>8.1f}{len(pdf) / 1024:>8.1f}{pages(pdf):>7}")
        typical = results["cases"]["typical statement"]
        for name in ("10 points + 3 photos", "10 points + 3 photos, large"):
            case = results["cases"][name]
            case["ratio_to_typical"] = round(case["ms"] / typical["ms"], 2)
            case["bytes_ratio_to_typical"] = round(case["bytes"] / typical["bytes"], 2)
            print(f"  {name}: {case['ratio_to_typical']:.2f} x the typical statement's time, "
                  f"{case['bytes_ratio_to_typical']:.2f} x its size")
    with flask_babel.force_locale("ar"):
        for name, length in (("worst the app accepts", LONG_TEXT_MAX),):
            statement = worst_statement(length)
            ms, pdf = median_ms(lambda: render_statement(statement), WORST_ROUNDS)
            results["cases"][name] = {"ms": round(ms, 3), "ratio": round(ms / base_ms, 1),
                                      "bytes": len(pdf), "pages": pages(pdf)}
            print(f"{name:<28}{ms:>9.2f}{ms / base_ms:>8.1f}{len(pdf) / 1024:>8.1f}{pages(pdf):>7}")


def language_cases(results: dict) -> None:
    """Every language's typical statement, as a ratio to the English standard one."""
    rows = {}
    english_ms = None
    print()
    print(f"{'language':<22}{'ms':>8}{'ratio':>7}{'KB':>7}{'pages':>6}"
          f"{'large ms':>10}{'ratio':>7}{'KB':>7}{'pages':>6}")
    for lang in LANGUAGES:
        statement = statement_in(lang.code)
        row = {}
        with flask_babel.force_locale(lang.locale):
            for key, large_print in (("standard", False), ("large_print", True)):
                ms, pdf = median_ms(lambda: render_statement(statement, large_print=large_print), LANGUAGE_ROUNDS)
                row[key] = {"ms": round(ms, 3), "bytes": len(pdf), "pages": pages(pdf)}
        if english_ms is None:  # LANGUAGES starts with English: the baseline for this table
            english_ms = row["standard"]["ms"]
        for key in ("standard", "large_print"):
            row[key]["ratio_to_english"] = round(row[key]["ms"] / english_ms, 2)
        rows[lang.code] = row
        s, large = row["standard"], row["large_print"]
        print(f"{lang.code + ' ' + lang.english_name:<22}{s['ms']:>8.1f}{s['ratio_to_english']:>7.2f}"
              f"{s['bytes'] / 1024:>7.1f}{s['pages']:>6}{large['ms']:>10.1f}{large['ratio_to_english']:>7.2f}"
              f"{large['bytes'] / 1024:>7.1f}{large['pages']:>6}")
    worst = max(rows, key=lambda code: rows[code]["standard"]["ratio_to_english"])
    print(f"slowest: {worst} ({rows[worst]['standard']['ratio_to_english']:.2f} x English)")
    results["languages"] = {"rounds": LANGUAGE_ROUNDS, "baseline": "en standard statement, same run",
                            "by_language": rows, "slowest": worst}

    paper = {}
    for code in ("en", "ar"):
        for large_print in (False, True):
            ms, pdf = median_ms(lambda: render_paper_form(language=code, large_print=large_print), LANGUAGE_ROUNDS)
            name = f"{code}{', large print' if large_print else ''}"
            paper[name] = {"ms": round(ms, 3), "ratio_to_english_statement": round(ms / english_ms, 2),
                           "bytes": len(pdf), "pages": pages(pdf)}
    results["paper_form"] = paper
    print()
    print(f"{'paper form':<22}{'ms':>8}{'ratio':>7}{'KB':>7}{'pages':>6}")
    for name, row in paper.items():
        print(f"{name:<22}{row['ms']:>8.1f}{row['ratio_to_english_statement']:>7.2f}"
              f"{row['bytes'] / 1024:>7.1f}{row['pages']:>6}")


def main() -> None:
    app = create_app({"TESTING": True})
    results: dict = {}
    with app.app_context():
        english_cases(results)
        language_cases(results)
    write_results("pdf", results)


if __name__ == "__main__":
    main()
