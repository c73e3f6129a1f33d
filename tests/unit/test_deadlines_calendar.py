"""The holiday calendar: the real year files, the loader's checks and the schema."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar  # type: ignore[import-untyped, unused-ignore]
import pytest

from clinic.deadlines import CalendarError, HolidayCalendar, load_calendar
from clinic.deadlines.calendar import SCHEMA_PATH

CALENDAR_DIR = SCHEMA_PATH.parent.parent / "calendars"


def d(text: str) -> dt.date:
    """Shorthand for an ISO date in tables."""
    return dt.date.fromisoformat(text)


@pytest.fixture(scope="module")
def calendar() -> HolidayCalendar:
    return load_calendar(CALENDAR_DIR)


# --- The real calendar files ---------------------------------------------------------------------


def test_real_calendar_loads_every_year(calendar: HolidayCalendar) -> None:
    assert calendar.years == (2024, 2025, 2026)


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_real_calendar_agrees_with_chinese_calendar_every_day(calendar: HolidayCalendar, year: int) -> None:
    # Every single day of the year, so a typo in one date cannot hide.
    day = dt.date(year, 1, 1)
    disagreements = []
    while day.year == year:
        ours = calendar.is_working_day(day)
        theirs = chinese_calendar.is_workday(day)
        if ours != theirs:
            disagreements.append(f"{day} ({day:%a}): ours={ours} chinese_calendar={theirs}")
        day += dt.timedelta(days=1)
    assert disagreements == []


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_real_calendar_sources_are_gov_cn_and_dated(calendar: HolidayCalendar, year: int) -> None:
    source = calendar.sources[year]
    assert source.year == year
    assert source.url.startswith("https://www.gov.cn/")
    assert f"{year}年部分节假日安排" in source.title
    assert source.published < dt.date(year, 1, 1)
    assert source.verification in {
        "primary-text",
        "two-or-more-secondary",
        "one-source",
        "unverified",
    }


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # make-up Saturday before the 2026 Spring Festival
        ("2026-02-14", True),
        # make-up Saturday after the 2026 Spring Festival
        ("2026-02-28", True),
        # make-up Sunday before the 2025 Spring Festival
        ("2025-01-26", True),
        # make-up Sunday right after New Year 2026
        ("2026-01-04", True),
        # a Monday inside the 2026 Spring Festival
        ("2026-02-16", False),
        # a Wednesday inside the merged 2025 National Day / Mid-Autumn holiday
        ("2025-10-08", False),
        # Qingming 2026 falls on Saturday to Monday; the Monday is off
        ("2026-04-06", False),
        # an ordinary Saturday
        ("2025-03-15", False),
        # an ordinary Wednesday
        ("2025-03-12", True),
        # 2027 is not loaded: New Year's Day, a Friday, is an estimated holiday
        ("2027-01-01", False),
        # 2027 is not loaded: the Monday after, an estimated working day
        ("2027-01-04", True),
        # 2027 is not loaded: a Saturday is estimated as a rest day
        ("2027-01-02", False),
        # 2023 is not loaded: Monday to Friday estimate
        ("2023-12-29", True),
    ],
)
def test_is_working_day(calendar: HolidayCalendar, day: str, working: bool) -> None:
    assert calendar.is_working_day(d(day)) is working


@pytest.mark.parametrize(
    ("day", "covered"),
    [
        # first day of the first loaded year
        ("2024-01-01", True),
        # last day of the last loaded year
        ("2026-12-31", True),
        # the day before
        ("2023-12-31", False),
        # the day after: the 2027 notice is not in the data
        ("2027-01-01", False),
    ],
)
def test_covers(calendar: HolidayCalendar, day: str, covered: bool) -> None:
    assert calendar.covers(d(day)) is covered


@pytest.mark.parametrize(
    ("day", "holiday_id"),
    [
        # 2025: National Day and Mid-Autumn merged into one 8-day run
        ("2025-10-06", "national-day-mid-autumn"),
        # 2026 Spring Festival, nine days
        ("2026-02-20", "spring-festival"),
        # 2026 National Day
        ("2026-10-07", "national-day"),
        # an adjusted working day is not a holiday
        ("2026-02-14", None),
        # an ordinary weekend day is not a holiday either
        ("2025-03-15", None),
    ],
)
def test_holiday_on(calendar: HolidayCalendar, day: str, holiday_id: str | None) -> None:
    holiday = calendar.holiday_on(d(day))
    assert (holiday.id if holiday else None) == holiday_id


def test_empty_calendar_estimates_every_day() -> None:
    empty = HolidayCalendar()
    assert empty.years == ()
    assert not empty.covers(d("2026-02-16"))
    # Without data the Spring Festival Monday is an estimated holiday ...
    assert not empty.is_working_day(d("2026-02-16"))
    holiday = empty.holiday_on(d("2026-02-16"))
    assert holiday is not None and holiday.estimated and holiday.id == "spring-festival"
    # ... and, without estimates, a plain Monday.
    assert empty.is_working_day(d("2026-02-16"), estimates=False)
    assert empty.holiday_on(d("2026-02-16"), estimates=False) is None


# --- The loader ----------------------------------------------------------------------------------

VALID = """\
year: 2030
title: 国务院办公厅关于2030年部分节假日安排的通知
document_number: null
published: {q}2029-11-01{q}
source_url: https://www.gov.cn/zhengce/content/example.htm
verification: unverified
last_verified: {q}2029-11-02{q}
holidays:
  - id: new-year
    name_zh: 元旦
    first: {q}2029-12-30{q}
    last: {q}2030-01-01{q}
  - id: spring-festival
    name_zh: 春节
    first: {q}2030-02-02{q}
    last: {q}2030-02-08{q}
