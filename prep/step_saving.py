"""Saving one step's answers so that no word a parent typed is ever lost.

Every way of leaving a page saves what is on it: Save and continue, Save and come
back later, the language and text-size controls, Exit, the idle timeout, and (with
JavaScript) the Back gesture or a closed tab. So saving never refuses:

- Answers that can go into the Statement go in, even when the step is not finished
  (a required answer left blank is saved as blank and listed on check answers).
- Answers that cannot go in as typed (not a real date, over the length limit) are
  kept exactly as typed in the draft's `pending` record for that step, shown again
  on the step, and listed on check answers until fixed.
- Two tabs: each page carries a stamp (prep.step_saving.PageStamp): a random page id,
  the draft's version when it was drawn and a short fingerprint of each typed answer
  as drawn. An answer this page did not change keeps what is saved (another tab may
  have changed it). An answer changed here AND, since this page was drawn, by another
  page, is not overwritten: both versions are kept (`conflicts`) and the parent
  chooses which to keep.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from .drafts import Draft
from .steps import STEPS, Step
from .text_length import LONG_TEXT_MAX, CODE_POINTS_PER_CHARACTER

# What a step's form posts besides its answers.
CONTROL_FIELDS = frozenset({"csrf_token", "page", "version", "base", "go", "save_for_later", "add_child",
                            "remove_child", "js"})
RESOLVE_PREFIX = "resolve-"
RESOLUTIONS = ("mine", "other", "both")
# A value kept as typed is never longer than this (the form's own limit is far lower;
# the request size limit stops anything bigger).
MAX_KEPT = LONG_TEXT_MAX * CODE_POINTS_PER_CHARACTER


def fingerprint(text: str) -> str:
    """A short fingerprint of an answer as a page showed it: enough to tell whether the
    parent changed it on that page. (The answer itself is on that page anyway.)"""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


@dataclass(frozen=True)
class PageStamp:
    page: str  # random id of one drawing of a step page
    version: int  # the draft's version when it was drawn
    base: dict[str, str] = field(default_factory=dict)  # typed field -> fingerprint as drawn

    @classmethod
    def for_page(cls, draft: Draft | None, form) -> "PageStamp":
        return cls(secrets.token_hex(6), draft.version if draft else 0,
                   {f.name: fingerprint(f.data or "") for f in form.typed_fields})

    @classmethod
    def from_form(cls, formdata) -> "PageStamp | None":
        page, version, base = formdata.get("page", ""), formdata.get("version", ""), formdata.get("base", "")
        if not (page.isascii() and page.isalnum() and len(page) <= 32 and version.isascii()
                and version.isdigit() and len(version) <= 9 and len(base) <= 4000):
            return None
        fingerprints = {}
        for item in base.split(";"):
            name, _, value = item.partition(":")
            if name and value:
                fingerprints[name] = value
        return cls(page, int(version), fingerprints)

    @property
    def base_text(self) -> str:
        return ";".join(f"{name}:{value}" for name, value in self.base.items())


@dataclass
class SaveResult:
    form: object  # the step's form, validated, holding what the page should show
    conflicts: dict[str, dict]  # typed field -> {"saved": other version, "typed": this page's}
    unresolved: list[str]  # conflicts the parent was asked to settle and has not

    @property
    def complete(self) -> bool:
        from .templating import error_list

        return not error_list(self.form) and not self.conflicts


def step_values(form, formdata) -> dict[str, str]:
    """The posted inputs that belong to this step's answers (no buttons, no token)."""
    names = [f.name for f in form.answer_fields]
    kept = {}
    for key in formdata.keys():
        if key in CONTROL_FIELDS or key.startswith(RESOLVE_PREFIX):
            continue
        if any(key == n or key.startswith(n + "-") for n in names):
            value = formdata.get(key, "")
            kept[key] = value[:MAX_KEPT] if isinstance(value, str) else ""
    return kept


def has_answers(form, formdata) -> bool:
    """Whether a page holds anything the parent gave (a radio preset by the page is not)."""
    for key, value in step_values(form, formdata).items():
        if key.endswith("-unborn") and value == "no":
            continue
        if value.strip():
            return True
    return False


def display_form(draft: Draft | None, step: Step):
    """The step's form as the parent should see it: what was kept as typed if it is not
    finished, otherwise what the statement holds; conflicts show this page's version."""
    if draft is not None and step.id in draft.pending:
        form = step.form(formdata=MultiDict(draft.pending[step.id].get("values", {})))
        form.validate()
    else:
        statement = draft.statement if draft else None
        form = step.form(formdata=None, data=step.form.data_from(statement) if statement else None)
        form.malformed = set()
    _show_conflicts(form, (draft.conflicts.get(step.id, {}) if draft else {}))
    return form


