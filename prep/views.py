"""The parent's journey: start, one page per step, check answers, statement."""

from __future__ import annotations

from flask import Response, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from . import current_draft, i18n
from .drafts import DraftStoreUnavailable
from .saving import limiter

from .forms import ChildrenForm, ImportForm
from .pdf import render_statement
from .planning import conference_events, past_date_message
from .statement import MAX_CHILDREN, Statement, StatementError
from .steps import STEPS, STEPS_BY_ID, next_step, previous_step

bp = i18n.language_blueprint("journey", __name__)


@bp.route("/text-size/<size>")
def text_size(size):
    """'Larger text' without JavaScript: remembered for the rest of the visit."""
    session["large_text"] = size == "large"
    return redirect(local_url(request.args.get("next", "")) or url_for("journey.start"))


def local_url(target: str) -> str | None:
    """Only ever send people back to a page of this site."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else None


def _step_url(step, returning: bool) -> str:
    return url_for("journey.step", step_id=step.id, **({"return": "check"} if returning else {}))


# --- pages ----------------------------------------------------------------
@bp.route("/")
def start():
    return render_template("start.html", first_step=STEPS[0], import_form=ImportForm(),
                           has_draft=current_draft.statement() is not None)


@bp.route("/step/<step_id>", methods=["GET", "POST"])
def step(step_id):
    step = STEPS_BY_ID.get(step_id) or abort(404)
    returning = request.args.get("return") == "check"
    statement = current_draft.statement() or Statement()

    if request.method == "GET":
        form = step.form(data=step.form.data_from(statement))
        return render_step(step, form, returning)

    form = step.form()
    if isinstance(form, ChildrenForm) and _change_children(form):
        return render_step(step, form, returning)
    if not form.validate():
        return render_step(step, form, returning), 400
    form.apply_to(statement)
    statement.language = i18n.current().code
    following = next_step(step)
    saving_for_later = "save_for_later" in request.form
    resume_at = step if saving_for_later or following is None else following
    try:
        current_draft.save(statement, resume_at.id)
    except DraftStoreUnavailable:
        notice = _("We could not save your answers just now. They are still on this page. "
                   "Wait a few minutes, then press the button again.")
        return render_step(step, form, returning, notice=notice), 503
    if saving_for_later:
        return redirect(url_for("saving.code"), code=303)
    if returning or following is None:
        return redirect(url_for("journey.check"))
    return redirect(url_for("journey.step", step_id=following.id))


def _change_children(form: ChildrenForm) -> bool:
    """'Add another child' and 'Remove' buttons: change the list, keep what was typed."""
    if "add_child" in request.form:
        if len(form.children.entries) < MAX_CHILDREN:
            form.children.append_entry()
        return True
    remove = request.form.get("remove_child")
    if remove is not None:
        kept = [e.data for i, e in enumerate(form.children.entries) if str(i) != remove]
        while form.children.entries:
            form.children.pop_entry()
        for data in kept or [{}]:
            form.children.append_entry(data)
        return True
    return False


def render_step(step, form, returning: bool, notice: str | None = None):
    if returning:
        back = url_for("journey.check")
    else:
        prev = previous_step(step)
        back = url_for("journey.step", step_id=prev.id) if prev else url_for("journey.start")
    return render_template(
        step.template, step=step, form=form, steps=STEPS, back_url=back, notice=notice,
        action=_step_url(step, returning), returning=returning,
    )


@bp.route("/check")
def check():
    statement = current_draft.statement()
    if statement is None:
        return redirect(url_for("journey.start"))
    sections = [(s, s.rows(statement)) for s in STEPS]
    return render_template("check.html", sections=sections, past_note=past_date_message(statement),
                           back_url=url_for("journey.step", step_id=STEPS[-1].id))


@bp.route("/statement")
def statement_page():
    statement = current_draft.statement()
    if statement is None:
        return redirect(url_for("journey.start"))
    return render_template("statement.html", has_dates=conference_events(statement) is not None,
                           back_url=url_for("journey.check"))


@bp.route("/statement.pdf")
@limiter.limit(lambda: current_app.config["PDF_RATE_LIMIT"])
def statement_pdf():
    statement = current_draft.statement()
    if statement is None:
        return redirect(url_for("journey.start"))
    large = request.args.get("size") == "large"
    # "Your own copy": the chair's copy never has the parent's dates in it.
    own_copy = request.args.get("copy") == "own"
    statement.language = i18n.current().code  # the PDF is in the language of the page it came from
    pdf = render_statement(statement, marking=current_app.config["CONFIDENTIALITY_MARKING"], large_print=large,
                           council_name=current_app.extensions["council"].name,
                           timeline=(conference_events(statement) or []) if own_copy else None)
    name = "conference-statement-large-print.pdf" if large else "conference-statement.pdf"
    if own_copy:
        name = name.replace("statement", "statement-my-copy")
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/statement/print")
def statement_print():
    statement = current_draft.statement()
    if statement is None:
        return redirect(url_for("journey.start"))
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
def import_answers():
    form = ImportForm()
    problem = None
    if form.validate_on_submit():
        try:
            statement = Statement.from_json(form.answers_file.data.read())
        except StatementError as err:
            problem = _describe_import_error(err)
        else:
            current_draft.save(statement, STEPS[0].id)
            return redirect(url_for("journey.check"))
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
    from .pdf import render_paper_form

    large = request.args.get("size") == "large"
    pdf = render_paper_form(language=i18n.current().code, large_print=large,
                            marking=current_app.config["CONFIDENTIALITY_MARKING"])
    name = "conference-questions-large-print.pdf" if large else "conference-questions.pdf"
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})
