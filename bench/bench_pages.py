"""Step page render time, as a ratio to a bare Flask route measured in the same run.

Run: .venv/bin/python bench/bench_pages.py   (writes bench/out/pages.json)
The ratio is what to compare between runs; milliseconds depend on the machine.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402

from bench.results import write_results  # noqa: E402
from prep import create_app  # noqa: E402
from prep.steps import STEPS  # noqa: E402

ROUNDS = 300


def median_ms(client, url: str, rounds: int = ROUNDS) -> float:
    for _ in range(20):  # warm up: template compile, first-request work
        client.get(url)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000


def main() -> None:
    bare = Flask("bare")
    bare.add_url_rule("/", "hello", lambda: "hello")
    baseline = median_ms(bare.test_client(), "/")

    app = create_app({"TESTING": True})
    client = app.test_client()
    results = {"baseline_bare_route_ms": round(baseline, 3), "pages": {}}
    print(f"{'page':<28}{'ms':>8}{'ratio':>8}")
    print(f"{'bare Flask route':<28}{baseline:>8.3f}{1:>8.1f}")
    for url in ["/en/"] + [f"/en/step/{s.id}" for s in STEPS] + ["/en/guide", "/en/guide/glossary",
                                                                   "/en/timeline", "/en/checklist"]:
        ms = median_ms(client, url)
        results["pages"][url] = {"ms": round(ms, 3), "ratio": round(ms / baseline, 1)}
        print(f"{url:<28}{ms:>8.3f}{ms / baseline:>8.1f}")
    # Working out the dates (bank holidays are looked up once per nation and year, then cached).
    import datetime as dt
    import statistics
    import time

    from prep import timeline
    council = app.extensions["council"]
    with app.test_request_context("/en/timeline"):
        timings = []
        for i in range(ROUNDS):
            start = time.perf_counter()
            timeline.build("initial", dt.date(2027, 1, 4) + dt.timedelta(days=i), council)
            timings.append((time.perf_counter() - start) * 1000)
    ms = statistics.median(timings)
    results["timeline_build_ms"] = {"ms": round(ms, 3), "ratio": round(ms / baseline, 1)}
    print(f"{'timeline.build':<28}{ms:>8.3f}{ms / baseline:>8.1f}")
    write_results("pages", results)


if __name__ == "__main__":
    main()
