"""The form factories: one definition per form, built from the content, checked by the pure functions."""

from __future__ import annotations

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from clinic import services
from clinic.flow.model import parse_flow
from clinic.letters.definitions import ORGANISATION_FIELDS, PERSON_FIELDS
from clinic.letters.details import as_casefile_details, as_form_data, form_from_casefile, letter_inputs, read_details
from clinic.letters.samples import sample_form
from clinic.web.forms import error_summary, letter_form, question_form
from tests.pagecheck import PageFacts, check_fragment_links

TODAY = date(2026, 11, 27)
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


# --- Letter forms: one definition (details.letter_inputs) drives the web form, the reader, the samples


@pytest.fixture(scope="module")
def letters(app):
    return services.of(app).content.letters


def test_the_applicant_block_follows_the_letters_applicant_kinds(letters):
    both = letter_inputs(letters.by_number(1), letters.fields)  # person or organisation
    person_only = letter_inputs(letters.by_number(24), letters.fields)
    organisation_only = letter_inputs(letters.by_number(13), letters.fields)
    applicant = {item.id: item.kinds for item in both if item.section == "applicant"}
    assert applicant == {
        **dict.fromkeys(PERSON_FIELDS, {"person"}),
        **dict.fromkeys(ORGANISATION_FIELDS, {"organisation"}),
        **dict.fromkeys(set(PERSON_FIELDS) & set(ORGANISATION_FIELDS), {"person", "organisation"}),
    }
    assert [i.id for i in person_only if i.section == "applicant"] == list(PERSON_FIELDS)
    assert "id_number" not in {i.id for i in organisation_only}
    assert "uscc" not in {i.id for i in person_only}


def test_required_is_data_the_applicant_block_and_the_addressee_field(letters):
    letter = letters.by_number(1)
    required = {item.id for item in letter_inputs(letter, letters.fields) if item.required}
    assert required == {
        "applicant_name",
        "id_number",
        "address",
        "phone",
        "uscc",
        "legal_representative",
        letter.addressee.field,
    }


def test_samples_fill_every_input_of_the_definition(letters):
    for letter in letters.ordered():
        form = sample_form(letter, letters.fields)
        for item in letter_inputs(letter, letters.fields):
            assert all(form.get(name) for name in item.names), (letter.id, item.id)


def test_details_go_to_the_case_file_and_back_unchanged(letters):
    letter = letters.by_number(1)
    details = read_details(letter, letters.fields, sample_form(letter, letters.fields), TODAY)
    assert details.ok
    saved = as_casefile_details(letter, details)
    again = read_details(letter, letters.fields, form_from_casefile(saved), TODAY)
    assert (again.values, again.grounds, again.own_account, again.filing_date) == (
        details.values,
        details.grounds,
        details.own_account,
        details.filing_date,
    )
    assert as_form_data(again) == as_form_data(details)


def test_a_blank_letter_date_is_an_error_not_silently_today(letters):
    letter = letters.by_number(1)
    form = {**sample_form(letter, letters.fields), "filing-year": [""], "filing-month": [""], "filing-day": [""]}
    assert read_details(letter, letters.fields, form, TODAY).errors == {"filing": "required"}


def _letter_form(app, letters, number, pairs):
    with app.test_request_context():
        form = letter_form(letters.by_number(number), letters.fields, str)(MultiDict(pairs), today=TODAY)
        valid = form.validate()
        return form, valid, error_summary(form), {f.name: str(f.label.text) for f in form}


def test_the_web_form_gives_the_same_details_as_the_reader(app, letters):
    letter = letters.by_number(1)
    sample = sample_form(letter, letters.fields)
    form, valid, errors, _ = _letter_form(app, letters, 1, [(k, v) for k, vs in sample.items() for v in vs])
    assert valid, errors
    web, pure = form.details(), read_details(letter, letters.fields, sample, TODAY)
    assert (web.kind, web.values, web.grounds, web.own_account, web.filing_date) == (
        pure.kind,
        pure.values,
        pure.grounds,
        pure.own_account,
        pure.filing_date,
    )


def test_error_anchors_come_from_the_fields_and_optional_fields_say_so(app, letters):
    pairs = [("kind", "robot"), ("learned_of_listing_date-year", "2026"), ("id_number", "12345")]
    form, valid, errors, labels = _letter_form(app, letters, 1, pairs)
    assert not valid
    anchors = [anchor for _, anchor in errors]
    assert anchors[0] == "kind-1"
    assert {"id_number", "learned_of_listing_date-year", "grounds-1", "filing-year"} <= set(anchors)
    assert "uscc" not in anchors  # an organisation's input is not asked of a person
    assert labels["case_number"] == "Enforcement case number (optional)"
    assert labels["enforcing_court"] == "Enforcing court"  # the addressee: required
    assert form.id_number.data == "12345"  # what was typed is kept
