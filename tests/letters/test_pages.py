"""Signing and pages (issue 12 items 7 and 8): in every letter's sample, with and without an agent,
the closing block shares a page with the end of the last paragraph, the official pages are numbered
第X页 共Y页 within the official letter, no official page carries the content hash, and the cover
sheet names the letter's filing channels."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from clinic import services
from clinic.letters.samples import sample_form
from tests.letters.test_letters_web import IDS, flat, post_form

FOOTER = re.compile(r"第(\d+)页共(\d+)页")


@pytest.fixture(scope="module")
def bundle(app):
    return services.of(app).content


def pages(client, bundle, letter_id: str, agent: bool) -> list[str]:
    letter = bundle.letters.letters[letter_id]
    form = sample_form(letter, bundle.letters.fields, agent=agent)
    response = post_form(client, letter_id, form, "/pdf")
    assert response.status_code == 200, response.data[:300]
    return [flat(page.extract_text()) for page in PdfReader(BytesIO(response.data)).pages]


@pytest.mark.parametrize("agent", [False, True], ids=["own", "agent"])
@pytest.mark.parametrize("letter_id", IDS)
def test_the_closing_block_stays_with_the_last_paragraph_and_pages_are_numbered(client, bundle, letter_id, agent):
    texts = pages(client, bundle, letter_id, agent)
    first = FOOTER.search(texts[0])
    assert first and first.group(1) == "1", texts[0][-40:]
    total = int(first.group(2))
    official = texts[:total]
    for number, text in enumerate(official, start=1):
        assert f"第{number}页共{total}页" in text, (number, text[-40:])
        assert bundle.content_hash not in text, number
    # The page after the official letter is not numbered as part of it.
    assert all(f"共{total}页" not in text for text in texts[total:])
    closing = [text for text in official if "此致" in text]
    assert len(closing) == 1
    before = closing[0].split("此致")[0]
    # The last paragraph ends on the page the closing block starts on: text precedes 此致 there, and
    # it ends a sentence (a closing block alone would have nothing before it but the page's top).
    assert before.endswith("。"), before[-40:]
    # The provenance and the filing channels are printed on the cover sheet.
    after = "".join(texts[total:])
    assert bundle.content_hash in after
    letter = bundle.letters.letters[letter_id]
    for channel in bundle.channels.for_remedy(letter.remedy):
        assert flat(channel.name_zh) in after, channel.id
    assert "此致信用中国网站" not in "".join(official)


def test_the_cover_sheet_draws_the_days_left_to_the_deadline(client, bundle):
    """'The court rejected my correction; the rejection reached me on 20 November and I write the
    reconsideration on 27 November.' The cover sheet shows the same calendar strip as the result
    page, from the letter's date to the last day (10 days: Monday 30 November 2026)."""
    letter = bundle.letters.letters["reconsideration-of-correction-refusal"]
    form = sample_form(letter, bundle.letters.fields)
    form.update({"rejection_served_date-year": ["2026"], "rejection_served_date-month": ["11"]})
    form["rejection_served_date-day"] = ["20"]
    response = post_form(client, letter.id, form, "/pdf")
    assert response.status_code == 200, response.data[:300]
    text = flat(" ".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages))
    assert "FromNovember27,2026toNovember30,2026:4days,ofwhich2areweekendsorpublicholidays." in text
    assert "ThelastdaytofileisMonday,November30,2026." in text


def test_a_late_letter_has_no_calendar_strip_on_its_cover(client, bundle):
    """The same letter written a month after the rejection: the cover says it is late, no picture."""
    letter = bundle.letters.letters["reconsideration-of-correction-refusal"]
    form = sample_form(letter, bundle.letters.fields)
    response = post_form(client, letter.id, form, "/pdf")
    text = flat(" ".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages))
    assert "Thelastdaytofileis" not in text and "thedeadline" in text.lower()
