"""Triage scenarios (clinic/content/scenarios.yaml): plain-language situations, the answers a person
would give, and the list the ranking should put first. ``check_scenarios`` runs each one through the
flow, so an editor can add "a person in situation X should see list Y" as data; the content check
and the tests both call it. Scenarios marked ``told`` were written before the questions, as people
tell them: for those the check asks for the expected list in the first two, and ``first_rate``
measures how often it comes first (the target is 9 in 10). Pure: no Flask, no clock."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clinic.contentfiles import ContentError, Problem, YamlDoc, read_yaml, schema_problems
from clinic.flow.engine import plan_journey
from clinic.flow.model import Flow
from clinic.flow.results import rank_candidates

SCENARIOS_FILE = "scenarios.yaml"


@dataclass(frozen=True)
class Scenario:
    """One situation: its story, the answers, the expected list (first or in the top two)."""

    story: str
    answers: dict[str, Any]
    first: str | None
    top_two: str | None
    confidence: str | None
    line: int
    #: Written as told, before the questions: the expected list must be in the first two.
    told: bool = False
    #: Another list that fits and must be among the first three.
    second: str | None = None
    #: The remedy the person should use (one of the expected or the second list's remedies).
    remedy: str | None = None


def read_scenarios(directory: Path) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse scenarios.yaml and check it against its schema (None and the problems if it fails)."""
    try:
        doc = read_yaml(directory / SCENARIOS_FILE, SCENARIOS_FILE)
    except ContentError as error:
        return None, list(error.found)
    problems = schema_problems(doc, "scenarios.schema.json")
    return (None if problems else doc), problems


def scenarios(doc: YamlDoc) -> list[Scenario]:
    """The scenarios of a schema-valid scenarios.yaml."""
    return [
        Scenario(
            story=raw["story"],
            answers=dict(raw["answers"]),
            first=raw.get("first"),
            top_two=raw.get("top_two"),
            confidence=raw.get("confidence"),
            line=doc.line(f"/scenarios/{index}"),
            told=bool(raw.get("told", False)),
            second=raw.get("second"),
            remedy=raw.get("remedy"),
        )
        for index, raw in enumerate(doc.data["scenarios"])
    ]


def scenario_problem(flow: Flow, scenario: Scenario) -> str | None:
    """Why the flow does not give the scenario's expected result, or None if it does."""
    journey = plan_journey(flow, scenario.answers)
    if not journey.complete:
        return f"the answers stop before the end: question {journey.current!r} is unanswered"
    if dict(journey.answers) != scenario.answers:
        extra = sorted(set(scenario.answers) - set(journey.answers))
        return f"answers not on the path the questions take: {', '.join(extra) or 'a value is not a choice'}"
    return _ranking_problem(flow, scenario)


def _ranking_problem(flow: Flow, scenario: Scenario) -> str | None:
    """Why the ranking for a complete scenario is not the one expected, or None."""
    ranked = rank_candidates(flow, scenario.answers)
    ids = [candidate.id for candidate in ranked]
    if not ranked or not ranked[0].reasons:
        return "the result names no list with a reason"
    if scenario.first is not None and scenario.told and scenario.first not in ids[:2]:
        return f"expected {scenario.first} in the first two, got {', '.join(ids[:3]) or 'nothing'}"
    if scenario.first is not None and not scenario.told and ids[:1] != [scenario.first]:
        return f"expected {scenario.first} first, got {', '.join(ids[:3]) or 'nothing'}"
    if scenario.second is not None and scenario.second not in ids[:3]:
        return f"expected {scenario.second} among the first three, got {', '.join(ids[:3])}"
    if scenario.top_two is not None and scenario.top_two not in ids[:2]:
        return f"expected {scenario.top_two} in the top two, got {', '.join(ids[:3]) or 'nothing'}"
    if scenario.confidence is not None and ranked[0].confidence != scenario.confidence:
        return f"expected confidence {scenario.confidence}, got {ranked[0].confidence}"
    return None


def lands_first(flow: Flow, scenario: Scenario) -> bool:
    """Whether the expected list is ranked first for this scenario's answers."""
    ranked = rank_candidates(flow, scenario.answers)
    return bool(ranked) and ranked[0].id == (scenario.first or scenario.top_two)


def first_rate(flow: Flow, table: Sequence[Scenario]) -> tuple[int, int]:
    """(how many of the told scenarios put the expected list first, how many told scenarios)."""
    told = [s for s in table if s.told]
    return sum(lands_first(flow, s) for s in told), len(told)


def check_scenarios(
    doc: YamlDoc, flow: Flow, list_ids: Iterable[str], remedies_of: Mapping[str, Sequence[str]] | None = None
) -> list[Problem]:
    """Stories are unique, expected lists (and remedies, when ``remedies_of`` maps each list to its
    remedies) exist, and every scenario gives its expected result."""
    known = set(list_ids)
    problems: list[Problem] = []
    seen: set[str] = set()
    for scenario in scenarios(doc):
        if scenario.story in seen:
            problems.append(Problem(doc.path, scenario.line, "the same story is told twice"))
        seen.add(scenario.story)
        expected = scenario.first or scenario.top_two
        if expected not in known:
            problems.append(Problem(doc.path, scenario.line, f"unknown list {expected!r}"))
            continue
        if scenario.second is not None and scenario.second not in known:
            problems.append(Problem(doc.path, scenario.line, f"unknown list {scenario.second!r}"))
        if remedies_of is not None and scenario.remedy is not None:
            offered = [r for lid in (expected, scenario.second) if lid for r in remedies_of.get(lid, ())]
            if scenario.remedy not in offered:
                problems.append(
                    Problem(doc.path, scenario.line, f"remedy {scenario.remedy!r} is not offered for {expected!r}")
                )
        found = scenario_problem(flow, scenario)
        if found is not None:
            problems.append(Problem(doc.path, scenario.line, found))
    return problems
