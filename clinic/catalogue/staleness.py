"""What is due for re-checking, and how well the content is established as a whole.

Facts are re-checked against their sources from time to time, and instruments are checked for
amendments: ``find_stale`` lists the facts not checked within a given number of days,
``find_amendment_checks_due`` the instruments not checked for amendments (or whose check found a
newer text), and ``fact_counts`` counts every fact by verification level and by the day it was last
checked, so that a round of re-checking can say what it changed. Pure: ``today`` is always passed
in, never read from the clock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from clinic.catalogue.model import (
    AmendmentCheckDue,
    Catalogue,
    Instrument,
    ListRegime,
    Note,
    Remedy,
    StaleFact,
)

_Fact = tuple[str, str, str, date, str]
"""(kind, id, pointer, last_verified, verification): one dated fact for the staleness report."""


def _facts(catalogue: Catalogue) -> Iterator[_Fact]:
    """Yield (kind, id, pointer, last_verified, verification) for every fact in the catalogue."""
    for ins in catalogue.instruments:
        yield from _instrument_facts(ins)
    for regime in catalogue.lists:
        yield from _list_facts(regime)
    for remedy in catalogue.remedies:
        yield from _remedy_facts(remedy)


def _instrument_facts(ins: Instrument) -> Iterator[_Fact]:
    """An instrument's own facts, then each version's and each article's: every one is dated."""
    yield "instrument", ins.id, "", ins.last_verified, ins.verification
    yield from _note_facts("instrument", ins.id, ins.notes)
    for vi, version in enumerate(ins.versions):
        yield "instrument", ins.id, f"/versions/{vi}", version.last_verified, version.verification
        for key, article in version.articles.items():
            yield (
                "instrument",
                ins.id,
                f"/versions/{vi}/articles/{key}",
                article.last_verified,
                article.verification,
            )


def _list_facts(regime: ListRegime) -> Iterator[_Fact]:
    """A list's own facts, its duration and confirmation rules, and its notes."""
    yield "list", regime.id, "", regime.last_verified, regime.verification
    yield "list", regime.id, "/duration", regime.duration.last_verified, regime.duration.verification
    yield "list", regime.id, "/confirm", regime.confirm.last_verified, regime.confirm.verification
    yield from _note_facts("list", regime.id, regime.notes)


def _remedy_facts(remedy: Remedy) -> Iterator[_Fact]:
    """A remedy's own facts, its optional deadline rules, its earliest-filing rules and its notes."""
    yield "remedy", remedy.id, "", remedy.last_verified, remedy.verification
    for name, rule in (
        ("filing_deadline", remedy.filing_deadline),
        ("response_time", remedy.response_time),
    ):
        if rule is not None:
            yield "remedy", remedy.id, f"/{name}", rule.last_verified, rule.verification
    for index, earliest in enumerate(remedy.earliest_filing):
        yield "remedy", remedy.id, f"/earliest_filing/{index}", earliest.last_verified, earliest.verification
    yield from _note_facts("remedy", remedy.id, remedy.notes)


def _note_facts(kind: str, record_id: str, notes: tuple[Note, ...]) -> Iterator[_Fact]:
    for index, note in enumerate(notes):
        yield kind, record_id, f"/notes/{index}", note.last_verified, note.verification


def find_stale(catalogue: Catalogue, today: date, days: int) -> list[StaleFact]:
    """Return every fact last verified more than ``days`` days before ``today`` (oldest first).

    ``today`` is passed in: this function never reads the clock.
    """
    stale = [
        StaleFact(kind, record_id, pointer, verified, verification, (today - verified).days)
        for kind, record_id, pointer, verified, verification in _facts(catalogue)
        if (today - verified).days > days
    ]
    return sorted(stale, key=lambda s: (s.last_verified, s.record_kind, s.record_id, s.pointer))


def find_amendment_checks_due(catalogue: Catalogue, today: date, days: int) -> list[AmendmentCheckDue]:
    """Every instrument in force that was never checked for amendments, checked more than ``days``
    days before ``today``, or whose check found a newer text; never-checked first, then oldest
    first. A repealed instrument is not listed: it can no longer be amended."""
    due = []
    for ins in catalogue.instruments:
        if ins.repealed is not None and ins.repealed <= today:
            continue
        checked = ins.currency.checked
        age = None if checked is None else (today - checked).days
        if age is None or age > days or ins.currency.newer_known is not None:
            due.append(AmendmentCheckDue(ins.id, checked, age, ins.currency.newer_known))
    return sorted(due, key=lambda d: (d.checked is not None, d.checked or today, d.instrument))


@dataclass(frozen=True)
class FactCounts:
    """How many facts there are at each verification level and with each last-checked day."""

    total: int
    by_level: dict[str, int]
    by_last_checked: dict[date, int]


def fact_counts(catalogue: Catalogue) -> FactCounts:
    """Count every dated fact (the same facts ``find_stale`` looks at) by level and by day."""
    facts = list(_facts(catalogue))
    levels = Counter(verification for *_, verification in facts)
    days = Counter(verified for _, _, _, verified, _ in facts)
    return FactCounts(len(facts), dict(levels), dict(sorted(days.items())))


def describe_stale(fact: StaleFact, line: int) -> str:
    """One line of the staleness report: where to edit, which fact, when it was checked, its level."""
    return (
        f"{fact.path}:{line}  {fact.record_kind}/{fact.record_id}{fact.pointer}"
        f"  last checked {fact.last_verified.isoformat()} ({fact.age_days} days)  {fact.verification}"
    )


def describe_amendment_check(due: AmendmentCheckDue, line: int) -> str:
    """One line of the amendment report: where to edit, which instrument, and what is due."""
    if due.checked is None:
        when = "never checked for amendments"
    else:
        when = f"checked for amendments {due.checked.isoformat()} ({due.age_days} days)"
    newer = f"  newer text known: {due.newer_known}" if due.newer_known else ""
    return f"{due.path}:{line}  instrument/{due.instrument}  {when}{newer}"
