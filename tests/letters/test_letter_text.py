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
DOUBLED = re.compile(r"[。，；：、]{2}")
LATIN_PUNCTUATION = re.compile(r"[\u4e00-\u9fff][,;:!?]|[,;:!?][\u4e00-\u9fff]|[\u4e00-\u9fff]\.(?!\d)")
REPEATED_AROUND_DATE = re.compile(r"([\u4e00-\u9fff]{2,3})\d{4}年\d{1,2}月\d{1,2}日\1")
#: An identity attachment that leaves the applicant to pick (身份证明或者营业执照, （单位为…）).
EITHER_OR_ATTACHMENT = re.compile(r"身份证明或者营业执照|（单位为|（单位另附")
#: The debtor's identifier label in letter 4's opening: the party-block work replaces it with a
#: party block (被执行人 with the identifier its kind has); until that is merged it is not counted.
PARTY_BLOCK_LABEL = "（公民身份号码或者统一社会信用代码："
#: How many combinations of each letter are rendered to PDF (the rest are checked as composed text,
#: which is what the PDF prints; rendering every one would take minutes on a shared machine).
RENDERED_PER_LETTER = 3


def _content():
    return services.current().content


def combinations(letter):
    """Each applicant kind with each ground it may tick alone (with the option a ground needs),
    the sample pair, and each option of every choice (with the ground that asks it): the table
    every letter is checked over. Choices are varied one at a time, never as a cartesian product."""
    for kind in letter.applicant_kinds:
        for ground in letter.grounds:
            if kind in ground.applicant_kinds:
                yield kind, [ground.id], {cid: allowed[0] for cid, allowed in ground.only_with.items()}
        yield kind, sample_grounds(letter, kind), {}
        for choice in letter.choices:
            if choice.when_ground and kind not in letter.ground(choice.when_ground).applicant_kinds:
                continue
            for option in choice.options:
                picked = {choice.id: option.id}
                ground = [choice.when_ground] if choice.when_ground else sample_grounds(letter, kind, picked)
                needed = {
                    cid: allowed[0]
                    for g in letter.grounds
                    if g.id in ground
                    for cid, allowed in g.only_with.items()
                    if cid != choice.id
                }
                blocked = any(
                    choice.id in g.only_with and option.id not in g.only_with[choice.id]
                    for g in letter.grounds
                    if g.id in ground
                )
                kept = [g for g in ground if not blocked or choice.id not in letter.ground(g).only_with]
                yield kind, kept, {**needed, **picked}


def rendered_sample(table):
    """The combinations rendered to PDF: the first, the middle and the last of the table."""
    picks = sorted({0, len(table) // 2, len(table) - 1})[:RENDERED_PER_LETTER]
    return [table[i] for i in picks]


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


def _hygiene(text, where):
    assert not DOUBLED.search(text), (where, DOUBLED.search(text))
    assert not LATIN_PUNCTUATION.search(text), (where, LATIN_PUNCTUATION.search(text))
    assert not REPEATED_AROUND_DATE.search(text), (where, REPEATED_AROUND_DATE.search(text))
    assert "规定的规定" not in text, where


def _composed(letter, kind, grounds, choices):
    from clinic.letters.pack import compose_document
    from clinic.web.wording import words

    form = sample_form(letter, _content().letters.fields, kind, grounds, choices)
    details = read_details(letter, _content().letters.fields, form, date(2026, 11, 27), _content().calendar)
    assert details.ok, (letter.id, kind, grounds, choices, details.errors)
    return form, compose_document(letter, details, _content(), words())


@pytest.mark.parametrize("letter_id", _letter_ids())
def test_every_combination_states_one_fact_without_doubled_punctuation_or_repeated_words(app, letter_id):
    """Over the letter's whole table, as composed: an 或者 is the person's unresolved choice unless
    it is in wording marked as the law's ([[ ]]); no identity attachment offers both kinds; no
    doubled or Latin punctuation, no word repeated around a date, no 规定的规定. A sample of the
    table is rendered and the same checks read the PDF text."""
    with app.app_context(), app.test_request_context("/"):
        letter = _content().letters.letters[letter_id]
        table = list(combinations(letter))
        for kind, grounds, choices in table:
            where = f"{letter_id} {kind} {grounds} {choices}"
            _, doc = _composed(letter, kind, grounds, choices)
            for paragraph in [*doc.requests, *doc.facts, doc.basis]:
                if paragraph.own_words:
                    continue
                stated = "".join(text for part, text in paragraph.zh if part == "text")
                stated = stated.replace(PARTY_BLOCK_LABEL, "")
                assert "或者" not in stated and "或" not in stated.replace("或者", ""), (where, stated)
                _hygiene("".join(text for _, text in paragraph.zh), where)
            for attachment in doc.attachments:
                assert not EITHER_OR_ATTACHMENT.search(attachment.zh), (where, attachment.zh)
        for kind, grounds, choices in rendered_sample(table):
            where = f"{letter_id} {kind} {grounds} {choices}"
            form, _ = _composed(letter, kind, grounds, choices)
            text = official_text(_render_pack(letter.id, form, "zh_Hans_CN"))
            _hygiene(text, where)
            # Every choice asked was answered: no blank in the letter itself (the evidence list after
            # it leaves its source and page cells blank on purpose, to fill in by hand).
            letter_body = text.split("证据清单")[0]
            assert "＿＿" not in letter_body or letter.choices == (), where


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


@pytest.mark.parametrize(
    ("letter_id", "start"),
    [
        ("administrative-reconsideration", "decision_known_date"),
        ("reconsideration-of-correction-refusal", "rejection_served_date"),
        ("reconsideration-of-objection-ruling", "ruling_served_date"),
    ],
)
def test_a_late_letter_points_to_its_late_filing_ground_and_asks_its_facts_only_then(app, letter_id, start):
    """Dated after the deadline, the preview names the ground that asks for the lost time (顺延期限,
    障碍消除); the reason and the day the obstacle ended count as blank only once it is ticked, and
    the letter then cites the article and states both."""
    from clinic.letters.pack import compose_document
    from clinic.letters.preflight import preflight
    from clinic.web.wording import words

    with app.app_context(), app.test_request_context("/"):
        fields, calendar, today = _content().letters.fields, _content().calendar, date(2026, 11, 27)
        letter, form = _form(letter_id, **{start: ("2026", "8", "3")})
        for name in ("delay_reason", "obstacle_ended_date"):
            for key in [k for k in form if k == name or k.startswith(f"{name}-")]:
                form[key] = [""]
        details = read_details(letter, fields, form, today, calendar)
        doc = compose_document(letter, details, _content(), words())
        found = {f.code: f for f in preflight(doc, fields)}
        assert "late-can-ask" in found and "late" not in found
        assert {f.about for f in preflight(doc, fields) if f.code == "blank"} & {"delay_reason"} == set()
        form["grounds"] = [*form["grounds"], "late-filing"]
        details = read_details(letter, fields, form, today, calendar)
        assert details.ok, details.errors
        doc = compose_document(letter, details, _content(), words())
        found = preflight(doc, fields)
        assert "late-asked" in {f.code for f in found}
        assert {"delay_reason", "obstacle_ended_date"} <= {f.about for f in found if f.code == "blank"}
        text = "".join(t for p in doc.facts for _, t in p.zh)
        assert "障碍" in text and ("顺延期限" in text or "继续计算" in text)
        assert any(c.ref.number in ("86", "20") for c in doc.citations)
