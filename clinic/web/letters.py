"""Letters: the details form, the HTML preview, the PDF download, and saving the details to a case
file. Details travel only in POST bodies and the pages that answer them; nothing is stored."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.lists import format_list as babel_format_list
from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import get_locale, gettext, ngettext
from werkzeug.datastructures import MultiDict

from clinic import i18n, services, state
from clinic.casefile import CaseFile, dump_casefile
from clinic.flow import plan_journey
from clinic.letters.compose import Citation, LetterDocument, compose_letter, grouped_citations
from clinic.letters.definitions import LetterDef
from clinic.letters.details import Details, as_casefile_details, as_form_data, form_from_casefile
from clinic.letters.numerals import date_zh
from clinic.letters.render import Renderer, RenderError
from clinic.web.context import content, content_text, current_locale_id
from clinic.web.forms import LetterForm, error_summary, letter_form
from clinic.web.guards import refills_on_bad_token
from clinic.web.messages import COUNTING_RULES, RUNS_FROM, VERIFICATION
from clinic.web.wording import article_label, describe_period

bp = Blueprint("letters", __name__)
PDF_NAME = "document.pdf"
READING_LOCALES = ("en", "zh_Hant_TW", "ug")


def renderer() -> Renderer:
    """The worker's renderer (made once per process)."""
    made: Renderer = services.current().renderer
    return made


def letter_at(number: int) -> LetterDef:
    """The letter with this number, or 404."""
    letter = content().letters.by_number(number)
    if letter is None:
        abort(404)
    return letter


def _form_class(letter: LetterDef) -> type[LetterForm]:
    return letter_form(letter, content().letters.fields, content_text)


def _render_form(letter: LetterDef, form: LetterForm, status: int = 200, notice: str | None = None) -> tuple[str, int]:
    return render_template(
        "letters/form.html", letter=letter, form=form, errors=error_summary(form), notice=notice
    ), status


def _refilled(letter: LetterDef, formdata: MultiDict[str, str]) -> LetterForm:
    """The form filled with what was sent, to edit again: nothing is checked, nothing is lost."""
    return _form_class(letter)(formdata)


def render_unsent_form(number: int) -> tuple[str, int]:
    """A letter form whose token had expired: show it again, filled with what was sent, so that
    nothing typed is lost (the new page carries a fresh token)."""
    letter = letter_at(number)
    notice = gettext(
        "The form was open for too long, so it was not sent. Nothing you typed was lost: "
        "check your details below and send them again."
    )
    return _render_form(letter, _refilled(letter, request.form), 400, notice=notice)


def render_saved_form(saved: dict[str, str]) -> tuple[str, int] | None:
    """The letter form filled from case-file details (after Resume from a file), or None if the
    details name no letter this service has. Nothing is stored: the details go back into the page."""
    try:
        number = int(saved.get("letter", ""))
    except ValueError:
        return None
    letter = content().letters.by_number(number)
    if letter is None:
        return None
    return _render_form(letter, _refilled(letter, MultiDict(list(_pairs(form_from_casefile(saved))))))


def _pairs(form: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(name, value) for name, values in form.items() for value in values]


@bp.get("/letters")
def show_index() -> str:
    """Every letter this service can write."""
    return render_template("letters/index.html", letters=content().letters.ordered())


@bp.get("/letter/<int:number>")
def show_form(number: int) -> tuple[str, int]:
    """The details form for one letter, dated today (the person can change the date)."""
    letter = letter_at(number)
    today = date.today()
    form = _form_class(letter)(
        data={"filing": {"year": str(today.year), "month": str(today.month), "day": str(today.day)}}
    )
    return _render_form(letter, form)


@bp.post("/letter/<int:number>")
@refills_on_bad_token(render_unsent_form)
def edit_details(number: int) -> tuple[str, int]:
    """The details form again, filled with what was posted (from the preview's Change button)."""
    letter = letter_at(number)
    return _render_form(letter, _refilled(letter, request.form))


def _checked(letter: LetterDef) -> tuple[LetterForm, Details | None]:
    """The posted form, checked; the details when every check passed and every character prints."""
    form = _form_class(letter)(request.form)
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


def format_list(items: list[str]) -> str:
    """Join items the way the current language does ('4, 5 and 11'; '4、5和11')."""
    return babel_format_list(items, locale=get_locale() or "en")


