"""What the load benchmark does, shared by the locust users and the runner (which must not
import locust: it monkey-patches threads and subprocesses for gevent)."""

import json
from pathlib import Path

LANGUAGES = ("en", "ar")  # English and one right-to-left language (Arabic PDF needs shaping)
RESUME_EVERY = 3  # one journey in three goes back in with the code on a fresh session

# Request names: the rows of the report. run.py fails if any journey type went unused.
START, STEP_GET, STEP_POST, CHECK = "start page", "step page GET", "step POST", "check answers"
SAVE_GET, SAVE = "save page GET", "save (POST, new code)"
RESUME_GET, RESUME = "resume page GET", "resume (POST code)"
PROTECT_GET, PROTECT = "phone number page GET", "phone number (POST)"
PDF = "statement PDF"
JOURNEY_TYPES = (START, STEP_GET, STEP_POST, PROTECT_GET, PROTECT, CHECK, SAVE_GET, SAVE, RESUME_GET, RESUME, PDF)

BASELINE = "baseline: static file"
# The built JavaScript (fingerprinted name from the build's manifest), served by the same
# workers with no app logic.
BASELINE_PATH = "/static/dist/" + json.loads(
    (Path(__file__).resolve().parents[2] / "static" / "dist" / "manifest.json").read_text())["app.js"]
