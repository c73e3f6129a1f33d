"""Reading and checking the details a person gives for one letter (pure).

The form's field names: ``kind`` (person or organisation), one input per field id (dates as
``<id>-year``, ``<id>-month``, ``<id>-day``), ``grounds`` (ticked ground ids), ``own_account``, and
the filing date as ``filing-year``/``filing-month``/``filing-day``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from clinic.letters.definitions import ORGANISATION_FIELDS, PERSON_FIELDS, FieldDef, LetterDef
from clinic.letters.validators import (
    FieldError,
    check_case_number,
    check_date_parts,
    check_length,
    check_multiline,
    check_phone,
    check_resident_id,
    check_uscc,
    clean_text,
)

OWN_ACCOUNT_MAX = 3000
REQUIRED_BLOCK = {
    "person": ("applicant_name", "id_number", "address", "phone"),
    "organisation": ("applicant_name", "uscc", "legal_representative", "address", "phone"),
}
DATE_PARTS = ("year", "month", "day")

Form = Mapping[str, Sequence[str]]


@dataclass
class Details:
    """What the person gave, cleaned, and the problems found (field id -> problem code)."""

    kind: str = "person"
    values: dict[str, str] = field(default_factory=dict)
    grounds: list[str] = field(default_factory=list)
    own_account: str = ""
    filing_date: date | None = None
    errors: dict[str, str] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when there is no problem."""
        return not self.errors


def _first(form: Form, name: str, limit: int = 20000) -> str:
    values = form.get(name) or [""]
    return (values[0] or "")[:limit]


def form_fields(letter: LetterDef, kind: str) -> list[str]:
    """The field ids a letter's form asks for, applicant block first."""
    block = PERSON_FIELDS if kind == "person" else ORGANISATION_FIELDS
    return [*block, *(f for f in letter.fields if f not in block)]


def check_value(field_def: FieldDef, form: Form, today: date, required: bool) -> str:
    """Check one field's submitted value by its kind; return the cleaned value ('' if empty)."""
    if field_def.kind == "date":
        year, month, day = (_first(form, f"{field_def.id}-{p}", 10) for p in DATE_PARTS)
        if not (year + month + day).strip() and not required:
            return ""
        return check_date_parts(year, month, day, today).isoformat()
    raw = _first(form, field_def.id)
    if field_def.kind == "longtext":
        return check_length(check_multiline(raw, field_def.max_length), field_def.max_length, required)
    text = clean_text(raw)
    if not text:
        if required:
            raise FieldError("required")
        return ""
    if field_def.kind == "id-number":
        return check_resident_id(text)
    if field_def.kind == "uscc":
        return check_uscc(text)
    if field_def.kind == "phone":
        return check_phone(text)
    if field_def.kind == "case-number":
        text = check_case_number(text)
    return check_length(text, field_def.max_length, required)


def read_details(letter: LetterDef, fields: Mapping[str, FieldDef], form: Form, today: date) -> Details:
    """Read and check every field of a letter's form; every problem is reported at once."""
    details = Details()
    kind = _first(form, "kind", 20)
    details.kind = kind if kind in letter.applicant_kinds else letter.applicant_kinds[0]
    if len(letter.applicant_kinds) > 1 and kind not in letter.applicant_kinds:
        details.errors["kind"] = "choose-one"
    required_ids = set(REQUIRED_BLOCK[details.kind])
    if letter.addressee.field:
        required_ids.add(letter.addressee.field)
    required_ids.update(f for f in letter.fields if fields[f].required)
    for field_id in form_fields(letter, details.kind):
        field_def = fields[field_id]
        for name in [f"{field_id}-{p}" for p in DATE_PARTS] if field_def.kind == "date" else [field_id]:
            details.raw[name] = _first(form, name, field_def.max_length + 100)
        try:
            value = check_value(field_def, form, today, field_id in required_ids)
        except FieldError as problem:
            details.errors[field_id] = problem.code
            continue
        if value:
            details.values[field_id] = value
    known = {g.id for g in letter.grounds}
    details.grounds = [g for g in dict.fromkeys(form.get("grounds") or []) if g in known]
    details.raw["own_account"] = _first(form, "own_account", OWN_ACCOUNT_MAX + 100)
    try:
        details.own_account = check_multiline(details.raw["own_account"], OWN_ACCOUNT_MAX)
    except FieldError as problem:
        details.errors["own_account"] = problem.code
    if letter.grounds and not details.grounds and not details.own_account and "own_account" not in details.errors:
        details.errors["grounds"] = "choose-ground"
    year, month, day = (_first(form, f"filing-{p}", 10) for p in DATE_PARTS)
    for part, value in zip(DATE_PARTS, (year, month, day), strict=True):
        details.raw[f"filing-{part}"] = value
    if (year + month + day).strip():
        try:
            details.filing_date = check_date_parts(year, month, day, today, allow_future=True)
        except FieldError as problem:
            details.errors["filing"] = problem.code
    else:
        details.filing_date = today
    return details


def as_casefile_details(letter: LetterDef, details: Details) -> dict[str, str]:
    """The details as the string mapping a case file stores."""
    saved = {
        "letter": str(letter.number),
        "kind": details.kind,
        "grounds": ",".join(details.grounds),
        "own_account": details.own_account,
    }
    saved.update(details.raw)
    return {k: v for k, v in saved.items() if v}


def form_from_casefile(saved: Mapping[str, str]) -> dict[str, list[str]]:
    """Turn saved case-file details back into form values."""
    form = {k: [v] for k, v in saved.items() if k not in ("letter", "grounds")}
    form["grounds"] = [g for g in saved.get("grounds", "").split(",") if g]
    return form
