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
- Lists of things (report points, photos: prep.forms.KeyedList) are merged entry by
  entry, by each entry's random key, never by its place in the list: an entry added in
  another tab stays; one removed there stays removed unless this page changed it (a
  point comes back; a photo cannot, its picture went with it); one removed, added or
  moved here is removed, added or moved; each typed box of an entry is an answer as
  above ("points.p1a2….says"). The order is this page's if it moved anything, else the
  saved order with this page's new entries after it.
- A photo (prep.drawings) is processed before the draft is opened; one that cannot be used
  is kept as a problem in `pending` (with what was typed beside it) until the next save.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from .drafts import Draft
from .statement import new_key
from .steps import STEPS, Step
from .text_length import LONG_TEXT_MAX, CODE_POINTS_PER_CHARACTER

# What a step's form posts besides its answers.
CONTROL_FIELDS = frozenset({"csrf_token", "page", "version", "base", "go", "save_for_later", "add_child",
                            "remove_child", "add_point", "remove_point", "move_point", "add_drawing",
                            "remove_drawing", "js"})
RESOLVE_PREFIX = "resolve-"
RESOLUTIONS = ("mine", "other", "both")
# A value kept as typed is never longer than this (the form's own limit is far lower;
# the request size limit stops anything bigger).
MAX_KEPT = LONG_TEXT_MAX * CODE_POINTS_PER_CHARACTER


def fingerprint(text: str) -> str:
    """A short fingerprint of an answer as a page showed it: enough to tell whether the
    parent changed it on that page. (The answer itself is on that page anyway.)"""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


BLANK = fingerprint("")
MAX_BASE = 20_000  # characters of a stamp's fingerprints (30 report points of five parts each fit)


def shown_values(form) -> dict[str, str]:
    """Every answer a page shows that two tabs could disagree on, by its lasting name: text
    boxes, and each entry's boxes and choices in a keyed list, entry by entry in page order."""
    values = {field.name: field.data or "" for field in form.typed_fields}
    for listed in form.keyed_lists:
        for entry in listed.entries:
            for sub in (*listed.TYPED, *listed.CHOSEN):
                values[listed.answer_key(entry, sub)] = entry.form[sub].data or ""
    return values


@dataclass(frozen=True)
class PageStamp:
    page: str  # random id of one drawing of a step page
    version: int  # the draft's version when it was drawn
    # Answer -> fingerprint as drawn; "fingerprint/version" when the page shows it as it was
    # at an earlier version than `version` (after a background save kept another tab's change).
    base: dict[str, str] = field(default_factory=dict)

    @classmethod
    def for_page(cls, draft: Draft | None, form) -> "PageStamp":
        return cls(secrets.token_hex(6), draft.version if draft else 0,
                   {name: fingerprint(value) for name, value in shown_values(form).items()})

    @classmethod
    def from_form(cls, formdata) -> "PageStamp | None":
        page, version, base = formdata.get("page", ""), formdata.get("version", ""), formdata.get("base", "")
        if not (page.isascii() and page.isalnum() and len(page) <= 32 and version.isascii()
                and version.isdigit() and len(version) <= 9 and len(base) <= MAX_BASE):
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

    def seen(self, name: str) -> str | None:
        """The fingerprint of the answer as this page shows it (None: not on the page when drawn)."""
        value = self.base.get(name)
        return value.partition("/")[0] if value else None

    def version_of(self, name: str) -> int:
        """The draft's version the page's answer was drawn at."""
        _, _, version = (self.base.get(name) or "").partition("/")
        return int(version) if version.isascii() and version.isdigit() and len(version) <= 9 else self.version

    def list_keys(self, list_name: str) -> list[str]:
        """The keys of a list's entries as drawn, in the page's order."""
        keys = []
        for name in self.base:
            parts = name.split(".")
            if len(parts) == 3 and parts[0] == list_name and parts[1] and parts[1] not in keys:
                keys.append(parts[1])
        return keys

    def had_content(self, list_name: str, key: str, subs) -> bool:
        return any(self.seen(f"{list_name}.{key}.{sub}") not in (None, BLANK) for sub in subs)


def page_base(stamp: "PageStamp | None", posted_form, saved_form, version: int) -> str:
    """The stamp for a page that stays open after a background save: its answers as it
    shows them (not as saved: another tab's change the page never showed stays unseen),
    each at the new version where page and draft agree, else at the version it was drawn at."""
    saved = shown_values(saved_form)
    base = {}
    for name, value in shown_values(posted_form).items():
        print_ = fingerprint(value)
        if stamp is not None and saved.get(name) != value:
            base[name] = f"{print_}/{stamp.version_of(name)}"
        else:
            base[name] = print_
    return PageStamp("x", version, base).base_text


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
    """Whether a page holds anything the parent gave (a radio preset by the page is not, nor
    the key the page gave each entry of a list)."""
    for key, value in step_values(form, formdata).items():
        if (key.endswith("-unborn") and value == "no") or key.endswith("-key"):
            continue
        if value.strip():
            return True
    return False


