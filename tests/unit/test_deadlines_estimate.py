"""Estimated holidays for years with no published notice, and the safe date they bring.

The festival table is checked against an independent computation made here: new moons from Meeus's
series (Astronomical Algorithms, 2nd ed., ch. 49) and the solar terms of the chinese_calendar
package, months numbered as GB/T 33661-2017 numbers them. That computation is itself checked
against every Spring Festival, Dragon Boat and Mid-Autumn holiday chinese_calendar records for
2008 to 2026. The hand-worked deadlines were counted on a paper calendar, not by running the code.
"""

from __future__ import annotations

import datetime as dt
import math

import chinese_calendar  # type: ignore[import-untyped, unused-ignore]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic.deadlines import HolidayCalendar, Period, compute_deadline, load_calendar
from clinic.deadlines.calendar import SCHEMA_PATH
from clinic.deadlines.estimate import estimated_holidays
from clinic.deadlines.lunar import FESTIVALS, LunarYear

# The notices as published up to 2026: these tests use 2027 as the year without a notice, and must
# keep passing when an editor adds calendars/2027.yaml (one data file, see docs/content-guide.md).
CALENDAR = HolidayCalendar(
    notice for year, notice in load_calendar(SCHEMA_PATH.parent.parent / "calendars").notices.items() if year <= 2026
)
ONE_DAY = dt.timedelta(days=1)


def d(text: str) -> dt.date:
    """Shorthand for an ISO date in tables."""
    return dt.date.fromisoformat(text)


def _days_of(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    return [first + n * ONE_DAY for n in range((dt.date(year, 12, 31) - first).days + 1)]


# --- An independent lunar computation ------------------------------------------------------------

# (coefficient, multiplier of E, (M', M, F, Ω) multiples) for the new-moon correction, Meeus 49.
_TERMS = (
    (-0.40720, 0, (1, 0, 0, 0)),
    (0.17241, 1, (0, 1, 0, 0)),
    (0.01608, 0, (2, 0, 0, 0)),
    (0.01039, 0, (0, 0, 2, 0)),
    (0.00739, 1, (1, -1, 0, 0)),
    (-0.00514, 1, (1, 1, 0, 0)),
    (0.00208, 2, (0, 2, 0, 0)),
    (-0.00111, 0, (1, 0, -2, 0)),
    (-0.00057, 0, (1, 0, 2, 0)),
    (0.00056, 1, (2, 1, 0, 0)),
    (-0.00042, 0, (3, 0, 0, 0)),
    (0.00042, 1, (0, 1, 2, 0)),
    (0.00038, 1, (0, 1, -2, 0)),
    (-0.00024, 1, (2, -1, 0, 0)),
    (-0.00017, 0, (0, 0, 0, 1)),
    (-0.00007, 0, (1, 2, 0, 0)),
    (0.00004, 0, (2, 0, -2, 0)),
    (0.00004, 0, (0, 3, 0, 0)),
    (0.00003, 0, (1, 1, -2, 0)),
    (0.00003, 0, (2, 0, 2, 0)),
    (-0.00003, 0, (1, 1, 2, 0)),
    (0.00003, 0, (1, -1, 2, 0)),
    (-0.00002, 0, (1, -1, -2, 0)),
    (-0.00002, 0, (3, 1, 0, 0)),
    (0.00002, 0, (4, 0, 0, 0)),
)
_UNIX_EPOCH_JD = 2440587.5
_DELTA_T_DAYS = 70 / 86400  # TT - UT in these decades, near enough for a date
_BEIJING = 8 / 24


def _new_moon(k: int) -> dt.date:
    """The Beijing date of new moon number ``k`` counted from January 2000."""
    t = k / 1236.85
    jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * t**2 - 0.000000150 * t**3 + 0.00000000073 * t**4
    e = 1 - 0.002516 * t - 0.0000074 * t**2
    angles = [
        math.radians(201.5643 + 385.81693528 * k + 0.0107582 * t**2 + 0.00001238 * t**3),
        math.radians(2.5534 + 29.10535670 * k - 0.0000014 * t**2),
        math.radians(160.7108 + 390.67050284 * k - 0.0016118 * t**2),
        math.radians(124.7746 - 1.56375588 * k + 0.0020672 * t**2),
    ]
    for coefficient, power, multiples in _TERMS:
        jde += coefficient * e**power * math.sin(sum(m * a for m, a in zip(multiples, angles, strict=True)))
    days = jde - _DELTA_T_DAYS + _BEIJING - _UNIX_EPOCH_JD
    return dt.date(1970, 1, 1) + math.floor(days) * ONE_DAY


_PRINCIPAL = ("雨水", "春分", "谷雨", "小满", "夏至", "大暑", "处暑", "秋分", "霜降", "小雪", "冬至", "大寒")


def _lunar_months(year: int) -> dict[tuple[int, bool], dt.date]:
    """The first days of the months between the winter solstices of ``year - 1`` and ``year``.

    Keyed by (number, leap), numbered as GB/T 33661-2017 numbers them: month 11 holds the winter
    solstice; when thirteen months separate two such months, the first of them with no principal
    term (中气) is the leap month; otherwise the months are simply counted.
    """
    k0 = math.floor((year - 2001) * 12.3685)
    starts = [_new_moon(k) for k in range(k0, k0 + 30)]
    terms = chinese_calendar.get_solar_terms(dt.date(year - 1, 11, 1), dt.date(year, 12, 31))
    principal = [day for day, name in terms if name in _PRINCIPAL]
    solstices = [day for day, name in terms if name == "冬至"]

    def holds(index: int, days: list[dt.date]) -> bool:
        return any(starts[index] <= day < starts[index + 1] for day in days)

    first, following = (i for i in range(len(starts) - 1) if holds(i, solstices))
    leap_pending = following - first == 13
    months: dict[tuple[int, bool], dt.date] = {}
    number = 11
    for i in range(first + 1, following):
        if leap_pending and not holds(i, principal):
            leap_pending = False
            months[(number, True)] = starts[i]
            continue
        number = number % 12 + 1
        months[(number, False)] = starts[i]
    return months


def _computed(year: int) -> LunarYear:
    """``year``'s festivals from the computation above."""
    months = _lunar_months(year)
    april = chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 30))
    return LunarYear(
        spring_festival=months[(1, False)],
        qingming=next(day for day, name in april if name == "清明"),
        dragon_boat=months[(5, False)] + 4 * ONE_DAY,
        mid_autumn=months[(8, False)] + 14 * ONE_DAY,
    )


