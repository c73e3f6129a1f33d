"""The person always knows what happened and what to do next: an answer set cleared for safety,
Start again that asks first, what a resumed file brought back, the letter PDF chosen by mistake,
"too long" with its limit, the download button at both ends of the preview, and left-to-right
tokens isolated on right-to-left pages."""

from __future__ import annotations

import re

from tests.conftest import csrf_from
from tests.pagecheck import check_page
from tests.posting import CORRECTION_FIELDS, CORRECTION_LETTER, answer_all, post, resume, save

LETTER = CORRECTION_LETTER
FIELDS = CORRECTION_FIELDS


def text_of(response, status=200, locale="en") -> str:  # type: ignore[no-untyped-def]
    return " ".join(check_page(response, status=status, locale=locale).text)


def test_a_post_whose_cookie_is_gone_says_the_answers_were_cleared(client):
    page = client.get("/q/what-happened")
    token = csrf_from(page)
    client.delete_cookie("s")
    text = text_of(
        client.post(
            "/q/what-happened",
            data={"answer": "published", "csrf_token": token},
            headers={"Sec-Fetch-Site": "same-origin"},  # what a browser sends from the site's own page
        ),
        400,
    )
    assert "Your answers were cleared" in text and "another site" not in text
    assert "Resume from a saved file" in text and "Start again" in text


def test_start_again_asks_first(client):
    answer_all(client)
    text = text_of(post(client, "/restart", form_page="/check"))
    assert "Start again?" in text and "No, keep my answers" in text
    assert client.get("/check").status_code == 200  # nothing cleared yet


def test_resuming_says_what_came_back(client, app):
    answer_all(client)
    data = save(client).data
    with app.test_client() as other:
        text = text_of(resume(other, data))
        assert re.search(r"Your answers to \d+ questions came back\.", text)


def test_the_letter_pdf_chosen_by_mistake_is_named_as_such(client):
    text = text_of(resume(client, b"%PDF-1.7\n" + b"0" * 400_000, filename="document.pdf"), 400)
    assert "This file is the letter (a PDF), not your saved notes." in text


def test_save_and_resume_pages_say_what_the_file_is_called_and_where_it_is(client):
    answer_all(client)
    assert "notes.json" in text_of(client.get("/save")) and "Downloads" in text_of(client.get("/save"))
    assert "notes.json" in text_of(client.get("/resume"))


def test_too_long_gives_the_limit_and_what_belongs_there(client):
    data = {**FIELDS, "applicant_name": "张" * 101, "own_account": "长" * 3001}
    text = text_of(post(client, f"{LETTER}/preview", data, form_page=LETTER), 400)
    assert "at most 100 characters fit here. Write only what this box asks for" in text
    assert "at most 3,000 characters fit here. Keep to the main facts" in text


def test_the_preview_has_the_download_button_at_both_ends_and_language_buttons(client):
    html = post(client, f"{LETTER}/preview", FIELDS, form_page=LETTER).get_data(as_text=True)
    assert html.count(f'action="{LETTER}/pdf"') == 2
    assert html.count('form="language-form"') == 4 and 'id="language-form"' in html


def test_the_letter_form_language_buttons_resubmit_the_form(client):
    html = client.get(LETTER).get_data(as_text=True)
    assert html.count('form="letter-form"') == 4 and f'formaction="{LETTER}/language"' in html
    assert 'id="letter-form"' in html


def details_page(client) -> str:
    """The letter's details step, after choosing to send it as a person (the form's first step)."""
    return post(client, LETTER, {"kind": "person"}, follow_redirects=True).get_data(as_text=True)


def test_uyghur_hints_isolate_the_example_case_number(client):
    client.set_cookie("lang", "ug")
    html = details_page(client)
    assert '<bdi dir="ltr">（2024）京0105执1234号</bdi>' in html
    assert 'id="case_number" name="case_number" value="" dir="ltr"' in html
    client.set_cookie("lang", "en")
    assert "<bdi" not in details_page(client).split('id="case_number-hint"')[1][:200]


def test_leave_and_skip_links_are_inside_the_header_landmark(client):
    html = client.get("/").get_data(as_text=True)
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    assert "leave-link" in header and "skip-link" in header
    assert html.index("<header") < html.index("leave-link")


def test_the_error_summary_takes_focus(client):
    html = post(client, "/q/what-happened").get_data(as_text=True)
    assert 'class="error-summary"' in html and "autofocus" in html.split('class="error-summary"')[1][:200]
