"""One form class per step (WTForms via Flask-WTF, which adds CSRF).

Each form knows how to load itself from the Statement (`data_from`) and how to
write its answers back (`apply_to`), so views never touch Statement fields.
Messages follow the GOV.UK error message style: say what to do, plainly.
"""

from __future__ import annotations

import datetime as dt
import re

from flask_babel import format_decimal, gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, SelectChoice, Field, FieldList, FileField, Form, FormField, HiddenField,
                     RadioField, SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import ValidationError

from . import questions as q
from .checklist import ITEM_IDS
from .statement import (
    ATTENDING, CONFERENCE_TYPES, LONG_TEXT_MAX, MAX_CHILDREN, MAX_DRAWINGS, MAX_POINTS, POINT_KINDS, POINT_LIMITS,
    RELATIONSHIPS, REPORT_RECEIVED, SHORT_TEXT_MAX, UNBORN, VIEWS_PUT_BY, Child, Drawing, ReportPoint, Statement,
    new_key,
)
from .text_length import count, normalise_line_breaks, too_long


def malformed(field, message: str) -> ValidationError:
    """An answer that cannot go into the statement as it is (not a real date, too long):
    it is kept exactly as typed beside the statement until the parent fixes it. Other
    errors (a required answer left blank) are saved as blank and listed on check answers."""
    field.malformed = True
    return ValidationError(message)


class MaxChars:
    """Length limit, counted as the parent sees characters (prep.text_length), whose
    message names the question and says how much they have written, so the count
    works without JavaScript (it is checked on submit)."""

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, form, field):
        text = field.data or ""
        if not too_long(text, self.limit):
            return
        used = count(text)
        if used <= self.limit:  # a few letters carrying thousands of accents or marks
            raise malformed(field, _("Your answer to “%(question)s” is too long to save. Make it shorter.",
                                     question=field.label.text))
        raise malformed(field, _(
            "Your answer to “%(question)s” must be %(limit)s characters or fewer. It is %(count)s characters now.",
            question=field.label.text, limit=format_decimal(self.limit), count=format_decimal(used),
        ))


def _strip(value):
    # Keep the parent's words as typed, apart from stray spaces at either end of
    # one-line answers; textareas keep everything including line breaks.
    return value.strip() if isinstance(value, str) else value


def _line_breaks(value):
    # Browsers send a line break as CR LF; keep it as one LF, as it is counted.
    return normalise_line_breaks(value) if isinstance(value, str) else value


def choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


YES_NO = {"yes": _l("Yes"), "no": _l("No")}


def short_text(label, hint=""):
    return StringField(label, description=hint, filters=[_strip], validators=[MaxChars(SHORT_TEXT_MAX)])


def long_text(label, hint="", limit=LONG_TEXT_MAX):
    return TextAreaField(label, description=hint, filters=[_line_breaks], validators=[MaxChars(limit)])


class StepForm(FlaskForm):
    """Base for step forms: 1:1 mapping between form fields and one section.

    After validate(), `malformed` names the fields whose answer cannot go into the
    statement as typed; apply_to(statement, skip=form.malformed) writes the rest."""

    section = ""
    field_map: dict[str, str] = {}  # form field name -> Statement section field

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        self.malformed = {field.name for field in self if _has_malformed(field)}
        return ok

    @property
    def answer_fields(self):
        """The fields that carry answers (not the CSRF token)."""
        return [field for field in self if field.type != "CSRFTokenField"]

    @property
    def typed_fields(self):
        """Answers the parent types (text boxes), where two tabs can disagree."""
        return [field for field in self.answer_fields if field.type in ("StringField", "TextAreaField")]

    @property
    def keyed_lists(self) -> list["KeyedList"]:
        return [field for field in self.answer_fields if isinstance(field, KeyedList)]

    def typed_answers(self) -> dict[str, Field]:
        """Every typed answer by a name that stays the same whatever else changes: a text
        box by its name, a text box in a list (a report point) by the list, the entry's key
        and the box ("points.p1a2b3c4d5e6f7a8b.says"). Two tabs are compared by these."""
        found = {field.name: field for field in self.typed_fields}
        for listed in self.keyed_lists:
            for entry in listed.entries:
                for sub in listed.TYPED:
                    found[listed.answer_key(entry, sub)] = entry.form[sub]
        return found

    def prepare(self, statement: Statement | None) -> None:
        """Ready to be drawn: every entry of a keyed list has its key (so the page's saves
        always name the same entry). Forms whose choices depend on other answers set them here."""
        for listed in self.keyed_lists:
            listed.ensure_keys()

    @classmethod
    def data_from(cls, statement: Statement) -> dict:
        section = statement.section(cls.section)
        return {name: getattr(section, key) for name, key in cls.field_map.items()}

    def apply_to(self, statement: Statement, skip=frozenset()) -> None:
        section = statement.section(self.section)
        for name, key in self.field_map.items():
            if name not in skip:
                setattr(section, key, self[name].data or "")


