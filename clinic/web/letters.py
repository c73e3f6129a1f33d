"""Letters: the details form, the HTML preview, the PDF download, and saving the details to a case
file. Details travel only in POST bodies and the pages that answer them; nothing is stored."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.lists import format_list as babel_format_list
from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import get_locale, gettext, ngettext

from clinic import i18n, services, state
from clinic.casefile import CaseFile, dump_casefile
from clinic.flow import plan_journey
from clinic.letters.compose import Citation, LetterDocument, compose_letter, grouped_citations
from clinic.letters.definitions import LetterDef
from clinic.letters.details import Details, as_casefile_details, form_fields, form_from_casefile, read_details
from clinic.letters.numerals import date_zh
from clinic.letters.render import Renderer, RenderError
from clinic.web.context import content, content_text, current_locale_id
from clinic.web.guards import refills_on_bad_token
from clinic.web.messages import FIELD_ERRORS
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


def _error_list(letter: LetterDef, details: Details, missing: dict[str, str]) -> list[tuple[str, str]]:
    fields = content().letters.fields
    items = []
    for field_id, code in details.errors.items():
        label = content_text(fields[field_id].label) if field_id in fields else ""
        message = str(FIELD_ERRORS.get(code, FIELD_ERRORS["invalid"]))
        anchor = f"{field_id}-year" if field_id in fields and fields[field_id].kind == "date" else field_id
        if field_id == "filing":
            anchor, label = "filing-year", gettext("Date of the letter")
        if field_id == "grounds":
            anchor, label = "grounds-1", gettext("Reasons")
        if field_id == "kind":
            anchor, label = "kind-1", gettext("Who is sending the letter")
        if field_id == "own_account":
            label = content_text(letter.own_account_label)
        items.append((f"{label}: {message}" if label else message, anchor))
    for field_id, chars in missing.items():
        label = content_text(fields[field_id].label) if field_id in fields else content_text(letter.own_account_label)
        message = gettext(
            "%(field)s: these characters cannot be printed with the fonts available: %(chars)s. "
            "Replace them, or write them by hand on the printed letter.",
            field=label,
            chars=" ".join(chars),
        )
        items.append((message, field_id))
    return items


def _render_form(
    letter: LetterDef,
    details: Details | None,
    status: int = 200,
    missing: dict[str, str] | None = None,
    notice: str | None = None,
) -> tuple[str, int]:
    kind = details.kind if details else letter.applicant_kinds[0]
    fields = content().letters.fields
    errors = _error_list(letter, details, missing or {}) if details else []
    today = date.today()
    raw = (
        details.raw
        if details
        else {"filing-year": str(today.year), "filing-month": str(today.month), "filing-day": str(today.day)}
    )
    return render_template(
        "letters/form.html",
        letter=letter,
        kind=kind,
        fields=fields,
        person_fields=form_fields(letter, "person"),
        organisation_fields=form_fields(letter, "organisation"),
        raw=raw,
        grounds=details.grounds if details else [],
        own_account=details.raw.get("own_account", "") if details else "",
        errors=errors,
        field_errors={**(details.errors if details else {}), **(missing or {})},
        field_messages={
            k: str(FIELD_ERRORS.get(v, FIELD_ERRORS["invalid"])) for k, v in (details.errors if details else {}).items()
        },
        notice=notice,
    ), status


def render_unsent_form(number: int) -> tuple[str, int]:
    """A letter form whose token had expired: show it again, filled with what was sent, so that
    nothing typed is lost (the new page carries a fresh token)."""
    letter = letter_at(number)
    details = read_details(letter, content().letters.fields, request.form.to_dict(flat=False), date.today())
    details.errors.clear()
    notice = gettext(
        "The form was open for too long, so it was not sent. Nothing you typed was lost: "
        "check your details below and send them again."
    )
    return _render_form(letter, details, 400, notice=notice)


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
    details = read_details(letter, content().letters.fields, form_from_casefile(saved), date.today())
    details.errors.clear()
    return _render_form(letter, details)


@bp.get("/letters")
def show_index() -> str:
    """Every letter this service can write."""
    return render_template("letters/index.html", letters=content().letters.ordered())


@bp.get("/letter/<int:number>")
def show_form(number: int) -> tuple[str, int]:
    """The details form for one letter."""
    return _render_form(letter_at(number), None)


@bp.post("/letter/<int:number>")
@refills_on_bad_token(render_unsent_form)
def edit_details(number: int) -> tuple[str, int]:
    """The details form again, filled with what was posted (from the preview's Change button)."""
    letter = letter_at(number)
    details = read_details(letter, content().letters.fields, request.form.to_dict(flat=False), date.today())
    details.errors.clear()
    return _render_form(letter, details)


def _checked(letter: LetterDef) -> tuple[Details, dict[str, str]]:
    details = read_details(letter, content().letters.fields, request.form.to_dict(flat=False), date.today())
    missing: dict[str, str] = {}
    if details.ok:
        for field_id, value in [*details.values.items(), ("own_account", details.own_account)]:
            chars = renderer().missing_glyphs(value)
            if chars:
                missing[field_id] = "".join(chars)
    return details, missing


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
    labels = content().labels
    return {
        "deadline": doc.deadline,
        "period_text": describe_period(deadline_rule.period) if deadline_rule else "",
        "runs_from_text": content_text(labels.runs_from[deadline_rule.runs_from])
        if deadline_rule and deadline_rule.runs_from
        else "",
        "rule_text": content_text(labels.counting_rules[doc.deadline.rule]) if doc.deadline else "",
        "response_text": describe_period(remedy.response_time.period) if remedy.response_time else "",
        "next": next_remedy,
        "next_period_text": describe_period(next_remedy.filing_deadline.period)
        if next_remedy and next_remedy.filing_deadline
        else "",
        "next_runs_from_text": content_text(labels.runs_from[next_remedy.filing_deadline.runs_from])
        if next_remedy and next_remedy.filing_deadline and next_remedy.filing_deadline.runs_from
        else "",
        "verification_text": content_text(labels.verification[doc.letter.verification]),
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
    details, missing = _checked(letter)
    if not details.ok or missing:
        return _render_form(letter, details, 400, missing)
    doc = compose_document(letter, details)
    hidden = (
        [(k, v) for k, v in details.raw.items() if v]
        + [("kind", details.kind)]
        + [("grounds", g) for g in details.grounds]
    )
    return render_template("letters/preview.html", letter=letter, hidden=hidden, **pack_context(doc)), 200


@bp.post("/letter/<int:number>/pdf")
@refills_on_bad_token(render_unsent_form)
def download_letter(number: int) -> Response | tuple[str, int]:
    """Render the PDF in memory and send it; nothing is kept."""
    letter = letter_at(number)
    details, missing = _checked(letter)
    if not details.ok or missing:
        return _render_form(letter, details, 400, missing)
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
    details = read_details(letter, content().letters.fields, request.form.to_dict(flat=False), date.today())
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
