"""Follow-ups from the same details: the chasing letter (催办函) for every remedy family it covers,
read from the PDF text, and the two buttons ("no answer by <date>", "if refused") on the page a
resumed case file lands on and on "what to do next", each opening the next form filled by POST."""

import json
import re
from datetime import date

import pytest

from clinic import services
from clinic.casefile import FORMAT
from clinic.cli import _render_pack
from clinic.letters.details import as_casefile_details, read_details
from clinic.letters.followup import follow_ups
from clinic.letters.samples import sample_form
from tests.letters.test_letter_text import DOUBLED, LATIN_PUNCTUATION, official_text
from tests.pagecheck import check_page
from tests.posting import post, resume

CHASING = "chasing-letter"
TODAY = date(2026, 11, 27)


def _content():
    return services.current().content


def _chasing_form(ground_id: str, kind: str = "person") -> dict[str, list[str]]:
    letter = _content().letters.letters[CHASING]
    ground = letter.ground(ground_id)
    assert ground is not None
    option = ground.only_with["reply_body"][0]
    form = sample_form(letter, _content().letters.fields, kind, [ground_id], {"reply_body": option})
    form.update({"earlier_filing_title": ["纠正申请书"], "earlier_addressee": ["北京市朝阳区人民法院"]})
    form.update(
        {"earlier_filing_date-year": ["2026"], "earlier_filing_date-month": ["10"], "earlier_filing_date-day": ["8"]}
    )
    return form


def _grounds():
    from clinic.app import create_app

    app = create_app(environ={"CLINIC_ENV": "testing", "CLINIC_SECRET_KEY": "x" * 40})
    with app.app_context():
        return [g.id for g in services.current().content.letters.letters[CHASING].grounds]


@pytest.mark.parametrize("ground_id", _grounds())
def test_the_chasing_letter_reads_right_for_each_remedy_family(app, ground_id):
    """Each ground renders in Chinese: the earlier filing, the time passed, the request to reply in
    writing, the law's article by number; no alternative outside the law's words, no doubled
    punctuation."""
    with app.app_context():
        letter = _content().letters.letters[CHASING]
        form = _chasing_form(ground_id)
        details = read_details(letter, _content().letters.fields, form, TODAY, _content().calendar)
        assert details.ok, details.errors
        text = official_text(_render_pack(CHASING, form, "zh_Hans_CN"))
        assert "催办函" in text and "纠正申请书" in text and "2026年10月8日" in text
        assert "书面答复" in text and "此致" in text
        assert re.search(r"第[一二三四五六七八九十百零]+条", text), "the article is cited by number"
        assert not DOUBLED.search(text), DOUBLED.search(text)
        assert not LATIN_PUNCTUATION.search(text), LATIN_PUNCTUATION.search(text)
        from clinic.letters.pack import compose_document
        from clinic.web.wording import words

        with app.test_request_context("/"):
            doc = compose_document(letter, details, _content(), words())
        for paragraph in [*doc.requests, *doc.facts, doc.basis]:
            if paragraph.own_words:
                continue
            stated = "".join(t for part, t in paragraph.zh if part == "text")
            assert "或者" not in stated and "或" not in stated, (ground_id, stated)
        chased = letter.ground(ground_id).chases
        assert doc.remedy.id == chased  # the cover sheet speaks of the filing being chased


def test_the_chasing_letter_is_refused_before_the_answer_time_has_passed(app):
    with app.app_context():
        letter = _content().letters.letters[CHASING]
        form = _chasing_form("court-correction")
        form.update({"earlier_filing_date-month": ["11"], "earlier_filing_date-day": ["20"]})
        details = read_details(letter, _content().letters.fields, form, TODAY, _content().calendar)
        assert details.errors == {"grounds": "ground-too-early"}
        form["grounds"] = []
        form["own_account"] = ["只写了自己的话。"]
        details = read_details(letter, _content().letters.fields, form, TODAY, _content().calendar)
        assert "grounds" in details.errors  # it must say which filing it chases