def save_posted(draft: Draft, step: Step, formdata, resolutions: dict[str, str]) -> SaveResult:
    """Apply a step's posted answers to the draft, never refusing and never overwriting an
    answer another tab changed since this page was drawn."""
    stamp = PageStamp.from_form(formdata)
    posted_form = step.form(formdata=formdata)
    posted = {f.name: f.data or "" for f in posted_form.typed_fields}
    stored = _stored_typed(draft, step)
    writes = draft.writes.setdefault(step.id, {})
    records = draft.conflicts.get(step.id, {})
    effective = MultiDict(step_values(posted_form, formdata))
    conflicts, unresolved, changed = {}, [], set()

    for name, mine in posted.items():
        theirs = stored.get(name, "")
        record = records.get(name)
        if record is not None:
            choice = resolutions.get(name)
            if choice not in RESOLUTIONS:
                conflicts[name] = {"saved": theirs, "typed": mine}
                unresolved.append(name)
                effective[name] = theirs
                continue
            value = {"mine": mine, "other": theirs, "both": _join(theirs, mine)}[choice]
        elif stamp is not None and fingerprint(mine) == stamp.base.get(name):
            value = theirs  # not changed on this page: keep what is saved (another tab may have changed it)
        else:
            writer = writes.get(name)
            newer_elsewhere = (stamp is not None and isinstance(writer, list) and len(writer) == 2
                               and writer[0] > stamp.version and writer[1] != stamp.page)
            if newer_elsewhere and mine != theirs:
                conflicts[name] = {"saved": theirs, "typed": mine}
                effective[name] = theirs
                continue
            value = mine
        effective[name] = value
        if value != theirs:
            changed.add(name)

    form = step.form(formdata=effective)
    form.validate()
    form.apply_to(draft.statement, skip=form.malformed)
    if form.malformed:
        draft.pending[step.id] = {"values": step_values(form, effective), "problems": sorted(form.malformed)}
    else:
        draft.pending.pop(step.id, None)
    for name in changed:
        writes[name] = [draft.version + 1, stamp.page if stamp else ""]
    if conflicts:
        draft.conflicts[step.id] = conflicts
    else:
        draft.conflicts.pop(step.id, None)
    if step.id not in draft.visited:
        draft.visited.append(step.id)
    _show_conflicts(form, conflicts)
    return SaveResult(form, conflicts, unresolved)


@dataclass(frozen=True)
class Attention:
    step: Step
    message: str
    href: str  # the field on the step page


def needs_attention(draft: Draft) -> list[Attention]:
    """What must be finished before the statement can be made, in journey order."""
    from flask_babel import gettext as _

    items = []
    for step in STEPS:
        form = display_form_without_conflicts(draft, step)
        form.validate()
        for f in form.answer_fields:
            errors = _flat_errors(f)
            if errors:
                items.append(Attention(step, errors[0][1], errors[0][0]))
        for name in draft.conflicts.get(step.id, {}):
            label = form[name].label.text if name in form else ""
            items.append(Attention(step, _("Choose which version of “%(question)s” to keep", question=label),
                                   f"#{RESOLVE_PREFIX}{name}"))
    return items


def _flat_errors(f) -> list[tuple[str, str]]:
    from .templating import field_href

    out = []
    if f.type == "FieldList":
        first = [e for e in f.errors if isinstance(e, str)]
        if first:
            out.append((f"#{f.entries[0].form.name.id}", first[0]))
        for entry in f.entries:
            for sub in entry.form:
                if sub.errors:
                    out.append((f"#{sub.id}", sub.errors[0]))
    elif f.errors:
        out.append((field_href(f), f.errors[0]))
    return out


def _stored_typed(draft: Draft, step: Step) -> dict[str, str]:
    form = display_form_without_conflicts(draft, step)
    return {f.name: f.data or "" for f in form.typed_fields}


def display_form_without_conflicts(draft: Draft, step: Step):
    if step.id in draft.pending:
        return step.form(formdata=MultiDict(draft.pending[step.id].get("values", {})))
    return step.form(formdata=None, data=step.form.data_from(draft.statement))


def _show_conflicts(form, conflicts: dict) -> None:
    for f in form.typed_fields:
        record = conflicts.get(f.name)
        f.conflict = record
        if record is not None:
            f.data = record["typed"]


def _join(first: str, second: str) -> str:
    return f"{first.rstrip()}\n\n{second.lstrip()}" if first.strip() and second.strip() else (first + second)
