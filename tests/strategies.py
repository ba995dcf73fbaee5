"""Hypothesis strategies for hostile input: text a parent (or a broken browser,
or an attacker) could put in any answer, and answers files that are almost,
or not at all, what the app writes.

Used by tests/test_fuzz.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
import json

from hypothesis import strategies as st

from prep.statement import (
    ATTENDING, CONFERENCE_TYPES, MAX_CHILDREN, POINT_KINDS, POINT_LIMITS, RELATIONSHIPS, REPORT_RECEIVED, SCHEMA,
    SECTIONS, SHORT_TEXT_MAX, UNBORN, Drawing, ReportPoint, new_key,
    VIEWS_PUT_BY, Child, Statement, max_length,
)

from .pdf_fixtures import SAMPLES, full_statement

# --- text -------------------------------------------------------------------------------
# Words in every script the app supports, so runs switch font and direction.
SCRIPT_WORDS = [
    "Łucja Żółkiewska", "Ștefan Țăranu", "João Gonçalves", "Siân Llŷr", "ñ ç ø å ß œ Ğ ı",  # Latin
    "Оксана Ґанна Їжакевич", "Привіт!",  # Cyrillic
    "فاطمة الزهراء", "مادرم می‌گوید", "گچپژ", "میں ماں ہوں۔ ٹھیک ڈ ڑ ے", "١٢٣ ۱۲۳",  # Arabic, Persian, Urdu
    "আমি মা। ক্ষ ত্র", "ਮੈਂ ਮਾਂ ਹਾਂ। ਖ਼ ਗ਼ ਕ੍ਰਿਪਾ",  # Bengali, Gurmukhi
    *(s for sample in SAMPLES.values() for s in sample.sentences[:1]),
]
BIDI_MARKS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
COMBINING = ["\u0301", "\u0308", "\u0327", "\u064b", "\u0651", "\u0670", "\u09bc", "\u09cd", "\u0a3c", "\u0a4d",
             "\u20dd", "\u0489", "e" + "\u0301\u0302\u0303\u0304\u0305\u0306" * 8]  # and a tall stack
EMOJI = ["😀", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇬🇧", "🇵🇱", "🇦", "1️⃣", "🏴󠁧󠁢󠁷󠁬󠁳󠁿", "❤️", "🫠", "🧑🏿‍🦽"]
CONTROLS = [chr(c) for c in range(0x20)] + ["\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\r\n"]
ODD = ["\ufffd", "\ufffe", "\uffff", "\ue000", "\U0010fffd", "\U000e0001", "\u00a0", "\u3000", "\u00ad",
       "\U0001d7df", "ǅ", "ﷺ", "ﷻ", "\u0600", "\u06dd"]  # non-characters, private use, odd spaces, ligatures
MARKUP = ["<b>", "</para>", "<font name='x'>", "<br/>", "&amp;", "&", "&#0;", "<", "]]>", "<!--", "%(x)s", "%s",
          "{{ 7*7 }}", "\\", "'", '"', "\t"]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d"]  # lone halves: no UTF-8 for them

_PIECES = [*SCRIPT_WORDS, *BIDI_MARKS, *ZERO_WIDTH, *COMBINING, *EMOJI, *CONTROLS, *ODD, *MARKUP, " ", "\n"]


def hostile_text(max_size: int, *, surrogates: bool = True, min_size: int = 0) -> st.SearchStrategy[str]:
    """Text of up to `max_size` characters (beyond it only when asked): script
    words, marks, controls, emoji and markup mixed with any code points,
    sometimes filled right up to the limit with one fragment repeated."""
    any_char = st.characters(exclude_categories=() if surrogates else ("Cs",))
    pieces = _PIECES + (SURROGATES if surrogates else [])
    piece = st.one_of(st.sampled_from(pieces), st.text(any_char, min_size=1, max_size=12))
    mixed = st.lists(piece, max_size=30).map("".join).map(lambda s: s[:max_size])

    def fill(parts: list[str], size: int) -> str:
        fragment = "".join(parts) or "x"
        return (fragment * (size // len(fragment) + 1))[:size]

    # Filled to the limit (or nearly): one long word, or long prose in a script.
    full = st.builds(fill, st.lists(piece, min_size=1, max_size=4),
                     st.sampled_from([max_size, max_size - 1, max_size // 2]))
    return st.one_of(mixed, mixed, mixed, full).filter(lambda s: len(s) >= min_size)


def encodable(max_size: int, **kw) -> st.SearchStrategy[str]:
    """Hostile text a browser can send: everything but lone surrogates."""
    return hostile_text(max_size, surrogates=False, **kw)


# --- JSON -------------------------------------------------------------------------------
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10 ** 40), max_value=10 ** 40),
    st.floats(), st.text(st.characters(exclude_categories=()), max_size=30), hostile_text(300),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5),
                            st.dictionaries(st.text(st.characters(exclude_categories=()), max_size=12), inner,
                                            max_size=5)),
    max_leaves=20,
)


def valid_statement_dict() -> dict:
    """A full statement as a dict, with a point about the report and a photo (a small one)."""
    statement = full_statement()
    statement.report.received = "yes"
    statement.report.points = [ReportPoint(key="p00112233aabbccdd", where="page 3", says="Missed a visit.",
                                           kind="wrong", instead="I was in hospital.", evidence="A letter")]
    statement.child_views.drawings = [Drawing(key="d" + "0" * 32, jpeg=_small_jpeg(), description="Our house",
                                              child="Amelia")]
    return json.loads(statement.to_json())


@functools.cache
def _small_jpeg() -> bytes:
    from PIL import Image

    from prep.drawings import process

    out = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(out, "JPEG")
    return process(out.getvalue()).jpeg


def _paths(data, prefix=()):
    """Every place in a statement dict a mutation can hit."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, prefix + (i,))


