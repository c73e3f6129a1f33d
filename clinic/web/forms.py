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

from clinic.flow.engine import AnswerError, parse_answer
from clinic.flow.model import Question
from clinic.letters.validators import FieldError, check_date_parts
from clinic.web.messages import ANSWER_ERRORS, DATE_ERRORS

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

    def part_name(self, part: str) -> str:
        """The form name of one part."""
        return f"{self.name_prefix}{part}"

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        """Read the three parts (cut to 10 characters each) from the post, or take stored parts."""
        self.process_errors = []
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
    items = []
    for field in form:
        label = getattr(field, "summary_label", None)
        anchor = getattr(field, "anchor", field.id)
        for message in field.errors:
            items.append((f"{label}: {message}" if label else str(message), anchor))
    return items


# --- Question pages ---------------------------------------------------------------------------


class _AnswerCheck:
    """Calls the engine's pure ``parse_answer``; keeps the parsed answer on the field."""

    def __init__(self, question: Question) -> None:
        self.question = question

    def __call__(self, form: Form, field: ChoicesField) -> None:
        try:
            field.answer = parse_answer(self.question, field.data)
        except AnswerError as problem:
            raise ValidationError(ANSWER_ERRORS[problem.code]) from None


class QuestionForm(PlainForm):
    """A question page; the factory adds its one ``answer`` field."""

    answer: ChoicesField

    def parsed(self) -> str | list[str]:
        """The checked answer (after a successful ``validate``)."""
        value: str | list[str] = self.answer.answer  # type: ignore[attr-defined]
        return value


def question_form(question: Question, translate: Translate) -> type[QuestionForm]:
    """The form class for one question of flow.yaml: radios for ``single``, checkboxes for
    ``multiple``, with the content's text, hint and choices translated by ``translate``."""
    input_types = {"single": "radio", "multiple": "checkbox"}
    field = ChoicesField(
        translate(question.text),
        [_AnswerCheck(question)],
        input_type=input_types[question.type],
        choices=[(c.id, translate(c.label), translate(c.hint) if c.hint else None) for c in question.choices],
        hint=translate(question.hint) if question.hint else None,
    )
    return type(f"QuestionForm_{question.id}", (QuestionForm,), {"answer": field})


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
    """The rules page's date forms: 'rules in force on' (future allowed) and 'work out my deadline'
    (the event cannot be in the future). ``action`` and ``remedy`` are hidden inputs."""

    date = DatePartsField(
        name_prefix="",
        validators=[DateCheck(DATE_ERRORS, allow_future=lambda form: form.action.data != "deadline")],
    )
    action = Field()
    remedy = Field()

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today


# --- Save and resume --------------------------------------------------------------------------


class _SameAs:
    def __init__(self, other: str, message: Any) -> None:
        self.other, self.message = other, message

    def __call__(self, form: Form, field: Field) -> None:
        if field.data != form[self.other].data:
            raise ValidationError(self.message)


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


class SaveForm(PlainForm):
    """Save to a file: an optional passphrase, typed twice. The casefile module checks its length."""

    passphrase = TextField(
        limit=4096, validators=[_SameAs("passphrase_again", _l("The two passphrases are not the same."))]
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
        return upload if upload is not None and getattr(upload, "filename", "") else None
