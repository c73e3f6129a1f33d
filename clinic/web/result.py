"""The result page's "What to do now": the filings to make, each with its deadline from the
person's own dates, the article, the calendar strip and the button to its letter. The decisions
are the pure ``clinic.eligibility``; this module only shapes them for the template."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import format_date, get_locale

from clinic.bundle import Content
from clinic.deadlines import Deadline, HolidayCalendar
from clinic.deadlines.strip import calendar_strip as strip_from
from clinic.eligibility import Plan, TellApart, Verdict, plan, tell_apart_for
from clinic.eligibility.evaluate import Answers
from clinic.flow.results import Candidate
from clinic.letters.followup import chasing_letter
from clinic.web.wording import basis_rows, describe_period


def full_date(day: date) -> str:
    """'Thursday, 8 October 2026' in the locale's own full format, through Babel."""
    return str(format_date(day, format="full"))


def calendar_strip(today: date, deadline: Deadline, calendar: HolidayCalendar) -> dict[str, Any]:
    """The strip from today to the deadline, in the page's language."""
    return strip_from(today, deadline, calendar, str(get_locale()))


def _step(bundle: Content, verdict: Verdict, today: date) -> dict[str, Any]:
    remedy = bundle.catalogue.remedy(verdict.remedy)
    letter = bundle.letters.letters.get(remedy.letter) if remedy.letter else None
    deadline = verdict.deadline
    late_route = bundle.catalogue.remedy(verdict.late_route) if verdict.late_route else None
    return {
        "verdict": verdict,
        "remedy": remedy,
        "letter": letter,
        "basis": basis_rows(bundle.catalogue, (verdict.basis,), today),
        "due_text": full_date(deadline.due) if deadline else None,
        "safe_text": full_date(deadline.safe_date) if deadline and deadline.safe_date else None,
        "opens_text": full_date(verdict.opens.due) if verdict.opens else None,
        "period_text": describe_period(deadline.period) if deadline else None,
        "strip": calendar_strip(today, deadline, bundle.calendar) if deadline else None,
        "late_route": late_route,
        "late_letter": bundle.letters.letters.get(late_route.letter) if late_route and late_route.letter else None,
    }


def planned_lists(bundle: Content, ranked: list[Candidate]) -> tuple[list[str], TellApart | None]:
    """The lists whose filings the page plans: the first, and the second when the two are a pair
    the page tells apart (with that pair)."""
    list_ids = [c.id for c in ranked[:1]]
    pair = tell_apart_for(bundle.tell_apart, ranked[0].id, ranked[1].id) if len(ranked) > 1 else None
    if pair is not None:
        list_ids.append(ranked[1].id)
    return list_ids, pair


def result_context(bundle: Content, ranked: list[Candidate], answers: Answers, today: date) -> dict[str, Any]:
    """What the result template needs besides the ranked lists."""
    list_ids, pair = planned_lists(bundle, ranked)
    found: Plan = plan(bundle.eligibility, bundle.catalogue, list_ids, answers, today, bundle.calendar)
    follow_ups = [
        {
            "follow": f,
            "remedy": bundle.catalogue.remedy(f.remedy),
            "due_text": full_date(f.response_due) if f.response_due else None,
            "letter": chasing_letter(bundle.letters, f.remedy) if f.kind == "chase" else None,
        }
        for f in found.follow_ups
    ]
    return {
        "now": [_step(bundle, v, today) for v in found.now],
        "later": [_step(bundle, v, today) for v in found.later],
        "late": [_step(bundle, v, today) for v in found.late],
        "not_for_you": [_step(bundle, v, today) for v in found.not_for_you],
        "if_needed": [_step(bundle, v, today) for v in found.if_needed],
        "follow_ups": follow_ups,
        "tell_apart": pair,
        "pair_names": [bundle.catalogue.list(i) for i in list_ids] if pair else [],
    }
