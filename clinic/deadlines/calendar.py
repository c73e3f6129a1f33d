"""China's official working-day calendar, loaded from one YAML file per year.

Each file in ``content/calendars/`` records one State Council General Office notice: the holidays
(放假) and the weekend days made into working days (调休上班) for that year. ``load_calendar``
checks every file against ``content/schemas/calendar.schema.json`` and a few rules a schema cannot
express, and reports every problem at once. The resulting ``HolidayCalendar`` answers "is this a
working day?" for any date; for a year with no notice loaded it falls back to Monday to Friday and
says so through ``covers``, so callers can mark a result as an estimate instead of failing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast

import yaml

# jsonschema ships no type information; the ignore stays harmless if stubs are installed later.
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped, unused-ignore]

Verification = Literal["primary-text", "two-or-more-secondary", "one-source", "unverified"]

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "content" / "schemas" / "calendar.schema.json"

_SATURDAY = 5


class _DatesAsTextLoader(yaml.SafeLoader):
    """A safe YAML loader that leaves dates as text, quoted or not.

    PyYAML would turn 2025-02-30 into a ValueError that hides every other problem in the file, and
    quoted and unquoted dates into different types; as text, the schema checks both alike.
    """


_DatesAsTextLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class CalendarError(Exception):
    """One or more calendar files are invalid; ``problems`` lists every one of them."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        listing = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the holiday calendar:\n{listing}")


