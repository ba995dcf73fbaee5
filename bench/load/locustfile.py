"""Locust users for `bench/load/run.py`: parents walking the whole journey, and a baseline.

Why locust rather than wrk: each simulated parent needs its own cookie session, must read the
CSRF token from every page before posting it, and must carry a resume code from one page to a
fresh session; that is a few lines of Python here, and a fragile Lua HTML scraper for wrk.

Run through run.py, which starts gunicorn; by hand:
  .venv/bin/locust -f bench/load/locustfile.py --headless -u 2 -t 10s --host http://127.0.0.1:8000
"""

from __future__ import annotations

import itertools
import json
import random
import re
import sys
import time
import urllib.request
from pathlib import Path

import gevent
from locust import HttpUser, constant, events, task
from locust.exception import RescheduleTask

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent.parent)]

from plan import (BASELINE, BASELINE_PATH, CHECK, LANGUAGES, PDF, PROTECT, PROTECT_GET, RESUME,  # noqa: E402
                  RESUME_EVERY, RESUME_GET, SAVE, SAVE_GET, START, STEP_GET, STEP_POST)
from tests.journey_data import FULL_JOURNEY  # noqa: E402  (the answers the tests use, so they stay valid)

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
# A step page's stamp (prep/step_saving.py), sent back with its answers as a browser would.
STAMP = re.compile(r'<input type="hidden" name="(page|version|base)" value="([^"]*)"')
PHONE_NUMBER = "5829"
CODE = re.compile(r'id="resume-code">([A-Z0-9-]+)<')


@events.init_command_line_parser.add_listener
def _options(parser):
    parser.add_argument("--think-max", type=float, default=0.0,
                        help="seconds a parent pauses between pages, uniform from 0 to this")
    parser.add_argument("--baseline-seconds", type=float, default=0.0,
                        help="first fetch only the baseline static file for this long")
    parser.add_argument("--raw-out", default="", help="write every request's timing here as JSON")


# Every request as [seconds since the start when it ended, its time in ms]: locust's own CSV
# rounds to whole ms (coarse next to a few-ms static file) and cannot tell the baseline, warm-up
# and measured window apart.
_timings: dict[str, list[list[float]]] = {}
_failures: list[str] = []
_clock = {"start": time.monotonic(), "start_wall": time.time()}


@events.request.add_listener
def _record(request_type, name, response_time, exception=None, **_kw):
    _timings.setdefault(name, []).append([round(time.monotonic() - _clock["start"], 3), response_time])
    if exception is not None:
        _failures.append(f"{name}: {exception}"[:300])


@events.init.add_listener
def _wait_for_server(environment, **_kw):
    """run.py starts gunicorn and locust together (each takes seconds to import on a busy
    machine); the run begins when the app answers. Bounded: gives up after 60 s."""
    url = environment.host.rstrip("/") + BASELINE_PATH
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"no answer from {url} within 60 s")
            gevent.sleep(0.1)


@events.test_start.add_listener
def _started(**_kw):
    _clock["start"], _clock["start_wall"] = time.monotonic(), time.time()


@events.test_stop.add_listener
def _stopped(environment, **_kw):
    if environment.parsed_options.raw_out:
        Path(environment.parsed_options.raw_out).write_text(json.dumps({
            "start_wall": _clock["start_wall"], "timings": _timings,
            "failures": _failures[:50], "failure_count": len(_failures)}))


