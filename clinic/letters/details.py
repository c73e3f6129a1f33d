"""Reading and checking the details a person gives for one letter (pure).

``letter_inputs`` is the one definition of a letter's inputs (which applicant kind gives which,
which are required); the web form (clinic.web.forms), ``read_details``, the case file and the
samples all iterate it. The form's names: ``kind`` (person or organisation), one input per field id
(dates as ``<id>-year``, ``<id>-month``, ``<id>-day``), ``grounds`` (ticked ground ids),
``own_account``, and the filing date as ``filing-year``/``filing-month``/``filing-day``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from clinic.deadlines import HolidayCalendar
from clinic.letters.definitions import ORGANISATION_FIELDS, PERSON_FIELDS, FieldDef, LetterDef
from clinic.letters.grounds import chosen_options, ground_problems
from clinic.letters.parties import AGENT_FIELDS, NO_AGENT, SERVICE_FIELDS
from clinic.letters.validators import (
    FieldError,
    check_case_number,
    check_date_parts,
    check_identity_document,
    check_length,
    check_multiline,
    check_party_identifier,
    check_phone,
    check_postcode,
    check_uscc,
    clean_text,
)

OWN_ACCOUNT_MAX = 3000
DATE_PARTS = ("year", "month", "day")
APPLICANT_KINDS = {"person": PERSON_FIELDS, "organisation": ORGANISATION_FIELDS}
# The applicant block in form order: every input of either kind, once, with the kinds that give it.
APPLICANT_BLOCK = tuple(
    (field_id, frozenset(kind for kind, block in APPLICANT_KINDS.items() if field_id in block))
    for field_id in dict.fromkeys([*PERSON_FIELDS, *ORGANISATION_FIELDS])
)

Form = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Input:
    """One input of a letter's form: the field, the applicant kinds asked for it, whether it is
    required, and the section it is shown in: "applicant", "agent", "case", "party-<n>" (the
    letter's n-th other party, from 1) or "service" (a court filing's electronic service). Required
    is data: the field's ``required`` in fields.yaml, or being the field that names the addressee."""

    field: FieldDef
    kinds: frozenset[str]
    required: bool
    section: str

    @property
    def id(self) -> str:
        """The field id, which is also the input's HTML id and form name (dates add -year etc.)."""
        return self.field.id

    @property
    def names(self) -> tuple[str, ...]:
        """The form names this input is posted under."""
        if self.field.kind == "date":
            return tuple(f"{self.id}-{part}" for part in DATE_PARTS)
        return (self.id,)


def is_court_filing(letter: LetterDef, fields: Mapping[str, FieldDef]) -> bool:
    """Whether the letter goes to a court (its addressee is a court field): court filings come with
    a 送达地址确认书 and ask whether documents may be served electronically."""
    field_id = letter.addressee.field
    return field_id is not None and field_id in fields and fields[field_id].kind == "court"


def letter_inputs(letter: LetterDef, fields: Mapping[str, FieldDef]) -> tuple[Input, ...]:
    """Every input of a letter's form, in form order: the applicant block (only inputs some of the
    letter's applicant kinds give), the letter's own fields, its other parties, the agent and, for
    a court filing, electronic service. The one form definition that the web form, the pure
    reader, the case file and the samples all iterate."""
    allowed = frozenset(letter.applicant_kinds)
    party_fields = {f for party in letter.other_parties for f in party.field_ids}
    inputs = [
        Input(fields[field_id], kinds & allowed, fields[field_id].required, "applicant")
        for field_id, kinds in APPLICANT_BLOCK
        if kinds & allowed and field_id not in letter.fields
    ]
    inputs += [
        Input(
            fields[field_id],
            allowed,
            fields[field_id].required or field_id == letter.addressee.field,
            "case",
        )
        for field_id in letter.fields
        if field_id not in party_fields
    ]
    for number, party in enumerate(letter.other_parties, start=1):
        inputs += [
            Input(fields[f], allowed, fields[f].required or f == letter.addressee.field, f"party-{number}")
            for f in party.field_ids
        ]
    inputs += [Input(fields[f], allowed, False, "agent") for f in AGENT_FIELDS]
    if is_court_filing(letter, fields):
        inputs += [Input(fields[f], allowed, False, "service") for f in SERVICE_FIELDS]
    return tuple(inputs)


