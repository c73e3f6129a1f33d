"""The journey through the pages: POST-redirect-GET, Back, Check your answers, Change, Start again."""

from tests.conftest import csrf_from
from tests.pagecheck import check_page
from tests.posting import answer as post_answer
from tests.posting import answer_all


def test_start_leads_to_the_first_question(client):
    assert client.get("/begin").headers["Location"] == "/q/what-happened"


def test_each_answer_redirects_to_the_next_question(client):
    post_answer(client, "what-happened", answer="company-status")
    post_answer(client, "role", answer="organisation")
    response = post_answer(client, "who", answer="my-company")
    assert response.status_code == 303
    assert response.headers["Location"] == "/q/record-says"  # the branch for companies


def test_questions_off_the_path_redirect_to_the_current_one(client):
    post_answer(client, "what-happened", answer="ticket-refused")
    response = client.get("/q/record-says")
    assert response.status_code == 303 and response.headers["Location"] == "/q/role"


def test_back_link_points_to_the_previous_question(client):
    post_answer(client, "what-happened", answer="ticket-refused")
    html = client.get("/q/role").get_data(as_text=True)
    assert 'class="back-link" href="/q/what-happened"' in html


def test_answers_are_shown_again_when_going_back(client):
    post_answer(client, "what-happened", answer="published")
    html = client.get("/q/what-happened").get_data(as_text=True)
    assert 'value="published" checked' in html


def test_check_answers_lists_every_answer_with_a_change_link(client):
    answer_all(client)
    response = client.get("/check")
    html = check_page(response) and response.get_data(as_text=True)
    for question_id in ("what-happened", "who", "ticket-context", "papers-received", "court-statements"):
        assert f'href="/q/{question_id}"' in html
    assert html.count("<li>") >= 3  # multiple answers are listed one by one


def test_changing_an_early_answer_prunes_the_later_ones(client):
    answer_all(client)
    response = post_answer(client, "what-happened", answer="company-status")
    assert response.headers["Location"] == "/q/record-says?changed=1"  # the page says answers were removed
    assert "no longer applied" in " ".join(check_page(client.get(response.headers["Location"])).text)
    response = client.get("/check")
    assert response.headers["Location"] == "/q/record-says"  # "role" and "who" are kept: still on the path


def test_changing_an_answer_that_keeps_the_path_returns_to_check(client):
    answer_all(client)
    response = post_answer(client, "who", answer="representative-now")
    assert response.headers["Location"] == "/check"


def test_result_ranks_candidates_with_reasons(client):
    answer_all(client)
    html = check_page(client.get("/result")).text
    joined = " ".join(html)
    assert joined.index("Consumption-restriction order") < joined.index("Why")
    assert "zxgk.court.gov.cn" in joined  # how to confirm it on the official website


def test_start_again_forgets_the_answers(client):
    answer_all(client)
    page = client.get("/check")
    # Start again asks first: the answers are still there after the first button.
    asked = check_page(client.post("/restart", data={"csrf_token": csrf_from(page)}))
    assert "Start again?" in " ".join(asked.text)
    check_page(client.get("/check"))
    response = client.post("/restart", data={"csrf_token": csrf_from(page), "confirm": "yes"})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert client.get("/check").headers["Location"] == "/q/what-happened"


def test_a_wrong_answer_shows_a_translated_error_and_keeps_the_other_answers(client):
    post_answer(client, "what-happened", answer="ticket-refused")
    post_answer(client, "role", answer="self")
    post_answer(client, "who", answer="myself")
    post_answer(client, "refusal-message", answer="not-seen")
    response = post_answer(client, "ticket-context")
    facts = check_page(response, status=400)
    assert "Select at least one option." in " ".join(facts.text)
    assert 'href="#answer-1"' in response.get_data(as_text=True)
    assert client.get("/begin").headers["Location"] == "/q/ticket-context"  # nothing lost


def test_a_tampered_choice_is_refused(client):
    response = post_answer(client, "what-happened", answer="<script>alert(1)</script>")
    body = response.get_data(as_text=True)
    check_page(response, status=400)
    assert "<script>" not in body


def test_language_switch_keeps_the_journey(client):
    post_answer(client, "what-happened", answer="published")
    response = client.get("/language/zh_Hans_CN?next=/q/role")
    assert response.status_code == 303 and response.headers["Location"] == "/q/role"
    page = client.get("/q/role")
    check_page(page, locale="zh_Hans_CN")
    assert client.get("/check").headers["Location"] == "/q/role"  # the answers are still there


def test_language_switch_refuses_foreign_return_addresses(client):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil", "/nope", "javascript:alert(1)"):
        response = client.get("/language/ug", query_string={"next": target})
        assert response.headers["Location"] == "/"


def test_unknown_locale_is_ignored(client):
    response = client.get("/language/xx_YY?next=/")
    assert "Set-Cookie" not in response.headers
    check_page(client.get("/"), locale="en")


def test_accept_language_is_used_without_an_explicit_choice(client):
    check_page(client.get("/", headers={"Accept-Language": "zh-TW,zh;q=0.9"}), locale="zh_Hant_TW")
    check_page(client.get("/", headers={"Accept-Language": "ug-CN"}), locale="ug")
    check_page(client.get("/", headers={"Accept-Language": "zh"}), locale="zh_Hans_CN")
    check_page(client.get("/", headers={"Accept-Language": "fr, de"}), locale="en")
