"""Headers on every status, CSRF, cross-site refusal, size limits, debug off, safe error logging."""

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic import services
from clinic.app import create_app
from clinic.letters.samples import sample_form
from clinic.letters.validators import MAX_LINES, FieldError, check_multiline
from tests.conftest import SECRET, csrf_from
from tests.pagecheck import check_page
from tests.posting import post


def test_debug_is_off(app):
    assert app.debug is False


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("TRACE", "/", 405),
        ("GET", "/.git/config", 404),
        ("GET", "/static/../app.py", 404),
        ("PUT", "/q/what-happened", 405),
    ],
)
def test_odd_requests_get_a_friendly_page(client, method, path, status):
    check_page(client.open(path, method=method), status=status)


def test_post_without_csrf_token_is_refused_with_a_page(client):
    client.get("/q/what-happened")
    facts = check_page(client.post("/q/what-happened", data={"answer": "published"}), status=400)
    assert "could not be used, so nothing was kept" in " ".join(facts.text)


@pytest.mark.parametrize("path", ["/q/what-happened", "/restart", "/save", "/resume"])
def test_every_post_route_requires_the_token(client, path):
    client.get("/")
    response = client.post(path, data={"csrf_token": "forged"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "headers",
    [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}],
)
def test_cross_site_posts_are_refused(client, headers):
    page = client.get("/q/what-happened")
    response = client.post(
        "/q/what-happened", data={"answer": "published", "csrf_token": csrf_from(page)}, headers=headers
    )
    check_page(response, status=403)


def test_same_origin_and_null_origin_posts_are_accepted(client):
    for origin in ("http://localhost", "null"):
        page = client.get("/q/what-happened")
        response = client.post(
            "/q/what-happened",
            data={"answer": "published", "csrf_token": csrf_from(page)},
            headers={"Origin": origin, "Sec-Fetch-Site": "same-origin"},
        )
        assert response.status_code == 303


def test_oversized_urlencoded_body_gets_413(client, app):
    page = client.get("/q/what-happened")
    body = "csrf_token=" + csrf_from(page) + "&answer=" + "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/q/what-happened", data=body, content_type="application/x-www-form-urlencoded")
    check_page(response, status=413)


def test_too_many_form_parts_gets_413(client, app):
    page = client.get("/q/what-happened")
    body = "csrf_token=" + csrf_from(page) + "".join(f"&f{i}=1" for i in range(app.config["MAX_FORM_PARTS"] + 5))
    response = client.post("/q/what-happened", data=body, content_type="multipart/form-data; boundary=x")
    assert response.status_code in (400, 413)


def test_one_oversized_urlencoded_field_gets_413(client, app):
    """The per-field cap holds for ordinary form posts too, not only for multipart ones."""
    page = client.get("/q/what-happened")
    field = "x" * (app.config["MAX_FORM_MEMORY_SIZE"] + 1)
    body = "csrf_token=" + csrf_from(page) + "&answer=" + field
    assert len(body) < app.config["MAX_CONTENT_LENGTH"]
    response = client.post("/q/what-happened", data=body, content_type="application/x-www-form-urlencoded")
    check_page(response, status=413)


def test_too_many_urlencoded_fields_get_413(client, app):
    page = client.get("/q/what-happened")
    body = "csrf_token=" + csrf_from(page) + "".join(f"&f{i}=" for i in range(app.config["MAX_FORM_PARTS"] + 5))
    response = client.post("/q/what-happened", data=body, content_type="application/x-www-form-urlencoded")
    check_page(response, status=413)


@pytest.fixture()
def failing_app():
    app = create_app(environ={"CLINIC_ENV": "testing", "CLINIC_SECRET_KEY": SECRET})

    @app.get("/boom")
    def boom():
        raise ValueError("secret CANARY-7f3a typed by a person")

    return app


def test_unexpected_errors_show_a_page_and_log_no_message(failing_app, caplog):
    caplog.set_level(logging.DEBUG)
    with failing_app.test_client() as client:
        response = client.get("/boom", headers={"Accept-Language": "zh-CN"})
    facts = check_page(response, status=500, locale="zh_Hans_CN")
    assert "CANARY" not in response.get_data(as_text=True)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "ValueError" in logged and "boom" in logged
    assert "CANARY" not in logged
    assert all(r.exc_info is None for r in caplog.records if r.name.startswith("clinic"))
    assert facts.h1_count == 1


