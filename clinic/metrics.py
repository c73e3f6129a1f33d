"""Aggregate counts, off by default: letters made per letter type and locale, and letters refused
because the worker was busy. Nothing derived from what people type; no time series, no ids.

When enabled (CLINIC_METRICS_PORT), the counters live in shared memory created before gunicorn forks
its workers, so every worker adds to the same numbers, and they are served at /metrics only on that
port and only to the loopback interface.
"""

from __future__ import annotations

import ipaddress
import multiprocessing
from collections.abc import Sequence
from multiprocessing.sharedctypes import RawArray
from typing import Any


class Metrics:
    """Counters indexed by (letter number, locale), plus a busy counter."""

    def __init__(self, letter_numbers: Sequence[int], locales: Sequence[str], enabled: bool) -> None:
        self.enabled = enabled
        self._numbers = list(letter_numbers)
        self._locales = list(locales)
        self._counts: Any = None
        self._lock: Any = None
        if enabled:
            self._counts = RawArray("q", len(self._numbers) * len(self._locales) + 1)
            self._lock = multiprocessing.Lock()

    def _add(self, index: int) -> None:
        if self._counts is None:
            return
        with self._lock:
            self._counts[index] += 1

    def count_letter(self, number: int, locale: str) -> None:
        """One letter of this type was made in this locale."""
        if number in self._numbers and locale in self._locales:
            self._add(self._numbers.index(number) * len(self._locales) + self._locales.index(locale))

    def count_busy(self) -> None:
        """One letter was refused because the worker was already rendering."""
        self._add(len(self._numbers) * len(self._locales))

    def exposition(self) -> str:
        """The counters in the Prometheus text format."""
        lines = [
            "# HELP clinic_letters_total Letters made, by letter type and interface language.",
            "# TYPE clinic_letters_total counter",
        ]
        for i, number in enumerate(self._numbers):
            for j, locale in enumerate(self._locales):
                value = self._counts[i * len(self._locales) + j] if self._counts is not None else 0
                lines.append(f'clinic_letters_total{{letter="{number}",locale="{locale}"}} {value}')
        busy = self._counts[len(self._numbers) * len(self._locales)] if self._counts is not None else 0
        lines += [
            "# HELP clinic_letters_busy_total Letters refused with 503 because the worker was busy.",
            "# TYPE clinic_letters_busy_total counter",
            f"clinic_letters_busy_total {busy}",
        ]
        return "\n".join(lines) + "\n"


def is_loopback(address: str | None) -> bool:
    """Whether a remote address is on the loopback interface."""
    try:
        return address is not None and ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False