class Parent(HttpUser):
    """First the baseline (the same users, pacing and client; the cheapest request), then one
    parent after another: a fresh browser, all eleven steps, save, sometimes resume, PDF.
    One locust process for both phases: each start costs seconds on a busy 2-core machine."""

    wait_time = constant(0)  # pauses are between pages, inside the journey (--think-max)
    numbers = itertools.count()

    def on_start(self):
        self.number = next(Parent.numbers)
        self.journeys = 0
        self.stamp = {}

    @task
    def next_visit(self):
        if time.monotonic() - _clock["start"] < self.environment.parsed_options.baseline_seconds:
            self.static_file()
        else:
            self.journey()

    def static_file(self):
        self.think()  # the journey's pacing, so only the request differs
        with self.client.get(BASELINE_PATH, name=BASELINE, catch_response=True) as r:
            if r.status_code != 200 or len(r.content) < 100:
                r.failure(f"status {r.status_code}")

    def journey(self):
        n, self.journeys = self.journeys, self.journeys + 1
        # Deterministic mix, so even a 5-second run covers both languages and a resume.
        lang = LANGUAGES[(self.number + n) % len(LANGUAGES)]
        self.client.cookies.clear()  # a new visitor
        direction = "rtl" if lang == "ar" else "ltr"
        self.page(START, f"/{lang}/", expect=f'<html lang="{lang}" dir="{direction}"')
        steps = list(FULL_JOURNEY.items())
        for i, (step_id, answers) in enumerate(steps):
            following = f"/{lang}/step/{steps[i + 1][0]}" if i + 1 < len(steps) else f"/{lang}/check"
            token = self.page(STEP_GET, f"/{lang}/step/{step_id}")
            data = dict(answers, csrf_token=token, **self.stamp)
            if i == 0:  # the first save asks for a number to unlock the answers on this phone
                where = self.post(STEP_POST, f"/{lang}/step/{step_id}", data, redirect_to=f"/{lang}/protect")
                token = self.page(PROTECT_GET, where)
                self.post(PROTECT, where, {"csrf_token": token, "number": PHONE_NUMBER,
                                           "number_again": PHONE_NUMBER}, redirect_to=following)
            else:
                self.post(STEP_POST, f"/{lang}/step/{step_id}", data, redirect_to=following)
        self.page(CHECK, f"/{lang}/check", expect="Sam Okafor")
        token = self.page(SAVE_GET, f"/{lang}/save")
        code = self.post(SAVE, f"/{lang}/save", {"csrf_token": token}, find=CODE)
        if n % RESUME_EVERY == 0:
            self.client.cookies.clear()  # another device: only the code carries the draft over
            token = self.page(RESUME_GET, f"/{lang}/resume")
            self.post(RESUME, f"/{lang}/resume", {"csrf_token": token, "code": code},
                      redirect_to=f"/{lang}/welcome-back")
            self.page(CHECK, f"/{lang}/check", expect="Sam Okafor")
        self.pdf(lang)

    # --- one request each, checked as a parent would notice ---------------------
    def think(self):
        if self.environment.parsed_options.think_max > 0:
            gevent.sleep(random.uniform(0, self.environment.parsed_options.think_max))

    def page(self, name, url, expect=None) -> str | None:
        """GET a page; return its CSRF token (None for a page without a form)."""
        self.think()
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                return self.fail(r, f"{url}: status {r.status_code}")
            if expect and expect not in r.text:
                return self.fail(r, f"{url}: {expect!r} missing")
            match = CSRF.search(r.text)
            if name not in (START, CHECK) and not match:
                return self.fail(r, f"{url}: no CSRF token")
            self.stamp = dict(STAMP.findall(r.text))
            return match.group(1) if match else None

    def post(self, name, url, data, redirect_to=None, find=None) -> str | None:
        self.think()
        with self.client.post(url, data=data, name=name, allow_redirects=False, catch_response=True) as r:
            if redirect_to is not None:
                where = r.headers.get("Location", "")
                if r.status_code not in (302, 303) or not where.split("?")[0].startswith(redirect_to):
                    return self.fail(r, f"{url}: status {r.status_code} to {where!r}, wanted {redirect_to}")
                return where
            if r.status_code != 200:
                return self.fail(r, f"{url}: status {r.status_code}")
            match = find.search(r.text)
            if not match:
                return self.fail(r, f"{url}: expected text missing")
            return match.group(1)

    def pdf(self, lang):
        self.think()
        with self.client.get(f"/{lang}/statement.pdf", name=PDF, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200 or r.headers.get("Content-Type") != "application/pdf" \
                    or not r.content.startswith(b"%PDF-"):
                self.fail(r, f"PDF: status {r.status_code}, {r.headers.get('Content-Type')}")

    def fail(self, response, why):
        response.failure(why)  # counted as a failed request, and run.py exits non-zero
        raise RescheduleTask()  # the rest of this journey would only pile up follow-on failures
