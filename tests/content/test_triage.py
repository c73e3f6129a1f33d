"""The real triage journey (clinic/content/flow.yaml): every path ends in a ranked outcome, every list can
come out on top, and a table of plain-language situations keeps the ranking honest."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

import pytest

from clinic.catalogue import load_catalogue
from clinic.flow import Flow, evaluate, load_flow, plan_journey
from clinic.flow.model import Question
from clinic.flow.results import Candidate, rank_candidates

ROOT = Path(__file__).resolve().parents[2]
FLOW_PATH = ROOT / "clinic" / "content" / "flow.yaml"
CONTENT = ROOT / "clinic" / "content"
FIXED_DATE = "2025-03-27"
MAX_QUESTIONS = 8

Answers = dict[str, "str | list[str]"]


@cache
def real_flow() -> Flow:
    """The real flow, loaded once."""
    return load_flow(FLOW_PATH)


@cache
def list_ids() -> tuple[str, ...]:
    """The ids of the catalogue's lists, in catalogue order."""
    return tuple(regime.id for regime in load_catalogue(CONTENT).lists)


def answer_options(question: Question) -> list[str | list[str]]:
    """The answers tried for one question: every choice; for checkboxes also every pair of choices."""
    if question.type == "date":
        return [FIXED_DATE]
    if question.type == "multiple":
        ids = question.choice_ids()
        return [[c] for c in ids] + [list(pair) for pair in itertools.combinations(ids, 2)]
    return list(question.choice_ids())


def walk(flow: Flow, answers: Answers) -> Iterator[tuple[Answers, tuple[str, ...]]]:
    """Depth-first over every way of answering the questions on the path; yields (answers, path)."""
    journey = plan_journey(flow, answers)
    if journey.complete:
        yield dict(journey.answers), journey.path
        return
    assert journey.current is not None
    question = flow.question(journey.current)
    for option in answer_options(question):
        yield from walk(flow, {**answers, question.id: option})


@cache
def all_paths() -> tuple[tuple[Answers, tuple[str, ...]], ...]:
    """Every enumerated path through the real flow."""
    return tuple(walk(real_flow(), {}))


@cache
def all_rankings() -> tuple[tuple[Answers, tuple[Candidate, ...]], ...]:
    """Every enumerated path's answers with its ranked candidates."""
    flow = real_flow()
    return tuple((answers, tuple(rank_candidates(flow, answers))) for answers, _path in all_paths())


def describe(answers: Mapping[str, object]) -> str:
    """Answers as one line, for failure messages."""
    return ", ".join(f"{qid}={value}" for qid, value in answers.items())


# --- The flow as content ---------------------------------------------------------------------------


def test_flow_loads_with_a_version_that_marks_the_new_ids() -> None:
    flow = real_flow()
    assert flow.version == 2
    assert flow.start == "what-happened"


def test_first_question_offers_every_symptom() -> None:
    first = real_flow().question("what-happened")
    assert first.type == "single"
    assert first.choice_ids() == (
        "ticket-refused",
        "court-papers",
        "published",
        "loan-refused",
        "company-status",
        "tax-notice",
        "registration-refused",
        "school-refused",
        "low-score",
        "something-else",
    )


def test_who_question_covers_people_companies_and_representatives() -> None:
    who = real_flow().question("who")
    assert who.choice_ids() == ("myself", "my-company", "representative-now", "representative-before")


def test_every_signal_names_a_catalogue_list() -> None:
    unknown = [s.candidate for s in real_flow().signals if s.candidate not in list_ids()]
    assert unknown == []


# Ids appear in URLs and browser history: they must not say what the person fears they are on. Each word
# of an id (split on "-") is checked against these.
FORBIDDEN_WORD = re.compile(
    r"blacklist\w*|dishonest\w*|appeal\w*|defaulters?|deadbeats?|list(s|ed|ing)?|ban(s|ned)?"
    r"|abnormal|serious|consumption|restrict\w*|violations?|evasion|fraud|debtors?"
)


