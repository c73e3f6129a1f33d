"""Date answers: what a person types into a date question, checked and stored as "YYYY-MM-DD" or
"unknown" (pure: "today" is passed in, the clock is never read).

A date question asks for the day of an event that has already happened (a decision, its service,
a publication, a refusal), so a date after today is refused. A question may also name another date
question it cannot come before (``not_before`` in flow.yaml: a decision is received on or after the
day it is made); ``order_problem`` checks that rule against the other answers, so the rule lives in
the content and is tested without Flask.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from clinic.flow.model import Question
from clinic.flow.problems import AnswerError

UNKNOWN = "unknown"
EARLIEST_YEAR = 1990
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Full-width digits (as typed with a Chinese input method) and the ideographic space.
_FULL_WIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"\u3000": " "})


def normalise_digits(text: str) -> str:
    """Full-width digits as ASCII digits, without surrounding spaces."""
    return text.translate(_FULL_WIDTH).strip()


def iso_date(value: object) -> date | None:
    """The date a stored answer holds, or None for "unknown" or anything that is not a real date."""
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def is_date_answer(value: object) -> bool:
    """Whether a stored answer is one a date question may hold: a real ISO date, or "unknown"."""
    return value == UNKNOWN or iso_date(value) is not None


def parse_date_answer(year: str, month: str, day: str, unknown: bool, today: date) -> str:
    """The answer for what was typed: "YYYY-MM-DD", or "unknown" when "I do not know" is ticked.

    Raises AnswerError with one of: date-or-unknown (a date typed and "I do not know" ticked),
    date-required, date-incomplete, date-invalid, date-too-early, date-future.
    """
    parts = [normalise_digits(p) for p in (year, month, day)]
    if unknown:
        if any(parts):
            raise AnswerError("date-or-unknown")
        return UNKNOWN
    if not any(parts):
        raise AnswerError("date-required")
    when = _typed_date(parts)
    if when > today:
        raise AnswerError("date-future")
    return when.isoformat()


def _typed_date(parts: list[str]) -> date:
    """The date three typed parts (year, month, day; already normalised) make, or AnswerError."""
    if not all(parts):
        raise AnswerError("date-incomplete")
    if not all(p.isascii() and p.isdigit() for p in parts) or len(parts[0]) != 4 or max(map(len, parts[1:])) > 2:
        raise AnswerError("date-invalid")
    try:
        when = date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise AnswerError("date-invalid") from None
    if when.year < EARLIEST_YEAR:
        raise AnswerError("date-too-early")
    return when


def order_problem(question: Question, value: object, answers: Mapping[str, object]) -> str | None:
    """ "date-before-decision" when this date comes before the date question it may not precede."""
    if question.not_before is None:
        return None
    mine, other = iso_date(value), iso_date(answers.get(question.not_before))
    if mine is not None and other is not None and mine < other:
        return "date-before-decision"
    return None
