"""Evaluating one remedy's rules against the answers on a given day (pure: today is a parameter).

The order of the checks is the order a lawyer would ask: may this person file at all (who, then
what must be true), has the waiting period passed, is the filing period still running. Dates the
person could not give ("unknown") never become a guessed date: the verdict says which event to
count from instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from clinic.deadlines import HolidayCalendar, compute_deadline
from clinic.eligibility.model import Eligibility, FollowUp, Verdict
from clinic.flow.conditions import evaluate

Answers = Mapping[str, "str | list[str]"]

#: The tried-outcome answers that mean the filing was turned down (in whole or in part).
REFUSED = frozenset({"refused", "partly"})


def answered_date(answers: Answers, question: str) -> dt.date | None:
    """The date a date question holds, or None when it was not asked, not known or not a date."""
    value = answers.get(question)
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None  # "unknown", the "I do not know" answer


def earliest_event(answers: Answers, events: Iterable[str]) -> dt.date | None:
    """The earliest known date among the events: a period counted from when the person knew or
    should have known starts at the first of them, so the earliest is the safe one."""
    known = [day for day in (answered_date(answers, event) for event in events) if day is not None]
    return min(known) if known else None


def latest_event(answers: Answers, events: Iterable[str]) -> dt.date | None:
    """The latest known date among the events: a waiting period counted from the last of them
    never opens too early."""
    known = [day for day in (answered_date(answers, event) for event in events) if day is not None]
    return max(known) if known else None


def _excluded(rules: Eligibility, answers: Answers) -> Verdict | None:
    """not-for-you with the first unmet requirement's reason (who may file comes first), or None."""
    for requirement in (*((rules.who,) if rules.who else ()), *rules.requires):
        if not evaluate(requirement.when, answers):
            return Verdict(rules.remedy, "not-for-you", requirement.basis, reason=requirement.reason)
    return None


def _waiting(rules: Eligibility, answers: Answers, today: dt.date, calendar: HolidayCalendar) -> Verdict | None:
    """not-yet while the waiting period that applies runs (or when its start is unknown), or None."""
    waiting = next((w for w in rules.waiting if w.when is None or evaluate(w.when, answers)), None)
    if waiting is None:
        return None
    start = latest_event(answers, waiting.events)
    if start is None:
        # Without the date nobody can say when it opens: say what to count from.
        return Verdict(rules.remedy, "not-yet", waiting.basis, unknown_event=waiting.events[0])
    opens = compute_deadline(start, waiting.period, calendar)
    return Verdict(rules.remedy, "not-yet", waiting.basis, opens=opens) if today < opens.due else None


def assess(rules: Eligibility, answers: Answers, today: dt.date, calendar: HolidayCalendar) -> Verdict:
    """The verdict for one remedy today: open, not-yet, late, not-for-you or if-needed, citing its
    article."""
    early = _excluded(rules, answers) or _waiting(rules, answers, today, calendar)
    if early is not None:
        return early
    if rules.when_needed is not None and not (rules.needed_when is not None and evaluate(rules.needed_when, answers)):
        # Open, but only worth filing when the need arises: "the filing to make now" only once
        # the answers say it has.
        return Verdict(rules.remedy, "if-needed", rules.basis, reason=rules.when_needed)
    if rules.deadline is None:
        return Verdict(rules.remedy, "open", rules.basis)
    start = earliest_event(answers, rules.deadline.events)
    if start is None:
        return Verdict(rules.remedy, "open", rules.deadline.basis, unknown_event=rules.deadline.events[0])
    deadline = compute_deadline(start, rules.deadline.period, calendar)
    if today <= deadline.due:
        return Verdict(
            rules.remedy, "open", rules.deadline.basis, deadline=deadline, days_left=(deadline.due - today).days
        )
    late = rules.late
    return Verdict(
        rules.remedy,
        "late",
        late.basis if late else rules.deadline.basis,
        deadline=deadline,
        late_route=late.route if late else None,
    )


def follow_up(
    rules: Eligibility, next_if_refused: str | None, answers: Answers, today: dt.date, calendar: HolidayCalendar
) -> FollowUp | None:
    """What follows a filing the person already made of this remedy, or None if they did not.

    Refused (or partly): the next remedy. No answer: past the response time, a note to chase; within
    it, wait until its end. Still within the time: wait.
    """
    if rules.tried_as is None or answers.get("already-tried") != rules.tried_as:
        return None
    outcome = answers.get("tried-outcome")
    if outcome in REFUSED:
        return FollowUp(rules.remedy, "refused", rules.basis, next_remedy=next_if_refused)
    if rules.response is None:
        return FollowUp(rules.remedy, "unknown", rules.basis)
    filed = answered_date(answers, "tried-date")
    if filed is None:
        return FollowUp(rules.remedy, "unknown", rules.response.basis)
    due = compute_deadline(filed, rules.response.period, calendar).due
    if outcome == "no-answer" and today > due:
        return FollowUp(rules.remedy, "chase", rules.response.basis, response_due=due)
    return FollowUp(rules.remedy, "wait", rules.response.basis, response_due=due)
