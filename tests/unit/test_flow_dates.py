"""Date answers (clinic/flow/dates.py) and "none of these" ticked with other choices: table-tested."""

from __future__ import annotations

from datetime import date

import pytest

from clinic.flow import AnswerError, parse_answer, plan_journey
from clinic.flow.dates import normalise_digits, order_problem, parse_date_answer
from clinic.flow.model import parse_flow

TODAY = date(2026, 12, 7)

FLOW = parse_flow(
    {
        "version": 1,
        "start": "seen",
        "questions": [
            {
                "id": "seen",
                "type": "multiple",
                "text": "Seen?",
                "choices": [
                    {"id": "a", "label": "A"},
                    {"id": "b", "label": "B"},
                    {"id": "none", "label": "None of these", "exclusive": True},
                ],
                "next": [{"goto": "decided"}],
            },
            {"id": "decided", "type": "date", "text": "Decided?", "next": [{"goto": "served"}]},
            {"id": "served", "type": "date", "text": "Served?", "not_before": "decided", "next": [{"goto": "end"}]},
        ],
    }
)


@pytest.mark.parametrize(
    ("typed", "unknown", "expected"),
    [
        (("2026", "3", "27"), False, "2026-03-27"),
        (("２０２６", "０３", "２７"), False, "2026-03-27"),  # full-width digits from a Chinese keyboard
        ((" 2026 ", "3\u3000", "7"), False, "2026-03-07"),
        (("", "", ""), True, "unknown"),
        (("2026", "12", "7"), False, "2026-12-07"),  # today is fine
    ],
)
def test_a_typed_date_is_stored_as_iso_or_unknown(typed: tuple[str, str, str], unknown: bool, expected: str) -> None:
    assert parse_date_answer(*typed, unknown, TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "unknown", "code"),
    [
        (("", "", ""), False, "date-required"),
        (("2026", "", "3"), False, "date-incomplete"),
        (("2026", "2", "30"), False, "date-invalid"),
        (("26", "2", "3"), False, "date-invalid"),
        (("2026", "二", "3"), False, "date-invalid"),
        (("1989", "12", "31"), False, "date-too-early"),
        (("2026", "12", "8"), False, "date-future"),
        (("2026", "3", "27"), True, "date-or-unknown"),
    ],
)
def test_a_bad_date_gets_its_own_problem(typed: tuple[str, str, str], unknown: bool, code: str) -> None:
    with pytest.raises(AnswerError) as caught:
        parse_date_answer(*typed, unknown, TODAY)
    assert caught.value.code == code


def test_full_width_digits_become_ascii() -> None:
    assert normalise_digits("\u3000１２３ ") == "123"


def test_a_decision_cannot_be_received_before_it_was_made() -> None:
    served = FLOW.question("served")
    assert order_problem(served, "2026-03-01", {"decided": "2026-03-02"}) == "date-before-decision"
    assert order_problem(served, "2026-03-02", {"decided": "2026-03-02"}) is None
    assert order_problem(served, "2026-03-01", {"decided": "unknown"}) is None
    assert order_problem(served, "unknown", {"decided": "2026-03-02"}) is None


def test_changing_the_decision_date_drops_a_served_date_that_no_longer_fits() -> None:
    answers = {"seen": ["a"], "decided": "2026-03-01", "served": "2026-03-05"}
    assert plan_journey(FLOW, answers).complete
    changed = plan_journey(FLOW, {**answers, "decided": "2026-03-09"})
    assert changed.current == "served" and "served" not in changed.answers


def test_stored_dates_must_be_real() -> None:
    journey = plan_journey(FLOW, {"seen": ["a"], "decided": "2026-02-30"})
    assert journey.current == "decided"


def test_none_of_these_cannot_be_ticked_with_another_choice() -> None:
    question = FLOW.question("seen")
    with pytest.raises(AnswerError) as caught:
        parse_answer(question, ["a", "none"])
    assert caught.value.code == "none-with-others"
    assert parse_answer(question, ["none"]) == ["none"]
    assert parse_answer(question, ["b", "a"]) == ["a", "b"]
    assert plan_journey(FLOW, {"seen": ["a", "none"]}).current == "seen"
