"""Every form the service shows, as WTForms classes built from the content.

One definition per form drives parsing, checking, refilling and rendering: the question pages come
from flow.yaml, the letter forms from fields.yaml and the letter's own YAML, and the save/resume and
rules date forms are fixed classes. The checks themselves are the pure functions in
``clinic.flow.engine`` and ``clinic.letters``; the validators here only call them and turn their
problem codes into translated messages, so nothing typed ever reaches a message or a log.

The forms are plain ``wtforms.Form`` with the CSRF meta option off: Flask-WTF's ``CSRFProtect``
already checks the token of every POST before a view runs (and the bad-token refill needs that
global check), so a second per-form check would only duplicate it. Templates add the token with the
``csrf_field`` macro, as every POST form does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, Form, ValidationError
from wtforms.validators import StopValidation

from clinic import passphrase
from clinic.deadlines import HolidayCalendar
from clinic.flow.dates import UNKNOWN, iso_date, order_problem, parse_date_answer
from clinic.flow.engine import AnswerError, parse_answer
from clinic.flow.model import Question
from clinic.letters.definitions import FieldDef, LetterDef
from clinic.letters.details import (
    OWN_ACCOUNT_MAX,
    Details,
    Input,
    asked,
    check_filing_date,
    check_grounds,
    check_own_account,
    check_value,
    letter_inputs,
    raw_limit,
)
from clinic.letters.grounds import GroundProblem, chosen_options, ground_problems
from clinic.letters.validators import FieldError, check_date_parts
from clinic.web.messages import (
    ANSWER_ERRORS,
    CASEFILE_ERRORS,
    DATE_ERRORS,
    FIELD_ERRORS,
    GROUND_ERRORS,
    none_with_others,
    passphrase_too_weak,
    too_long,
)

Translate = Callable[[str], str]
MAX_VALUES = 40  # submitted values kept per input: enough for any choice list, bounded for a tampered post
DATE_PARTS = ("year", "month", "day")


class PlainForm(Form):
    """The base of every form here: CSRF is checked globally by CSRFProtect (see the module doc)."""

    class Meta:
        csrf = False


class ChoicesField(Field):
    """Radios or checkboxes. Keeps every submitted value as sent, so that the pure check decides
    (a tampered or doubled value is refused there, not silently dropped here)."""

    def __init__(
        self,
        label: str | None = None,
        validators: Sequence[Any] | None = None,
        *,
        input_type: str,
        choices: Sequence[tuple[str, str, str | None]],
        hint: str | None = None,
        summary_label: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.input_type = input_type
        self.choices = list(choices)
        self.hint = hint
        self.summary_label = summary_label
        self.cleaned = ""  # the checked value, when a letter input

    def process_data(self, value: Any) -> None:
        """Stored data: one value, a list of values, or nothing."""
        self.data = [] if value is None else [value] if isinstance(value, str) else list(value)

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Submitted data: every value, as strings, at most MAX_VALUES of them."""
        self.data = [str(v) for v in valuelist[:MAX_VALUES]]

    @property
    def anchor(self) -> str:
        """The id the error summary links to: the first choice's input."""
        return f"{self.id}-1"


