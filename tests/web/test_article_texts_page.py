"""The rules page shows, under each cited article, its official Chinese text with the source it was
read in, the reading translation in the interface language (none in Simplified Chinese), or says
that no official text was found."""

from __future__ import annotations

from datetime import date

import pytest

from clinic import services
from clinic.web.wording import resolve_basis
from tests.conftest import use_locale
from tests.posting import page_text

PAGE = "/rules/enforcement-objection-and-exit-ban"
NOT_FOUND = "No official text of this article was found; the summary rests on secondary sources."


def test_the_official_text_is_shown_with_its_source_and_a_reading_translation(client):
    response = client.get(PAGE)
    html = response.get_data(as_text=True)
    text = page_text(response)
    assert "What the rule says" in text
    assert '<div class="official-text" lang="zh-Hans" dir="ltr">' in html
    assert "第二百三十六条 当事人、利害关系人认为执行行为违反法律规定的" in text
    assert "The official text as published, read on December 7, 2026 in:" in text
    source = services.of(client.application).content.catalogue.sources["P1"]
    assert f'<a href="{source.url}" rel="noreferrer noopener"><bdi>{source.title}</bdi></a>' in html
    assert "Reading translation (our own, not an official text):" in text
    assert "Article 236: Where a party or an interested person considers" in text


@pytest.mark.parametrize(
    ("locale", "reading", "shown"),
    [("zh_Hans_CN", "参考译文", False), ("zh_Hant_TW", "第二百三十六條", True), ("ug", "236-ماددا", True)],
)
def test_the_reading_translation_follows_the_interface_language(client, locale, reading, shown):
    use_locale(client, locale)
    text = page_text(client.get(PAGE), locale=locale)
    assert "第二百三十六条 当事人" in text  # the official text in every language
    assert (reading in text) is shown


def test_an_article_without_an_official_text_says_so(client):
    catalogue = services.of(client.application).content.catalogue
    today = date.today()
    pages = [
        regime.id
        for regime in catalogue.lists
        for basis in regime.legal_basis
        if (ref := resolve_basis(catalogue, basis, today)) is not None
        and catalogue.official_text(ref.instrument, ref.version_id, ref.article_key) is None
    ]
    assert pages, "every article the lists cite has its official text: pick a remedy's citation instead"
    assert NOT_FOUND in page_text(client.get(f"/rules/{pages[0]}"))
