"""How many guesses a passphrase would take to find, estimated without any outside dependency.

A sealed case file can be attacked offline at about six guesses a second per processor core (the
key derivation's cost), so the save page refuses passphrases that would fall quickly. The estimate
is deliberately simple and errs towards "weaker": it finds the cheapest way to build the passphrase
from pieces an attacker would try (words from the built-in lists and a short list of common
passwords, repeated characters, runs such as "abcd", "4321" or "qwer", repeats of an earlier part,
and single characters), adds up the bits of each piece, and calls that the passphrase's strength.
Pure: no Flask, no clock, no disk.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from clinic.passphrase.words import CHINESE_SIMPLIFIED, CHINESE_TRADITIONAL, ENGLISH

MIN_LENGTH = 12
# 2**44 guesses: on average about 46 years for a thousand cores at six guesses a second each.
MIN_BITS = 44.0
# Measured cost of one guess against a sealed file (Argon2id, 64 MiB, 3 iterations, one lane).
GUESSES_PER_SECOND_PER_CORE = 6.0

# Passwords and phrases people pick first, all of which an attacker tries first. Kept short on
# purpose: the length minimum already rules out most short favourites.
COMMON = (
    "password passwort motdepasse qwerty qwertz azerty iloveyou letmein welcome admin administrator "
    "monkey dragon master shadow sunshine princess football baseball superman batman trustno1 "
    "whatever freedom starwars secret changeme default login abc123 "
    "woaini aini wode mima zhongguo beijing shanghai nihao xiexie laopo laogong baobei "
    "zhangwei wangwei liwei wangfang liuyang "
    "5201314 1314520 520520 woaini1314 "
    "一帆风顺 万事如意 心想事成 恭喜发财 身体健康 步步高升 年年有余 岁岁平安 吉祥如意 龙马精神 "
    "马到成功 大吉大利 花好月圆 天长地久 一生一世 我爱你 中华人民共和国 "
    "一帆風順 萬事如意 恭喜發財 身體健康 步步高陞 年年有餘 歲歲平安 龍馬精神 馬到成功 花好月圓 "
    "天長地久 我愛你 中華人民共和國"
).split()
# Characters an attacker's rules swap for letters ("p@ssw0rd").
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
# Runs of neighbours people type: alphabet, digits, keyboard rows (forwards and backwards).
_RUNS = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx3edc")
_SEPARATORS = frozenset(" -_.,/+")
_MAX_WORD = 16
# Repeats are looked for this far back (a period of at most 32 characters).
_MAX_PERIOD = 32
# Only this many characters are estimated; anything after them is counted as adding nothing,
# which keeps the work bounded and can only make the estimate lower.
MAX_ESTIMATED = 128


@dataclass(frozen=True)
class Strength:
    """The estimate for one passphrase: its bits (log2 of the guesses), and whether it is long
    and strong enough. ``problem`` is None, "too-short" or "too-weak"."""

    bits: float
    length: int

    @property
    def guesses(self) -> float:
        """Guesses needed to try every passphrase of this kind (an attacker needs half, on average)."""
        return float(2.0**self.bits)

    @property
    def problem(self) -> str | None:
        """Why the passphrase is refused, or None when it is fine."""
        if self.length < MIN_LENGTH:
            return "too-short"
        if self.bits < MIN_BITS:
            return "too-weak"
        return None


def seconds_to_guess(bits: float, cores: int = 1) -> float:
    """Average seconds to guess a secret of ``bits`` bits on ``cores`` cores (half the space)."""
    return float(2.0 ** (bits - 1) / (GUESSES_PER_SECOND_PER_CORE * cores))


@cache
def _dictionary() -> dict[str, float]:
    """Every known word with the bits it costs: log2 of its list's length."""
    known: dict[str, float] = {}
    for words in (ENGLISH, CHINESE_SIMPLIFIED, CHINESE_TRADITIONAL):
        for word in words:
            known.setdefault(word, math.log2(len(words)))
    for word in COMMON:
        known[word] = math.log2(len(COMMON))
    return known


def _char_bits(char: str) -> float:
    """Bits for a character an attacker must guess on its own, by kind. CJK characters count
    far below log2(3,500) because people type words and phrases, not random characters."""
    if char.isdigit():
        return math.log2(10)
    if "a" <= char.lower() <= "z":
        return 4.0
    if char in _SEPARATORS:
        return 2.0
    name = unicodedata.name(char, "")
    if name.startswith(("CJK UNIFIED", "CJK COMPATIBILITY")):
        return 5.0
    if char.isalpha():
        return 4.0
    return 5.0  # punctuation and symbols


def _is_run_step(previous: str, char: str) -> bool:
    """Whether ``char`` follows ``previous`` in a run people type (abc, 321, qwe)."""
    pair = previous + char
    return any(pair in run or pair in run[::-1] for run in _RUNS)


def _repeat_length(folded: str, i: int, period: int) -> int:
    """How many characters from ``i`` on copy the text ``period`` characters earlier."""
    length = 0
    while i + length < len(folded) and folded[i + length] == folded[i + length - period]:
        length += 1
    return length


def _single_cost(text: str, folded: str, i: int, seen_separators: set[str]) -> float:
    """Bits for character ``i`` guessed on its own: cheap when it repeats the one before or
    continues a run, free when it is a separator already used."""
    char = text[i]
    if i and (folded[i] == folded[i - 1] or _is_run_step(folded[i - 1], folded[i])):
        return 1.0
    if char in _SEPARATORS and char in seen_separators:
        return 0.0  # the same separator between every word tells the attacker nothing new
    return _char_bits(char) + (1.0 if char.isupper() and i and text[i - 1].isalpha() else 0.0)


def _word_costs(text: str, folded: str, leet: str, i: int) -> Iterator[tuple[int, float]]:
    """(end, bits) for every known word that starts at ``i``; capitals and swapped characters
    ("p@ss") each add a bit."""
    known = _dictionary()
    for j in range(i + 2, min(len(text), i + _MAX_WORD) + 1):
        piece = folded[i:j]
        bits = known.get(piece, known.get(leet[i:j], math.inf))
        if bits != math.inf:
            yield j, bits + (1.0 if text[i:j] != piece else 0.0) + (1.0 if piece not in known else 0.0)


def estimate(passphrase: str) -> Strength:
    """The cheapest split of the passphrase into pieces, and its total bits."""
    full = unicodedata.normalize("NFKC", passphrase)
    text = full[:MAX_ESTIMATED]
    folded = text.lower()
    leet = folded.translate(_LEET)
    best = [0.0] + [math.inf] * len(text)
    seen_separators: set[str] = set()
    for i, char in enumerate(text):
        best[i + 1] = min(best[i + 1], best[i] + _single_cost(text, folded, i, seen_separators))
        if char in _SEPARATORS:
            seen_separators.add(char)
        for end, bits in _word_costs(text, folded, leet, i):
            best[end] = min(best[end], best[i] + bits)
        for period in range(1, min(i, _MAX_PERIOD) + 1):
            # a copy of the part just before ("abcabcabc", "aaaa"): its period and its length
            length = _repeat_length(folded, i, period)
            if length >= 2:
                best[i + length] = min(best[i + length], best[i] + math.log2(period) + math.log2(length) + 1.0)
    return Strength(bits=best[-1], length=len(full))