def test_question_and_choice_ids_are_neutral() -> None:
    ids = [q.id for q in real_flow().questions.values()]
    ids += [c.id for q in real_flow().questions.values() for c in q.choices]
    bad = sorted({i for i in ids for word in i.split("-") if FORBIDDEN_WORD.fullmatch(word)})
    assert bad == []
    assert not [i for i in ids if any(list_id in i for list_id in list_ids())]


def test_every_question_has_a_short_summary_for_check_your_answers() -> None:
    long = [q.id for q in real_flow().questions.values() if q.summary == q.text or len(q.summary) > 40]
    assert long == []


def test_reasons_are_one_plain_sentence() -> None:
    bad = []
    for signal in real_flow().signals:
        reason = signal.reason
        one_sentence = reason.endswith(".") and reason.count(". ") == 0 and reason[0].isupper()
        if not one_sentence or len(reason.split()) > 35 or re.search(r"[\u3000-\u9fff]", reason):
            bad.append(reason)
    assert bad == []


def test_texts_cannot_be_mistaken_for_template_leaks() -> None:
    # tests/pagecheck.py fails any page showing "None", "Undefined" or template syntax; a label such as
    # "None of these" would trip it on every question page.
    flow = real_flow()
    texts = [t for q in flow.questions.values() for t in (q.text, q.hint or "", q.summary)]
    texts += [c.label for q in flow.questions.values() for c in q.choices]
    texts += [s.reason for s in flow.signals]
    assert [t for t in texts if re.search(r"%\(\w+\)s|\{\{|\{%|\bNone\b|Undefined", t)] == []


def test_reasons_shown_to_people_speak_to_them() -> None:
    # Positive reasons are shown on the outcome page; they address the person, not a third party.
    shown = [s.reason for s in real_flow().signals if s.weight > 0]
    assert not [r for r in shown if re.search(r"\b(the user|the applicant|the person)\b", r, re.IGNORECASE)]


# --- Every path --------------------------------------------------------------------------------------


def test_enumeration_covers_every_question_and_choice() -> None:
    flow = real_flow()
    seen: set[tuple[str, str]] = set()
    for answers, _path in all_paths():
        for qid, value in answers.items():
            for v in value if isinstance(value, list) else [value]:
                seen.add((qid, v))
    expected = {(q.id, c) for q in flow.questions.values() if q.type != "date" for c in q.choice_ids()}
    assert expected - seen == set()


def test_every_path_ends_complete_within_the_question_limit() -> None:
    flow = real_flow()
    problems = []
    for answers, path in all_paths():
        journey = plan_journey(flow, answers)
        if not journey.complete or len(path) > MAX_QUESTIONS:
            problems.append(f"{len(path)} questions: {describe(answers)}")
    assert problems == []
    assert len(all_paths()) > 1000  # the enumeration did walk the branches


def test_every_path_is_short() -> None:
    # The design asks for 3 to 6 questions on any path.
    lengths = {len(path) for _answers, path in all_paths()}
    assert min(lengths) >= 3 and max(lengths) <= 6


def test_every_path_names_at_least_one_candidate_with_a_reason() -> None:
    # No exceptions: "something else" with nothing seen and no court case still points to the general
    # search on Credit China, weakly.
    empty = [describe(answers) for answers, ranked in all_rankings() if not ranked or not ranked[0].reasons]
    assert empty == []


@pytest.mark.parametrize("list_id", list_ids())
def test_every_list_is_the_top_candidate_on_some_path(list_id: str) -> None:
    assert list_id in {ranked[0].id for _answers, ranked in all_rankings()}


def test_every_signal_fires_on_some_path() -> None:
    dead = [
        f"{s.candidate}: {s.reason}"
        for s in real_flow().signals
        if not any(evaluate(s.when, answers) for answers, _ranked in all_rankings())
    ]
    assert dead == []


