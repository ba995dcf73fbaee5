"""The Statement: the one model of what the parent said.

Forms fill it, the check-answers page, the PDF and the JSON export read it.
It is plain data (dataclasses of strings), with a strict JSON reader so that a
file from anywhere gives a clear message naming the bad field, never a traceback.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

# @2 added the points about the social worker's report (`report`) and photos of the child's
# drawings or writing (`child_views.drawings`). Files of @1 are still read (read_v1).
SCHEMA = "conference-prep/statement@2"
SCHEMA_V1 = "conference-prep/statement@1"

from .text_length import LONG_TEXT_MAX, SHORT_TEXT_MAX, count as text_count, too_long

MAX_CHILDREN = 20

CONFERENCE_TYPES = ("initial", "review", "pre-birth")
ATTENDING = ("yes", "no", "not-sure")
VIEWS_PUT_BY = ("written-statement", "supporter", "social-worker")
RELATIONSHIPS = ("mother", "father", "step-parent", "carer", "grandparent")
UNBORN = "unborn"

# The social worker's report: had it yet? ("Not yet" is an answer, not a blank.)
REPORT_RECEIVED = ("yes", "not-yet")
# Each point about the report: a fact that is wrong, something left out, or a different view.
POINT_KINDS = ("wrong", "missing", "different")
MAX_POINTS = 30
# Characters (as the parent sees them) in each part of a point; "where" is a page or paragraph.
POINT_LIMITS = {"where": 100, "says": 1000, "instead": 2000, "evidence": 1000}
# Photos of the child's drawing or writing: JPEGs made by prep.drawings (metadata removed).
MAX_DRAWINGS = 3
DRAWING_BYTES_MAX = 600 * 1024  # one processed photo, at most (prep.drawings keeps them far smaller)
# Points and drawings carry a random key of their own, so two tabs can tell them apart
# (prep.step_saving) and a drawing's address cannot be guessed.
_KEY = re.compile(r"[a-z][0-9a-f]{8,32}")


def new_key(prefix: str, nbytes: int = 8) -> str:
    return prefix + secrets.token_hex(nbytes)


class StatementError(ValueError):
    """Bad statement data. `path` names the field, e.g. "about.children[1].age"."""

    def __init__(self, path: str, message: str):
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


@dataclass
class Child:
    name: str = ""
    age: str = ""  # whole years as digits, or "unborn"
    due_date: str = ""  # ISO YYYY-MM-DD, for a baby not born yet (optional)

    @property
    def is_unborn(self) -> bool:
        return self.age == UNBORN

    @property
    def due_day(self) -> dt.date | None:
        return dt.date.fromisoformat(self.due_date) if self.due_date else None


@dataclass
class About:
    your_name: str = ""
    # The name in Latin letters, as on letters from children's services: asked
    # only when your_name has none, so a chair who reads English can read it.
    name_latin: str = ""
    relationship: str = ""  # one of RELATIONSHIPS, or the parent's own words
    children: list[Child] = field(default_factory=list)
    conference_type: str = ""
    conference_date: str = ""  # ISO YYYY-MM-DD
    conference_date_unknown: bool = False  # "I do not know the date yet" (a real answer)
    social_worker: str = ""
    attending: str = ""
    views_put_by: str = ""  # only meaningful when attending == "no"

    @property
    def conference_day(self) -> dt.date | None:
        return dt.date.fromisoformat(self.conference_date) if self.conference_date else None


@dataclass
class Strengths:
    family_strengths: str = ""
    done_well: str = ""
    want_known: str = ""


@dataclass
class Worries:
    needs_to_change: str = ""
    difficulties: str = ""
    # Anything else about the social worker's report (asked on the report's own step; kept
    # here, where @1 files have it).
    report_response: str = ""


@dataclass
class ReportPoint:
    """One point about the social worker's report."""

    key: str = ""  # random, stable: which point this is (prep.step_saving)
    where: str = ""  # page or paragraph (optional)
    says: str = ""  # what the report says (for something missing: what it leaves out)
    kind: str = ""  # one of POINT_KINDS
    instead: str = ""  # what the parent says
    evidence: str = ""  # how they can show it (optional)

    def is_blank(self) -> bool:
        return not any(getattr(self, name).strip() for name in ("where", "says", "kind", "instead", "evidence"))


@dataclass
class Report:
    received: str = ""  # one of REPORT_RECEIVED, or "" when not answered
    points: list[ReportPoint] = field(default_factory=list)


@dataclass
class Support:
    support_needed: str = ""
    how_it_helps: str = ""
    who_can_help: str = ""


