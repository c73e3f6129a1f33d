"""From the lists that fit to the filings to make now, in order (pure).

Every remedy of the lists is assessed; the open ones are what to do now, a remedy that follows a
refusal first, then those with a deadline, soonest first, then those without one in the list's
order. Not-yet, late, not-for-you and if-needed verdicts are kept so the page can say why; a
route offered only as a late route (asking for more time) is never assessed on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from clinic.catalogue.model import Catalogue
from clinic.deadlines import HolidayCalendar
from clinic.eligibility.evaluate import Answers, assess, follow_up
from clinic.eligibility.model import Eligibility, FollowUp, Verdict
from clinic.eligibility.parse import Book
from clinic.flow.conditions import evaluate


@dataclass(frozen=True)
class Plan:
    """The verdicts by kind, each tuple in display order."""

    now: tuple[Verdict, ...]
    later: tuple[Verdict, ...]
    late: tuple[Verdict, ...]
    not_for_you: tuple[Verdict, ...]
    if_needed: tuple[Verdict, ...]
    follow_ups: tuple[FollowUp, ...]


def _rules(book: Book, catalogue: Catalogue, remedy_id: str) -> Eligibility:
    """The remedy's rules; one without a block is open, resting on its first cited article."""
    found = book.eligibility.get(remedy_id)
    return found or Eligibility(remedy=remedy_id, basis=catalogue.remedy(remedy_id).legal_basis[0])


def plan(
    book: Book,
    catalogue: Catalogue,
    list_ids: Iterable[str],
    answers: Answers,
    today: dt.date,
    calendar: HolidayCalendar,
) -> Plan:
    """Assess every remedy of the lists (and any remedy that follows a refusal) for today."""
    lists = list(list_ids)
    remedy_ids = list(dict.fromkeys(r for list_id in lists for r in catalogue.list(list_id).remedies))
    follow_ups: list[FollowUp] = []
    for remedy_id in remedy_ids:
        found = follow_up(
            _rules(book, catalogue, remedy_id), catalogue.remedy(remedy_id).next_if_refused, answers, today, calendar
        )
        if found is not None:
            follow_ups.append(found)
    first = [f.next_remedy for f in follow_ups if f.next_remedy]
    ordered = list(dict.fromkeys([*first, *remedy_ids]))
    # A filing already made and still waiting for its answer is not made again.
    waiting = {f.remedy for f in follow_ups if f.kind in ("wait", "chase", "refused")}
    assessed = [_rules(book, catalogue, rid) for rid in ordered if rid not in waiting]
    verdicts = [assess(rules, answers, today, calendar) for rules in assessed if not rules.late_route_only]
    opened = [v for v in verdicts if v.status == "open"]
    rank = {rid: index for index, rid in enumerate(ordered)}
    # The list ranked first leads: a filing the facts point to on the second list (shown only when
    # the page tells the two lists apart) comes after the first list's filings.
    list_of = {rid: next(i for i, lid in enumerate(lists) if rid in catalogue.list(lid).remedies) for rid in remedy_ids}
    pointed = {r.remedy for r in assessed if r.first_when is not None and evaluate(r.first_when, answers)}
    now = sorted(
        opened,
        key=lambda v: (
            v.remedy not in first,
            list_of.get(v.remedy, 0),
            v.remedy not in pointed,
            v.due is None,
            v.due or today,
            rank[v.remedy],
        ),
    )
    return Plan(
        now=tuple(now),
        later=tuple(v for v in verdicts if v.status == "not-yet"),
        late=tuple(v for v in verdicts if v.status == "late"),
        not_for_you=tuple(v for v in verdicts if v.status == "not-for-you"),
        if_needed=tuple(v for v in verdicts if v.status == "if-needed"),
        follow_ups=tuple(follow_ups),
    )
