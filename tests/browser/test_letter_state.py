"""Nothing typed is lost, and right-to-left pages keep numbers in order: Chromium with JavaScript
off walks every way a letter form used to come back empty (Back from the preview, Back after the
PDF download, the language switch on the form and on the preview, Back after the "too large" page)
in every language, reads the on-screen order of a case number, a phone number and a citation on
Uyghur pages, and checks where focus lands after a failed submit."""

from __future__ import annotations

import pytest

from clinic.i18n import LOCALE_IDS
from clinic.i18n import LOCALES as REGISTRY
from tests.browser.test_accessibility import fill_letter

LETTER = "/letter/correction-of-dishonest-entry"
TAGS = {info.id: info.tag for info in REGISTRY}
NAME = "张喆堃"
CASE_NUMBER = "（2024）京0105执1234号"
PHONE = "+86 138-0013-8000"
OWN_WORDS = "我没有收到决定书。"


@pytest.fixture()
def page_in(browser, live_server):
    """A phone-sized page with JavaScript off, in the given language."""
    contexts = []

    def open_page(locale: str):
        context = browser.new_context(
            java_script_enabled=False, viewport={"width": 360, "height": 740}, accept_downloads=True
        )
        context.add_cookies([{"name": "lang", "value": locale, "url": live_server}])
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def fill(page) -> None:
    fill_letter(page)
    page.fill("#phone", PHONE)
    page.fill("#own_account", OWN_WORDS)


def submit(page, locator) -> None:
    """Click a submit button and wait until the page it leads to has loaded."""
    with page.expect_navigation(wait_until="load"):
        locator.click()


def preview(page) -> None:
    submit(page, page.locator("#letter-form button[type=submit]"))
    assert "/preview" in page.url and page.locator(".letter-preview").count() >= 1


def assert_filled(page, locale: str) -> None:
    """The letter form is on screen, in this language, with what was typed."""
    assert page.locator("#letter-form").count() == 1, page.url
    assert page.locator("html").get_attribute("lang") == TAGS[locale]
    assert page.input_value("#applicant_name") == NAME
    assert page.input_value("#case_number") == CASE_NUMBER
    assert page.input_value("#phone") == PHONE
    assert page.input_value("#own_account") == OWN_WORDS
    assert page.locator("input[name=grounds]").first.is_checked()


@pytest.mark.parametrize("locale", LOCALE_IDS)
def test_back_from_the_preview_finds_the_form_filled(page_in, live_server, locale):
    page = page_in(locale)
    page.goto(live_server + LETTER)
    fill(page)
    preview(page)
    page.go_back(wait_until="load")
    assert_filled(page, locale)


@pytest.mark.parametrize("locale", LOCALE_IDS)
def test_back_after_the_pdf_download_finds_the_form_filled(page_in, live_server, locale):
    page = page_in(locale)
    page.goto(live_server + LETTER)
    fill(page)
    preview(page)
    with page.expect_download() as download:
        page.locator("form[action$='/pdf'] button").first.click()
    assert download.value.suggested_filename == "document.pdf"
    page.go_back(wait_until="load")
    assert_filled(page, locale)


def other_language(locale: str) -> str:
    return "ug" if locale != "ug" else "zh_Hans_CN"


@pytest.mark.parametrize("locale", LOCALE_IDS)
def test_switching_language_on_the_form_keeps_what_was_typed(page_in, live_server, locale):
    page = page_in(locale)
    page.goto(live_server + LETTER)
    fill(page)
    target = other_language(locale)
    submit(page, page.locator(f"nav.languages button[lang='{TAGS[target]}']"))
    assert_filled(page, target)
    # And Back from a preview made after the switch still finds the form filled.
    preview(page)
    page.go_back(wait_until="load")
    assert_filled(page, target)