def _has_malformed(field) -> bool:
    if getattr(field, "malformed", False):
        return True
    if isinstance(field, FieldList):
        return any(_has_malformed(entry) for entry in field.entries)
    if isinstance(field, FormField):
        return any(_has_malformed(sub) for sub in field.form)
    return False


def _free_text_form(name: str, question_set) -> type[StepForm]:
    """A form of textareas, one per question, named as in the Statement."""
    attrs = {
        "section": question_set[0].section,
        "field_map": {qn.key: qn.key for qn in question_set},
        "questions": question_set,
    }
    for qn in question_set:
        attrs[qn.key] = long_text(qn.label, qn.hint)
    return type(name, (StepForm,), attrs)


StrengthsForm = _free_text_form("StrengthsForm", q.STRENGTHS)
WorriesForm = _free_text_form("WorriesForm", q.WORRIES)
SupportForm = _free_text_form("SupportForm", q.SUPPORT)
NextStepsForm = _free_text_form("NextStepsForm", q.NEXT_STEPS)


class AboutYouForm(StepForm):
    section = "about"
    your_name = short_text(q.ABOUT_YOU[0].label)
    relationship = RadioField(
        q.ABOUT_YOU[1].label,
        choices=choices({**q.RELATIONSHIP_LABELS, "other": _l("Other")}),
        validate_choice=False,
    )
    relationship_other = short_text(_l("Tell us how you are related to the child"))
    # Only on the page when the name has no Latin letters (or the page's script has none): ask_latin_name.
    name_latin = short_text(q.NAME_LATIN.label, q.NAME_LATIN.hint)

    @classmethod
    def data_from(cls, statement):
        about = statement.about
        data = {"your_name": about.your_name, "name_latin": about.name_latin, "relationship": about.relationship}
        if about.relationship and about.relationship not in RELATIONSHIPS:
            data.update(relationship="other", relationship_other=about.relationship)
        return data

    def ask_latin_name(self) -> bool:
        """Ask for the name in Latin letters when the name has none, or, before a
        name is typed, when the page's language is not written in Latin letters."""
        from . import i18n
        from .steps import has_latin_letters, needs_latin_name

        name = self.your_name.data or ""
        return needs_latin_name(name) or (not i18n.current().latin_script and not has_latin_letters(name))

    def validate_your_name(self, field):
        if not field.data:
            raise ValidationError(_("Enter your name"))

    def validate_relationship(self, field):
        if field.data not in (*RELATIONSHIPS, "other"):
            raise ValidationError(_("Select what you are to the child or children"))

    def validate_relationship_other(self, field):
        if self.relationship.data == "other" and not field.data:
            raise ValidationError(_("Tell us how you are related to the child"))

    def apply_to(self, statement, skip=frozenset()):
        from .steps import needs_latin_name

        if "your_name" not in skip:
            statement.about.your_name = self.your_name.data or ""
        if "name_latin" not in skip:  # kept only when the name has no Latin letters of its own
            statement.about.name_latin = ((self.name_latin.data or "") if needs_latin_name(statement.about.your_name)
                                          else "")
        if not skip & {"relationship", "relationship_other"}:
            rel = self.relationship.data if self.relationship.data in (*RELATIONSHIPS, "other") else ""
            statement.about.relationship = (self.relationship_other.data or "") if rel == "other" else rel


