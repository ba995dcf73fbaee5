"""The parent's journey: start, one page per step, check answers, statement."""

from __future__ import annotations

from flask import Response, abort, current_app, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from . import current_draft, drawings, i18n, rate_limits, render_pool
from .drafts import Draft, DraftStoreUnavailable
from .forms import ConfirmDeleteForm, ImportForm
from .planning import conference_events, past_date_message
from .redirects import local_path
from .saving import limiter
from .statement import MAX_CHILDREN, MAX_POINTS, Statement, StatementError
from .step_saving import (RESOLUTIONS, RESOLVE_PREFIX, PageStamp, display_form, has_answers, needs_attention,
                          page_base, save_posted)
from .steps import STEPS, STEPS_BY_ID, next_step, previous_step, report_due
from .uploads import CappedFile

bp = i18n.language_blueprint("journey", __name__)

# Where the buttons that look like links on a step page go, after saving what is on it
# ("go" is never a URL: only these names are accepted).
GO_TARGETS = ("later", "language", "text-size-large", "text-size-standard", "back", "check")
# Buttons that change a list on the page and stay there: add, remove, move (no JavaScript needed).
LIST_BUTTONS = ("add_child", "remove_child", "add_point", "remove_point", "move_point", "add_drawing",
                "remove_drawing")
# The lists a step page can change: list name -> (remove button, move button).
LISTS = {"children": ("remove_child", None), "points": ("remove_point", "move_point"),
         "drawings": ("remove_drawing", None)}


@bp.route("/text-size/<size>")
def text_size(size):
    """'Larger text' without JavaScript: remembered for the rest of the visit."""
    session["large_text"] = size == "large"
    return redirect(local_path(request.args.get("next")) or url_for("journey.start"))


@bp.route("/language")
def choose_language():
    """One 'Language' link on every page leads here (a list of every language would
    push the first question off a phone's first screen)."""
    here = local_path(request.args.get("next")) or url_for("journey.start")
    return render_template("language.html", here=here, back_url=here)


def _step_url(step, returning: bool) -> str:
    return url_for("journey.step", step_id=step.id, **({"return": "check"} if returning else {}))


# --- pages ----------------------------------------------------------------
@bp.route("/")
def start():
    return render_template("start.html", first_step=STEPS[0], import_form=ImportForm(formdata=None),
                           has_saved=current_draft.has_draft(), phone_tries=current_draft.phone_tries_left())


# Saves from one client address, counted together (a page sends a background save before
# each Save press): generous for an office of families behind one address.
saves_limit = limiter.shared_limit(lambda: current_app.config["SAVE_RATE_LIMIT"], scope="saves",
                                   methods=["POST"])


@bp.route("/step/<step_id>", methods=["GET", "POST"])
@saves_limit
def step(step_id):
    step = STEPS_BY_ID.get(step_id) or abort(404)
    returning = request.args.get("return") == "check"

    if request.method == "GET":
        draft = current_draft.load()
        return render_step(step, display_form(draft, step), returning, draft)

    # Every button on a step page saves what is on it first, even when it is not finished.
    go = request.form.get("go", "")
    try:
        outcome = _save(step)
    except DraftStoreUnavailable:
        notice = _("We could not save your answers just now. They are still on this page. "
                   "Wait a few minutes, then press the button again.")
        form = step.form()
        form.validate()
        return render_step(step, form, returning, None, notice=notice), 503
    if outcome is None:  # nothing typed and no draft: nothing to keep
        form = step.form()
        form.validate()
        if go in GO_TARGETS or "save_for_later" in request.form:
            return redirect(_destination(step, go, returning, None), code=303)
        return render_step(step, form, returning, None), 400
    result, draft, still_live = outcome
    if not still_live:
        # The session had ended (idle timeout) while this page was open: what it held is
        # saved; now say so, and how to get back.
        current_draft.end_session("timeout")
        return redirect(url_for("saving.timed_out"), code=303)

    destination = _destination(step, go, returning, result)
    if destination is None:  # stay: add, remove or move an entry of a list, or something to fix or choose
        refused = isinstance(getattr(result.form, "upload", None), drawings.Refused)
        status = 200 if _changing_list() and not refused else 400
        return render_step(step, result.form, returning, draft, new_entry=g.get("new_entry")), status
    if current_draft.needs_protecting(draft):
        return redirect(url_for("saving.protect", next=destination), code=303)
    return redirect(destination, code=303)