@pytest.mark.parametrize("locale", LOCALE_IDS)
def test_switching_language_on_the_preview_keeps_the_letter(page_in, live_server, locale):
    page = page_in(locale)
    page.goto(live_server + LETTER)
    fill(page)
    preview(page)
    target = other_language(locale)
    submit(page, page.locator(f"nav.languages button[lang='{TAGS[target]}']"))
    assert page.locator("html").get_attribute("lang") == TAGS[target]
    assert page.locator(".letter-preview").count() >= 1 and NAME in page.content()
    # "Change the details" from the switched preview, and Back, both find the form filled.
    submit(page, page.locator("form[action$='/letter/correction-of-dishonest-entry'] button").first)
    assert_filled(page, target)


@pytest.mark.parametrize("locale", LOCALE_IDS)
def test_back_after_the_too_large_page_finds_the_form_filled(page_in, live_server, locale):
    page = page_in(locale)
    page.goto(live_server + LETTER)
    fill(page)
    preview(page)
    page.go_back(wait_until="load")
    assert_filled(page, locale)
    # 120,000 Chinese characters: over a megabyte once sent, so the server cannot read the form.
    page.fill("#own_account", "长" * 120_000)
    submit(page, page.locator("#letter-form button[type=submit]"))
    assert page.locator("#letter-form").count() == 0  # the "too large" page
    page.go_back(wait_until="load")
    assert_filled(page, locale)


# --- Right to left: the order on screen -------------------------------------------------------

VISUAL_BOXES = """([selector, token]) => {
  const root = document.querySelector(selector);
  if (!root) return null;
  const nodes = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node, text = "";
  while ((node = walker.nextNode())) { nodes.push([node, text.length]); text += node.data; }
  const start = text.indexOf(token);
  if (start < 0) return null;
  const boxes = [];
  for (let i = start; i < start + token.length; i++) {
    if (/\\s/.test(text[i])) continue;
    const [owner, offset] = nodes.filter(([n, at]) => at <= i && i < at + n.data.length)[0];
    const range = document.createRange();
    range.setStart(owner, i - offset);
    range.setEnd(owner, i - offset + 1);
    const box = range.getBoundingClientRect();
    boxes.push([text[i], box.left, box.top]);
  }
  return boxes;
}"""


def assert_reads_left_to_right(page, selector: str, token: str) -> None:
    """Each character of ``token`` inside ``selector`` stands to the right of the one before it
    (on the same line), as the token is written: nothing was moved by the right-to-left page."""
    boxes = page.evaluate(VISUAL_BOXES, [selector, token])
    assert boxes, f"{token} not found in {selector}"
    for (before, x0, y0), (after, x1, y1) in zip(boxes, boxes[1:], strict=False):
        if abs(y1 - y0) < 4:  # the same line
            assert x1 > x0, f"{token}: {after!r} is drawn left of {before!r} in {selector}"


def test_uyghur_pages_show_case_numbers_phone_numbers_and_citations_in_order(page_in, live_server):
    page = page_in("ug")
    page.goto(live_server + LETTER + "?kind=person")  # past the form's first step (who sends it)
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The hint's example case number.
    assert_reads_left_to_right(page, "#case_number-hint", CASE_NUMBER)
    # What the person types: the inputs for numbers are left to right.
    for field in ("#case_number", "#phone", "#id_number"):
        assert page.locator(field).evaluate("e => getComputedStyle(e).direction") == "ltr", field
    # The typed values on the preview's reading copy.
    fill(page)
    preview(page)
    assert_reads_left_to_right(page, ".letter-preview--reading", PHONE)
    assert_reads_left_to_right(page, ".letter-preview--reading", CASE_NUMBER)
    # A citation on a rules page.
    page.goto(live_server + "/rules/dishonest-judgment-defaulters")
    citation = page.locator(".citation").first.text_content()
    assert citation and "〔" in citation
    assert_reads_left_to_right(page, ".citation", citation.strip())


# --- Focus after a failed submit ---------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "ug"])
def test_a_failed_submit_puts_focus_on_the_error_summary(page_in, live_server, locale):
    page = page_in(locale)
    for path in ("/begin", LETTER + "?kind=person", "/resume"):
        page.goto(live_server + path)
        submit(page, page.locator("main form button[type=submit]").first)
        assert page.locator(".error-summary").count() == 1, path
        focused = page.evaluate("document.activeElement.className")
        assert "error-summary" in focused, (path, focused)
