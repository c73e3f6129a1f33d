"""What can follow a letter, from the same details (pure: no Flask, no clock).

A person who has filed a letter comes back with their saved case file, or reads "what to do next"
after the download. Two things can happen: the body does not answer within the time the rule sets,
and then a chasing letter (催办函) asks it to; or it refuses, and then the remedy's
``next_if_refused`` is the next step. Each follow-up carries the form data that opens the next
letter's form already filled with what the two letters share (the applicant, the agent, the court,
the case number: the inputs both forms have by id), so that nothing is typed twice; a chasing
letter also gets the earlier filing's title, date and addressee. The web layer posts that data to
the form (nothing is stored on the server and nothing goes into a URL).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from clinic.catalogue import Catalogue, Remedy
from clinic.deadlines import HolidayCalendar
from clinic.letters.definitions import FieldDef, Ground, LetterDef, LetterSet
from clinic.letters.details import DATE_PARTS, letter_inputs
from clinic.letters.grounds import earliest_day

Form = Mapping[str, Sequence[str]]
#: The chasing letter's inputs for the earlier filing, filled from the first letter.
EARLIER_ADDRESSEE = "earlier_addressee"
EARLIER_TITLE = "earlier_filing_title"
EARLIER_DATE = "earlier_filing_date"
#: The chasing letter's choice of how it addresses the body, and its options.
REPLY_BODY = "reply_body"


@dataclass(frozen=True)
class FollowUp:
    """One next letter: ``kind`` is "chase" (no answer in time) or "refused"; ``letter`` the letter
    it opens; ``remedy`` the remedy whose filing it chases or that comes next; ``form`` the form
    data that fills it; ``no_answer_by`` the last day of the answer time (chase only: from the next
    day the chasing letter can be dated)."""

    kind: str
    letter: LetterDef
    remedy: Remedy
    form: dict[str, list[str]]
    no_answer_by: date | None = None


def filing_date(form: Form) -> date | None:
    """The first letter's date, from its form data (None when it is missing or not a date)."""
    try:
        return date(*(int(form.get(f"filing-{part}", [""])[0]) for part in DATE_PARTS))
    except (ValueError, IndexError, TypeError):
        return None


def shared_form(
    first: LetterDef, target: LetterDef, form: Form, fields: Mapping[str, FieldDef]
) -> dict[str, list[str]]:
    """The values of every input the target letter's form shares by id with the first letter's,
    and the applicant kind when the target allows it; nothing else (no grounds, no own words)."""
    mine = {item.id: item for item in letter_inputs(first, fields)}
    shared: dict[str, list[str]] = {}
    for item in letter_inputs(target, fields):
        if item.id in mine and mine[item.id].field.kind == item.field.kind:
            shared.update({name: list(form[name]) for name in item.names if form.get(name)})
    kind = list(form.get("kind", []))
    if len(kind) == 1 and kind[0] in target.applicant_kinds:
        shared["kind"] = kind
    return shared


def _addressee(letter: LetterDef, form: Form) -> str:
    """The body the first letter went to, as the letter printed it."""
    if letter.addressee.field is not None:
        return next(iter(form.get(letter.addressee.field, [])), "")
    return letter.addressee.fixed.zh if letter.addressee.fixed is not None else ""


def _is_court(letter: LetterDef, fields: Mapping[str, FieldDef]) -> bool:
    field_id = letter.addressee.field
    return field_id is not None and field_id in fields and fields[field_id].kind == "court"


def chasing_letter(letters: LetterSet, remedy_id: str) -> LetterDef | None:
    """The follow-up letter that can chase this remedy's filing, or None."""
    found = _chasing(letters, remedy_id)
    return found[0] if found else None


def chase_data(letter: LetterDef, remedy: Remedy, filed: date | None, letters: LetterSet) -> dict[str, object]:
    """The chasing letter's form data (in the WTForms ``data`` shape) for a filing of this remedy
    told in the journey, made on ``filed`` (None: not known): the ground that chases it, the way the
    letter addresses the body that ground allows, the earlier filing's title and its date."""
    ground = next((g for g in letter.grounds if g.chases == remedy.id), None)
    if ground is None:
        return {}
    data: dict[str, object] = {"grounds": [ground.id]}
    for choice, allowed in ground.only_with.items():
        if len(allowed) == 1:
            data[choice] = list(allowed)
    first = letters.letters.get(remedy.letter) if remedy.letter else None
    if first is not None:
        data[EARLIER_TITLE] = first.title_zh
    if filed is not None:
        data[EARLIER_DATE] = {part: str(getattr(filed, part)) for part in DATE_PARTS}
    return data


def _chasing(letters: LetterSet, remedy_id: str) -> tuple[LetterDef, Ground] | None:
    """A follow-up letter with a ground that chases this remedy's filing, and that ground."""
    for letter in letters.ordered():
        if letter.remedy is None:
            for ground in letter.grounds:
                if ground.chases == remedy_id:
                    return letter, ground
    return None


def chase(
    first: LetterDef, form: Form, letters: LetterSet, catalogue: Catalogue, calendar: HolidayCalendar
) -> FollowUp | None:
    """The chasing letter for the first letter's filing, filled; None when the first letter is
    itself a follow-up, its date is unknown, or no chasing ground covers its remedy."""
    filed = filing_date(form)
    if first.remedy is None or filed is None:
        return None
    found = _chasing(letters, first.remedy)
    if found is None:
        return None
    letter, ground = found
    data = shared_form(first, letter, form, letters.fields)
    data[EARLIER_TITLE] = [first.title_zh]
    data.update({f"{EARLIER_DATE}-{part}": [str(getattr(filed, part))] for part in DATE_PARTS})
    addressee = _addressee(first, form)
    if addressee:
        data[EARLIER_ADDRESSEE] = [addressee]
    court = _is_court(first, letters.fields)
    options = {o.id for c in letter.choices if c.id == REPLY_BODY for o in c.options}
    if options:
        data[REPLY_BODY] = ["court" if court else "organisation"]
    if all(data.get(choice, [""])[0] in allowed for choice, allowed in ground.only_with.items()):
        data["grounds"] = [ground.id]
    last_day = None
    if ground.waits is not None:
        try:
            last_day = earliest_day(ground.waits, filed, calendar) - timedelta(days=1)
        except OverflowError:  # a year near 9999 typed into the first letter: say no date
            last_day = None
    return FollowUp("chase", letter, catalogue.remedy(first.remedy), data, last_day)


def refused(
    first: LetterDef, grounds: Sequence[str], form: Form, letters: LetterSet, catalogue: Catalogue
) -> FollowUp | None:
    """The next remedy's letter if the filing is refused, filled with what the letters share;
    None when the remedy names no next step or the next step has no letter."""
    remedy_id = first.remedy_for(grounds)
    if remedy_id is None:
        return None
    next_id = catalogue.remedy(remedy_id).next_if_refused
    if next_id is None:
        return None
    remedy = catalogue.remedy(next_id)
    letter = letters.letters.get(remedy.letter) if remedy.letter else None
    if letter is None:
        return None
    return FollowUp("refused", letter, remedy, shared_form(first, letter, form, letters.fields))


def follow_ups(
    first: LetterDef, form: Form, letters: LetterSet, catalogue: Catalogue, calendar: HolidayCalendar
) -> list[FollowUp]:
    """Both follow-ups of a letter that exist: the chasing letter, then the next step if refused."""
    grounds = list(form.get("grounds", []))
    found = [chase(first, form, letters, catalogue, calendar), refused(first, grounds, form, letters, catalogue)]
    return [f for f in found if f is not None]
