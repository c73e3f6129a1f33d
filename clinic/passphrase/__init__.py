"""Passphrases for sealed case files: how strong one is, and a strong one to suggest.

Pure: no Flask, no clock, no disk. ``suggest`` draws from ``secrets``; what it returns is shown on
one page and never stored or logged.
"""

from __future__ import annotations

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
    """A passphrase of random words from the person's language's list (English where there is
    none), with enough words for at least MIN_BITS bits, separated by spaces."""
    words = _LISTS.get(locale, ENGLISH)
    per_word = len(words).bit_length() - 1  # each list's length is a power of two
    count = -(-int(MIN_BITS) // per_word)
    return Suggestion(" ".join(secrets.choice(words) for _ in range(count)), float(per_word * count))
