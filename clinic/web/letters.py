"""Letters: the details form, the HTML preview, the PDF download, and saving the details to a case
file. Details travel only in POST bodies and the pages that answer them; nothing is stored."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, current_app, g, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as BaseResponse

from clinic import i18n, passphrase, services, state
from clinic.casefile import CaseFile, dump_casefile
from clinic.eligibility import answered_date, prefill_data, unanswered_filings
from clinic.flow import plan_journey
from clinic.flow.results import rank_candidates
from clinic.letters import pack
from clinic.letters.compose import LetterDocument
from clinic.letters.definitions import LetterDef
from clinic.letters.details import Details, as_casefile_details, as_form_data, form_from_casefile, letter_inputs
from clinic.letters.followup import chase_data
from clinic.letters.render import Renderer, RenderError
from clinic.web import draft, wording
from clinic.web.context import content, content_text, current_locale_id
from clinic.web.followups import follow_up_views
from clinic.web.forms import DATE_PARTS, DatePartsField, LetterForm, SaveForm, error_summary, letter_form
from clinic.web.guards import refills_on_bad_token
from clinic.web.pages import remember_locale
from clinic.web.result import planned_lists

bp = Blueprint("letters", __name__)
PDF_NAME = "document.pdf"


def renderer() -> Renderer:
    """The worker's renderer (made once per process)."""
    made: Renderer = services.current().renderer
    return made


def letter_at(letter_id: str) -> LetterDef:
    """The letter with this id, or 404."""
    letter = content().letters.letters.get(letter_id)
    if letter is None:
        abort(404)
    return letter


def _moved(endpoint: str, number: int) -> BaseResponse:
    """Redirect a letter's former numbered URL to its permanent one (308 keeps a POST's body)."""
    letter = content().letters.by_number(number)
    if letter is None:
        abort(404)
    return redirect(url_for(endpoint, letter_id=letter.id), 301 if request.method == "GET" else 308)


@bp.route("/letter/<int:number>", methods=["GET", "POST"])
def former_form_url(number: int) -> BaseResponse:
    """A letter form's former numbered URL."""
    return _moved("letters.show_form" if request.method == "GET" else "letters.edit_details", number)


@bp.post("/letter/<int:number>/<any(preview, pdf, save):step>")
def former_step_url(number: int, step: str) -> BaseResponse:
    """The former numbered URLs of a letter's preview, download and save."""
    endpoints = {"preview": "letters.preview_letter", "pdf": "letters.download_letter", "save": "letters.save_details"}
    return _moved(endpoints[step], number)


def _form_class(letter: LetterDef, kind: str | None = None) -> type[LetterForm]:
    """The letter's form class, worded for the applicant kind posted (if any)."""
    return letter_form(letter, content().letters.fields, content_text, content().calendar, kind)


def _today_parts() -> dict[str, str]:
    today = date.today()
    return {"year": str(today.year), "month": str(today.month), "day": str(today.day)}


def _render_form(
    letter: LetterDef,
    form: LetterForm,
    status: int = 200,
    notice: str | None = None,
    follow_ups: list[dict[str, Any]] | None = None,
) -> tuple[str, int]:
    # The language buttons in the page header resubmit this form (form="letter-form") to the
    # language switch, so that the fields come along in the POST body instead of being lost.
    switch = {"form": "letter-form", "action": url_for("letters.switch_language", letter_id=letter.id)}
    return render_template(
        "letters/form.html",
        letter=letter,
        form=form,
        errors=error_summary(form),
        notice=notice,
        language_form=switch,
        follow_ups=follow_ups or [],
    ), status


def input_names(form: LetterForm) -> list[str]:
    """Every name the letter's form posts for what a person types or ticks (the draft keeps these
    and nothing else)."""
    names: list[str] = []
    for field in form:
        if isinstance(field, DatePartsField):
            names.extend(field.part_name(part) for part in DATE_PARTS)
        else:
            names.append(field.name)
    return names


