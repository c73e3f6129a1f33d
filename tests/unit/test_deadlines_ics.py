"""The deadline as an iCalendar file: structure, escaping, folding, and a minimal parse back."""

from __future__ import annotations

import datetime as dt

import pytest

from clinic.deadlines import (
    Deadline,
    HolidayCalendar,
    Period,
    compute_deadline,
    deadline_to_ics,
)
from clinic.deadlines.ics import escape_text, fold_line

STAMP = dt.datetime(2026, 2, 5, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
LONG_ZH = "请在此日期前向执行法院提交书面异议，并附身份证明、证据及送达地址。" * 4


def make_deadline(due: str) -> Deadline:
    """A deadline due on ``due`` (a 1-day period from the day before, in a calendar-free world)."""
    day = dt.date.fromisoformat(due)
    deadline = compute_deadline(day - dt.timedelta(days=1), Period(1, "days"), HolidayCalendar())
    assert deadline.due == day  # the helper only makes sense for weekdays
    return deadline


def render(due: str = "2026-02-24", **overrides: str) -> bytes:
    fields = {
        "summary": "Objection deadline",
        "description": "File the objection.",
        "uid": "deadline-1@example.invalid",
    }
    fields.update(overrides)
    return deadline_to_ics(make_deadline(due), stamp=STAMP, **fields)


def unfold(payload: bytes) -> list[str]:
    """Minimal RFC 5545 reader: split on CRLF, join continuation lines, decode."""
    physical = payload.split(b"\r\n")
    assert physical[-1] == b""  # the file ends with CRLF
    logical: list[bytes] = []
    for line in physical[:-1]:
        if line.startswith(b" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return [line.decode("utf-8") for line in logical]


def properties(payload: bytes) -> dict[str, str]:
    """Property name (with parameters) to value, for the lines of the one VEVENT."""
    result: dict[str, str] = {}
    for line in unfold(payload):
        name, _, value = line.partition(":")
        result[name] = value
    return result


def unescape(value: str) -> str:
    """Undo TEXT escaping."""
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def test_structure() -> None:
    lines = unfold(render())
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert "PRODID:-//Calendar//EN" in lines
    assert lines.count("BEGIN:VEVENT") == 1
    assert lines.count("END:VEVENT") == 1


def test_every_line_ends_in_crlf() -> None:
    payload = render(description="one\ntwo\r\nthree")
    assert payload.endswith(b"\r\n")
    assert payload.count(b"\n") == payload.count(b"\r\n")
    assert payload.count(b"\r") == payload.count(b"\r\n")


@pytest.mark.parametrize(
    ("due", "start", "end"),
    [
        # an ordinary day
        ("2026-02-24", "20260224", "20260225"),
        # DTEND is exclusive: the last day of February rolls into March
        ("2025-02-28", "20250228", "20250301"),
        # leap day
        ("2028-02-29", "20280229", "20280301"),
        # the last day of the year rolls into the next year
        ("2026-12-31", "20261231", "20270101"),
    ],
)
def test_all_day_event_on_due_date(due: str, start: str, end: str) -> None:
    props = properties(render(due))
    assert props["DTSTART;VALUE=DATE"] == start
    assert props["DTEND;VALUE=DATE"] == end


def test_stamp_is_converted_to_utc() -> None:
    # 09:30 in Beijing is 01:30 UTC.
    assert properties(render())["DTSTAMP"] == "20260205T013000Z"


def test_naive_stamp_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        deadline_to_ics(
            make_deadline("2026-02-24"),
            summary="s",
            description="d",
            uid="u",
            stamp=dt.datetime(2026, 2, 5, 9, 30),
        )


@pytest.mark.parametrize("uid", ["", "   ", "two\nlines"])
def test_bad_uid_is_refused(uid: str) -> None:
    with pytest.raises(ValueError, match="uid"):
        render(uid=uid)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        # comma separates values in a list
        ("a,b", "a\\,b"),
        # semicolon separates parameters
        ("a;b", "a\\;b"),
        # backslash is the escape character itself, and is escaped first
        ("C:\\path", "C:\\\\path"),
        # an already escaped-looking sequence is escaped again, not trusted
        ("\\n", "\\\\n"),
        # newline becomes the two characters \n
        ("one\ntwo", "one\\ntwo"),
        # CRLF and lone CR are newlines too
        ("one\r\ntwo\rthree", "one\\ntwo\\nthree"),
        # Chinese text and full-width punctuation pass unchanged
        ("执行异议，截止日期；", "执行异议，截止日期；"),
        # a colon needs no escaping in a value
        ("Note: file", "Note: file"),
    ],
)
def test_escape_text(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x1b[31m", "\x7f"])
def test_control_characters_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="control character"):
        escape_text(f"a{bad}b")


def test_summary_and_description_parse_back_unchanged() -> None:
    summary = "Deadline; objection, Art. 236 \\ court"
    description = f"Line one, with comma;\nline two\n{LONG_ZH}"
    props = properties(render(summary=summary, description=description))
    assert unescape(props["SUMMARY"]) == summary
    assert unescape(props["DESCRIPTION"]) == description


def test_long_lines_fold_at_75_octets_without_splitting_characters() -> None:
    payload = render(summary="截止日期" * 30, description=LONG_ZH)
    physical = payload.split(b"\r\n")[:-1]
    assert max(len(line) for line in physical) <= 75
    # Each physical line decodes on its own: no UTF-8 sequence is cut in two.
    for line in physical:
        line.decode("utf-8")
    assert sum(line.startswith(b" ") for line in physical) > 4


@pytest.mark.parametrize(
    ("line", "folded"),
    [
        # short lines are untouched
        ("SUMMARY:x", "SUMMARY:x"),
        # exactly 75 octets: untouched
        ("A" * 75, "A" * 75),
        # 76 octets: one continuation line of a space and one octet
        ("A" * 76, "A" * 75 + "\r\n A"),
        # continuation lines hold 74 octets after their space
        ("A" * 150, "A" * 75 + "\r\n " + "A" * 74 + "\r\n A"),
        # 25 three-octet characters are exactly 75 octets
        ("中" * 25, "中" * 25),
        # one more octet in front: the 25th character moves whole to the next line
        ("X" + "中" * 25, "X" + "中" * 24 + "\r\n 中"),
        # a four-octet character (outside the BMP) is never cut either
        ("X" * 73 + "𠀋", "X" * 73 + "\r\n 𠀋"),
    ],
)
def test_fold_line(line: str, folded: str) -> None:
    assert fold_line(line) == folded


def test_output_is_deterministic() -> None:
    # The caller supplies uid and stamp; nothing comes from the clock or randomness.
    assert render() == render()


def test_prodid_names_no_app() -> None:
    """Calendar services keep the PRODID: it must not say which tool made the event."""
    text = render().decode("utf-8").lower()
    assert "clinic" not in text and "due process" not in text


def test_an_empty_description_is_left_out() -> None:
    props = properties(render(description=""))
    assert "DESCRIPTION" not in props
    assert props["SUMMARY"] == "Objection deadline"