@dataclass(frozen=True)
class Holiday:
    """A continuous run of days off set by a notice, e.g. the Spring Festival week."""

    id: str
    name_zh: str
    first: dt.date
    last: dt.date

    def days(self) -> Iterator[dt.date]:
        """Yield every date from ``first`` to ``last`` inclusive."""
        day = self.first
        while day <= self.last:
            yield day
            day += dt.timedelta(days=1)


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
    """Working days and rest days for the years whose notices are loaded.

    A date is a working day if it is an adjusted working day, otherwise if it is a Monday to
    Friday that is not a holiday. Outside the loaded years the same rule runs with no holidays,
    which is only an estimate: check ``covers`` before presenting a result as certain.
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

    def is_adjusted_working_day(self, day: dt.date) -> bool:
        """Return True if ``day`` is a weekend day made into a working day (调休上班)."""
        return day in self._adjusted

    def holiday_on(self, day: dt.date) -> Holiday | None:
        """Return the holiday ``day`` falls in, or None."""
        return self._holiday_on.get(day)

    def is_working_day(self, day: dt.date) -> bool:
        """Return True if ``day`` is a working day.

        Weekends are rest days unless adjusted to working days; holidays are rest days. For a year
        that is not loaded this is an estimate: Monday to Friday.
        """
        if day in self._adjusted:
            return True
        if day in self._holiday_on:
            return False
        return day.weekday() < _SATURDAY


def load_calendar(directory: Path, *, schema_path: Path = SCHEMA_PATH) -> HolidayCalendar:
    """Load every ``*.yaml`` file in ``directory`` into a ``HolidayCalendar``.

    Each file is checked against the JSON Schema and against rules the schema cannot express (file
    name equals year, real dates, first <= last, unique ids, no overlaps, adjusted working days on
    weekends, dates within the notice's year). Raises ``CalendarError`` listing every problem in
    every file, not just the first.
    """
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    problems: list[str] = []
    notices: list[YearNotice] = []
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        problems.append(f"{directory}: no calendar files (*.yaml) found")
    for path in paths:
        file_problems, notice = _check_file(path, validator)
        problems.extend(file_problems)
        if notice is not None:
            notices.append(notice)
    # Years are unique because each file's year must equal its name.
    problems.extend(_cross_file_problems(notices))
    if problems:
        raise CalendarError(problems)
    return HolidayCalendar(notices)


def _check_file(path: Path, validator: Any) -> tuple[list[str], YearNotice | None]:
    """Return the problems in one file and, if there are none, its notice."""
    name = path.name
    try:
        # _DatesAsTextLoader is a SafeLoader subclass: no arbitrary Python objects.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_DatesAsTextLoader)  # noqa: S506
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return [f"{name}: cannot be read as YAML: {_one_line(str(error))}"], None
    problems = [
        f"{name}: {_json_path(error.absolute_path)}: {error.message}"
        for error in sorted(validator.iter_errors(data), key=_error_order)
    ]
    if problems:
        # Rules below assume the shape the schema guarantees.
        return problems, None
    record = cast(dict[str, Any], data)
    year: int = record["year"]
    if path.stem != str(year):
        problems.append(f"{name}: year is {year} but the file name says {path.stem!r}")

    # A notice arranges its own year, but a New Year holiday or its make-up day can fall in the
    # December before (the 2019 notice set 2018-12-29 to work and 2018-12-30/31 off).
    earliest = dt.date(year - 1, 12, 1)
    latest = dt.date(year, 12, 31)

    def in_range(where: str, day: dt.date) -> None:
        if not earliest <= day <= latest:
            problems.append(f"{name}: {where}: {day} is outside {earliest} to {latest}")

    holidays: list[Holiday] = []
    ids: set[str] = set()
    for index, item in enumerate(record["holidays"]):
        where = f"holidays[{index}]"
        holiday = Holiday(
            id=item["id"],
            name_zh=item["name_zh"],
            first=dt.date.fromisoformat(item["first"]),
            last=dt.date.fromisoformat(item["last"]),
        )
        if holiday.id in ids:
            problems.append(f"{name}: {where}: id {holiday.id!r} is used twice")
        ids.add(holiday.id)
        if holiday.last < holiday.first:
            problems.append(f"{name}: {where}: last {holiday.last} is before first {holiday.first}")
        in_range(f"{where}.first", holiday.first)
        in_range(f"{where}.last", holiday.last)
        holidays.append(holiday)

    owner: dict[dt.date, str] = {}
    for holiday in holidays:
        for day in holiday.days():
            if day in owner:
                problems.append(f"{name}: {day} is in both {owner[day]!r} and {holiday.id!r}")
            else:
                owner[day] = holiday.id

    adjusted: set[dt.date] = set()
    for index, text in enumerate(record["adjusted_working_days"]):
        where = f"adjusted_working_days[{index}]"
        day = dt.date.fromisoformat(text)
        adjusted.add(day)
        in_range(where, day)
        if day.weekday() < _SATURDAY:
            problems.append(f"{name}: {where}: {day} is a weekday, not a Saturday or Sunday")
        if day in owner:
            problems.append(f"{name}: {where}: {day} is also a day off in {owner[day]!r}")

    published = dt.date.fromisoformat(record["published"])
    if published.year not in (year - 1, year):
        problems.append(f"{name}: published {published} is not in {year - 1} or {year}")

    if problems:
        return problems, None
    source = CalendarSource(
        year=year,
        title=record["title"],
        document_number=record["document_number"],
        published=published,
        url=record["source_url"],
        verification=record["verification"],
        last_verified=dt.date.fromisoformat(record["last_verified"]),
    )
    notice = YearNotice(
        source=source,
        holidays=tuple(holidays),
        adjusted_working_days=frozenset(adjusted),
    )
    return [], notice


def _cross_file_problems(notices: Iterable[YearNotice]) -> list[str]:
    """Days two files disagree on: a notice's December days can meet the previous year's file."""
    notices = list(notices)
    problems: list[str] = []
    owner: dict[dt.date, int] = {}
    for notice in notices:
        for holiday in notice.holidays:
            for day in holiday.days():
                if day in owner:
                    problems.append(
                        f"{notice.year}.yaml: {day} is a day off in both {owner[day]}.yaml and {notice.year}.yaml"
                    )
                else:
                    owner[day] = notice.year
    for notice in notices:
        for day in sorted(notice.adjusted_working_days):
            other = owner.get(day)
            if other is not None and other != notice.year:
                problems.append(
                    f"{notice.year}.yaml: {day} is an adjusted working day here but a day off in {other}.yaml"
                )
    return problems


def _error_order(error: Any) -> tuple[str, str]:
    """Sort schema errors by location, then message, so reports are stable."""
    return _json_path(error.absolute_path), str(error.message)


def _json_path(parts: Iterable[object]) -> str:
    """Render a jsonschema error location like ``holidays[2].first`` (``(top)`` for the root)."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top)"


def _one_line(text: str) -> str:
    """Collapse a multi-line parser message onto one line."""
    return " ".join(text.split())