def _save(step, *, may_start: bool = True):
    """Save the posted step into this browser's draft (starting one if needed and
    `may_start`). Returns (SaveResult, draft, session still live), or None when there is
    nothing to keep (or nowhere to keep it)."""
    formdata = _posted_with_list_changes(step)
    # A photo is processed (checked, cleaned, scaled) before the draft is opened: it is the
    # slow part, and nothing of it but the cleaned JPEG is ever kept. Leaving by Exit skips it.
    upload = _posted_upload() if step.uploads and request.args.get("then") != "exit" else None
    # The parent's choice between two versions of an answer is made by pressing a button:
    # a background save keeps both versions as they are.
    resolutions = {} if request.endpoint == "journey.autosave" else {
        k[len(RESOLVE_PREFIX):]: v for k, v in request.form.items() if k.startswith(RESOLVE_PREFIX) and v in RESOLUTIONS}
    live = current_draft.access() is not None
    with current_draft.edit() as draft:
        if draft is not None:
            return save_posted(draft, step, formdata, resolutions, upload), draft, live
    if current_draft.writable_access() is not None:
        return None  # the draft is gone (expired or deleted in another tab)
    if not may_start or not (upload is not None or has_answers(step.form(formdata=formdata), formdata)):
        return None
    rate_limits.check_draft_creation()
    draft = Draft(Statement(language=i18n.current().code))
    result = save_posted(draft, step, formdata, resolutions, upload)
    draft.step_id = step.id
    current_draft.start(draft)
    return result, draft, True


def _posted_upload():
    """The photo sent with the page, processed (prep.drawings), or None when no file was chosen."""
    file = request.files.get("photo")
    if file is None:
        return None
    stream = file.stream
    if isinstance(stream, CappedFile) and stream.cut_short:
        return drawings.Refused("too-big", stream.size)
    data = stream.read(current_app.config["UPLOAD_FILE_MAX_BYTES"] + 1)
    if not data and not file.filename:
        return None  # the box was left empty: browsers send an empty part with no name
    return drawings.process(data, limit=current_app.config["UPLOAD_FILE_MAX_BYTES"])


def _posted_with_list_changes(step) -> MultiDict:
    """The posted form, with an entry of a list removed or moved (the rest renumbered), so
    that the change is saved like any other (prep.step_saving then merges lists by key)."""
    formdata = MultiDict(request.form)
    for name, (remove_button, move_button) in LISTS.items():
        if not hasattr(step.form, name):
            continue
        remove = request.form.get(remove_button)
        move = request.form.get(move_button) if move_button else None
        if remove is not None or move is not None:
            formdata = _renumbered(formdata, name, remove, move)
    return formdata


def _renumbered(formdata: MultiDict, name: str, remove: str | None, move: str | None) -> MultiDict:
    prefix = f"{name}-"
    indices = sorted({k.split("-")[1] for k in formdata if k.startswith(prefix) and k.count("-") >= 2
                      and k.split("-")[1].isascii() and k.split("-")[1].isdigit() and len(k.split("-")[1]) <= 3},
                     key=int)
    order = [i for i in indices if i != remove]
    if move is not None:
        index, _, direction = move.partition(":")
        if index in order:
            at = order.index(index)
            to = at - 1 if direction == "up" else at + 1 if direction == "down" else at
            if 0 <= to < len(order):
                order[at], order[to] = order[to], order[at]
    kept = MultiDict()
    for key, value in formdata.items(multi=True):
        if not key.startswith(prefix):
            kept.add(key, value)
    for new, old in enumerate(order):
        old_prefix = f"{prefix}{old}-"
        for key, value in formdata.items(multi=True):
            if key.startswith(old_prefix):
                kept.add(f"{prefix}{new}-{key[len(old_prefix):]}", value)
    return kept


