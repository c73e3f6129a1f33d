"""Reading the ``eligibility:`` and ``prefill:`` blocks of the remedy files into rules.

The remedy schema already checked their shape when the catalogue loaded; here the blocks become
frozen data, and ``check_book`` cross-checks what a schema cannot: conditions well formed, every
cited article and every named remedy present in the catalogue, and each filing period equal to the
remedy's own ``filing_deadline``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from clinic.catalogue.model import Catalogue, LegalBasis, Period
from clinic.contentfiles import ContentError, Problem, read_yaml
from clinic.eligibility.model import (
    ChoiceRule,
    Eligibility,
    FilingDeadline,
    GroundRule,
    KindRule,
    LateRoute,
    Prefill,
    Requirement,
    Response,
    Waiting,
)
from clinic.flow.conditions import ConditionError, check_condition
from clinic.letters.definitions import FieldDef, LetterDef, LetterSet
from clinic.letters.details import letter_inputs


@dataclass(frozen=True)
class Book:
    """Every remedy's eligibility and prefill rules, by remedy id."""

    eligibility: Mapping[str, Eligibility] = field(default_factory=dict)
    prefill: Mapping[str, Prefill] = field(default_factory=dict)


def _basis(raw: Mapping[str, Any]) -> LegalBasis:
    return LegalBasis(instrument=raw["instrument"], article=raw.get("article"), note=raw.get("note"))


def _period(raw: Mapping[str, Any]) -> Period:
    return Period(count=raw["count"], unit=raw["unit"])


def _requirement(raw: Mapping[str, Any]) -> Requirement:
    return Requirement(when=raw["when"], reason=raw["reason"], basis=_basis(raw["basis"]))


def parse_eligibility(remedy_id: str, raw: Mapping[str, Any]) -> Eligibility:
    """One ``eligibility:`` block (already schema-valid) as rules."""
    deadline = raw.get("deadline")
    response = raw.get("response")
    late = raw.get("late")
    return Eligibility(
        remedy=remedy_id,
        basis=_basis(raw["basis"]),
        tried_as=raw.get("tried_as"),
        when_needed=raw.get("when_needed"),
        needed_when=raw.get("needed_when"),
        late_route_only=bool(raw.get("late_route_only", False)),
        first_when=raw.get("first_when"),
        who=_requirement(raw["who"]) if "who" in raw else None,
        requires=tuple(_requirement(r) for r in raw.get("requires", ())),
        waiting=tuple(
            Waiting(period=_period(w["period"]), events=tuple(w["from"]), basis=_basis(w["basis"]), when=w.get("when"))
            for w in raw.get("waiting", ())
        ),
        deadline=FilingDeadline(_period(deadline["period"]), tuple(deadline["from"]), _basis(deadline["basis"]))
        if deadline
        else None,
        response=Response(_period(response["period"]), _basis(response["basis"])) if response else None,
        late=LateRoute(route=late["route"], basis=_basis(late["basis"])) if late else None,
    )


def parse_prefill(raw: Mapping[str, Any]) -> Prefill:
    """One ``prefill:`` block (already schema-valid) as rules."""
    return Prefill(
        kind=tuple(KindRule(when=k["when"], value=k["value"]) for k in raw.get("kind", ())),
        dates=dict(raw.get("dates", {})),
        grounds=tuple(GroundRule(when=g["when"], ground=g["ground"]) for g in raw.get("grounds", ())),
        choices=tuple(
            ChoiceRule(when=c["when"], choice=c["choice"], option=c["option"]) for c in raw.get("choices", ())
        ),
    )


def read_book(remedies_dir: Path) -> Book:
    """Read the blocks from every remedy file (files without them simply have no rules)."""
    eligibility: dict[str, Eligibility] = {}
    prefill: dict[str, Prefill] = {}
    for path in sorted(remedies_dir.glob("*.yaml")):
        data = cast(dict[str, Any], read_yaml(path, f"remedies/{path.name}").data)
        if "eligibility" in data:
            eligibility[path.stem] = parse_eligibility(path.stem, data["eligibility"])
        if "prefill" in data:
            prefill[path.stem] = parse_prefill(data["prefill"])
    return Book(eligibility=eligibility, prefill=prefill)


def _bases(rules: Eligibility) -> list[tuple[str, LegalBasis]]:
    found = [("basis", rules.basis)]
    if rules.who:
        found.append(("who", rules.who.basis))
    found += [(f"requires/{i}", r.basis) for i, r in enumerate(rules.requires)]
    found += [(f"waiting/{i}", w.basis) for i, w in enumerate(rules.waiting)]
    found += [
        (name, rule.basis)
        for name, rule in (("deadline", rules.deadline), ("response", rules.response), ("late", rules.late))
        if rule
    ]
    return found