def _describe_citations(citations: tuple[Citation, ...]) -> str:
    """The citations in the reader's language: 'Articles 4, 11 and 12 of <title>; ...'."""
    parts = []
    for items in grouped_citations(citations).values():
        numbers = [c.ref.number for c in items if c.ref.number and c.ref.unit == "article"]
        others = [article_label(c.ref) for c in items if not (c.ref.number and c.ref.unit == "article")]
        labels = []
        if numbers:
            labels.append(
                ngettext("Article %(numbers)s", "Articles %(numbers)s", len(numbers), numbers=format_list(numbers))
            )
        labels.extend(others)
        parts.append(
            gettext("%(articles)s of %(title)s", articles=format_list(labels), title=content_text(items[0].title_en))
        )
    return "; ".join(parts)


def compose_document(letter: LetterDef, details: Details) -> LetterDocument:
    """The letter for checked details, in the current language (also used by the CLI)."""
    bundle = content()
    assert details.filing_date is not None
    return compose_letter(
        letter,
        fields=bundle.letters.fields,
        catalogue=bundle.catalogue,
        calendar=bundle.calendar,
        applicant_kind=details.kind,
        values=details.values,
        grounds=details.grounds,
        own_account=details.own_account,
        filing_date=details.filing_date,
        content_version=bundle.version,
        translate=content_text,
        describe_citations=_describe_citations,
    )


def _cover(doc: LetterDocument) -> dict[str, Any]:
    catalogue = content().catalogue
    remedy = doc.remedy
    next_remedy = catalogue.remedy(remedy.next_if_refused) if remedy.next_if_refused else None
    deadline_rule = remedy.filing_deadline
    return {
        "deadline": doc.deadline,
        "period_text": describe_period(deadline_rule.period) if deadline_rule else "",
        "runs_from_text": str(RUNS_FROM.get(deadline_rule.runs_from or "", "")) if deadline_rule else "",
        "rule_text": str(COUNTING_RULES.get(doc.deadline.rule, "")) if doc.deadline else "",
        "response_text": describe_period(remedy.response_time.period) if remedy.response_time else "",
        "next": next_remedy,
        "next_period_text": describe_period(next_remedy.filing_deadline.period)
        if next_remedy and next_remedy.filing_deadline
        else "",
        "next_runs_from_text": str(RUNS_FROM.get(next_remedy.filing_deadline.runs_from or "", ""))
        if next_remedy and next_remedy.filing_deadline
        else "",
        "verification_text": str(VERIFICATION.get(doc.letter.verification, VERIFICATION["unverified"])),
        "citations": [(c, article_label(c.ref)) for items in grouped_citations(doc.citations).values() for c in items],
    }


def pack_context(doc: LetterDocument) -> dict[str, Any]:
    """What the PDF and preview templates need: the letter, reading-copy locale, cover sheet data."""
    locale_id = current_locale_id()
    reading = i18n.locale_info(locale_id) if locale_id in READING_LOCALES else None
    org = {key: current_app.config[f"CLINIC_ORG_{key.upper()}"] for key in ("name", "contact", "address")}
    return {
        "doc": doc,
        "reading": reading,
        "cover": _cover(doc),
        "filing_date_zh": date_zh(doc.filing_date),
        "org": org,
    }


@bp.post("/letter/<int:number>/preview")
@refills_on_bad_token(render_unsent_form)
def preview_letter(number: int) -> tuple[str, int]:
    """Check the details; show the letter as HTML with buttons to download, change or save."""
    letter = letter_at(number)
    form, details = _checked(letter)
    if details is None:
        return _render_form(letter, form, 400)
    doc = compose_document(letter, details)
    hidden = _pairs(as_form_data(details))
    return render_template("letters/preview.html", letter=letter, hidden=hidden, **pack_context(doc)), 200


@bp.post("/letter/<int:number>/pdf")
@refills_on_bad_token(render_unsent_form)
def download_letter(number: int) -> Response | tuple[str, int]:
    """Render the PDF in memory and send it; nothing is kept."""
    letter = letter_at(number)
    form, details = _checked(letter)
    if details is None:
        return _render_form(letter, form, 400)
    doc = compose_document(letter, details)
    html = render_template("letters/pack.html", **pack_context(doc))
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
    return response


@bp.post("/letter/<int:number>/save")
@refills_on_bad_token(render_unsent_form)
def save_details(number: int) -> Response | tuple[str, int]:
    """Download a case file holding the answers and these letter details."""
    letter = letter_at(number)
    details = _refilled(letter, request.form).details()  # the file keeps what was typed, as typed
    bundle = content()
    answers = plan_journey(bundle.flow, state.get_answers()).answers
    case = CaseFile(
        flow_version=bundle.flow.version,
        content_version=bundle.version,
        answers=answers,
        details=as_casefile_details(letter, details),
    )
    passphrase = request.form.get("passphrase") or None
    response = Response(dump_casefile(case, passphrase), mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="notes.json"'
    return response