def _changing_list() -> bool:
    return any(button in request.form for button in LIST_BUTTONS)


def _destination(step, go: str, returning: bool, result) -> str | None:
    """Where this button goes once the page is saved; None to stay on the page."""
    here = request.full_path.rstrip("?")
    if go in GO_TARGETS:
        return {
            "later": url_for("saving.code"),
            "language": url_for("journey.choose_language", next=_step_url(step, returning)),
            "text-size-large": url_for("journey.text_size", size="large", next=here),
            "text-size-standard": url_for("journey.text_size", size="standard", next=here),
            "back": _back_url(step, returning),
            "check": url_for("journey.check"),
        }[go]
    if "save_for_later" in request.form:
        return url_for("saving.code")
    if _changing_list():
        for button, name, most in (("add_child", "children", MAX_CHILDREN), ("add_point", "points", MAX_POINTS)):
            if button in request.form and len(result.form[name].entries) < most:
                result.form[name].append_entry()
                g.new_entry = (name, len(result.form[name].entries) - 1)
        return None
    if not result.complete:
        return None
    following = next_step(step)
    if returning or following is None:
        return url_for("journey.check")
    return url_for("journey.step", step_id=following.id)


@bp.route("/step/<step_id>/autosave", methods=["POST"])
@saves_limit
def autosave(step_id):
    """What a page holds, saved as the parent leaves it or goes quiet: sent by JavaScript
    (before a Save press, the Back gesture, a closed tab, the idle timeout, Exit) and by
    the Exit button on a page without JavaScript. Never refuses what it is given.

    ?then=exit ends the session; ?then=timeout ends it unless another tab of the same
    session was in use lately."""
    step = STEPS_BY_ID.get(step_id) or abort(404)
    then = request.args.get("then", "")
    from_script = request.form.get("js") == "1"
    try:
        # A background save from a page whose session has ended (timed out, exited, deleted) never
        # starts new answers: they would open to whoever holds the phone now. The page's words
        # were saved when the session ended.
        outcome = _save(step, may_start=not current_draft.had_ended_session())
    except DraftStoreUnavailable:
        return ("", 503) if from_script else redirect(_step_url(step, False), code=303)
    live = outcome is not None and outcome[2]
    ended = False
    if then == "exit":
        current_draft.end_session("exit")
        ended = True
    elif (then == "timeout" and not current_draft.recently_active()) or (outcome is not None and not live):
        current_draft.end_session("timeout")
        ended = True
    if not from_script:
        if then == "exit":
            return redirect(current_app.config["EXIT_URL"], code=303)
        return redirect(url_for("saving.timed_out") if ended else _step_url(step, False), code=303)
    if outcome is None or ended:
        # (Nothing typed yet and no answers: nothing has ended, the page simply goes on.)
        return jsonify(ended=ended or current_draft.had_ended_session())
    result, draft, _live = outcome
    # The page stays open: a fresh stamp (same page id) of what it shows, so its next save is not
    # taken for another tab's, nor taken as having seen what another tab saved meanwhile.
    stamp = PageStamp.from_form(request.form)
    base = page_base(stamp, current_step_form(step), result.form, draft.version)
    return jsonify(ended=False, version=draft.version, base=base, conflicts=sorted(result.conflicts))


def current_step_form(step):
    """The step's form as this request's page shows it."""
    return step.form(formdata=MultiDict(request.form))


def _back_url(step, returning: bool) -> str:
    if returning:
        return url_for("journey.check")
    prev = previous_step(step)
    return url_for("journey.step", step_id=prev.id) if prev else url_for("journey.start")


