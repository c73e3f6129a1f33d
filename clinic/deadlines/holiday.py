"""A run of days off, published or estimated: the one shape both kinds of holiday share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Holiday:
    """A continuous run of days off, e.g. the Spring Festival week.

    ``estimated`` is True for a holiday guessed for a year whose notice is not published yet: it
    must never be shown as certain.
    """

    id: str
    name_zh: str
    first: dt.date
    last: dt.date
    estimated: bool = False

    def days(self) -> Iterator[dt.date]:
        """Yield every date from ``first`` to ``last`` inclusive."""
        day = self.first
        while day <= self.last:
            yield day
            day += dt.timedelta(days=1)
