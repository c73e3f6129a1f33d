"""'Question 3 of about 5': the number on the person's path and an estimate that only shrinks."""

from pathlib import Path

import pytest

from clinic.flow import load_flow, plan_journey
from clinic.flow.progress import Progress, longest_from, question_progress
from tests.posting import FULL_ANSWERS
from tests.unit.test_flow_engine import FLOW

REAL = load_flow(Path(__file__).resolve().parents[2] / "clinic" / "content" / "flow.yaml")


def test_the_longest_way_counts_every_question_on_it():
    # kind -> when -> sure -> size is longer than kind -> which (-> sure -> size).
    assert longest_from(FLOW, "kind") == 4
    assert longest_from(FLOW, "which") == 3
    assert longest_from(FLOW, "size") == 1


@pytest.mark.parametrize(
    ("answers", "question", "expected"),
    [
        ({}, "kind", Progress(1, 4)),  # before any answer: the longest way
        ({"kind": "a"}, "when", Progress(2, 4)),
        ({"kind": "b"}, "which", Progress(2, 4)),  # 'which' may still lead on to two more
        ({"kind": "b", "which": ["x"]}, "which", Progress(2, 2)),  # its answer ended the path early
        ({"kind": "b", "which": ["x", "z"]}, "sure", Progress(3, 4)),
        ({"kind": "a", "when": "late", "sure": "no", "size": "l"}, "kind", Progress(1, 4)),  # going back
    ],
)
def test_progress_on_paths_people_take(answers, question, expected):
    assert question_progress(FLOW, answers, question) == expected


def test_a_question_off_the_path_has_no_progress():
    assert question_progress(FLOW, {"kind": "a"}, "which") is None


def test_on_the_real_journey_the_number_counts_up_and_the_estimate_never_grows():
    answers: dict = {}
    totals = []
    for number, (question, data) in enumerate(FULL_ANSWERS, start=1):
        found = question_progress(REAL, answers, question)
        assert found is not None and found.number == number
        assert found.total >= number
        totals.append(found.total)
        answers[question] = data["answer"]
    assert totals == sorted(totals, reverse=True), totals
    assert plan_journey(REAL, answers).complete
    # Back on the first question with every answer given, the total is the path's own length.
    assert question_progress(REAL, answers, FULL_ANSWERS[0][0]) == Progress(1, len(FULL_ANSWERS))
