"""Composing a letter from its definition, the person's details and the rules in force on the
filing date (pure: no Flask, no clock, no rendering).

The result holds the official letter in Simplified Chinese and, paragraph for paragraph, the
English source of the reading copy (translated by the caller). Values the person typed stay
separate segments, so that renderers can isolate them (bidi) and mark them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from clinic.catalogue import Catalogue
from clinic.catalogue.model import ArticleRef, Remedy
from clinic.deadlines import Deadline, HolidayCalendar, compute_deadline
from clinic.letters.definitions import (
    ORGANISATION_FIELDS,
    PERSON_FIELDS,
    PLACEHOLDER,
    Cite,
    FieldDef,
    LetterDef,
    Text,
)
from clinic.letters.grounds import chosen_options
from clinic.letters.numerals import article_label_zh, date_zh, ordinal_zh

Segment = tuple[str, str]  # ("text" | "law" | "value", content)
#: Content marks wording that restates the law with [[ ]]: it prints as plain text, and is kept as a
#: "law" segment so that checks can tell the law's own alternatives (或者) from the applicant's
#: statements, which must state one fact.
LAW_MARK = re.compile(r"\[\[(.*?)\]\]", re.S)
Translate = Callable[[str], str]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: the official Chinese and the English reading-copy source, as segments."""

    zh: tuple[Segment, ...]
    en: tuple[Segment, ...]
    own_words: bool = False


@dataclass(frozen=True)
class PartyLine:
    """One line of the applicant or respondent block: label and value in both languages."""

    label_zh: str
    label_en: str
    value: str


@dataclass(frozen=True)
class Citation:
    """A resolved citation: the instrument and the article in force on the filing date."""

    instrument_id: str
    title_zh: str
    title_en: str
    ref: ArticleRef


@dataclass(frozen=True)
class LetterDocument:
    """Everything the renderer prints, with nothing left to look up."""

    letter: LetterDef
    remedy: Remedy
    applicant_kind: str
    filing_date: date
    applicant: tuple[PartyLine, ...]
    respondent: Text | None
    addressee: Text
    requests: tuple[Paragraph, ...]
    facts: tuple[Paragraph, ...]
    basis: Paragraph
    attachments: tuple[Text, ...]
    citations: tuple[Citation, ...]
    deadline: Deadline | None
    deadline_start: date | None
    content_version: str
    content_hash: str
    values: Mapping[str, str] = field(default_factory=dict)
    #: The ticked grounds' ids, in the letter's order (the preview asks only for what is printed).
    grounds: tuple[str, ...] = ()


def _format(value: str, field_def: FieldDef | None, language: str) -> str:
    if field_def is not None and field_def.kind == "date" and value:
        day = date.fromisoformat(value)
        return date_zh(day) if language == "zh" else day.isoformat()
    return value


def _text_segments(text: str) -> list[Segment]:
    """Plain template text as "text" segments, with [[ ]]-marked legal wording as "law" ones."""
    segments: list[Segment] = []
    position = 0
    for match in LAW_MARK.finditer(text):
        if match.start() > position:
            segments.append(("text", text[position : match.start()]))
        segments.append(("law", match.group(1)))
        position = match.end()
    if position < len(text):
        segments.append(("text", text[position:]))
    return segments


def fill(
    template: str,
    values: Mapping[str, str],
    fields: Mapping[str, FieldDef],
    language: str,
    extra: Mapping[str, str] | None = None,
) -> tuple[Segment, ...]:
    """Split a template into text and value segments. A missing optional value prints as a blank
    line to fill by hand. ``extra`` supplies code-made values (e.g. citations) as text."""
    segments: list[Segment] = []
    position = 0
    for match in PLACEHOLDER.finditer(template):
        if match.start() > position:
            segments.extend(_text_segments(template[position : match.start()]))
        name = match.group(1)
        if extra and name in extra:
            segments.append(("text", extra[name]))
        else:
            # A value goes inside a sentence: its own closing punctuation would double the
            # template's (。。), so it is dropped.
            value = values.get(name, "").rstrip("。．.，,；;、 ")
            segments.append(
                ("value", _format(value, fields.get(name), language)) if value else ("text", "＿＿＿＿＿＿")
            )
        position = match.end()
    if position < len(template):
        segments.extend(_text_segments(template[position:]))
    return tuple(segments)


