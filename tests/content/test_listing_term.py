"""Whether a dishonest-list entry has a term decides how it ends, and the content must say so.

Under the SPC provisions on the list (法释〔2017〕7号), the three-working-day deletion grounds of
Art. 10 para. 1 (debt performed, settlement performed, creditor's written request approved, ...)
apply only to a listing without a term; Art. 10 para. 2 disapplies them to a listing with a term,
which is deleted within three working days after the term ends, and Art. 2 para. 2 lets the court
delete such a listing early, at its discretion, once the debtor has performed or corrected. Each test
below starts from a person's situation, in words, and then checks what the journey and the letters
do with it: the questions ask about the term where a court listing is in play, and no letter text
for a listing with a term claims that the court must delete within three working days.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from clinic import services
from clinic.catalogue import Catalogue, load_catalogue
from clinic.flow import Flow, load_flow, plan_journey
from clinic.flow.results import rank_candidates
from clinic.letters.samples import sample_form
from tests.conftest import LOCALES, use_locale
from tests.pagecheck import check_page
from tests.posting import answer, answer_all, post

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "clinic" / "content"
INSTRUMENT = "spc-dishonest-defaulter-provisions"

# What a letter says when it asserts the court's duty to delete within three working days, and the
# words that must come with it: either "no term was set" or "after the term ends".
MUST_DELETE = "应当在三个工作日内删除"
NO_TERM = "未设定纳入期限"
AFTER_TERM = "期限届满后三个工作日内"
MAY_DELETE_EARLY = "可以决定提前删除"

# The letters built on the deletion rules (numbers 1 to 4 in the catalogue).
DISHONEST_LETTERS = (
    "correction-of-dishonest-entry",
    "reconsideration-of-correction-refusal",
    "deletion-of-dishonest-entry",
    "creditor-consent-to-deletion",
)


@cache
def catalogue() -> Catalogue:
    """The real catalogue, loaded once."""
    return load_catalogue(CONTENT)


@cache
def flow() -> Flow:
    """The real questions, loaded once."""
    return load_flow(CONTENT / "flow.yaml")


def flat(text: str) -> str:
    """Text without white space, so a sentence broken across lines still matches."""
    return re.sub(r"\s+", "", text)


# --- The law as recorded: separate article keys, each saying the right thing ------------------------


def newest_articles() -> Mapping[str, Any]:
    """The article keys of the text in force now."""
    instrument = catalogue().instrument(INSTRUMENT)
    return instrument.versions[-1].articles


def test_the_deletion_rules_are_separate_article_keys() -> None:
    articles = newest_articles()
    assert articles["mandatory-deletion"].number == "10"
    assert articles["term-listing-deletion"].number == "10"
    assert articles["early-deletion"].number == "2"
    assert articles["listing-term"].number == "2"


def test_the_three_working_day_grounds_are_limited_to_listings_without_a_term() -> None:
    articles = newest_articles()
    assert "without a term" in articles["mandatory-deletion"].summary_en
    assert "do not apply to a listing that has a term" in articles["term-listing-deletion"].summary_en
    early = articles["early-deletion"].summary_en
    assert "may decide" in early and "not obliged" in early
    # Nothing in the current text still says the term rule is one of the mandatory grounds.
    assert "fixed-term listing is deleted" not in articles["mandatory-deletion"].summary_en


def test_the_new_article_keys_rest_on_two_or_more_secondary_copies() -> None:
    # No official text of the 2017 amendment is in the sources register: the level must not claim it.
    articles = newest_articles()
    for key in ("mandatory-deletion", "term-listing-deletion", "early-deletion"):
        assert articles[key].verification == "two-or-more-secondary", key


# --- The remedies say which rule applies with and without a term --------------------------------------


@pytest.mark.parametrize("remedy_id", ["deletion-of-dishonest-entry", "creditor-consent-to-deletion"])
def test_the_deletion_remedies_rest_on_both_branches(remedy_id: str) -> None:
    remedy = catalogue().remedy(remedy_id)
    keys = {basis.article for basis in remedy.legal_basis if basis.instrument == INSTRUMENT}
    assert {"mandatory-deletion", "term-listing-deletion", "early-deletion"} <= keys
    assert remedy.response_time is not None
    note = remedy.response_time.note
    assert "without a term" in note and "with a term" in note


def test_the_deletion_remedy_summary_states_both_branches() -> None:
    summary = catalogue().remedy("deletion-of-dishonest-entry").summary
    assert "With no term, the court must delete" in summary
    assert "With a term, those grounds do not apply" in summary
    assert "may, but need not, delete it early" in summary


# --- Every letter paragraph that asserts the three-working-day duty says the listing has no term ---


@cache
def letter_file(letter_id: str) -> dict[str, Any]:
    """The letter file as data (read directly, so these checks need no app)."""
    data: dict[str, Any] = yaml.safe_load((CONTENT / "letters" / f"{letter_id}.yaml").read_text(encoding="utf-8"))
    return data


def letter_paragraphs(letter_id: str) -> list[tuple[str, str, list[str]]]:
    """(where, Chinese text, article keys cited) for every paragraph of a letter file."""
    letter = letter_file(letter_id)
    found: list[tuple[str, str, list[str]]] = []
    for index, paragraph in enumerate(letter["requests"] + letter["facts_opening"]):
        found.append((f"{letter_id} paragraph {index}", paragraph["zh"], []))
    for ground in letter["grounds"]:
        cites = [c["article"] for c in ground["cites"] if c["instrument"] == INSTRUMENT]
        found.append((f"{letter_id} ground {ground['id']}", ground["zh"], cites))
    return found


@pytest.mark.parametrize("letter_id", DISHONEST_LETTERS)
def test_no_letter_asserts_the_three_day_duty_without_saying_no_term_was_set(letter_id: str) -> None:
    bad = [
        where
        for where, zh, _cites in letter_paragraphs(letter_id)
        if MUST_DELETE in zh and NO_TERM not in zh.split(MUST_DELETE)[0]
    ]
    assert bad == []


@pytest.mark.parametrize("letter_id", DISHONEST_LETTERS)
def test_grounds_citing_the_three_day_rule_state_the_fact_of_no_term(letter_id: str) -> None:
    # A person cannot tick a mandatory-deletion ground without the letter saying, as a fact they
    # assert, that no term was set.
    bad = [
        where
        for where, zh, cites in letter_paragraphs(letter_id)
        if "mandatory-deletion" in cites and NO_TERM not in zh
    ]
    assert bad == []


@pytest.mark.parametrize("letter_id", DISHONEST_LETTERS)
def test_grounds_for_a_term_never_claim_the_three_day_duty(letter_id: str) -> None:
    for where, zh, cites in letter_paragraphs(letter_id):
        if "early-deletion" in cites and "mandatory-deletion" not in cites:
            assert MUST_DELETE not in zh, where
            assert MAY_DELETE_EARLY in zh, where
        if "term-listing-deletion" in cites:
            assert AFTER_TERM in zh, where
            assert "mandatory-deletion" not in cites, where


# --- The question about the term is asked where a court listing is in play, and only there ----------


def path_for(answers: Mapping[str, str | list[str]]) -> tuple[str, ...]:
    """The questions asked for these answers (they must complete the journey)."""
    journey = plan_journey(flow(), dict(answers))
    assert journey.complete, journey.current
    return journey.path


def reasons_for(answers: Mapping[str, str | list[str]], list_id: str) -> list[str]:
    """The reasons the result page gives for one list."""
    for candidate in rank_candidates(flow(), dict(answers)):
        if candidate.id == list_id:
            return list(candidate.reasons)
    return []


PAID_TWO_YEARS = {
    # "I paid the whole debt last month, but the court's decision put me on the list for two years
    # because I did not report my assets."
    "what-happened": "court-papers",
    "role": "self",
    "who": "myself",
    "debt-status": "paid-in-full",
    "papers-received": ["judgment", "decision-to-publish"],
    "decision-period": "period-set",
    "decision-date": "2025-06-02",
    "served-date": "2025-06-09",
    "already-tried": "nothing-yet",
}
PAID_NO_TERM = {
    # "I have paid everything; the decision that listed me said I could pay but refused, with no end date."
    "what-happened": "court-papers",
    "role": "self",
    "who": "myself",
    "debt-status": "paid-in-full",
    "papers-received": ["decision-to-publish"],
    "decision-period": "no-period",
    "decision-date": "unknown",
    "served-date": "unknown",
    "already-tried": "nothing-yet",
}


def test_the_term_question_follows_a_listing_decision() -> None:
    assert "decision-period" in path_for(PAID_TWO_YEARS)
    assert "decision-period" in path_for(PAID_NO_TERM)


def test_the_term_question_follows_a_court_publication_and_a_company_record() -> None:
    # "I paid off the debt but the court's website still shows my name."
    published = {
        "what-happened": "published",
        "role": "self",
        "who": "myself",
        "where-shown": "court-source",
        "court-case": "settled",
        "debt-status": "paid-in-full",
        "decision-period": "period-unknown",
        "already-tried": "nothing-yet",
    }
    assert "decision-period" in path_for(published)
    # "The company record says a court listed us for not paying a judgment."
    company = {
        "what-happened": "company-status",
        "role": "organisation",
        "who": "my-company",
        "record-says": ["court-record"],
        "debt-status": "paid-in-full",
        "aim": "remove",
        "decision-period": "period-set",
        "already-tried": "nothing-yet",
    }
    assert "decision-period" in path_for(company)


@pytest.mark.parametrize(
    "answers",
    [
        # "I was fined by railway police for smoking on a bullet train and now cannot buy tickets."
        {
            "what-happened": "ticket-refused",
            "role": "self",
            "who": "myself",
            "refusal-message": "not-seen",
            "ticket-context": ["on-journey"],
            "already-tried": "nothing-yet",
        },
        # "The bank turned down my card because of late payments."
        {
            "what-happened": "loan-refused",
            "role": "self",
            "who": "myself",
            "bank-reason": ["late-payments"],
            "court-case": "none",
            "already-tried": "nothing-yet",
        },
        # "A court order came by post limiting my spending on hotels and flights."
        {
            "what-happened": "court-papers",
            "role": "self",
            "who": "myself",
            "debt-status": "unpaid",
            "papers-received": ["spending-limit"],
            "court-statements": ["none-said"],
            "already-tried": "nothing-yet",
        },
        # "A website posted my name, but I have never been sued."
        {
            "what-happened": "published",
            "role": "self",
            "who": "myself",
            "where-shown": "court-source",
            "court-case": "none",
            "already-tried": "nothing-yet",
        },
    ],
)
def test_the_term_question_is_not_asked_where_no_court_listing_is_in_play(answers: dict[str, Any]) -> None:
    assert "decision-period" not in path_for(answers)


def test_a_listing_with_a_term_is_told_early_deletion_is_at_the_courts_discretion() -> None:
    reasons = " ".join(reasons_for(PAID_TWO_YEARS, "dishonest-judgment-defaulters"))
    assert "after the period ends" in reasons
    assert "may, but need not, remove it earlier" in reasons
    assert "once you pay in full" not in reasons


def test_a_listing_without_a_term_is_told_the_court_must_delete() -> None:
    reasons = " ".join(reasons_for(PAID_NO_TERM, "dishonest-judgment-defaulters"))
    assert "the court must delete your listing within 3 working days once you pay in full" in reasons
    assert "need not" not in reasons


# --- The letters a person gets, composed through the web pages -----------------------------------------


@pytest.fixture(scope="module")
def bundle(app):  # type: ignore[no-untyped-def]
    """The content the app serves."""
    return services.of(app).content


def preview_text(client, bundle, letter_id: str, grounds: Sequence[str]) -> str:  # type: ignore[no-untyped-def]
    """The previewed letter for the sample details with exactly these grounds ticked."""
    form = sample_form(bundle.letters.letters[letter_id], bundle.letters.fields)
    form["grounds"] = list(grounds)
    response = post(client, f"/letter/{letter_id}/preview", form, form_page=f"/letter/{letter_id}")
    facts = check_page(response)
    return flat(" ".join(facts.text))


def test_paid_with_a_two_year_term_gets_early_deletion_and_no_three_day_claim(client, bundle) -> None:  # type: ignore[no-untyped-def]
    # "I paid the whole debt; the court's decision put me on the list for two years."
    text = preview_text(client, bundle, "deletion-of-dishonest-entry", ["early-deletion-after-paying"])
    assert MAY_DELETE_EARLY in text
    assert "纳入期限，该期限尚未届满" in text
    assert MUST_DELETE not in text
    assert "三个工作日" not in text


def test_put_right_with_a_term_gets_early_deletion_and_no_three_day_claim(client, bundle) -> None:  # type: ignore[no-untyped-def]
    # "I was listed for three years for not reporting my assets; I have now reported them and paid."
    grounds = ["early-deletion-after-correcting", "early-deletion-after-paying"]
    text = preview_text(client, bundle, "deletion-of-dishonest-entry", grounds)
    assert MAY_DELETE_EARLY in text
    assert MUST_DELETE not in text


def test_paid_without_a_term_gets_the_three_day_ground_and_says_no_term_was_set(client, bundle) -> None:  # type: ignore[no-untyped-def]
    # "I paid; the decision set no term (I was listed as able to pay but refusing)."
    text = preview_text(client, bundle, "deletion-of-dishonest-entry", ["obligations-performed"])
    assert "贵院将申请人纳入失信被执行人名单时未设定纳入期限" in text
    assert MUST_DELETE in text
    assert text.index(NO_TERM) < text.index(MUST_DELETE)


def test_a_finished_term_gets_deletion_after_the_term(client, bundle) -> None:  # type: ignore[no-untyped-def]
    # "I was listed for two years, the two years are over, and my name is still there."
    text = preview_text(client, bundle, "deletion-of-dishonest-entry", ["term-expired"])
    assert "人民法院应当在期限届满后三个工作日内删除失信信息" in text
    assert MUST_DELETE not in text


def test_a_creditor_paid_in_full_with_a_term_asks_for_early_deletion_only(client, bundle) -> None:  # type: ignore[no-untyped-def]
    # "I am the creditor; the debtor has paid me everything; the court listed them for two years."
    text = preview_text(
        client, bundle, "creditor-consent-to-deletion", ["paid-in-full", "listing-has-term", "voluntary"]
    )
    assert MAY_DELETE_EARLY in text
    assert MUST_DELETE not in text
    # The rule the opening states is conditional on the listing having no term.
    assert "失信信息未设定纳入期限的，申请执行人书面申请删除失信信息" in text


def test_a_creditor_with_no_term_asserts_it_before_the_three_day_duty(client, bundle) -> None:  # type: ignore[no-untyped-def]
    # "I am the creditor; we settled and I want the debtor off the list; the decision gave no end date."
    text = preview_text(client, bundle, "creditor-consent-to-deletion", ["settlement-reached", "listing-has-no-term"])
    assert "据申请执行人所知，贵院将被执行人纳入失信被执行人名单时未设定纳入期限" in text
    assert MUST_DELETE in text
    assert text.index(NO_TERM) < text.index(MUST_DELETE)


@pytest.mark.parametrize("letter_id", ["correction-of-dishonest-entry", "reconsideration-of-correction-refusal"])
def test_the_should_have_been_deleted_ground_says_no_term_was_set(client, bundle, letter_id: str) -> None:  # type: ignore[no-untyped-def]
    # "I paid in full months ago, my listing had no end date, and it is still there."
    text = preview_text(client, bundle, letter_id, ["deletion-ground-arose"])
    assert "纳入失信被执行人名单时未设定纳入期限" in text
    assert text.index(NO_TERM) < text.index(MUST_DELETE)


# --- The question and the result through the pages, in every language ---------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_the_paid_two_year_journey_asks_the_question_and_explains_early_deletion(client, locale: str) -> None:  # type: ignore[no-untyped-def]
    # "I paid the whole debt; the court's decision put me on the list for two years."
    use_locale(client, locale)
    steps = [
        ("what-happened", {"answer": "court-papers"}),
        ("role", {"answer": "self"}),
        ("who", {"answer": "myself"}),
        ("debt-status", {"answer": "paid-in-full"}),
        ("papers-received", {"answer": ["judgment", "decision-to-publish"]}),
    ]
    answer_all(client, steps)
    check_page(client.get("/q/decision-period"), locale=locale)
    response = answer(client, "decision-period", answer="period-set")
    assert response.status_code == 303
    answer_all(
        client,
        [
            ("decision-date", {"unknown": "yes"}),
            ("served-date", {"unknown": "yes"}),
            ("already-tried", {"answer": "nothing-yet"}),
        ],
    )
    result = check_page(client.get("/result"), locale=locale)
    if locale == "en":
        joined = " ".join(result.text)
        assert "may, but need not, remove it earlier" in joined
        assert "once you pay in full" not in joined
