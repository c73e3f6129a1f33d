"""Letter definitions: the content files in clinic/content/letters/ (one per letter type) and the
shared field vocabulary (fields.yaml), checked against their schemas and the catalogue (pure)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from clinic.catalogue import Catalogue

SCHEMAS = Path(__file__).resolve().parent.parent / "content" / "schemas"
PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")
PERSON_FIELDS = ("applicant_name", "id_number", "address", "phone")
ORGANISATION_FIELDS = ("applicant_name", "uscc", "legal_representative", "address", "phone")
# Placeholders the code fills itself (not typed by the person).
CODE_PLACEHOLDERS = frozenset({"citations"})


class LetterContentError(ValueError):
    """The letter content has problems; ``problems`` lists every one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} letter content problem(s):\n" + "\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class FieldDef:
    """One form field: how it is checked (kind), labelled and printed."""

    id: str
    kind: str
    label: str
    hint: str | None
    max_length: int
    zh: str | None
    required: bool


@dataclass(frozen=True)
class Text:
    """A paragraph in the official language and in the English source of the reading copy."""

    zh: str
    en: str


@dataclass(frozen=True)
class Cite:
    """A citation; ``applies_from``/``applies_until`` keep it to filing dates in that range."""

    instrument: str
    article: str
    applies_from: date | None = None
    applies_until: date | None = None

    def applies_on(self, day: date) -> bool:
        """Whether this citation is meant for a letter filed on ``day``."""
        return (self.applies_from is None or day >= self.applies_from) and (
            self.applies_until is None or day <= self.applies_until
        )


@dataclass(frozen=True)
class Ground:
    """A reason the person can tick; it adds a standard paragraph, citations and attachments."""

    id: str
    label: str
    text: Text
    cites: tuple[Cite, ...]
    attachments: tuple[Text, ...]


@dataclass(frozen=True)
class Party:
    """An addressee or respondent: a field the person fills, or a fixed name."""

    field: str | None
    fixed: Text | None


@dataclass(frozen=True)
class LetterDef:
    """One letter type."""

    id: str
    number: int
    remedy: str
    title_zh: str
    title_en: str
    applicant_kinds: tuple[str, ...]
    applicant_role: Text
    fields: tuple[str, ...]
    addressee: Party
    respondent: Party | None
    requests: tuple[Text, ...]
    facts_opening: tuple[Text, ...]
    grounds: tuple[Ground, ...]
    basis: Text
    always_cites: tuple[Cite, ...]
    attachments: tuple[Text, ...]
    own_account_label: str
    deadline_from: str | None
    verification: str
    last_verified: date

    def ground(self, ground_id: str) -> Ground | None:
        """The ground with this id, or None."""
        return next((g for g in self.grounds if g.id == ground_id), None)


@dataclass(frozen=True)
class LetterSet:
    """Every letter type and the field vocabulary."""

    letters: Mapping[str, LetterDef]
    fields: Mapping[str, FieldDef]

    def by_number(self, number: int) -> LetterDef | None:
        """The letter with this rules-facts number (used in neutral URLs)."""
        return next((letter for letter in self.letters.values() if letter.number == number), None)

    def ordered(self) -> list[LetterDef]:
        """Every letter, by number."""
        return sorted(self.letters.values(), key=lambda letter: letter.number)


def _text(raw: Mapping[str, Any]) -> Text:
    return Text(zh=str(raw["zh"]), en=str(raw["en"]))


def _day(value: Any) -> date | None:
    if value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _cite(raw: Mapping[str, Any]) -> Cite:
    applies = raw.get("applies") or {}
    return Cite(
        instrument=raw["instrument"],
        article=raw["article"],
        applies_from=_day(applies.get("from")),
        applies_until=_day(applies.get("until")),
    )


def _party(raw: Mapping[str, Any] | None) -> Party | None:
    if not raw:
        return None
    if "field" in raw:
        return Party(field=raw["field"], fixed=None)
    return Party(field=None, fixed=Text(zh=raw["zh"], en=raw["en"]))


