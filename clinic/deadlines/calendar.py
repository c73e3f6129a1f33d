"""China's official working-day calendar, loaded from one YAML file per year.

Each file in ``content/calendars/`` records one State Council General Office notice: the holidays
(放假) and the weekend days made into working days (调休上班) for that year. ``load_calendar``
checks every file against ``content/schemas/calendar.schema.json`` and a few rules a schema cannot
express, and reports every problem at once, each as ``file:line``. The resulting ``HolidayCalendar`` answers "is this a
working day?" for any date; for a year with no notice loaded it falls back to Monday to Friday less
the likely holidays (``estimate``) and says so through ``covers``, so callers can mark a result as
an estimate instead of failing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast

from clinic.contentfiles import SCHEMA_DIR, ContentError, Problem, YamlDoc, load_documents, schema_problems
from clinic.deadlines.estimate import estimated_holidays
from clinic.deadlines.holiday import Holiday

Verification = Literal["primary-text", "two-or-more-secondary", "one-source", "unverified"]

SCHEMA = "calendar.schema.json"
SCHEMA_PATH = SCHEMA_DIR / SCHEMA

_SATURDAY = 5

#: The calendar's content errors are the one content error (kept under this name for callers).
CalendarError = ContentError


@dataclass(frozen=True)
class CalendarSource:
    """Where one year's dates come from and how well they were checked."""

    year: int
    title: str
    document_number: str | None
    published: dt.date
    url: str
    verification: Verification
    last_verified: dt.date


@dataclass(frozen=True)
class YearNotice:
    """One year's notice: its source, its holidays and its adjusted working days."""

    source: CalendarSource
    holidays: tuple[Holiday, ...]
    adjusted_working_days: frozenset[dt.date]

    @property
    def year(self) -> int:
        """The calendar year the notice arranges."""
        return self.source.year


class HolidayCalendar:
    """Working days and rest days for the years whose notices are loaded, and an estimate beyond.

    A date is a working day if it is an adjusted working day, otherwise if it is a Monday to
    Friday that is not a holiday. For a year with no notice loaded the holidays are estimated (see
    ``estimate``) and no weekend is made a working day: only an estimate, so check ``covers``
    before presenting a result as certain. A loaded notice is never overridden by an estimate.
    """

    def __init__(self, notices: Iterable[YearNotice] = ()) -> None:
        """Build a calendar from notices; an empty calendar treats every year as uncovered."""
        by_year: dict[int, YearNotice] = {}
        holiday_on: dict[dt.date, Holiday] = {}
        adjusted: set[dt.date] = set()
        for notice in notices:
            if notice.year in by_year:
                raise ValueError(f"two notices for {notice.year}")
            by_year[notice.year] = notice
            for holiday in notice.holidays:
                for day in holiday.days():
                    holiday_on[day] = holiday
            adjusted.update(notice.adjusted_working_days)
        self._notices = MappingProxyType(dict(sorted(by_year.items())))
        self._holiday_on = holiday_on
        self._adjusted = frozenset(adjusted)

    def __repr__(self) -> str:
        return f"HolidayCalendar(years={self.years!r})"

    @property
    def years(self) -> tuple[int, ...]:
        """The years with a notice loaded, in order."""
        return tuple(self._notices)

    @property
    def sources(self) -> Mapping[int, CalendarSource]:
        """Per year, the notice's title, URL, verification level and date last verified."""
        return MappingProxyType({year: n.source for year, n in self._notices.items()})

    @property
    def notices(self) -> Mapping[int, YearNotice]:
        """Per year, the full notice as loaded."""
        return self._notices

    def covers(self, day: dt.date) -> bool:
        """Return True if the notice for ``day``'s year is loaded, so the answer is not a guess."""
        return day.year in self._notices

    def holiday_on(self, day: dt.date, *, estimates: bool = True) -> Holiday | None:
        """Return the holiday ``day`` falls in, or None.

        For a year with no notice the holiday is an estimated one (``Holiday.estimated``), unless
        ``estimates`` is False.
        """
        published = self._holiday_on.get(day)
        if published is not None or self.covers(day) or not estimates:
            return published
        return next((h for h in estimated_holidays(day.year) if h.first <= day <= h.last), None)

    def is_working_day(self, day: dt.date, *, estimates: bool = True) -> bool:
        """Return True if ``day`` is a working day.

        Weekends are rest days unless adjusted to working days; holidays are rest days. For a year
        that is not loaded this is an estimate: Monday to Friday less the estimated holidays, or
        plain Monday to Friday when ``estimates`` is False.
        """
        if day in self._adjusted:
            return True
        if self.holiday_on(day, estimates=estimates) is not None:
            return False
        return day.weekday() < _SATURDAY