def kept_as_draft(letter: LetterDef, page: tuple[str, int] | BaseResponse) -> BaseResponse:
    """The response for a post of the letter's fields, with those fields kept as the browser's
    draft (see clinic/web/draft.py), so that Back to the form finds it filled."""
    response = make_response(page)
    pairs = draft.typed_pairs(request.form, input_names(_form_class(letter)()))
    draft.keep(response, letter.id, pairs)
    return response


def _refilled(letter: LetterDef, formdata: MultiDict[str, str]) -> LetterForm:
    """The form filled with what was sent, to edit again: nothing is checked, nothing is lost.
    Only the applicant kind was sent when the person has just chosen it: the letter is then dated
    today, as on a new form."""
    if "filing-year" not in formdata:
        formdata = MultiDict(formdata)
        for part, value in _today_parts().items():
            formdata[f"filing-{part}"] = value
    return _form_class(letter, formdata.get("kind"))(formdata)


def render_unsent_form(letter_id: str) -> tuple[str, int]:
    """A letter form whose token had expired: show it again, filled with what was sent, so that
    nothing typed is lost (the new page carries a fresh token)."""
    letter = letter_at(letter_id)
    notice = gettext(
        "The form was open for too long, so it was not sent. Nothing you typed was lost: "
        "check your details below and send them again."
    )
    return _render_form(letter, _refilled(letter, request.form), 400, notice=notice)


def render_saved_form(saved: dict[str, str], notice: str | None = None) -> tuple[str, int] | None:
    """The letter form filled from case-file details (after Resume from a file), or None if the
    details name no letter this service has. Nothing is stored: the details go back into the page."""
    try:
        number = int(saved.get("letter", ""))
    except ValueError:
        return None
    letter = content().letters.by_number(number)
    if letter is None:
        return None
    formdata = form_from_casefile(saved)
    # A saved letter was usually filed: offer what follows it (a chasing letter, the next step).
    return _render_form(
        letter,
        _refilled(letter, MultiDict(list(_pairs(formdata)))),
        notice=notice,
        follow_ups=follow_up_views(letter, formdata),
    )


def _pairs(form: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(name, value) for name, values in form.items() for value in values]


@bp.get("/letters")
def show_index() -> str:
    """Every letter this service can write."""
    return render_template("letters/index.html", letters=content().letters.ordered())


def _chosen_kind(letter: LetterDef, values: Mapping[str, str]) -> str | None:
    """The applicant kind the form's first step sent (posted, or in the address it redirects to),
    when it is one this letter allows."""
    kind = values.get("kind")
    return kind if kind in letter.applicant_kinds else None


@bp.get("/letter/<letter_id>")
def show_form(letter_id: str) -> tuple[str, int]:
    """The details form for one letter: filled from the browser's draft when Back (or a language
    switch) brings the person here again, else empty and dated today (the person can change it)."""
    letter = letter_at(letter_id)
    kept = draft.recall(letter.id)
    if kept is not None:
        formdata, partial = kept
        notice = gettext(
            "What you typed before is filled in again. Your browser keeps it, encrypted, for 30 minutes "
            "after you last sent this form; “Leave this site” deletes it."
        )
        if partial:
            notice += " " + gettext(
                "Your own words were too long to keep this way, so that box is empty: "
                "use “Change the details” on the preview next time to keep them."
            )
        return _render_form(letter, _refilled(letter, formdata), notice=notice)
    data: dict[str, Any] = {"filing": _today_parts()}
    kind = _chosen_kind(letter, request.args)  # the first step's answer (see form.html)
    if kind is not None:
        data["kind"] = [kind]
    if request.args.get("from") == "result":
        data.update(prefill_from_answers(letter))
    kind = data["kind"][0] if "kind" in data else None
    return _render_form(letter, _form_class(letter, kind)(data=data))