adjusted_working_days:
  - {q}2029-12-29{q}
  - {q}2030-02-09{q}
"""


def write(directory: Path, name: str, text: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")


def test_loader_reads_quoted_and_unquoted_dates_alike(tmp_path: Path) -> None:
    write(tmp_path / "plain", "2030.yaml", VALID.format(q=""))
    write(tmp_path / "quoted", "2030.yaml", VALID.format(q='"'))
    plain = load_calendar(tmp_path / "plain")
    quoted = load_calendar(tmp_path / "quoted")
    assert plain.notices == quoted.notices
    assert plain.sources[2030].published == d("2029-11-01")
    # A New Year run that starts in the December before the notice's year is allowed.
    assert not plain.is_working_day(d("2029-12-31"))
    assert plain.is_working_day(d("2029-12-29"))


def test_loader_reports_every_problem_in_every_file(tmp_path: Path) -> None:
    # Schema problems: each one is reported, not just the first.
    write(
        tmp_path,
        "2030.yaml",
        """\
year: 2030
title: ""
published: 2029-02-30
source_url: http://example.com/notice.htm
verification: probably
last_verified: 2029-11-02
holidays:
  - id: Spring Festival
    name_zh: 春节
    first: 2030-02-02
    last: 2030-02-08
adjusted_working_days: [2030-02-09]
surplus: 1
""",
    )
    # Problems only the loader can see: the file is valid against the schema.
    write(
        tmp_path,
        "2031.yaml",
        """\
year: 2032
title: 国务院办公厅关于2032年部分节假日安排的通知
document_number: null
published: 2020-01-01
source_url: https://www.gov.cn/zhengce/content/example.htm
verification: unverified
last_verified: 2031-11-02
holidays:
  - id: spring-festival
    name_zh: 春节
    first: 2032-02-10
    last: 2032-02-05
  - id: labour-day
    name_zh: 劳动节
    first: 2032-05-01
    last: 2032-05-05
  - id: labour-day
    name_zh: 劳动节
    first: 2032-05-05
    last: 2032-05-06
  - id: national-day
    name_zh: 国庆节
    first: 2033-01-01
    last: 2033-01-01
adjusted_working_days:
  - 2032-05-03
  - 2032-05-08
""",
    )
    # Not YAML at all.
    write(tmp_path, "2032.yaml", "year: [2032\n")
    # A valid file next to broken ones does not hide anything.
    write(
        tmp_path,
        "2033.yaml",
        """\
year: 2033
title: 国务院办公厅关于2033年部分节假日安排的通知
document_number: null
published: 2032-11-01
source_url: https://www.gov.cn/zhengce/content/example.htm
verification: unverified
last_verified: 2032-11-02
holidays:
  - id: new-year
    name_zh: 元旦
    first: 2033-01-01
    last: 2033-01-03
