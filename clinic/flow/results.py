"""Ranking the likely lists from the answers, with the reasons that led there (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from clinic.flow.conditions import evaluate
from clinic.flow.model import Flow

Confidence = Literal["strong", "possible", "weak"]
STRONG_SCORE = 5
POSSIBLE_SCORE = 3


@dataclass(frozen=True)
class Candidate:
    """A list the person may be on: its id, total score, the reasons (content sentences)."""

    id: str
    score: int
    reasons: tuple[str, ...]
    confidence: Confidence


def _confidence(score: int, lead: int) -> Confidence:
    if score >= STRONG_SCORE and lead >= 2:
        return "strong"
    if score >= POSSIBLE_SCORE:
        return "possible"
    return "weak"


def rank_candidates(flow: Flow, answers: Mapping[str, str | list[str]]) -> list[Candidate]:
    """Every candidate with a positive score, best first (ties keep the order of the signals).

    Confidence is "strong" when the score is high and clearly ahead of the next candidate,
    "possible" when it is moderate, "weak" otherwise.
    """
    scores: dict[str, int] = {}
    reasons: dict[str, list[str]] = {}
    for signal in flow.signals:
        if evaluate(signal.when, answers):
            scores[signal.candidate] = scores.get(signal.candidate, 0) + signal.weight
            if signal.weight > 0:
                reasons.setdefault(signal.candidate, []).append(signal.reason)
    ranked = sorted((cid for cid, score in scores.items() if score > 0), key=lambda cid: -scores[cid])
    result = []
    for i, cid in enumerate(ranked):
        next_score = scores[ranked[i + 1]] if i + 1 < len(ranked) else 0
        lead = scores[cid] - next_score if i == 0 else 0
        result.append(
            Candidate(
                id=cid,
                score=scores[cid],
                reasons=tuple(reasons.get(cid, ())),
                confidence=_confidence(scores[cid], lead if i == 0 else 0),
            )
        )
    return result
