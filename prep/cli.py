"""Command line.

    python -m prep render ANSWERS.json -o OUT.pdf [--large-print] [--lang xx]
    python -m prep paper-form -o OUT.pdf [--lang xx] [--large-print]
    python -m prep review-kit --lang xx|all [-o DIR]
    python -m prep review-import KIT.xlsx [--reviewer NAME --qualification Q --date YYYY-MM-DD]

Bad input ends with exit status 2 and one line on stderr naming the problem
(for a bad field, the field's path), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_BAD_INPUT = 2
EXIT_CANNOT_WRITE = 1
MAX_ANSWERS_FILE = 4 * 1024 * 1024  # as the web import (Config.IMPORT_MAX_CONTENT_LENGTH): photos travel in it


class _Fail(Exception):
    def __init__(self, message: str, status: int = EXIT_BAD_INPUT):
        super().__init__(message)
        self.status = status


def _language_codes() -> str:
    from .i18n import LANGUAGES

    return ", ".join(lang.code for lang in LANGUAGES)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m prep", description="Conference prep tools.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    languages = _language_codes()

    render = commands.add_parser(
        "render", help="make the PDF statement from a saved answers file",
        description="Make the PDF statement for the conference chair from a saved answers (.json) file.")
    render.add_argument("answers", metavar="ANSWERS.json", type=Path, help="answers saved from the app")
    render.add_argument("-o", "--output", metavar="OUT.pdf", type=Path, required=True,
                        help="where to write the PDF")
    render.add_argument("--large-print", action="store_true",
                        help="large print (also used when the answers file asks for it)")
    render.add_argument("--lang", metavar="xx",
                        help=f"language of the headings ({languages}); default: the answers file's own")

    paper = commands.add_parser(
        "paper-form", help="make the blank paper form (every question with space to write)",
        description="Make the blank paper form: every question, with lines to write on and boxes to tick.")
    paper.add_argument("-o", "--output", metavar="OUT.pdf", type=Path, required=True,
                       help="where to write the PDF")
    paper.add_argument("--lang", metavar="xx", default="en", help=f"language ({languages}); default: en")
    paper.add_argument("--large-print", action="store_true", help="large print")

    kit = commands.add_parser(
        "review-kit", help="write the spreadsheet a qualified translator reviews",
        description="Write review-kit-xx.xlsx: every message in context, English beside the translation, "
                    "the key terms, and columns for the reviewer's verdict and correction.")
    kit.add_argument("--lang", metavar="xx", required=True, help=f"language ({languages}), or all")
    kit.add_argument("-o", "--output", metavar="DIR", type=Path, default=Path("build/review-kit"),
                     help="folder to write to (default: build/review-kit)")

    back = commands.add_parser(
        "review-import", help="bring a reviewed kit back: corrections and the sign-off",
        description="Write the reviewer's corrections into the .po file and record their sign-off for each "
                    "message marked OK or corrected.")
    back.add_argument("kit", metavar="KIT.xlsx", type=Path, help="the reviewed spreadsheet")
    back.add_argument("--reviewer", help="the reviewer's name (default: from the kit)")
    back.add_argument("--qualification", help="their qualification (default: from the kit)")
    back.add_argument("--date", help="the date they finished, YYYY-MM-DD (default: from the kit)")
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


def _language(code: str | None, *, fallback: str | None = None):
    """The Language for --lang; unknown: exit 2. `fallback` (the file's own
    language) may be unknown: then English."""
    from .i18n import BY_CODE, DEFAULT

    if code is not None:
        if code not in BY_CODE:
            raise _Fail(f"--lang: unknown language {code!r} (choose from {_language_codes()})")
        return BY_CODE[code]
    return BY_CODE.get(fallback or DEFAULT, BY_CODE[DEFAULT])


def _write(path: Path, pdf: bytes) -> None:
    try:
        path.write_bytes(pdf)
    except OSError as exc:
        raise _Fail(f"{path}: cannot write the PDF ({exc.strerror or exc})", EXIT_CANNOT_WRITE) from None


def _marking() -> str:
    """The PDF's marking, as the app would print it: CONFIDENTIALITY_MARKING, else the profile's."""
    import os

    from . import profile
    from .config import ConfigError

    if os.environ.get("CONFIDENTIALITY_MARKING"):
        return os.environ["CONFIDENTIALITY_MARKING"]
    try:
        return profile.load(os.environ.get("COUNCIL_PROFILE") or None).confidentiality_marking
    except ConfigError as err:
        raise _Fail(str(err), EXIT_CANNOT_WRITE) from None


def render(args: argparse.Namespace) -> None:
    # The PDF app only: translations and locale. The command line touches no database.
    import dataclasses

    from .render_pool import pdf_app, render as render_pdf

    language = _language(args.lang) if args.lang is not None else None
    statement = _read_statement(args.answers, MAX_ANSWERS_FILE)
    language = language or _language(None, fallback=statement.language)
    # The PDF is in one language: its headings', whatever the file says.
    statement = dataclasses.replace(statement, language=language.code)
    pdf = render_pdf(pdf_app(), "statement", {"statement": statement, "language": language.code,
                                              "marking": _marking(),
                                              "large_print": args.large_print or statement.large_print})
    _write(args.output, pdf)


def paper_form(args: argparse.Namespace) -> None:
    from .render_pool import pdf_app, render as render_pdf

    language = _language(args.lang)
    pdf = render_pdf(pdf_app(), "paper-form", {"language": language.code, "large_print": args.large_print,
                                               "marking": _marking()})
    _write(args.output, pdf)


def review_kit(args: argparse.Namespace) -> None:
    from . import review_kit as kit
    from .i18n import DEFAULT, LANGUAGES

    codes = [lang.code for lang in LANGUAGES if lang.code != DEFAULT] if args.lang == "all" else [args.lang]
    for code in codes:
        if code == DEFAULT or code not in {lang.code for lang in LANGUAGES}:
            raise _Fail(f"--lang: {code!r} has no translation to review (choose from "
                        f"{', '.join(c for c in _language_codes().split(', ') if c != DEFAULT)}, or all); "
                        "with make: make review-kit LANG=ur")
        try:
            print(kit.write_kit(code, args.output))
        except OSError as exc:
            raise _Fail(f"{args.output}: cannot write the kit ({exc.strerror or exc})", EXIT_CANNOT_WRITE) from None


def review_import(args: argparse.Namespace) -> None:
    from . import review_kit as kit

    if not args.kit.is_file():
        raise _Fail(f"{args.kit}: no such file")
    try:
        report = kit.import_kit(args.kit, reviewer=args.reviewer, qualification=args.qualification, date=args.date)
    except kit.KitError as exc:
        raise _Fail(str(exc)) from None
    print("\n".join(report.lines()))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "render":
            render(args)
        elif args.command == "paper-form":
            paper_form(args)
        elif args.command == "review-kit":
            review_kit(args)
        elif args.command == "review-import":
            review_import(args)
    except _Fail as fail:
        print(f"error: {fail}", file=sys.stderr)
        return fail.status
    except KeyboardInterrupt:
        return 130
    return 0
