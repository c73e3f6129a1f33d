"""The routes the legal audit found missing exist, rest on articles that exist, and are reachable.

The audit of 2026-12-07 named six routes a person could need but the catalogue did not offer:
lifting an exit ban, the emergency lifting of flight and high-speed rail bans, correcting a
consumption restriction and asking the higher court to reconsider a refusal, tax credit repair after
a D grade, and a complaint to the cyberspace administration about an unanswered personal-information
request; and it found the higher court's time to decide an enforcement reconsideration missing.
Each test below starts from one of those situations and checks that the catalogue answers it: the
remedy loads, every article it rests on exists in the newest text of its instrument, a list offers
it, and its verification is no stronger than its evidence. The second half asserts each claim the
audit found wrong with its corrected value, so a later edit cannot quietly bring the error back.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

from clinic.catalogue import Catalogue, load_catalogue
from clinic.catalogue.model import Remedy

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "clinic" / "content"

# The order of strength of the four verification levels, weakest first.
LEVELS = ("unverified", "one-source", "two-or-more-secondary", "primary-text")


@cache
def catalogue() -> Catalogue:
    """The real catalogue, loaded once."""
    return load_catalogue(CONTENT)


def offered_by(remedy_id: str) -> set[str]:
    """The ids of the lists that offer this remedy."""
    return {regime.id for regime in catalogue().lists if remedy_id in regime.remedies}


def assert_route(remedy_id: str, lists: set[str], articles: set[tuple[str, str]]) -> Remedy:
    """The remedy loads, cites the given articles (each present in the newest version) and is offered by the given lists."""
    cat = catalogue()
    remedy = cat.remedy(remedy_id)
    cited = {(basis.instrument, basis.article) for basis in remedy.legal_basis if basis.article}
    assert articles <= cited, f"{remedy_id} does not cite {articles - cited}"
    for instrument_id, key in cited:
        newest = cat.instrument(instrument_id).versions[-1]
        assert key in newest.articles, f"{instrument_id} has no article {key!r} in its newest version"
    assert lists <= offered_by(remedy_id), f"{remedy_id} is not offered by {lists - offered_by(remedy_id)}"
    return remedy


def article(instrument_id: str, key: str) -> object:
    """The article under this key in the newest version of the instrument."""
    return catalogue().instrument(instrument_id).versions[-1].articles[key]


# --- the new routes ----------------------------------------------------------------------------


def test_a_person_who_has_paid_can_ask_the_court_to_lift_an_exit_ban() -> None:
    """'I paid everything but I still cannot leave the country': Art. 25 of the enforcement-procedure interpretation."""
    remedy = assert_route(
        "exit-ban-lifting",
        {"enforcement-objection-and-exit-ban"},
        {("spc-enforcement-procedure-interpretation", "exit-ban-lifting")},
    )
    assert remedy.addressee_zh == "执行法院"
    lifting = article("spc-enforcement-procedure-interpretation", "exit-ban-lifting")
    assert lifting.number == "25"
    assert lifting.verification == "primary-text"
    assert remedy.verification == "primary-text"


def test_a_restricted_person_whose_mother_is_in_hospital_can_ask_to_fly() -> None:
    """'My mother is in hospital in another city and I am banned from flying': para. 17 of 法发〔2019〕35号."""
    remedy = assert_route(
        "emergency-travel-lifting",
        {"consumption-restriction", "dishonest-judgment-defaulters"},
        {("spc-good-faith-enforcement-opinion", "emergency-temporary-lifting")},
    )
    assert remedy.kind == "permission"
    assert remedy.filing_deadline is None
    para = article("spc-good-faith-enforcement-opinion", "emergency-temporary-lifting")
    assert (para.number, para.unit) == ("17", "paragraph")
    # Only secondary copies of the opinion were found: the label must not claim the official text.
    assert remedy.verification == "two-or-more-secondary"


def test_a_wrongly_restricted_person_can_ask_for_correction_then_reconsideration() -> None:
    """'I should never have been restricted': para. 18 of 法发〔2019〕35号, by reference to Art. 12 of the list provisions."""
    correction = assert_route(
        "restriction-order-correction",
        {"consumption-restriction"},
        {("spc-good-faith-enforcement-opinion", "restriction-correction")},
    )
    assert correction.next_if_refused == "restriction-correction-reconsideration"
    assert correction.response_time is not None
    assert (correction.response_time.period.count, correction.response_time.period.unit) == (15, "days")
    reconsideration = assert_route(
        "restriction-correction-reconsideration",
        {"consumption-restriction"},
        {("spc-good-faith-enforcement-opinion", "restriction-correction")},
    )
    deadline = reconsideration.filing_deadline
    assert deadline is not None
    assert (deadline.period.count, deadline.period.unit, deadline.runs_from) == (10, "days", "rejection-served")
    assert reconsideration.addressee_zh == "上一级人民法院"


def test_the_consumption_restriction_note_no_longer_says_there_is_no_procedure() -> None:
    """The audit (D4) found the note 'no specific objection procedure' contradicted by para. 18."""
    texts = [note.text for note in catalogue().list("consumption-restriction").notes]
    assert not any("create no specific objection procedure" in text for text in texts)
    assert any("correction procedure" in text for text in texts)


def test_a_company_graded_d_for_a_major_tax_violation_can_apply_for_repair() -> None:
    """'We were on the major tax-violation list and are still graded D': SAT Announcement 2021 No. 31."""
    remedy = assert_route(
        "tax-credit-repair",
        {"tax-major-violation"},
        {("sat-announcement-2021-31", "repair-conditions")},
    )
    assert remedy.addressee_zh == "主管税务机关"
    assert "12 months" in remedy.when_to_file
    instrument = catalogue().instrument("sat-announcement-2021-31")
    assert instrument.doc_number == "国家税务总局公告2021年第31号"
    # The 2025 measures may have changed the conditions: the route must say so.
    assert any("2025" in note.text for note in remedy.notes)


def test_an_unanswered_personal_information_request_can_go_to_the_cyberspace_administration() -> None:
    """'The platform never answered my request to delete my data': PIPL Arts 60, 61 and 65."""
    remedy = assert_route(
        "pipl-complaint-to-cac",
        {"published-personal-information"},
        {
            ("personal-information-protection-law", "complaints"),
            ("personal-information-protection-law", "department-duties"),
            ("personal-information-protection-law", "supervising-departments"),
        },
    )
    assert remedy.kind == "complaint"
    assert "12377" in remedy.addressee_en
    assert "12377" in remedy.addressee_zh
    numbers = {
        key: article("personal-information-protection-law", key).number
        for key in ("supervising-departments", "department-duties", "complaints")
    }
    assert numbers == {"supervising-departments": "60", "department-duties": "61", "complaints": "65"}
    # The 12377 channel rests on secondary pages, so the remedy as a whole cannot claim primary text.
    assert remedy.verification == "two-or-more-secondary"


def test_the_higher_court_has_30_days_to_decide_an_enforcement_reconsideration() -> None:
    """'I asked the higher court to reconsider: how long may it take?': Arts 7 to 9 of the interpretation."""
    remedy = assert_route(
        "reconsideration-of-objection-ruling",
        {"enforcement-objection-and-exit-ban"},
        {
            ("spc-enforcement-procedure-interpretation", "reconsideration-decision-time"),
            ("spc-enforcement-procedure-interpretation", "reconsideration-filing-route"),
        },
    )
    assert remedy.response_time is not None
    assert (remedy.response_time.period.count, remedy.response_time.period.unit) == (30, "days")
    assert remedy.response_time.verification == "primary-text"
    numbers = [
        article("spc-enforcement-procedure-interpretation", key).number
        for key in ("reconsideration-filing-route", "reconsideration-decision-time", "no-suspension")
    ]
    assert numbers == ["7", "8", "9"]


@pytest.mark.parametrize(
    "remedy_id",
    [
        "exit-ban-lifting",
        "emergency-travel-lifting",
        "restriction-order-correction",
        "restriction-correction-reconsideration",
        "tax-credit-repair",
        "pipl-complaint-to-cac",
    ],
)
def test_a_new_route_claims_no_more_than_its_best_basis_allows(remedy_id: str) -> None:
    """A route's own label may not be stronger than the strongest article it rests on."""
    cat = catalogue()
    remedy = cat.remedy(remedy_id)
    strongest = max(
        LEVELS.index(cat.instrument(basis.instrument).versions[-1].articles[basis.article].verification)
        for basis in remedy.legal_basis
        if basis.article
    )
    assert LEVELS.index(remedy.verification) <= strongest
    assert remedy.last_verified == date(2026, 12, 7)


