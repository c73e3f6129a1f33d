"""Letter definitions: the content files in clinic/content/letters/ (one per letter type) and the
shared field vocabulary (fields.yaml), checked against their schemas and the catalogue (pure)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from clinic.catalogue import Catalogue
from clinic.contentfiles import ContentError, Problem, YamlDoc, load_documents, read_yaml, schema_problems
from clinic.deadlines import Period
from clinic.letters.checks import check_letters
from clinic.letters.parties import ORGANISATION_FIELDS as ORGANISATION_FIELDS
from clinic.letters.parties import PERSON_FIELDS as PERSON_FIELDS
from clinic.letters.parties import OtherParty, other_party

FIELDS_FILE = "fields.yaml"
#: A {placeholder} the composer fills with a field's value (or the citations).
PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")

#: The letters' content errors are the one content error (kept under this name for callers).
LetterContentError = ContentError


@dataclass(frozen=True)
class FieldOption:
    """One option of a ``choice`` field: the value posted, its English label and the Chinese printed."""

    id: str
    label: str
    zh: str


@dataclass(frozen=True)
class KindWording:
    """The label, hint and Chinese label an organisation sees instead of a person's."""

    label: str
    hint: str
    zh: str


@dataclass(frozen=True)
class FieldDef:
    """One form field: how it is checked (kind), labelled and printed. ``format_from`` names the
    choice field whose value decides the format (an identity document's type, a party's kind)."""

    id: str
    kind: str
    label: str
    hint: str | None
    max_length: int
    zh: str | None
    required: bool
    choices: tuple[FieldOption, ...] = ()
    organisation: KindWording | None = None
    format_from: str | None = None
    future: bool = False


@dataclass(frozen=True)
class Text:
    """A paragraph in the official language and in the English source of the reading copy."""

    zh: str
    en: str


@dataclass(frozen=True)
class Attachment(Text):
    """An item listed under 附件; ``applicant_kinds`` keeps an identity document to the kind it
    fits, so that no item reads 身份证明或者营业执照."""

    applicant_kinds: tuple[str, ...] = ("person", "organisation")


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
class Wait:
    """A period that must have run, from the date in ``field``, before a statement is true (满三个月,
    满一年): the form refuses the letter earlier, so the letter never asserts what its dates deny."""

    field: str
    period: Period


@dataclass(frozen=True)
class Ground:
    """A reason the person can tick; it adds a standard paragraph, citations and attachments.
    ``applicant_kinds`` limits it to persons or organisations, ``waits`` is the period its statement
    needs, ``only_with`` the choice options it needs (choice id -> option ids). In a follow-up
    letter ``chases`` names the remedy whose earlier filing the ground follows up."""

    id: str
    label: str
    text: Text
    cites: tuple[Cite, ...]
    attachments: tuple[Attachment, ...]
    applicant_kinds: tuple[str, ...] = ("person", "organisation")
    waits: Wait | None = None
    only_with: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    chases: str | None = None


@dataclass(frozen=True)
class Option:
    """One answer to a choice: the words it puts where the choice's {placeholder} stands, and/or
    a paragraph it adds to the facts, with its citations and attachments."""

    id: str
    label: str
    text: Text | None
    paragraph: Text | None
    cites: tuple[Cite, ...]
    attachments: tuple[Attachment, ...]


@dataclass(frozen=True)
class Choice:
    """A fact the person states by picking one option (which list, which relative, which post), so
    that the letter states one fact instead of an 或者 the reader must resolve. Asked always, or
    only when ``when_ground`` is ticked."""

    id: str
    label: str
    hint: str | None
    when_ground: str | None
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option | None:
        """The option with this id, or None."""
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Party:
    """An addressee or respondent: a field the person fills, or a fixed name."""

    field: str | None
    fixed: Text | None


@dataclass(frozen=True)
class LetterDef:
    """One letter type. ``remedy`` is None for a follow-up letter (a chasing letter): it serves no
    remedy of its own, and the ground ticked says, with ``chases``, which remedy's filing it follows."""

    id: str
    number: int
    remedy: str | None
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
    attachments: tuple[Attachment, ...]
    own_account_label: str
    deadline_from: str | None
    verification: str
    last_verified: date
    excludes: tuple[tuple[str, ...], ...] = ()
    waits: Wait | None = None
    choices: tuple[Choice, ...] = ()
    other_parties: tuple[OtherParty, ...] = ()

    def ground(self, ground_id: str) -> Ground | None:
        """The ground with this id, or None."""
        return next((g for g in self.grounds if g.id == ground_id), None)

    def remedy_for(self, grounds: Sequence[str]) -> str | None:
        """The remedy a filing of this letter belongs to: its own, or for a follow-up letter the one
        the first ticked ground chases (None when no such ground is ticked)."""
        if self.remedy is not None:
            return self.remedy
        return next((g.chases for g in self.grounds if g.id in grounds and g.chases), None)


@dataclass(frozen=True)
class LetterSet:
    """Every letter type and the field vocabulary."""

    letters: Mapping[str, LetterDef]
    fields: Mapping[str, FieldDef]

    def by_number(self, number: int) -> LetterDef | None:
        """The letter with this permanent number (its former URLs, case files and metrics use it)."""
        return next((letter for letter in self.letters.values() if letter.number == number), None)

    def ordered(self) -> list[LetterDef]:
        """Every letter, by number."""
        return sorted(self.letters.values(), key=lambda letter: letter.number)


def _text(raw: Mapping[str, Any]) -> Text:
    return Text(zh=str(raw["zh"]), en=str(raw["en"]))


