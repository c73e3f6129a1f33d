"""axe-core at WCAG 2.2 A and AA, with its best-practice rules, on every page type in every locale,
normal and error states."""

import pytest

from clinic.i18n import LOCALE_IDS
from tests.browser.conftest import run_axe
from tests.browser.journey import walk_to_check

LOCALES = LOCALE_IDS
SIMPLE_PAGES = [
    "/",
    "/privacy",
    "/save",
    "/resume",
    "/rules",
    "/rules/dishonest-judgment-defaulters",
    "/rules/samr-serious-violation",
    "/no-such-page",
    "/letters",
    "/letter/correction-of-dishonest-entry",
    "/letter/administrative-reconsideration",
    "/languages",
    "/accessibility",
    "/help",
    "/glossary",
    "/letter/correction-of-dishonest-entry?kind=person",
]


def submit_empty(page):
    page.locator("main form button[type=submit]").first.click()


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("path", SIMPLE_PAGES)
def test_simple_pages_have_no_violations(browser, live_server, locale, path):
    assert run_axe(browser, live_server + path, locale) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_question_pages_normal_and_error_have_no_violations(browser, live_server, locale):
    assert run_axe(browser, live_server + "/begin", locale) == []
    assert run_axe(browser, live_server + "/begin", locale, setup=submit_empty) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_check_and_result_pages_have_no_violations(browser, live_server, locale):
    assert run_axe(browser, live_server + "/", locale, setup=lambda p: walk_to_check(p, live_server)) == []

    def to_result(page):
        walk_to_check(page, live_server)
        page.goto(live_server + "/result")

    assert run_axe(browser, live_server + "/", locale, setup=to_result) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_rules_page_with_a_date_error_has_no_violations(browser, live_server, locale):
    def bad_date(page):
        form = page.locator("form:has(input[name=action][value=on])")
        form.locator("input[name=year]").fill("2025")
        form.locator("input[name=month]").fill("2")
        form.locator("input[name=day]").fill("30")
        form.locator("button").click()

    assert run_axe(browser, live_server + "/rules/dishonest-judgment-defaulters", locale, setup=bad_date) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_resume_error_has_no_violations(browser, live_server, locale):
    assert run_axe(browser, live_server + "/resume", locale, setup=submit_empty) == []


def choose_person(page):
    """On a letter that a person or an organisation may send, the form first asks who sends it."""
    if page.locator("#applicant_name").count() == 0 and page.locator("input[name=kind]").count():
        page.locator("input[name=kind][value=person]").check()
        page.locator("main form button[type=submit]").first.click()


def fill_letter(page):
    """Fill letter 1's form with valid sample details (the preview then shows the letter)."""
    choose_person(page)
    page.fill("#applicant_name", "张喆堃")
    page.fill("#id_number", "11010519491231002X")
    page.fill("#address", "北京市朝阳区建国路1号")
    page.fill("#phone", "13800138000")
    page.fill("#enforcing_court", "北京市朝阳区人民法院")
    page.fill("#case_number", "（2024）京0105执1234号")
    page.locator("input[name=grounds]").first.check()


@pytest.mark.parametrize("locale", LOCALES)
def test_letter_form_error_and_preview_have_no_violations(browser, live_server, locale):
    assert run_axe(browser, live_server + "/letter/correction-of-dishonest-entry", locale, setup=submit_empty) == []

    def preview(page):
        fill_letter(page)
        page.locator("main form button[type=submit]").first.click()

    assert run_axe(browser, live_server + "/letter/correction-of-dishonest-entry", locale, setup=preview) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_start_again_confirmation_and_cleared_state_have_no_violations(browser, live_server, locale):
    def confirm_start_again(page):
        walk_to_check(page, live_server)
        page.locator("form[action='/restart'] button").first.click()
        assert page.locator("input[name=confirm]").count() == 1

    assert run_axe(browser, live_server + "/", locale, setup=confirm_start_again) == []

    def cleared(page):
        page.context.add_cookies([{"name": "s", "value": "not-a-token", "url": live_server}])
        page.goto(live_server + "/q/what-happened")

    assert run_axe(browser, live_server + "/", locale, setup=cleared) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_resumed_page_and_letter_language_switch_have_no_violations(browser, live_server, locale, tmp_path):
    def resumed(page):
        walk_to_check(page, live_server)
        page.goto(live_server + "/save")
        with page.expect_download() as download:
            page.locator("main form button[type=submit]").click()
        saved = tmp_path / "notes.json"
        download.value.save_as(saved)
        page.goto(live_server + "/resume")
        page.set_input_files("#casefile", str(saved))
        page.locator("main form button[type=submit]").click()
        assert page.locator("main a.button").count() == 1

    assert run_axe(browser, live_server + "/", locale, setup=resumed) == []

    def switched_preview(page):
        fill_letter(page)
        page.locator("main form button[type=submit]").first.click()
        target = "ug" if locale != "ug" else "en"
        page.locator(f"nav.languages button[value='{target}']").click()
        assert page.locator(".letter-preview").count() >= 1

    assert run_axe(browser, live_server + "/letter/correction-of-dishonest-entry", locale, setup=switched_preview) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_summary_and_what_next_pages_have_no_violations(browser, live_server, locale):
    def to_summary(page):
        walk_to_check(page, live_server)
        page.goto(live_server + "/summary")

    assert run_axe(browser, live_server + "/", locale, setup=to_summary) == []

    def to_next(page):
        fill_letter(page)
        page.locator("main form button[type=submit]").first.click()
        page.locator("form[action$='/next'] button").first.click()

    assert run_axe(browser, live_server + "/letter/correction-of-dishonest-entry", locale, setup=to_next) == []
