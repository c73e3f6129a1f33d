"""The condition vocabulary: evaluation and well-formedness."""

import pytest

from clinic.flow.conditions import ConditionError, check_condition, evaluate, referenced_questions

ANSWERS = {"a": "x", "m": ["p", "q"], "d": "2025-01-31"}


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"is": ["a", "x"]}, True),
        ({"is": ["a", "y"]}, False),
        ({"is": ["m", "q"]}, True),  # a multiple answer "is" a value when it contains it
        ({"is": ["missing", "x"]}, False),  # an unanswered question matches nothing
        ({"in": ["a", ["y", "x"]]}, True),
        ({"in": ["m", ["z", "p"]]}, True),  # any overlap counts
        ({"in": ["m", ["z"]]}, False),
        ({"answered": "d"}, True),
        ({"answered": "missing"}, False),
        ({"all": [{"is": ["a", "x"]}, {"answered": "m"}]}, True),
        ({"all": [{"is": ["a", "x"]}, {"answered": "missing"}]}, False),
        ({"any": [{"is": ["a", "y"]}, {"answered": "m"}]}, True),
        ({"any": [{"is": ["a", "y"]}, {"answered": "missing"}]}, False),
        ({"not": {"is": ["a", "y"]}}, True),
        ({"not": {"answered": "missing"}}, True),
        ({"not": {"all": [{"is": ["a", "x"]}, {"not": {"answered": "zz"}}]}}, False),  # nesting
    ],
)
def test_condition_evaluates(condition, expected):
    check_condition(condition)
    assert evaluate(condition, ANSWERS) is expected


@pytest.mark.parametrize(
    "condition",
    [
        {},  # no operator
        {"is": ["a", "x"], "in": ["a", ["x"]]},  # two operators
        {"equals": ["a", "x"]},  # not in the vocabulary
        {"is": ["a"]},  # wrong arity
        {"is": "a"},
        {"in": ["a", "x"]},  # the values must be a list
        {"in": ["a", []]},  # and not empty
        {"answered": ["a"]},
        {"all": []},
        {"any": {"is": ["a", "x"]}},
        {"not": {"bogus": 1}},  # nested problems are found too
        "a == 'x'",  # no code in data
    ],
)
def test_malformed_condition_is_refused(condition):
    with pytest.raises(ConditionError):
        check_condition(condition)


def test_referenced_questions_walks_nested_conditions():
    condition = {"all": [{"is": ["a", "x"]}, {"not": {"any": [{"answered": "b"}, {"in": ["c", ["y"]]}]}}]}
    assert referenced_questions(condition) == {"a", "b", "c"}
