"""Passphrases for sealed case files: how strong one is, and a strong one to suggest.

Pure: no Flask, no clock, no disk. ``suggest`` draws from ``secrets``; what it returns is shown on
one page and never stored or logged.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass

from clinic.passphrase.strength import (
    GUESSES_PER_SECOND_PER_CORE,
    MIN_BITS,
    MIN_LENGTH,
    Strength,
    estimate,
    seconds_to_guess,
)
from clinic.passphrase.words import CHINESE_SIMPLIFIED, CHINESE_TRADITIONAL, ENGLISH

__all__ = [
    "GUESSES_PER_SECOND_PER_CORE",
    "MIN_BITS",
    "MIN_LENGTH",
    "Strength",
    "Suggestion",
    "estimate",
    "seconds_to_guess",
    "suggest",
]

# Which list each language draws from, and how many words make at least MIN_BITS bits.
_LISTS: dict[str, tuple[str, ...]] = {
    "zh_Hans_CN": CHINESE_SIMPLIFIED,
    "zh_Hant_TW": CHINESE_TRADITIONAL,
}


@dataclass(frozen=True)
class Suggestion:
    """A generated passphrase; ``bits`` is its exact strength (words drawn × bits per word)."""

    text: str
    bits: float


def suggest(locale: str) -> Suggestion:
    """A passphrase of distinct random words from the person's language's list (English where
    there is none), with enough words for at least MIN_BITS bits, separated by spaces. The words
    are drawn without repeats: the strength estimate (rightly) marks a repeated word down, so a
    suggestion with one would be refused by the very check it is offered to pass."""
    words = _LISTS.get(locale, ENGLISH)
    count = 1
    while _distinct_bits(len(words), count) < MIN_BITS:
        count += 1
    draw = secrets.SystemRandom()
    text = " ".join(draw.sample(words, count))
    # The estimate also marks down words that contain other words ("sand" in "sandal"); about one
    # draw in a thousand ends just under the bar, and is drawn again rather than offered.
    for _ in range(_REDRAWS):
        if estimate(text).problem is None:
            break
        text = " ".join(draw.sample(words, count))
    return Suggestion(text, _distinct_bits(len(words), count))


_REDRAWS = 20


def _distinct_bits(size: int, count: int) -> float:
    """The entropy of ``count`` distinct words drawn in order from a list of ``size`` words."""
    return sum(math.log2(size - i) for i in range(count))
