"""The condition vocabulary used in flow.yaml, and its evaluation.

A condition is a mapping with exactly one key:

* ``{is: [question, value]}``: a single answer equals ``value``, or a multiple answer contains it;
* ``{in: [question, [v1, v2]]}``: the answer (or any part of a multiple answer) is one of the values;
* ``{answered: question}``: the question has an answer;
* ``{all: [c1, c2]}``, ``{any: [c1, c2]}``, ``{not: c}``.

There is deliberately no arithmetic and no code: content editors can read every rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Answers = Mapping[str, "str | list[str]"]
OPERATORS = ("is", "in", "answered", "all", "any", "not")


class ConditionError(ValueError):
    """A condition in the content does not follow the vocabulary."""


def _values(answer: str | list[str] | None) -> set[str]:
    if answer is None:
        return set()
    if isinstance(answer, list):
        return set(answer)
    return {answer}


def _operator(condition: Any) -> tuple[str, Any]:
    if not isinstance(condition, Mapping) or len(condition) != 1:
        raise ConditionError("a condition is a mapping with exactly one operator")
    ((op, arg),) = condition.items()
    if op not in OPERATORS:
        raise ConditionError(f"unknown operator {op!r}; use one of {', '.join(OPERATORS)}")
    return op, arg


def _is_strings(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(item, str) for item in value)


def _is_pair(arg: Any) -> bool:
    return _is_strings(arg) and len(arg) == 2


def _is_in_pair(arg: Any) -> bool:
    return (
        isinstance(arg, list | tuple)
        and len(arg) == 2
        and isinstance(arg[0], str)
        and isinstance(arg[1], list)
        and bool(arg[1])
        and _is_strings(arg[1])
    )


# What the argument of each leaf operator must look like, and the message when it does not.
_LEAF_SHAPES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "is": (_is_pair, "'is' takes [question, value]"),
    "in": (_is_in_pair, "'in' takes [question, [value, ...]]"),
    "answered": (lambda arg: isinstance(arg, str), "'answered' takes a question id"),
}


def check_condition(condition: Any) -> None:
    """Raise ConditionError if ``condition`` is not well formed (arity and types of every operator)."""
    op, arg = _operator(condition)
    if op in _LEAF_SHAPES:
        fits, message = _LEAF_SHAPES[op]
        if not fits(arg):
            raise ConditionError(message)
    elif op in ("all", "any"):
        if not isinstance(arg, list) or not arg:
            raise ConditionError(f"'{op}' takes a non-empty list of conditions")
        for sub in arg:
            check_condition(sub)
    else:  # not
        check_condition(arg)


def referenced_questions(condition: Any) -> set[str]:
    """Return the question ids a (well-formed) condition reads."""
    op, arg = _operator(condition)
    if op in ("is", "in"):
        return {arg[0]}
    if op == "answered":
        return {arg}
    if op in ("all", "any"):
        return set().union(*(referenced_questions(sub) for sub in arg))
    return referenced_questions(arg)


def referenced_values(condition: Any) -> list[tuple[str, str]]:
    """Return the (question id, value) pairs a (well-formed) condition compares against."""
    op, arg = _operator(condition)
    if op == "is":
        return [(arg[0], arg[1])]
    if op == "in":
        return [(arg[0], v) for v in arg[1]]
    if op == "answered":
        return []
    if op in ("all", "any"):
        return [pair for sub in arg for pair in referenced_values(sub)]
    return referenced_values(arg)


def evaluate(condition: Any, answers: Answers) -> bool:
    """Evaluate a well-formed condition against the answers (a missing answer matches nothing)."""
    op, arg = _operator(condition)
    if op == "is":
        return arg[1] in _values(answers.get(arg[0]))
    if op == "in":
        return bool(_values(answers.get(arg[0])) & set(arg[1]))
    if op == "answered":
        return arg in answers
    if op == "all":
        return all(evaluate(sub, answers) for sub in arg)
    if op == "any":
        return any(evaluate(sub, answers) for sub in arg)
    return not evaluate(arg, answers)