class ChildForm(Form):
    # A sub-form: the CSRF token lives on the outer form.
    name = short_text(_l("Name"))
    age = StringField(_l("Age in years"), filters=[_strip])
    unborn = RadioField(_l("Is this child born yet?"), choices=choices({"no": _l("Born"), "yes": _l("Not born yet")}),
                        validate_choice=False, default="no")

    def validate_age(self, field):
        if self.unborn.data == "yes":
            return
        # (At most 3 digits before int(): it raises for more than 4,300.)
        if field.data and not (field.data.isdecimal() and len(field.data) <= 3 and int(field.data) <= 25):
            raise malformed(field, _("Age must be a number of years, like 7. Write 0 for a baby under one."))


class ChildList(FieldList):
    def _extract_indices(self, prefix, formdata):
        # WTForms calls int() on any isdigit() index, which raises for "children-²-name"
        # or one of 5,000 digits (a 500); such a key is not one of ours: ignore it.
        offset = len(prefix) + 1
        for key in formdata:
            if key.startswith(prefix):
                index = key[offset:].split(self._field_separator, 1)[0]
                if index.isascii() and index.isdigit() and len(index) <= 9:
                    yield int(index)


class ChildrenForm(StepForm):
    section = "about"
    children = ChildList(FormField(ChildForm), min_entries=1, max_entries=MAX_CHILDREN)

    @classmethod
    def data_from(cls, statement):
        kids = [
            {"name": c.name, "age": "" if c.is_unborn else c.age, "unborn": "yes" if c.is_unborn else "no",
             "due_date": c.due_day}
            for c in statement.about.children
        ]
        return {"children": kids or [{}]}

    def validate_children(self, field):
        if not any(entry.form.name.data or entry.form.unborn.data == "yes" for entry in field.entries):
            raise ValidationError(_("Enter the name of at least one child"))

    def apply_to(self, statement, skip=frozenset()):
        if "children" in skip:
            return
        statement.about.children = [
            # int() reads Arabic-Indic and Persian digits too; store plain 0-9.
            Child(name=e.form.name.data or "",
                  age=UNBORN if e.form.unborn.data == "yes" else (str(int(e.form.age.data)) if e.form.age.data else ""),
                  due_date=e.form.due_date.data.isoformat() if e.form.unborn.data == "yes" and e.form.due_date.data
                  else "")
            for e in self.children.entries
            if e.form.name.data or e.form.age.data or e.form.unborn.data == "yes"
        ]


class KeyedList(ChildList):
    """A list of entries (report points, photos) each carrying a random key in a hidden
    box, so that two tabs, or a page and its own background saves, always mean the same
    entry whatever was added, removed or moved meanwhile (prep.step_saving merges by key).

    TYPED: boxes the parent types in (compared between tabs, can be in two versions);
    CHOSEN: choices (the later save wins, unless this page left them as they were).
    REVIVABLE: an entry removed in another tab comes back if this page changed it (a point
    can; a photo cannot: its picture went with it). ADDABLE: entries may be added by the
    page (a point can be; a photo is only added by uploading it)."""

    KEY_PREFIX = "k"
    KEY_BYTES = 8
    TYPED: tuple[str, ...] = ()
    CHOSEN: tuple[str, ...] = ()
    REVIVABLE = True
    ADDABLE = True

    def answer_key(self, entry, sub: str) -> str:
        return f"{self.name}.{entry.form.key.data or ''}.{sub}"

    def ensure_keys(self) -> None:
        seen = set()
        for entry in self.entries:
            if not entry.form.key.data or entry.form.key.data in seen:
                entry.form.key.data = new_key(self.KEY_PREFIX, self.KEY_BYTES)
            seen.add(entry.form.key.data)

    def values(self) -> list[tuple[str, dict[str, str]]]:
        """(key, {box or choice: value}) for each entry, in page order."""
        return [(entry.form.key.data or "", {sub: entry.form[sub].data or "" for sub in (*self.TYPED, *self.CHOSEN)})
                for entry in self.entries]


def _key_only(value):
    return value if isinstance(value, str) and value.isascii() and value.isalnum() and len(value) <= 40 else ""