def _conditions(rules: Eligibility, prefill: Prefill | None) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    if rules.who:
        found.append(("who", rules.who.when))
    found += [(f"requires/{i}", r.when) for i, r in enumerate(rules.requires)]
    found += [(f"waiting/{i}", w.when) for i, w in enumerate(rules.waiting) if w.when is not None]
    found += [
        (name, rule)
        for name, rule in (("first_when", rules.first_when), ("needed_when", rules.needed_when))
        if rule is not None
    ]
    if prefill:
        found += [(f"prefill/kind/{i}", k.when) for i, k in enumerate(prefill.kind)]
        found += [(f"prefill/grounds/{i}", g.when) for i, g in enumerate(prefill.grounds)]
        found += [(f"prefill/choices/{i}", c.when) for i, c in enumerate(prefill.choices)]
    return found


def cites_known(catalogue: Catalogue, basis: LegalBasis) -> bool:
    """Whether the citation resolves: a known instrument, and the article in its current version."""
    instrument = catalogue.instruments_by_id.get(basis.instrument)
    if instrument is None:
        return False
    return basis.article is None or basis.article in instrument.versions[-1].articles


def _rule_problems(rules: Eligibility, prefill: Prefill | None, catalogue: Catalogue) -> list[str]:
    """What is wrong in one remedy's rules (the remedy exists)."""
    remedy = catalogue.remedy(rules.remedy)
    found = [
        f"{name}: {basis.instrument}/{basis.article} is not in the catalogue"
        for name, basis in _bases(rules)
        if not cites_known(catalogue, basis)
    ]
    for name, condition in _conditions(rules, prefill):
        try:
            check_condition(condition)
        except ConditionError as error:
            found.append(f"{name}: {error}")
    if rules.late and rules.late.route is not None and rules.late.route not in catalogue.remedies_by_id:
        found.append(f"late: unknown remedy {rules.late.route!r}")
    if rules.deadline and (remedy.filing_deadline is None or remedy.filing_deadline.period != rules.deadline.period):
        found.append("deadline: period differs from filing_deadline")
    return found


def check_book(book: Book, catalogue: Catalogue) -> list[Problem]:
    """Every problem a schema cannot see, each against the remedy file it is in."""
    problems: list[Problem] = []
    for remedy_id, rules in book.eligibility.items():
        where = f"remedies/{remedy_id}.yaml"
        if remedy_id not in catalogue.remedies_by_id:
            problems.append(Problem(where, 1, "eligibility for a remedy the catalogue does not have"))
            continue
        found = _rule_problems(rules, book.prefill.get(remedy_id), catalogue)
        problems += [Problem(where, 1, f"eligibility {message}") for message in found]
    return problems


def _target_problems(rules: Prefill, letter: LetterDef, fields: Mapping[str, FieldDef]) -> list[str]:
    inputs = {item.id for item in letter_inputs(letter, fields)}
    found = [f"prefill dates: the letter has no field {f!r}" for f in rules.dates if f not in inputs]
    grounds = {g.id for g in letter.grounds}
    found += [
        f"prefill grounds: the letter has no ground {g.ground!r}" for g in rules.grounds if g.ground not in grounds
    ]
    for rule in rules.choices:
        choice = next((c for c in letter.choices if c.id == rule.choice), None)
        if choice is None:
            found.append(f"prefill choices: the letter has no choice {rule.choice!r}")
        elif choice.option(rule.option) is None:
            found.append(f"prefill choices: {rule.choice!r} has no option {rule.option!r}")
    return found


def prefill_problems(book: Book, catalogue: Catalogue, letters: LetterSet) -> list[Problem]:
    """Every ``prefill:`` target (date field, ground, choice and option) the remedy's letter does not
    have: a rule that fills nothing would silently leave the form empty."""
    problems: list[Problem] = []
    for remedy_id, rules in book.prefill.items():
        remedy = catalogue.remedies_by_id.get(remedy_id)
        letter = letters.letters.get(remedy.letter) if remedy and remedy.letter else None
        where = f"remedies/{remedy_id}.yaml"
        if letter is None:
            problems.append(Problem(where, 1, "prefill for a remedy without a letter"))
            continue
        problems += [Problem(where, 1, message) for message in _target_problems(rules, letter, letters.fields)]
    return problems


def load_book(remedies_dir: Path, catalogue: Catalogue) -> Book:
    """Read and cross-check the rules; raise ContentError listing every problem."""
    book = read_book(remedies_dir)
    problems = check_book(book, catalogue)
    if problems:
        raise ContentError(problems)
    return book
