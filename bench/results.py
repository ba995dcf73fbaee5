"""What every benchmark does with its numbers: a table of same-run ratios, and a JSON file
in bench/out/ (ignored by git) to compare between runs."""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def print_ratios(rows: list[tuple[str, float]], baseline: float, results: dict, *, width: int = 40,
                 digits: int = 2) -> None:
    """Print each (name, ms) with its ratio to `baseline`; every row but the first (the
    baseline itself) goes into results["operations"]."""
    print(f"{'operation':<{width}}{'ms':>9}{'ratio':>8}")
    for name, ms in rows:
        print(f"{name:<{width}}{ms:>9.{digits}f}{ms / baseline:>8.2f}")
        if name != rows[0][0]:
            results.setdefault("operations", {})[name] = {"ms": round(ms, digits), "ratio": round(ms / baseline, 2)}


def write_results(name: str, results: dict) -> Path:
    """bench/out/<name>.json"""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    return path
