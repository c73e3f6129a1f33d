"""The letter-form data the answers imply (pure): applicant kind, dates, grounds and choices.

Read only from the answers (the state cookie on the web side), never from a URL. The result is in
the letter form's own shape: ``kind`` a list, each date field a mapping of year/month/day,
``grounds`` a list of ground ids, and each choice the answers decide a one-item list of its option
id; the caller drops what its letter does not have.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from clinic.eligibility.evaluate import Answers, answered_date
from clinic.eligibility.model import Prefill
from clinic.eligibility.parse import Book
from clinic.flow.conditions import evaluate

#: When a remedy names no kind rule: an organisation when the person said they act for one.
_ORGANISATION = {"any": [{"is": ["role", "organisation"]}, {"is": ["who", "my-company"]}]}


def prefill_data(rules: Prefill | None, answers: Answers) -> dict[str, Any]:
    """The form data for the letter of a remedy with these prefill rules."""
    rules = rules or Prefill()
    data: dict[str, Any] = {}
    kind = next((k.value for k in rules.kind if evaluate(k.when, answers)), None)
    if kind is None:
        kind = "organisation" if evaluate(_ORGANISATION, answers) else "person"
    data["kind"] = [kind]
    for field_id, question in rules.dates.items():
        day = answered_date(answers, question)
        if day is not None:
            data[field_id] = {"year": str(day.year), "month": str(day.month), "day": str(day.day)}
    data["grounds"] = list(dict.fromkeys(g.ground for g in rules.grounds if evaluate(g.when, answers)))
    for rule in rules.choices:
        if rule.choice not in data and evaluate(rule.when, answers):
            data[rule.choice] = [rule.option]
    return data


def unanswered_filings(book: Book, remedy_ids: Iterable[str], answers: Answers) -> list[str]:
    """Which of these remedies the person says they filed and got no answer to (the journey's
    "already tried" answer matched to each remedy's ``tried_as``), in the order given."""
    if answers.get("tried-outcome") != "no-answer":
        return []
    tried = answers.get("already-tried")
    found = [book.eligibility.get(remedy) for remedy in remedy_ids]
    return [rules.remedy for rules in found if rules is not None and rules.tried_as and rules.tried_as == tried]