adjusted_working_days: []
""",
    )

    with pytest.raises(CalendarError) as caught:
        load_calendar(tmp_path)
    # Each problem is "folder/file:line: message", the line being that of the offending node.
    problems = [p.split("/", 1)[1] for p in caught.value.problems]
    expected = [
        # 2030.yaml, schema: a missing key
        ("2030.yaml:1:", "'document_number' is a required property"),
        # an unknown key
        ("2030.yaml:1:", "'surplus' was unexpected"),
        # an empty title
        ("2030.yaml:2:", "title: '' should be non-empty"),
        # 30 February: the right shape but not a real date
        ("2030.yaml:3:", "published: '2029-02-30' is not a 'date'"),
        # a URL that is not on www.gov.cn
        ("2030.yaml:4:", "source_url: 'http://example.com/notice.htm' does not match"),
        # a verification level outside the list
        ("2030.yaml:5:", "verification: 'probably' is not one of"),
        # an id that is not kebab-case
        ("2030.yaml:8:", "holidays/0/id: 'Spring Festival' does not match"),
        # 2031.yaml: the year does not match the file name
        ("2031.yaml:1:", "year is 2032 but the file name says '2031'"),
        # published long before the year it arranges
        ("2031.yaml:4:", "published 2020-01-01 is not in 2031 or 2032"),
        # a run that ends before it starts
        ("2031.yaml:12:", "last 2032-02-05 is before first 2032-02-10"),
        # the same id twice
        ("2031.yaml:17:", "id 'labour-day' is used twice"),
        # two runs that share a day
        ("2031.yaml:17:", "2032-05-05 is in both 'labour-day' and 'labour-day'"),
        # a date in the following year
        ("2031.yaml:23:", "2033-01-01 is outside 2031-12-01 to 2032-12-31"),
        ("2031.yaml:24:", "2033-01-01 is outside 2031-12-01 to 2032-12-31"),
        # a make-up day on a weekday (2032-05-03 is a Monday) ...
        ("2031.yaml:26:", "is a weekday"),
        # ... that is also a day off
        ("2031.yaml:26:", "is also a day off in 'labour-day'"),
        # 2032.yaml: a YAML syntax error, on the line where the parser gave up
        ("2032.yaml:2:", "YAML error"),
    ]
    missing = [
        (where, what) for where, what in expected if not any(p.startswith(where) and what in p for p in problems)
    ]
    assert missing == [], "\n".join(problems)
    assert len(problems) == len(expected), "\n".join(problems)
    assert all(problem in str(caught.value) for problem in caught.value.problems)
    assert not any(problem.startswith("2033.yaml") for problem in problems)


def test_loader_reports_days_two_files_disagree_on(tmp_path: Path) -> None:
    # The 2030 notice's New Year run starts in December 2029, which the 2029 file also covers.
    write(tmp_path, "2030.yaml", VALID.format(q=""))
    write(
        tmp_path,
        "2029.yaml",
        """\
year: 2029
title: 国务院办公厅关于2029年部分节假日安排的通知
document_number: null
published: 2028-11-01
source_url: https://www.gov.cn/zhengce/content/example.htm
verification: unverified
last_verified: 2028-11-02
holidays:
  - id: spring-festival
    name_zh: 春节
    first: 2029-02-10
    last: 2029-02-16
  - id: year-end
    name_zh: 年末
    first: 2029-12-29
    last: 2029-12-31
adjusted_working_days: [2029-02-17]
""",
    )
    with pytest.raises(CalendarError) as caught:
        load_calendar(tmp_path)
    assert [p.split("/", 1)[1] for p in caught.value.problems] == [
        # both files take the last two days of 2029 off
        "2030.yaml:9: 2029-12-30 is a day off in both 2029.yaml and 2030.yaml",
        "2030.yaml:9: 2029-12-31 is a day off in both 2029.yaml and 2030.yaml",
        # 2030.yaml makes 29 December a working Saturday, 2029.yaml a day off
        "2030.yaml:17: 2029-12-29 is an adjusted working day here but a day off in 2029.yaml",
    ]


def test_loader_rejects_an_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(CalendarError, match=r"no calendar files"):
        load_calendar(tmp_path)


def test_loader_rejects_a_timestamp_instead_of_a_date(tmp_path: Path) -> None:
    # A timestamp is not a date, quoted or not.
    write(
        tmp_path,
        "2030.yaml",
        VALID.format(q="").replace("published: 2029-11-01", "published: 2029-11-01 10:00:00"),
    )
    with pytest.raises(CalendarError, match=r"2030\.yaml:4: schema: published:"):
        load_calendar(tmp_path)