def _pending_form(draft: Draft, step: Step):
    from .drawings import Refused

    record = draft.pending[step.id]
    form = step.form(formdata=MultiDict(record.get("values", {})))
    form.upload_problem = Refused.from_dict(record.get("upload"))
    return form


def display_form(draft: Draft | None, step: Step):
    """The step's form as the parent should see it: what was kept as typed if it is not
    finished, otherwise what the statement holds; conflicts show this page's version."""
    if draft is not None and step.id in draft.pending:
        form = _pending_form(draft, step)
        form.validate()
    else:
        statement = draft.statement if draft else None
        form = step.form(formdata=None, data=step.form.data_from(statement) if statement else None)
        form.malformed = set()
    _show_conflicts(form, (draft.conflicts.get(step.id, {}) if draft else {}))
    return form


def save_posted(draft: Draft, step: Step, formdata, resolutions: dict[str, str], upload=None) -> SaveResult:
    """Apply a step's posted answers to the draft, never refusing and never overwriting an
    answer another tab changed since this page was drawn. `upload`: a photo sent with the
    page, already processed (prep.drawings.Processed or Refused), or None."""
    stamp = PageStamp.from_form(formdata)
    posted_form = step.form(formdata=formdata)
    stored_form = display_form_without_conflicts(draft, step)
    merge = _Merge(stamp, draft.writes.setdefault(step.id, {}), draft.conflicts.get(step.id, {}), resolutions)
    effective = MultiDict(step_values(posted_form, formdata))

    stored = {f.name: f.data or "" for f in stored_form.typed_fields}
    for f in posted_form.typed_fields:
        effective[f.name] = merge.answer(f.name, f.data or "", stored.get(f.name, ""))
    for listed in posted_form.keyed_lists:
        _replace_list(effective, listed, merge.entries(listed, stored_form[listed.name]))
    new_key_for_upload = ""
    if upload is not None and hasattr(step.form, "take_upload"):
        upload, new_key_for_upload = step.form.take_upload(effective, upload)

    form = step.form(formdata=effective)
    form.upload, form.new_drawing_key = upload, new_key_for_upload
    form.validate()
    form.apply_to(draft.statement, skip=form.malformed)
    if form.malformed:
        draft.pending[step.id] = {"values": step_values(form, effective), "problems": sorted(form.malformed)}
        refused = getattr(form, "upload", None)
        if refused is not None and hasattr(refused, "as_dict"):
            draft.pending[step.id]["upload"] = refused.as_dict()
    else:
        draft.pending.pop(step.id, None)
    for name in merge.changed:
        merge.writes[name] = [draft.version + 1, stamp.page if stamp else ""]
    if merge.conflicts:
        draft.conflicts[step.id] = merge.conflicts
    else:
        draft.conflicts.pop(step.id, None)
    if step.id not in draft.visited:
        draft.visited.append(step.id)
    _show_conflicts(form, merge.conflicts)
    return SaveResult(form, merge.conflicts, merge.unresolved)