def asked(item: Input, kind: str, typed: Mapping[str, str]) -> bool:
    """Whether an input is read for this applicant kind and these typed values: the agent's details
    only when an agent was chosen, the electronic address only when electronic service was."""
    if kind not in item.kinds:
        return False
    if item.section == "agent" and item.id != "agent_kind":
        return typed.get("agent_kind", "") not in ("", NO_AGENT)
    if item.id == "service_contact":
        return typed.get("service_consent", "") == "yes"
    return True


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


def raw_limit(field_def: FieldDef) -> int:
    """How much of a typed value is kept to check and to show again: a little over the maximum,
    so that 'too long' is still detected, and never an unbounded amount."""
    return 10 if field_def.kind == "date" else field_def.max_length + 100


def check_value(
    field_def: FieldDef,
    typed: Sequence[str],
    today: date,
    required: bool,
    context: Mapping[str, str] | None = None,
) -> str:
    """Check one input's typed value by its kind; return the cleaned value ('' if empty and optional).

    ``typed`` is (year, month, day) for a date and (text,) otherwise. ``context`` holds what was
    typed for the other inputs: a field with ``format_from`` is checked by that choice's value.
    Raises FieldError."""
    if field_def.kind == "choice":
        return _check_choice(field_def, typed[0], required)
    if field_def.kind in ("id-number", "party-id"):
        return _check_identifier(field_def, typed[0], required, (context or {}).get(field_def.format_from or "", ""))
    if field_def.kind == "date":
        year, month, day = typed
        if not (year + month + day).strip() and not required:
            return ""
        return check_date_parts(year, month, day, today, allow_future=field_def.future).isoformat()
    if field_def.kind == "longtext":
        return check_length(check_multiline(typed[0], field_def.max_length), field_def.max_length, required)
    return _check_line(field_def, typed[0], required)


def _check_choice(field_def: FieldDef, value: str, required: bool) -> str:
    """A choice: one of the field's choice ids (or nothing, when optional)."""
    value = value.strip()
    if not value:
        if required:
            raise FieldError("choose-one")
        return ""
    if value not in {c.id for c in field_def.choices}:
        raise FieldError("choose-one")
    return value


def _check_identifier(field_def: FieldDef, typed: str, required: bool, chosen: str) -> str:
    """An identity number checked by the format its ``format_from`` choice names: the applicant's
    document type, or whether another party is a person or an organisation."""
    text = clean_text(typed)
    if not text:
        if required:
            raise FieldError("required")
        return ""
    if field_def.kind == "party-id":
        return check_party_identifier(text, chosen or "person")
    return check_identity_document(text, chosen or "resident-id")


# Kinds whose value has one exact format: the format's own check decides, with no separate length check.
_FORMAT_CHECKS: Mapping[str, Callable[[str], str]] = {
    "uscc": check_uscc,
    "phone": check_phone,
    "postcode": check_postcode,
}


def _check_line(field_def: FieldDef, raw: str, required: bool) -> str:
    """A one-line value: cleaned, then checked by its kind's exact format, or else by its length
    (a case number is normalised first, since its length is only meaningful once normalised)."""
    text = clean_text(raw)
    if not text:
        if required:
            raise FieldError("required")
        return ""
    exact = _FORMAT_CHECKS.get(field_def.kind)
    if exact is not None:
        return exact(text)
    if field_def.kind == "case-number":
        text = check_case_number(text)
    return check_length(text, field_def.max_length, required)


def check_own_account(text: str) -> str:
    """The person's own words: cleaned, at most OWN_ACCOUNT_MAX characters."""
    return check_multiline(text, OWN_ACCOUNT_MAX)


def check_grounds(letter: LetterDef, grounds: Sequence[str], own_account: str) -> list[str]:
    """The ticked grounds this letter has, without repeats; a letter with grounds needs a ground
    or the person's own words (FieldError 'choose-ground')."""
    known = {g.id for g in letter.grounds}
    chosen = [g for g in dict.fromkeys(grounds) if g in known]
    if letter.grounds and not chosen and not own_account:
        raise FieldError("choose-ground")
    return chosen


def check_filing_date(typed: Sequence[str], today: date) -> date:
    """The date of the letter. It is required: the form fills in today's date, and a blank one is
    an error rather than silently becoming today. Future dates are allowed (a letter prepared
    ahead)."""
    year, month, day = typed
    return check_date_parts(year, month, day, today, allow_future=True)


