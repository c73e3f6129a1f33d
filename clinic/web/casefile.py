"""Save to a file and Resume from a file. The file goes to and comes from the person's device;
nothing is kept here, and uploads stay in memory (see security.InMemoryRequest)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import gettext, ngettext
from werkzeug.datastructures import CombinedMultiDict
from werkzeug.wrappers import Response as BaseResponse

from clinic import passphrase, state
from clinic.casefile import CaseFile, CaseFileError, dump_casefile, load_casefile
from clinic.flow import find_answer_problems, plan_journey
from clinic.web.context import content, current_locale_id
from clinic.web.forms import ResumeForm, SaveForm
from clinic.web.guards import uses_journey_state
from clinic.web.letters import render_saved_form
from clinic.web.messages import CASEFILE_ERRORS, time_to_guess

bp = Blueprint("casefile", __name__)
DOWNLOAD_NAME = "notes.json"


def _save_page(has_answers: bool, error: str | None) -> str:
    """The save page, with a passphrase made at random for this one view: it is in the page only,
    never stored or logged, and a new one comes with every view."""
    suggestion = passphrase.suggest(current_locale_id())
    return render_template(
        "pages/save.html",
        has_answers=has_answers,
        error=error,
        suggestion=suggestion.text,
        suggestion_lang="en" if suggestion.text.isascii() else None,
        one_core=time_to_guess(passphrase.seconds_to_guess(suggestion.bits)),
        thousand_cores=time_to_guess(passphrase.seconds_to_guess(suggestion.bits, cores=1000)),
        min_length=passphrase.MIN_LENGTH,
    )


@bp.get("/save")
@uses_journey_state
def show_save() -> str:
    """Explain saving, offer an optional passphrase and suggest a strong one."""
    return _save_page(bool(state.get_answers()), None)


@bp.post("/save")
@uses_journey_state
def download_casefile() -> Response | tuple[str, int]:
    """Send the answers as a JSON file, sealed with the passphrase when one is given."""
    form = SaveForm(request.form)
    if not form.validate():
        return _save_page(bool(state.get_answers()), form.passphrase.errors[0]), 400
    passphrase = form.passphrase.data
    bundle = content()
    journey = plan_journey(bundle.flow, state.get_answers())
    case = CaseFile(flow_version=bundle.flow.version, content_version=bundle.version, answers=journey.answers)
    try:
        data = dump_casefile(case, passphrase or None)
    except CaseFileError as problem:
        return _save_page(bool(journey.answers), str(CASEFILE_ERRORS[problem.code])), 400
    response = Response(data, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{DOWNLOAD_NAME}"'
    return response


def busy_page() -> Response:
    """Too many files are being opened in this worker at once: the translated busy page, with a
    hint to retry (the upload is not kept; the person sends it again)."""
    page = render_template("errors/error.html", code=503)
    return Response(page, status=503, headers={"Retry-After": "10"}, mimetype="text/html")


@bp.get("/resume")
def show_resume() -> str:
    """The upload form."""
    return render_template("pages/resume.html", error=None)


@bp.post("/resume")
def resume_from_file() -> BaseResponse | tuple[str, int]:
    """Read an uploaded case file in memory, check it, restore the answers it holds, and say what
    came back (the letter form, filled, when the file holds letter details)."""
    form = ResumeForm(CombinedMultiDict([request.files, request.form]))
    upload = form.upload()
    if upload is None:
        return render_template("pages/resume.html", error=CASEFILE_ERRORS["missing"]), 400
    limit = current_app.config["CLINIC_CASEFILE_MAX_BYTES"]
    data = upload.stream.read(limit + 1)
    if _looks_like_pdf(data):
        return render_template("pages/resume.html", error=CASEFILE_ERRORS["is-letter"]), 400
    try:
        case = load_casefile(data, form.passphrase.data or None, limit)
    except CaseFileError as problem:
        if problem.code == "busy":
            return busy_page()
        return render_template("pages/resume.html", error=CASEFILE_ERRORS[problem.code]), 400
    flow = content().flow
    journey = plan_journey(flow, case.answers)
    state.set_answers(journey.answers)
    came_back = answers_came_back(len(journey.answers))
    if case.details:
        page = render_saved_form(
            dict(case.details), notice=f"{came_back} {gettext('The letter details came back: check them below.')}"
        )
        if page is not None:
            return page
    dropped = (
        case.flow_version != flow.version
        or bool(find_answer_problems(flow, case.answers))
        or len(journey.answers) != len(case.answers)
    )
    note = CASEFILE_ERRORS["answers-outdated"] if dropped else None
    return render_template("pages/resumed.html", came_back=came_back, note=note), 200


def answers_came_back(count: int) -> str:
    """What a resumed file brought back, in words: the person should know what they have again."""
    if count == 0:
        return str(gettext("The file held no answers to the questions."))
    return str(
        ngettext("Your answer to %(num)s question came back.", "Your answers to %(num)s questions came back.", count)
    )


def _looks_like_pdf(data: bytes) -> bool:
    """A PDF (the letter, chosen by mistake instead of the saved notes) starts with %PDF-."""
    return data[:1024].lstrip().startswith(b"%PDF-")
