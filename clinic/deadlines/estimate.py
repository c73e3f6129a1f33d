"""Likely public holidays for a year whose State Council notice is not published yet.

The notice for a year usually appears in its last two months, so any period that runs into the
next year meets days nobody can know for certain. Rather than treat that year as Monday to Friday
(which would put deadlines inside the Spring Festival), we estimate the holidays from the rules in
全国年节及纪念日放假办法 as revised in 2024 and from how the 2025 and 2026 notices arranged them:

- New Year's Day, Qingming, the Dragon Boat Festival and Mid-Autumn are one statutory day each. The
  notices join that day to the weekend: a Tuesday brings the Monday before, a Thursday the Friday
  after, and a day on a weekend is made up on the Monday after.
- The Spring Festival runs from New Year's Eve (除夕) to the seventh day (初七), eight days.
- Labour Day runs from 1 to 5 May.
- National Day runs from 1 to 7 October; when Mid-Autumn falls between 29 September and 8 October
  the two are one run of eight days, starting on whichever comes first.

Make-up working days (调休上班) are never guessed: which weekend the State Council gives back is
too unpredictable, and guessing one wrong would move a deadline earlier than any real calendar.
Every holiday here is marked ``estimated``. A bridge day never reaches into the year before, so an
estimate cannot touch a year that is published.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from clinic.deadlines.holiday import Holiday
from clinic.deadlines.lunar import festivals

_ONE_DAY = dt.timedelta(days=1)
_TUESDAY, _THURSDAY, _SATURDAY, _SUNDAY = 1, 3, 5, 6
_SPRING_FESTIVAL_DAYS = 8
_COMBINED_DAYS = 8
# Mid-Autumn in this window joins National Day (2020, 2023 and 2025 all did).
_COMBINED_FROM = (9, 29)
_COMBINED_TO = (10, 8)


@cache
def estimated_holidays(year: int) -> tuple[Holiday, ...]:
    """Return the likely holidays of ``year``, each marked ``estimated``, in date order.

    The fixed-date holidays are always estimated; the moving ones only for the years the festival
    table covers (see ``lunar``).
    """
    holidays = [_one_day("new-year", "元旦", dt.date(year, 1, 1))]
    holidays.append(_run("labour-day", "劳动节", dt.date(year, 5, 1), 5))
    moving = festivals(year)
    if moving is None:
        holidays.append(_run("national-day", "国庆节", dt.date(year, 10, 1), 7))
    else:
        new_year_eve = moving.spring_festival - _ONE_DAY
        holidays.append(_run("spring-festival", "春节", new_year_eve, _SPRING_FESTIVAL_DAYS))
        holidays.append(_one_day("qingming", "清明节", moving.qingming))
        holidays.append(_one_day("dragon-boat", "端午节", moving.dragon_boat))
        holidays.extend(_autumn(year, moving.mid_autumn))
    return tuple(sorted(holidays, key=lambda holiday: holiday.first))


def _autumn(year: int, mid_autumn: dt.date) -> list[Holiday]:
    """Mid-Autumn and National Day: one run of eight days when they are close, else two."""
    national_day = dt.date(year, 10, 1)
    if dt.date(year, *_COMBINED_FROM) <= mid_autumn <= dt.date(year, *_COMBINED_TO):
        first = min(mid_autumn, national_day)
        return [_run("national-day-mid-autumn", "国庆节、中秋节", first, _COMBINED_DAYS)]
    return [_one_day("mid-autumn", "中秋节", mid_autumn), _run("national-day", "国庆节", national_day, 7)]


def _one_day(holiday_id: str, name_zh: str, day: dt.date) -> Holiday:
    """A one-day holiday joined to its weekend the way recent notices do it."""
    weekday = day.weekday()
    first = last = day
    if weekday == _TUESDAY:
        first = day - _ONE_DAY  # the Monday between the weekend and the holiday
    elif weekday == _THURSDAY:
        last = day + _ONE_DAY  # the Friday between the holiday and the weekend
    elif weekday == _SATURDAY:
        last = day + 2 * _ONE_DAY  # made up on the Monday after
    elif weekday == _SUNDAY:
        first, last = day - _ONE_DAY, day + _ONE_DAY  # Saturday to the Monday it is made up on
    # New Year's Day never reaches back into the year before, which may be published.
    first = max(first, dt.date(day.year, 1, 1))
    return Holiday(id=holiday_id, name_zh=name_zh, first=first, last=last, estimated=True)


def _run(holiday_id: str, name_zh: str, first: dt.date, days: int) -> Holiday:
    """A run of ``days`` days off from ``first``."""
    last = first + (days - 1) * _ONE_DAY
    return Holiday(id=holiday_id, name_zh=name_zh, first=first, last=last, estimated=True)
