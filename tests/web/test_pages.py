"""Every page, in every locale, through the page-check helper."""

import pytest

from tests.conftest import LOCALES, csrf_from, use_locale
from tests.pagecheck import check_headers, check_page
from tests.posting import FULL_ANSWERS, answer_all


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(
    "path", ["/", "/q/what-happened", "/save", "/resume", "/privacy", "/languages", "/accessibility", "/letters"]
)
def test_page_passes_the_checks(client, locale, path):
    use_locale(client, locale)
    check_page(client.get(path), locale=locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_question_check_and_result_page_passes_the_checks(client, locale):
    use_locale(client, locale)
    for question_id, data in FULL_ANSWERS:
        page = client.get(f"/q/{question_id}")
        check_page(page, locale=locale)
        client.post(f"/q/{question_id}", data={**data, "csrf_token": csrf_from(page)})
    check_page(client.get("/check"), locale=locale)
    check_page(client.get("/result"), locale=locale)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(("path", "status"), [("/no-such-page", 404), ("/q/no-such-question", 404)])
def test_error_pages_pass_the_checks(client, locale, path, status):
    use_locale(client, locale)
    check_page(client.get(path), status=status, locale=locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_method_not_allowed_page_passes_the_checks(client, locale):
    use_locale(client, locale)
    check_page(client.delete("/"), status=405, locale=locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_validation_error_page_passes_the_checks(client, locale):
    use_locale(client, locale)
    page = client.get("/q/what-happened")
    response = client.post("/q/what-happened", data={"csrf_token": csrf_from(page)})
    facts = check_page(response, status=400, locale=locale)
    assert facts.title.startswith(("Error", "错误", "錯誤", "خاتالىق"))


def test_health_check_answers_ok_with_headers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.data == b"ok\n"
    check_headers(response)
    assert "Set-Cookie" not in response.headers


def test_static_files_are_served_with_security_headers(client):
    response = client.get("/static/clinic.css")
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_page_titles_and_urls_are_neutral(client):
    """Nothing in a title, URL or download name names a list, an appeal or the person."""
    sensitive = ("blacklist", "dishonest", "defaulter", "appeal", "失信", "黑名单", "限制消费", "上诉", "申诉")
    answer_all(client)
    titles, urls = [], []
    for path in ["/", "/check", "/result", "/save", "/resume", "/privacy"] + [f"/q/{q}" for q, _ in FULL_ANSWERS]:
        facts = check_page(client.get(path))
        titles.append(facts.title)
        urls.append(path)
    blob = " ".join(titles + urls).lower()
    assert not [word for word in sensitive if word in blob]


def test_language_cookie_is_a_session_cookie(client):
    """The language choice is kept in the browser's memory only: no Max-Age, no Expires."""
    response = client.get("/language/ug?next=/")
    header = response.headers["Set-Cookie"]
    assert header.startswith("lang=ug;")
    assert "Max-Age" not in header and "Expires" not in header


def test_privacy_page_says_what_the_browser_keeps(client):
    """Both cookies, what they hold and when they go, by name."""
    text = client.get("/privacy").get_data(as_text=True)
    assert "“s”" in text and "“lang”" in text
    assert "when you close the browser" in text
