"""The passphrase strength estimate and the suggested passphrases."""

from __future__ import annotations

import time

import pytest

from clinic import passphrase
from clinic.passphrase import MIN_BITS, estimate, seconds_to_guess, suggest
from clinic.passphrase.words import CHINESE_SIMPLIFIED, CHINESE_TRADITIONAL, ENGLISH


@pytest.mark.parametrize(
    "weak",
    [
        "123456789012",  # a run of digits
        "aaaaaaaaaaaa",  # one character repeated
        "passwordpassword",  # a common password, twice
        "p@ssw0rdp@ssw0rd",  # with the swaps every cracking tool tries
        "Password2024!",
        "qwertyuiop12",  # a keyboard row
        "iloveyou2010",
        "woaini1314520",
        "abcabcabcabcabc",  # a repeated pattern
        "一帆风顺万事如意心想事成",  # three greetings everyone knows
        "violet violet violet",  # the same word three times
        "a" * 1024,
    ],
)
def test_weak_passphrases_are_refused(weak: str) -> None:
    strength = estimate(weak)
    assert strength.problem == "too-weak", (weak, strength.bits)


@pytest.mark.parametrize("short", ["1", "123456", "k9#Xq!v2", "xZ9!qP2@wL4"])
def test_anything_shorter_than_12_characters_is_refused(short: str) -> None:
    assert estimate(short).problem == "too-short"


@pytest.mark.parametrize(
    "strong",
    [
        "correct horse battery staple",
        "my cat likes green apples",
        "我的女儿出生在二零一零年的春天",
        "تاغ ئۈستىدە ئاق بۇلۇت لەيلەيدۇ",
        "Kx9#mQ2!vL7$pW4z",
    ],
)
def test_strong_passphrases_pass(strong: str) -> None:
    assert estimate(strong).problem is None, (strong, estimate(strong).bits)


def test_words_from_the_lists_count_as_words_not_letters() -> None:
    """Five listed words are worth 5 × 9 bits (and a separator), not 30 letters × 4 bits."""
    phrase = "topaz lion barn stable water"
    assert all(word in ENGLISH for word in phrase.split())
    assert estimate(phrase).bits == pytest.approx(5 * 9 + 2)


def test_the_estimate_takes_little_time_at_the_longest() -> None:
    started = time.perf_counter()
    for text in ("ab" * 512, "x7#" * 341, "中文" * 512):
        estimate(text)
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("words", [ENGLISH, CHINESE_SIMPLIFIED, CHINESE_TRADITIONAL])
def test_word_lists_are_distinct_and_a_power_of_two_long(words: tuple[str, ...]) -> None:
    assert len(set(words)) == len(words)
    assert len(words) & (len(words) - 1) == 0
    assert all(word == word.strip() and " " not in word for word in words)


def test_the_chinese_lists_match_word_for_word() -> None:
    assert len(CHINESE_SIMPLIFIED) == len(CHINESE_TRADITIONAL) == 256
    assert all(len(s) == len(t) == 2 for s, t in zip(CHINESE_SIMPLIFIED, CHINESE_TRADITIONAL, strict=True))
    # most words are written the same way; those that differ differ in script, not in meaning
    same = sum(s == t for s, t in zip(CHINESE_SIMPLIFIED, CHINESE_TRADITIONAL, strict=True))
    assert 60 < same < 256


@pytest.mark.parametrize(
    ("locale", "words"),
    [("en", ENGLISH), ("ug", ENGLISH), ("zh_Hans_CN", CHINESE_SIMPLIFIED), ("zh_Hant_TW", CHINESE_TRADITIONAL)],
)
def test_suggestions_come_from_the_persons_language(locale: str, words: tuple[str, ...]) -> None:
    suggestion = suggest(locale)
    assert all(word in words for word in suggestion.text.split(" "))
    assert suggestion.bits >= MIN_BITS
    assert estimate(suggestion.text).problem is None


def test_suggestions_are_random() -> None:
    assert len({suggest("en").text for _ in range(20)}) == 20


def test_suggestions_use_the_secrets_module(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[tuple[int, int]] = []

    class Recorder:
        def sample(self, seq: tuple[str, ...], count: int) -> list[str]:
            drawn.append((len(seq), count))
            return list(seq[:count])

    monkeypatch.setattr(passphrase.secrets, "SystemRandom", Recorder)
    assert suggest("en").text == " ".join(ENGLISH[:5])
    assert drawn[0] == (512, 5)


def test_suggestions_never_repeat_a_word_and_always_pass_the_check() -> None:
    for locale in ("en", "ug", "zh_Hans_CN", "zh_Hant_TW"):
        for _ in range(300):
            suggestion = suggest(locale)
            words = suggestion.text.split(" ")
            assert len(set(words)) == len(words)
            assert estimate(suggestion.text).problem is None


def test_seconds_to_guess_uses_six_guesses_a_second() -> None:
    # a six-digit number: a million possibilities, half tried on average, six a second
    assert seconds_to_guess(20) == pytest.approx(2**19 / 6)
    assert seconds_to_guess(44, cores=1000) == pytest.approx(2**43 / 6000)
