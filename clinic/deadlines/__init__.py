"""Deadlines: China's working-day calendar, statutory periods and calendar files.

A pure package: no Flask, no clock, no randomness. The web layer and the letters code call
``load_calendar`` once at start-up and ``compute_deadline`` per request.
"""

from clinic.deadlines.calendar import (
    CalendarError,
    CalendarSource,
    HolidayCalendar,
    YearNotice,
    load_calendar,
)
from clinic.deadlines.estimate import estimated_holidays
from clinic.deadlines.holiday import Holiday
from clinic.deadlines.ics import deadline_to_ics
from clinic.deadlines.periods import (
    RULE_CALENDAR_DAYS,
    RULE_WORKING_DAYS,
    Deadline,
    Period,
    Unit,
    add_months,
    compute_deadline,
)

__all__ = [
    "RULE_CALENDAR_DAYS",
    "RULE_WORKING_DAYS",
    "CalendarError",
    "CalendarSource",
    "Deadline",
    "Holiday",
    "HolidayCalendar",
    "Period",
    "Unit",
    "YearNotice",
    "add_months",
    "compute_deadline",
    "deadline_to_ics",
    "estimated_holidays",
    "load_calendar",
]
