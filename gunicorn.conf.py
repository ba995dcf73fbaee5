"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py app:app`.

Threads (gthread) rather than plain sync workers: a thread waiting for its PDF (made in
a helper process with a time limit, prep/render_pool.py) or for the database does not
stop the worker's other threads serving pages and "Exit this page". bench/load compares
the two (README, "Running in production").
"""

import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = 60  # a request still running after this is a fault: a PDF stops at RENDER_TIMEOUT_SECONDS
graceful_timeout = 20
# Request lines carry paths only (no answers travel in URLs); no access log by default.
accesslog = None


def on_starting(server):
    """Refuse to start when rate limits would be counted per worker (each worker's own
    memory): with several workers, limits need storage they share (Redis)."""
    storage = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    if os.environ.get("APP_ENV") == "production" and server.cfg.workers > 1 and storage.startswith("memory://"):
        raise SystemExit(
            "Conference prep cannot start: with more than one worker, rate limits need shared storage. "
            "Set RATELIMIT_STORAGE_URI=redis://... (or run one worker).")
