"""`python -m prep render`: run as a person at a terminal would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from prep.statement import LONG_TEXT_MAX

from .pdf_fixtures import full_statement, page_texts, reader, squash

ROOT = Path(__file__).resolve().parent.parent


def run(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prep", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


@pytest.fixture
def answers(tmp_path) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(full_statement().to_json(), encoding="utf-8")
    return path


def write_json(tmp_path, data) -> Path:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def assert_one_line_error(result, *expected: str) -> None:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for text in expected:
        assert text in lines[0]


def test_render_writes_a_pdf(answers, tmp_path):
    out = tmp_path / "statement.pdf"
    result = run("render", answers, "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = out.read_bytes()
    text = squash(" ".join(page_texts(data)))
    assert "Łucja Nowak" in text and "Ștefan says" in text
    assert "Page 1 of" in text and "Confidential" in text


def test_marking_comes_from_the_app_config(answers, tmp_path):
    out = tmp_path / "statement.pdf"
    result = run("render", answers, "-o", out, env={"CONFIDENTIALITY_MARKING": "OFFICIAL-SENSITIVE"})
    assert result.returncode == 0, result.stderr
    assert all("OFFICIAL-SENSITIVE" in text for text in page_texts(out.read_bytes()))


def test_large_print_option(answers, tmp_path):
    standard, large = tmp_path / "standard.pdf", tmp_path / "large.pdf"
    assert run("render", answers, "-o", standard).returncode == 0
    assert run("render", answers, "-o", large, "--large-print").returncode == 0
    assert len(reader(large.read_bytes()).pages) > len(reader(standard.read_bytes()).pages)


def test_large_print_asked_for_in_the_file_is_used(tmp_path):
    statement = full_statement()
    statement.large_print = True
    answers, standard, large = tmp_path / "a.json", tmp_path / "standard.pdf", tmp_path / "large.pdf"
    answers.write_text(statement.to_json(), encoding="utf-8")
    assert run("render", answers, "-o", large).returncode == 0
    statement.large_print = False
    answers.write_text(statement.to_json(), encoding="utf-8")
    assert run("render", answers, "-o", standard).returncode == 0
    assert len(reader(large.read_bytes()).pages) > len(reader(standard.read_bytes()).pages)


def test_missing_file(tmp_path):
    result = run("render", tmp_path / "nope.json", "-o", tmp_path / "out.pdf")
    assert_one_line_error(result, "nope.json", "no such file")
    assert not (tmp_path / "out.pdf").exists()


def test_not_json(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text("{ this is not json", encoding="utf-8")
    assert_one_line_error(run("render", path, "-o", tmp_path / "out.pdf"), "answers.json", "not valid JSON")


def test_not_utf8(tmp_path):
    path = tmp_path / "answers.json"
    path.write_bytes(b'{"schema": "\xff\xfe"}')
    assert_one_line_error(run("render", path, "-o", tmp_path / "out.pdf"), "not UTF-8")


def test_wrong_schema(tmp_path):
    path = write_json(tmp_path, {"schema": "something-else", "about": {}})
    assert_one_line_error(run("render", path, "-o", tmp_path / "out.pdf"), "error: schema: ")


def test_bad_date_names_the_field(tmp_path):
    data = full_statement().to_dict()
    data["about"]["conference_date"] = "2027-02-30"
    path = write_json(tmp_path, data)
    assert_one_line_error(run("render", path, "-o", tmp_path / "out.pdf"),
                          "error: about.conference_date: must be a real date written YYYY-MM-DD")


def test_unknown_key_names_the_field(tmp_path):
    data = full_statement().to_dict()
    data["worries"]["secret_field"] = "x"
    path = write_json(tmp_path, data)
    assert_one_line_error(run("render", path, "-o", tmp_path / "out.pdf"), "worries.secret_field")


def test_over_long_answer_names_the_field(tmp_path):
    data = full_statement().to_dict()
    data["strengths"]["done_well"] = "x" * (LONG_TEXT_MAX + 1)
    path = write_json(tmp_path, data)
    assert_one_line_error(run("render", path, "-o", tmp_path / "out.pdf"), "strengths.done_well", "too long")


def test_wrong_type_names_the_field(tmp_path):
    data = full_statement().to_dict()
    data["about"]["children"][0]["age"] = 7
    path = write_json(tmp_path, data)
    assert_one_line_error(run("render", path, "-o", tmp_path / "out.pdf"), "about.children[0].age")


def test_a_folder_is_not_a_file(tmp_path):
    assert_one_line_error(run("render", tmp_path, "-o", tmp_path / "out.pdf"), "folder")


def test_cannot_write_output(answers, tmp_path):
    result = run("render", answers, "-o", tmp_path / "no-such-folder" / "out.pdf")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "no-such-folder" in result.stderr


def test_usage_error_without_arguments():
    result = run()
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "usage:" in result.stderr


# --- languages -----------------------------------------------------------------------------
def lang_of(path: Path) -> str:
    return str(reader(path.read_bytes()).trailer["/Root"]["/Lang"])


def test_render_in_the_language_of_the_answers_file(tmp_path):
    from .pdf_fixtures import statement_in

    answers, out = tmp_path / "a.json", tmp_path / "out.pdf"
    answers.write_text(statement_in("uk").to_json(), encoding="utf-8")
    result = run("render", answers, "-o", out)
    assert result.returncode == 0, result.stderr
    assert lang_of(out) == "uk"
    assert "Оксана Коваленко" in squash(" ".join(page_texts(out.read_bytes())))


def test_render_with_lang_overrides_the_file(answers, tmp_path):
    out = tmp_path / "out.pdf"
    result = run("render", answers, "-o", out, "--lang", "pl")
    assert result.returncode == 0, result.stderr
    assert lang_of(out) == "pl"
    text = squash(" ".join(page_texts(out.read_bytes())))
    assert "Strengths" in text  # the English is there whether or not Polish is translated yet


def test_render_right_to_left_language(answers, tmp_path):
    out = tmp_path / "out.pdf"
    assert run("render", answers, "-o", out, "--lang", "ar", "--large-print").returncode == 0
    assert lang_of(out) == "ar"


def test_unknown_lang_is_one_line(answers, tmp_path):
    result = run("render", answers, "-o", tmp_path / "out.pdf", "--lang", "xx")
    assert_one_line_error(result, "--lang", "'xx'", "en, cy, pl")
    assert not (tmp_path / "out.pdf").exists()


def test_unknown_language_in_the_file_falls_back_to_english(tmp_path):
    data = full_statement().to_dict()
    data["language"] = "tlh"
    path, out = write_json(tmp_path, data), tmp_path / "out.pdf"
    result = run("render", path, "-o", out)
    assert result.returncode == 0, result.stderr
    assert lang_of(out) == "en-GB"


# --- the paper form ------------------------------------------------------------------------
def test_paper_form(tmp_path):
    out = tmp_path / "form.pdf"
    result = run("paper-form", "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    text = squash(" ".join(page_texts(out.read_bytes())))
    assert text.startswith("Questions to help you get ready for a child protection conference")
    assert "Tick one" in text and "Your children" in text


def test_paper_form_language_and_large_print(tmp_path):
    standard, large = tmp_path / "standard.pdf", tmp_path / "large.pdf"
    assert run("paper-form", "-o", standard, "--lang", "bn").returncode == 0
    assert run("paper-form", "-o", large, "--lang", "bn", "--large-print").returncode == 0
    assert lang_of(standard) == "bn"
    assert len(reader(large.read_bytes()).pages) > len(reader(standard.read_bytes()).pages)


def test_paper_form_unknown_lang(tmp_path):
    assert_one_line_error(run("paper-form", "-o", tmp_path / "form.pdf", "--lang", "zz"), "--lang", "'zz'")


def test_paper_form_cannot_write(tmp_path):
    result = run("paper-form", "-o", tmp_path / "nowhere" / "form.pdf")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "nowhere" in result.stderr
