"""The logic of a letter's grounds and choices, read from its YAML (pure: no Flask, no clock).

A letter may be generated only when what the person ticked can all be true at once and is true on
the letter's date: grounds that exclude each other are not both ticked, a ground is one the
applicant kind can have, every choice the letter needs has exactly one answer, and a statement that
a period has run (满三个月, 满一年) is made only when the dates show it has. The web form and
``read_details`` both call :func:`ground_problems`, so the CLI, the samples and the form agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from clinic.deadlines import HolidayCalendar, compute_deadline
from clinic.letters.definitions import Choice, Ground, LetterDef, Wait


@dataclass(frozen=True)
class GroundProblem:
    """One problem: the input it belongs to (a field id, a choice id, ``grounds`` or ``filing``),
    a code the web layer translates, and its parameters (ground labels, a date as ISO text)."""

    target: str
    code: str
    params: Mapping[str, str] = field(default_factory=dict)


def asked_choices(letter: LetterDef, grounds: Sequence[str]) -> tuple[Choice, ...]:
    """The choices the person must answer given the ticked grounds: the letter's own, and those of
    ticked grounds."""
    return tuple(c for c in letter.choices if c.when_ground is None or c.when_ground in grounds)


def earliest_day(wait: Wait, start: date, calendar: HolidayCalendar) -> date:
    """The first day on which the period from ``start`` has fully run (the day after its end, so
    that a letter saying 已满 is never dated on the last day of the period)."""
    return compute_deadline(start, wait.period, calendar).nominal_end + timedelta(days=1)


def _wait_problems(
    wait: Wait, target: str, values: Mapping[str, str], filing: date | None, calendar: HolidayCalendar, label: str
) -> list[GroundProblem]:
    """A ground's wait (``label`` is its label) or the letter's own (``label`` empty): the date it
    counts from is needed, and the letter may not be dated before the period has run."""
    prefix = "ground" if label else "letter"
    start = values.get(wait.field, "")
    if not start:
        return [GroundProblem(wait.field, f"{prefix}-date-needed", {"ground": label})]
    if filing is None:
        return []
    opens = earliest_day(wait, date.fromisoformat(start), calendar)
    if filing < opens:
        return [GroundProblem(target, f"{prefix}-too-early", {"ground": label, "date": opens.isoformat()})]
    return []


def ground_problems(
    letter: LetterDef,
    *,
    kind: str,
    grounds: Sequence[str],
    choices: Mapping[str, str],
    values: Mapping[str, str],
    filing_date: date | None,
    calendar: HolidayCalendar | None,
) -> list[GroundProblem]:
    """Every reason the ticked grounds and picked options cannot go into one true letter.

    ``grounds`` are the ticked ground ids the letter has; ``choices`` maps choice id -> the option
    id posted (missing when none); ``values`` the checked field values (ISO dates). Without a
    ``calendar`` the waiting periods are not checked (a caller that cannot count them)."""
    ticked = [g for g in letter.grounds if g.id in grounds]
    problems = _kind_and_exclusion_problems(letter, kind, ticked)
    problems += [
        GroundProblem(c.id, "choose-one")
        for c in asked_choices(letter, grounds)
        if c.option(choices.get(c.id, "")) is None
    ]
    for ground in ticked:
        if any(choices.get(cid, allowed[0]) not in allowed for cid, allowed in ground.only_with.items()):
            problems.append(GroundProblem("grounds", "needs-other-option", {"ground": ground.label}))
        if ground.waits is not None and calendar is not None:
            problems += _wait_problems(ground.waits, "grounds", values, filing_date, calendar, ground.label)
    if letter.waits is not None and calendar is not None:
        problems += _wait_problems(letter.waits, "filing", values, filing_date, calendar, "")
    if letter.remedy_for(grounds) is None:
        # A follow-up letter says which earlier filing it chases only through its ground.
        problems.append(GroundProblem("grounds", "choose-one"))
    return problems


def _kind_and_exclusion_problems(letter: LetterDef, kind: str, ticked: list[Ground]) -> list[GroundProblem]:
    """Grounds the applicant kind cannot have, and pairs ticked from one exclusive group."""
    problems = [
        GroundProblem("grounds", "not-for-kind", {"ground": g.label}) for g in ticked if kind not in g.applicant_kinds
    ]
    for group in letter.excludes:
        chosen = [g for g in ticked if g.id in group]
        if len(chosen) > 1:
            problems.append(
                GroundProblem("grounds", "exclusive", {"ground": chosen[0].label, "other": chosen[1].label})
            )
    return problems


def chosen_options(letter: LetterDef, grounds: Sequence[str], choices: Mapping[str, str]) -> dict[str, str]:
    """The valid answers of the choices asked (choice id -> option id); others are dropped."""
    return {
        c.id: choices[c.id]
        for c in asked_choices(letter, grounds)
        if c.id in choices and c.option(choices[c.id]) is not None
    }