# The "I do not know" answer of each follow-up question.
DONT_KNOW = {
    "ticket-context": "none-known",
    "papers-received": "none-received",
    "court-statements": "none-said",
    "where-shown": "not-sure",
    "bank-reason": "no-reason",
    "record-says": "unsure",
    "tax-letter": "unsure",
    "registration-context": "told-nothing",
    "score-source": "other",
    "other-events": "none-seen",
    "court-case": "unsure",
    "aim": "understand",
}


def test_dont_know_answers_never_give_a_strong_result() -> None:
    # When every follow-up is answered "I do not know", the outcome must not claim to be sure. The one
    # exception: a private school refusing the child of a company's legal representative. The refusal
    # itself is specific to a spending restriction, and the court serves the company, not the representative.
    assert set(DONT_KNOW) == set(real_flow().questions) - {"what-happened", "who"}
    strong = []
    for answers, ranked in all_rankings():
        follow_ups = {qid: value for qid, value in answers.items() if qid not in ("what-happened", "who")}
        if all(value in (DONT_KNOW[qid], [DONT_KNOW[qid]]) for qid, value in follow_ups.items()):
            school_for_representative = answers["what-happened"] == "school-refused" and answers["who"] in (
                "representative-now",
                "representative-before",
            )
            if ranked[0].confidence == "strong" and not school_for_representative:
                strong.append(describe(answers))
    assert strong == []


def test_a_later_answer_on_another_branch_is_dropped() -> None:
    # Changing "what happened" must not let answers from the old branch change the ranking.
    flow = real_flow()
    stale = {
        "what-happened": "loan-refused",
        "who": "myself",
        "bank-reason": ["late-payments"],
        "court-case": "none",
        "ticket-context": ["on-journey"],
    }
    kept = plan_journey(flow, stale).answers
    assert "ticket-context" not in kept
    assert rank_candidates(flow, kept)[0].id == "personal-credit-report"


# --- The scenario table ------------------------------------------------------------------------------

