"""A deadline as an iCalendar (RFC 5545) file with one all-day event.

The caller supplies every variable part, including the UID and the DTSTAMP, so the output is a
pure function of the arguments: this module never reads the clock and never draws random numbers.

Phone calendars copy events to online accounts, so nothing in the file is allowed to name this
service or the legal matter by itself: the PRODID is generic, and the summary and the (optional)
description are whatever the caller chose with the person.
"""

from __future__ import annotations

import datetime as dt
import re

from clinic.deadlines.periods import Deadline

# Generic on purpose: the PRODID is kept by calendar services and must not name the app.
PRODID = "-//Calendar//EN"

_CRLF = "\r\n"
_MAX_OCTETS = 75
# RFC 5545 §3.3.11 allows no C0 control or DEL in TEXT; tab may stay, newlines are escaped.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def deadline_to_ics(
    deadline: Deadline,
    *,
    summary: str,
    description: str,
    uid: str,
    stamp: dt.datetime,
) -> bytes:
    """Return a UTF-8 VCALENDAR with one all-day VEVENT on ``deadline.due``.

    ``summary`` and ``description`` are plain text (newlines allowed); an empty ``description``
    leaves the DESCRIPTION property out. ``uid`` must be globally unique and non-empty; ``stamp``
    must be timezone-aware and becomes DTSTAMP in UTC. Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character. Raises ``ValueError`` for
    a naive ``stamp``, an empty ``uid``, or control characters other than tab and newline.
    """
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        raise ValueError("stamp must be timezone-aware")
    if not uid.strip():
        raise ValueError("uid must not be empty")
    if "\n" in uid or "\r" in uid:
        raise ValueError("uid must be one line")
    utc_stamp = stamp.astimezone(dt.UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{utc_stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{_ics_date(deadline.due)}",
        # DTEND is exclusive, so a one-day all-day event ends the next day.
        f"DTEND;VALUE=DATE:{_ics_date(deadline.due + dt.timedelta(days=1))}",
        f"SUMMARY:{escape_text(summary)}",
        *([f"DESCRIPTION:{escape_text(description)}"] if description else []),
        # An all-day reminder should not show the person as busy.
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold_line(line) + _CRLF for line in lines).encode("utf-8")


def escape_text(value: str) -> str:
    r"""Escape a TEXT value: backslash, semicolon, comma and newline become \\ \; \, \n."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    bad = _FORBIDDEN.search(value)
    if bad is not None:
        raise ValueError(f"control character U+{ord(bad.group()):04X} is not allowed in text")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold a content line into CRLF-joined pieces of at most 75 octets each.

    Continuation pieces start with one space, which counts towards their 75 octets. A piece never
    ends inside a multi-byte UTF-8 character.
    """
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = _MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
            limit = _MAX_OCTETS - 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return (_CRLF + " ").join(pieces)


def _ics_date(day: dt.date) -> str:
    """Format a DATE value, e.g. 20260224."""
    return f"{day:%Y%m%d}"
