"""The text of generated letters: each copy in its own language, no contradicted timing statement,
no unresolved alternative, no doubled punctuation and no printed either-or label (read from the PDF)."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from clinic import services
from clinic.cli import _render_pack
from clinic.letters.samples import sample_form


def pdf_text(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


READING_MARK = {
    "en": "Translationforreadingonly",
    "zh_Hant_TW": "僅供閱讀的翻譯",
    "zh_Hans_CN": "仅供阅读的译文",
}


def test_two_locales_rendered_in_one_app_context_each_come_out_in_their_own_language(app):
    """The samples command renders every locale in one app context: each copy keeps its language."""
    with app.app_context():
        letter = services.current().content.letters.letters["credit-china-repair"]
        form = sample_form(letter, services.current().content.letters.fields)
        texts = {locale: flat(pdf_text(_render_pack(letter.id, form, locale))) for locale in ("en", "zh_Hant_TW")}
    assert READING_MARK["en"] in texts["en"]
    assert READING_MARK["zh_Hant_TW"] not in texts["en"]
    assert READING_MARK["zh_Hant_TW"] in texts["zh_Hant_TW"]
    assert READING_MARK["en"] not in texts["zh_Hant_TW"]


# --- A table of fact combinations per letter ------------------------------------------------------

from datetime import date  # noqa: E402

from clinic.letters.details import read_details  # noqa: E402
from clinic.letters.grounds import asked_choices  # noqa: E402
from clinic.letters.samples import sample_grounds  # noqa: E402

COVER_MARK = "给您的说明"
#: Letters whose statements of fact have been cleared of alternatives (or marked [[ ]] where they
#: restate the law); the others still carry 或者 in their standard paragraphs (see the report).
ONE_FACT_LETTERS = ("credit-china-repair", "samr-serious-list-early-removal", "rail-air-ban-objection")
DOUBLED = re.compile(r"[。，；：、]{2}")
LATIN_PUNCTUATION = re.compile(r"[\u4e00-\u9fff][,;:!?]|[,;:!?][\u4e00-\u9fff]|[\u4e00-\u9fff]\.(?!\d)")
REPEATED_AROUND_DATE = re.compile(r"([\u4e00-\u9fff]{2,3})\d{4}年\d{1,2}月\d{1,2}日\1")


def _content():
    return services.current().content


def combinations(letter):
    """Each applicant kind with each ground it may tick alone, the sample pair, and each option of
    every choice: the table every letter is rendered over."""
    for kind in letter.applicant_kinds:
        sets = [[g.id] for g in letter.grounds if kind in g.applicant_kinds and not g.only_with]
        sets.append(sample_grounds(letter, kind))
        for grounds in sets:
            yield kind, grounds, {}
        for choice in letter.choices:
            for option in choice.options:
                picked = {choice.id: option.id}
                ground = [choice.when_ground] if choice.when_ground else sample_grounds(letter, kind, picked)
                yield kind, ground, picked


def official_text(pdf: bytes) -> str:
    """The official Chinese letter's pages (before the cover sheet; zh_Hans_CN has no reading copy)."""
    reader = PdfReader(BytesIO(pdf))
    pages = []
    for page in reader.pages:
        text = page.extract_text()
        if COVER_MARK in flat(text):
            break
        pages.append(text)
    return flat("\n".join(pages))


def _letter_ids():
    from clinic.app import create_app

    app = create_app(environ={"CLINIC_ENV": "testing", "CLINIC_SECRET_KEY": "x" * 40})
    with app.app_context():
        return [letter.id for letter in services.current().content.letters.ordered()]


@pytest.mark.parametrize("letter_id", _letter_ids())
def test_every_combination_renders_without_doubled_punctuation_or_repeated_words(app, letter_id):
    with app.app_context():
        letter = _content().letters.letters[letter_id]
        for kind, grounds, choices in combinations(letter):
            form = sample_form(letter, _content().letters.fields, kind, grounds, choices)
            details = read_details(letter, _content().letters.fields, form, date(2026, 11, 27), _content().calendar)
            assert details.ok, (kind, grounds, choices, details.errors)
            text = official_text(_render_pack(letter.id, form, "zh_Hans_CN"))
            where = f"{letter_id} {kind} {grounds} {choices}"
            assert not DOUBLED.search(text), (where, DOUBLED.search(text))
            assert not LATIN_PUNCTUATION.search(text), (where, LATIN_PUNCTUATION.search(text))
            assert not REPEATED_AROUND_DATE.search(text), (where, REPEATED_AROUND_DATE.search(text))
            assert "规定的规定" not in text, where
            # Every choice asked was answered: no blank in the letter itself (the evidence list after
            # it leaves its source and page cells blank on purpose, to fill in by hand).
            letter_body = text.split("证据清单")[0]
            assert "＿＿" not in letter_body or letter.choices == (), where