def render_step(step, form, returning: bool, draft, notice: str | None = None, new_entry=None):
    statement = draft.statement if draft else None
    form.prepare(statement)
    # The page's own id, the draft's version and each answer's fingerprint as drawn: its
    # saves are measured against this drawing (prep.step_saving).
    stamp = PageStamp.for_page(draft, form)
    conflicts = [f for f in form.typed_answers().values() if getattr(f, "conflict", None)]
    return render_template(
        step.template, step=step, form=form, steps=STEPS, back_url=_back_url(step, returning), notice=notice,
        action=_step_url(step, returning), returning=returning, stamp=stamp, conflicts=conflicts,
        autosave_url=url_for("journey.autosave", step_id=step.id), new_entry=new_entry or (None, None),
        statement=statement, report_event=_report_event(statement) if step.id == "report" else None,
    )


def _report_event(statement):
    """When the report should reach the parent (prep.timeline), dated or not, or None."""
    from . import timeline

    events = conference_events(statement)
    if events is None and statement is not None and statement.about.conference_type:
        events = timeline.undated(statement.about.conference_type, current_app.extensions["council"])
    return next((event for event in events or [] if event.id == "report"), None)


@bp.route("/check")
def check():
    draft = current_draft.load()
    if draft is None:
        return redirect(url_for("journey.start"))
    sections = [(s, s.rows(draft.statement)) for s in STEPS]
    return render_template("check.html", sections=sections, past_note=past_date_message(draft.statement),
                           attention=needs_attention(draft),
                           back_url=url_for("journey.step", step_id=STEPS[-1].id))


def _ready_statement():
    """The statement if it can be made now; otherwise a response that says what to finish."""
    draft = current_draft.load()
    if draft is None:
        return None, redirect(url_for("journey.start"))
    attention = needs_attention(draft)
    if attention:
        return None, (render_template("not_ready.html", attention=attention, back_url=url_for("journey.check")), 409)
    return draft.statement, None


@bp.route("/statement")
def statement_page():
    statement, refusal = _ready_statement()
    if refusal:
        return refusal
    from . import sending

    sends = sending.refresh(current_draft.load())
    done = [s for s in sends if s.get("status") == "sent"]
    return render_template("statement.html", has_dates=conference_events(statement) is not None,
                           sending=current_app.extensions["mail"] if sending.enabled() else None,
                           sent_line=sending.sent_line(done[-1]) if done else None,
                           waiting=bool(sends) and sends[-1].get("status") == "queued",
                           late=sending.late_note(statement), back_url=url_for("journey.check"))


@bp.route("/statement.pdf")
@limiter.limit(lambda: current_app.config["PDF_RATE_LIMIT"])
def statement_pdf():
    statement, refusal = _ready_statement()
    if refusal:
        return refusal
    large = request.args.get("size") == "large"
    # "Your own copy": the chair's copy never has the parent's dates in it.
    own_copy = request.args.get("copy") == "own"
    statement.language = i18n.current().code  # the PDF is in the language of the page it came from
    extra = {}
    if own_copy:
        from .sending import own_copy_rows

        extra = {"sent": own_copy_rows(current_draft.load()) or None}
    pdf = render_pool.statement_pdf(statement, marking=current_app.config["CONFIDENTIALITY_MARKING"],
                                    large_print=large, council_name=current_app.extensions["council"].name,
                                    timeline=(conference_events(statement) or []) if own_copy else None,
                                    report_due=report_due(statement), **extra)
    name = "conference-statement-large-print.pdf" if large else "conference-statement.pdf"
    if own_copy:
        name = name.replace("statement", "statement-my-copy")
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/statement/print")
def statement_print():
    statement, refusal = _ready_statement()
    if refusal:
        return refusal
    sections = [(s, s.rows(statement)) for s in STEPS]
    return render_template("print.html", statement=statement, sections=sections,
                           back_url=url_for("journey.statement_page"))


