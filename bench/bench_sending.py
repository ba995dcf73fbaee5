"""What sending the statement costs, as a ratio to rendering it alone, in the same run.

Baseline: GET /en/statement.pdf (the chair's copy rendered and returned), through the app.
Measured the same way, each as one request:
  - POST /en/send, handed over to a real SMTP server on loopback (aiosmtpd) with STARTTLS,
    the certificate verified against a throwaway CA, and a login: render + message + sealed
    outbox row + TLS hand-over + row erased and deleted;
  - the same to a plain relay on loopback (MAIL_SECURITY=none): no TLS handshake;
  - the test set-up (no MAIL_SERVER): the message written as an .eml file.
Each send gets a fresh page token (a new message every time, as a parent pressing Send);
fetching the page that carries it is not timed. PDFs are made in process for both sides.

Run: .venv/bin/python bench/bench_sending.py   (writes bench/out/sending.json)
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import print_ratios, write_results  # noqa: E402
from prep import create_app, profile  # noqa: E402
from tests.conftest import JourneyClient  # noqa: E402
from tests.journey_data import walk  # noqa: E402
from tests.smtp_server import PASSWORD, USERNAME, Authority, SmtpServer  # noqa: E402

ROUNDS = 15
TOKEN = re.compile(r'name="token" value="([0-9a-f]{32})"')
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def median_ms(make, rounds: int = ROUNDS, warm_up: int = 2) -> float:
    for _ in range(warm_up):
        make()
    times = []
    for _ in range(rounds):
        times.append(make())
    return statistics.median(times) * 1000


def app_for(folder: Path, **mail) -> JourneyClient:
    folder.mkdir(parents=True, exist_ok=True)
    app = create_app({
        "TESTING": True, "SECRET_KEY": "bench-secret-key-0123456789abcdef", "RENDER_IN_PROCESS": True,
        "DATABASE_URL": f"sqlite:///{folder}/drafts.sqlite3", "COUNCIL_PROFILE": str(profile.PROFILES / "example-wales.toml"),
        "MAIL_OUTBOX_DIR": str(folder / "outbox"), "SCRYPT_N": 2 ** 10,
        **{name: "100000 per minute" for name in ("SEND_RATE_LIMIT", "SEND_DRAFT_RATE_LIMIT", "PDF_RATE_LIMIT",
                                                  "SAVE_RATE_LIMIT", "DRAFT_CREATE_RATE_LIMIT",
                                                  "DRAFT_CREATE_SESSION_RATE_LIMIT")},
        **mail})
    client = JourneyClient(app.test_client())
    walk(client)
    return client


def render_once(client: JourneyClient) -> float:
    started = time.perf_counter()
    response = client.get("/en/statement.pdf")
    took = time.perf_counter() - started
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    return took


def send_once(client: JourneyClient) -> float:
    page = client.get("/en/send").text
    form = {"csrf_token": CSRF.search(page).group(1), "token": TOKEN.search(page).group(1)}
    started = time.perf_counter()
    response = client.client.post("/en/send", data=form)
    took = time.perf_counter() - started
    assert response.status_code == 303
    return took


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-sending-"))
    authority = Authority(folder / "ca")
    tls = SmtpServer(authority=authority, login=True).start()
    plain = SmtpServer(mode="plain").start()
    try:
        common = {"MAIL_SERVER": "127.0.0.1", "MAIL_FROM": "conference-prep@example-council.gov.uk"}
        starttls = app_for(folder / "tls", **common, MAIL_PORT=str(tls.port), MAIL_CA_FILE=str(authority.ca_file),
                           MAIL_USERNAME=USERNAME, MAIL_PASSWORD=PASSWORD)
        relay = app_for(folder / "plain", **common, MAIL_PORT=str(plain.port), MAIL_SECURITY="none")
        files = app_for(folder / "files")

        baseline = median_ms(lambda: render_once(starttls))
        rows = [("render alone: GET /en/statement.pdf (baseline)", baseline)]
        rows.append(("send, STARTTLS + verified certificate + login", median_ms(lambda: send_once(starttls))))
        rows.append(("send, plain relay on loopback", median_ms(lambda: send_once(relay))))
        rows.append(("send, test set-up (.eml file)", median_ms(lambda: send_once(files))))
        assert len(tls.received) == ROUNDS + 2 and len(plain.received) == ROUNDS + 2
        baseline_again = median_ms(lambda: render_once(starttls))
        rows.append(("render alone again (drift check)", baseline_again))
    finally:
        tls.stop()
        plain.stop()

    results = {"cpus": os.cpu_count(), "rounds": ROUNDS, "baseline_render_ms": round(baseline, 2), "operations": {}}
    print_ratios(rows, baseline, results, width=50)
    print(f"wrote {write_results('sending', results)}")


if __name__ == "__main__":
    main()
