"""The rules pages: for every list, what it does and every route off it with its deadline first,
then grounds, how to confirm, and the legal basis in force on a date, with one explanation of how
well each fact was checked."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response as BaseResponse

from clinic.catalogue.model import LegalBasis, ListRegime, Remedy
from clinic.catalogue.pagesources import sources_relied_on
from clinic.deadlines import Deadline, compute_deadline, deadline_to_ics
from clinic.web.context import content, content_text, current_locale_id
from clinic.web.forms import RulesDateForm
from clinic.web.help import person_lists
from clinic.web.messages import REMINDER_NAMES
from clinic.web.wording import basis_rows, describe_period, resolve_basis

bp = Blueprint("rules", __name__)
DEFAULT_REMINDER_NAME = next(iter(REMINDER_NAMES))


@dataclass(frozen=True)
class DeadlineResult:
    """A computed deadline for one remedy, or the error that stopped it."""

    remedy_id: str
    deadline: Deadline | None
    error: str | None
    values: dict[str, str]


# Rules pages were once numbered by position in catalogue.yaml's list_order, so a new list
# renumbered every later page. The numbers of that time, frozen here, now only redirect (old
# bookmarks and links keep working); new lists never get a number.
FORMER_LIST_NUMBERS = (
    "dishonest-judgment-defaulters",
    "consumption-restriction",
    "enforcement-objection-and-exit-ban",
    "credit-china-penalty-information",
    "samr-serious-violation",
    "samr-abnormal-operations",
    "samr-penalty-publicity",
    "tax-major-violation",
    "rail-air-ban",
    "personal-credit-report",
    "published-personal-information",
    "city-scores-local-rules",
    "administrative-review-and-litigation",
)


def list_at(list_id: str) -> ListRegime:
    """The list shown at /rules/<list_id>, or 404."""
    try:
        return content().catalogue.list(list_id)
    except KeyError:
        abort(404)


def _moved(endpoint: str, number: int) -> BaseResponse:
    """Redirect a former numbered URL to the list's permanent one (308 keeps a POST's body)."""
    if not 1 <= number <= len(FORMER_LIST_NUMBERS):
        abort(404)
    regime = list_at(FORMER_LIST_NUMBERS[number - 1])
    return redirect(url_for(endpoint, list_id=regime.id), 301 if request.method == "GET" else 308)


#: The short label each fact carries on a rules page; the long explanation of each (labels.yaml)
#: is printed once, in the legend at the start of the legal basis. A level missing here shows its
#: long label.
SHORT_CHECKS = {
    "primary-text": _l("Official text"),
    "two-or-more-secondary": _l("Two or more other sources"),
    "one-source": _l("One source only"),
    "unverified": _l("Not verified"),
}


#: The reading translation shown in each interface language; Simplified Chinese readers get the
#: official text alone.
READING_LANGUAGE = {"en": "en", "zh_Hant_TW": "zh_Hant", "ug": "ug"}


def _official(basis: LegalBasis, on: date) -> dict[str, object] | None:
    """What the page prints under a cited article: its official wording in the version in force on
    ``on``, the sources it was read in and the reading translation in the interface language, or
    ``found: False`` when no official wording was found. None for a citation of a whole instrument."""
    catalogue = content().catalogue
    ref = resolve_basis(catalogue, basis, on)
    if ref is None:
        return None
    text = catalogue.official_text(ref.instrument, ref.version_id, ref.article_key)
    if text is None:
        return {"found": False}
    language = READING_LANGUAGE.get(current_locale_id())
    reading = text.reading.get(language) if language else None
    return {
        "found": True,
        "text": text,
        "paragraphs": text.text_zh.split("\n\n"),
        "sources": [catalogue.sources[key] for key in text.sources],
        "reading": reading.split("\n\n") if reading else None,
        "wants_reading": language is not None,
    }


def _basis_with_texts(bases: tuple[LegalBasis, ...], on: date) -> list[dict[str, object]]:
    """The citation rows of :func:`basis_rows`, each with the article's official wording."""
    rows = basis_rows(content().catalogue, bases, on)
    for row, basis in zip(rows, bases, strict=True):
        row["official"] = _official(basis, on)
    return rows


def _remedy_view(remedy: Remedy, on: date) -> dict[str, object]:
    catalogue = content().catalogue
    return {
        "remedy": remedy,
        "basis": _basis_with_texts(remedy.legal_basis, on),
        "deadline_text": describe_period(remedy.filing_deadline.period) if remedy.filing_deadline else None,
        "response_text": describe_period(remedy.response_time.period) if remedy.response_time else None,
        "next": catalogue.remedy(remedy.next_if_refused) if remedy.next_if_refused else None,
        # Some remedies name a letter this service does not write yet; they get no link.
        "letter": content().letters.letters.get(remedy.letter) if remedy.letter else None,
    }


