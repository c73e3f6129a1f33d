"""The Gregorian dates of the festivals that move with the Chinese calendar, for the years we estimate.

The State Council publishes each year's holidays only a month or two before the year starts, so a
period that runs into the next year needs an estimate. Four of the seven holidays move: the Spring
Festival (农历正月初一), the Dragon Boat Festival (农历五月初五) and Mid-Autumn (农历八月十五) follow
the lunisolar calendar, and Qingming follows the solar term 清明 (4 or 5 April). Their dates are
fixed by astronomy long in advance, so a short table is exact where a computation at run time would
only add risk near midnight and at the rare leap-month edge cases (2033 is one: under the national
standard GB/T 33661-2017 its leap month is the eleventh, which keeps Mid-Autumn 2033 on 8 September
and moves the 2034 Spring Festival to 19 February).

The table is checked in the tests against an independent computation: new moons from Meeus's
series (Astronomical Algorithms, ch. 49) and the solar terms of the ``chinese_calendar`` package,
which in turn are checked against every published holiday from 2008 to 2026. Extend it when the
years run out: a year missing here is still estimated, only without its moving holidays.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class LunarYear:
    """One Gregorian year's moving festival days: each festival's day itself, in Beijing time."""

    spring_festival: dt.date  # 农历正月初一
    qingming: dt.date  # the solar term 清明
    dragon_boat: dt.date  # 农历五月初五
    mid_autumn: dt.date  # 农历八月十五


def _year(spring: str, qingming: str, dragon: str, autumn: str) -> LunarYear:
    """One table row from ISO dates, so the table reads as a table."""
    return LunarYear(*(dt.date.fromisoformat(text) for text in (spring, qingming, dragon, autumn)))


#: Per year: 正月初一, 清明, 五月初五, 八月十五. 2024-2026 are kept so the estimate can be compared
#: with the published notices of those years.
FESTIVALS = MappingProxyType(
    {
        2024: _year("2024-02-10", "2024-04-04", "2024-06-10", "2024-09-17"),
        2025: _year("2025-01-29", "2025-04-04", "2025-05-31", "2025-10-06"),
        2026: _year("2026-02-17", "2026-04-05", "2026-06-19", "2026-09-25"),
        2027: _year("2027-02-06", "2027-04-05", "2027-06-09", "2027-09-15"),
        2028: _year("2028-01-26", "2028-04-04", "2028-05-28", "2028-10-03"),
        2029: _year("2029-02-13", "2029-04-04", "2029-06-16", "2029-09-22"),
        2030: _year("2030-02-03", "2030-04-05", "2030-06-05", "2030-09-12"),
        2031: _year("2031-01-23", "2031-04-05", "2031-06-24", "2031-10-01"),
        2032: _year("2032-02-11", "2032-04-04", "2032-06-12", "2032-09-19"),
        2033: _year("2033-01-31", "2033-04-04", "2033-06-01", "2033-09-08"),
        2034: _year("2034-02-19", "2034-04-05", "2034-06-20", "2034-09-27"),
        2035: _year("2035-02-08", "2035-04-05", "2035-06-10", "2035-09-16"),
    }
)


def festivals(year: int) -> LunarYear | None:
    """Return ``year``'s moving festival days, or None if the table does not reach that year."""
    return FESTIVALS.get(year)