@pytest.mark.parametrize("year", range(2008, 2027))
def test_computation_agrees_with_published_holidays(year: int) -> None:
    # Since 2008 each festival's own day has been a public holiday.
    festivals = _computed(year)
    for day in (festivals.spring_festival, festivals.qingming, festivals.dragon_boat, festivals.mid_autumn):
        assert chinese_calendar.is_holiday(day), day


@pytest.mark.parametrize("year", sorted(FESTIVALS))
def test_festival_table_agrees_with_computation(year: int) -> None:
    assert FESTIVALS[year] == _computed(year)


# --- The estimate against the published years ------------------------------------------------------


@pytest.mark.parametrize("year", [2025, 2026])
def test_estimate_matches_published_years_but_for_make_up_days(year: int) -> None:
    # 2025 and 2026 follow the 2024 rules the estimate models: every day off matches, and the only
    # days that differ are the make-up working days, which are never guessed.
    empty = HolidayCalendar()
    differ = {day for day in _days_of(year) if empty.is_working_day(day) != CALENDAR.is_working_day(day)}
    assert differ == set(CALENDAR.notices[year].adjusted_working_days)


def test_estimate_of_2024_misses_only_new_years_eve() -> None:
    # 2024 came before New Year's Eve became a holiday (the 2024 revision): the estimate rests on
    # 9 February, which was a working day; every other difference is a make-up working day.
    empty = HolidayCalendar()
    differ = {day for day in _days_of(2024) if empty.is_working_day(day) != CALENDAR.is_working_day(day)}
    assert differ - CALENDAR.notices[2024].adjusted_working_days == {d("2024-02-09")}