@bp.route("/answers.json")
def answers_json():
    statement = current_draft.statement()
    if statement is None:
        return redirect(url_for("journey.start"))
    return Response(statement.to_json(), mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="conference-answers.json"'})


@bp.route("/drawing/<key>.jpg")
def drawing_image(key):
    """A photo of the child's drawing, from this browser's draft only: its address is random
    (and says nothing without the session), and, like every page, it is never cached."""
    draft = current_draft.load()
    found = _drawing(draft, key)
    if found is None:
        abort(404)
    size = request.args.get("size")
    data = found.jpeg if size == "print" else drawings.thumbnail(
        found.jpeg, drawings.SMALL_SIDE if size == "small" else drawings.THUMB_SIDE)
    return Response(data, mimetype="image/jpeg", headers={
        "Content-Disposition": 'inline; filename="drawing.jpg"', "Cross-Origin-Resource-Policy": "same-origin"})


def _drawing(draft, key: str):
    if draft is None:
        return None
    return next((d for d in draft.statement.child_views.drawings if d.key == key), None)


@bp.route("/drawing/<key>/remove", methods=["GET", "POST"])
def remove_drawing(key):
    """Check answers: "Remove" a photo, after a yes."""
    draft = current_draft.load()
    found = _drawing(draft, key)
    back = url_for("journey.check")
    if found is None:
        return redirect(back)
    form = ConfirmDeleteForm()
    if form.validate_on_submit():
        with current_draft.edit() as editing:
            if editing is not None:
                views = editing.statement.child_views
                views.drawings = [d for d in views.drawings if d.key != key]
                # A page of the step still showing it cannot bring it back (prep.step_saving).
                pending = editing.pending.get("child-views")
                if pending:
                    pending["values"] = _without_drawing(pending.get("values", {}), key)
        return redirect(back, code=303)
    index = draft.statement.child_views.drawings.index(found) + 1
    return render_template("remove_drawing.html", form=form, drawing=found, number=index, back_url=back)


def _without_drawing(values: dict, key: str) -> dict:
    """Values kept as typed for the child's views step, without the entry of one photo."""
    formdata = MultiDict(values)
    index = next((k.split("-")[1] for k, v in formdata.items() if k.startswith("drawings-")
                  and k.endswith("-key") and v == key), None)
    if index is None:
        return values
    return dict(_renumbered(formdata, "drawings", index, None).items())


@bp.route("/import", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["IMPORT_RATE_LIMIT"], methods=["POST"])
def import_answers():
    form = ImportForm()
    problem = None
    if form.validate_on_submit():
        try:
            statement = Statement.from_json(form.answers_file.data.read())
        except StatementError as err:
            problem = _describe_import_error(err)
        else:
            rate_limits.check_draft_creation()
            current_draft.start(Draft(statement, step_id=STEPS[0].id, visited=[s.id for s in STEPS]))
            return redirect(url_for("saving.protect", next=url_for("journey.check")), code=303)
        form.answers_file.errors = [problem]
    status = 400 if request.method == "POST" else 200
    return render_template("import.html", form=form, back_url=url_for("journey.start")), status


def _describe_import_error(err: StatementError) -> str:
    if err.path:
        return _("This file cannot be used. The answer “%(field)s” %(problem)s.", field=err.path, problem=err.message)
    return _("This file cannot be used: %(problem)s. Choose the .json file you downloaded from this service.",
             problem=err.message)


@bp.route("/paper-form.pdf")
@limiter.limit(lambda: current_app.config["PDF_RATE_LIMIT"])
def paper_form():
    """Every question with ruled space to write, for parents who prefer paper."""
    large = request.args.get("size") == "large"
    pdf = render_pool.paper_form_pdf(language=i18n.current().code, large_print=large,
                                     marking=current_app.config["CONFIDENTIALITY_MARKING"])
    name = "conference-questions-large-print.pdf" if large else "conference-questions.pdf"
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})
