"""Periods and deadlines: day counting under the Civil Procedure Law, working days, months, years.

Every expected date below was worked out by hand from the State Council notices, not by running
the code; the cross-checks at the end compare with the chinese_calendar package as well.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import chinese_calendar  # type: ignore[import-untyped, unused-ignore]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic.deadlines import (
    RULE_CALENDAR_DAYS,
    RULE_WORKING_DAYS,
    HolidayCalendar,
    Period,
    Unit,
    add_months,
    compute_deadline,
    load_calendar,
)
from clinic.deadlines.calendar import SCHEMA_PATH

# The notices as published up to 2026: these tests use 2027 as the year without a notice, and must
# keep passing when an editor adds calendars/2027.yaml (one data file, see docs/content-guide.md).
CALENDAR = HolidayCalendar(
    notice for year, notice in load_calendar(SCHEMA_PATH.parent.parent / "calendars").notices.items() if year <= 2026
)
ONE_DAY = dt.timedelta(days=1)


def d(text: str) -> dt.date:
    """Shorthand for an ISO date in tables."""
    return dt.date.fromisoformat(text)


# --- Period --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "unit", "error"),
    [
        # zero-length periods make no sense
        (0, "days", ValueError),
        # negative counts neither
        (-3, "months", ValueError),
        # an unknown unit
        (2, "weeks", ValueError),
        # True is an int to Python, but never a count
        (True, "days", TypeError),
        # a float count is a bug upstream
        (1.5, "days", TypeError),
    ],
)
def test_period_rejects_bad_values(count: object, unit: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        Period(count, unit)  # type: ignore[arg-type]


def test_period_and_deadline_are_frozen() -> None:
    period = Period(15, "days")
    deadline = compute_deadline(d("2026-03-02"), period, CALENDAR)
    with pytest.raises(dataclasses.FrozenInstanceError):
        period.count = 10  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        deadline.due = d("2026-03-20")  # type: ignore[misc]


# --- Calendar-day periods ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "count", "nominal_end", "due"),
    [
        # nothing to move: ends on an ordinary Wednesday
        ("2025-03-05", 7, "2025-03-12", "2025-03-12"),
        # the start day is not counted: 1 day after a Friday is Saturday, moved to Monday
        ("2025-03-07", 1, "2025-03-08", "2025-03-10"),
        # ends on an ordinary Saturday: moved to Monday
        ("2025-03-05", 10, "2025-03-15", "2025-03-17"),
        # ends on an ordinary Sunday: moved to Monday
        ("2025-03-06", 10, "2025-03-16", "2025-03-17"),
        # Spring Festival 2025 (28 Jan - 4 Feb): ends mid-holiday, moved to Wed 5 Feb
        ("2025-01-20", 10, "2025-01-30", "2025-02-05"),
        # Spring Festival 2025: ends on the make-up Sunday 26 Jan, a working day, not moved
        ("2025-01-16", 10, "2025-01-26", "2025-01-26"),
        # Spring Festival 2025: runs through the holiday (not skipped), ends make-up Sat 8 Feb
        ("2025-01-29", 10, "2025-02-08", "2025-02-08"),
        # Spring Festival 2026 (15-23 Feb): ends on its first day, moved to Tue 24 Feb
        ("2026-02-05", 10, "2026-02-15", "2026-02-24"),
        # Spring Festival 2026: ends on its last day, Monday 23 Feb, moved to the 24th
        ("2026-02-13", 10, "2026-02-23", "2026-02-24"),
        # make-up Saturday 14 Feb 2026 is a working day: not moved
        ("2026-02-04", 10, "2026-02-14", "2026-02-14"),
        # make-up Saturday 28 Feb 2026; the period starts inside the holiday, which is not skipped
        ("2026-02-18", 10, "2026-02-28", "2026-02-28"),
        # National Day 2025, merged with Mid-Autumn (1-8 Oct): moved to Thu 9 Oct
        ("2025-09-21", 15, "2025-10-06", "2025-10-09"),
        # 15 days over the whole 2025 National Day week end on make-up Saturday 11 Oct
        ("2025-09-26", 15, "2025-10-11", "2025-10-11"),
        # National Day 2026 (1-7 Oct): ends on 1 Oct, moved to Thu 8 Oct
        ("2026-09-21", 10, "2026-10-01", "2026-10-08"),
        # National Day 2026: make-up Saturday 10 Oct
        ("2026-09-30", 10, "2026-10-10", "2026-10-10"),
        # make-up Sunday 20 Sep 2026 before National Day
        ("2026-09-10", 10, "2026-09-20", "2026-09-20"),
        # Qingming 2026 (Sat 4 - Mon 6 Apr): ends on the Saturday, moved past the Monday
        ("2026-03-25", 10, "2026-04-04", "2026-04-07"),
        # Labour Day 2026 (1-5 May): moved to Wed 6 May
        ("2026-04-21", 10, "2026-05-01", "2026-05-06"),
        # New Year 2026 (1-3 Jan): moved onto the make-up Sunday 4 Jan, a working day
        ("2025-12-22", 10, "2026-01-01", "2026-01-04"),
        # Dragon Boat 2024: Monday 10 Jun joined to the weekend; ends Saturday, moved to Tuesday
        ("2024-05-29", 10, "2024-06-08", "2024-06-11"),
    ],
)
def test_day_period(start: str, count: int, nominal_end: str, due: str) -> None:
    deadline = compute_deadline(d(start), Period(count, "days"), CALENDAR)
    assert deadline.nominal_end == d(nominal_end)
    assert deadline.due == d(due)
    assert deadline.moved is (due != nominal_end)
    assert deadline.rule == RULE_CALENDAR_DAYS
    assert deadline.estimated is False
    assert deadline.uncovered_years == ()


def test_period_ending_on_holiday_moves_to_next_working_day() -> None:
    # The named case from the style guide: last day 1 Oct 2026, a holiday.
    deadline = compute_deadline(d("2026-09-16"), Period(15, "days"), CALENDAR)
    assert (deadline.nominal_end, deadline.due, deadline.moved) == (
        d("2026-10-01"),
        d("2026-10-08"),
        True,
    )


# --- Month and year periods ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "count", "unit", "nominal_end", "due"),
    [
        # 31 Jan + 1 month: February has no 31st, so its last day (common year)
        ("2025-01-31", 1, "months", "2025-02-28", "2025-02-28"),
        # 31 Jan + 1 month in a leap year: 29 Feb
        ("2024-01-31", 1, "months", "2024-02-29", "2024-02-29"),
        # 31 Mar + 1 month: 30 Apr
        ("2025-03-31", 1, "months", "2025-04-30", "2025-04-30"),
        # across the year end, landing on the make-up Saturday 28 Feb 2026
        ("2025-12-31", 2, "months", "2026-02-28", "2026-02-28"),
        # ends on National Day 2025: moved to 9 Oct
        ("2025-09-01", 1, "months", "2025-10-01", "2025-10-09"),
        # ends inside Spring Festival 2026: moved to 24 Feb
        ("2026-01-15", 1, "months", "2026-02-15", "2026-02-24"),
        # six months ending on an ordinary Saturday: moved to Monday
        ("2025-01-12", 6, "months", "2025-07-12", "2025-07-14"),
        # leap day + 1 year: 28 Feb
        ("2024-02-29", 1, "years", "2025-02-28", "2025-02-28"),
        # a year ending on National Day 2026: moved to 8 Oct
        ("2025-10-01", 1, "years", "2026-10-01", "2026-10-08"),
        # two years ending on a Saturday: moved to Monday
        ("2024-03-14", 2, "years", "2026-03-14", "2026-03-16"),
    ],
)
def test_month_and_year_period(start: str, count: int, unit: Unit, nominal_end: str, due: str) -> None:
    deadline = compute_deadline(d(start), Period(count, unit), CALENDAR)
    assert deadline.nominal_end == d(nominal_end)
    assert deadline.due == d(due)
    assert deadline.moved is (due != nominal_end)
    assert deadline.rule == RULE_CALENDAR_DAYS
    assert deadline.estimated is False


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        # same day of the month
        ("2025-05-15", 1, "2025-06-15"),
        # 31st into a 30-day month
        ("2025-05-31", 1, "2025-06-30"),
        # 30 Jan into a leap February
        ("2028-01-30", 1, "2028-02-29"),
        # December into January of the next year
        ("2025-12-31", 1, "2026-01-31"),
        # leap day + 12 months
        ("2024-02-29", 12, "2025-02-28"),
        # leap day + 48 months lands on a leap day again
        ("2024-02-29", 48, "2028-02-29"),
    ],
)
def test_add_months(start: str, months: int, end: str) -> None:
    assert add_months(d(start), months) == d(end)


# --- Working-day periods -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "count", "due"),
    [
        # an ordinary week: 5 working days from a Monday is the next Monday
        ("2025-03-03", 5, "2025-03-10"),
        # Spring Festival 2026: make-up Sat 14 Feb counts; the nine days off do not
        ("2026-02-12", 5, "2026-02-26"),
        # National Day 2026: 30 Sep, then 8 and 9 Oct
        ("2026-09-29", 3, "2026-10-09"),
        # National Day 2026: the 4th working day is the make-up Saturday 10 Oct
        ("2026-09-29", 4, "2026-10-10"),
        # Spring Festival 2025: make-up Sunday 26 Jan is the first, 5 Feb the third
        ("2025-01-24", 3, "2025-02-05"),
        # National Day 2025: 15 working days across the 8-day holiday and both make-up days
        ("2025-09-26", 15, "2025-10-23"),
        # National Day 2024: make-up Sunday 29 Sep counts, then the week off
        ("2024-09-27", 3, "2024-10-08"),
        # starting inside a holiday: the first working day after it
        ("2025-10-03", 1, "2025-10-09"),
    ],
)
def test_working_day_period(start: str, count: int, due: str) -> None:
    deadline = compute_deadline(d(start), Period(count, "working_days"), CALENDAR)
    assert deadline.due == d(due)
    assert deadline.nominal_end == deadline.due
    assert deadline.moved is False
    assert deadline.rule == RULE_WORKING_DAYS
    assert deadline.estimated is False


# --- Years the calendar does not cover -----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "period", "due", "uncovered"),
    [
        # wholly in 2027: an estimate, never an exception
        ("2027-03-01", Period(15, "days"), "2027-03-16", (2027,)),
        # ends on 1 Jan 2027, a Friday and surely New Year's Day: moved to Monday 4 January
        ("2026-12-22", Period(10, "days"), "2027-01-04", (2027,)),
        # ends on Saturday 2 Jan 2027: moved to Monday, both days estimated
        ("2026-12-23", Period(10, "days"), "2027-01-04", (2027,)),
        # working days running from covered 2026 into 2027: Thu 31 Dec, (New Year's Day), Mon 4, Tue 5
        ("2026-12-30", Period(3, "working_days"), "2027-01-05", (2027,)),
        # leap day + 4 years = 29 Feb 2028, a Tuesday
        ("2024-02-29", Period(4, "years"), "2028-02-29", (2028,)),
        # leap day 2028 + 1 year = 28 Feb 2029
        ("2028-02-29", Period(1, "years"), "2029-02-28", (2029,)),
        # working days starting in 2023 consult 2023 days before reaching 2024
        ("2023-12-29", Period(2, "working_days"), "2024-01-03", (2023,)),
    ],
)
def test_uncovered_year_is_estimated(start: str, period: Period, due: str, uncovered: tuple[int, ...]) -> None:
    deadline = compute_deadline(d(start), period, CALENDAR)
    assert deadline.due == d(due)
    assert deadline.estimated is True
    assert deadline.uncovered_years == uncovered


def test_start_day_in_uncovered_year_is_not_consulted() -> None:
    # Only the last day decides a day period; 2023 is never looked at.
    deadline = compute_deadline(d("2023-12-25"), Period(10, "days"), CALENDAR)
    assert deadline.due == d("2024-01-04")
    assert deadline.estimated is False


def test_last_covered_day_is_not_estimated() -> None:
    # 31 Dec 2026 is a Thursday inside the data.
    deadline = compute_deadline(d("2026-12-21"), Period(10, "days"), CALENDAR)
    assert (deadline.due, deadline.estimated) == (d("2026-12-31"), False)


def test_empty_calendar_marks_everything_estimated() -> None:
    deadline = compute_deadline(d("2026-02-05"), Period(10, "days"), HolidayCalendar())
    # Without data Sunday 15 February 2026 runs into the estimated Spring Festival (除夕 16 to 初七
    # 23 February), so the likely deadline is Tuesday 24, as the published notice has it; the safe
    # date is the Friday before the nominal end.
    assert deadline.due == d("2026-02-24")
    assert deadline.safe_date == d("2026-02-13")
    assert deadline.uncovered_years == (2026,)


# --- Cross-checks against chinese_calendar -------------------------------------------------------


def _every_day(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


@pytest.mark.parametrize("count", [1, 5, 10, 15, 30])
def test_working_days_agree_with_chinese_calendar(count: int) -> None:
    mismatches = []
    for start in _every_day(d("2024-01-01"), d("2026-10-31")):
        ours = compute_deadline(start, Period(count, "working_days"), CALENDAR).due
        # find_workday counts a rest-day start's next working day as day 0; we count it as day 1.
        delta = count if chinese_calendar.is_workday(start) else count - 1
        theirs = chinese_calendar.find_workday(delta, start)
        if ours != theirs:
            mismatches.append(f"{start}: ours={ours} chinese_calendar={theirs}")
    assert mismatches == []


@pytest.mark.parametrize("count", [1, 3, 10, 15, 30])
def test_day_periods_agree_with_chinese_calendar(count: int) -> None:
    mismatches = []
    for start in _every_day(d("2024-01-01"), d("2026-11-30")):
        nominal = start + dt.timedelta(days=count)
        # find_workday(0, day) is day itself if it is a workday, else the next workday.
        theirs = chinese_calendar.find_workday(0, nominal)
        ours = compute_deadline(start, Period(count, "days"), CALENDAR).due
        if ours != theirs:
            mismatches.append(f"{start}: ours={ours} chinese_calendar={theirs}")
    assert mismatches == []


# --- Properties ----------------------------------------------------------------------------------

_periods = st.one_of(
    st.builds(Period, st.integers(1, 400), st.just("days")),
    st.builds(Period, st.integers(1, 250), st.just("working_days")),
    st.builds(Period, st.integers(1, 60), st.just("months")),
    st.builds(Period, st.integers(1, 5), st.just("years")),
)
_MINIMUM_DAYS = {"days": 1, "working_days": 1, "months": 28, "years": 365}


@given(start=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)), period=_periods)
def test_deadline_properties(start: dt.date, period: Period) -> None:
    deadline = compute_deadline(start, period, CALENDAR)
    # never before the start plus the shortest possible length of the period
    assert deadline.due >= deadline.nominal_end
    assert deadline.nominal_end >= start + dt.timedelta(days=period.count * _MINIMUM_DAYS[period.unit])
    # the due date is always a working day (an estimated one outside the data)
    assert CALENDAR.is_working_day(deadline.due)
    # a move goes to the next working day, not further
    day = deadline.nominal_end
    while day < deadline.due:
        assert not CALENDAR.is_working_day(day)
        day += ONE_DAY
    # the estimate flag is exactly "some year outside the data"
    assert deadline.estimated is bool(deadline.uncovered_years)
    if not deadline.estimated:
        assert CALENDAR.covers(deadline.due)
        assert CALENDAR.covers(deadline.nominal_end)
    # a working-day period contains exactly `count` working days after the start
    if period.unit == "working_days":
        days = _every_day(start + ONE_DAY, deadline.due)
        assert sum(CALENDAR.is_working_day(day) for day in days) == period.count
