"""The letter pack is a tagged PDF/UA-1 file: the machine-checkable part of PDF/UA (tests/letters/
pdfua.py says what that covers and what it does not), each part in its own language, and still
nothing about the person outside the page text."""

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from clinic import i18n, services
from clinic.letters.render import Renderer
from clinic.letters.samples import sample_form
from tests.conftest import LOCALES, use_locale
from tests.letters import pdfua
from tests.posting import post

STATIC = Path(__file__).resolve().parents[2] / "clinic" / "static"
FIRST = "correction-of-dishonest-entry"  # has attachments: the evidence list is a table


@pytest.fixture(scope="module")
def packs(app):
    """One PDF pack per locale, made through the pages as a person makes it."""
    bundle = services.of(app).content
    letter = bundle.letters.letters[FIRST]
    made = {}
    for locale in LOCALES:
        with app.test_client() as client:
            use_locale(client, locale)
            form = sample_form(letter, bundle.letters.fields)
            response = post(client, f"/letter/{FIRST}/pdf", form, form_page=f"/letter/{FIRST}")
            assert response.status_code == 200 and response.mimetype == "application/pdf"
            made[locale] = response.data
    return made


def collapse(values):
    """Consecutive repeats dropped: a part split over pages is one part."""
    return [v for i, v in enumerate(values) if i == 0 or values[i - 1] != v]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_pack_passes_the_checkable_part_of_pdf_ua(packs, locale):
    assert list(pdfua.problems(packs[locale], "zh-Hans-CN")) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_headings_lists_and_tables_are_in_the_structure_tree(packs, locale):
    kinds = {e.kind for e in pdfua.elements(PdfReader(BytesIO(packs[locale])))}
    assert {"Document", "Sect", "H1", "H2", "P", "L", "LI", "LBody", "Table", "THead", "TR", "TH", "TD"} <= kinds


@pytest.mark.parametrize("locale", LOCALES)
def test_each_part_is_read_in_its_language(packs, locale):
    tree = pdfua.elements(PdfReader(BytesIO(packs[locale])))
    tag = i18n.locale_info(locale).tag
    reading = i18n.reading_copy(locale)
    parts = collapse([e.lang for e in tree if e.kind == "Sect" and e.depth == 2])
    # The official letter and its companion documents, then the reading copy and the cover sheet.
    assert parts == collapse(["zh-Hans-CN", *([reading.tag] if reading else []), tag])
    # Chinese names on the cover sheet (the authority, the laws cited) are read as Chinese.
    if tag != "zh-Hans-CN":
        assert any(e.lang == "zh-Hans-CN" and e.outer == tag for e in tree)
    # "Do not submit this page", printed at the top of each page in the reader's language, is read.
    assert any(e.kind == "Div" and e.lang == tag and e.depth == 2 for e in tree)
    # Headings and paragraphs exist in the reader's language, not only in the official one.
    assert {"H1", "P", "LI"} <= {e.kind for e in tree if e.reads_as == tag}


def test_the_metadata_stays_neutral_and_says_pdf_ua(packs):
    for pdf in packs.values():
        reader = PdfReader(BytesIO(pdf))
        assert dict(reader.metadata) == {"/Title": "Document"}
        meta = pdfua.xmp(reader)
        assert 'pdfuaid:part="1"' in meta and ">Document</rdf:li>" in meta
        for word in ("Producer", "CreatorTool", "CreateDate", "ModifyDate", "creator", "WeasyPrint"):
            assert word not in meta
        assert b"WeasyPrint" not in pdf


def test_the_checks_catch_an_untagged_pdf():
    html = "<html lang='zh-Hans-CN'><head><title>Document</title></head><body><h1>申请书</h1><p>内容</p></body></html>"
    untagged = Renderer(STATIC, tagged=False).render(html)
    found = list(pdfua.problems(untagged, "zh-Hans-CN"))
    assert "page 1: text outside marked content" in found and "no structure tree" in found
    assert list(pdfua.problems(Renderer(STATIC).render(html), "zh-Hans-CN")) == []


def test_a_typed_title_or_language_never_reaches_the_metadata():
    html = "<html lang='zh-Hans-CN'><head><title>张三 的申请</title></head><body><p lang='ug'>ئەخمەت</p></body></html>"
    pdf = Renderer(STATIC).render(html)
    reader = PdfReader(BytesIO(pdf))
    assert dict(reader.metadata) == {"/Title": "Document"} and "张三" not in pdfua.xmp(reader)
    assert any(e.lang == "ug" and e.kind == "P" for e in pdfua.elements(reader))
