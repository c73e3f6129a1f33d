"""The path through the questions as a pure function of the answers.

Nothing here reads the clock, the request or the session: the web layer passes ``today`` and the
answers in, and gets new answers and the next step back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from clinic.flow.conditions import evaluate
from clinic.flow.model import END, Flow, Question

Answer = "str | list[str]"
Answers = Mapping[str, "str | list[str]"]

MAX_SELECTED = 30


class AnswerError(ValueError):
    """An answer is not acceptable; ``code`` names the problem for a translated message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


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


def _answer_is_valid(question: Question, answer: object) -> bool:
    if question.type == "multiple":
        return (
            isinstance(answer, list)
            and 0 < len(answer) <= MAX_SELECTED
            and len(set(answer)) == len(answer)
            and all(isinstance(a, str) and a in question.choice_ids() for a in answer)
        )
    if question.type == "date":
        if not isinstance(answer, str):
            return False
        try:
            date.fromisoformat(answer)
        except ValueError:
            return False
        return len(answer) == 10
    return isinstance(answer, str) and answer in question.choice_ids()


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
        if answer is None or not _answer_is_valid(question, answer):
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


def previous_question(flow: Flow, answers: Answers, question_id: str) -> str | None:
    """The question before ``question_id`` on the path, or None for the first one."""
    path = plan_journey(flow, answers).path
    if question_id not in path:
        return None
    index = path.index(question_id)
    return path[index - 1] if index > 0 else None


def parse_answer(question: Question, values: Mapping[str, Sequence[str]], today: date) -> str | list[str]:
    """Turn submitted form values into an answer, or raise AnswerError with a problem code.

    ``values`` maps form field names to the submitted strings: ``answer`` for choice questions,
    ``day``/``month``/``year`` for dates. Codes: choose-one, choose-some, date-missing,
    date-incomplete, date-invalid, date-future, date-too-early.
    """
    if question.type == "multiple":
        chosen = [v for v in values.get("answer", ()) if v]
        if not chosen:
            raise AnswerError("choose-some")
        unique = list(dict.fromkeys(chosen))
        if len(unique) > MAX_SELECTED or any(c not in question.choice_ids() for c in unique):
            raise AnswerError("choose-some")
        order = question.choice_ids()
        return sorted(unique, key=order.index)
    if question.type == "date":
        parts = [(values.get(name) or [""])[0].strip() for name in ("day", "month", "year")]
        if not any(parts):
            raise AnswerError("date-missing")
        if not all(parts):
            raise AnswerError("date-incomplete")
        if not all(p.isascii() and p.isdigit() and len(p) <= 4 for p in parts) or len(parts[2]) != 4:
            raise AnswerError("date-invalid")
        try:
            when = date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise AnswerError("date-invalid") from None
        if not question.allow_future and when > today:
            raise AnswerError("date-future")
        if question.earliest and when < date.fromisoformat(question.earliest):
            raise AnswerError("date-too-early")
        return when.isoformat()
    chosen_one = [v for v in values.get("answer", ()) if v]
    if len(chosen_one) != 1 or chosen_one[0] not in question.choice_ids():
        raise AnswerError("choose-one")
    return chosen_one[0]


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
