"""The journey engine: the path is a pure function of the answers; off-path answers are pruned."""

import pytest

from clinic.flow import AnswerError, parse_answer, plan_journey, previous_question, prune_answers, record_answer
from clinic.flow.engine import find_answer_problems
from clinic.flow.model import FlowError, parse_flow

RAW = {
    "version": 1,
    "start": "kind",
    "questions": [
        {
            "id": "kind",
            "type": "single",
            "text": "Kind?",
            "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
            "next": [{"when": {"is": ["kind", "a"]}, "goto": "when"}, {"goto": "which"}],
        },
        {
            "id": "when",
            "type": "single",
            "text": "When?",
            "choices": [{"id": "early", "label": "Early"}, {"id": "late", "label": "Late"}],
            "next": [{"goto": "sure"}],
        },
        {
            "id": "which",
            "type": "multiple",
            "text": "Which?",
            "choices": [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}, {"id": "z", "label": "Z"}],
            "next": [{"when": {"in": ["which", ["z"]]}, "goto": "sure"}, {"goto": "end"}],
        },
        {
            "id": "sure",
            "type": "single",
            "text": "Sure?",
            "choices": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}],
            "next": [{"goto": "size"}],
        },
        {
            "id": "size",
            "type": "single",
            "text": "Size?",
            "choices": [{"id": "s", "label": "S"}, {"id": "l", "label": "L"}],
            "next": [{"goto": "end"}],
        },
    ],
}
FLOW = parse_flow(RAW)


@pytest.mark.parametrize(
    ("answers", "path", "current"),
    [
        ({}, ("kind",), "kind"),  # nothing answered: the first question
        ({"kind": "a"}, ("kind", "when"), "when"),
        ({"kind": "b"}, ("kind", "which"), "which"),
        ({"kind": "b", "which": ["x"]}, ("kind", "which"), None),  # branch that ends early
        ({"kind": "b", "which": ["x", "z"]}, ("kind", "which", "sure"), "sure"),
        ({"kind": "a", "when": "late", "sure": "no", "size": "l"}, ("kind", "when", "sure", "size"), None),
        ({"kind": "a", "when": "2025-13-01"}, ("kind", "when"), "when"),  # an unknown stored value is dropped
        ({"kind": "c"}, ("kind",), "kind"),  # an unknown choice is dropped
        ({"kind": ["a"]}, ("kind",), "kind"),  # a list for a single question is dropped
    ],
)
def test_plan_journey_follows_the_answers(answers, path, current):
    journey = plan_journey(FLOW, answers)
    assert journey.path == path
    assert journey.current == current
    assert journey.complete is (current is None)


def test_changing_an_early_answer_prunes_answers_off_the_new_path():
    answers = {"kind": "a", "when": "late", "sure": "yes", "size": "s"}
    journey = record_answer(FLOW, answers, "kind", "b")
    assert journey.answers == {"kind": "b"}
    assert journey.current == "which"


def test_changing_an_answer_keeps_later_answers_still_on_the_path():
    answers = {"kind": "b", "which": ["z"], "sure": "yes", "size": "s"}
    journey = record_answer(FLOW, answers, "which", ["x", "z"])
    assert journey.answers == {"kind": "b", "which": ["x", "z"], "sure": "yes", "size": "s"}
    assert journey.complete


def test_answering_a_question_off_the_path_is_refused():
    with pytest.raises(AnswerError) as problem:
        record_answer(FLOW, {"kind": "a"}, "which", ["x"])
    assert problem.value.code == "not-on-path"


def test_prune_drops_stale_and_unknown_answers():
    assert prune_answers(FLOW, {"kind": "b", "when": "early", "nope": "x"}) == {"kind": "b"}


def test_previous_question_is_the_one_before_on_the_path():
    answers = {"kind": "b", "which": ["z"]}
    assert previous_question(FLOW, answers, "sure") == "which"
    assert previous_question(FLOW, answers, "kind") is None
    assert previous_question(FLOW, answers, "when") is None  # not on the path


@pytest.mark.parametrize(
    ("question_id", "values", "expected"),
    [
        ("kind", ["a"], "a"),
        ("which", ["z", "x", "z"], ["x", "z"]),  # duplicates removed, content order kept
        ("sure", ["no"], "no"),
        ("size", ["", "l"], "l"),  # empty values are ignored
    ],
)
def test_parse_answer_accepts(question_id, values, expected):
    assert parse_answer(FLOW.question(question_id), values) == expected


@pytest.mark.parametrize(
    ("question_id", "values", "code"),
    [
        ("kind", [], "choose-one"),
        ("kind", [""], "choose-one"),
        ("kind", ["c"], "choose-one"),  # a tampered value
        ("kind", ["a", "b"], "choose-one"),  # two values for one choice
        ("which", [], "choose-some"),
        ("which", ["x", "evil"], "choose-some"),
        ("sure", ["maybe"], "choose-one"),
    ],
)
def test_parse_answer_refuses(question_id, values, code):
    with pytest.raises(AnswerError) as problem:
        parse_answer(FLOW.question(question_id), values)
    assert problem.value.code == code


@pytest.mark.parametrize("kind", ["yesno", "select"])
def test_question_types_no_content_uses_are_refused(kind):
    raw = {
        **RAW,
        "questions": [*RAW["questions"], {"id": "extra", "type": kind, "text": "Extra?", "next": [{"goto": "end"}]}],
    }
    with pytest.raises(FlowError, match="not supported|is not one of"):
        parse_flow(raw)


def test_find_answer_problems_flags_unknown_ids_and_shapes():
    assert find_answer_problems(FLOW, {"kind": "a"}) == []
    assert find_answer_problems(FLOW, {"ghost": "a"}) == ["unknown question id"]
    assert find_answer_problems(FLOW, {"kind": "ghost"}) == ["kind: answer not allowed"]
    assert find_answer_problems(FLOW, ["not", "a", "mapping"]) == ["answers are not a mapping"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start": "nowhere"}, "start: no question 'nowhere'"),
        ({"questions": RAW["questions"] + [dict(RAW["questions"][0])]}, "duplicate question id"),
    ],
)
def test_flow_problems_are_reported(change, message):
    with pytest.raises(FlowError) as error:
        parse_flow({**RAW, **change})
    assert any(message in p for p in error.value.problems)


def test_flow_loader_reports_every_problem_at_once():
    bad = {
        **RAW,
        "questions": [
            {
                "id": "kind",
                "type": "single",
                "text": "Kind?",
                "choices": [{"id": "a", "label": "A"}],
                "next": [
                    {"when": {"is": ["kind", "zz"]}, "goto": "ghost"},
                    {"when": {"answered": "nope"}, "goto": "kind"},
                ],
            },
        ],
    }
    with pytest.raises(FlowError) as error:
        parse_flow(bad)
    text = "\n".join(error.value.problems)
    for expected in (
        "at least two choices",
        "last route must have no 'when'",
        "goto 'ghost'",
        "has no choice 'zz'",
        "unknown question 'nope'",
        "makes a loop",
    ):
        assert expected in text
    assert len(error.value.problems) >= 6


def test_flow_schema_errors_are_reported_with_their_place():
    with pytest.raises(FlowError) as error:
        parse_flow(
            {"version": 1, "start": "Bad Id", "questions": [{"id": "q", "type": "radio", "text": "Q?", "next": []}]}
        )
    text = "\n".join(error.value.problems)
    assert "start" in text and "questions/0/type" in text and "questions/0/next" in text