class PointForm(Form):
    """One point about the social worker's report (a sub-form: the CSRF token is the outer form's)."""

    key = HiddenField(filters=[_key_only])
    where = StringField(q.POINT_WHERE.label, description=q.POINT_WHERE.hint, filters=[_strip],
                        validators=[MaxChars(POINT_LIMITS["where"])])
    says = long_text(q.POINT_SAYS.label, q.POINT_SAYS.hint, POINT_LIMITS["says"])
    kind = RadioField(q.POINT_KIND.label, choices=choices(q.POINT_KIND_LABELS), validate_choice=False)
    instead = long_text(q.POINT_INSTEAD.label, q.POINT_INSTEAD.hint, POINT_LIMITS["instead"])
    evidence = long_text(q.POINT_EVIDENCE.label, q.POINT_EVIDENCE.hint, POINT_LIMITS["evidence"])

    def is_blank(self) -> bool:
        return not any((self[name].data or "").strip() for name in ("where", "says", "kind", "instead", "evidence"))

    def validate_kind(self, field):
        if not self.is_blank() and field.data not in POINT_KINDS:
            raise ValidationError(_("Select if the report is wrong, leaves something out, or you see it differently"))

    def validate_instead(self, field):
        if not self.is_blank() and not field.data:
            raise ValidationError(_("Write what you say about this point"))


class PointList(KeyedList):
    KEY_PREFIX = "p"
    TYPED = ("where", "says", "instead", "evidence")
    CHOSEN = ("kind",)


class ReportForm(StepForm):
    """The social worker's report: had it yet, the points about it, anything else."""

    report_received = RadioField(q.REPORT_RECEIVED.label, description=q.REPORT_RECEIVED.hint,
                                 choices=choices(q.REPORT_RECEIVED_LABELS), validate_choice=False)
    points = PointList(FormField(PointForm), min_entries=1, max_entries=MAX_POINTS)
    report_response = long_text(q.REPORT_RESPONSE.label, q.REPORT_RESPONSE.hint)

    @classmethod
    def data_from(cls, statement):
        points = [{"key": p.key, "where": p.where, "says": p.says, "kind": p.kind, "instead": p.instead,
                   "evidence": p.evidence} for p in statement.report.points]
        return {"report_received": statement.report.received, "points": points or [{}],
                "report_response": statement.worries.report_response}

    def apply_to(self, statement, skip=frozenset()):
        received = self.report_received.data
        statement.report.received = received if received in REPORT_RECEIVED else ""
        if "points" not in skip:
            statement.report.points = [
                ReportPoint(key=e.form.key.data or new_key("p"), where=e.form.where.data or "",
                            says=e.form.says.data or "", kind=e.form.kind.data if e.form.kind.data in POINT_KINDS else "",
                            instead=e.form.instead.data or "", evidence=e.form.evidence.data or "")
                for e in self.points.entries if not e.form.is_blank()][:MAX_POINTS]
        if "report_response" not in skip:
            statement.worries.report_response = self.report_response.data or ""


class DrawingForm(Form):
    """A photo already added: its description and whose it is (the picture stays in the draft)."""

    key = HiddenField(filters=[_key_only])
    description = short_text(q.PHOTO_DESCRIPTION.label, q.PHOTO_DESCRIPTION.hint)
    child = RadioField(q.PHOTO_CHILD.label, choices=[], validate_choice=False, filters=[_strip])

    def validate_description(self, field):
        if not field.data:
            raise ValidationError(_("Describe the photo. This goes under it in your statement"))

    def validate_child(self, field):
        if not field.data:
            raise ValidationError(_("Say whose drawing or writing it is"))


class DrawingList(KeyedList):
    KEY_PREFIX = "d"
    KEY_BYTES = 16  # also the photo's address: not to be guessed
    TYPED = ("description",)
    CHOSEN = ("child",)
    REVIVABLE = False
    ADDABLE = False


