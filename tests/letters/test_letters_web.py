"""Letters through the pages: every letter in every locale, the PDF's text, validation, hostile input."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from clinic import services
from clinic.letters.numerals import article_label_zh
from clinic.letters.samples import sample_form
from tests.conftest import LOCALES, csrf_from, use_locale
from tests.pagecheck import check_headers, check_page
from tests.posting import post


@pytest.fixture(scope="module")
def bundle(app):
    return services.of(app).content


def letter_ids():
    from clinic.app import create_app
    from tests.conftest import SECRET

    app = create_app(environ={"CLINIC_ENV": "testing", "CLINIC_SECRET_KEY": SECRET})
    return [letter.id for letter in services.of(app).content.letters.ordered()]


IDS = letter_ids()
FIRST = "correction-of-dishonest-entry"  # letter number 1, for the former URLs


def post_form(client, letter_id, form, action=""):
    return post(client, f"/letter/{letter_id}{action}", form, form_page=f"/letter/{letter_id}")


def pdf_text(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_required_letter_types_exist(bundle):
    numbers = {letter.number for letter in bundle.letters.ordered()}
    assert {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13, 14, 18, 19, 21, 23, 24, 25} <= numbers


def test_former_numbered_urls_redirect_to_the_permanent_ones(client, bundle):
    response = client.get("/letter/1")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/letter/{FIRST}"
    token = csrf_from(client.get(f"/letter/{FIRST}"))
    form = {**sample_form(bundle.letters.letters[FIRST], bundle.letters.fields), "csrf_token": token}
    for step in ("", "/preview", "/pdf", "/save"):
        moved = client.post(f"/letter/1{step}", data=form)
        assert moved.status_code == 308, step
        assert moved.headers["Location"] == f"/letter/{FIRST}{step}"
    # A browser sends the same body again to the new address (the test client does not resend it).
    moved = client.post("/letter/1/preview", data=form)
    assert client.post(moved.headers["Location"], data=form).status_code == 200


@pytest.mark.parametrize("locale", LOCALES)
def test_unknown_letters_are_a_translated_404(client, locale):
    use_locale(client, locale)
    check_page(client.get("/letter/no-such-letter"), status=404, locale=locale)
    check_page(client.get("/letter/99"), status=404, locale=locale)


@pytest.mark.parametrize("letter_id", IDS)
def test_every_letter_form_and_preview_pass_the_checks(client, bundle, letter_id):
    check_page(client.get(f"/letter/{letter_id}"))
    letter = bundle.letters.letters[letter_id]
    preview = post_form(client, letter_id, sample_form(letter, bundle.letters.fields), "/preview")
    facts = check_page(preview)
    assert letter.title_zh in " ".join(facts.text)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("letter_id", IDS)
def test_every_letter_renders_in_every_locale_with_the_key_text(client, bundle, letter_id, locale):
    use_locale(client, locale)
    letter = bundle.letters.letters[letter_id]
    form = sample_form(letter, bundle.letters.fields)
    response = post_form(client, letter_id, form, "/pdf")
    assert response.status_code == 200, response.data[:500]
    check_headers(response)
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="document.pdf"'
    text = flat(pdf_text(response.data))
    for expected in (letter.title_zh, "此致", "2026年11月27日", form["applicant_name"][0], form["phone"][0]):
        assert flat(expected) in text, expected
    if letter.grounds:
        assert flat(form["own_account"][0]) in text  # the person's words, exactly
    filing = __import__("datetime").date(2026, 11, 27)
    for cite in letter.always_cites:
        if not cite.applies_on(filing):
            continue
        ref = bundle.catalogue.basis_in_force(cite.instrument, cite.article, filing)
        if ref and ref.number and ref.unit == "article":
            assert article_label_zh(ref.number) in text, (cite, ref.number)
    reading_mark = {"en": "Translation for reading only"}.get(locale)
    if reading_mark:
        assert flat(reading_mark) in text
    if locale == "zh_Hans_CN":
        assert "Translation" not in text


def test_pdf_fonts_are_embedded_and_metadata_is_neutral(client, bundle):
    letter = bundle.letters.letters[FIRST]
    response = post_form(client, FIRST, sample_form(letter, bundle.letters.fields), "/pdf")
    reader = PdfReader(BytesIO(response.data))
    assert dict(reader.metadata) == {"/Title": "Document"}
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]))
    assert any("Noto-Serif-CJK-SC" in f for f in fonts)
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"])


def test_filing_date_picks_the_instrument_in_force(client, bundle):
    letter = bundle.letters.letters["credit-china-repair"]
    form = sample_form(letter, bundle.letters.fields)
    texts = {}
    for day in ("2026-03-31", "2026-04-01"):
        y, m, d = day.split("-")
        response = post_form(
            client, "credit-china-repair", {**form, "filing-year": y, "filing-month": m, "filing-day": d}, "/pdf"
        )
        texts[day] = flat(pdf_text(response.data))
    order_58 = flat(bundle.catalogue.instrument("ndrc-order-58").title_zh)
    order_36 = flat(bundle.catalogue.instrument("ndrc-order-36").title_zh)
    assert order_58 in texts["2026-03-31"] and order_36 not in texts["2026-03-31"]
    assert order_36 in texts["2026-04-01"] and order_58 not in texts["2026-04-01"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "110105194912310021", "last character does not match"),
        ("id_number", "12345", "18-character resident identity number"),
        ("phone", "call me", "telephone number"),
        ("applicant_name", "", "needed for the letter"),
        ("applicant_name", "张" * 10_000, "too long"),
        ("own_account", "x\n" * 70, "too many lines"),
    ],
)
def test_bad_details_get_a_clear_error_and_keep_the_input(client, bundle, field, value, message):
    letter = bundle.letters.letters[FIRST]
    form = {**sample_form(letter, bundle.letters.fields), field: value}
    response = post_form(client, FIRST, form, "/preview")
    facts = check_page(response, status=400)
    assert message in " ".join(facts.text)
    body = response.get_data(as_text=True)
    assert "11010519491231002X" in body or field == "id_number"  # other fields are kept
    assert f'href="#{field}"' in body


def test_uscc_is_checked_for_organisations(client, bundle):
    letter = bundle.letters.letters[FIRST]
    form = {**sample_form(letter, bundle.letters.fields, kind="organisation"), "uscc": "91350100M000100Y44"}
    facts = check_page(post_form(client, FIRST, form, "/preview"), status=400)
    assert "This code's last character does not match" in " ".join(facts.text)


@pytest.mark.parametrize("name", ["䶮", "堃", "喆", "𠈌", "ئابدۇرېھىم"])
def test_rare_characters_print(client, bundle, name):
    letter = bundle.letters.letters[FIRST]
    response = post_form(client, FIRST, {**sample_form(letter, bundle.letters.fields), "applicant_name": name}, "/pdf")
    assert response.status_code == 200
    assert name in pdf_text(response.data)


def test_a_character_no_font_has_gets_a_clear_message(client, bundle):
    letter = bundle.letters.letters[FIRST]
    response = post_form(
        client, FIRST, {**sample_form(letter, bundle.letters.fields), "applicant_name": "张\U00030000"}, "/pdf"
    )
    facts = check_page(response, status=400)
    assert "cannot be printed with the fonts available" in " ".join(facts.text)


HOSTILE = [
    "<script>alert(1)</script><img src=http://127.0.0.1:9/x>",
    "<style>body{background:url(http://127.0.0.1:9/x)}</style>",
    '"><link rel=attachment href="file:///etc/hostname">',
    "{{7*7}} {% raw %}",
    "\u202eevil\u202c 名字",
    "http://127.0.0.1:9/track.png",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_renders_as_text(client, bundle, value):
    letter = bundle.letters.letters[FIRST]
    form = {**sample_form(letter, bundle.letters.fields), "own_account": value}
    response = post_form(client, FIRST, form, "/pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)
    visible = value.replace("\u202e", "").replace("\u202c", "")
    assert flat(visible) in flat(text)
    assert "49" not in flat(text).replace("2026", "")[:0]  # {{7*7}} is never evaluated
    preview = post_form(client, FIRST, form, "/preview")
    assert "<script>alert" not in preview.get_data(as_text=True)


def test_five_thousand_newlines_collapse(client, bundle):
    letter = bundle.letters.letters[FIRST]
    plain = {**sample_form(letter, bundle.letters.fields), "own_account": "第一段\n\n第二段"}
    baseline = len(PdfReader(BytesIO(post_form(client, FIRST, plain, "/pdf").data)).pages)
    form = {**plain, "own_account": "第一段" + "\n" * 5000 + "第二段"}
    response = post_form(client, FIRST, form, "/pdf")
    assert response.status_code == 200
    assert len(PdfReader(BytesIO(response.data)).pages) <= baseline


def test_save_details_and_resume_fill_the_form_again(client, bundle, app):
    letter = bundle.letters.letters[FIRST]
    form = sample_form(letter, bundle.letters.fields)
    secret = "harbour lantern quietly orbit mango"
    saved = post_form(client, FIRST, {**form, "passphrase": secret, "passphrase_again": secret}, "/save")
    assert saved.headers["Content-Disposition"] == 'attachment; filename="notes.json"'
    assert "张喆堃".encode() not in saved.data  # sealed
    from tests.posting import resume

    with app.test_client() as other:
        page = resume(other, saved.data, secret)
        body = page.get_data(as_text=True)
        check_page(page)
        assert 'value="张喆堃"' in body and 'value="（2024）京0105执1234号"' in body


@pytest.mark.parametrize(
    ("secret", "again"),
    [("1", "1"), ("123456", "123456"), ("harbour lantern quietly orbit mango", "harbour lantern quietly orbit")],
)
def test_the_letters_save_form_refuses_a_weak_or_mistyped_passphrase(client, bundle, secret, again):
    """The preview's save form follows the same rule as the save page: a sealed file can be
    attacked offline, so "1" or a six-digit number would not protect it."""
    letter = bundle.letters.letters[FIRST]
    form = {**sample_form(letter, bundle.letters.fields), "passphrase": secret, "passphrase_again": again}
    response = post_form(client, FIRST, form, "/save")
    facts = check_page(response, status=400)
    assert response.mimetype == "text/html"
    assert 'href="#save-passphrase"' in response.get_data(as_text=True)
    assert 'value="张喆堃"' in response.get_data(as_text=True)  # the details are still on the page
    assert facts.title.startswith("Error:")


@pytest.mark.parametrize("locale", LOCALES)
def test_letter_forms_pass_the_checks_in_every_locale(client, locale):
    use_locale(client, locale)
    for letter_id in IDS:
        check_page(client.get(f"/letter/{letter_id}"), locale=locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_a_busy_worker_answers_503_with_a_translated_page(client, app, bundle, monkeypatch, locale):
    from clinic.letters.render import RenderError

    def busy(_html):
        raise RenderError("busy")

    use_locale(client, locale)
    monkeypatch.setattr(services.of(app).renderer, "render", busy)
    letter = bundle.letters.letters[FIRST]
    response = post_form(client, FIRST, sample_form(letter, bundle.letters.fields), "/pdf")
    check_page(response, status=503, locale=locale)
    assert response.headers["Retry-After"] == "10"


@pytest.mark.parametrize("code", ["too-many-pages", "timeout"])
def test_a_letter_over_the_caps_gets_a_clear_page(client, app, bundle, monkeypatch, code):
    from clinic.letters.render import RenderError

    def over(_html):
        raise RenderError(code)

    monkeypatch.setattr(services.of(app).renderer, "render", over)
    letter = bundle.letters.letters[FIRST]
    facts = check_page(post_form(client, FIRST, sample_form(letter, bundle.letters.fields), "/pdf"), status=422)
    assert "Shorten your own account" in " ".join(facts.text)


def test_an_expired_form_comes_back_filled_so_nothing_is_lost(app, bundle):
    letter = bundle.letters.letters[FIRST]
    form = sample_form(letter, bundle.letters.fields)
    with app.test_client() as client:
        client.get(f"/letter/{FIRST}")
        client.delete_cookie("s")  # the state cookie expired while the person was typing
        response = client.post(
            f"/letter/{FIRST}/preview",
            data={**form, "csrf_token": "expired-token"},
            headers={"Sec-Fetch-Site": "same-origin"},  # what a browser sends from the site's own page
        )
        facts = check_page(response, status=400)
        body = response.get_data(as_text=True)
        assert "Nothing you typed was lost" in " ".join(facts.text)
        assert 'value="张喆堃"' in body and form["own_account"][0] in body
        again = client.post(f"/letter/{FIRST}/preview", data={**form, "csrf_token": csrf_from(response)})
        assert again.status_code == 200


@pytest.mark.parametrize("fetch_site", ["cross-site", "same-site", None])
def test_a_post_from_elsewhere_with_a_bad_token_gets_no_filled_form(app, bundle, fetch_site):
    """A page elsewhere must not be able to have this site echo its values into a fresh, valid form
    (with a new token and cookie) for the person to send on."""
    letter = bundle.letters.letters[FIRST]
    form = {**sample_form(letter, bundle.letters.fields), "applicant_name": "ATTACKER-PREFILL"}
    headers = {"Origin": "null", **({"Sec-Fetch-Site": fetch_site} if fetch_site else {})}
    with app.test_client() as client:  # no cookie: a cross-site post never carries it
        response = client.post(f"/letter/{FIRST}/preview", data=form, headers=headers)
    assert response.status_code in (400, 403)
    assert "ATTACKER-PREFILL" not in response.get_data(as_text=True)
    assert 'name="csrf_token"' not in response.get_data(as_text=True)


def element_count(html: str) -> int:
    from html.parser import HTMLParser

    class Counter(HTMLParser):
        count = 0

        def handle_starttag(self, tag, attrs):
            self.count += 1

    counter = Counter()
    counter.feed(html)
    return counter.count


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECES = [*"<>\"'&/=;{}%#\\ \u202e\u200f张ئ", "<script>", '"><img src=x>', "{{7*7}}", "<!--", "]]>", "</textarea>"]
HOSTILE_TEXT = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join).map(str.strip).filter(bool)


@settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=HOSTILE_TEXT, account=HOSTILE_TEXT)
def test_no_input_adds_an_element_to_the_preview(client, bundle, name, account):
    """Whatever a person types, the preview page has the same elements (S5: no injection)."""
    from clinic.letters.preflight import FOREIGN_SCRIPT
    from clinic.letters.validators import clean_text

    letter = bundle.letters.letters[FIRST]
    form = sample_form(letter, bundle.letters.fields)

    def harmless(text):
        # Harmless text where the hostile text survives cleaning (in another script where it has
        # one, so that the preview's checks list the same findings), and a blank (which the page
        # still carries in its hidden fields, as it carries what was typed) where it does not.
        return ("safe" if FOREIGN_SCRIPT.search(clean_text(text)) else "安全") if clean_text(text) else " "

    safe = {"applicant_name": harmless(name), "own_account": harmless(account)}
    baseline = post_form(client, FIRST, {**form, **safe}, "/preview")
    response = post_form(client, FIRST, {**form, "applicant_name": name, "own_account": account}, "/preview")
    html = response.get_data(as_text=True)
    if response.status_code != 200:  # a name made only of removed characters is refused, with a page
        assert response.status_code == 400 and "<script" not in html.lower()
        return
    assert element_count(html) == element_count(baseline.get_data(as_text=True))
    assert "<script" not in html.lower()


def test_the_pages_handed_in_do_not_name_the_tool_or_its_version(client, bundle):
    """The authority must not be able to tell which tool wrote the letter: the rules version is
    printed on the cover sheet (which the person keeps) and nowhere else."""
    letter = bundle.letters.letters[FIRST]
    response = post_form(client, FIRST, sample_form(letter, bundle.letters.fields), "/pdf")
    pages = [flat(page.extract_text()) for page in PdfReader(BytesIO(response.data)).pages]
    stamp = flat(bundle.version)
    official = pages[: next(i for i, text in enumerate(pages) if "此致" in text) + 1]
    assert not any(stamp in text for text in official)
    assert stamp in pages[-1]  # the cover sheet


def test_a_long_run_without_spaces_wraps_instead_of_leaving_the_page(client, bundle):
    """An address or account typed without spaces must be printed whole, not cut at the margin."""
    letter = bundle.letters.letters[FIRST]
    token = "START" + "A" * 2990 + "END"
    form = {**sample_form(letter, bundle.letters.fields), "own_account": token}
    response = post_form(client, FIRST, form, "/pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "AAAEND" in flat(text)
    # Cut at the margin, the token is one line that runs off the page; wrapped, it takes dozens.
    assert sum("AAAA" in line for line in text.splitlines()) > 20


def test_the_cover_sheet_shows_the_likely_deadline_and_the_safe_date(app_without_2026):
    # With the 2026 notice withheld, 60 days from Fri 19 Dec 2025 (the day the decision became
    # known) end on Tue 17 Feb 2026, inside the estimated Spring Festival: likely deadline Tue 24
    # February, safe date Fri 13 February, the last working day before 除夕.
    content = services.of(app_without_2026).content
    letter = content.letters.letters["administrative-reconsideration"]
    form = sample_form(letter, content.letters.fields)
    form.update({"decision_date-year": ["2025"], "decision_date-month": ["12"], "decision_date-day": ["19"]})
    form.update(
        {"decision_known_date-year": ["2025"], "decision_known_date-month": ["12"], "decision_known_date-day": ["19"]}
    )
    form.update({"filing-year": ["2025"], "filing-month": ["12"], "filing-day": ["22"]})
    with app_without_2026.test_client() as client:
        # The cover sheet is printed with the letter; the preview shows the letter alone.
        pdf = post_form(client, "administrative-reconsideration", form, "/pdf")
        assert pdf.status_code == 200
        printed = flat(pdf_text(pdf.data))
        assert flat("Likely deadline: February 24, 2026") in printed
        assert flat("To be safe, file by February 13, 2026.") in printed


@pytest.mark.parametrize("locale", LOCALES)
def test_continue_without_saying_who_sends_the_letter_says_what_to_do(client, locale):
    """A person presses Continue on the first step without choosing person or organisation."""
    use_locale(client, locale)
    response = post_form(client, "chasing-letter", {})
    check_page(response, status=400, locale=locale)
    html = response.get_data(as_text=True)
    assert 'class="error-summary"' in html and 'href="#kind' in html  # the summary links to the choice
    assert 'name="kind"' in html and 'type="radio"' in html  # still the first step
    assert post_form(client, "chasing-letter", {"kind": "organisation"}).status_code == 303
