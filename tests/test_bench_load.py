"""The load benchmark still walks the whole journey against real gunicorn workers.

A few seconds with two parents: not a measurement (that is `make bench-load`), but proof that
every request type in bench/load still works, so the benchmark cannot rot unnoticed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench" / "load"))

from plan import BASELINE, JOURNEY_TYPES  # noqa: E402


def test_load_script_walks_every_request_type_without_errors(tmp_path):
    out, figures = tmp_path / "results.md", tmp_path / "results.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load" / "run.py"), "--seconds", "5", "--users", "2",
         "--think-max", "0", "--warmup-seconds", "0", "--baseline-seconds", "1",
         "--out", str(out), "--json", str(figures)],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]

    [result] = json.loads(figures.read_text())  # one run (--compare gives four)
    assert result["errors"] == 0, result["problems"]
    unused = [name for name in JOURNEY_TYPES if not result["exercised"].get(name)]
    assert unused == [], f"request types never exercised: {unused}"
    assert result["baseline"]["count"] > 0
    assert len(result["workers"]) == 2 and all(w["peak_kb"] > 0 for w in result["workers"].values())
    table = out.read_text()
    assert BASELINE in table and "peak RSS (VmHWM)" in table
