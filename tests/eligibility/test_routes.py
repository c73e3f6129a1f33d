"""The routes added after the first eligibility blocks: each has its rules, the "if you need it"
routes are never a filing to make now, and a missed 10-day court reconsideration always has its
late route (asking for more time) offered alongside it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clinic.bundle import Content, load_content
from clinic.eligibility import assess, plan

TODAY = dt.date(2026, 12, 7)
PHONE = {"what-happened": "court-papers", "role": "self", "who": "myself", "debt-status": "unpaid"}
PHONE |= {"papers-received": ["decision-to-publish"], "decision-period": "no-period", "already-tried": "nothing-yet"}
ADDED = (
    "exit-ban-lifting",
    "emergency-travel-lifting",
    "restriction-order-correction",
    "restriction-correction-reconsideration",
    "tax-credit-repair",
    "pipl-complaint-to-cac",
    "pipl-data-request",
    "necessary-consumption-permission",
    "tax-publication-early-stop",
)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(Path(__file__).resolve().parents[2] / "clinic" / "content")


def ago(days: int) -> str:
    return (TODAY - dt.timedelta(days=days)).isoformat()


@pytest.mark.parametrize("remedy", ADDED)
def test_every_added_route_has_rules(content: Content, remedy: str) -> None:
    assert remedy in content.eligibility.eligibility


@pytest.mark.parametrize("remedy", ["emergency-travel-lifting", "necessary-consumption-permission"])
def test_routes_for_a_special_need_are_if_needed_not_now(content: Content, remedy: str) -> None:
    v = assess(content.eligibility.eligibility[remedy], PHONE, TODAY, content.calendar)
    assert v.status == "if-needed" and v.reason and v.reason.startswith("If you need")


def test_the_phone_situation_has_no_route_that_cannot_apply(content: Content) -> None:
    lists = ["dishonest-judgment-defaulters", "consumption-restriction"]
    found = plan(content.eligibility, content.catalogue, lists, PHONE, TODAY, content.calendar)
    now = {v.remedy for v in found.now}
    assert not now & {
        "creditor-consent-to-deletion",
        "emergency-travel-lifting",
        "necessary-consumption-permission",
        "restriction-correction-reconsideration",
        "reconsideration-of-correction-refusal",
        "missed-deadline-extension",
    }
    assert {v.remedy for v in found.if_needed} == {"emergency-travel-lifting", "necessary-consumption-permission"}


def test_restriction_correction_refused_20_days_ago_is_late_with_more_time(content: Content) -> None:
    answers = {"already-tried": "correction", "tried-outcome": "refused", "tried-date": ago(20)}
    v = assess(
        content.eligibility.eligibility["restriction-correction-reconsideration"], answers, TODAY, content.calendar
    )
    assert v.status == "late" and v.late_route == "missed-deadline-extension"
    assert v.basis.instrument == "civil-procedure-law"


def test_restriction_correction_reconsideration_needs_a_refusal(content: Content) -> None:
    v = assess(
        content.eligibility.eligibility["restriction-correction-reconsideration"], PHONE, TODAY, content.calendar
    )
    assert v.status == "not-for-you"


def test_cac_complaint_only_after_an_unanswered_or_refused_request(content: Content) -> None:
    rules = content.eligibility.eligibility["pipl-complaint-to-cac"]
    assert assess(rules, {"already-tried": "nothing-yet"}, TODAY, content.calendar).status == "not-for-you"
    asked = {"already-tried": "other-request", "tried-outcome": "no-answer", "tried-date": ago(40)}
    assert assess(rules, asked, TODAY, content.calendar).status == "open"


def test_every_list_with_a_10_day_reconsideration_offers_more_time(content: Content) -> None:
    late_routed = {r for r, rules in content.eligibility.eligibility.items() if rules.late and rules.late.route}
    for regime in content.catalogue.lists:
        for remedy in late_routed & set(regime.remedies):
            route = content.eligibility.eligibility[remedy].late
            assert route is not None and route.route is not None
            if route.route == "missed-deadline-extension":
                assert route.route in regime.remedies, (regime.id, remedy)
