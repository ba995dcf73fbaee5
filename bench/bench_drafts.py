"""Draft store latency (SQLite, default scrypt cost), as ratios to a page render in the same run.

Run: .venv/bin/python bench/bench_drafts.py   (writes bench/out/drafts.json)

save and load use the draft's key from the server-side session (no scrypt); opening the
session (each page) costs an HMAC lookup and an HKDF. issue_code ("Save and come back
later"), resume (typing the code), setting the phone number and unlocking with it each
derive one key with scrypt. The ratio to the page render is what to compare between
runs; milliseconds depend on the machine. "with 3 photos": the same draft with 10 points
about the report and 3 photos of the child's drawing (about 0.7 MB sealed), which every page
of that parent's visit loads.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt  # noqa: E402

import datetime as dt  # noqa: E402

from bench.results import print_ratios, write_results  # noqa: E402
from prep import create_app  # noqa: E402
from prep.browser_sessions import SessionStore, new_phone_secret  # noqa: E402
from prep.database import Database  # noqa: E402
from prep.drafts import DEFAULT_SCRYPT_N, Draft, DraftStore  # noqa: E402
from prep.keys import ServerKeys  # noqa: E402
from prep.phone_unlock import PhoneUnlocks  # noqa: E402
from prep.statement import Child, Statement  # noqa: E402

FAST_ROUNDS = 300  # save, load, page render
SLOW_ROUNDS = 30  # anything that runs scrypt


def median_ms(fn, rounds: int, warm_up: int = 5) -> float:
    for _ in range(warm_up):
        fn()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def full_statement(i: int = 0) -> Statement:
    """Every answer filled with about 1,500 characters: a long, realistic draft."""
    s = Statement()
    s.about.your_name = "Łucja Wróblewska"
    s.about.relationship = "mother"
    s.about.children = [Child("Zofia", "7"), Child("", "unborn")]
    s.about.conference_type = "review"
    s.about.conference_date = "2099-03-04"
    long = ("We cook together every Sunday and walk to school each morning. " * 24)[:1500] + str(i)
    for section in ("strengths", "worries", "support", "next_steps", "child_views"):
        obj = s.section(section)
        for key, value in vars(obj).items():
            if isinstance(value, str):  # (not the lists of points or photos)
                setattr(obj, key, long)
    s.needs.access_needs = long
    return s


def with_photos(i: int = 0) -> Statement:
    """full_statement() with 10 points about the report and 3 cleaned photos."""
    from tests.pdf_fixtures import points_and_photos_statement

    s = full_statement(i)
    extra = points_and_photos_statement(10, 3)
    s.report, s.child_views.drawings = extra.report, extra.child_views.drawings
    return s


def main() -> None:
    folder = tempfile.mkdtemp(prefix="bench-drafts-")
    app = create_app({"TESTING": True, "SECRET_KEY": "bench-secret-key-0123456789abcdef",
                      "DATABASE_URL": f"sqlite:///{folder}/pages.sqlite3"})
    client = app.test_client()

    def page() -> None:
        assert client.get("/en/").status_code == 200

    baseline = median_ms(page, FAST_ROUNDS, warm_up=20)

    db = Database(f"sqlite:///{folder}/drafts.sqlite3")
    keys = ServerKeys("bench-secret-key-0123456789abcdef")
    store = DraftStore(db, keys)  # default scrypt_n
    sessions = SessionStore(db, keys, idle=dt.timedelta(minutes=30), lifetime=dt.timedelta(hours=12))
    phones = PhoneUnlocks(db, keys, scrypt_n=DEFAULT_SCRYPT_N)
    access = store.create(Draft(full_statement(), step_id="strengths"))
    token = sessions.open(access)
    phone = new_phone_secret()
    counter = iter(range(10 ** 9))

    def save() -> None:
        with store.edit(access) as draft:
            draft.statement = full_statement(next(counter))

    def load() -> None:
        assert store.load(access) is not None

    heavy = store.create(Draft(with_photos(), step_id="child-views"))

    def save_heavy() -> None:
        with store.edit(heavy) as draft:
            draft.statement.strengths.done_well = str(next(counter))

    def load_heavy() -> None:
        assert store.load(heavy) is not None

    def session() -> None:
        assert sessions.get(token).live

    state = {}

    def issue() -> None:
        state["code"] = store.issue_code(access)

    def resume() -> None:
        assert store.resume(state["code"]) is not None

    def set_number() -> None:
        phones.set(access, phone, "5829", store.expires_on(full_statement()))

    def unlock() -> None:
        assert phones.unlock(phone, "5829").access == access

    def scrypt_alone() -> None:
        Scrypt(salt=os.urandom(16), length=32, n=DEFAULT_SCRYPT_N, r=8, p=1).derive(b"K7QMX4TRH9WCP3A")

    results: dict = {
        "backend": "sqlite",
        "scrypt": {"n": DEFAULT_SCRYPT_N, "r": 8, "p": 1, "memory_mib": 128 * 8 * DEFAULT_SCRYPT_N / 2 ** 20},
        "cpus": os.cpu_count(),
        "baseline_page_render_ms": round(baseline, 3),
        "operations": {},
    }
    rows = [("page render GET /en/ (baseline)", baseline)]
    rows.append(("scrypt derivation alone", median_ms(scrypt_alone, SLOW_ROUNDS, warm_up=2)))
    rows.append(("open the session (each page)", median_ms(session, FAST_ROUNDS)))
    rows.append(("save (no scrypt)", median_ms(save, FAST_ROUNDS)))
    rows.append(("load (no scrypt)", median_ms(load, FAST_ROUNDS)))
    rows.append(("save, with 3 photos", median_ms(save_heavy, FAST_ROUNDS // 3)))
    rows.append(("load, with 3 photos", median_ms(load_heavy, FAST_ROUNDS // 3)))
    rows.append(("issue_code (scrypt)", median_ms(issue, SLOW_ROUNDS, warm_up=2)))
    rows.append(("resume with the code (scrypt)", median_ms(resume, SLOW_ROUNDS, warm_up=2)))
    rows.append(("choose the phone number (scrypt)", median_ms(set_number, SLOW_ROUNDS, warm_up=2)))
    rows.append(("unlock with the number (scrypt)", median_ms(unlock, SLOW_ROUNDS, warm_up=2)))
    db.dispose()

    print_ratios(rows, baseline, results, width=34, digits=3)
    print(f"scrypt n=2^{DEFAULT_SCRYPT_N.bit_length() - 1}; written to {write_results('drafts', results)}")


if __name__ == "__main__":
    main()