def prefill_from_answers(letter: LetterDef) -> dict[str, Any]:
    """What the journey's answers (the state cookie only, never the URL) imply for this letter:
    the applicant kind, the date fields it has, its grounds and choices, by the remedy's ``prefill:``
    rules; for a chasing letter, the unanswered filing the person told of."""
    bundle = content()
    answers = plan_journey(bundle.flow, state.get_answers()).answers
    rules = bundle.eligibility.prefill.get(letter.remedy or "")
    found = prefill_data(rules, answers)
    fields = {item.id for item in letter_inputs(letter, bundle.letters.fields)}
    grounds = {g.id for g in letter.grounds}
    data: dict[str, Any] = {k: v for k, v in found.items() if k in fields}
    if found["kind"][0] in letter.applicant_kinds:
        data["kind"] = found["kind"]
    data["grounds"] = [g for g in found["grounds"] if g in grounds]
    for choice in letter.choices:
        picked = found.get(choice.id, [])
        if picked and choice.option(picked[0]) is not None:
            data[choice.id] = picked
    if letter.remedy is None:
        lists, _ = planned_lists(bundle, rank_candidates(bundle.flow, answers))
        remedies = [r for list_id in lists for r in bundle.catalogue.list(list_id).remedies]
        for remedy_id in unanswered_filings(bundle.eligibility, remedies, answers):
            chased = chase_data(
                letter, bundle.catalogue.remedy(remedy_id), answered_date(answers, "tried-date"), bundle.letters
            )
            if chased:
                data.update(chased)
                break
    return data


@bp.post("/letter/<letter_id>")
@refills_on_bad_token(render_unsent_form)
def edit_details(letter_id: str) -> BaseResponse:
    """The details form again, filled with what was posted (from the preview's Change button)."""
    letter = letter_at(letter_id)
    if set(request.form) <= {"kind", "csrf_token"}:
        kind = _chosen_kind(letter, request.form)
        if kind is not None:
            # The form's first step (who sends the letter) answered: show the details step at an
            # address of its own (the answer is a kind, never anything typed), so that Back from the
            # preview returns to a page the browser can show again without resubmitting a form.
            return redirect(url_for("letters.show_form", letter_id=letter.id, kind=kind), code=303)
        # Continue without a choice: the first step again, saying what to do.
        form = _refilled(letter, request.form)
        form.kind.validate(form)
        return make_response(*_render_form(letter, form, 400))
    return kept_as_draft(letter, _render_form(letter, _refilled(letter, request.form)))


@bp.post("/letter/<letter_id>/language")
@refills_on_bad_token(render_unsent_form)
def switch_language(letter_id: str) -> BaseResponse:
    """Change the language without losing the letter: the language buttons of the form and of the
    preview post the fields here. The form then comes back through the draft (so that Back and
    reload work as on any page); the preview, and a form whose draft could not hold everything,
    are shown at once in the new language."""
    letter = letter_at(letter_id)
    chosen = request.form.get("language", "")
    locales = current_app.config["CLINIC_LOCALES"]
    locale_id = chosen if chosen in locales else current_locale_id()
    g.pop("_clinic_translations", None)  # the translations cached for this request's old language
    with force_locale(locale_id):
        if request.form.get("step") == "preview":
            form, details = _checked(letter)
            page = _render_form(letter, form, 400) if details is None else _render_preview(letter, details)
            response = kept_as_draft(letter, page)
        else:
            response = make_response(redirect(url_for("letters.show_form", letter_id=letter.id), code=303))
            pairs = draft.typed_pairs(request.form, input_names(_form_class(letter)()))
            if not draft.keep(response, letter.id, pairs):
                response = kept_as_draft(letter, _render_form(letter, _refilled(letter, request.form)))
    g.pop("_clinic_translations", None)
    remember_locale(response, locale_id)
    return response


def _checked(letter: LetterDef) -> tuple[LetterForm, Details | None]:
    """The posted form, checked; the details when every check passed and every character prints."""
    form = _form_class(letter, request.form.get("kind"))(request.form)
    if not form.validate():
        return form, None
    details = form.details()
    fields = content().letters.fields
    for name, value in [*details.values.items(), ("own_account", details.own_account)]:
        chars = renderer().missing_glyphs(value)
        if chars:
            label = content_text(fields[name].label) if name in fields else content_text(letter.own_account_label)
            summary = gettext(
                "%(field)s: these characters cannot be printed with the fonts available: %(chars)s. "
                "Replace them, or write them by hand on the printed letter.",
                field=label,
                chars=" ".join(chars),
            )
            form.mark_unprintable(name, gettext("These characters cannot be printed."), summary)
    return form, None if form.summary_messages else details