@dataclass
class NextSteps:
    after_conference: str = ""
    what_we_can_do: str = ""


@dataclass
class Drawing:
    """A photo of something the child drew or wrote: a JPEG re-encoded by prep.drawings
    (checked to be an image, every piece of metadata removed, scaled for print)."""

    key: str = ""  # random: the photo's address (prep.views) and which photo it is
    jpeg: bytes = field(default=b"", repr=False)
    description: str = ""  # the parent's words: alt text on the page, caption in the PDF
    child: str = ""  # whose it is: the child's name as given in the statement


@dataclass
class ChildViews:
    child_views: str = ""
    drawings: list[Drawing] = field(default_factory=list)


@dataclass
class Supporter:
    name: str = ""
    relationship: str = ""
    contact: str = ""
    chair_told: bool | None = None  # None: not answered


@dataclass
class Needs:
    interpreter: bool | None = None  # None: not answered (files before it was asked: see interpreter_needed)
    interpreter_language: str = ""
    access_needs: str = ""
    childcare_needed: str = ""

    @property
    def interpreter_needed(self) -> bool | None:
        """The parent's answer; for older files, which stored only a language, a language means yes."""
        if self.interpreter is not None:
            return self.interpreter
        return True if self.interpreter_language.strip() else None


@dataclass
class Helper:
    name: str = ""
    role: str = ""


# Section name in the JSON -> dataclass. Order here is the JSON key order only;
# the order a parent sees is defined by prep.steps.STEPS.
SECTIONS: dict[str, type] = {
    "about": About,
    "strengths": Strengths,
    "worries": Worries,
    "report": Report,
    "support": Support,
    "next_steps": NextSteps,
    "child_views": ChildViews,
    "supporter": Supporter,
    "needs": Needs,
    "helper": Helper,
}

# Short fields get SHORT_TEXT_MAX; every other string gets LONG_TEXT_MAX.
SHORT_FIELDS = {
    "about.your_name", "about.name_latin", "about.relationship", "about.social_worker",
    "about.children.name", "about.children.age",
    "supporter.name", "supporter.relationship", "supporter.contact",
    "needs.interpreter_language", "helper.name", "helper.role",
}


def max_length(section: str, key: str) -> int:
    return SHORT_TEXT_MAX if f"{section}.{key}" in SHORT_FIELDS else LONG_TEXT_MAX


@dataclass
class Statement:
    language: str = "en"
    large_print: bool = False
    about: About = field(default_factory=About)
    strengths: Strengths = field(default_factory=Strengths)
    worries: Worries = field(default_factory=Worries)
    report: Report = field(default_factory=Report)
    support: Support = field(default_factory=Support)
    next_steps: NextSteps = field(default_factory=NextSteps)
    child_views: ChildViews = field(default_factory=ChildViews)
    supporter: Supporter = field(default_factory=Supporter)
    needs: Needs = field(default_factory=Needs)
    helper: Helper = field(default_factory=Helper)
    # Ticked items of the parent's own checklist (prep.checklist); never in the PDF.
    checklist: list[str] = field(default_factory=list)

    def section(self, name: str):
        return getattr(self, name)

    # --- JSON out -----------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"schema": SCHEMA}
        data.update(dataclasses.asdict(self))
        # A photo as base64 text (a JPEG with no metadata).
        data["child_views"]["drawings"] = [
            {"key": d.key, "description": d.description, "child": d.child,
             "jpeg": base64.b64encode(d.jpeg).decode("ascii")} for d in self.child_views.drawings]
        return data

    def to_json(self) -> str:
        # ensure_ascii=False: a parent's Urdu or Polish stays readable in the file.
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    # --- JSON in ------------------------------------------------------------
    @classmethod
    def from_json(cls, text: str | bytes) -> "Statement":
        """A statement from an answers file (any source): photos in it are checked and
        re-encoded by prep.drawings, exactly as an upload is."""
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise StatementError("", "the file is not UTF-8 text") from None
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            raise StatementError("", "the file is not valid JSON") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any, *, photos_checked: bool = False) -> "Statement":
        """The statement in `data` (@2, or @1 through read_v1). Photos are checked (and, holding
        anything but pixels, re-encoded) by prep.drawings unless `photos_checked` (a draft,
        sealed by this app after doing so)."""
        if not isinstance(data, dict):
            raise StatementError("", "the answers must be a JSON object")
        if data.get("schema") == SCHEMA_V1:
            data = read_v1(data)
        elif data.get("schema") != SCHEMA:
            raise StatementError("schema", f'must be "{SCHEMA}" (or "{SCHEMA_V1}")')
        allowed = {"schema", "language", "large_print", "checklist", *SECTIONS}
        _no_unknown_keys(data, allowed, "")
        statement = cls()
        if "language" in data:
            statement.language = _string(data["language"], "language", 20)
        if "large_print" in data:
            if not isinstance(data["large_print"], bool):
                raise StatementError("large_print", "must be true or false")
            statement.large_print = data["large_print"]
        if "checklist" in data:
            statement.checklist = _read_checklist(data["checklist"])
        for name, section_cls in SECTIONS.items():
            if name in data:
                setattr(statement, name, _read_section(name, section_cls, data[name]))
        if not photos_checked:
            _recheck_photos(statement)
        return statement