KNOWN_PATHS = list(_paths(valid_statement_dict()))
# Keys an attacker might try: near-misses of real ones, prototype-pollution style, odd text.
ODD_KEYS = ["Schema", "about ", "__proto__", "constructor", "", "\ud800", "about.your_name", "children[0]",
            "x" * 5000, *SECTIONS]


@st.composite
def near_valid_statements(draw) -> dict:
    """A valid answers dict with one to three things wrong (or, sometimes, nothing)."""
    data = valid_statement_dict()
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(KNOWN_PATHS))
        parent = data
        try:
            for step in path[:-1]:
                parent = parent[step]
            if path:
                parent[path[-1]]  # the path may be gone after an earlier mutation
        except (KeyError, IndexError, TypeError):
            continue
        kind = draw(st.sampled_from(["replace", "replace", "text", "delete", "unknown_key", "nest", "long",
                                     "children"]))
        if kind == "replace" and path:
            parent[path[-1]] = draw(json_values)
        elif kind == "text" and path:
            parent[path[-1]] = draw(hostile_text(5100))
        elif kind == "delete" and path:
            del parent[path[-1]]
        elif kind == "unknown_key":
            target = parent[path[-1]] if path else data
            if isinstance(target, dict):
                target[draw(st.one_of(st.sampled_from(ODD_KEYS), st.text(max_size=10)))] = draw(json_values)
        elif kind == "nest" and path:
            # (Deeper than json.dumps can write goes in as text: "deep" in _text_edits.)
            depth, as_list = draw(st.sampled_from([1, 2, 50, 150])), draw(st.booleans())
            value = parent[path[-1]]
            for _ in range(depth):
                value = [value] if as_list else {"x": value}
            parent[path[-1]] = value
        elif kind == "long" and path:
            parent[path[-1]] = draw(st.sampled_from(["x" * 5001, "9" * 5000, "٣" * 300, "7" * 201]))
        elif kind == "children":
            count = draw(st.sampled_from([0, 1, 20, 21, 1000]))
            data.setdefault("about", {})
            if isinstance(data["about"], dict):
                data["about"]["children"] = [{"name": "A", "age": draw(st.sampled_from(
                    ["7", "unborn", " 7 ", "-1", "1e3", "٣", "99999999999999999999", "", "Unborn"]))}] * count
    return data


# Byte-level damage after serialising: what a text editor, a copy-paste or an attacker does.
def _text_edits():
    return st.sampled_from([
        ("bom", "\ufeff"), ("two_boms", "\ufeff\ufeff"), ("nan", "NaN"), ("infinity", "-Infinity"),
        ("huge_int", "1" * 5000), ("huge_float", "1e999999"), ("deep", "[" * 100_000),
        ("duplicate", None), ("truncate", None), ("surrogate_escape", "\\ud800"), ("pair_escape", "\\ud83d\\ude00"),
        ("trailing", "}"), ("comment", "// note"),
    ])


def _apply_edit(text: str, edit: tuple[str, str | None], where: int) -> str:
    name, token = edit
    at = where % (len(text) + 1)
    if name in ("bom", "two_boms"):
        return token + text
    if name == "duplicate":
        # The same key twice: json.loads keeps the last, so the first can hide anything.
        return text.replace('"schema"', '"schema": 1, "schema"', 1)
    if name == "truncate":
        return text[:at]
    if name in ("nan", "infinity", "huge_int", "huge_float", "surrogate_escape", "pair_escape"):
        # In place of the first string value after `at`, or the first value at all.
        colon = text.find(": ", at)
        colon = colon if colon != -1 else text.find(": ")
        if colon == -1:
            return text + token
        value = token if name not in ("surrogate_escape", "pair_escape") else f'"{token}"'
        end = text.find("\n", colon)
        end = end if end != -1 else len(text)
        rest = text[colon + 2:end]
        comma = "," if rest.rstrip().endswith(",") else ""
        return text[:colon + 2] + value + comma + text[end:]
    return text[:at] + token + text[at:]


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-8":
        return text.encode("utf-8", "surrogatepass")  # a lone surrogate becomes invalid UTF-8
    return text.encode(encoding, "replace")


