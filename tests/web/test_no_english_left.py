"""No English source string on a non-English page, nor in a letter's reading copy or cover sheet
(apart from proper names and codes)."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from clinic import services
from clinic.i18n import TRANSLATED
from clinic.letters.samples import sample_form
from tests.conftest import csrf_from, use_locale
from tests.posting import page_text as shared_page_text

ROOT = Path(__file__).resolve().parents[2]
NON_ENGLISH = TRANSLATED
# Strings that are the same in every language: names and codes.
ALLOWED = {"English", "ئۇيغۇرچە", "简体中文", "繁體中文"}


def english_sources() -> list[str]:
    with (ROOT / "translations" / "messages.pot").open("rb") as handle:
        catalog = read_po(handle)
    texts = []
    for message in catalog:
        text = message.id if isinstance(message.id, str) else (message.id[0] if message.id else "")
        # Long enough to be unmistakably English prose, with the placeholders cut out.
        for piece in re.split(r"%\(\w+\)[sd]|\{[a-z0-9_]+\}", text):
            piece = " ".join(piece.split())
            if len(piece.split()) >= 4 and re.search(r"[a-z]{3}", piece) and piece not in ALLOWED:
                texts.append(piece)
    return sorted(set(texts), key=len, reverse=True)


SOURCES = english_sources()


def leftovers(text: str) -> list[str]:
    flat = " ".join(text.split())
    return [source for source in SOURCES if source in flat]


def page_text(response) -> str:
    return shared_page_text(response, locale=None)


def walk(client):
    """Every page of the journey with its first answers; yields (path, response)."""
    response = client.get("/begin")
    for _ in range(10):
        location = response.headers.get("Location", "")
        if not location.startswith("/q/"):
            break
        page = client.get(location)
        yield location, page
        html = page.get_data(as_text=True)
        first = re.search(r'name="answer" value="([^"]+)"', html).group(1)
        response = client.post(location, data={"answer": first, "csrf_token": csrf_from(page)})
        yield location + " (error)", client.post(location, data={"csrf_token": csrf_from(page)})


@pytest.mark.parametrize("locale", NON_ENGLISH)
def test_pages_have_no_english_left(client, app, locale):
    use_locale(client, locale)
    found = {}
    for path, response in walk(client):
        found[path] = leftovers(page_text(response))
    bundle = services.of(app).content
    paths = ["/", "/check", "/result", "/rules", "/save", "/resume", "/privacy", "/letters", "/nope"]
    paths += [f"/rules/{regime.id}" for regime in bundle.catalogue.lists]
    paths += [f"/letter/{letter.id}" for letter in bundle.letters.ordered()]
    for path in paths:
        found[path] = leftovers(page_text(client.get(path)))
    for letter in bundle.letters.ordered():
        token = csrf_from(client.get(f"/letter/{letter.id}"))
        form = {**sample_form(letter, bundle.letters.fields), "csrf_token": token}
        found[f"/letter/{letter.id}/preview"] = leftovers(
            page_text(client.post(f"/letter/{letter.id}/preview", data=form))
        )
        bad = {**form, "phone": "x", "applicant_name": ""}
        found[f"/letter/{letter.id} (error)"] = leftovers(
            page_text(client.post(f"/letter/{letter.id}/preview", data=bad))
        )
    problems = {path: texts[:3] for path, texts in found.items() if texts}
    assert problems == {}


@pytest.mark.parametrize("locale", NON_ENGLISH)
def test_reading_copies_and_cover_sheets_have_no_english_left(client, app, locale):
    use_locale(client, locale)
    bundle = services.of(app).content
    problems = {}
    for letter in bundle.letters.ordered():
        token = csrf_from(client.get(f"/letter/{letter.id}"))
        form = {**sample_form(letter, bundle.letters.fields), "csrf_token": token}
        response = client.post(f"/letter/{letter.id}/pdf", data=form)
        text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages)
        texts = leftovers(text)
        if texts:
            problems[letter.number] = texts[:3]
    assert problems == {}
