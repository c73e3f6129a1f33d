"""The form factories: one definition per form, built from the content, checked by the pure functions."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from clinic.flow.model import parse_flow
from clinic.web.forms import error_summary, question_form
from tests.pagecheck import PageFacts, check_fragment_links

FLOW = parse_flow(
    {
        "version": 1,
        "start": "one",
        "questions": [
            {
                "id": "one",
                "type": "single",
                "text": "Which one?",
                "hint": "Pick one.",
                "choices": [{"id": "a", "label": "A", "hint": "The first."}, {"id": "b", "label": "B"}],
                "next": [{"goto": "some"}],
            },
            {
                "id": "some",
                "type": "multiple",
                "text": "Which ones?",
                "choices": [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}],
                "next": [{"goto": "end"}],
            },
        ],
    }
)


def shout(text: str) -> str:
    return text.upper()


def test_a_single_question_becomes_radios_with_translated_text():
    form = question_form(FLOW.question("one"), shout)()
    assert form.answer.input_type == "radio"
    assert form.answer.label.text == "WHICH ONE?"
    assert form.answer.hint == "PICK ONE."
    assert form.answer.choices == [("a", "A", "THE FIRST."), ("b", "B", None)]
    assert form.answer.anchor == "answer-1"


def test_a_multiple_question_becomes_checkboxes_and_keeps_the_stored_answer():
    form = question_form(FLOW.question("some"), shout)(data={"answer": ["y"]})
    assert form.answer.input_type == "checkbox"
    assert form.answer.data == ["y"]


@pytest.mark.parametrize(("posted", "answer"), [(["b"], "b"), (["", "a"], "a")])
def test_a_good_post_gives_the_engine_answer(posted, answer):
    form = question_form(FLOW.question("one"), shout)(MultiDict([("answer", v) for v in posted]))
    assert form.validate()
    assert form.parsed() == answer


def test_a_bad_post_keeps_what_was_sent_and_links_the_error_to_the_first_choice(app):
    with app.test_request_context():
        form = question_form(FLOW.question("some"), shout)(MultiDict([("answer", "x"), ("answer", "evil")]))
        assert not form.validate()
        assert form.answer.data == ["x", "evil"]
        assert error_summary(form) == [("Select at least one option.", "answer-1")]


def test_fragment_links_must_point_at_ids_on_the_page():
    check_fragment_links(PageFacts(ids=["name"], fragment_links=["name"]))
    with pytest.raises(AssertionError, match="missing"):
        check_fragment_links(PageFacts(ids=["name"], fragment_links=["name", "missing"]))