# --- the audit's corrections -------------------------------------------------------------------


def test_the_civil_procedure_law_lists_all_five_amendments() -> None:
    """A14: the 2007 and 2012 amendments were missing."""
    amended = catalogue().instrument("civil-procedure-law").amended
    assert amended == tuple(
        date.fromisoformat(d) for d in ("2007-10-28", "2012-08-31", "2017-06-27", "2021-12-24", "2023-09-01")
    )


def test_the_administrative_reconsideration_law_lists_the_2009_amendment() -> None:
    """E15: the 2009 amendment was missing."""
    amended = catalogue().instrument("administrative-reconsideration-law").amended
    assert amended == tuple(date.fromisoformat(d) for d in ("2009-08-27", "2017-09-01", "2023-09-01"))


def test_the_2013_dishonest_list_provisions_are_dated_by_publication() -> None:
    """B3: 2013-07-01 is the adoption date; the catalogue's issued field holds the publication date."""
    instrument = catalogue().instrument("spc-dishonest-defaulter-provisions")
    assert instrument.issued == date(2013, 7, 16)
    assert instrument.in_force == date(2013, 10, 1)


def test_the_reconsideration_filing_place_is_settled() -> None:
    """A25: filing through the enforcing court or directly with the higher court is the rule, not local practice."""
    remedy = catalogue().remedy("reconsideration-of-objection-ruling")
    assert any("enforcing court, which passes it on" in note.text for note in remedy.notes)
    letter = (CONTENT / "letters" / "reconsideration-of-objection-ruling.yaml").read_text(encoding="utf-8")
    assert "varies locally" not in letter


