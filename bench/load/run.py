"""Load benchmark: gunicorn (2 sync workers, as in the README's production command) on loopback,
driven by locust parents walking the whole journey (bench/load/locustfile.py).

Run: make bench-load                     (60 s; writes bench/load/results.md)
     .venv/bin/python bench/load/run.py --seconds 10 --out -    (smoke run, table on stdout only)

One locust run (why locust, not wrk: see locustfile.py), in phases: baseline (the same users,
with the same pauses, fetch a 2.7 kB static file), warm-up (journeys, not in the table but checked for errors), the measured window, then the parents
finish the journeys they are on (checked, not in the table). Latencies are also given as ratios to
the baseline median of the same run: milliseconds depend on the machine, the ratios are what to
compare between runs.

Exits 1 if any request failed, a worker died or logged an error, or a request type went unused.
Everything it starts is stopped on the way out, also on Ctrl-C, SIGTERM, SIGHUP or a failure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

from plan import BASELINE, BASELINE_PATH, JOURNEY_TYPES, LANGUAGES, PDF, RESUME_EVERY  # noqa: E402

WORKERS = 2
GENEROUS = "100000 per minute"  # every simulated parent shares 127.0.0.1, so the real limits would bite
LOG_PROBLEMS = ("Traceback", "[ERROR]", "[CRITICAL]", "WORKER TIMEOUT")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=int, default=60, help="length of the measured window [60]")
    p.add_argument("--users", type=int, default=10, help="parents walking the journey at once [10]")
    p.add_argument("--think-max", type=float, default=1.0,
                   help="each parent pauses 0..this many seconds before each request [1.0]")
    p.add_argument("--baseline-seconds", type=int, default=10, help="length of the baseline phase [10]")
    p.add_argument("--warmup-seconds", type=int, default=5, help="journeys not reported, before the window [5]")
    p.add_argument("--threads", type=int, default=1,
                   help="threads per worker: 1 = sync workers, as in the README; more = gthread [1]")
    p.add_argument("--out", default=str(HERE / "results.md"), help="markdown file to write, '-' for none")
    p.add_argument("--json", default="", help="also write the figures as JSON here")
    p.add_argument("--compare", action="store_true",
                   help="one run of each: sync and gthread (8 threads) workers, at 10 and at 50 parents, "
                        "with a summary table first (what the README's choice rests on)")
    args = p.parse_args(argv)
    if not (1 <= args.users <= 200 and 1 <= args.seconds <= 3600 and 0 <= args.think_max <= 60
            and 1 <= args.baseline_seconds <= 600 and 0 <= args.warmup_seconds <= 600 and 1 <= args.threads <= 32):
        p.error("keep it bounded: 1-200 users, 1-3600 seconds, think 0-60 s, baseline 1-600 s, "
                "warm-up 0-600 s, 1-32 threads")
    return args


# --- processes ----------------------------------------------------------------
class Processes:
    """Every process we start, each in its own session (so Ctrl-C reaches us, not them, and we
    can stop each one's whole group, e.g. gunicorn's workers); all stopped on the way out."""

    def __init__(self):
        self.running: dict[subprocess.Popen, int] = {}  # process -> the signal that stops it

    def start(self, cmd, log: Path, env=None, stop_signal=signal.SIGTERM) -> subprocess.Popen:
        with open(log, "ab") as out:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        self.running[proc] = stop_signal
        return proc

    def stop(self, proc: subprocess.Popen, grace: float = 20) -> None:
        sig = self.running.pop(proc, signal.SIGTERM)
        if proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # still unreaped, so the group id is still ours
            proc.wait()
        except ProcessLookupError:
            proc.wait()

    def stop_all(self) -> None:
        for proc in reversed(list(self.running)):
            self.stop(proc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


# --- memory: /proc, no extra package -----------------------------------------------
def read_status_kb(pid: int, field: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def children_of(pid: int) -> list[int]:
    """Processes whose parent is `pid` (made by any of its threads)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def descendants_of(pid: int) -> list[int]:
    """Children, grandchildren...: a worker's PDF helper (prep/render_pool.py) works for it."""
    found = []
    for child in children_of(pid):
        found += [child, *descendants_of(child)]
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


