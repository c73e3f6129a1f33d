"""Statutory periods and the deadlines they produce.

The counting rules follow the Civil Procedure Law's article on periods and the SPC's
interpretation of it: the start day is not counted; day periods run over calendar days, holidays
inside the period included; month and year periods end on the same day of the month (or the month's
last day if there is none); and a period whose last day is a rest day ends on the next working day.
Working-day periods (工作日) count only working days, adjusted working days (调休上班) included.
Which statute applies to which remedy, and with what period, is content, not code.

Nothing here reads the clock: the caller passes the start date.
"""

from __future__ import annotations

import calendar as _gregorian
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Literal, get_args

from clinic.deadlines.calendar import HolidayCalendar

Unit = Literal["days", "working_days", "months", "years"]

RULE_CALENDAR_DAYS: Final = "calendar-days-cpl"
RULE_WORKING_DAYS: Final = "working-days"

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """A length of time such as 15 days, 5 working days, 6 months or 2 years."""

    count: int
    unit: Unit

    def __post_init__(self) -> None:
        # bool is an int subclass; Period(True, "days") is a bug, not one day.
        if isinstance(self.count, bool) or not isinstance(self.count, int):
            raise TypeError(f"period count must be an int, not {type(self.count).__name__}")
        if self.count < 1:
            raise ValueError(f"period count must be at least 1, not {self.count}")
        if self.unit not in get_args(Unit):
            raise ValueError(f"unknown period unit {self.unit!r}")


@dataclass(frozen=True)
class Deadline:
    """The result of applying a period to a start date, with how it was reached.

    ``nominal_end`` is the end before any move off a rest day; ``due`` is the last day to act.
    ``estimated`` is True when a day that decided the result lies in a year the calendar does not
    cover, listed in ``uncovered_years``; ``due`` is then the likely deadline, counted with the
    likely holidays of those years, and ``safe_date`` the last working day that is on time however
    the holidays turn out (``None`` when nothing is estimated).
    """

    start: dt.date
    period: Period
    due: dt.date
    nominal_end: dt.date
    moved: bool
    rule: str
    estimated: bool
    uncovered_years: tuple[int, ...] = field(default=())
    safe_date: dt.date | None = None


def add_months(start: dt.date, months: int) -> dt.date:
    """Return the same day of the month ``months`` later, or that month's last day if it has none.

    ``add_months(date(2025, 1, 31), 1)`` is 2025-02-28; ``add_months(date(2024, 2, 29), 12)`` is
    2025-02-28.
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    last_day = _gregorian.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last_day))


def compute_deadline(start: dt.date, period: Period, calendar: HolidayCalendar) -> Deadline:
    """Return the deadline for ``period`` counted from the event on ``start``.

    The start day itself is never counted. For days, months and years the nominal end is found by
    calendar arithmetic and then moved to the next working day if it is a rest day (rule
    ``calendar-days-cpl``). For working days, the count runs over working days only (rule
    ``working-days``) and never needs a move. Years the calendar does not cover never raise: they
    are counted with their likely holidays, and the result is marked ``estimated`` and carries a
    ``safe_date``.
    """
    uncovered: set[int] = set()

    def is_working(day: dt.date) -> bool:
        # Every day whose status decides the result is checked here, so coverage is exact.
        if not calendar.covers(day):
            uncovered.add(day.year)
        return calendar.is_working_day(day)

    if period.unit == "working_days":
        nominal_end = due = _count_working_days(start, period.count, is_working)
        rule = RULE_WORKING_DAYS
    else:
        nominal_end = _calendar_end(start, period)
        due = _first_working_day(nominal_end, is_working)
        rule = RULE_CALENDAR_DAYS

    return Deadline(
        start=start,
        period=period,
        due=due,
        nominal_end=nominal_end,
        moved=due != nominal_end,
        rule=rule,
        estimated=bool(uncovered),
        uncovered_years=tuple(sorted(uncovered)),
        safe_date=_safe_date(start, period, calendar, due) if uncovered else None,
    )


def _safe_date(start: dt.date, period: Period, calendar: HolidayCalendar, due: dt.date) -> dt.date:
    """The last working day that is on time even if the estimated holidays are wrong.

    An estimated holiday may be shorter than we think, and any estimated weekend may turn out to
    be a make-up working day, so no rest day in an estimated year can be relied on to move the
    deadline. For a day, month or year period the nominal end is therefore the latest safe day, and
    we step back from it to a working day: when the end falls in a likely holiday, that is the last
    working day before the holiday begins. For a working-day period the count is redone with no
    estimated holidays (plain Monday to Friday), which can only end sooner. If no working day is
    left after the start, the likely deadline is all there is.
    """
    if period.unit == "working_days":
        latest = _count_working_days(start, period.count, lambda day: calendar.is_working_day(day, estimates=False))
    else:
        latest = _calendar_end(start, period)
    day = latest
    while day > start and not calendar.is_working_day(day):
        day -= _ONE_DAY
    return day if day > start else due


def _count_working_days(start: dt.date, count: int, is_working: Callable[[dt.date], bool]) -> dt.date:
    """The day on which ``count`` working days after ``start`` have passed (the start day not counted)."""
    day = start
    remaining = count
    while remaining:
        day += _ONE_DAY
        if is_working(day):
            remaining -= 1
    return day


def _calendar_end(start: dt.date, period: Period) -> dt.date:
    """The nominal last day of a day, month or year period, by calendar arithmetic alone."""
    if period.unit == "days":
        return start + dt.timedelta(days=period.count)
    if period.unit == "months":
        return add_months(start, period.count)
    return add_months(start, 12 * period.count)


def _first_working_day(day: dt.date, is_working: Callable[[dt.date], bool]) -> dt.date:
    """``day`` itself if it is a working day, else the next one: a period never ends on a rest day."""
    while not is_working(day):
        day += _ONE_DAY
    return day
