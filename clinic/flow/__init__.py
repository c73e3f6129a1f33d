"""The journey engine: questions, choices and branching declared as data (pure, no Flask).

``load_flow`` reads and checks ``flow.yaml``; ``conditions`` evaluates the small condition
vocabulary; ``engine`` computes the path through the questions as a pure function of the answers.
"""

from clinic.flow.conditions import ConditionError, evaluate, referenced_questions
from clinic.flow.engine import (
    AnswerError,
    Journey,
    find_answer_problems,
    parse_answer,
    plan_journey,
    previous_question,
    prune_answers,
    record_answer,
)
from clinic.flow.model import Choice, Flow, FlowError, Question, Route, load_flow

__all__ = [
    "AnswerError",
    "Choice",
    "ConditionError",
    "Flow",
    "FlowError",
    "Journey",
    "Question",
    "Route",
    "evaluate",
    "find_answer_problems",
    "load_flow",
    "parse_answer",
    "plan_journey",
    "previous_question",
    "prune_answers",
    "record_answer",
    "referenced_questions",
]

from clinic.flow.results import Candidate, rank_candidates  # noqa: E402

__all__ += ["Candidate", "rank_candidates"]
