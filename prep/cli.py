"""Command line: `python -m prep render ANSWERS.json -o OUT.pdf [--large-print]`.

Bad input ends with exit status 2 and one line on stderr naming the problem
(for a bad field, the field's path), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_BAD_INPUT = 2
EXIT_CANNOT_WRITE = 1


class _Fail(Exception):
    def __init__(self, message: str, status: int = EXIT_BAD_INPUT):
        super().__init__(message)
        self.status = status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m prep", description="Conference prep tools.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    render = commands.add_parser(
        "render", help="make the PDF statement from a saved answers file",
        description="Make the PDF statement for the conference chair from a saved answers (.json) file.")
    render.add_argument("answers", metavar="ANSWERS.json", type=Path, help="answers saved from the app")
    render.add_argument("-o", "--output", metavar="OUT.pdf", type=Path, required=True,
                        help="where to write the PDF")
    render.add_argument("--large-print", action="store_true",
                        help="large print (also used when the answers file asks for it)")
    return parser


def _read_statement(path: Path, max_bytes: int):
    from .statement import Statement, StatementError

    try:
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise _Fail(f"{path}: no such file") from None
    except IsADirectoryError:
        raise _Fail(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise _Fail(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise _Fail(f"{path}: the file is too big (the most is {max_bytes:,} bytes)")
    try:
        return Statement.from_json(data)
    except StatementError as exc:
        # A field error names the field; a whole-file error names the file.
        raise _Fail(str(exc) if exc.path else f"{path}: {exc.message}") from None


def _locale_for(app, language: str) -> str:
    """The statement's language if the app has a translation for it, else the default."""
    from flask_babel import get_babel

    available = {str(loc) for loc in get_babel(app).instance.list_translations()}
    return language if language in available else app.config["BABEL_DEFAULT_LOCALE"]


def render(args: argparse.Namespace) -> None:
    import flask_babel

    from . import create_app
    from .pdf import render_statement

    app = create_app()
    statement = _read_statement(args.answers, app.config.get("MAX_CONTENT_LENGTH") or 1024 * 1024)
    with app.app_context(), flask_babel.force_locale(_locale_for(app, statement.language)):
        pdf = render_statement(statement, marking=app.config.get("CONFIDENTIALITY_MARKING", "Confidential"),
                               large_print=args.large_print or statement.large_print)
    try:
        args.output.write_bytes(pdf)
    except OSError as exc:
        raise _Fail(f"{args.output}: cannot write the PDF ({exc.strerror or exc})", EXIT_CANNOT_WRITE) from None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "render":
            render(args)
    except _Fail as fail:
        print(f"error: {fail}", file=sys.stderr)
        return fail.status
    except KeyboardInterrupt:
        return 130
    return 0