@pytest.mark.parametrize("year", sorted(FESTIVALS))
def test_estimated_holidays_hold_their_festival(year: int) -> None:
    holidays = estimated_holidays(year)
    days = {day for holiday in holidays for day in holiday.days()}
    festivals = FESTIVALS[year]
    for day in (festivals.spring_festival, festivals.qingming, festivals.dragon_boat, festivals.mid_autumn):
        assert day in days
    assert {dt.date(year, 1, 1), dt.date(year, 5, 1), dt.date(year, 10, 1)} <= days
    # every one marked, none overlapping, all inside the year
    assert all(holiday.estimated and holiday.first.year == holiday.last.year == year for holiday in holidays)
    assert sum(1 for holiday in holidays for _ in holiday.days()) == len(days)


def test_year_beyond_the_table_keeps_its_fixed_holidays() -> None:
    ids = [holiday.id for holiday in estimated_holidays(2040)]
    assert ids == ["new-year", "labour-day", "national-day"]


# --- Hand-worked deadlines -------------------------------------------------------------------------


def test_sixty_days_into_the_2027_spring_festival() -> None:
    # The example. 60 days from Thu 10 Dec 2026 end on Mon 8 Feb 2027, 正月初三. The likely
    # Spring Festival runs from 除夕 Fri 5 Feb to 初七 Fri 12 Feb, then a weekend: the likely
    # deadline is Mon 15 Feb. To be safe: Thu 4 Feb, the last working day before 除夕.
    deadline = compute_deadline(d("2026-12-10"), Period(60, "days"), CALENDAR)
    assert deadline.nominal_end == d("2027-02-08")
    assert (deadline.due, deadline.safe_date) == (d("2027-02-15"), d("2027-02-04"))
    assert deadline.moved and deadline.estimated and deadline.uncovered_years == (2027,)
    holiday = CALENDAR.holiday_on(deadline.nominal_end)
    assert holiday is not None and holiday.estimated and holiday.id == "spring-festival"


def test_ending_in_an_estimated_national_day_week() -> None:
    # 15 days from Mon 20 Sep 2027 end on Tue 5 Oct, inside the likely National Day week (Fri 1 to
    # Thu 7 Oct; Mid-Autumn is on 15 Sep that year, too early to join it). Likely deadline: Fri 8
    # Oct. Safe date: Thu 30 Sep, the last working day before 1 October.
    deadline = compute_deadline(d("2027-09-20"), Period(15, "days"), CALENDAR)
    assert deadline.nominal_end == d("2027-10-05")
    assert (deadline.due, deadline.safe_date) == (d("2027-10-08"), d("2027-09-30"))


def test_ending_in_an_estimated_merged_autumn_holiday() -> None:
    # Mid-Autumn 2028 is on Tue 3 Oct, so National Day and Mid-Autumn likely make one run of
    # eight days, Sun 1 to Sun 8 Oct. 10 days from Sun 24 Sep 2028 end on Wed 4 Oct: likely
    # deadline Mon 9 Oct, safe date Fri 29 Sep.
    deadline = compute_deadline(d("2028-09-24"), Period(10, "days"), CALENDAR)
    assert (deadline.nominal_end, deadline.due, deadline.safe_date) == (
        d("2028-10-04"),
        d("2028-10-09"),
        d("2028-09-29"),
    )


def test_published_year_is_not_estimated() -> None:
    # 60 days from Wed 10 Dec 2025 end on Sun 8 Feb 2026, all inside published data: the
    # published calendar moves it to Mon 9 Feb, and there is no estimate and no safe date.
    deadline = compute_deadline(d("2025-12-10"), Period(60, "days"), CALENDAR)
    assert (deadline.due, deadline.estimated, deadline.safe_date) == (d("2026-02-09"), False, None)


