"""The path through the questions as a pure function of the answers.

Nothing here reads the clock, the request or the session: the web layer passes ``today`` and the
answers in, and gets new answers and the next step back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from clinic.flow.conditions import evaluate
from clinic.flow.dates import is_date_answer, order_problem
from clinic.flow.model import END, Flow, Question
from clinic.flow.problems import AnswerError

__all__ = [
    "AnswerError",
    "Journey",
    "dropped_answers",
    "find_answer_problems",
    "parse_answer",
    "plan_journey",
    "previous_question",
    "prune_answers",
    "record_answer",
]

Answer = "str | list[str]"
Answers = Mapping[str, "str | list[str]"]

MAX_SELECTED = 30


@dataclass(frozen=True)
class Journey:
    """Where the person is: the questions on their path, the one to answer next, the kept answers."""

    path: tuple[str, ...]
    current: str | None
    answers: Mapping[str, str | list[str]]

    @property
    def complete(self) -> bool:
        """True when every question on the path is answered."""
        return self.current is None


def _answer_is_valid(question: Question, answer: object, earlier: Answers | None = None) -> bool:
    """Whether a stored answer fits its question (and, for a date, the earlier answers it is
    checked against): a tampered, stale or contradictory answer is dropped, never used."""
    if question.type == "date":
        return is_date_answer(answer) and order_problem(question, answer, earlier or {}) is None
    if question.type == "multiple":
        return (
            isinstance(answer, list)
            and 0 < len(answer) <= MAX_SELECTED
            and len(set(answer)) == len(answer)
            and all(isinstance(a, str) and a in question.choice_ids() for a in answer)
            and not _exclusive_with_others(question, answer)
        )
    return isinstance(answer, str) and answer in question.choice_ids()


def _exclusive_with_others(question: Question, chosen: Sequence[str]) -> bool:
    """A "none of these" choice ticked together with another choice: a contradiction."""
    return len(chosen) > 1 and any(c in question.exclusive_ids() for c in chosen)


def _next(flow: Flow, question: Question, answers: Answers) -> str:
    for route in question.routes:
        if route.when is None or evaluate(route.when, answers):
            return route.goto
    return END  # unreachable for checked flows: the last route has no condition


def plan_journey(flow: Flow, answers: Answers) -> Journey:
    """Walk the flow from its start with these answers; invalid or off-path answers are dropped."""
    kept: dict[str, str | list[str]] = {}
    path: list[str] = []
    qid = flow.start
    while qid != END and qid not in path:
        question = flow.question(qid)
        path.append(qid)
        answer = answers.get(qid)
        if answer is None or not _answer_is_valid(question, answer, kept):
            return Journey(path=tuple(path), current=qid, answers=kept)
        kept[qid] = list(answer) if isinstance(answer, list) else answer
        qid = _next(flow, question, kept)
    return Journey(path=tuple(path), current=None, answers=kept)


def prune_answers(flow: Flow, answers: Answers) -> dict[str, str | list[str]]:
    """Keep only the valid answers that lie on the path those answers make."""
    return dict(plan_journey(flow, answers).answers)


def record_answer(flow: Flow, answers: Answers, question_id: str, answer: str | list[str]) -> Journey:
    """Set one answer and return the new journey (later answers off the new path are pruned).

    Raises AnswerError("not-on-path") for a question the person cannot reach with these answers.
    """
    if question_id not in plan_journey(flow, answers).path:
        raise AnswerError("not-on-path")
    updated = dict(answers)
    updated[question_id] = answer
    return plan_journey(flow, updated)


def dropped_answers(before: Answers, after: Answers) -> list[str]:
    """The questions answered before a change whose answers the change removed (in their order)."""
    return [qid for qid in before if qid not in after]


def previous_question(flow: Flow, answers: Answers, question_id: str) -> str | None:
    """The question before ``question_id`` on the path, or None for the first one."""
    path = plan_journey(flow, answers).path
    if question_id not in path:
        return None
    index = path.index(question_id)
    return path[index - 1] if index > 0 else None


def parse_answer(question: Question, chosen: Sequence[str]) -> str | list[str]:
    """Turn the submitted choice values into an answer, or raise AnswerError with a problem code.

    ``chosen`` holds the submitted values of the question's one input, in the order sent. Codes:
    choose-one (a single question), choose-some (a multiple question), none-with-others ("none of
    these" ticked with another choice). The web layer's question form calls this as its validator,
    so the rules live here once and stay testable without Flask. Date questions are parsed by
    ``clinic.flow.dates.parse_date_answer``.
    """
    picked = [v for v in chosen if v]
    if question.type == "multiple":
        unique = list(dict.fromkeys(picked))
        if not unique or len(unique) > MAX_SELECTED or any(c not in question.choice_ids() for c in unique):
            raise AnswerError("choose-some")
        if _exclusive_with_others(question, unique):
            raise AnswerError("none-with-others")
        order = question.choice_ids()
        return sorted(unique, key=order.index)
    if len(picked) != 1 or picked[0] not in question.choice_ids():
        raise AnswerError("choose-one")
    return picked[0]


def find_answer_problems(flow: Flow, answers: object) -> list[str]:
    """Describe what is wrong with stored answers (unknown ids, wrong shapes); empty when fine.

    Used to tell a stale or tampered state apart from one that can simply be resumed.
    """
    if not isinstance(answers, Mapping):
        return ["answers are not a mapping"]
    problems = []
    for qid, answer in answers.items():
        if not isinstance(qid, str) or qid not in flow.questions:
            problems.append("unknown question id")
        elif not _answer_is_valid(flow.question(qid), answer):
            problems.append(f"{qid}: answer not allowed")
    return problems