def read_v1(data: dict) -> dict:
    """An @1 file as @2: the same answers, with no report points and no photos yet (an @1
    file holding either is not an @1 file)."""
    for key, path in (("report", "report"),):
        if key in data:
            raise StatementError(path, "is not a field this app knows")
    views = data.get("child_views")
    if isinstance(views, dict) and "drawings" in views:
        raise StatementError("child_views.drawings", "is not a field this app knows")
    return {**data, "schema": SCHEMA}


def _recheck_photos(statement: "Statement") -> None:
    from . import drawings

    for i, drawing in enumerate(statement.child_views.drawings):
        result = drawings.recheck(drawing.jpeg)
        if not isinstance(result, drawings.Processed):
            raise StatementError(f"child_views.drawings[{i}].jpeg", "is not a photo this app can use")
        drawing.jpeg = result.jpeg


def _no_unknown_keys(obj: dict, allowed, path: str) -> None:
    for key in obj:
        if key not in allowed:
            # Named as a person can read it (and a web page can hold it): unprintable
            # characters and lone surrogates escaped, a long name cut short.
            name = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                           for ch in key[:50]) + ("…" if len(key) > 50 else "")
            raise StatementError(f"{path}.{name}" if path else name, "is not a field this app knows")


def _string(value: Any, path: str, limit: int) -> str:
    if not isinstance(value, str):
        raise StatementError(path, "must be text")
    if too_long(value, limit):
        raise StatementError(path, f"is too long ({text_count(value):,} characters, the most is {limit:,})")
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise StatementError(path, "contains characters that are not valid text")
    return value


def _read_checklist(raw: Any) -> list[str]:
    from .checklist import ITEM_IDS

    if not isinstance(raw, list):
        raise StatementError("checklist", "must be a list")
    for index, item in enumerate(raw):
        if item not in ITEM_IDS:
            raise StatementError(f"checklist[{index}]", "is not an item of the checklist")
    return [item_id for item_id in ITEM_IDS if item_id in raw]


def _read_section(name: str, section_cls: type, raw: Any):
    if not isinstance(raw, dict):
        raise StatementError(name, "must be a JSON object")
    fields = {f.name for f in dataclasses.fields(section_cls)}
    _no_unknown_keys(raw, fields, name)
    section = section_cls()
    for key, value in raw.items():
        path = f"{name}.{key}"
        if name == "about" and key == "children":
            section.children = _read_children(value)
        elif name == "report" and key == "points":
            section.points = _read_points(value)
        elif name == "report" and key == "received":
            if value not in ("", *REPORT_RECEIVED):
                raise StatementError(path, "must be one of: " + ", ".join(REPORT_RECEIVED))
            section.received = value
        elif name == "child_views" and key == "drawings":
            section.drawings = _read_drawings(value)
        elif (name, key) in (("supporter", "chair_told"), ("needs", "interpreter")):
            if value is not None and not isinstance(value, bool):
                raise StatementError(path, "must be true, false or null")
            setattr(section, key, value)
        elif name == "about" and key == "conference_date_unknown":
            if not isinstance(value, bool):
                raise StatementError(path, "must be true or false")
            section.conference_date_unknown = value
        else:
            setattr(section, key, _string(value, path, max_length(name, key)))
    if name == "about":
        _check_about(section)
    return section


