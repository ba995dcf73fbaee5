"""PDF render time, as a ratio to a one-paragraph ReportLab document (same font)
measured in the same run, plus the size of each PDF.

Run: .venv/bin/python bench/bench_pdf.py   (writes bench/out/pdf.json)
The ratio is what to compare between runs; milliseconds depend on the machine.
Sizes should stay in the tens of KB: the fonts are embedded as subsets.
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import flask_babel  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from prep import create_app  # noqa: E402
from prep.pdf import render_statement, style_sheet  # noqa: E402
from tests.pdf_fixtures import full_statement, long_statement  # noqa: E402

ROUNDS = 15


def median_ms(make, rounds: int = ROUNDS) -> tuple[float, bytes]:
    data = make()  # warm up: fonts, styles, imports
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


def main() -> None:
    app = create_app({"TESTING": True})
    cases = {
        "typical statement": (full_statement(), False),
        "typical, large print": (full_statement(), True),
        "5,000 chars every answer": (long_statement(5000), False),
        "5,000 chars, large print": (long_statement(5000), True),
    }
    with app.app_context(), flask_babel.force_locale("en"):
        base_ms, base_pdf = median_ms(baseline)
        results = {"rounds": ROUNDS, "baseline_one_paragraph_ms": round(base_ms, 3),
                   "baseline_bytes": len(base_pdf), "cases": {}}
        print(f"{'document':<28}{'ms':>9}{'ratio':>8}{'KB':>8}{'pages':>7}")
        print(f"{'one paragraph (baseline)':<28}{base_ms:>9.2f}{1:>8.1f}{len(base_pdf) / 1024:>8.1f}{1:>7}")
        for name, (statement, large_print) in cases.items():
            ms, pdf = median_ms(lambda: render_statement(statement, large_print=large_print))
            pages = pdf.count(b"/Type /Page\n")
            results["cases"][name] = {"ms": round(ms, 3), "ratio": round(ms / base_ms, 1),
                                      "bytes": len(pdf), "pages": pages}
            print(f"{name:<28}{ms:>9.2f}{ms / base_ms:>8.1f}{len(pdf) / 1024:>8.1f}{pages:>7}")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "pdf.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