class TextField(Field):
    """A one-line input whose value is kept as sent (cut to ``limit``); no cleaning here."""

    def __init__(
        self, label: str | None = None, validators: Sequence[Any] | None = None, *, limit: int = 2000, **kwargs: Any
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.limit = limit

    def process_formdata(self, valuelist: list[Any]) -> None:
        """The first value, cut to the limit."""
        self.data = str(valuelist[0])[: self.limit] if valuelist else ""

    def process_data(self, value: Any) -> None:
        """Stored data as text."""
        self.data = "" if value is None else str(value)


class DatePartsField(Field):
    """A date typed as year, month and day, in three inputs named ``<prefix>year`` etc. and with
    ids ``<id>-year`` etc. ``data`` maps each part to what was typed; ``when`` is the checked date."""

    def __init__(
        self,
        label: str | None = None,
        validators: Sequence[Any] | None = None,
        *,
        name_prefix: str | None = None,
        hint: str | None = None,
        summary_label: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.name_prefix = f"{self.name}-" if name_prefix is None else name_prefix
        self.hint = hint
        self.summary_label = summary_label
        self.when: date | None = None
        self.cleaned = ""  # the checked date as ISO text, when a letter input

    def part_name(self, part: str) -> str:
        """The form name of one part."""
        return f"{self.name_prefix}{part}"

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        """Read the three parts (cut to 10 characters each) from the post, or take stored parts."""
        self.process_errors: list[Any] = []
        self.raw_data = None
        if formdata is not None:
            self.data = {p: str(formdata.get(self.part_name(p)) or "")[:10] for p in DATE_PARTS}
        elif isinstance(data, Mapping):
            self.data = {p: str(data.get(p, "")) for p in DATE_PARTS}
        else:
            self.data = dict.fromkeys(DATE_PARTS, "")

    @property
    def anchor(self) -> str:
        """The id the error summary links to: the year input, the first one."""
        return f"{self.id}-year"

    @property
    def filled(self) -> bool:
        """Whether any part was typed."""
        return any(v.strip() for v in self.data.values())

    def named_parts(self) -> dict[str, str]:
        """The parts under their form names, as a post would carry them."""
        return {self.part_name(p): v for p, v in self.data.items()}


def error_summary(form: Form) -> list[tuple[str, str]]:
    """(message, anchor) for every field error, in page order: 'Label: message' when the field has
    a summary label. The anchor is the field's own, so the summary always links to an input."""
    items: list[tuple[str, str]] = []
    overrides: Mapping[str, list[Any]] = getattr(form, "summary_messages", {})
    for field in form:
        label = getattr(field, "summary_label", None)
        anchor = getattr(field, "anchor", field.id)
        if field.name in overrides:
            items.extend((str(message), field.id) for message in overrides[field.name])
            continue
        for message in field.errors:
            items.append((f"{label}: {message}" if label else str(message), anchor))
    return items


# --- Question pages ---------------------------------------------------------------------------


class _AnswerCheck:
    """Calls the engine's pure ``parse_answer``; keeps the parsed answer on the field."""

    def __init__(self, question: Question, translate: Translate) -> None:
        self.question = question
        self.translate = translate

    def __call__(self, form: Form, field: ChoicesField) -> None:
        try:
            field.answer = parse_answer(self.question, field.data)
        except AnswerError as problem:
            if problem.code == "none-with-others":
                label = next(
                    self.translate(c.label) for c in self.question.choices if c.id in field.data and c.exclusive
                )
                raise ValidationError(none_with_others(label)) from None
            raise ValidationError(ANSWER_ERRORS[problem.code]) from None


class QuestionForm(PlainForm):
    """A question page; the factory adds its one ``answer`` field (and, for a date, ``unknown``).

    ``today`` (for "not in the future") and ``earlier`` (the answers so far, for a date that cannot
    come before another) are passed in by the view: the checks themselves are pure functions.
    """

    answer: Any

    def __init__(
        self, *args: Any, today: date | None = None, earlier: Mapping[str, object] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or date.today()
        self.earlier = earlier or {}

    def parsed(self) -> str | list[str]:
        """The checked answer (after a successful ``validate``)."""
        value: str | list[str] = self.answer.answer
        return value


class UnknownBox(Field):
    """The "I do not know" checkbox of a date question: ticked or not."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Ticked when the box's value was posted."""
        self.data = bool(valuelist) and valuelist[0] == "yes"

    def process_data(self, value: Any) -> None:
        """Stored data: True or False."""
        self.data = bool(value)


class DateAnswerField(DatePartsField):
    """The three inputs of a date question; a stored "YYYY-MM-DD" fills them again."""

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        """As DatePartsField, and a stored ISO date is split back into its parts."""
        when = iso_date(data)
        parts = {"year": str(when.year), "month": str(when.month), "day": str(when.day)} if when else None
        super().process(formdata, parts, extra_filters)


class _DateAnswerCheck:
    """Calls the pure ``parse_date_answer`` and ``order_problem``; keeps the answer on the field."""

    def __init__(self, question: Question) -> None:
        self.question = question

    def __call__(self, form: QuestionForm, field: DateAnswerField) -> None:
        unknown = bool(form["unknown"].data)
        parts = field.data
        try:
            value = parse_date_answer(parts["year"], parts["month"], parts["day"], unknown, form.today)
        except AnswerError as problem:
            raise StopValidation(ANSWER_ERRORS[problem.code]) from None
        order = order_problem(self.question, value, form.earlier)
        if order is not None:
            raise StopValidation(ANSWER_ERRORS[order])
        field.answer = value


def question_form(question: Question, translate: Translate) -> type[QuestionForm]:
    """The form class for one question of flow.yaml: radios for ``single``, checkboxes for
    ``multiple``, day, month and year inputs with an "I do not know" box for ``date``, with the
    content's text, hint and choices translated by ``translate``."""
    if question.type == "date":
        date_field = DateAnswerField(
            translate(question.text),
            [_DateAnswerCheck(question)],
            name_prefix="answer-",
            hint=translate(question.hint) if question.hint else None,
        )
        return type(f"QuestionForm_{question.id}", (QuestionForm,), {"answer": date_field, "unknown": UnknownBox()})
    input_types = {"single": "radio", "multiple": "checkbox"}
    field = ChoicesField(
        translate(question.text),
        [_AnswerCheck(question, translate)],
        input_type=input_types[question.type],
        choices=[(c.id, translate(c.label), translate(c.hint) if c.hint else None) for c in question.choices],
        hint=translate(question.hint) if question.hint else None,
    )
    return type(f"QuestionForm_{question.id}", (QuestionForm,), {"answer": field})


def question_form_data(question: Question, answer: object) -> dict[str, object]:
    """The data that fills a question's form from its stored answer (a date's "unknown" ticks the box)."""
    if question.type == "date":
        return {"answer": answer, "unknown": answer == UNKNOWN}
    return {"answer": answer}


# --- Dates ------------------------------------------------------------------------------------


class DateCheck:
    """Calls the pure ``check_date_parts`` (one date check for the whole service: a real date,
    from 1990 on, not in the future unless allowed) and keeps the date on the field."""

    def __init__(self, messages: Mapping[str, Any], *, allow_future: bool | Callable[[Form], bool] = False) -> None:
        self.messages = messages
        self.allow_future = allow_future

    def __call__(self, form: Form, field: DatePartsField) -> None:
        allow = self.allow_future(form) if callable(self.allow_future) else self.allow_future
        today: date = getattr(form, "today", None) or date.today()
        try:
            field.when = check_date_parts(
                field.data["year"], field.data["month"], field.data["day"], today, allow_future=allow
            )
        except FieldError as problem:
            raise StopValidation(self.messages.get(problem.code, self.messages["date-invalid"])) from None


class RulesDateForm(PlainForm):
    """The rules page's date forms: 'rules in force on' (action "on": a future date is fine),
    'work out my deadline' (action "deadline") and the calendar reminder (no action): there the
    date is an event that has happened, so it cannot be in the future. ``remedy`` names the remedy.
    The page gives each date group its own ids; the inputs are named year, month and day."""

    when = DatePartsField(
        name_prefix="",
        validators=[DateCheck(DATE_ERRORS, allow_future=lambda form: form.action.data == "on")],
    )
    action = TextField(limit=20)
    remedy = TextField(limit=200)

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def error(self) -> str | None:
        """The date's problem, translated, if it has one."""
        return str(self.when.errors[0]) if self.when.errors else None


# --- Save and resume --------------------------------------------------------------------------


class _SameAs:
    def __init__(self, other: str, message: Any) -> None:
        self.other, self.message = other, message

    def __call__(self, form: Form, field: Field) -> None:
        if field.data != form[self.other].data:
            raise ValidationError(self.message)


class _StrongPassphrase:
    """A passphrase, when one is given, must be long and hard to guess: a sealed file can be
    attacked offline at about six guesses a second per core, so "1" would fall at once."""

    def __call__(self, form: Form, field: Field) -> None:
        if not field.data:
            return  # no passphrase: the file is saved unlocked, and the page says so
        strength = passphrase.estimate(field.data)
        if strength.problem == "too-short":
            raise ValidationError(str(CASEFILE_ERRORS["passphrase-too-short"]))
        if strength.problem == "too-weak":
            raise ValidationError(passphrase_too_weak(passphrase.seconds_to_guess(strength.bits)))


class SaveForm(PlainForm):
    """Save to a file: an optional passphrase, typed twice, long and hard to guess when given. The
    casefile module checks its maximum length."""

    passphrase = TextField(
        limit=4096,
        validators=[_SameAs("passphrase_again", _l("The two passphrases are not the same.")), _StrongPassphrase()],
    )
    passphrase_again = TextField(limit=4096)


class ResumeForm(PlainForm):
    """Resume from a file: the uploaded file (read in memory by the view) and its passphrase."""

    casefile = Field()
    passphrase = TextField(limit=4096)

    def upload(self) -> Any:
        """The uploaded file, or None when none was chosen."""
        data = self.casefile.raw_data
        upload = data[0] if data else None
        return upload if upload is not None and upload.filename else None


# --- Letter forms -----------------------------------------------------------------------------


class TextInputField(TextField):
    """One letter input typed as text: a line, or several (``rows``) for long text."""

    def __init__(
        self,
        label: str | None = None,
        validators: Sequence[Any] | None = None,
        *,
        hint: str | None = None,
        summary_label: str | None = None,
        rows: int = 0,
        inputmode: str | None = None,
        text_dir: str = "auto",
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.hint = hint
        self.summary_label = summary_label
        self.rows = rows
        self.inputmode = inputmode
        # "ltr" for numbers and codes, so a right-to-left page shows them in the order typed;
        # "auto" (the first letter decides) for names, addresses and free text.
        self.text_dir = text_dir
        self.cleaned = ""


class _InputCheck:
    """Calls the pure ``check_value`` for one input of the letter's definition; an input the chosen
    applicant kind does not give is not checked (and not used)."""

    def __init__(self, item: Input) -> None:
        self.item = item

    def __call__(self, form: LetterForm, field: Any) -> None:
        context = form.typed()
        if not asked(self.item, form.chosen_kind(), context):
            raise StopValidation()
        if isinstance(field, DatePartsField):
            typed = [field.data[p] for p in DATE_PARTS]
        elif isinstance(field, ChoicesField):
            typed = [field.data[0] if len(field.data) == 1 else ("" if not field.data else "\n")]
        else:
            typed = [field.data]
        try:
            field.cleaned = check_value(self.item.field, typed, form.today, self.item.required, context)
        except FieldError as problem:
            if problem.code == "too-long":
                raise StopValidation(too_long(self.item.field.max_length, own_words=False)) from None
            raise StopValidation(field_message(problem.code)) from None


class _KindCheck:
    def __init__(self, kinds: Sequence[str]) -> None:
        self.kinds = kinds

    def __call__(self, form: Form, field: ChoicesField) -> None:
        posted = field.raw_data or []  # what was sent, not the default the form shows
        if len(self.kinds) > 1 and (len(posted) != 1 or posted[0] not in self.kinds):
            raise ValidationError(FIELD_ERRORS["choose-one"])


class _OwnAccountCheck:
    def __call__(self, form: Form, field: TextInputField) -> None:
        try:
            field.cleaned = check_own_account(field.data)
        except FieldError as problem:
            if problem.code == "too-long":
                raise StopValidation(too_long(OWN_ACCOUNT_MAX, own_words=True)) from None
            raise StopValidation(field_message(problem.code)) from None


class _FilingCheck:
    def __call__(self, form: LetterForm, field: DatePartsField) -> None:
        try:
            field.when = check_filing_date([field.data[p] for p in DATE_PARTS], form.today)
        except FieldError as problem:
            raise StopValidation(field_message(problem.code)) from None


def field_message(code: str) -> Any:
    """The translated message for a letter-field problem code."""
    return FIELD_ERRORS.get(code, FIELD_ERRORS["invalid"])


class LetterForm(PlainForm):
    """A letter's details form; ``letter_form`` adds the fields. Field order is page order: the
    applicant kind, the applicant block, the letter's fields, grounds, own account, filing date."""

    letter: LetterDef
    inputs: tuple[Input, ...]
    calendar: HolidayCalendar | None
    translate: Translate
    kind: ChoicesField
    grounds: ChoicesField
    own_account: TextInputField
    filing: DatePartsField

    def __init__(self, formdata: Any = None, *, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(formdata, **kwargs)
        self.today = today or date.today()
        self.summary_messages: dict[str, list[Any]] = {}
        posted = self.kind.data
        # Whether the person has chosen who sends the letter: until then a letter with two kinds
        # shows only that choice (with nothing preselected), so that a person never sees an
        # organisation's fields.
        self.kind_chosen = len(self.letter.applicant_kinds) == 1 or (
            len(posted) == 1 and posted[0] in self.letter.applicant_kinds
        )
        self.kind.data = [self.chosen_kind()] if self.kind_chosen else []

    def chosen_kind(self) -> str:
        """The applicant kind posted, or the letter's first one when none (or a wrong one) was."""
        data = self.kind.data
        return data[0] if len(data) == 1 and data[0] in self.letter.applicant_kinds else self.letter.applicant_kinds[0]

    def input_fields(self, section: str) -> list[Any]:
        """The bound fields of one section ("applicant", "case", "party-<n>", "agent", "service"),
        in form order: only those the chosen applicant kind gives (a person never sees an
        organisation's fields)."""
        kind = self.chosen_kind()
        return [self[item.id] for item in self.inputs if item.section == section and kind in item.kinds]

    def sections(self) -> list[str]:
        """The sections this letter's form has, in page order."""
        return list(dict.fromkeys(item.section for item in self.inputs))

    def typed(self) -> dict[str, str]:
        """What was typed or chosen in each one-value input, by field id (the context the checks of
        an identity number or an agent's details need)."""
        typed: dict[str, str] = {}
        for item in self.inputs:
            data = self[item.id].data
            if isinstance(data, list):
                typed[item.id] = data[0] if len(data) == 1 else ""
            elif isinstance(data, str):
                typed[item.id] = data
        return typed

    def agent_open(self) -> bool:
        """Whether the agent section starts open: an agent was chosen, or one of its fields has a problem."""
        chosen = self.typed().get("agent_kind", "")
        return chosen not in ("", "none") or any(
            self[item.id].errors for item in self.inputs if item.section == "agent"
        )

    def choice_fields(self) -> list[Any]:
        """The bound radio groups of the letter's choices, in the letter's order."""
        return [self[choice.id] for choice in self.letter.choices]

    def _posted_choices(self) -> dict[str, str]:
        return {c.id: self[c.id].data[0] for c in self.letter.choices if len(self[c.id].data) == 1}

    def _cleaned_values(self) -> dict[str, str]:
        kind = self.chosen_kind()
        return {item.id: self[item.id].cleaned for item in self.inputs if kind in item.kinds and self[item.id].cleaned}

    def validate(self, extra_validators: Any = None) -> bool:
        """Every field's own check, then the grounds check, which needs the own account, then the
        grounds' logic (exclusive grounds, applicant kind, choices, waiting periods)."""
        valid = bool(super().validate(extra_validators))
        if self.letter.grounds and not self.own_account.errors:
            try:
                check_grounds(self.letter, self.grounds.data, self.own_account.cleaned)
            except FieldError as problem:
                self.grounds.errors = [*self.grounds.errors, field_message(problem.code)]
                valid = False
        problems = ground_problems(
            self.letter,
            kind=self.chosen_kind(),
            grounds=[g for g in self.grounds.data if self.letter.ground(g) is not None],
            choices=self._posted_choices(),
            values=self._cleaned_values(),
            filing_date=None if self.filing.errors else self.filing.when,
            calendar=self.calendar,
        )
        for found in problems:
            target = self[found.target]
            if not target.errors:  # one message per input: the first problem is the one to fix
                target.errors = [*target.errors, self._ground_message(found)]
            valid = False
        return valid

    def _ground_message(self, problem: GroundProblem) -> Any:
        """The translated message for a ground-logic problem, naming the grounds and the date."""
        from clinic.web.wording import long_date

        params = {k: self.translate(v) for k, v in problem.params.items() if k in ("ground", "other")}
        if "date" in problem.params:
            params["date"] = long_date(date.fromisoformat(problem.params["date"]))
        message = GROUND_ERRORS.get(problem.code, FIELD_ERRORS["invalid"])
        return str(message) % params if params else message

    def clear_errors(self) -> None:
        """Forget the problems (a form shown again to be edited, not checked)."""
        for field in self:
            field.errors = []

    def mark_unprintable(self, name: str, message: Any, summary: Any) -> None:
        """A field holds characters no font can print: ``message`` by the field, ``summary`` above."""
        self[name].errors = [*self[name].errors, message]
        self.summary_messages[name] = [summary]

    def details(self) -> Details:
        """The details as the letter and the case file use them (after a successful ``validate``)."""
        kind = self.chosen_kind()
        context = self.typed()
        raw: dict[str, str] = {}
        values: dict[str, str] = {}
        for item in self.inputs:
            field: Any = self[item.id]
            if isinstance(field, DatePartsField):
                raw.update(field.named_parts())
            else:
                raw[item.id] = context.get(item.id, "")
            if asked(item, kind, context) and field.cleaned:
                values[item.id] = field.cleaned
        raw["own_account"] = self.own_account.data
        raw.update(self.filing.named_parts())
        known = {g.id for g in self.letter.grounds}
        grounds = [g for g in dict.fromkeys(self.grounds.data) if g in known]
        posted = self._posted_choices()
        raw.update(posted)
        values.update(chosen_options(self.letter, grounds, posted))
        return Details(
            kind=kind,
            values=values,
            grounds=grounds,
            own_account=self.own_account.cleaned,
            filing_date=self.filing.when,
            raw=raw,
        )


def _input_field(item: Input, translate: Translate, kind: str) -> Field:
    """One input as a form field, worded for the applicant kind (an organisation's address is its
    registered address); optional inputs say so in their label."""
    wording = item.field.organisation if kind == "organisation" and item.section == "applicant" else None
    label = translate(wording.label if wording else item.field.label)
    hint_source = wording.hint if wording else item.field.hint
    shown = label if item.required else _l("%(label)s (optional)", label=label)
    validators = [_InputCheck(item)]
    if item.field.kind == "choice":
        field = ChoicesField(
            shown,
            validators,
            input_type="radio",
            choices=[(c.id, translate(c.label), None) for c in item.field.choices],
            hint=translate(hint_source) if hint_source else None,
            summary_label=label,
        )
        return field
    if item.field.kind == "date":
        hint = translate(hint_source) if hint_source else _l("For example, 2025 3 27.")
        return DatePartsField(shown, validators, hint=hint, summary_label=label)
    return TextInputField(
        shown,
        validators,
        limit=raw_limit(item.field),
        hint=translate(hint_source) if hint_source else None,
        summary_label=label,
        rows=6 if item.field.kind == "longtext" else 0,
        inputmode="tel" if item.field.kind == "phone" else "numeric" if item.field.kind == "postcode" else None,
        text_dir="ltr" if item.field.kind in LTR_KINDS else "auto",
    )


# Field kinds that are numbers or codes, always written left to right.
LTR_KINDS = frozenset({"id-number", "uscc", "phone", "case-number"})

KIND_CHOICES = {
    "person": _l("A person (me, or the person I am helping)"),
    "organisation": _l("A company or other organisation"),
}


def letter_form(
    letter: LetterDef,
    fields: Mapping[str, FieldDef],
    translate: Translate,
    calendar: HolidayCalendar | None = None,
    kind: str | None = None,
) -> type[LetterForm]:
    """The form class for one letter, from ``letter_inputs`` (fields.yaml and the letter's YAML),
    worded for the applicant kind (the letter's first kind when None). ``calendar`` counts the
    waiting periods some grounds need (None: they are not checked)."""
    inputs = letter_inputs(letter, fields)
    kind = kind if kind in letter.applicant_kinds else letter.applicant_kinds[0]
    attrs: dict[str, Any] = {
        "letter": letter,
        "inputs": inputs,
        "calendar": calendar,
        "translate": staticmethod(translate),
        "kind": ChoicesField(
            _l("Who is sending the letter?"),
            [_KindCheck(letter.applicant_kinds)],
            input_type="radio" if len(letter.applicant_kinds) > 1 else "hidden",
            choices=[(kind, KIND_CHOICES[kind], None) for kind in ("person", "organisation")],
            summary_label=_l("Who is sending the letter"),
        ),
    }
    attrs.update({item.id: _input_field(item, translate, kind) for item in inputs})
    attrs["grounds"] = ChoicesField(
        _l("Your reasons"),
        input_type="checkbox",
        choices=[(g.id, translate(g.label), None) for g in letter.grounds],
        hint=_l("Tick every reason that is true. Each adds a standard paragraph with the rule it relies on."),
        summary_label=_l("Reasons"),
    )
    for choice in letter.choices:
        attrs[choice.id] = ChoicesField(
            translate(choice.label),
            input_type="radio",
            choices=[(o.id, translate(o.label), None) for o in choice.options],
            hint=translate(choice.hint) if choice.hint else None,
            summary_label=translate(choice.label),
        )
    own_label = translate(letter.own_account_label)
    attrs["own_account"] = TextInputField(
        own_label,
        [_OwnAccountCheck()],
        limit=OWN_ACCOUNT_MAX + 100,
        hint=_l(
            "Write in Chinese if you can: it is printed in the letter exactly as you write it. Keep it short and factual."
        ),
        summary_label=own_label,
        rows=8,
    )
    attrs["filing"] = DatePartsField(
        _l("Date of the letter"),
        [_FilingCheck()],
        hint=_l("The day you will hand it in or post it. It decides which version of the rules the letter cites."),
        summary_label=_l("Date of the letter"),
    )
    return type(f"LetterForm_{letter.number}", (LetterForm,), attrs)