def test_crossing_into_an_estimated_year_but_ending_before_any_holiday() -> None:
    # 30 days from Fri 18 Dec 2026 end on Sun 17 Jan 2027,
    # after New Year's Day and long before the Spring Festival. A Sunday: likely deadline Mon 18
    # Jan. A make-up working day could fall on that Sunday, so the safe date is Fri 15 Jan.
    deadline = compute_deadline(d("2026-12-18"), Period(30, "days"), CALENDAR)
    assert deadline.nominal_end == d("2027-01-17")
    assert (deadline.due, deadline.safe_date, deadline.estimated) == (d("2027-01-18"), d("2027-01-15"), True)


def test_crossing_into_an_estimated_year_on_a_working_day() -> None:
    # 20 days from Thu 24 Dec 2026 end on Wed 13 Jan 2027, an ordinary Wednesday: the likely
    # deadline and the safe date are the same day, still marked as an estimate.
    deadline = compute_deadline(d("2026-12-24"), Period(20, "days"), CALENDAR)
    assert (deadline.due, deadline.safe_date, deadline.moved) == (d("2027-01-13"), d("2027-01-13"), False)
    assert deadline.estimated


def test_working_days_across_an_estimated_spring_festival() -> None:
    # 5 working days from Mon 1 Feb 2027: Tue 2, Wed 3, Thu 4, then the likely holiday (Fri 5 to
    # Fri 12) and a weekend, then Mon 15 and Tue 16: likely deadline Tue 16 Feb. Counted Monday to
    # Friday with no holiday at all it ends on Mon 8 Feb, inside the holiday, so the safe date is
    # the last working day before it, Thu 4 Feb.
    deadline = compute_deadline(d("2027-02-01"), Period(5, "working_days"), CALENDAR)
    assert (deadline.due, deadline.safe_date) == (d("2027-02-16"), d("2027-02-04"))


def test_notice_added_as_data_replaces_the_estimate() -> None:
    # Without the 2026 notice, 2026 is estimated; with it, the published days decide. 10 days from
    # Mon 16 Mar 2026 end on Thu 26 Mar either way, but only the second is certain.
    partial = HolidayCalendar(notice for year, notice in CALENDAR.notices.items() if year != 2026)
    estimated = compute_deadline(d("2026-03-16"), Period(10, "days"), partial)
    published = compute_deadline(d("2026-03-16"), Period(10, "days"), CALENDAR)
    assert estimated.due == published.due == d("2026-03-26")
    assert (estimated.estimated, published.estimated) == (True, False)
    # Sat 14 Feb 2026 was a make-up working day: the estimate calls it a rest day, the notice wins.
    assert not partial.is_working_day(d("2026-02-14"))
    assert CALENDAR.is_working_day(d("2026-02-14"))


# --- Properties ------------------------------------------------------------------------------------

_periods = st.one_of(
    st.builds(Period, st.integers(1, 400), st.just("days")),
    st.builds(Period, st.integers(1, 250), st.just("working_days")),
    st.builds(Period, st.integers(1, 36), st.just("months")),
    st.builds(Period, st.integers(1, 3), st.just("years")),
)


@given(start=st.dates(dt.date(2024, 1, 1), dt.date(2034, 12, 31)), period=_periods)
def test_safe_date_is_a_working_day_on_or_before_the_likely_deadline(start: dt.date, period: Period) -> None:
    deadline = compute_deadline(start, period, CALENDAR)
    if not deadline.estimated:
        assert deadline.safe_date is None
        return
    assert deadline.safe_date is not None
    assert start < deadline.safe_date <= deadline.due
    assert CALENDAR.is_working_day(deadline.safe_date)
    # never later than the nominal end for a day, month or year period: no rest day is relied on
    if period.unit != "working_days":
        assert deadline.safe_date <= deadline.nominal_end or deadline.safe_date == deadline.due


@given(day=st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31)))
def test_published_calendar_is_never_overridden(day: dt.date) -> None:
    # In a published year the estimate is never consulted: the answer is the notice's.
    assert CALENDAR.is_working_day(day) is CALENDAR.is_working_day(day, estimates=False)
    holiday = CALENDAR.holiday_on(day)
    assert holiday is None or not holiday.estimated
    assert holiday == CALENDAR.holiday_on(day, estimates=False)
