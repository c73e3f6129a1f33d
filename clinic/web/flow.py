"""The guided questions: one per page, Back, Check your answers, Start again, the outcome."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import format_date
from werkzeug.wrappers import Response as BaseResponse

from clinic import state
from clinic.flow import AnswerError, Journey, plan_journey, previous_question, record_answer
from clinic.flow.dates import iso_date
from clinic.flow.engine import dropped_answers
from clinic.flow.model import Question
from clinic.flow.progress import question_progress
from clinic.flow.results import rank_candidates
from clinic.web import draft
from clinic.web.context import content, content_text
from clinic.web.forms import QuestionForm, error_summary, question_form, question_form_data
from clinic.web.guards import uses_journey_state
from clinic.web.messages import ANSWER_ERRORS
from clinic.web.result import result_context

bp = Blueprint("flow", __name__)


def _journey() -> Journey:
    return plan_journey(content().flow, state.get_answers())


def _next_url(journey: Journey, *, changed: bool = False) -> str:
    """Where the person goes next; ``changed`` adds a flag (no answer in it) so that the next page
    can say that answers which no longer applied were removed."""
    flag: dict[str, Any] = {"changed": "1"} if changed else {}
    if journey.current is None:
        return url_for("flow.check_answers", **flag)
    return url_for("flow.show_question", question_id=journey.current, **flag)


def _answers_changed() -> bool:
    """Whether this page follows a change that removed later answers (see ``_next_url``)."""
    return request.args.get("changed") == "1"


@bp.get("/begin")
@uses_journey_state
def begin() -> BaseResponse:
    """Go to the first unanswered question (or Check your answers when all are answered)."""
    return redirect(_next_url(_journey()), code=303)


def _render_question(
    question_id: str, journey: Journey, form: QuestionForm | None = None, status: int = 200
) -> tuple[str, int]:
    """The question page, with the form as posted (after a problem) or filled from the stored answer."""
    flow = content().flow
    question = flow.question(question_id)
    if form is None:
        form = question_form(question, content_text)(
            data=question_form_data(question, journey.answers.get(question_id))
        )
    back = previous_question(flow, journey.answers, question_id)
    back_url = url_for("flow.show_question", question_id=back) if back else url_for("pages.show_start")
    page = render_template(
        "flow/question.html",
        question=question,
        form=form,
        errors=error_summary(form),
        back_url=back_url,
        step=journey.path.index(question_id) + 1,
        progress=question_progress(flow, journey.answers, question_id),
        changed=_answers_changed() and status == 200,
    )
    return page, status


def _journey_at(question_id: str) -> Journey | BaseResponse:
    """The journey, if this question is on it; else a redirect to where the person is (404 if no such question)."""
    if question_id not in content().flow.questions:
        abort(404)
    journey = _journey()
    if question_id not in journey.path:
        return redirect(_next_url(journey), code=303)
    return journey


@bp.get("/q/<question_id>")
@uses_journey_state
def show_question(question_id: str) -> BaseResponse | tuple[str, int]:
    """One question. A question not on the person's path sends them to where they are."""
    journey = _journey_at(question_id)
    if not isinstance(journey, Journey):
        return journey
    return _render_question(question_id, journey)


@bp.post("/q/<question_id>")
@uses_journey_state
def save_answer(question_id: str) -> BaseResponse | tuple[str, int]:
    """Check and store one answer, then go on (POST-redirect-GET)."""
    journey = _journey_at(question_id)
    if not isinstance(journey, Journey):
        return journey
    flow = content().flow
    form = question_form(flow.question(question_id), content_text)(
        request.form, today=date.today(), earlier=journey.answers
    )
    if not form.validate():
        return _render_question(question_id, journey, form, status=400)
    try:
        updated = record_answer(flow, journey.answers, question_id, form.parsed())
    except AnswerError as problem:  # pragma: no cover - _journey_at already sent off-path questions away
        form.answer.errors = [ANSWER_ERRORS[problem.code]]
        return _render_question(question_id, journey, form, status=400)
    state.set_answers(updated.answers)
    return redirect(_next_url(updated, changed=bool(dropped_answers(journey.answers, updated.answers))), code=303)


@bp.get("/check")
@uses_journey_state
def check_answers() -> BaseResponse | str:
    """Check your answers, with a Change link for each."""
    journey = _journey()
    if not journey.complete:
        return redirect(_next_url(journey), code=303)
    flow = content().flow
    rows = [
        (flow.question(qid), journey.answers[qid], _shown_date(flow.question(qid), journey.answers[qid]))
        for qid in journey.path
    ]
    return render_template("flow/check.html", rows=rows, changed=_answers_changed())


def _shown_date(question: Question, answer: str | list[str]) -> str | None:
    """A date answer as the locale writes it ("27 March 2026", "2026年3月27日"); None for other
    questions and for "I do not know" (the template says that in words)."""
    when = iso_date(answer) if question.type == "date" else None
    return str(format_date(when, format="long")) if when else None


@bp.get("/result")
@uses_journey_state
def show_result() -> BaseResponse | str:
    """The outcome: the likely lists, best first, with the reasons drawn from the answers."""
    journey = _journey()
    if not journey.complete:
        return redirect(_next_url(journey), code=303)
    bundle = content()
    ranked = rank_candidates(bundle.flow, journey.answers)
    candidates = [{"candidate": c, "regime": bundle.catalogue.list(c.id)} for c in ranked]
    now = result_context(bundle, ranked, journey.answers, date.today()) if ranked else {}
    return render_template("flow/result.html", candidates=candidates, plan=now)


@bp.post("/restart")
def start_again() -> Response | str:
    """Start again, asking first: the Start again buttons post here and get a page that says what
    will be cleared, whose own button (confirm=yes) forgets the answers and the letter draft and
    goes back to the start page. No JavaScript is needed for the question."""
    if request.form.get("confirm") != "yes":
        return render_template("pages/restart.html", has_answers=bool(state.get_answers()))
    state.clear_answers()
    response: Response = redirect(url_for("pages.show_start"), code=303)  # type: ignore[assignment]
    draft.forget(response)
    return response