def resolve_citations(catalogue: Catalogue, cites: list[Cite], on: date) -> tuple[Citation, ...]:
    """The articles the cites resolve to on the filing date, in order, without duplicates; cites
    restricted to other filing dates are dropped."""
    seen: set[tuple[str, str | None]] = set()
    result = []
    for cite in cites:
        if not cite.applies_on(on):
            continue
        ref = catalogue.basis_in_force(cite.instrument, cite.article, on)
        if ref is None:
            continue
        key = (ref.instrument, ref.number or ref.article_key)
        if key in seen:
            continue
        seen.add(key)
        instrument = catalogue.instrument(ref.instrument)
        result.append(Citation(ref.instrument, instrument.title_zh, instrument.title_en, ref))
    return tuple(result)


def _article_order(citation: Citation) -> tuple[int, str]:
    number = citation.ref.number or ""
    digits = "".join(ch for ch in number.split("(")[0] if ch.isdigit())
    return (int(digits) if digits else 10**6, number)


def grouped_citations(citations: tuple[Citation, ...]) -> dict[str, list[Citation]]:
    """Citations grouped by instrument (first-cited instrument first), articles in numeric order."""
    groups: dict[str, list[Citation]] = {}
    for citation in citations:
        groups.setdefault(citation.instrument_id, []).append(citation)
    return {key: sorted(items, key=_article_order) for key, items in groups.items()}


def citations_zh(citations: tuple[Citation, ...]) -> str:
    """The whole citation phrase a basis sentence puts after 根据, ending as a lawyer writes it:
    《A》第四条、第十一条和《B》第二百三十六条的规定; 《A》第三条等有关规定 when some provision of A
    has no confirmed number; 《A》的有关规定 when none has. Never 有关规定的规定."""
    groups = grouped_citations(citations)
    parts = []
    numbered_only = []
    for items in groups.values():
        numbered = "、".join(article_label_zh(c.ref.number) for c in items if c.ref.number)
        unnumbered = any(c.ref.number is None for c in items)
        # A provision whose number is not confirmed is never given a guessed number.
        if numbered and unnumbered:
            parts.append(f"《{items[0].title_zh}》{numbered}等有关规定")
        elif numbered:
            parts.append(f"《{items[0].title_zh}》{numbered}")
        else:
            parts.append(f"《{items[0].title_zh}》的有关规定")
        numbered_only.append(bool(numbered) and not unnumbered)
    joined = "和".join(parts) if len(parts) <= 2 else "、".join(parts[:-1]) + "和" + parts[-1]
    return f"{joined}的规定" if numbered_only and numbered_only[-1] else joined


def citations_en(citations: tuple[Citation, ...], translate: Translate) -> str:
    """'Arts 4, 11 of <title>; Art. 236 of <title>'."""
    groups = grouped_citations(citations)
    parts = []
    for items in groups.values():
        numbers = [c.ref.number for c in items if c.ref.number]
        title = translate(items[0].title_en)
        if not numbers:
            parts.append(title)
        elif len(numbers) == 1:
            parts.append(f"Art. {numbers[0]} of {title}")
        else:
            parts.append(f"Arts {', '.join(numbers)} of {title}")
    return "; ".join(parts)


def _party_text(party_field: str | None, fixed: Text | None, values: Mapping[str, str]) -> Text:
    if fixed is not None:
        return fixed
    value = values.get(party_field or "", "")
    return Text(zh=value or "＿＿＿＿＿＿", en=value or "________")


def applicant_lines(kind: str, values: Mapping[str, str], fields: Mapping[str, FieldDef]) -> tuple[PartyLine, ...]:
    """The applicant block's lines for a person or an organisation (empty optional values skipped)."""
    names = PERSON_FIELDS if kind == "person" else ORGANISATION_FIELDS
    lines = []
    for name in names:
        value = values.get(name, "")
        if not value:
            continue
        field_def = fields.get(name)
        label_zh = field_def.zh if field_def and field_def.zh else name
        if name == "applicant_name" and kind == "organisation":
            label_zh = "名称"
        label_en = field_def.label if field_def else name
        lines.append(PartyLine(label_zh=label_zh, label_en=label_en, value=value))
    return tuple(lines)


