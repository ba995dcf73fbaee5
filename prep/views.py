"""The parent's journey: start, one page per step, check answers, statement."""

from __future__ import annotations

from flask import Response, abort, current_app, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from . import current_draft, i18n, rate_limits, render_pool
from .drafts import Draft, DraftStoreUnavailable
from .forms import ChildrenForm, ImportForm
from .planning import conference_events, past_date_message
from .redirects import local_path
from .saving import limiter
from .statement import MAX_CHILDREN, Statement, StatementError
from .step_saving import RESOLUTIONS, RESOLVE_PREFIX, PageStamp, display_form, has_answers, needs_attention, save_posted
from .steps import STEPS, STEPS_BY_ID, next_step, previous_step

bp = i18n.language_blueprint("journey", __name__)

# Where the buttons that look like links on a step page go, after saving what is on it
# ("go" is never a URL: only these names are accepted).
GO_TARGETS = ("later", "language", "text-size-large", "text-size-standard", "back", "check")


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
    if destination is None:  # stay: add or remove a child, or something to fix or choose
        status = 200 if _changing_children() else 400
        return render_step(step, result.form, returning, draft, new_child=g.get("new_child")), status
    if current_draft.needs_protecting(draft):
        return redirect(url_for("saving.protect", next=destination), code=303)
    return redirect(destination, code=303)


def _save(step, *, may_start: bool = True):
    """Save the posted step into this browser's draft (starting one if needed and
    `may_start`). Returns (SaveResult, draft, session still live), or None when there is
    nothing to keep (or nowhere to keep it)."""
    formdata = _posted_with_children_changes(step)
    # The parent's choice between two versions of an answer is made by pressing a button:
    # a background save keeps both versions as they are.
    resolutions = {} if request.endpoint == "journey.autosave" else {
        k[len(RESOLVE_PREFIX):]: v for k, v in request.form.items() if k.startswith(RESOLVE_PREFIX) and v in RESOLUTIONS}
    live = current_draft.access() is not None
    with current_draft.edit() as draft:
        if draft is not None:
            return save_posted(draft, step, formdata, resolutions), draft, live
    if current_draft.writable_access() is not None:
        return None  # the draft is gone (expired or deleted in another tab)
    if not may_start or not has_answers(step.form(formdata=formdata), formdata):
        return None
    rate_limits.check_draft_creation()
    draft = Draft(Statement(language=i18n.current().code))
    result = save_posted(draft, step, formdata, resolutions)
    draft.step_id = step.id
    current_draft.start(draft)
    return result, draft, True


def _posted_with_children_changes(step) -> MultiDict:
    """The posted form, with a removed child taken out (and the rest renumbered) so that
    the removal is saved like any other change."""
    formdata = MultiDict(request.form)
    remove = request.form.get("remove_child")
    if step.form is not ChildrenForm or remove is None:
        return formdata
    kept = MultiDict()
    index = 0
    entries = sorted({k.split("-")[1] for k in formdata if k.startswith("children-") and k.count("-") >= 2
                      and k.split("-")[1].isdigit() and len(k.split("-")[1]) <= 3}, key=int)
    for old in entries:
        if old == remove:
            continue
        for part in ("name", "age", "unborn"):
            if f"children-{old}-{part}" in formdata:
                kept[f"children-{index}-{part}"] = formdata[f"children-{old}-{part}"]
        index += 1
    for key, value in formdata.items(multi=True):
        if not key.startswith("children-"):
            kept.add(key, value)
    return kept


def _changing_children() -> bool:
    return "add_child" in request.form or "remove_child" in request.form


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
    if _changing_children():
        if "add_child" in request.form and len(result.form.children.entries) < MAX_CHILDREN:
            result.form.children.append_entry()
            g.new_child = len(result.form.children.entries) - 1
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
    # The page stays open: a fresh stamp (same page id), so its next save is not taken for another tab's.
    base = PageStamp.for_page(draft, result.form).base_text
    return jsonify(ended=False, version=draft.version, base=base, conflicts=sorted(result.conflicts))


def _back_url(step, returning: bool) -> str:
    if returning:
        return url_for("journey.check")
    prev = previous_step(step)
    return url_for("journey.step", step_id=prev.id) if prev else url_for("journey.start")


def render_step(step, form, returning: bool, draft, notice: str | None = None, new_child: int | None = None):
    # The page's own id, the draft's version and each answer's fingerprint as drawn: its
    # saves are measured against this drawing (prep.step_saving).
    stamp = PageStamp.for_page(draft, form)
    conflicts = [f for f in form.typed_fields if getattr(f, "conflict", None)]
    return render_template(
        step.template, step=step, form=form, steps=STEPS, back_url=_back_url(step, returning), notice=notice,
        action=_step_url(step, returning), returning=returning, stamp=stamp, conflicts=conflicts,
        autosave_url=url_for("journey.autosave", step_id=step.id), new_child=new_child,
    )


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
                                    timeline=(conference_events(statement) or []) if own_copy else None, **extra)
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