def _render(
    list_id: str,
    on: date,
    result: DeadlineResult | None = None,
    on_form: RulesDateForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    regime = list_at(list_id)
    catalogue = content().catalogue
    remedies = [_remedy_view(catalogue.remedy(rid), on) for rid in regime.remedies]
    return render_template(
        "rules/list.html",
        regime=regime,
        # The page title stays neutral ("Rules, topic 3"): the list's place in the display order.
        number=catalogue.lists.index(regime) + 1,
        remedies=remedies,
        on=on,
        basis=_basis_with_texts(regime.legal_basis, on),
        result=result,
        on_error=on_form.error() if on_form else None,
        today=date.today(),
        on_values=on_form.when.data if on_form else {},
        reminder_names=REMINDER_NAMES,
        page_sources=sources_relied_on(catalogue, regime, on),
        short_checks={
            level: str(SHORT_CHECKS[level]) if level in SHORT_CHECKS else content_text(text)
            for level, text in content().labels.verification.items()
        },
        # "Back to your result" only when there is one: the answers in the state cookie are complete.
        has_result=bool(person_lists()),
    ), status


@bp.get("/rules")
def show_index() -> str:
    """Every list, with a link to its rules page."""
    return render_template("rules/index.html", lists=content().catalogue.lists)


@bp.get("/rules/<list_id>")
def show_list(list_id: str) -> tuple[str, int]:
    """The rules page, with the legal basis in force today."""
    return _render(list_id, date.today())


@bp.route("/rules/<int:number>", methods=["GET", "POST"])
def former_list_url(number: int) -> BaseResponse:
    """A rules page's former numbered URL."""
    return _moved("rules.show_list", number)


@bp.post("/rules/<int:number>/reminder")
def former_reminder_url(number: int) -> BaseResponse:
    """The reminder's former numbered URL."""
    return _moved("rules.download_reminder", number)


def _filing_deadline(remedy: Remedy, start: date) -> Deadline | None:
    rule = remedy.filing_deadline
    if rule is None:
        return None
    return compute_deadline(start, rule.period, content().calendar)


@bp.post("/rules/<list_id>")
def calculate(list_id: str) -> tuple[str, int]:
    """Show the rules in force on a date, or work out a remedy's deadline from a date.

    The date travels only in this POST body and the page it returns; it is not stored."""
    regime = list_at(list_id)
    form = RulesDateForm(request.form, today=date.today())
    wants_deadline = form.action.data == "deadline"
    remedy_id = form.remedy.data
    if wants_deadline and remedy_id not in regime.remedies:
        abort(400)
    if not form.validate() or form.when.when is None:
        if wants_deadline:
            result = DeadlineResult(remedy_id, None, form.error(), form.when.data)
            return _render(list_id, date.today(), result, status=400)
        return _render(list_id, date.today(), on_form=form, status=400)
    day = form.when.when
    if wants_deadline:
        remedy = content().catalogue.remedy(remedy_id)
        return _render(list_id, day, DeadlineResult(remedy_id, _filing_deadline(remedy, day), None, form.when.data))
    return _render(list_id, day)


@bp.post("/rules/<list_id>/reminder")
def download_reminder(list_id: str) -> Response:
    """The computed deadline as a calendar file (reminder.ics).

    Phone calendars copy events to online accounts, so by default the event says nothing about the
    legal matter or this service: a name the person picked from neutral ones, a random UID, and no
    description unless the person asked for it."""
    regime = list_at(list_id)
    form = RulesDateForm(request.form, today=date.today())
    remedy_id = form.remedy.data
    name = request.form.get("name", DEFAULT_REMINDER_NAME)
    if remedy_id not in regime.remedies or name not in REMINDER_NAMES or not form.validate() or form.when.when is None:
        abort(400)
    start = form.when.when
    remedy = content().catalogue.remedy(remedy_id)
    deadline = _filing_deadline(remedy, start)
    if deadline is None:
        abort(400)
    description = ""
    if request.form.get("details") == "yes":
        runs_from = remedy.filing_deadline.runs_from if remedy.filing_deadline else None
        description = gettext(
            "Deadline to act, counted from %(start)s (%(event)s). This is an estimate: "
            "check it with the authority and act early.",
            start=start.isoformat(),
            event="" if runs_from is None else content_text(content().labels.runs_from[runs_from]),
        )
    data = deadline_to_ics(
        deadline,
        summary=str(REMINDER_NAMES[name]),
        description=description,
        # Random: an id built from the dates or the remedy would be kept by the calendar service.
        uid=str(uuid.uuid4()),
        stamp=datetime.now(UTC),
    )
    response = Response(data, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'attachment; filename="reminder.ics"'
    return response