class WorkerSampler(threading.Thread):
    """Every half second: each gunicorn worker's RSS and high-water mark (VmHWM, the kernel's own
    peak, so a spike between samples is not missed), and the workers' CPU time, which unlike
    latency does not grow when other programs share the machine. Also notices replaced workers."""

    def __init__(self, master: int):
        super().__init__(daemon=True)
        self.master = master
        self.workers: dict[int, dict] = {}  # pid -> {"boot_kb", "peak_kb"}
        self.cpu: list[tuple[float, float]] = []  # (wall clock, CPU seconds of all workers and helpers)
        self.helper_cpu: dict[int, dict[int, float]] = {}  # worker -> {helper pid: CPU seconds so far}
        self.halt = threading.Event()

    def sample(self):
        cpu = 0.0
        for pid in children_of(self.master):
            rss, hwm = read_status_kb(pid, "VmRSS"), read_status_kb(pid, "VmHWM")
            if rss is None or hwm is None:
                continue
            seen = self.workers.setdefault(pid, {"boot_kb": rss, "peak_kb": hwm, "helpers_peak_kb": 0})
            seen["peak_kb"] = max(seen["peak_kb"], hwm)
            cpu += cpu_seconds(pid)
            # Its PDF helper process: its CPU and memory are the worker's too.
            helpers = descendants_of(pid)
            seen["helpers_peak_kb"] = max(seen["helpers_peak_kb"],
                                          sum(read_status_kb(h, "VmHWM") or 0 for h in helpers))
            self.helper_cpu[pid] = {**self.helper_cpu.get(pid, {}), **{h: cpu_seconds(h) for h in helpers}}
        cpu += sum(sum(per.values()) for per in self.helper_cpu.values())
        self.cpu.append((time.time(), cpu))

    def cpu_between(self, start: float, end: float) -> float:
        """Workers' CPU seconds between two wall-clock times (to the nearest half-second sample)."""
        def at(t):
            return min(self.cpu, key=lambda sample: abs(sample[0] - t))[1]
        return at(end) - at(start) if self.cpu else 0.0

    def run(self):
        while not self.halt.wait(0.5):
            self.sample()


# --- locust -------------------------------------------------------------------
def start_locust(procs: Processes, args, host: str, tmp: Path) -> subprocess.Popen:
    """One locust process for every phase: baseline, warm-up, measured window. It waits for
    the app to answer before it starts, so it can be started alongside gunicorn."""
    total = args.baseline_seconds + args.warmup_seconds + args.seconds
    cmd = [sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless",
           "--users", str(args.users), "--spawn-rate", str(args.users), "--run-time", f"{total}s",
           # When time is up, let each parent finish the journey it is on (bounded: 60 s).
           "--stop-timeout", "60", "--host", host, "--think-max", str(args.think_max),
           "--baseline-seconds", str(args.baseline_seconds), "--raw-out", str(tmp / "locust.json"),
           "--only-summary", "--loglevel", "WARNING", "Parent"]
    return procs.start(cmd, tmp / "locust.log")


def locust_results(procs: Processes, proc: subprocess.Popen, args, tmp: Path) -> dict:
    raw, log = tmp / "locust.json", tmp / "locust.log"
    total = args.baseline_seconds + args.warmup_seconds + args.seconds
    try:
        proc.wait(timeout=total + 150)  # + start-up, + the journeys in progress at the end
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"locust did not stop in time:\n{log.read_text()[-3000:]}") from None
    finally:
        procs.stop(proc)
    if not raw.exists():
        raise RuntimeError(f"locust wrote no results (exit {proc.returncode}):\n{log.read_text()[-3000:]}")
    result = json.loads(raw.read_text())
    result["exit_code"], result["log"] = proc.returncode, log
    return result


# --- figures --------------------------------------------------------------------
def percentiles(times: list[float]) -> dict[str, float]:
    if len(times) == 1:
        return {"p50": times[0], "p95": times[0], "p99": times[0]}
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98]}


def summarise(timings: dict, start: float, end: float) -> tuple[dict, int]:
    """Rows for the requests that ended between start and end (seconds from locust's start);
    also how many ended after end."""
    rows, everything, late = {}, [], 0
    for name, recorded in timings.items():
        times = [ms for ended, ms in recorded if start <= ended <= end]
        late += sum(1 for ended, _ms in recorded if ended > end)
        if times:
            everything += times
            rows[name] = {"count": len(times), "rps": len(times) / (end - start), **percentiles(times)}
    if everything:
        rows["overall"] = {"count": len(everything), "rps": len(everything) / (end - start),
                           **percentiles(everything)}
    return rows, late