def _attachment(raw: Mapping[str, Any]) -> Attachment:
    kinds = tuple(raw.get("applicant_kinds") or ("person", "organisation"))
    return Attachment(zh=str(raw["zh"]), en=str(raw["en"]), applicant_kinds=kinds)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


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


def _wait(raw: Mapping[str, Any] | None) -> Wait | None:
    if not raw:
        return None
    return Wait(field=raw["field"], period=Period(int(raw["period"]["count"]), raw["period"]["unit"]))


def _ground(g: Mapping[str, Any]) -> Ground:
    return Ground(
        id=g["id"],
        label=g["label"],
        text=Text(zh=g["zh"], en=g["en"]),
        cites=tuple(_cite(c) for c in g["cites"]),
        attachments=tuple(_attachment(a) for a in g["attachments"]),
        applicant_kinds=tuple(g.get("applicant_kinds") or ("person", "organisation")),
        waits=_wait(g.get("waits")),
        only_with={k: tuple(v) for k, v in (g.get("only_with") or {}).items()},
        chases=g.get("chases"),
    )


def _choice(c: Mapping[str, Any]) -> Choice:
    return Choice(
        id=c["id"],
        label=c["label"],
        hint=c.get("hint"),
        when_ground=c.get("when_ground"),
        options=tuple(
            Option(
                id=o["id"],
                label=o["label"],
                text=_text(o["text"]) if "text" in o else None,
                paragraph=_text(o["paragraph"]) if "paragraph" in o else None,
                cites=tuple(_cite(x) for x in o.get("cites", ())),
                attachments=tuple(_attachment(a) for a in o.get("attachments", ())),
            )
            for o in c["options"]
        ),
    )


def _letter(raw: Mapping[str, Any]) -> LetterDef:
    """Build a letter from a schema-valid file (the schema requires every key read with [])."""
    addressee = _party(raw["addressee"])
    assert addressee is not None
    return LetterDef(
        id=raw["id"],
        number=int(raw["number"]),
        remedy=raw["remedy"],
        title_zh=raw["title_zh"],
        title_en=raw["title_en"],
        applicant_kinds=tuple(raw["applicant_kinds"]),
        applicant_role=Text(zh=raw["applicant_role_zh"], en=raw["applicant_role_en"]),
        fields=tuple(raw["fields"]),
        addressee=addressee,
        respondent=_party(raw["respondent"]),
        requests=tuple(_text(t) for t in raw["requests"]),
        facts_opening=tuple(_text(t) for t in raw["facts_opening"]),
        grounds=tuple(_ground(g) for g in raw["grounds"]),
        basis=_text(raw["basis"]),
        always_cites=tuple(_cite(c) for c in raw["always_cites"]),
        attachments=tuple(_attachment(a) for a in raw["attachments"]),
        own_account_label=raw["own_account_label"],
        deadline_from=raw.get("deadline_from"),
        verification=raw["verification"],
        last_verified=date.fromisoformat(raw["last_verified"]),
        excludes=tuple(tuple(group) for group in raw.get("excludes", ())),
        waits=_wait(raw.get("waits")),
        choices=tuple(_choice(c) for c in raw.get("choices", ())),
        other_parties=tuple(other_party(p) for p in raw.get("other_parties") or ()),
    )


def _field(raw: Mapping[str, Any]) -> FieldDef:
    return FieldDef(
        id=raw["id"],
        kind=raw["kind"],
        label=raw["label"],
        hint=raw["hint"],
        max_length=int(raw["max_length"]),
        zh=raw["zh"],
        required=bool(raw.get("required", False)),
        choices=tuple(FieldOption(id=str(c["id"]), label=c["label"], zh=c["zh"]) for c in raw.get("choices") or ()),
        organisation=KindWording(**raw["organisation"]) if raw.get("organisation") else None,
        format_from=raw.get("format_from"),
        future=bool(raw.get("future", False)),
    )


def read_letter_files(directory: Path) -> tuple[YamlDoc | None, list[YamlDoc], list[Problem], bool]:
    """Parse fields.yaml and every letter file and check them against their schemas.

    Returns the vocabulary (None if it is unreadable or breaks its schema), the schema-valid letter
    files, every problem found so far and whether every letter file was valid. Never raises for bad
    content.
    """
    prefix = directory.name
    problems: list[Problem] = []
    fields: YamlDoc | None = None
    try:
        fields = read_yaml(directory / FIELDS_FILE, f"{prefix}/{FIELDS_FILE}")
        found = schema_problems(fields, "fields.schema.json")
        problems += found
        fields = None if found else fields
    except ContentError as error:
        problems += error.found
    documents, unreadable = load_documents(directory, prefix, skip=[FIELDS_FILE])
    problems += unreadable
    valid = []
    for doc in documents:
        found = schema_problems(doc, "letter.schema.json")
        problems += found
        if not found:
            valid.append(doc)
    return fields, valid, problems, not unreadable and len(valid) == len(documents)


def load_letters(directory: Path, catalogue: Catalogue) -> LetterSet:
    """Read, schema-check and cross-check every letter file; raise ContentError with every problem."""
    fields_doc, documents, problems, every_letter = read_letter_files(directory)
    if fields_doc is not None:
        problems += check_letters(fields_doc, [(doc, doc.data) for doc in documents], catalogue, every_letter)
    if problems or fields_doc is None:
        raise LetterContentError(problems)
    fields = {raw["id"]: _field(raw) for raw in fields_doc.data["fields"]}
    letters = {letter.id: letter for letter in (_letter(doc.data) for doc in documents)}
    return LetterSet(letters=letters, fields=fields)