@pytest.mark.parametrize("letter_id", ONE_FACT_LETTERS)
def test_statements_of_fact_carry_no_alternative_outside_the_laws_wording(app, letter_id):
    """An 或者 is the person's unresolved choice unless it is in wording marked as the law's ([[ ]])."""
    from clinic.letters.pack import compose_document
    from clinic.web.wording import words

    with app.app_context(), app.test_request_context("/"):
        letter = _content().letters.letters[letter_id]
        for kind, grounds, choices in combinations(letter):
            form = sample_form(letter, _content().letters.fields, kind, grounds, choices)
            details = read_details(letter, _content().letters.fields, form, date(2026, 11, 27), _content().calendar)
            doc = compose_document(letter, details, _content(), words())
            for paragraph in [*doc.requests, *doc.facts, doc.basis]:
                if paragraph.own_words:
                    continue
                stated = "".join(text for part, text in paragraph.zh if part == "text")
                assert "或者" not in stated and "或" not in stated.replace("或者", ""), (letter_id, grounds, stated)


def _form(letter_id, **dates):
    letter = _content().letters.letters[letter_id]
    form = sample_form(letter, _content().letters.fields)
    for name, (y, m, d) in dates.items():
        form.update({f"{name}-year": [y], f"{name}-month": [m], f"{name}-day": [d]})
    return letter, form


def test_a_letter_never_asserts_a_period_its_dates_deny(app):
    """已满三个月 50 days after the decision, 已满一年 after 50 days: the form refuses them and
    says from when the letter can be dated."""
    with app.app_context():
        fields, calendar, today = _content().letters.fields, _content().calendar, date(2026, 11, 27)
        letter, form = _form("credit-china-repair", decision_date=("2026", "10", "8"))
        form["grounds"] = ["general-information-period-served"]
        assert read_details(letter, fields, form, today, calendar).errors == {"grounds": "ground-too-early"}
        form["grounds"] = ["serious-information-period-served"]
        assert read_details(letter, fields, form, today, calendar).errors == {"grounds": "ground-too-early"}
        form.update({"decision_date-year": ["2026"], "decision_date-month": ["8"], "decision_date-day": ["26"]})
        form["grounds"] = ["general-information-period-served"]
        assert read_details(letter, fields, form, today, calendar).ok
        letter, form = _form("samr-serious-list-early-removal", listing_date=("2026", "10", "8"))
        assert read_details(letter, fields, form, today, calendar).errors == {"filing": "letter-too-early"}


def test_grounds_that_cannot_be_true_together_are_refused(app):
    with app.app_context():
        fields, calendar, today = _content().letters.fields, _content().calendar, date(2026, 11, 27)
        letter, form = _form("credit-china-repair", decision_date=("2025", "1", "8"))
        form["grounds"] = ["minor-information", "general-information-period-served"]
        assert read_details(letter, fields, form, today, calendar).errors == {"grounds": "exclusive"}
        letter, form = _form("rail-air-ban-objection")
        del form["list_type"]
        assert read_details(letter, fields, form, today, calendar).errors == {"list_type": "choose-one"}
        form.update({"list_type": ["air-list"], "grounds": ["fare-paid"]})
        assert read_details(letter, fields, form, today, calendar).errors == {"grounds": "needs-other-option"}


def test_the_rail_air_objection_states_one_list_and_no_timing_it_cannot_know(app):
    with app.app_context():
        letter, form = _form("rail-air-ban-objection")
        form["list_type"] = ["air-list"]
        text = official_text(_render_pack(letter.id, form, "zh_Hans_CN"))
        assert "限制乘坐民用航空器的名单" in text and "乘坐火车" not in text
        assert "公示期内提出异议，" not in text.replace("可以在公示期内提出异议", "")
        assert "尚在公示期内" not in text
        assert letter.id and asked_choices(letter, []) == letter.choices
