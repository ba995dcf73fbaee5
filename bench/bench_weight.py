"""Page weight: each page's HTML + CSS + JS + fonts as served (gzip where the server
compresses), as a ratio to the lightest page measured in the same run.

Run: .venv/bin/python bench/bench_weight.py   (writes bench/out/weight.json, every page in every language)
The table shows each page in its heaviest language. Bytes do not depend on the machine,
but the ratio is what to compare between runs; the budgets are tests/page_weight.py's BUDGET (the app's own bytes) and PHOTO_BUDGET (each small copy of a parent's photo).
The draft has 3 photos of the child's drawing (the most it takes): the child's views step
and check answers are weighed with them ("photos"), as the browser fetches them from the
draft. (The preview shown before a photo is sent is read on the phone: nothing is fetched.)
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import write_results  # noqa: E402
from prep import create_app  # noqa: E402
from tests.conftest import app_config  # noqa: E402
from tests.page_weight import BUDGET, PHOTO_BUDGET, weigh_all  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        weights = weigh_all(create_app(app_config(Path(tmp))))
    lightest = min(weights, key=lambda w: w.total)

    heaviest_by_page = {}
    for w in weights:
        page = re.sub(r"^(POST )?/[a-z]{2}/", r"\1/<lang>/", w.url)
        if page not in heaviest_by_page or w.total > heaviest_by_page[page].total:
            heaviest_by_page[page] = w

    print(f"{'page (heaviest language)':<40}{'HTML':>8}{'CSS':>8}{'JS':>8}{'fonts':>7}{'photos':>8}{'total':>8}"
          f"{'ratio':>7}")
    for w in sorted(heaviest_by_page.values(), key=lambda w: -w.total):
        print(f"{w.url:<40}{w.html:>8,}{w.kinds['css']:>8,}{w.kinds['js']:>8,}{w.kinds['fonts']:>7,}"
              f"{w.kinds['images']:>8,}{w.total:>8,}{w.total / lightest.total:>7.2f}")
    views = heaviest_by_page.get("/<lang>/step/child-views")
    if views is not None:
        print(f"the child's views step with 3 photos: {views.url} {views.total:,} bytes "
              f"({views.kinds['images']:,} of them photos) = {views.total / lightest.total:.2f} x the lightest page; "
              f"without the photos {views.own:,} bytes = {views.own / lightest.total:.2f}")
    print(f"baseline (lightest): {lightest.url} {lightest.total:,} bytes; "
          f"budget {BUDGET:,} bytes = {BUDGET / lightest.total:.2f}; {len(weights)} pages weighed")

    write_results("weight", {
        "baseline_lightest_page": {"url": lightest.url, "bytes": lightest.total},
        "budget_bytes": BUDGET,
        "photo_budget_bytes": PHOTO_BUDGET,
        "pages": {w.url: {"html": w.html, **w.kinds, "total": w.total,
                          "ratio": round(w.total / lightest.total, 3)} for w in weights},
    })


if __name__ == "__main__":
    main()