def compose_letter(
    letter: LetterDef,
    *,
    fields: Mapping[str, FieldDef],
    catalogue: Catalogue,
    calendar: HolidayCalendar,
    applicant_kind: str,
    values: Mapping[str, str],
    grounds: list[str],
    own_account: str,
    filing_date: date,
    content_version: str,
    translate: Translate,
    describe_citations: Callable[[tuple[Citation, ...]], str] | None = None,
) -> LetterDocument:
    """Build the letter for a filing date from validated values and the ticked grounds."""
    # A follow-up letter takes the remedy of the filing it chases, so that its cover sheet gives that
    # body's answer time and the next step if it is refused.
    remedy_id = letter.remedy_for(grounds)
    if remedy_id is None:
        raise ValueError(f"letter {letter.id!r} needs a ground that names the filing it follows up")
    remedy = catalogue.remedy(remedy_id)
    ticked = [g for g in letter.grounds if g.id in grounds]
    # A choice's answer is kept in ``values`` under the choice id; the option's words fill the
    # choice's placeholder and its paragraph follows the facts opening.
    picked = chosen_options(letter, grounds, values)
    options = [o for c in letter.choices if c.id in picked for o in [c.option(picked[c.id])] if o is not None]
    cites = [*letter.always_cites, *(c for o in options for c in o.cites), *(c for g in ticked for c in g.cites)]
    citations = resolve_citations(catalogue, cites, filing_date)
    extra_zh = {"citations": citations_zh(citations)}
    reading = describe_citations(citations) if describe_citations else citations_en(citations, translate)
    extra_en = {"citations": reading}
    for choice in letter.choices:
        option = choice.option(picked.get(choice.id, ""))
        if option is not None and option.text is not None:
            extra_zh[choice.id] = option.text.zh
            extra_en[choice.id] = translate(option.text.en)

    def paragraph(text: Text, own_words: bool = False) -> Paragraph:
        return Paragraph(
            zh=fill(text.zh, values, fields, "zh", extra_zh),
            en=fill(translate(text.en), values, fields, "en", extra_en),
            own_words=own_words,
        )

    # The official letter numbers its requests 一、二、 in the text; the reading copy uses a list,
    # whose numbers the layout places correctly in right-to-left languages too.
    requests = tuple(
        Paragraph(zh=(("text", ordinal_zh(i)), *p.zh), en=p.en)
        for i, p in enumerate((paragraph(t) for t in letter.requests), start=1)
    )
    facts = [paragraph(t) for t in letter.facts_opening]
    facts += [paragraph(o.paragraph) for o in options if o.paragraph is not None]
    facts += [paragraph(g.text) for g in ticked]
    for block in (b for b in own_account.split("\n\n") if b.strip()):
        facts.append(Paragraph(zh=(("value", block.strip()),), en=(("value", block.strip()),), own_words=True))
    attachments = [
        *letter.attachments,
        *(a for o in options for a in o.attachments),
        *(a for g in ticked for a in g.attachments),
    ]
    deadline = start = None
    if remedy.filing_deadline is not None and letter.deadline_from and values.get(letter.deadline_from):
        start = date.fromisoformat(values[letter.deadline_from])
        rule = remedy.filing_deadline.period
        deadline = compute_deadline(start, rule, calendar)
    return LetterDocument(
        letter=letter,
        remedy=remedy,
        applicant_kind=applicant_kind,
        filing_date=filing_date,
        applicant=applicant_lines(applicant_kind, values, fields),
        respondent=_party_text(letter.respondent.field, letter.respondent.fixed, values) if letter.respondent else None,
        addressee=_party_text(letter.addressee.field, letter.addressee.fixed, values),
        requests=requests,
        facts=tuple(facts),
        basis=paragraph(letter.basis),
        attachments=tuple(dict.fromkeys(a for a in attachments if applicant_kind in a.applicant_kinds)),
        citations=citations,
        deadline=deadline,
        deadline_start=start,
        content_version=content_version,
        content_hash=catalogue.content_hash,
        values=dict(values),
        grounds=tuple(g.id for g in ticked),
    )