def test_follow_ups_of_a_correction_carry_the_shared_details(app):
    with app.app_context():
        bundle = _content()
        first = bundle.letters.letters["correction-of-dishonest-entry"]
        form = sample_form(first, bundle.letters.fields)
        found = {f.kind: f for f in follow_ups(first, form, bundle.letters, bundle.catalogue, bundle.calendar)}
        chase, refused = found["chase"], found["refused"]
        assert chase.letter.id == CHASING and chase.form["grounds"] == ["court-correction"]
        assert chase.form["earlier_filing_title"] == [first.title_zh]
        assert chase.form["earlier_addressee"] == form["enforcing_court"]
        assert chase.form["reply_body"] == ["court"]
        assert [chase.form[f"earlier_filing_date-{p}"][0] for p in ("year", "month", "day")] == ["2026", "11", "27"]
        assert chase.no_answer_by == date(2026, 12, 12)  # 15 days from 27 November
        assert refused.letter.id == "reconsideration-of-correction-refusal"
        for name in ("applicant_name", "id_number", "address", "phone", "case_number", "enforcing_court"):
            assert refused.form[name] == form[name], name
        for name in ("applicant_name", "id_number", "address", "phone"):
            assert chase.form[name] == form[name], name
        assert "grounds" not in refused.form and "own_account" not in chase.form
        # The filled chasing form passes its checks once the answer time has passed.
        later = {**chase.form, "filing-year": ["2026"], "filing-month": ["12"], "filing-day": ["14"]}
        details = read_details(chase.letter, bundle.letters.fields, later, date(2026, 12, 14), bundle.calendar)
        assert details.ok, details.errors


def test_follow_ups_of_a_credit_report_objection_address_the_agency(app):
    with app.app_context():
        bundle = _content()
        first = bundle.letters.letters["credit-report-objection"]
        form = sample_form(first, bundle.letters.fields)
        found = {f.kind: f for f in follow_ups(first, form, bundle.letters, bundle.catalogue, bundle.calendar)}
        assert found["chase"].form["reply_body"] == ["organisation"]
        assert found["chase"].form["grounds"] == ["credit-report-objection"]
        assert found["refused"].letter.id == "credit-reporting-complaint"


LETTER = "correction-of-dishonest-entry"


@pytest.fixture
def bundle(app):  # type: ignore[no-untyped-def]
    return services.of(app).content


def test_what_next_offers_both_follow_ups_posting_the_details(client, bundle):
    letter = bundle.letters.letters[LETTER]
    form = sample_form(letter, bundle.letters.fields)
    response = post(client, f"/letter/{LETTER}/next", form, form_page=f"/letter/{LETTER}")
    facts = check_page(response)
    text = " ".join(facts.text)
    assert "If you get no answer by December 12, 2026: write a chasing letter" in text
    assert "If it is refused: the next step" in text
    html = response.get_data(as_text=True)
    assert f'action="/letter/{CHASING}" ' in html or f'action="/letter/{CHASING}"' in html
    assert 'action="/letter/reconsideration-of-correction-refusal"' in html
    assert form["applicant_name"][0] not in text  # only in hidden fields, never shown or in a URL
    for action in re.findall(r'action="([^"]+)"', html):
        assert form["applicant_name"][0] not in action and "?" not in action


def _posted_follow_up(client, html: str, letter_id: str):
    """Post the follow-up button's form for ``letter_id`` as a browser would."""
    block = re.search(rf'<form method="post" action="/letter/{letter_id}"[^>]*>(.*?)</form>', html, re.S)
    assert block is not None, letter_id
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', block.group(1)):
        fields.setdefault(name, []).append(value)
    import html as html_lib

    data = {k: [html_lib.unescape(v) for v in vs] for k, vs in fields.items()}
    return client.post(f"/letter/{letter_id}", data=data)


def test_a_resumed_case_file_offers_the_follow_ups_and_they_open_filled(client, bundle):
    letter = bundle.letters.letters[LETTER]
    form = sample_form(letter, bundle.letters.fields)
    details = read_details(letter, bundle.letters.fields, form, TODAY, bundle.calendar)
    saved = as_casefile_details(letter, details)
    data = json.dumps({"format": FORMAT, "version": 1, "flow_version": 2, "answers": {}, "details": saved})
    landed = resume(client, data.encode())
    assert landed.status_code == 200
    html = landed.get_data(as_text=True)
    assert "write a chasing letter" in html and "If it is refused: the next step" in html
    chasing = _posted_follow_up(client, html, CHASING)
    assert chasing.status_code == 200
    page = chasing.get_data(as_text=True)
    assert chasing.request.url.endswith(f"/letter/{CHASING}")
    assert f'value="{form["applicant_name"][0]}"' in page
    assert 'value="纠正申请书"' in page and f'value="{form["enforcing_court"][0]}"' in page
    refused = _posted_follow_up(client, html, "reconsideration-of-correction-refusal")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert f'value="{form["case_number"][0]}"' in page and f'value="{form["id_number"][0]}"' in page