def load_calendar(directory: Path) -> HolidayCalendar:
    """Load every ``*.yaml`` file in ``directory`` into a ``HolidayCalendar``.

    Each file is checked against the JSON Schema and against rules the schema cannot express (file
    name equals year, real dates, first <= last, unique ids, no overlaps, adjusted working days on
    weekends, dates within the notice's year). Raises ``CalendarError`` listing every problem in
    every file, not just the first.
    """
    prefix = directory.name
    documents, problems = load_documents(directory, prefix)
    if not documents and not problems:
        problems.append(Problem(prefix, 1, "no calendar files (*.yaml) found"))
    notices: list[tuple[YamlDoc, YearNotice]] = []
    for doc in documents:
        file_problems, notice = _check_file(doc)
        problems.extend(file_problems)
        if notice is not None:
            notices.append((doc, notice))
    # Years are unique because each file's year must equal its name.
    problems.extend(_cross_file_problems(notices))
    if problems:
        raise CalendarError(problems)
    return HolidayCalendar(notice for _, notice in notices)


def _check_file(doc: YamlDoc) -> tuple[list[Problem], YearNotice | None]:
    """Return the problems in one file and, if there are none, its notice."""
    problems = schema_problems(doc, SCHEMA)
    if problems:
        # Rules below assume the shape the schema guarantees.
        return problems, None
    record = cast(dict[str, Any], doc.data)
    year: int = record["year"]
    stem = doc.path.rsplit("/", 1)[-1].removesuffix(".yaml")
    if stem != str(year):
        problems.append(doc.at("/year", f"year is {year} but the file name says {stem!r}"))
    window = _NoticeWindow(doc, year)
    holiday_problems, holidays = _read_holidays(window, record["holidays"])
    problems.extend(holiday_problems)
    overlap_problems, owner = _holiday_owners(doc, holidays)
    problems.extend(overlap_problems)
    adjusted_problems, adjusted = _read_adjusted_days(window, record["adjusted_working_days"], owner)
    problems.extend(adjusted_problems)
    published = dt.date.fromisoformat(record["published"])
    if published.year not in (year - 1, year):
        problems.append(doc.at("/published", f"published {published} is not in {year - 1} or {year}"))
    if problems:
        return problems, None
    return [], _notice(record, published, holidays, adjusted)


@dataclass(frozen=True)
class _NoticeWindow:
    """The dates one year's notice may arrange, with the file they are reported against.

    A notice arranges its own year, but a New Year holiday or its make-up day can fall in the
    December before (the 2019 notice set 2018-12-29 to work and 2018-12-30/31 off).
    """

    doc: YamlDoc
    year: int

    def problems(self, where: str, day: dt.date) -> list[Problem]:
        """A problem at ``where`` if ``day`` lies outside the window, else none."""
        earliest = dt.date(self.year - 1, 12, 1)
        latest = dt.date(self.year, 12, 31)
        if earliest <= day <= latest:
            return []
        return [self.doc.at(where, f"{day} is outside {earliest} to {latest}")]