SCENARIOS: list[tuple[str, Answers, str, str | None]] = [
    # Refused tickets: a court debt points to the spending restriction; conduct on a journey to the travel ban.
    (
        "I was stopped from boarding a high-speed train and the court froze my account last year",
        {
            "what-happened": "ticket-refused",
            "who": "myself",
            "ticket-context": ["court-debt"],
            "papers-received": ["property-ruling"],
            "court-statements": ["none-said"],
        },
        "consumption-restriction",
        "strong",
    ),
    (
        "The app would not sell me a plane ticket and I have no idea why",
        {"what-happened": "ticket-refused", "who": "myself", "ticket-context": ["none-known"]},
        "consumption-restriction",
        "possible",
    ),
    (
        "I was fined by railway police for smoking on a bullet train and now cannot buy tickets",
        {"what-happened": "ticket-refused", "who": "myself", "ticket-context": ["on-journey"]},
        "rail-air-ban",
        "strong",
    ),
    (
        "I was caught using my cousin's student card for a discount fare and never paid the difference",
        {"what-happened": "ticket-refused", "who": "myself", "ticket-context": ["fare-issue"]},
        "rail-air-ban",
        "strong",
    ),
    (
        "The court sent me an order saying I cannot fly or take fast trains until I pay",
        {
            "what-happened": "ticket-refused",
            "who": "myself",
            "ticket-context": ["court-debt"],
            "papers-received": ["spending-limit"],
            "court-statements": ["none-said"],
        },
        "consumption-restriction",
        "strong",
    ),
    (
        "I lost a loan case, got a court decision to publish my name, and now cannot buy train tickets",
        {
            "what-happened": "ticket-refused",
            "who": "myself",
            "ticket-context": ["court-debt"],
            "papers-received": ["decision-to-publish"],
        },
        "dishonest-judgment-defaulters",
        "strong",
    ),
    (
        "My company lost a supplier lawsuit and I, its boss, cannot book flights, though I got no papers myself",
        {
            "what-happened": "ticket-refused",
            "who": "representative-now",
            "ticket-context": ["court-debt"],
            "papers-received": ["none-received"],
            "court-statements": ["none-said"],
        },
        "consumption-restriction",
        "strong",
    ),
    (
        "I left as legal representative two years ago but the old company's debt still stops me flying",
        {
            "what-happened": "ticket-refused",
            "who": "representative-before",
            "ticket-context": ["court-debt"],
            "papers-received": ["spending-limit"],
            "court-statements": ["none-said"],
        },
        "consumption-restriction",
        "strong",
    ),
    (
        "The tax office found my firm used false invoices and now I cannot buy a seat on a G train",
        {"what-happened": "ticket-refused", "who": "myself", "ticket-context": ["tax-finding"]},
        "tax-major-violation",
        "possible",
    ),
    (
        "Social insurance fraud was found at my business and I can no longer fly",
        {"what-happened": "ticket-refused", "who": "myself", "ticket-context": ["agency-finding"]},
        "rail-air-ban",
        "strong",
    ),
    (
        "The creditor told the court I moved my flat to my brother to avoid paying, and now I cannot fly",
        {
            "what-happened": "ticket-refused",
            "who": "myself",
            "ticket-context": ["court-debt"],
            "papers-received": ["judgment", "pay-notice"],
            "court-statements": ["moved-assets"],
        },
        "dishonest-judgment-defaulters",
        "possible",
    ),
    (
        "I cannot buy train tickets and the court also told me I may not leave China",
        {
            "what-happened": "ticket-refused",
            "who": "myself",
            "ticket-context": ["court-debt"],
            "papers-received": ["exit-decision"],
            "court-statements": ["none-said"],
        },
        "consumption-restriction",
        "strong",
    ),
    # Court papers.
    (
        "The court sent me a decision that my name goes on the public list of people who did not pay",
        {"what-happened": "court-papers", "who": "myself", "papers-received": ["decision-to-publish"]},
        "dishonest-judgment-defaulters",
        "strong",
    ),
    (
        "A court order came by post limiting my spending on hotels and flights",
        {
            "what-happened": "court-papers",
            "who": "myself",
            "papers-received": ["spending-limit"],
            "court-statements": ["none-said"],
        },
        "consumption-restriction",
        "strong",
    ),
    (
        "The court decided I may not leave the country until my debt is settled",
        {
            "what-happened": "court-papers",
            "who": "myself",
            "papers-received": ["exit-decision"],
            "court-statements": ["none-said"],
        },
        "enforcement-objection-and-exit-ban",
        "strong",
    ),
    (
        "The court froze a bank account that holds my wife's wages, not mine",
        {
            "what-happened": "court-papers",
            "who": "myself",
            "papers-received": ["property-ruling"],
            "court-statements": ["none-said"],
        },
        "enforcement-objection-and-exit-ban",
        "strong",
    ),
    (
        "I only have the judgment ordering me to repay a friend's loan",
        {
            "what-happened": "court-papers",
            "who": "myself",
            "papers-received": ["judgment"],
            "court-statements": ["none-said"],
        },
        "consumption-restriction",
        "possible",
    ),
    (
        "The court says I never filed the asset report it asked for after its payment notice",
        {
            "what-happened": "court-papers",
            "who": "myself",
            "papers-received": ["pay-notice"],
            "court-statements": ["assets-not-reported"],
        },
        "dishonest-judgment-defaulters",
        "strong",
    ),
    (
        "Our company agreed a payment plan in enforcement and missed two instalments",
        {
            "what-happened": "court-papers",
            "who": "my-company",
            "papers-received": ["judgment", "pay-notice"],
            "court-statements": ["settlement-not-kept"],
        },
        "dishonest-judgment-defaulters",
        "strong",
    ),
    # Published names.
    (
        "My photo was shown on a big screen at the court as someone who will not pay, and I still owe the money",
        {"what-happened": "published", "who": "myself", "where-shown": "court-source", "court-case": "unpaid"},
        "dishonest-judgment-defaulters",
        "strong",
    ),
    (
        "I paid off the debt but the court's website still shows my name",
        {"what-happened": "published", "who": "myself", "where-shown": "court-source", "court-case": "settled"},
        "dishonest-judgment-defaulters",
        "strong",
    ),
    (
        "A business-check app still shows me as a debtor although I paid months ago",
        {"what-happened": "published", "who": "myself", "where-shown": "platform", "court-case": "settled"},
        "published-personal-information",
        "strong",
    ),
    (
        "A website posted my name and photo calling me a cheat, but I have never been sued",
        {"what-happened": "published", "who": "myself", "where-shown": "platform", "court-case": "none"},
        "published-personal-information",
        "strong",
    ),
    (
        "Our company's penalty appears on a government credit website",
        {"what-happened": "published", "who": "my-company", "where-shown": "government-site", "court-case": "none"},
        "credit-china-penalty-information",
        "strong",
    ),
    (
        "A friend sent me a screenshot with my name on it and I do not know where it came from",
        {"what-happened": "published", "who": "myself", "where-shown": "not-sure", "court-case": "unsure"},
        "published-personal-information",
        "weak",
    ),
    # Loans.
    (
        "The bank turned down my mortgage because of late credit card payments",
        {"what-happened": "loan-refused", "who": "myself", "bank-reason": ["late-payments"], "court-case": "none"},
        "personal-credit-report",
        "strong",
    ),
    (
        "The bank says I have an overdue loan that someone took out in my name",
        {"what-happened": "loan-refused", "who": "myself", "bank-reason": ["wrong-entry"], "court-case": "none"},
        "personal-credit-report",
        "strong",
    ),
    (
        "The bank mentioned a court record, and I do still owe money from a judgment",
        {"what-happened": "loan-refused", "who": "myself", "bank-reason": ["court-mention"], "court-case": "unpaid"},
        "dishonest-judgment-defaulters",
        "possible",
    ),
    (
        "My card application was refused with no explanation",
        {"what-happened": "loan-refused", "who": "myself", "bank-reason": ["no-reason"], "court-case": "unsure"},
        "personal-credit-report",
        "possible",
    ),
    # Companies.
    (
        "We forgot to file last year's annual report and the company now shows as abnormal",
        {"what-happened": "company-status", "who": "my-company", "record-says": ["report-missed"], "aim": "remove"},
        "samr-abnormal-operations",
        "strong",
    ),
    (
        "We moved office and the regulator could not find us at the registered address",
        {
            "what-happened": "company-status",
            "who": "my-company",
            "record-says": ["address-unreachable"],
            "aim": "understand",
        },
        "samr-abnormal-operations",
        "strong",
    ),
    (
        "My company has been shown as abnormal for over three years and I am its legal representative",
        {
            "what-happened": "company-status",
            "who": "representative-now",
            "record-says": ["flagged-three-years"],
            "aim": "remove",
        },
        "samr-serious-violation",
        "strong",
    ),
    (
        "Our food shop's licence was taken away after an inspection and the record now shows it",
        {"what-happened": "company-status", "who": "my-company", "record-says": ["heavy-penalty"], "aim": "remove"},
        "samr-serious-violation",
        "strong",
    ),
    (
        "A market regulator's fine for misleading advertising is shown on our company record",
        {"what-happened": "company-status", "who": "my-company", "record-says": ["penalty-shown"], "aim": "remove"},
        "samr-penalty-publicity",
        "strong",
    ),
    (
        "Credit China shows a penalty against our firm and customers keep asking about it",
        {"what-happened": "company-status", "who": "my-company", "record-says": ["credit-site-entry"], "aim": "remove"},
        "credit-china-penalty-information",
        "strong",
    ),
    (
        "The company record says a court listed us for not paying a judgment",
        {"what-happened": "company-status", "who": "my-company", "record-says": ["court-record"], "aim": "understand"},
        "dishonest-judgment-defaulters",
        "strong",
    ),
    (
        "The regulator gave us a huge fine that we think was unlawful, and we want to challenge it",
        {"what-happened": "company-status", "who": "my-company", "record-says": ["heavy-penalty"], "aim": "challenge"},
        "administrative-review-and-litigation",
        "strong",
    ),
    (
        "A client said our company has a warning on a business-check app, and we do not know what it is",
        {"what-happened": "company-status", "who": "my-company", "record-says": ["unsure"], "aim": "understand"},
        "samr-abnormal-operations",
        "possible",
    ),
    # Tax.
    (
        "The tax office wrote that our company's name will be published for a major tax violation",
        {
            "what-happened": "tax-notice",
            "who": "my-company",
            "tax-letter": ["publication-warning"],
            "aim": "understand",
        },
        "tax-major-violation",
        "strong",
    ),
    (
        "The tax office says my company issued false VAT invoices worth millions",
        {"what-happened": "tax-notice", "who": "my-company", "tax-letter": ["large-amount"], "aim": "remove"},
        "tax-major-violation",
        "strong",
    ),
    (
        "I was fined by the tax office and I think the fine is wrong",
        {"what-happened": "tax-notice", "who": "myself", "tax-letter": ["fine"], "aim": "challenge"},
        "administrative-review-and-litigation",
        "strong",
    ),
    (
        "I paid a small tax fine and want it off the public record",
        {"what-happened": "tax-notice", "who": "myself", "tax-letter": ["fine"], "aim": "remove"},
        "credit-china-penalty-information",
        "possible",
    ),
    (
        "The tax office only says I owe some late fees",
        {"what-happened": "tax-notice", "who": "myself", "tax-letter": ["tax-owed"], "aim": "understand"},
        "credit-china-penalty-information",
        "weak",
    ),
    # Registration and the legal representative role.
    (
        "The registry would not let me become legal representative of my new shop because of an unpaid judgment",
        {
            "what-happened": "registration-refused",
            "who": "myself",
            "registration-context": ["court-debt"],
            "aim": "understand",
        },
        "dishonest-judgment-defaulters",
        "strong",
    ),
    (
        "My old company sat on the abnormal list for years and now I cannot register a new one",
        {
            "what-happened": "registration-refused",
            "who": "representative-before",
            "registration-context": ["flagged-three-years"],
            "aim": "understand",
        },
        "samr-serious-violation",
        "strong",
    ),
    (
        "A company I ran was put on the regulator's serious list and I cannot be a legal representative",
        {
            "what-happened": "registration-refused",
            "who": "myself",
            "registration-context": ["regulator-record"],
            "aim": "remove",
        },
        "samr-serious-violation",
        "strong",
    ),
    (
        "My former firm has a major tax violation record and the registry refused my new company",
        {
            "what-happened": "registration-refused",
            "who": "myself",
            "registration-context": ["tax-record"],
            "aim": "understand",
        },
        "tax-major-violation",
        "strong",
    ),
    (
        "The registry refused my company registration without giving any reason and I want to challenge it",
        {
            "what-happened": "registration-refused",
            "who": "myself",
            "registration-context": ["told-nothing"],
            "aim": "challenge",
        },
        "administrative-review-and-litigation",
        "strong",
    ),
    # Schools.
    (
        "A private school refused my daughter after I received a court order limiting my spending",
        {
            "what-happened": "school-refused",
            "who": "myself",
            "papers-received": ["spending-limit"],
            "court-statements": ["none-said"],
        },
        "consumption-restriction",
        "strong",
    ),
    (
        "A private school turned my son away; my company has court debts but I never got any papers",
        {
            "what-happened": "school-refused",
            "who": "representative-now",
            "papers-received": ["none-received"],
            "court-statements": ["none-said"],
        },
        "consumption-restriction",
        "strong",
    ),
    (
        "A private school refused my child, and all I have from the court is a ban on leaving China",
        {
            "what-happened": "school-refused",
            "who": "myself",
            "papers-received": ["exit-decision"],
            "court-statements": ["none-said"],
        },
        "consumption-restriction",
        "possible",
    ),
    # City scores.
    (
        "My Honest Shanghai rating says bad",
        {"what-happened": "low-score", "who": "myself", "score-source": "city-service", "court-case": "none"},
        "city-scores-local-rules",
        "strong",
    ),
    (
        "Nanjing recorded me for crossing on red lights and my local credit file shows it",
        {"what-happened": "low-score", "who": "myself", "score-source": "traffic-record", "court-case": "none"},
        "city-scores-local-rules",
        "strong",
    ),
    (
        "My payment app's credit score dropped and I do not know why",
        {"what-happened": "low-score", "who": "myself", "score-source": "payment-app", "court-case": "none"},
        "personal-credit-report",
        "possible",
    ),
    (
        "A local service shows a low score and I have an unpaid court judgment",
        {"what-happened": "low-score", "who": "myself", "score-source": "other", "court-case": "unpaid"},
        "city-scores-local-rules",
        "possible",
    ),
    # Something else.
    (
        "Border police stopped me at the airport on my way to Hong Kong, and I owe money under a judgment",
        {"what-happened": "something-else", "who": "myself", "other-events": ["border"], "court-case": "unpaid"},
        "enforcement-objection-and-exit-ban",
        "strong",
    ),
    (
        "A hotel refused to check me in and I have an unpaid court debt",
        {
            "what-happened": "something-else",
            "who": "myself",
            "other-events": ["spending-refused"],
            "court-case": "unpaid",
        },
        "consumption-restriction",
        "strong",
    ),
    (
        "The court took money from my savings account for a debt I dispute",
        {"what-happened": "something-else", "who": "myself", "other-events": ["assets-frozen"], "court-case": "unpaid"},
        "enforcement-objection-and-exit-ban",
        "strong",
    ),
    (
        "A lender mentioned a problem on my credit record when I applied for a phone contract",
        {"what-happened": "something-else", "who": "myself", "other-events": ["credit-problem"], "court-case": "none"},
        "personal-credit-report",
        "strong",
    ),
    (
        "An environmental agency fined our factory and we want a higher body to review the decision",
        {
            "what-happened": "something-else",
            "who": "my-company",
            "other-events": ["agency-decision"],
            "court-case": "none",
            "aim": "challenge",
        },
        "administrative-review-and-litigation",
        "strong",
    ),
    (
        "An agency fined our company, we paid, and want the record taken down",
        {
            "what-happened": "something-else",
            "who": "my-company",
            "other-events": ["agency-decision"],
            "court-case": "none",
            "aim": "remove",
        },
        "credit-china-penalty-information",
        "possible",
    ),
    (
        "Our company lost a government tender, and it owes money under a judgment",
        {
            "what-happened": "something-else",
            "who": "my-company",
            "other-events": ["work-refused"],
            "court-case": "unpaid",
        },
        "dishonest-judgment-defaulters",
        "strong",
    ),
    (
        "Something feels wrong but nothing in particular has happened and I have no court case",
        {"what-happened": "something-else", "who": "myself", "other-events": ["none-seen"], "court-case": "none"},
        "credit-china-penalty-information",
        "weak",
    ),
]


@pytest.mark.parametrize(
    ("situation", "answers", "expected_top", "expected_confidence"), SCENARIOS, ids=[row[0] for row in SCENARIOS]
)
def test_scenario_ranks_the_expected_list_first(
    situation: str, answers: Answers, expected_top: str, expected_confidence: str | None
) -> None:
    flow = real_flow()
    journey = plan_journey(flow, answers)
    assert journey.complete, f"unanswered question {journey.current!r}"
    assert dict(journey.answers) == answers, "the scenario gives an answer that is not on its path"
    ranked = rank_candidates(flow, answers)
    assert [c.id for c in ranked][:1] == [expected_top], [(c.id, c.score) for c in ranked]
    assert ranked[0].reasons
    if expected_confidence is not None:
        assert ranked[0].confidence == expected_confidence


def test_scenario_table_is_large_and_covers_every_symptom_and_list() -> None:
    assert len(SCENARIOS) >= 30
    assert len({row[0] for row in SCENARIOS}) == len(SCENARIOS)
    symptoms = {row[1]["what-happened"] for row in SCENARIOS}
    assert symptoms == set(real_flow().question("what-happened").choice_ids())
    assert {row[2] for row in SCENARIOS} == set(list_ids())