def test_the_enterprise_disclosure_labels_do_not_rest_on_the_superseded_text() -> None:
    """The audit called the labels dishonest: the in-force 2024 text's articles were never read."""
    cat = catalogue()
    instrument = cat.instrument("enterprise-information-disclosure-regulations")
    assert instrument.verification != "primary-text"
    current = instrument.versions[-1]
    assert current.id == "2024"
    assert current.verification == "two-or-more-secondary"
    assert all(a.verification == "unverified" for a in current.articles.values())
    abnormal = cat.list("samr-abnormal-operations")
    assert abnormal.verification != "primary-text"
    assert any("2014 text" in note.text and note.verification == "unverified" for note in abnormal.notes)


def test_the_objection_scope_says_restrictions_are_not_named() -> None:
    """A20: Art. 7 of the objection provisions does not name consumption restrictions."""
    scope = article("spc-enforcement-objection-provisions", "objection-scope")
    assert scope.verification == "primary-text"
    assert "consumption restrictions are not named" in scope.summary_en


def test_the_audit_upgrades_are_in() -> None:
    """Upgrades the audit's evidence supports: CPL 2017 Art. 225 rests on two agreeing copies of its
    text (LawRefBook has no 2017 text, so it cannot be primary); the 民诉解释 in-force date is primary."""
    cat = catalogue()
    cpl_2017 = cat.instrument("civil-procedure-law").versions[0]
    assert cpl_2017.id == "2017"
    assert cpl_2017.articles["enforcement-objection"].verification == "two-or-more-secondary"
    assert cpl_2017.articles["third-party-objection"].verification == "two-or-more-secondary"
    interpretation = cat.instrument("spc-civil-procedure-interpretation")
    assert interpretation.versions[-1].in_force_from == date(2022, 4, 10)
    assert interpretation.versions[-1].verification == "primary-text"
    doc = cat.instrument("spc-dishonest-defaulter-provisions").field_verification["doc_number"]
    assert doc.verification == "two-or-more-secondary"
    art5 = [n for n in cat.instrument("spc-dishonest-defaulter-provisions").notes if "(Art. 5)" in n.text]
    assert [n.verification for n in art5] == ["two-or-more-secondary"]
