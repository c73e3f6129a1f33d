"""Where a person is in the questions: "Question 3 of about 5" (pure, no Flask).

The number is the question's place on the person's own path. The total is an estimate, said as
"about": the questions already on the path (answers decide where it goes), plus the longest way
on from the first unanswered question. Taking the longest way means the estimate only shrinks as
the person answers, which is less discouraging than a count that grows.
"""

from __future__ import annotations

from dataclasses import dataclass

from clinic.flow.engine import Answers, plan_journey
from clinic.flow.model import END, Flow


@dataclass(frozen=True)
class Progress:
    """The question's number on the path and the estimated number of questions in all."""

    number: int
    total: int


def longest_from(flow: Flow, question_id: str) -> int:
    """How many questions the longest way from ``question_id`` (counted) to the end asks."""
    known: dict[str, int] = {}
    open_: set[str] = set()

    def walk(qid: str) -> int:
        # ``open_`` stops a loop in the routes (a checked flow has none) from recursing forever.
        if qid == END or qid in open_:
            return 0
        if qid not in known:
            open_.add(qid)
            known[qid] = 1 + max((walk(route.goto) for route in flow.question(qid).routes), default=0)
            open_.discard(qid)
        return known[qid]

    return walk(question_id)


def question_progress(flow: Flow, answers: Answers, question_id: str) -> Progress | None:
    """The progress on this question page, or None when the question is not on the person's path."""
    journey = plan_journey(flow, answers)
    if question_id not in journey.path:
        return None
    number = journey.path.index(question_id) + 1
    total = len(journey.path)
    if journey.current is not None:
        # The current question is the path's last one; the longest way on counts it again.
        total += longest_from(flow, journey.current) - 1
    return Progress(number=number, total=max(total, number))