@st.composite
def answers_files(draw) -> bytes:
    """Bytes of a file someone might upload or pass to the CLI as their answers."""
    kind = draw(st.sampled_from(["near", "near", "near", "any_json", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    data = draw(near_valid_statements()) if kind == "near" else draw(json_values)
    if kind == "any_json" and draw(st.booleans()):
        data = {"schema": SCHEMA, **data} if isinstance(data, dict) else data
    text = json.dumps(data, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2])))
    for _ in range(draw(st.integers(0, 2))):
        text = _apply_edit(text, draw(_text_edits()), draw(st.integers(0, 10 ** 6)))
    raw = _encode(text, draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "latin-1", "cp1252"])))
    if draw(st.integers(0, 9)) == 0:  # one stray byte, e.g. a bad copy
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\x00", b"\xed\xa0\x80"])) + raw[at:]
    return raw



# --- whole statements, for the PDF renderer ---------------------------------------------
@st.composite
def statements(draw, *, surrogates: bool = True) -> Statement:
    """A Statement with hostile text in every free-text field (each within its
    length limit, as the forms and the JSON reader allow) and any valid choice.
    One answer may be 5,000 characters long; the rest stay under 100, so that
    each example renders in well under a second."""
    statement = Statement()
    text_fields = [(name, f.name) for name, cls in SECTIONS.items() for f in dataclasses.fields(cls)
                   if f.type == "str"]
    long = draw(st.lists(st.sampled_from(text_fields), max_size=1))
    for name, section_cls in SECTIONS.items():
        values = {}
        for f in dataclasses.fields(section_cls):
            if f.type == "str":
                limit = max_length(name, f.name)
                values[f.name] = draw(hostile_text(limit if (name, f.name) in long else min(limit, 100),
                                                   surrogates=surrogates))
        setattr(statement, name, section_cls(**values))
    about = statement.about
    about.relationship = draw(st.one_of(st.sampled_from(RELATIONSHIPS), st.just(about.relationship)))
    about.children = [Child(draw(hostile_text(SHORT_TEXT_MAX, surrogates=surrogates)),
                            draw(st.sampled_from(["", "0", "7", "25", UNBORN, "9" * 200])))
                      for _ in range(draw(st.sampled_from([0, 1, 3, MAX_CHILDREN])))]
    about.conference_type = draw(st.sampled_from(("", *CONFERENCE_TYPES)))
    day = draw(st.one_of(st.none(), st.dates(), st.sampled_from([dt.date.min, dt.date.max])))
    about.conference_date = day.isoformat() if day else ""
    about.attending = draw(st.sampled_from(("", *ATTENDING)))
    about.views_put_by = draw(st.sampled_from(("", *VIEWS_PUT_BY))) if about.attending == "no" else ""
    statement.supporter.chair_told = draw(st.sampled_from([None, True, False]))
    # Points about the report (the PDF's table) and photos (with hostile descriptions).
    statement.report.received = draw(st.sampled_from(("", *REPORT_RECEIVED)))
    long_point = draw(st.booleans())
    statement.report.points = [
        ReportPoint(key=new_key("p"), where=draw(hostile_text(POINT_LIMITS["where"], surrogates=surrogates)),
                    says=draw(hostile_text(POINT_LIMITS["says"] if long_point and i == 0 else 60, surrogates=surrogates)),
                    kind=draw(st.sampled_from(("", *POINT_KINDS))),
                    instead=draw(hostile_text(POINT_LIMITS["instead"] if long_point and i == 0 else 60,
                                              surrogates=surrogates)),
                    evidence=draw(hostile_text(60, surrogates=surrogates)))
        for i in range(draw(st.sampled_from([0, 1, 3])))]
    if draw(st.integers(0, 3)) == 0:
        from .images import processed_jpeg

        statement.child_views.drawings = [Drawing(key=new_key("d", 16), jpeg=processed_jpeg(),
                                                  description=draw(hostile_text(SHORT_TEXT_MAX, surrogates=surrogates)),
                                                  child=draw(hostile_text(40, surrogates=surrogates)))]
    return statement
