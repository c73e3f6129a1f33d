"""The rules pages: for every list, what it is, the legal basis in force on a date, grounds,
consequences, duration, how to confirm, and every route off it with its deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext

from clinic.catalogue.model import ListRegime, Remedy
from clinic.deadlines import Deadline, compute_deadline, deadline_to_ics
from clinic.letters.validators import FieldError, check_date_parts
from clinic.web.context import content, content_text
from clinic.web.messages import DATE_ERRORS
from clinic.web.wording import basis_rows, describe_period

bp = Blueprint("rules", __name__)


@dataclass(frozen=True)
class DeadlineResult:
    """A computed deadline for one remedy, or the error that stopped it."""

    remedy_id: str
    deadline: Deadline | None
    error: str | None
    values: dict[str, str]


def list_at(number: int) -> ListRegime:
    """The list shown at /rules/<number> (1-based, in the catalogue's display order)."""
    lists = content().catalogue.lists
    if not 1 <= number <= len(lists):
        abort(404)
    return lists[number - 1]


def list_number(list_id: str) -> int:
    """The neutral number used in the URL of a list's rules page."""
    ids = [regime.id for regime in content().catalogue.lists]
    return ids.index(list_id) + 1


def _date_values() -> dict[str, str]:
    return {name: request.form.get(name, "")[:10] for name in ("year", "month", "day")}


def _remedy_view(remedy: Remedy, on: date) -> dict[str, object]:
    catalogue = content().catalogue
    return {
        "remedy": remedy,
        "basis": basis_rows(catalogue, remedy.legal_basis, on),
        "deadline_text": describe_period(remedy.filing_deadline.period) if remedy.filing_deadline else None,
        "response_text": describe_period(remedy.response_time.period) if remedy.response_time else None,
        "next": catalogue.remedy(remedy.next_if_refused) if remedy.next_if_refused else None,
        # Some remedies name a letter this service does not write yet; they get no link.
        "letter": content().letters.letters.get(remedy.letter) if remedy.letter else None,
    }


def _render(
    number: int, on: date, result: DeadlineResult | None = None, on_error: str | None = None, status: int = 200
) -> tuple[str, int]:
    regime = list_at(number)
    catalogue = content().catalogue
    remedies = [_remedy_view(catalogue.remedy(rid), on) for rid in regime.remedies]
    return render_template(
        "rules/list.html",
        regime=regime,
        number=number,
        remedies=remedies,
        on=on,
        basis=basis_rows(catalogue, regime.legal_basis, on),
        result=result,
        on_error=on_error,
        today=date.today(),
        on_values=_date_values() if on_error else {},
    ), status


@bp.get("/rules")
def show_index() -> str:
    """Every list, with a link to its rules page."""
    return render_template("rules/index.html", lists=content().catalogue.lists)


@bp.get("/rules/<int:number>")
def show_list(number: int) -> tuple[str, int]:
    """The rules page, with the legal basis in force today."""
    return _render(number, date.today())


def _filing_deadline(remedy: Remedy, start: date) -> Deadline | None:
    rule = remedy.filing_deadline
    if rule is None:
        return None
    return compute_deadline(start, rule.period, content().calendar)


@bp.post("/rules/<int:number>")
def calculate(number: int) -> tuple[str, int]:
    """Show the rules in force on a date, or work out a remedy's deadline from a date.

    The date travels only in this POST body and the page it returns; it is not stored."""
    regime = list_at(number)
    values = _date_values()
    wants_deadline = request.form.get("action") == "deadline"
    remedy_id = request.form.get("remedy", "")
    if wants_deadline and remedy_id not in regime.remedies:
        abort(400)
    try:
        day = check_date_parts(
            values["year"], values["month"], values["day"], date.today(), allow_future=not wants_deadline
        )
    except FieldError as problem:
        error = str(DATE_ERRORS.get(problem.code, DATE_ERRORS["date-invalid"]))
        if wants_deadline:
            return _render(number, date.today(), DeadlineResult(remedy_id, None, error, values), status=400)
        return _render(number, date.today(), on_error=error, status=400)
    if wants_deadline:
        remedy = content().catalogue.remedy(remedy_id)
        return _render(number, day, DeadlineResult(remedy_id, _filing_deadline(remedy, day), None, values))
    return _render(number, day)


@bp.post("/rules/<int:number>/reminder")
def download_reminder(number: int) -> Response:
    """The computed deadline as a calendar file (reminder.ics)."""
    regime = list_at(number)
    remedy_id = request.form.get("remedy", "")
    if remedy_id not in regime.remedies:
        abort(400)
    values = _date_values()
    try:
        start = check_date_parts(values["year"], values["month"], values["day"], date.today())
    except FieldError:
        abort(400)
    remedy = content().catalogue.remedy(remedy_id)
    deadline = _filing_deadline(remedy, start)
    if deadline is None:
        abort(400)
    runs_from = remedy.filing_deadline.runs_from if remedy.filing_deadline else None
    description = gettext(
        "Deadline to act, counted from %(start)s (%(event)s). This is an estimate: "
        "check it with the authority and act early.",
        start=start.isoformat(),
        event="" if runs_from is None else content_text(content().labels.runs_from[runs_from]),
    )
    data = deadline_to_ics(
        deadline,
        summary=gettext("Deadline"),
        description=description,
        uid=f"deadline-{deadline.due.isoformat()}-{number}@clinic.invalid",
        stamp=datetime.now(UTC),
    )
    response = Response(data, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'attachment; filename="reminder.ics"'
    return response