class ChildViewsForm(StepForm):
    """The child's views in the parent's words, and up to 3 photos of the child's drawing or writing.

    A photo comes in through `photo` (a plain file box), processed before the form sees it
    (prep.drawings): `upload` is what came of it (Processed, Refused or None), `upload_problem`
    a refusal kept from an earlier save (until the next save of this page)."""

    section = "child_views"
    questions = q.CHILD_VIEWS
    child_views = long_text(q.CHILD_VIEWS[0].label, q.CHILD_VIEWS[0].hint)
    drawings = DrawingList(FormField(DrawingForm), min_entries=0, max_entries=MAX_DRAWINGS)
    photo = FileField(q.PHOTO, description=q.PHOTO_HINT)
    photo_description = short_text(q.PHOTO_DESCRIPTION.label, q.PHOTO_DESCRIPTION.hint)
    photo_child = RadioField(q.PHOTO_CHILD.label, choices=[], validate_choice=False, filters=[_strip])

    upload = None
    upload_problem = None
    new_drawing_key = ""  # the key the photo uploaded with this save was given
    # Not asked on the paper form (prep.pdf.paper_form says to bring the drawing instead).
    PAPER_SKIP = frozenset({"drawings", "photo_description", "photo_child"})

    @classmethod
    def take_upload(cls, effective, upload):
        """A photo that can be used becomes a new entry of the list (its description and whose
        it is move there from the boxes beside the file box); returns (upload, its key).
        With MAX_DRAWINGS photos already (another tab added one), it is refused instead."""
        from .drawings import Processed, Refused

        if not isinstance(upload, Processed):
            return upload, ""
        index = len({k.split("-")[1] for k in effective.keys() if k.startswith("drawings-") and k.endswith("-key")})
        if index >= MAX_DRAWINGS:
            return Refused("full"), ""
        key = new_key(DrawingList.KEY_PREFIX, DrawingList.KEY_BYTES)
        effective[f"drawings-{index}-key"] = key
        effective[f"drawings-{index}-description"] = effective.pop("photo_description", "")
        effective[f"drawings-{index}-child"] = effective.pop("photo_child", "")
        return upload, key

    @classmethod
    def data_from(cls, statement):
        views = statement.child_views
        return {"child_views": views.child_views,
                "drawings": [{"key": d.key, "description": d.description, "child": d.child} for d in views.drawings]}

    def prepare(self, statement):
        super().prepare(statement)
        names = children_names(statement)
        for field in [self.photo_child, *(e.form.child for e in self.drawings.entries)]:
            given = [field.data] if field.data and field.data not in names else []
            field.choices = [SelectChoice(name, name) for name in names + given]
        if not self.photo_child.data and len(names) == 1:
            self.photo_child.data = names[0]

    def validate_photo(self, field):
        from .drawings import Refused

        refused = self.upload if isinstance(self.upload, Refused) else self.upload_problem
        if refused is not None:
            raise malformed(field, refused_message(refused))
        if self.upload is None and self.photo_description.data:
            raise malformed(field, _("Choose the photo that goes with “%(description)s”, or delete that description",
                                     description=self.photo_description.data))

    def apply_to(self, statement, skip=frozenset()):
        from .drawings import Processed

        views = statement.child_views
        if "child_views" not in skip:
            views.child_views = self.child_views.data or ""
        if "drawings" in skip:
            return
        kept = {d.key: d for d in views.drawings}
        if isinstance(self.upload, Processed) and self.new_drawing_key:
            kept[self.new_drawing_key] = Drawing(key=self.new_drawing_key, jpeg=self.upload.jpeg)
        drawings = []
        for entry in self.drawings.entries:
            found = kept.get(entry.form.key.data or "")
            if found is not None and found not in drawings:
                found.description = entry.form.description.data or ""
                found.child = entry.form.child.data or ""
                drawings.append(found)
        views.drawings = drawings[:MAX_DRAWINGS]


def children_names(statement: Statement | None) -> list[str]:
    """The names of the children who could have drawn or written something (born, named)."""
    if statement is None:
        return []
    names = []
    for child in statement.about.children:
        name = child.name.strip()
        if name and not child.is_unborn and name not in names:
            names.append(name)
    return names


def refused_message(refused) -> str:
    """What to say next to the photo box when a file cannot be used (prep.drawings.Refused)."""
    from flask import current_app

    limit = current_app.config.get("UPLOAD_FILE_MAX_BYTES", 20 * 1024 * 1024) // (1024 * 1024)
    if refused.reason == "too-big":
        return _("The photo must be smaller than %(limit)s MB. This one is %(size)s MB. Choose a smaller photo.",
                 limit=format_decimal(limit), size=format_decimal(round(refused.size / (1024 * 1024), 1)))
    if refused.reason == "too-many-pixels":
        return _("The photo is too large to use. Choose a photo taken with a phone's normal camera.")
    if refused.reason == "not-a-photo":
        return _("The file must be a photo in JPG or PNG. Choose another file.")
    if refused.reason == "full":
        return _("You can add up to %(limit)s photos. Remove one to add another.", limit=MAX_DRAWINGS)
    if refused.reason == "empty":
        return _("The file you chose is empty. Choose the photo again.")
    return _("The photo could not be opened. It may not have finished sending. Choose it again.")


