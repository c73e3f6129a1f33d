"""A summary to take to a lawyer or legal-aid worker: the answers given, the lists they point to and
the filing recommended with its deadline, as a printable page and as a PDF.

It holds only what the state cookie holds (question and choice ids, dates): no names, no numbers,
nothing typed. The result comes from the same ranking and ``clinic.eligibility`` plan as the result
page (through ``result_context``), so the two can never disagree."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, redirect, render_template, url_for
from flask_babel import format_date, gettext
from werkzeug.wrappers import Response as BaseResponse

from clinic import services, state
from clinic.flow import plan_journey
from clinic.flow.model import Question
from clinic.flow.results import rank_candidates
from clinic.letters.render import RenderError
from clinic.web.context import content, content_text
from clinic.web.guards import uses_journey_state
from clinic.web.letters import renderer
from clinic.web.result import result_context

bp = Blueprint("summary", __name__)
PDF_NAME = "summary.pdf"


def answer_texts(question: Question, answer: str | list[str]) -> list[str]:
    """An answer in the reader's words: the chosen labels, or a date in the locale's format
    ("unknown" when the person did not know it)."""
    values = answer if isinstance(answer, list) else [answer]
    texts = []
    for value in values:
        choice = question.choice(value)
        if choice is not None:
            texts.append(content_text(choice.label))
        elif value == "unknown":
            texts.append(gettext("Not known"))
        else:
            try:
                texts.append(str(format_date(date.fromisoformat(value), format="long")))
            except ValueError:
                texts.append(value)  # pragma: no cover - the engine keeps only valid answers
    return texts


def summary_context() -> dict[str, Any] | None:
    """What the summary prints, or None while questions are still unanswered."""
    bundle = content()
    journey = plan_journey(bundle.flow, state.get_answers())
    if not journey.complete:
        return None
    today = date.today()
    ranked = rank_candidates(bundle.flow, journey.answers)
    rows = [
        (bundle.flow.question(qid), answer_texts(bundle.flow.question(qid), journey.answers[qid]))
        for qid in journey.path
    ]
    return {
        "rows": rows,
        "candidates": [{"candidate": c, "regime": bundle.catalogue.list(c.id)} for c in ranked],
        "plan": result_context(bundle, ranked, journey.answers, today) if ranked else {},
        "made_on": today,
        "version": bundle.version,
    }


@bp.get("/summary")
@uses_journey_state
def show_summary() -> BaseResponse | str:
    """The summary as a page that prints cleanly."""
    found = summary_context()
    if found is None:
        return redirect(url_for("flow.begin"), code=303)
    return render_template("pages/summary.html", **found)


@bp.get("/summary/pdf")
@uses_journey_state
def download_summary() -> BaseResponse:
    """The same summary as a PDF, rendered in memory like the letters; nothing is kept."""
    found = summary_context()
    if found is None:
        return redirect(url_for("flow.begin"), code=303)
    html = render_template("pages/summary_pdf.html", **found)
    try:
        pdf = renderer().render(html)
    except RenderError as problem:
        # The summary is short and holds nothing typed, so any failure is a busy moment: try again.
        if problem.code == "busy":
            services.current().metrics.count_busy()
        page = render_template("errors/error.html", code=503)
        return Response(page, status=503, headers={"Retry-After": "10"}, mimetype="text/html")
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{PDF_NAME}"'
    return response
