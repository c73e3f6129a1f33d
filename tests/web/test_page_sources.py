"""The rules page names the sources it relies on, once each, with their links, in a Sources section
at the end (issue 14, item 4)."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

from clinic import services
from clinic.catalogue.pagesources import sources_relied_on

SECTION = re.compile(r'<section class="page-sources".*?</section>', re.S)


def test_the_rules_page_lists_its_sources_once_at_the_end(app, client):
    catalogue = services.of(app).content.catalogue
    regime = catalogue.list("dishonest-judgment-defaulters")
    html = client.get(f"/rules/{regime.id}").get_data(as_text=True)
    sections = SECTION.findall(html)
    assert len(sections) == 1, "one Sources section"
    section = unescape(sections[0])
    expected = sources_relied_on(catalogue, regime, date.today())
    links = re.findall(r'<a href="([^"]+)"', section)
    assert links == [source.url for source in expected], "every source the page relies on, once, in order"
    for source in expected:
        assert source.title in section and source.publisher in section
    # The list's own sources, its articles' sources and its remedies' sources are all there.
    keys = {source.key for source in expected}
    assert {source.key for source in regime.sources} <= keys
    for remedy in catalogue.remedies_for(regime.id):
        assert {source.key for source in remedy.sources} <= keys
    assert any(source.primary for source in expected), "the official texts are among them"
    # It closes the page's content: no other heading follows it.
    after = html.split(sections[0], 1)[1]
    assert "<h2" not in after.split("</main>", 1)[0]


def test_every_rules_page_names_its_sources(app, client):
    catalogue = services.of(app).content.catalogue
    for regime in catalogue.lists:
        html = client.get(f"/rules/{regime.id}").get_data(as_text=True)
        assert len(SECTION.findall(html)) == 1, regime.id