class DateParts(Field):
    """A GOV.UK date input: three boxes named <name>-day, -month, -year.

    Keeps exactly what was typed (so nothing is lost on an error) and turns it
    into a date only when it is a real one.
    """

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.parts = {"day": "", "month": "", "year": ""}
        self.bad_parts: set[str] = set()

    def process_data(self, value):
        self.data = value
        if isinstance(value, dt.date):
            self.parts = {"day": str(value.day), "month": str(value.month), "year": str(value.year)}

    def process_formdata(self, valuelist):
        pass  # the three boxes are not posted under this field's own name

    def process(self, formdata, data=None, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if formdata is not None:
            self.parts = {p: (formdata.get(f"{self.name}-{p}") or "").strip() for p in self.parts}
            self.data = self._to_date()

    def _to_date(self):
        try:
            return dt.date(int(self.parts["year"]), int(self.parts["month"]), int(self.parts["day"]))
        except (ValueError, OverflowError):
            return None

    @property
    def blank(self) -> bool:
        return not any(self.parts.values())

    def pre_validate(self, form):
        parts = self.parts
        missing = [p for p in ("day", "month", "year") if not parts[p]]
        if len(missing) == 3:
            if getattr(form, "conference_date_unknown", None) is not None and form.conference_date_unknown.data:
                return
            self.bad_parts = set(parts)
            raise ValidationError(_("Enter the date of the meeting, or tick “I do not know the date yet”"))
        if getattr(form, "conference_date_unknown", None) is not None and form.conference_date_unknown.data:
            self.bad_parts = set(parts)
            raise malformed(self, _("Enter the date of the meeting, or tick “I do not know the date yet”, not both"))
        if missing:
            self.bad_parts = set(missing)
            names = {"day": _("a day"), "month": _("a month"), "year": _("a year")}
            raise malformed(self, _("The date of the meeting must include %(part)s", part=names[missing[0]]))
        if not all(v.isdecimal() for v in parts.values()) or len(parts["year"]) != 4:
            self.bad_parts = set(parts)
            raise malformed(self, _("The date of the meeting must be a real date, like 27 3 2027"))
        if self.data is None:
            self.bad_parts = set(parts)
            raise malformed(self, _("The date of the meeting must be a real date, like 27 3 2027"))


class DueDate(DateParts):
    """When a baby is due: optional, but a real date when given."""

    def pre_validate(self, form):
        parts = self.parts
        if not any(parts.values()) or getattr(form, "unborn", None) is not None and form.unborn.data != "yes":
            self.data = None  # not asked (a child already born), or left blank
            return
        if (not all(v.isdecimal() for v in parts.values()) or len(parts["year"]) != 4 or self.data is None):
            self.bad_parts = set(parts)
            raise malformed(self, _("The due date must be a real date, like 14 3 2027"))


# The due date of a baby not born yet (one of ChildForm's fields; DueDate needs DateParts, defined after it).
ChildForm.due_date = DueDate(_l("When is the baby due?"), description=_l("For example, 14 3 2027"))


class ConferenceForm(StepForm):
    section = "about"
    conference_type = RadioField(
        q.CONFERENCE[0].label, description=q.CONFERENCE[0].hint,
        choices=choices(q.CONFERENCE_TYPE_LABELS), validate_choice=False,
    )
    conference_date = DateParts(q.CONFERENCE[1].label, description=q.CONFERENCE[1].hint)
    conference_date_unknown = BooleanField(_l("I do not know the date yet"))
    social_worker = short_text(q.CONFERENCE[2].label)
    attending = RadioField(q.CONFERENCE[3].label, choices=choices(q.ATTENDING_LABELS), validate_choice=False)
    views_put_by = RadioField(q.CONFERENCE[4].label, choices=choices(q.VIEWS_PUT_BY_LABELS),
                              validate_choice=False)

    @classmethod
    def data_from(cls, statement):
        a = statement.about
        return {"conference_type": a.conference_type, "conference_date": a.conference_day,
                "conference_date_unknown": a.conference_date_unknown,
                "social_worker": a.social_worker, "attending": a.attending, "views_put_by": a.views_put_by}

    def validate_conference_type(self, field):
        if field.data not in CONFERENCE_TYPES:
            raise ValidationError(_("Select what kind of meeting it is"))

    def validate_attending(self, field):
        if field.data not in ATTENDING:
            raise ValidationError(_("Select if you will go to the meeting"))

    def validate_views_put_by(self, field):
        if self.attending.data == "no" and field.data not in VIEWS_PUT_BY:
            raise ValidationError(_("Select how your views will be given at the meeting"))

    def apply_to(self, statement, skip=frozenset()):
        a = statement.about
        a.conference_type = self.conference_type.data if self.conference_type.data in CONFERENCE_TYPES else ""
        if "conference_date" not in skip:
            unknown = bool(self.conference_date_unknown.data)
            a.conference_date_unknown = unknown
            a.conference_date = "" if unknown or self.conference_date.data is None else \
                self.conference_date.data.isoformat()
        if "social_worker" not in skip:
            a.social_worker = self.social_worker.data or ""
        a.attending = self.attending.data if self.attending.data in ATTENDING else ""
        a.views_put_by = self.views_put_by.data if a.attending == "no" and self.views_put_by.data in VIEWS_PUT_BY else ""


class SupporterNeedsForm(StepForm):
    supporter_name = short_text(q.SUPPORTER[0].label, q.SUPPORTER[0].hint)
    supporter_relationship = short_text(q.SUPPORTER[1].label, q.SUPPORTER[1].hint)
    supporter_contact = short_text(q.SUPPORTER[2].label)
    chair_told = RadioField(q.SUPPORTER[3].label, description=q.SUPPORTER[3].hint,
                            choices=choices(YES_NO), validate_choice=False)
    interpreter = RadioField(q.NEEDS[0].label, description=q.NEEDS[0].hint,
                             choices=choices(YES_NO), validate_choice=False)
    interpreter_language = short_text(_l("Which language?"))
    access_needs = long_text(q.NEEDS[1].label, q.NEEDS[1].hint)
    childcare_needed = long_text(q.NEEDS[2].label, q.NEEDS[2].hint)

    @classmethod
    def data_from(cls, statement):
        s, n = statement.supporter, statement.needs
        told = {True: "yes", False: "no"}.get(s.chair_told)
        return {
            "supporter_name": s.name, "supporter_relationship": s.relationship, "supporter_contact": s.contact,
            "chair_told": told, "interpreter": {True: "yes", False: "no"}.get(n.interpreter_needed),
            "interpreter_language": n.interpreter_language,
            "access_needs": n.access_needs, "childcare_needed": n.childcare_needed,
        }

    def validate_interpreter_language(self, field):
        if self.interpreter.data == "yes" and not field.data:
            raise ValidationError(_("Enter the language you need an interpreter for"))

    def apply_to(self, statement, skip=frozenset()):
        s, n = statement.supporter, statement.needs
        texts = {"supporter_name": (s, "name"), "supporter_relationship": (s, "relationship"),
                 "supporter_contact": (s, "contact"), "access_needs": (n, "access_needs"),
                 "childcare_needed": (n, "childcare_needed")}
        for name, (section, key) in texts.items():
            if name not in skip:
                setattr(section, key, self[name].data or "")
        s.chair_told = {"yes": True, "no": False}.get(self.chair_told.data)
        n.interpreter = {"yes": True, "no": False}.get(self.interpreter.data)  # "No" is an answer too
        if "interpreter_language" not in skip:
            n.interpreter_language = (self.interpreter_language.data or "") if self.interpreter.data == "yes" else ""


class HelperForm(StepForm):
    section = "helper"
    field_map = {"helper_name": "name", "helper_role": "role"}
    helper_name = short_text(q.HELPER[0].label, q.HELPER[0].hint)
    helper_role = short_text(q.HELPER[1].label, q.HELPER[1].hint)


class ImportForm(FlaskForm):
    """'Continue from a saved file': the JSON file from 'Download your answers'."""

    answers_file = FileField(_l("Upload your saved answers file"),
                             description=_l("This is the file ending in .json that you downloaded before."))

    def validate_answers_file(self, field):
        if not getattr(field.data, "filename", ""):
            raise ValidationError(_("Choose the file with your saved answers"))


class SaveForm(FlaskForm):
    """'Get my code': a POST, so a new code is never issued by a stray page load."""


class ConfirmDeleteForm(FlaskForm):
    """'Yes, delete my answers'."""


class PhoneNumberForm(FlaskForm):
    """Choosing the number that unlocks the answers on this phone."""

    number = StringField(_l("Choose a number"), description=_l("Use 4 to 6 numbers that you will remember."),
                         filters=[_strip])
    number_again = StringField(_l("Type the number again"), filters=[_strip])

    def validate_number(self, field):
        from .phone_unlock import normalise_number, too_easy

        number = normalise_number(field.data)
        if not field.data:
            raise ValidationError(_("Enter a number of 4 to 6 numbers"))
        if number is None:
            raise ValidationError(_("Use only numbers, 4 to 6 of them, like 5829"))
        if too_easy(number):
            raise ValidationError(_("Choose a number that is harder to guess than 1234 or 1111"))
        field.data = number

    def validate_number_again(self, field):
        from .phone_unlock import normalise_number

        if not self.number.errors and normalise_number(field.data) != self.number.data:
            raise ValidationError(_("The two numbers are not the same. Type the number again"))


class UnlockForm(FlaskForm):
    """Getting back to the answers on this phone."""

    number = StringField(_l("Your number"), description=_l("The 4 to 6 numbers you chose for this phone."),
                         filters=[_strip])

    def validate_number(self, field):
        if not field.data:
            raise ValidationError(_("Enter your number"))


class ResumeForm(FlaskForm):
    code = StringField(_l("Your code"), description=_l("It has 15 letters and numbers, like ABCDE-FGHJK-MNPQR."),
                       filters=[_strip])

    def validate_code(self, field):
        from .resume_codes import normalise

        if not field.data:
            raise ValidationError(_("Enter your code"))
        if normalise(field.data) is None:
            raise ValidationError(_("Enter the code exactly as it was given to you, like ABCDE-FGHJK-MNPQR"))


class ChecklistForm(FlaskForm):
    """The checklist's ticks: one field, drawn as a group of checkboxes per stage."""

    ticked = SelectMultipleField(choices=[SelectChoice(item_id, item_id) for item_id in ITEM_IDS], validate_choice=True)


_REPLY_PHONE = re.compile(r"^\+?[0-9 ()\-]{7,25}$")
_EMAIL = re.compile(r"^[^@\s<>,;\"]{1,64}@[A-Za-z0-9.\-]{3,253}$")


def plausible_email(value: str) -> bool:
    domain = value.rpartition("@")[2]
    return bool(_EMAIL.match(value)) and "." in domain and ".." not in domain and not domain.startswith((".", "-"))


class SendForm(FlaskForm):
    """'Send it to the conference team': the optional extras, and the token that makes one
    press of the button one message (prep/sending.py)."""

    token = HiddenField()
    reply_contact = StringField(
        _l("Your phone number or email address (optional)"),
        description=_l("Only if you want the conference team to be able to contact you about your statement. "
                       "It is sent with your statement."),
        filters=[_strip])
    social_worker = StringField(_l("Also send a copy to your social worker (optional)"), filters=[_strip])

    def __init__(self, *args, domains: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = domains
        if domains:
            self.social_worker.description = _("Their email address. It must end in %(domains)s.",
                                               domains=" / ".join("@" + d for d in domains))

    def validate_token(self, field):
        if not re.fullmatch(r"[0-9a-f]{32}", field.data or ""):
            raise ValidationError(_("Sorry, something went wrong. Press the button again."))

    def validate_reply_contact(self, field):
        value = field.data or ""
        if value and not (_REPLY_PHONE.match(value) and sum(ch.isdigit() for ch in value) >= 7) \
                and not plausible_email(value):
            raise ValidationError(_("Enter a phone number, like 07700 900 982, or an email address, "
                                    "like name@example.com"))

    def validate_social_worker(self, field):
        value = field.data or ""
        if not self.domains:
            field.data = ""  # not offered: only the profile's addresses are used
            return
        if not value:
            return
        if not plausible_email(value):
            raise ValidationError(_("Enter your social worker's email address, like %(example)s",
                                    example="name@" + self.domains[0]))
        from flask import current_app

        if not current_app.extensions["council"].sending.allows(value):
            raise ValidationError(_("We can only send a copy to an email address ending in %(domains)s. "
                                    "Check the address with your social worker.",
                                    domains=" / ".join("@" + d for d in self.domains)))