def render(args, f: dict) -> str:
    """The markdown report: setting, one row per request type, errors, memory and CPU."""
    base, rows, b50 = f["baseline"], f["rows"], f["baseline"]["p50"]
    window_cpu = WORKERS * args.seconds
    journeys = rows.get(PDF, {}).get("count", 0)
    lines = [
        f"## Load benchmark: {WORKERS} gunicorn "
        + ("sync workers" if args.threads == 1 else f"gthread workers × {args.threads} threads")
        + ", locust parents walking the whole journey",
        "",
        f"Run {f['started']} UTC on {os.cpu_count()} CPUs, shared with the load generator and anything else "
        f"running (load average {f['load_before']:.1f} just before). {args.users} parents for "
        f"{args.seconds} s after a {args.warmup_seconds} s warm-up, each pausing 0–{args.think_max:g} s "
        f"before every request; languages {' and '.join(LANGUAGES)} in turn; one journey in {RESUME_EVERY} "
        "resumed with its code on a fresh session; SQLite drafts, production scrypt cost. Baseline, "
        f"first {args.baseline_seconds} s: the same parents, pacing and workers, every request a 2.7 kB "
        f"static file (`{BASELINE_PATH}`). “× base” is the latency divided by the baseline median.",
        "",
        "| request | count | per s | p50 ms | p95 ms | p99 ms | p50 × base | p95 × base | p99 × base |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]

    def row(label, r):
        return (f"| {label} | {r['count']} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} "
                f"| {r['p50'] / b50:.1f} | {r['p95'] / b50:.1f} | {r['p99'] / b50:.1f} |")

    lines.append(row(BASELINE + " (baseline)", base))
    lines += [row(name, rows[name]) for name in JOURNEY_TYPES if name in rows]
    if "overall" in rows:
        lines.append(row("**overall (journey)**", rows["overall"]))
    lines += [
        "",
        f"**Errors: {len(f['problems'])}**" + (":" if f["problems"] else ".") +
        f" Journeys completed in the window: {journeys}. After it, {f['late']} more requests while "
        "parents finished their journeys: checked for errors, not in the table.",
        "",
    ]
    lines += [f"- {p}" for p in f["problems"][:20]] + ([""] if f["problems"] else [])
    lines += [
        f"Worker CPU in the window: {f['cpu_seconds']:.1f} s of {window_cpu} s available to {WORKERS} "
        f"workers ({100 * f['cpu_seconds'] / window_cpu:.0f} %)"
        + (f", {f['cpu_seconds'] / journeys:.2f} CPU-s per journey." if journeys else "."),
        "",
        "| gunicorn worker | RSS at start MiB | peak RSS (VmHWM) MiB | its PDF helper, peak MiB |",
        "| --- | ---: | ---: | ---: |",
    ]
    for i, (pid, m) in enumerate(sorted(f["workers"].items()), 1):
        lines.append(f"| worker {i} (pid {pid}) | {m['boot_kb'] / 1024:.0f} | {m['peak_kb'] / 1024:.0f} "
                     f"| {m.get('helpers_peak_kb', 0) / 1024:.0f} |")
    return "\n".join(lines) + "\n"


# --- the run ------------------------------------------------------------------------
def measure(args, procs: Processes, tmp: Path) -> dict:
    """Start gunicorn and locust, run every phase, return the figures (problems included)."""
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    env = dict(os.environ, APP_ENV="development", SESSION_COOKIE_SECURE="0",
               DATABASE_URL=f"sqlite:///{tmp}/drafts.sqlite3",
               # Both workers must sign sessions with the same key, as in production.
               SECRET_KEY=os.urandom(32).hex(),
               RATELIMIT_STORAGE_URI="memory://",
               # Every simulated parent comes from 127.0.0.1: the limits are tested elsewhere.
               **{name: GENEROUS for name in ("RESUME_RATE_LIMIT", "PDF_RATE_LIMIT", "DRAFT_CREATE_RATE_LIMIT",
                                              "DRAFT_CREATE_SESSION_RATE_LIMIT", "SAVE_RATE_LIMIT",
                                              "UNLOCK_RATE_LIMIT", "CODE_RATE_LIMIT", "IMPORT_RATE_LIMIT")})
    env.pop("PROXY_HOPS", None)
    server_log = tmp / "gunicorn.log"
    # (Not the repo's gunicorn.conf.py, which gunicorn would read by itself: this run says what it
    # measures. Threads 1 keeps sync workers sync; more threads make them gthread.)
    workers = ["--worker-class", "sync", "--threads", "1"] if args.threads == 1 else [
        "--worker-class", "gthread", "--threads", str(args.threads)]
    server = procs.start([sys.executable, "-m", "gunicorn", "--config", "/dev/null", "--workers", str(WORKERS),
                          *workers, "--bind", f"127.0.0.1:{port}", "--no-control-socket", "--timeout", "60",
                          "app:app"],
                         # SIGTERM: gthread workers take gunicorn's whole graceful time over SIGINT.
                         server_log, env, stop_signal=signal.SIGTERM)
    locust = start_locust(procs, args, host, tmp)
    wait_until_up(host + BASELINE_PATH, server, server_log)
    sampler = WorkerSampler(server.pid)
    sampler.sample()
    sampler.start()
    try:
        result = locust_results(procs, locust, args, tmp)
    finally:
        sampler.halt.set()
    sampler.sample()
    procs.stop(server)

    problems = result["failures"][:20]
    if result["failure_count"] > 20:
        problems.append(f"... and {result['failure_count'] - 20} more failed requests")
    if result["exit_code"] != 0 and not result["failure_count"]:
        problems.append(f"locust exited {result['exit_code']}")
    if server.returncode != 0:
        problems.append(f"gunicorn exited with {server.returncode}")
    problems += [f"gunicorn log: {line.strip()[:200]}" for line in server_log.read_text(errors="replace").splitlines()
                 if any(p in line for p in LOG_PROBLEMS)][:10]
    if len(sampler.workers) > WORKERS:
        problems.append(f"{len(sampler.workers) - WORKERS} worker(s) died and were replaced")

    timings = result["timings"]
    base = summarise({BASELINE: timings.pop(BASELINE, [])}, 0, args.baseline_seconds)[0].get(BASELINE)
    if base is None:
        raise RuntimeError("the baseline made no requests")
    window = args.baseline_seconds + args.warmup_seconds
    rows, late = summarise(timings, window, window + args.seconds)
    exercised = {name: len(t) for name, t in timings.items()}
    missing = [name for name in JOURNEY_TYPES if not exercised.get(name)]
    if missing:
        problems.append(f"request types never exercised: {', '.join(missing)}")
    window_wall = result["start_wall"] + window
    return {"rows": rows, "baseline": base, "late": late, "exercised": exercised,
            "problems": problems, "errors": len(problems),
            "cpu_seconds": sampler.cpu_between(window_wall, window_wall + args.seconds),
            "workers": sampler.workers}


def main(argv=None) -> int:
    args = parse_args(argv)
    procs = Processes()

    def interrupted(_signum, _frame):
        raise KeyboardInterrupt  # unwinds through the except and finally below

    # Also when started in the background, where SIGINT arrives ignored.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupted)
    started, load_before = dt.datetime.now(dt.timezone.utc), os.getloadavg()[0]
    runs = [(args.threads, args.users)]
    if args.compare:
        runs = [(threads, users) for users in (10, 50) for threads in (1, 8)]
    results = []
    try:
        for threads, users in runs:
            run_args = argparse.Namespace(**{**vars(args), "threads": threads, "users": users})
            started, load_before = dt.datetime.now(dt.timezone.utc), os.getloadavg()[0]
            with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
                figures = measure(run_args, procs, Path(tmp))
            figures.update(started=f"{started:%Y-%m-%d %H:%M}", load_before=load_before)
            results.append((run_args, figures))
    except (Exception, KeyboardInterrupt) as stop:
        procs.stop_all()
        print(f"bench-load stopped, gunicorn and locust ended: {stop!r}", file=sys.stderr)
        return 130 if isinstance(stop, KeyboardInterrupt) else 2
    finally:
        procs.stop_all()

    table = (comparison(results) + "\n" if args.compare else "") + "\n".join(render(a, f) for a, f in results)
    print(table)
    if args.out != "-":
        Path(args.out).write_text(table)
    if args.json:
        Path(args.json).write_text(json.dumps([f for _a, f in results], indent=2))
    return 1 if any(f["problems"] for _a, f in results) else 0


def comparison(results) -> str:
    """One line per configuration: what the choice of worker class rests on."""
    lines = ["## Sync or gthread workers: the same journeys, one after the other", "",
             "| workers | parents | req/s | p50 ms | p95 ms | p99 ms | step page p95 ms | PDF p95 ms | errors "
             "| CPU (workers + PDF helpers) | peak RSS per worker MiB | peak RSS per PDF helper MiB |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for args, f in results:
        overall, rows = f["rows"].get("overall", {}), f["rows"]
        kind = "sync" if args.threads == 1 else f"gthread × {args.threads}"
        cpu = f"{100 * f['cpu_seconds'] / (WORKERS * args.seconds):.0f} % of {WORKERS} CPUs"
        peak = max((m["peak_kb"] for m in f["workers"].values()), default=0) / 1024
        helper = max((m.get("helpers_peak_kb", 0) for m in f["workers"].values()), default=0) / 1024
        lines.append(f"| {WORKERS} {kind} | {args.users} | {overall.get('rps', 0):.1f} | {overall.get('p50', 0):.0f} "
                     f"| {overall.get('p95', 0):.0f} | {overall.get('p99', 0):.0f} "
                     f"| {rows.get('step page GET', {}).get('p95', 0):.0f} | {rows.get(PDF, {}).get('p95', 0):.0f} "
                     f"| {f['errors']} | {cpu} | {peak:.0f} | {helper:.0f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