def test_production_without_a_secret_key_refuses_to_start():
    from clinic.config import ConfigError

    with pytest.raises(ConfigError, match="CLINIC_SECRET_KEY is required"):
        create_app(environ={"CLINIC_ENV": "production"})


def test_embedded_mode_generates_a_key_with_a_warning(caplog):
    app = create_app(environ={})
    assert len(app.secret_key) >= 32
    assert "No CLINIC_SECRET_KEY set" in caplog.text


def test_missing_fonts_or_harfbuzz_refuse_start(monkeypatch):
    from clinic import app as app_module

    monkeypatch.setattr(
        app_module.system,
        "find_system_problems",
        lambda: ("The library libharfbuzz-subset (Debian package libharfbuzz-subset0) is missing.",),
    )
    with pytest.raises(app_module.SystemCheckError, match="libharfbuzz-subset0"):
        create_app(environ={"CLINIC_ENV": "testing", "CLINIC_SECRET_KEY": SECRET})


def test_leave_clears_everything_and_goes_to_the_configured_page(client):
    page = client.get("/q/what-happened")
    client.post("/q/what-happened", data={"answer": "published", "csrf_token": csrf_from(page)})
    client.get("/language/ug?next=/")
    response = client.get("/leave")
    assert response.status_code == 303
    assert response.headers["Location"] == "https://www.baidu.com/"
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    cookies = response.headers.getlist("Set-Cookie")
    assert any(c.startswith("s=;") and "Max-Age=0" in c for c in cookies)
    assert any(c.startswith("lang=;") and "Max-Age=0" in c for c in cookies)
    assert client.get("/check").headers["Location"] == "/q/what-happened"


def test_exit_url_is_configurable():
    app = create_app(
        environ={"CLINIC_ENV": "testing", "CLINIC_SECRET_KEY": SECRET, "CLINIC_EXIT_URL": "https://weather.example/"}
    )
    with app.test_client() as client:
        assert client.get("/leave").headers["Location"] == "https://weather.example/"


@pytest.mark.parametrize(
    "target",
    [
        "/q/x\r\nSet-Cookie: pwn=1",  # gave a 500: Werkzeug refuses the header (no injection)
        "/q/x\nLocation: //evil.example",
        "/q/x\r",
        "/q/x\x00",
        "/q/x\x7f",
        "/q/x\x85",
        "/q/x\x0b",
        "/q/x\u2028",
        "/q/x\t",
    ],
)
def test_control_characters_in_the_language_switchers_return_path_go_to_the_start(client, target):
    response = client.get("/language/en", query_string={"next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert "pwn" not in response.headers.get("Set-Cookie", "")


def test_an_ordinary_return_path_is_kept(client):
    response = client.get("/language/zh_Hans_CN", query_string={"next": "/q/who"})
    assert (response.status_code, response.headers["Location"]) == (303, "/q/who")


@settings(
    max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(target=st.tuples(st.sampled_from(["", "/", "//", "/q/", "/letter/"]), st.text(max_size=20)).map("".join))
def test_no_return_path_gives_a_500_or_leaves_the_site(client, target):
    response = client.get("/language/en", query_string={"next": target})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//")
    assert location.isprintable()


LETTER = "correction-of-dishonest-entry"


@pytest.mark.parametrize("separator", ["\n", "\r\n", "\r", "\u2028", "\u2029"])
def test_every_kind_of_line_break_counts_towards_the_line_cap(separator):
    check_multiline(separator.join(["行"] * MAX_LINES), 3000)  # 60 lines: fine
    with pytest.raises(FieldError) as problem:
        check_multiline(separator.join(["行"] * (MAX_LINES + 1)), 3000)
    assert problem.value.code == "too-many-lines"


@pytest.mark.parametrize("separator", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85"])
def test_other_line_separators_never_reach_the_letter(separator):
    # str.splitlines also breaks at these; cleaning removes them (control characters), so they
    # make no lines in the letter and cost no layout.
    text = check_multiline(separator.join(["行"] * (MAX_LINES + 1)), 3000)
    assert len(text.splitlines()) == 1


def test_unicode_line_separators_are_refused_before_layout(app, client):
    # U+2028 slipped past the cap and cost 3-5 s of layout before a 422 "too long".
    bundle = services.of(app).content
    form = sample_form(bundle.letters.letters[LETTER], bundle.letters.fields)
    response = post(
        client, f"/letter/{LETTER}/pdf", {**form, "own_account": "行\u2028" * 1500}, form_page=f"/letter/{LETTER}"
    )
    facts = check_page(response, status=400)
    assert "too many lines" in " ".join(facts.text)
