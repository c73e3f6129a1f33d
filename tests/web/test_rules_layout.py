"""The rules page in the order a person needs it (what the list does and the ways off it, then the
routes, then the legal basis), one explanation of how facts were checked, uniquely named letter
links, a way back to the result, and the glossary the pages link to."""

import re
from pathlib import Path

import pytest

from clinic import services
from clinic.contentfiles import ContentError
from clinic.glossary import load_glossary, split_at_terms
from tests.conftest import LOCALES, use_locale
from tests.pagecheck import check_page
from tests.posting import answer_all, page_text

LIST = "dishonest-judgment-defaulters"
LEGEND = "Confirmed by two or more secondary sources, not yet by the official text"


def lists(client):
    return services.of(client.application).content.catalogue.lists


def test_the_page_opens_with_effects_and_ways_off_then_routes_then_the_legal_basis(client):
    html = client.get(f"/rules/{LIST}").get_data(as_text=True)
    order = [
        html.index(f'id="{anchor}"') for anchor in ("summary", "effects", "ways-off", "routes", "basis", "page-sources")
    ]
    assert order == sorted(order)
    # The first letter link comes before the legal basis.
    assert html.index('href="/letter/') < html.index('id="basis"')


@pytest.mark.parametrize("locale", LOCALES)
def test_every_rules_page_explains_the_verification_once_and_names_links_uniquely(client, locale):
    use_locale(client, locale)
    for regime in lists(client):
        response = client.get(f"/rules/{regime.id}")
        check_page(response, locale=locale)
        html = response.get_data(as_text=True)
        assert html.count('id="checked"') == 1
        letters = re.findall(r'<a class="button button--primary" href="(/letter/[^"]+)">([^<]+)</a>', html)
        names = [name.strip() for _, name in letters]
        assert len(names) == len(set(names)), (regime.id, names)


def test_the_long_verification_wording_appears_once(client):
    text = page_text(client.get(f"/rules/{LIST}"))
    assert text.count(LEGEND) == 1
    assert "Two or more other sources" in text


def test_letter_links_name_the_letter(client):
    html = client.get(f"/rules/{LIST}").get_data(as_text=True)
    assert "Write this letter" not in html
    assert ">Write the letter: Application for correction<" in html


def test_back_to_the_result_only_with_answers(client):
    html = client.get(f"/rules/{LIST}").get_data(as_text=True)
    assert "Back to your result" not in html and 'href="/result"' not in html
    assert 'href="/rules"' in html
    answer_all(client)
    html = client.get(f"/rules/{LIST}").get_data(as_text=True)
    assert html.count('href="/result"') == 2  # at the top and at the end
    assert "Back to your result" in html


@pytest.mark.parametrize("locale", LOCALES)
def test_the_glossary_page_lists_every_term_with_its_anchor(client, locale):
    use_locale(client, locale)
    response = client.get("/glossary")
    check_page(response, locale=locale)
    html = response.get_data(as_text=True)
    terms = services.of(client.application).content.glossary
    assert 15 <= len(terms) <= 25
    for term in terms:
        assert f'id="{term.id}"' in html
        assert term.name_zh in html


def test_rules_pages_link_the_first_use_of_a_term_to_the_glossary(client):
    html = client.get(f"/rules/{LIST}").get_data(as_text=True)
    links = re.findall(r'<a class="term" href="/glossary#([a-z0-9-]+)">', html)
    assert "enforcing-court" in links
    assert len(links) == len(set(links))  # each term once per page
    assert 'href="/glossary"' in html


def test_links_follow_the_readers_language(client):
    use_locale(client, "zh_Hans_CN")
    html = client.get(f"/rules/{LIST}").get_data(as_text=True)
    assert '<a class="term" href="/glossary#enforcing-court">执行法院</a>' in html


def test_the_longer_term_wins_and_each_term_is_linked_once():
    wordings = [("reconsideration", "court"), ("administrative reconsideration", "admin")]
    seen: set[str] = set()
    pieces = list(split_at_terms("Ask for administrative reconsideration, then reconsideration.", wordings, seen))
    assert ("administrative reconsideration", "admin") in pieces
    assert ("reconsideration", "court") in pieces
    assert "".join(words for words, _ in pieces) == "Ask for administrative reconsideration, then reconsideration."
    again = list(split_at_terms("reconsideration again", wordings, seen))
    assert again == [("reconsideration again", None)]


def test_whole_words_only():
    assert list(split_at_terms("debtors", [("debtor", "d")], set())) == [("debtors", None)]


def test_a_glossary_with_a_repeated_id_is_refused(tmp_path: Path):
    term = "  - {id: same, name_zh: 送达, name_en: Service, explanation: Delivery.}\n"
    (tmp_path / "glossary.yaml").write_text("terms:\n" + term + term, encoding="utf-8")
    with pytest.raises(ContentError):
        load_glossary(tmp_path)
    assert load_glossary(tmp_path / "absent") == ()