def _read_holidays(window: _NoticeWindow, items: list[dict[str, Any]]) -> tuple[list[Problem], list[Holiday]]:
    """Each holiday with its own problems: a unique id, first <= last, both days in the window."""
    doc = window.doc
    problems: list[Problem] = []
    holidays: list[Holiday] = []
    ids: set[str] = set()
    for index, item in enumerate(items):
        where = f"/holidays/{index}"
        holiday = Holiday(
            id=item["id"],
            name_zh=item["name_zh"],
            first=dt.date.fromisoformat(item["first"]),
            last=dt.date.fromisoformat(item["last"]),
        )
        if holiday.id in ids:
            problems.append(doc.at(f"{where}/id", f"id {holiday.id!r} is used twice"))
        ids.add(holiday.id)
        if holiday.last < holiday.first:
            problems.append(doc.at(f"{where}/last", f"last {holiday.last} is before first {holiday.first}"))
        problems.extend(window.problems(f"{where}/first", holiday.first))
        problems.extend(window.problems(f"{where}/last", holiday.last))
        holidays.append(holiday)
    return problems, holidays


def _holiday_owners(doc: YamlDoc, holidays: list[Holiday]) -> tuple[list[Problem], dict[dt.date, str]]:
    """Which holiday each day off belongs to, and a problem for every day two holidays share."""
    problems: list[Problem] = []
    owner: dict[dt.date, str] = {}
    for holiday in holidays:
        for day in holiday.days():
            if day in owner:
                index = holidays.index(holiday)
                problems.append(doc.at(f"/holidays/{index}", f"{day} is in both {owner[day]!r} and {holiday.id!r}"))
            else:
                owner[day] = holiday.id
    return problems, owner


def _read_adjusted_days(
    window: _NoticeWindow, items: list[str], owner: Mapping[dt.date, str]
) -> tuple[list[Problem], set[dt.date]]:
    """The adjusted working days: in the window, on a weekend (else nothing is adjusted), not a day off."""
    doc = window.doc
    problems: list[Problem] = []
    adjusted: set[dt.date] = set()
    for index, text in enumerate(items):
        where = f"/adjusted_working_days/{index}"
        day = dt.date.fromisoformat(text)
        adjusted.add(day)
        problems.extend(window.problems(where, day))
        if day.weekday() < _SATURDAY:
            problems.append(doc.at(where, f"{day} is a weekday, not a Saturday or Sunday"))
        if day in owner:
            problems.append(doc.at(where, f"{day} is also a day off in {owner[day]!r}"))
    return problems, adjusted


def _notice(record: dict[str, Any], published: dt.date, holidays: list[Holiday], adjusted: set[dt.date]) -> YearNotice:
    """The checked file as a notice: built only once the file has no problems."""
    source = CalendarSource(
        year=record["year"],
        title=record["title"],
        document_number=record["document_number"],
        published=published,
        url=record["source_url"],
        verification=record["verification"],
        last_verified=dt.date.fromisoformat(record["last_verified"]),
    )
    return YearNotice(
        source=source,
        holidays=tuple(holidays),
        adjusted_working_days=frozenset(adjusted),
    )


def _cross_file_problems(notices: Iterable[tuple[YamlDoc, YearNotice]]) -> list[Problem]:
    """Days two files disagree on: a notice's December days can meet the previous year's file."""
    notices = list(notices)
    problems: list[Problem] = []
    owner: dict[dt.date, int] = {}
    for doc, notice in notices:
        for index, holiday in enumerate(notice.holidays):
            for day in holiday.days():
                if day in owner:
                    problems.append(
                        doc.at(
                            f"/holidays/{index}",
                            f"{day} is a day off in both {owner[day]}.yaml and {notice.year}.yaml",
                        )
                    )
                else:
                    owner[day] = notice.year
    for doc, notice in notices:
        for day in sorted(notice.adjusted_working_days):
            other = owner.get(day)
            if other is not None and other != notice.year:
                problems.append(
                    doc.at(
                        "/adjusted_working_days",
                        f"{day} is an adjusted working day here but a day off in {other}.yaml",
                    )
                )
    return problems