def _letter(raw: Mapping[str, Any]) -> LetterDef:
    addressee = _party(raw["addressee"])
    assert addressee is not None
    return LetterDef(
        id=raw["id"],
        number=int(raw["number"]),
        remedy=raw["remedy"],
        title_zh=raw["title_zh"],
        title_en=raw["title_en"],
        applicant_kinds=tuple(raw["applicant_kinds"]),
        applicant_role=Text(zh=raw.get("applicant_role_zh", "申请人"), en=raw.get("applicant_role_en", "Applicant")),
        fields=tuple(raw.get("fields", ())),
        addressee=addressee,
        respondent=_party(raw.get("respondent")),
        requests=tuple(_text(t) for t in raw["requests"]),
        facts_opening=tuple(_text(t) for t in raw.get("facts_opening", ())),
        grounds=tuple(
            Ground(
                id=g["id"],
                label=g["label"],
                text=Text(zh=g["zh"], en=g["en"]),
                cites=tuple(_cite(c) for c in g.get("cites", ())),
                attachments=tuple(_text(a) for a in g.get("attachments", ())),
            )
            for g in raw.get("grounds", ())
        ),
        basis=_text(raw["basis"]),
        always_cites=tuple(_cite(c) for c in raw.get("always_cites", ())),
        attachments=tuple(_text(a) for a in raw.get("attachments", ())),
        own_account_label=raw.get("own_account_label", "Describe what happened, in your own words (optional)"),
        deadline_from=raw.get("deadline_from"),
        verification=raw["verification"],
        last_verified=_day(raw["last_verified"]) or date.min,
    )


def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads((SCHEMAS / name).read_text(encoding="utf-8")))


def _schema_problems(validator: jsonschema.Draft202012Validator, data: Any, where: str) -> list[str]:
    return [
        f"{where}: {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
        for e in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    ]


def _placeholders(letter: LetterDef) -> set[str]:
    texts = [*letter.requests, *letter.facts_opening, letter.basis, *(g.text for g in letter.grounds)]
    return {name for t in texts for part in (t.zh, t.en) for name in PLACEHOLDER.findall(part)}


def _cross_problems(letter: LetterDef, fields: Mapping[str, FieldDef], catalogue: Catalogue) -> list[str]:
    where = f"letters/{letter.id}.yaml"
    problems = []
    if letter.remedy not in catalogue.remedies_by_id:
        problems.append(f"{where}: remedy {letter.remedy!r} is not in the catalogue")
    block = set(PERSON_FIELDS) | set(ORGANISATION_FIELDS)
    for field_id in letter.fields:
        if field_id not in fields:
            problems.append(f"{where}: field {field_id!r} is not in fields.yaml")
    for party in (letter.addressee, letter.respondent):
        if party and party.field and party.field not in letter.fields:
            problems.append(f"{where}: addressee/respondent field {party.field!r} is not one of the letter's fields")
    if letter.deadline_from and letter.deadline_from not in letter.fields:
        problems.append(f"{where}: deadline_from {letter.deadline_from!r} is not one of the letter's fields")
    for name in sorted(_placeholders(letter) - set(letter.fields) - block - CODE_PLACEHOLDERS):
        problems.append(f"{where}: placeholder {{{name}}} is not a field of this letter")
    cites = [*letter.always_cites, *(c for g in letter.grounds for c in g.cites)]
    for cite in cites:
        if cite.instrument not in catalogue.instruments_by_id:
            problems.append(f"{where}: unknown instrument {cite.instrument!r}")
            continue
        keys = {key for version in catalogue.instrument(cite.instrument).versions for key in version.articles}
        if cite.article not in keys:
            problems.append(f"{where}: {cite.instrument} has no article key {cite.article!r}")
    return problems


def load_letters(directory: Path, catalogue: Catalogue) -> LetterSet:
    """Read, schema-check and cross-check every letter file; raise LetterContentError with every problem."""
    problems: list[str] = []
    fields_raw = yaml.safe_load((directory / "fields.yaml").read_text(encoding="utf-8"))
    problems += _schema_problems(_validator("fields.schema.json"), fields_raw, "letters/fields.yaml")
    fields: dict[str, FieldDef] = {}
    if not problems:
        for raw in fields_raw["fields"]:
            fields[raw["id"]] = FieldDef(
                id=raw["id"],
                kind=raw["kind"],
                label=raw["label"],
                hint=raw.get("hint"),
                max_length=int(raw.get("max_length", 200)),
                zh=raw.get("zh"),
                required=bool(raw.get("required", False)),
            )
    letter_validator = _validator("letter.schema.json")
    letters: dict[str, LetterDef] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name == "fields.yaml":
            continue
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        found = _schema_problems(letter_validator, raw, f"letters/{path.name}")
        if found:
            problems += found
            continue
        letter = _letter(raw)
        if letter.id != path.stem:
            problems.append(f"letters/{path.name}: id {letter.id!r} differs from the file name")
        if letter.id in letters:
            problems.append(f"letters/{path.name}: duplicate id")
        problems += _cross_problems(letter, fields, catalogue)
        letters[letter.id] = letter
    numbers = [letter.number for letter in letters.values()]
    problems += [f"letters: number {n} used twice" for n in sorted({n for n in numbers if numbers.count(n) > 1})]
    if problems:
        raise LetterContentError(problems)
    return LetterSet(letters=letters, fields=fields)