def read_details(
    letter: LetterDef,
    fields: Mapping[str, FieldDef],
    form: Form,
    today: date,
    calendar: HolidayCalendar | None = None,
) -> Details:
    """Read and check every input of a letter's form without the web layer (the CLI and the
    benchmarks use it); every problem is reported at once. The web form runs the same checks, per
    input, as WTForms validators. Without a ``calendar`` the waiting periods are not checked."""
    details = Details()
    _read_kind(details, letter, form)
    _read_inputs(details, letter, fields, form, today)
    _read_own_words(details, letter, form)
    _read_filing_date(details, form, today)
    _read_choices(details, letter, form, calendar)
    return details


def _read_choices(details: Details, letter: LetterDef, form: Form, calendar: HolidayCalendar | None) -> None:
    """The choices' answers (kept under the choice id in ``values``), then the grounds' logic
    (clinic.letters.grounds), whose first problem per input is reported."""
    posted = {c.id: _first(form, c.id, 40) for c in letter.choices}
    details.raw.update({k: v for k, v in posted.items() if v})
    details.values.update(chosen_options(letter, details.grounds, posted))
    problems = ground_problems(
        letter,
        kind=details.kind,
        grounds=details.grounds,
        choices={k: v for k, v in posted.items() if v},
        values=details.values,
        filing_date=details.filing_date,
        calendar=calendar,
    )
    for problem in problems:
        details.errors.setdefault(problem.target, problem.code)


def _read_kind(details: Details, letter: LetterDef, form: Form) -> None:
    """The applicant kind, first: it decides which inputs are read. An unknown kind falls back to the
    letter's first, and is an error only where the person had a choice to make."""
    kind = _first(form, "kind", 20)
    details.kind = kind if kind in letter.applicant_kinds else letter.applicant_kinds[0]
    if len(letter.applicant_kinds) > 1 and kind not in letter.applicant_kinds:
        details.errors["kind"] = "choose-one"


def _read_inputs(details: Details, letter: LetterDef, fields: Mapping[str, FieldDef], form: Form, today: date) -> None:
    """Every input the chosen kind gives, checked; every input's typed text is kept to show again."""
    inputs = letter_inputs(letter, fields)
    typed_by_name = {name: _first(form, name, raw_limit(item.field)) for item in inputs for name in item.names}
    details.raw.update(typed_by_name)
    for item in inputs:
        if not asked(item, details.kind, typed_by_name):
            continue
        typed = [typed_by_name[name] for name in item.names]
        try:
            value = check_value(item.field, typed, today, item.required, typed_by_name)
        except FieldError as problem:
            details.errors[item.id] = problem.code
            continue
        if value:
            details.values[item.id] = value


def _read_own_words(details: Details, letter: LetterDef, form: Form) -> None:
    """The person's own account, then the ticked grounds, which may be empty only if there is an
    account (so a broken account is reported instead of 'choose a ground')."""
    details.raw["own_account"] = _first(form, "own_account", OWN_ACCOUNT_MAX + 100)
    try:
        details.own_account = check_own_account(details.raw["own_account"])
    except FieldError as problem:
        details.errors["own_account"] = problem.code
    try:
        details.grounds = check_grounds(letter, form.get("grounds") or [], details.own_account)
    except FieldError as problem:
        if "own_account" not in details.errors:
            details.errors["grounds"] = problem.code


def _read_filing_date(details: Details, form: Form, today: date) -> None:
    """The date of the letter, kept as typed and checked."""
    filing = [_first(form, f"filing-{part}", 10) for part in DATE_PARTS]
    details.raw.update({f"filing-{part}": value for part, value in zip(DATE_PARTS, filing, strict=True)})
    try:
        details.filing_date = check_filing_date(filing, today)
    except FieldError as problem:
        details.errors["filing"] = problem.code


def as_form_data(details: Details) -> dict[str, list[str]]:
    """The details as the form values that give them back: what was typed, the kind and the ticked
    grounds. The preview's hidden fields and the case file are both made from this."""
    form = {name: [value] for name, value in details.raw.items() if value}
    form["kind"] = [details.kind]
    form["grounds"] = list(details.grounds)
    return form


def as_casefile_details(letter: LetterDef, details: Details) -> dict[str, str]:
    """The details as the string mapping a case file stores (the form data, grounds joined)."""
    saved = {"letter": str(letter.number)}
    saved.update({name: ",".join(values) for name, values in as_form_data(details).items()})
    return {k: v for k, v in saved.items() if v}


def form_from_casefile(saved: Mapping[str, str]) -> dict[str, list[str]]:
    """Turn saved case-file details back into form values (the inverse of as_casefile_details)."""
    form = {k: [v] for k, v in saved.items() if k not in ("letter", "grounds")}
    form["grounds"] = [g for g in saved.get("grounds", "").split(",") if g]
    return form
