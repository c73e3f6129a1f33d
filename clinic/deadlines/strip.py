"""The calendar strip beside a deadline (pure): the days from a start day to the due date in week
rows, each saying whether it is a rest day, a holiday, the due date or the safe date. The result
page draws it from today, the cover sheet from the letter's date, each in the reader's language."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from babel.dates import get_day_names

from clinic.deadlines.calendar import HolidayCalendar
from clinic.deadlines.periods import Deadline

#: The strip shows at most this many days (five weeks) before the due date, so it fits a phone.
STRIP_DAYS = 35


def calendar_strip(start: date, deadline: Deadline, calendar: HolidayCalendar, locale: str) -> dict[str, Any]:
    """From ``start`` (or the last five weeks) to the later of the due and safe dates, with the
    narrow weekday names of ``locale`` (a Babel locale id), Monday first. ``cut`` says the strip
    starts after ``start``."""
    names = get_day_names("narrow", locale=locale)
    end = max(deadline.due, deadline.safe_date or deadline.due)
    first = max(start, end - timedelta(days=STRIP_DAYS - 1))
    days = []
    day = first
    while day <= end:
        days.append(
            {
                "day": day,
                "rest": not calendar.is_working_day(day),
                "holiday": calendar.holiday_on(day) is not None,
                "due": day == deadline.due,
                "safe": day == deadline.safe_date,
                "today": day == start,
            }
        )
        day += timedelta(days=1)
    return {
        "start": first,
        "end": end,
        "blanks": first.weekday(),
        "days": days,
        "rest_count": sum(1 for d in days if d["rest"]),
        "weekdays": [names[i] for i in range(7)],
        "cut": first > start,
    }