class _Merge:
    """One save's decisions, answer by answer: this page's words, or what is saved, or both
    kept for the parent to choose."""

    def __init__(self, stamp: PageStamp | None, writes: dict, records: dict, resolutions: dict[str, str]):
        self.stamp, self.writes, self.records, self.resolutions = stamp, writes, records, resolutions
        self.conflicts: dict[str, dict] = {}
        self.unresolved: list[str] = []
        self.changed: set[str] = set()

    def unchanged_here(self, name: str, mine: str) -> bool:
        return self.stamp is not None and fingerprint(mine) == self.stamp.seen(name)

    def answer(self, name: str, mine: str, theirs: str) -> str:
        """A typed answer: the value to save."""
        record = self.records.get(name)
        if record is not None:
            choice = self.resolutions.get(name)
            if choice not in RESOLUTIONS:
                self.conflicts[name] = {"saved": theirs, "typed": mine}
                self.unresolved.append(name)
                return theirs
            value = {"mine": mine, "other": theirs, "both": _join(theirs, mine)}[choice]
        elif self.unchanged_here(name, mine):
            value = theirs  # not changed on this page: keep what is saved (another tab may have changed it)
        else:
            writer = self.writes.get(name)
            newer_elsewhere = (self.stamp is not None and isinstance(writer, list) and len(writer) == 2
                               and isinstance(writer[0], int) and writer[0] > self.stamp.version_of(name)
                               and writer[1] != self.stamp.page)
            if newer_elsewhere and mine != theirs:
                self.conflicts[name] = {"saved": theirs, "typed": mine}
                return theirs
            value = mine
        if value != theirs:
            self.changed.add(name)
        return value

    def choice(self, name: str, mine: str, theirs: str) -> str:
        """A choice (a point's kind, whose a photo is): this page's, unless it left it as drawn."""
        value = theirs if self.unchanged_here(name, mine) else mine
        if value != theirs:
            self.changed.add(name)
        return value

    def entries(self, posted_list, stored_list) -> list[tuple[str, dict[str, str]]]:
        """A keyed list's entries to save, merged by key (see the module's notes)."""
        name, typed, subs = posted_list.name, posted_list.TYPED, (*posted_list.TYPED, *posted_list.CHOSEN)
        stored = {key: values for key, values in stored_list.values() if key}
        # An entry sent without a key (no page of this app sends one) is a new entry, if entries can be added.
        posted = [(key or new_key(posted_list.KEY_PREFIX, posted_list.KEY_BYTES), values)
                  for key, values in posted_list.values() if key or posted_list.ADDABLE]
        if self.stamp is None:  # no stamp to compare with: the page as sent
            return [(key, values) for key, values in posted if key in stored or posted_list.ADDABLE]
        drawn = self.stamp.list_keys(name)
        merged: dict[str, dict[str, str]] = {}
        for key, mine in posted:
            if key in merged:
                continue
            if key in stored:
                theirs = stored[key]
                merged[key] = {sub: (self.answer if sub in typed else self.choice)(
                    f"{name}.{key}.{sub}", mine[sub], theirs[sub]) for sub in subs}
            elif key in drawn and self.stamp.had_content(name, key, subs):
                # Removed in another tab since this page was drawn: back only if changed here.
                if posted_list.REVIVABLE and not all(self.unchanged_here(f"{name}.{key}.{sub}", mine[sub])
                                                     for sub in subs):
                    merged[key] = mine
                    self.changed.update(f"{name}.{key}.{sub}" for sub in typed if mine[sub])
            elif posted_list.ADDABLE:  # new on this page
                merged[key] = mine
                self.changed.update(f"{name}.{key}.{sub}" for sub in typed if mine[sub])
        posted_keys = [key for key, _ in posted]
        # Saved but not on this page: removed here if it was drawn, else added in another tab.
        elsewhere = [key for key in stored if key not in merged and key not in drawn and key not in posted_keys]
        moved_here = [k for k in posted_keys if k in drawn] != [k for k in drawn if k in posted_keys]
        if moved_here:
            order = [k for k in dict.fromkeys(posted_keys) if k in merged] + elsewhere
        else:
            order = ([k for k in stored if k in merged or k in elsewhere]
                     + [k for k in dict.fromkeys(posted_keys) if k in merged and k not in stored])
        return [(key, merged[key] if key in merged else stored[key]) for key in order]


def _replace_list(effective: MultiDict, listed, entries: list[tuple[str, dict[str, str]]]) -> None:
    prefix = f"{listed.name}-"
    for key in [k for k in effective.keys() if k.startswith(prefix)]:
        effective.poplist(key)
    for index, (key, values) in enumerate(entries):
        effective[f"{prefix}{index}-key"] = key
        for sub, value in values.items():
            effective[f"{prefix}{index}-{sub}"] = value


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
        answers = form.typed_answers()
        for name in draft.conflicts.get(step.id, {}):
            label = answers[name].label.text if name in answers else ""
            items.append(Attention(step, _("Choose which version of “%(question)s” to keep", question=label),
                                   f"#{RESOLVE_PREFIX}{name}"))
    return items


def _flat_errors(f) -> list[tuple[str, str]]:
    from .templating import field_href

    from wtforms import FieldList

    out = []
    if isinstance(f, FieldList):
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


def display_form_without_conflicts(draft: Draft, step: Step):
    if step.id in draft.pending:
        return _pending_form(draft, step)
    return step.form(formdata=None, data=step.form.data_from(draft.statement))


def _show_conflicts(form, conflicts: dict) -> None:
    for name, f in form.typed_answers().items():
        record = conflicts.get(name)
        f.conflict = record
        f.resolve_key = name
        if record is not None:
            f.data = record["typed"]


def _join(first: str, second: str) -> str:
    return f"{first.rstrip()}\n\n{second.lstrip()}" if first.strip() and second.strip() else (first + second)
