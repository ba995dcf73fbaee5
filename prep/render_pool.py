"""PDFs are made in a helper process, one at a time, with a time limit.

Making a PDF is pure CPU in Python. Done inside the web worker, one slow statement
(very long answers in several scripts) would hold that worker, and a few of them
every worker, so even "Exit this page" would wait. So each web worker keeps
one helper process for rendering (started on first use, with a lower CPU priority
than the pages), sends it the statement, and waits with a time limit:

- the helper is busy with another parent's PDF: wait up to RENDER_QUEUE_SECONDS,
  then say "busy, try again in a minute" (RenderBusy);
- the PDF is not ready within RENDER_TIMEOUT_SECONDS: the helper is killed and
  replaced, and the parent gets a clear page (RenderTooSlow), never a 500.

With gthread workers (see gunicorn.conf.py), other threads keep serving pages while
one waits for its PDF. The helper needs no database and no request: a tiny Flask app
with only the translations (pdf_app) gives the PDF code its locale.

RENDER_IN_PROCESS=True (the tests' default, and the command line) renders in the
calling process instead.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import resource
import signal
import threading
from pathlib import Path

from flask import Flask, current_app

ROOT = Path(__file__).resolve().parent.parent


class RenderBusy(Exception):
    """Every helper is making someone else's PDF; try again shortly."""


class RenderTooSlow(Exception):
    """This PDF did not finish within the time limit."""


class RenderFailed(Exception):
    """The helper could not make this PDF (the message names only the kind of error)."""


# --- what runs in the helper (and, in process, in the caller) -------------------------------


def pdf_app() -> Flask:
    """A Flask app with only what the PDF code needs: translations and locale."""
    from flask_babel import Babel

    app = Flask("prep.pdf")
    app.config.update(BABEL_DEFAULT_LOCALE="en_GB", BABEL_DEFAULT_TIMEZONE="Europe/London")
    Babel(app, default_translation_directories=str(ROOT / "translations"))
    return app


def render(app: Flask, kind: str, kwargs: dict) -> bytes:
    import flask_babel

    from . import i18n
    from .pdf import render_paper_form, render_statement

    language = i18n.BY_CODE.get(kwargs.pop("language", "en"), i18n.BY_CODE[i18n.DEFAULT])
    with app.test_request_context(f"/{language.code}/"), flask_babel.force_locale(language.locale):
        if kind == "statement":
            return render_statement(**kwargs)
        if kind == "paper-form":
            return render_paper_form(language=language.code, **kwargs)
    raise ValueError(f"unknown kind of PDF: {kind}")


def _serve(conn, memory_limit: int) -> None:
    """The helper's loop: one PDF at a time, until the pipe closes."""
    # Ctrl-C or gunicorn's quick shutdown reach the whole process group: the web worker
    # decides when the helper stops (its pipe closes, or it is killed).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        os.nice(10)  # pages (and quick exit) first; PDFs take what is left
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    except (OSError, ValueError):
        pass
    app = pdf_app()
    from . import pdf  # noqa: F401  (fonts registered once, before the first request)

    while True:
        try:
            kind, kwargs = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", render(app, kind, kwargs)))
        except MemoryError:
            conn.send(("error", "MemoryError"))
        except Exception as exc:  # noqa: BLE001 - report the kind only: never answer text
            conn.send(("error", type(exc).__name__))


# --- the pool, in each web worker ----------------------------------------------------------


class _Helper:
    def __init__(self, context, memory_limit: int):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, memory_limit), daemon=True,
                                       name="prep-pdf-helper")
        self.process.start()
        child.close()

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(5)
        finally:
            self.conn.close()


class RenderPool:
    def __init__(self, size: int = 1, memory_limit: int = 1024 ** 3):
        methods = multiprocessing.get_all_start_methods()
        self._context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            self._context.set_forkserver_preload(["prep.render_pool", "prep.pdf"])
        self._memory_limit = memory_limit
        self._idle: queue.Queue[_Helper | None] = queue.Queue()
        for _ in range(size):
            self._idle.put(None)  # started on first use

    def render(self, kind: str, kwargs: dict, *, timeout: float, queue_wait: float) -> bytes:
        try:
            helper = self._idle.get(timeout=queue_wait)
        except queue.Empty:
            raise RenderBusy() from None
        try:
            if helper is None or not helper.process.is_alive():
                helper = _Helper(self._context, self._memory_limit)
            helper.conn.send((kind, kwargs))
            if not helper.conn.poll(timeout):
                helper.kill()
                helper = None
                raise RenderTooSlow()
            status, payload = helper.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            if helper is not None:
                helper.kill()
            helper = None
            raise RenderFailed("the PDF helper stopped") from None
        finally:
            self._idle.put(helper)
        if status != "ok":
            raise RenderFailed(payload)
        return payload


_pools: dict[int, RenderPool] = {}
_pools_lock = threading.Lock()


def _pool() -> RenderPool:
    # One pool per process: a gunicorn worker forked from a parent must not share the parent's helpers.
    pid = os.getpid()
    with _pools_lock:
        if pid not in _pools:
            _pools[pid] = RenderPool(current_app.config["RENDER_PROCESSES"])
        return _pools[pid]


def _run(kind: str, kwargs: dict) -> bytes:
    config = current_app.config
    if config["RENDER_IN_PROCESS"]:
        return render(_in_process_app(), kind, kwargs)
    return _pool().render(kind, kwargs, timeout=config["RENDER_TIMEOUT_SECONDS"],
                          queue_wait=config["RENDER_QUEUE_SECONDS"])


_app_for_tests: Flask | None = None


def _in_process_app() -> Flask:
    global _app_for_tests
    if _app_for_tests is None:
        _app_for_tests = pdf_app()
    return _app_for_tests


def statement_pdf(statement, **kwargs) -> bytes:
    return _run("statement", {"statement": statement, "language": statement.language, **kwargs})


def paper_form_pdf(*, language: str, **kwargs) -> bytes:
    return _run("paper-form", {"language": language, **kwargs})
