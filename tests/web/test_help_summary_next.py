"""Where the person is, where to turn and what comes next: the progress line, Get help, the summary
for an adviser (page and PDF) and the "what to do next" page after the download. Every page is
no-store, carries nothing personal in its URL and is translated."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from clinic import services
from clinic.app import create_app
from clinic.contentfiles import ContentError
from clinic.helplines import load_help
from clinic.letters.samples import sample_form
from clinic.web import flow as flow_views
from clinic.web import summary as summary_views
from tests.conftest import LOCALES, SECRET, use_locale
from tests.pagecheck import check_headers, check_page
from tests.posting import FULL_ANSWERS, answer_all, page_text, post

CONTENT = Path(__file__).resolve().parents[2] / "clinic" / "content"
LETTER = "lifting-consumption-restriction"
SERVED = dt.date.today() - dt.timedelta(days=3)
EXTRA = {"already-tried": "objection", "tried-outcome": "refused", "tried-date": SERVED.isoformat()}


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture()
def with_dates(monkeypatch):  # type: ignore[no-untyped-def]
    """The answers as the journey will keep them once it asks the date questions (as the result
    page's tests do), so the plan has a deadline with days left."""
    for module in (flow_views, summary_views):
        real = module.plan_journey

        def planned(flow, answers, real=real):  # type: ignore[no-untyped-def]
            journey = real(flow, answers)
            return dataclasses.replace(journey, answers={**journey.answers, **EXTRA})

        monkeypatch.setattr(module, "plan_journey", planned)


# Progress ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_question_pages_say_question_n_of_about_m_and_the_stage(client, locale):
    use_locale(client, locale)
    for number, (question_id, data) in enumerate(FULL_ANSWERS, start=1):
        page = client.get(f"/q/{question_id}")
        check_page(page, locale=locale)
        html = page.get_data(as_text=True)
        assert 'class="question-count"' in html
        assert re.search(rf'class="question-count">[^<]*(?<!\d){number}(?!\d)', html), number
        assert html.count('aria-current="step"') == 1
        post(client, f"/q/{question_id}", data)


def test_every_step_marks_its_stage(client, bundle):
    assert re.search(r'aria-current="step">Questions<', client.get("/q/what-happened").get_data(as_text=True))
    answer_all(client)
    assert re.search(r'aria-current="step">Questions<', client.get("/check").get_data(as_text=True))
    assert re.search(r'aria-current="step">Result<', client.get("/result").get_data(as_text=True))
    assert re.search(r'aria-current="step">Letter<', client.get(f"/letter/{LETTER}").get_data(as_text=True))
    form = sample_form(bundle.letters.letters[LETTER], bundle.letters.fields)
    preview = post(client, f"/letter/{LETTER}/preview", form, form_page=f"/letter/{LETTER}")
    assert re.search(r'aria-current="step">Download<', preview.get_data(as_text=True))


def test_the_start_page_time_covers_the_way_to_a_letter(client):
    text = page_text(client.get("/"))
    assert "about 20 minutes in all" in text and "write a letter" in text


# Get help ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundle(app):  # type: ignore[no-untyped-def]
    return services.of(app).content


@pytest.mark.parametrize("locale", LOCALES)
def test_help_lists_the_hotlines_as_tel_links_left_to_right(client, locale):
    use_locale(client, locale)
    response = client.get("/help")
    check_page(response, locale=locale)
    html = response.get_data(as_text=True)
    for number in ("12348", "12368", "12306", "12377"):
        assert f'<a href="tel:{number}" dir="ltr"><bdi dir="ltr">{number}</bdi></a>' in html, number
    assert "https://www.12377.cn/" in html
    assert html.count('class="verification ') == 4  # every hotline says how well it is known


def test_help_puts_the_hotlines_for_the_persons_lists_first(client):
    answer_all(client)  # points to the spending restriction first
    text = page_text(client.get("/help"))
    assert text.index("12348") < text.index("12368") < text.index("12306") < text.index("12377")
    assert "This is for a list your answers point to." in text


def test_help_shows_the_organisation_and_local_organisations(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    file = folder / "help.yaml"
    local = (
        "local_organisations:\n"
        '  - {name: "East District legal-aid centre", phone: "+86 (10) 1234-5678", '
        'address: "1 Example Road", details: "Weekdays 9-17"}\n'
    )
    file.write_text(file.read_text(encoding="utf-8").replace("local_organisations: []\n", local), encoding="utf-8")
    app = create_app(
        environ={
            "CLINIC_ENV": "testing",
            "CLINIC_SECRET_KEY": SECRET,
            "CLINIC_CONTENT_DIR": str(folder),
            "CLINIC_ORG_NAME": "Example Clinic",
            "CLINIC_ORG_CONTACT": "help@example.org",
        }
    )
    with app.test_client() as client:
        response = client.get("/help")
        check_page(response)
        html = response.get_data(as_text=True)
    assert "Example Clinic" in html and "help@example.org" in html
    assert "East District legal-aid centre" in html and "Weekdays 9-17" in html
    assert '<a href="tel:+861012345678" dir="ltr">' in html


def test_help_content_naming_an_unknown_list_is_refused(tmp_path, bundle):
    text = (CONTENT / "help.yaml").read_text(encoding="utf-8").replace("lists: [rail-air-ban]", "lists: [no-such]")
    (tmp_path / "help.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_help(tmp_path, bundle.catalogue)
    assert "unknown list 'no-such'" in str(error.value)


def test_result_and_rules_pages_link_to_help_and_the_summary(client):
    answer_all(client)
    result = client.get("/result").get_data(as_text=True)
    assert 'href="/help"' in result and 'href="/summary"' in result
    assert 'href="/help"' in client.get("/rules/rail-air-ban").get_data(as_text=True)


# Summary for an adviser ---------------------------------------------------------------------------


def test_the_summary_waits_for_the_answers(client):
    for path in ("/summary", "/summary/pdf"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["Location"].endswith("/begin")


@pytest.mark.parametrize("locale", LOCALES)
def test_the_summary_page_holds_the_answers_and_the_result(client, bundle, locale, with_dates):
    use_locale(client, locale)
    answer_all(client)
    response = client.get("/summary")
    check_page(response, locale=locale)
    assert response.request.url.endswith("/summary")  # nothing about the person in the URL
    html = response.get_data(as_text=True)
    flow = bundle.flow
    for question_id, _data in FULL_ANSWERS:
        assert flow.question(question_id).summary in html or locale != "en"
    assert 'href="/summary/pdf"' in html
    if locale == "en":
        text = page_text(response)
        assert "Me, as a person" in text  # an answer, in words
        assert "Most likely: your answers point clearly to this list." in text
        assert re.search(r"\d+ days left", text)


def test_the_summary_dates_are_in_the_locales_format(client, with_dates):
    use_locale(client, "zh_Hans_CN")
    answer_all(client)
    html = client.get("/summary").get_data(as_text=True)
    today = dt.date.today()
    assert f"{today.year}年{today.month}月{today.day}日" in html


def test_the_summary_pdf_holds_the_same_and_no_more(client, bundle, with_dates):
    answer_all(client)
    response = client.get("/summary/pdf")
    assert response.status_code == 200
    check_headers(response)
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="summary.pdf"'
    reader = PdfReader(BytesIO(response.data))
    assert dict(reader.metadata) == {"/Title": "Document"}
    text = flat(pdf_text(response.data))
    for expected in ("Summary for an adviser", "The answers given", "Me, as a person", "What to do now", "daysleft"):
        assert flat(expected) in text, expected
    assert flat(bundle.catalogue.list("consumption-restriction").name_zh) in text


# What to do next ----------------------------------------------------------------------------------


def test_the_preview_offers_what_to_do_after_the_download(client, bundle):
    form = sample_form(bundle.letters.letters[LETTER], bundle.letters.fields)
    preview = post(client, f"/letter/{LETTER}/preview", form, form_page=f"/letter/{LETTER}")
    html = preview.get_data(as_text=True)
    assert f'action="/letter/{LETTER}/next"' in html and "What to do after you download" in html


@pytest.mark.parametrize("locale", LOCALES)
def test_what_next_shows_the_cover_sheet_as_a_page(client, bundle, locale):
    use_locale(client, locale)
    letter = bundle.letters.letters[LETTER]
    form = sample_form(letter, bundle.letters.fields)
    response = post(client, f"/letter/{LETTER}/next", form, form_page=f"/letter/{LETTER}")
    facts = check_page(response, locale=locale)
    assert response.request.url.endswith(f"/letter/{LETTER}/next")  # the details travel in the body only
    html = response.get_data(as_text=True)
    assert "12348" in html
    assert letter.remedy and bundle.catalogue.remedy(letter.remedy).addressee_zh in html
    assert f'action="/letter/{LETTER}/pdf"' in html  # download again from here, details carried on
    assert form["applicant_name"][0] in html  # only inside the hidden fields of those buttons
    assert form["applicant_name"][0] not in " ".join(facts.text)
    if locale == "en":
        text = " ".join(facts.text)
        for expected in ("Your letter: what to do next", "Send it to", "Attach copies of", "Deadline"):
            assert expected in text, expected


def test_what_next_with_details_that_fail_the_checks_goes_back_to_the_form(client, bundle):
    form = sample_form(bundle.letters.letters[LETTER], bundle.letters.fields)
    form["applicant_name"] = [""]
    response = post(client, f"/letter/{LETTER}/next", form, form_page=f"/letter/{LETTER}")
    assert response.status_code == 400
    check_page(response, status=400)


def test_the_cover_sheet_prints_the_help_line(client, bundle):
    form = sample_form(bundle.letters.letters[LETTER], bundle.letters.fields)
    response = post(client, f"/letter/{LETTER}/pdf", form, form_page=f"/letter/{LETTER}")
    assert response.status_code == 200
    assert "12348" in pdf_text(response.data)


@pytest.mark.parametrize("locale", LOCALES)
def test_days_left_is_counted_by_the_number_in_every_locale(client, locale, with_dates):
    # The plural form follows the number of days (not the date, the block's first variable).
    use_locale(client, locale)
    answer_all(client)
    for path in ("/result", "/summary"):
        check_page(client.get(path), locale=locale)
    if locale == "en":
        assert not re.search(r"\b1 days left", page_text(client.get("/result")))


@pytest.mark.parametrize("locale", [loc for loc in LOCALES if loc != "en"])
def test_the_new_pages_have_no_english_left(client, bundle, locale):
    from tests.web.test_no_english_left import leftovers

    use_locale(client, locale)
    answer_all(client)
    form = sample_form(bundle.letters.letters[LETTER], bundle.letters.fields)
    pages = {
        "/help": client.get("/help"),
        "/summary": client.get("/summary"),
        "/q/what-happened": client.get("/q/what-happened"),
        "/next": post(client, f"/letter/{LETTER}/next", form, form_page=f"/letter/{LETTER}"),
    }
    found = {path: leftovers(page_text(response, locale=None)) for path, response in pages.items()}
    assert {path: texts[:3] for path, texts in found.items() if texts} == {}
