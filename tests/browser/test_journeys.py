"""Whole journeys in a real browser with JavaScript off, by keyboard, and screenshots to look at."""

import json

import pytest

from clinic.i18n import LOCALE_IDS
from clinic.i18n import LOCALES as REGISTRY
from tests.browser.conftest import SCREENSHOTS
from tests.browser.journey import walk_to_check
from tests.browser.test_accessibility import fill_letter

LOCALES = LOCALE_IDS
TAGS = {info.id: info.tag for info in REGISTRY}


def choose_language(page, base, locale):
    page.goto(base + "/")
    page.locator(f"nav.languages a[lang='{TAGS[locale]}']").click()
    assert page.locator("html").get_attribute("lang") == TAGS[locale]


@pytest.mark.parametrize("locale", LOCALES)
def test_no_js_journey_save_resume_and_leave(no_js_page, live_server, locale, tmp_path):
    page = no_js_page
    choose_language(page, live_server, locale)
    page.locator("main a.button").first.click()  # Start now
    assert "/q/" in page.url
    # An empty answer shows the error summary, then the journey goes on.
    page.locator("main button[type=submit]").first.click()
    assert page.locator(".error-summary").count() == 1
    walk_to_check(page, live_server)
    page.goto(live_server + "/result")
    assert page.locator("ol.candidates > li").count() >= 1
    page.locator("ol.candidates a[href^='/rules/']").first.click()
    assert page.locator("h1").count() == 1 and "/rules/" in page.url
    # Write a letter: details, preview, download the PDF.
    page.goto(live_server + "/letter/correction-of-dishonest-entry")
    fill_letter(page)
    page.locator("main form button[type=submit]").first.click()
    assert "/preview" in page.url and page.locator(".letter-preview").count() >= 1
    with page.expect_download() as letter_download:
        page.locator("form[action$='/pdf'] button").first.click()  # the top one of two
    assert letter_download.value.suggested_filename == "document.pdf"
    pdf = tmp_path / "document.pdf"
    letter_download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    # Save to a file (with a passphrase) and resume from it in a fresh context.
    page.goto(live_server + "/save")
    page.fill("#passphrase", "three good words")
    page.fill("#passphrase_again", "three good words")
    with page.expect_download() as download_info:
        page.locator("main form button[type=submit]").click()
    download = download_info.value
    assert download.suggested_filename == "notes.json"
    saved = tmp_path / "notes.json"
    download.save_as(saved)
    assert set(json.loads(saved.read_text())) == {"v", "salt", "nonce", "data"}  # sealed: nothing readable
    other = page.context.browser.new_context(java_script_enabled=False)
    fresh = other.new_page()
    fresh.goto(live_server + "/resume")
    fresh.set_input_files("#casefile", str(saved))
    fresh.fill("#passphrase", "three good words")
    fresh.locator("main form button[type=submit]").click()
    fresh.locator("main h1").wait_for()  # the key derivation can take a while on a busy machine
    assert fresh.locator("h1").count() == 1  # "Your file was opened", saying what came back
    fresh.locator("main a.button").click()  # Continue
    assert fresh.url.endswith("/check")
    other.close()
    # Leave this site: cookies cleared, neutral destination.
    page.locator("a.leave-link").click()
    assert page.url.endswith("/healthz")
    assert [c for c in page.context.cookies() if c["name"] in ("s", "lang")] == []


def test_keyboard_only_journey(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "leave-link" in focused, "Leave this site comes first in the tab order"
    page.keyboard.press("Tab")
    assert "skip-link" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Enter")  # skip to main content
    # Tab to the Start button and press Enter.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('button--primary')"):
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/q/**")
    for _ in range(12):
        if page.url.endswith("/check"):
            break
        if page.locator("input[name=year]").count():
            page.focus("input[name=year]")
            page.keyboard.type("2025")
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            page.keyboard.type("3")
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            page.keyboard.type("27")
        else:
            page.focus("input[name=answer] >> nth=0")
            page.keyboard.press("Space")
        with page.expect_navigation():
            page.keyboard.press("Enter")  # submits the form from a focused field
    assert page.url.endswith("/check")
    context.close()


PAGES = [
    "/",
    "/begin",
    "/rules",
    "/rules/dishonest-judgment-defaulters",
    "/save",
    "/resume",
    "/privacy",
    "/letters",
    "/letter/correction-of-dishonest-entry",
    "/languages",
    "/accessibility",
    "/help",
    "/glossary",
]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots(browser, live_server, locale, width):
    """Screenshots of every page type, saved in test-artifacts/screenshots for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "lang", "value": locale, "url": live_server}])
    page = context.new_page()
    for path in PAGES:
        page.goto(live_server + path)
        name = path.strip("/").replace("/", "-") or "start"
        page.screenshot(path=str(SCREENSHOTS / f"{locale}-{width}-{name}.png"), full_page=True)
        # Nothing overflows sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    walk_to_check(page, live_server)
    page.screenshot(path=str(SCREENSHOTS / f"{locale}-{width}-check.png"), full_page=True)
    page.goto(live_server + "/result")
    page.screenshot(path=str(SCREENSHOTS / f"{locale}-{width}-result.png"), full_page=True)
    page.goto(live_server + "/letter/correction-of-dishonest-entry")
    fill_letter(page)
    page.locator("main form button[type=submit]").first.click()
    page.screenshot(path=str(SCREENSHOTS / f"{locale}-{width}-preview.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    context.close()


def test_passphrase_fields_do_not_invite_the_password_manager(no_js_page, live_server):
    """Chromium offers to save or generate a password for fields marked new-password: a passphrase
    kept there, with this site's address, would sit on the device or in a synced account."""
    page = no_js_page
    walk_to_check(page, live_server)  # the save form is offered once there are answers to save
    for path, ids in (("/save", ("#passphrase", "#passphrase_again")), ("/resume", ("#passphrase",))):
        page.goto(live_server + path)
        for selector in ids:
            field = page.locator(selector)
            assert field.get_attribute("type") == "password"
            assert field.get_attribute("autocomplete") == "off", (path, selector)