def _read_children(raw: Any) -> list[Child]:
    if not isinstance(raw, list):
        raise StatementError("about.children", "must be a list")
    if len(raw) > MAX_CHILDREN:
        raise StatementError("about.children", f"has more than {MAX_CHILDREN} children")
    children = []
    for i, item in enumerate(raw):
        path = f"about.children[{i}]"
        if not isinstance(item, dict):
            raise StatementError(path, "must be a JSON object")
        _no_unknown_keys(item, {"name", "age", "due_date"}, path)
        child = Child(
            name=_string(item.get("name", ""), f"{path}.name", SHORT_TEXT_MAX),
            age=_string(item.get("age", ""), f"{path}.age", SHORT_TEXT_MAX).strip(),
            due_date=_string(item.get("due_date", ""), f"{path}.due_date", SHORT_TEXT_MAX).strip(),
        )
        if child.age and not (child.age == UNBORN or (child.age.isascii() and child.age.isdigit())):
            raise StatementError(f"{path}.age", f'must be a whole number of years or "{UNBORN}"')
        if child.due_date:
            _check_date(child.due_date, f"{path}.due_date")
        children.append(child)
    return children


def _object_list(raw: Any, path: str, most: int, what: str) -> list[dict]:
    if not isinstance(raw, list):
        raise StatementError(path, "must be a list")
    if len(raw) > most:
        raise StatementError(path, f"has more than {most} {what}")
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise StatementError(f"{path}[{i}]", "must be a JSON object")
    return raw


def _read_key(item: dict, path: str, prefix: str, seen: set[str], nbytes: int = 8) -> str:
    """The item's key as given (a short lowercase code), or a new one when it has none."""
    key = item.get("key", "")
    if not isinstance(key, str) or (key and not _KEY.fullmatch(key)):
        raise StatementError(f"{path}.key", "must be a short code of letters a-f and numbers")
    if not key or key in seen:
        key = new_key(prefix, nbytes)
    seen.add(key)
    return key


def _read_points(raw: Any) -> list[ReportPoint]:
    points, seen = [], set()
    for i, item in enumerate(_object_list(raw, "report.points", MAX_POINTS, "points")):
        path = f"report.points[{i}]"
        _no_unknown_keys(item, {"key", "where", "says", "kind", "instead", "evidence"}, path)
        point = ReportPoint(key=_read_key(item, path, "p", seen), **{
            name: _string(item.get(name, ""), f"{path}.{name}", limit) for name, limit in POINT_LIMITS.items()})
        point.kind = _string(item.get("kind", ""), f"{path}.kind", SHORT_TEXT_MAX)
        if point.kind not in ("", *POINT_KINDS):
            raise StatementError(f"{path}.kind", "must be one of: " + ", ".join(POINT_KINDS))
        points.append(point)
    return points


def _read_drawings(raw: Any) -> list[Drawing]:
    drawings, seen = [], set()
    for i, item in enumerate(_object_list(raw, "child_views.drawings", MAX_DRAWINGS, "photos")):
        path = f"child_views.drawings[{i}]"
        _no_unknown_keys(item, {"key", "jpeg", "description", "child"}, path)
        encoded = item.get("jpeg")
        if not isinstance(encoded, str) or not encoded:
            raise StatementError(f"{path}.jpeg", "must be a JPEG photo as base64 text")
        if len(encoded) > (DRAWING_BYTES_MAX + 2) // 3 * 4 + 4:
            raise StatementError(f"{path}.jpeg", f"is too big (the most is {DRAWING_BYTES_MAX // 1024:,} KB)")
        try:
            jpeg = base64.b64decode(encoded.encode("ascii"), validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError):
            raise StatementError(f"{path}.jpeg", "must be a JPEG photo as base64 text") from None
        if not jpeg.startswith(b"\xff\xd8\xff") or len(jpeg) > DRAWING_BYTES_MAX:
            raise StatementError(f"{path}.jpeg", "must be a JPEG photo as base64 text")
        drawings.append(Drawing(
            key=_read_key(item, path, "d", seen, 16), jpeg=jpeg,
            description=_string(item.get("description", ""), f"{path}.description", SHORT_TEXT_MAX),
            child=_string(item.get("child", ""), f"{path}.child", SHORT_TEXT_MAX)))
    return drawings


def _check_about(about: About) -> None:
    choices = {
        "conference_type": CONFERENCE_TYPES,
        "attending": ATTENDING,
        "views_put_by": VIEWS_PUT_BY,
    }
    for key, allowed in choices.items():
        value = getattr(about, key)
        if value and value not in allowed:
            raise StatementError(f"about.{key}", "must be one of: " + ", ".join(allowed))
    if about.conference_date:
        _check_date(about.conference_date, "about.conference_date")


def _check_date(value: str, path: str) -> None:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise StatementError(path, "must be a real date written YYYY-MM-DD") from None
    if day.isoformat() != value:  # not 2027-W05-3
        raise StatementError(path, "must be a real date written YYYY-MM-DD")