def compose_document(letter: LetterDef, details: Details) -> LetterDocument:
    """The letter for checked details, in this request's language."""
    return pack.compose_document(letter, details, content(), wording.words())


def pack_context(doc: LetterDocument, details: Details) -> dict[str, Any]:
    """What the PDF and preview templates need, in this request's language."""
    reading = i18n.reading_copy(current_locale_id())
    org = pack.organisation(current_app.config)
    return pack.pack_context(doc, content(), wording.words(), reading, org, details.grounds)


@bp.post("/letter/<letter_id>/preview")
@refills_on_bad_token(render_unsent_form)
def preview_letter(letter_id: str) -> BaseResponse:
    """Check the details; show the letter as HTML with buttons to download, change or save."""
    letter = letter_at(letter_id)
    form, details = _checked(letter)
    if details is None:
        return kept_as_draft(letter, _render_form(letter, form, 400))
    return kept_as_draft(letter, _render_preview(letter, details))


def _render_preview(letter: LetterDef, details: Details, save_error: str | None = None) -> tuple[str, int]:
    """The preview of checked details; with ``save_error``, the save form explains its refusal."""
    doc = compose_document(letter, details)
    hidden = _pairs(as_form_data(details))
    page = render_template(
        "letters/preview.html",
        letter=letter,
        hidden=hidden,
        save_error=save_error,
        min_length=passphrase.MIN_LENGTH,
        language_form={"form": "language-form", "action": url_for("letters.switch_language", letter_id=letter.id)},
        **pack_context(doc, details),
    )
    return page, 400 if save_error else 200


@bp.post("/letter/<letter_id>/pdf")
@refills_on_bad_token(render_unsent_form)
def download_letter(letter_id: str) -> BaseResponse | tuple[str, int]:
    """Render the PDF in memory and send it; nothing is kept on the server (the browser's draft is
    refreshed, so that Back after the download finds the form filled)."""
    letter = letter_at(letter_id)
    form, details = _checked(letter)
    if details is None:
        return kept_as_draft(letter, _render_form(letter, form, 400))
    doc = compose_document(letter, details)
    html = render_template("letters/pack.html", **pack_context(doc, details))
    try:
        pdf = renderer().render(html)
    except RenderError as problem:
        if problem.code == "busy":
            services.current().metrics.count_busy()
            page = render_template("errors/error.html", code=503)
            return Response(page, status=503, headers={"Retry-After": "10"}, mimetype="text/html")
        return render_template("letters/render_error.html", code=problem.code), 422
    services.current().metrics.count_letter(letter.number, current_locale_id())
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{PDF_NAME}"'
    return kept_as_draft(letter, response)


@bp.post("/letter/<letter_id>/save")
@refills_on_bad_token(render_unsent_form)
def save_details(letter_id: str) -> BaseResponse:
    """Download a case file holding the answers and these letter details."""
    letter = letter_at(letter_id)
    lock = SaveForm(request.form)
    if not lock.validate():
        # A weak or mistyped passphrase: the preview again, with the reason by the field.
        form, checked = _checked(letter)
        if checked is None:
            return kept_as_draft(letter, _render_form(letter, form, 400))
        return kept_as_draft(letter, _render_preview(letter, checked, save_error=lock.passphrase.errors[0]))
    details = _refilled(letter, request.form).details()  # the file keeps what was typed, as typed
    bundle = content()
    answers = plan_journey(bundle.flow, state.get_answers()).answers
    case = CaseFile(
        flow_version=bundle.flow.version,
        content_version=bundle.version,
        answers=answers,
        details=as_casefile_details(letter, details),
    )
    secret = lock.passphrase.data or None
    response = Response(dump_casefile(case, secret), mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="notes.json"'
    return kept_as_draft(letter, response)
