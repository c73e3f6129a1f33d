"""The letter pack: the official letter composed in the reader's language, plus what the reading copy
and the cover sheet print (deadline wording, citations, the next step, who runs the service).

Pure: the caller passes the wording functions of the reader's language (gettext, ngettext, the
translation of content strings, the labels of content enumerations), so the web view, the
``letters render`` command and the render benchmark build the same pack without Flask.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from babel.lists import format_list as babel_format_list

from clinic.catalogue.model import ArticleRef, Period
from clinic.deadlines.strip import calendar_strip
from clinic.i18n import LocaleInfo
from clinic.letters import parties
from clinic.letters.compose import Citation, LetterDocument, Paragraph, compose_letter, grouped_citations
from clinic.letters.definitions import PLACEHOLDER, Text
from clinic.letters.details import is_court_filing
from clinic.letters.numerals import date_zh
from clinic.letters.preflight import Finding, preflight

if TYPE_CHECKING:
    from clinic.bundle import Content
    from clinic.letters.definitions import LetterDef
    from clinic.letters.details import Details

# The content enumerations whose values the cover sheet names (the label lookup's first argument).
RUNS_FROM = "runs_from"
COUNTING_RULE = "counting_rule"
VERIFICATION = "verification"


@dataclass(frozen=True)
class Wording:
    """The reader's language, as functions: ``gettext(msgid, **values)`` and
    ``ngettext(singular, plural, n, **values)`` format their placeholders like Flask-Babel's
    (ngettext offers ``n`` as ``%(num)d``);
    ``content_text`` translates a content string without formatting it (content may contain '%');
    ``label(enum, value)`` names a content enumeration value (``RUNS_FROM``, ``COUNTING_RULE``,
    ``VERIFICATION``); ``locale`` is the Babel locale id used to join lists."""

    locale: str
    gettext: Callable[..., str]
    ngettext: Callable[..., str]
    content_text: Callable[[str], str]
    label: Callable[[str, str], str]


def format_list(items: list[str], words: Wording) -> str:
    """Join items the way the reader's language does ('4, 5 and 11'; '4、5和11')."""
    return str(babel_format_list(items, locale=words.locale))


def describe_period(period: Period, words: Wording) -> str:
    """'10 days', '5 working days', '3 months', '1 year' in the reader's language."""
    count = period.count
    if period.unit == "working_days":
        return words.ngettext("%(num)d working day", "%(num)d working days", count)
    if period.unit == "months":
        return words.ngettext("%(num)d month", "%(num)d months", count)
    if period.unit == "years":
        return words.ngettext("%(num)d year", "%(num)d years", count)
    return words.ngettext("%(num)d day", "%(num)d days", count)


def article_label(ref: ArticleRef | None, words: Wording) -> str:
    """'Article 236' (or item, paragraph); an unknown number says so rather than guessing."""
    if ref is None:
        return words.gettext("no article in force on that date")
    if ref.number is None:
        return words.gettext("article number not confirmed")
    if ref.unit == "item":
        return words.gettext("item %(number)s", number=ref.number)
    if ref.unit == "paragraph":
        return words.gettext("paragraph %(number)s", number=ref.number)
    return words.gettext("Article %(number)s", number=ref.number)


def describe_citations(citations: tuple[Citation, ...], words: Wording) -> str:
    """The citations in the reader's language: 'Articles 4, 11 and 12 of <title>; ...'. A provision
    whose number is not confirmed is not listed one by one (the reader would see 'article number not
    confirmed' repeated): the instrument reads 'Article 3 and other relevant provisions of <title>',
    or 'the relevant provisions of <title>' when no number is confirmed."""
    parts = []
    for items in grouped_citations(citations).values():
        title = words.content_text(items[0].title_en)
        numbers = [c.ref.number for c in items if c.ref.number and c.ref.unit == "article"]
        labels = []
        if numbers:
            labels.append(
                words.ngettext(
                    "Article %(numbers)s", "Articles %(numbers)s", len(numbers), numbers=format_list(numbers, words)
                )
            )
        labels.extend(article_label(c.ref, words) for c in items if c.ref.number and c.ref.unit != "article")
        unnumbered = any(c.ref.number is None for c in items)
        if not labels:
            parts.append(words.gettext("the relevant provisions of %(title)s", title=title))
        elif unnumbered:
            parts.append(
                words.gettext(
                    "%(articles)s and other relevant provisions of %(title)s",
                    articles=format_list(labels, words),
                    title=title,
                )
            )
        else:
            parts.append(words.gettext("%(articles)s of %(title)s", articles=format_list(labels, words), title=title))
    return "; ".join(parts)


def compose_document(letter: LetterDef, details: Details, content: Content, words: Wording) -> LetterDocument:
    """The letter for checked details (``details.ok``), its English lines in the reader's language."""
    if details.filing_date is None:
        raise ValueError("compose_document needs checked details (with a filing date)")
    return compose_letter(
        letter,
        fields=content.letters.fields,
        catalogue=content.catalogue,
        calendar=content.calendar,
        applicant_kind=details.kind,
        values=details.values,
        grounds=details.grounds,
        own_account=details.own_account,
        filing_date=details.filing_date,
        content_version=content.version,
        translate=words.content_text,
        describe_citations=lambda citations: describe_citations(citations, words),
    )


def cover_facts(doc: LetterDocument, content: Content, words: Wording) -> dict[str, Any]:
    """What the cover sheet prints: the deadline and how it is counted, the answer time, the next
    step if the letter is refused, how well the rules are checked, every provision cited, and the
    channels the letter is filed through (with the label an unverified step is printed with)."""
    remedy = doc.remedy
    next_remedy = content.catalogue.remedy(remedy.next_if_refused) if remedy.next_if_refused else None
    rule = remedy.filing_deadline
    next_rule = next_remedy.filing_deadline if next_remedy else None
    channels = content.channels.for_remedy(remedy.id)
    deadline = doc.deadline
    # The same picture as the result page, from the letter's date to the deadline (none once the
    # deadline has passed: the cover says it is late instead).
    strip = None
    if deadline is not None and doc.filing_date <= deadline.due:
        strip = calendar_strip(doc.filing_date, deadline, content.calendar, words.locale)
    return {
        "deadline": doc.deadline,
        "strip": strip,
        "due_text": format_date(deadline.due, format="full", locale=words.locale) if deadline else "",
        "safe_text": (
            format_date(deadline.safe_date, format="full", locale=words.locale)
            if deadline and deadline.safe_date
            else ""
        ),
        "period_text": describe_period(rule.period, words) if rule else "",
        "runs_from_text": words.label(RUNS_FROM, rule.runs_from) if rule and rule.runs_from else "",
        "rule_text": words.label(COUNTING_RULE, doc.deadline.rule) if doc.deadline else "",
        "response_text": describe_period(remedy.response_time.period, words) if remedy.response_time else "",
        "next": next_remedy,
        "next_period_text": describe_period(next_rule.period, words) if next_rule else "",
        "next_runs_from_text": words.label(RUNS_FROM, next_rule.runs_from) if next_rule and next_rule.runs_from else "",
        "verification_text": words.label(VERIFICATION, doc.letter.verification),
        "citations": [
            (c, article_label(c.ref, words)) for items in grouped_citations(doc.citations).values() for c in items
        ],
        "channels": channels,
        "unverified_text": words.label(VERIFICATION, "unverified"),
        "channels_unverified": any(s.verification == "unverified" for c in channels for s in c.steps),
    }


def _finding_text(finding: Finding, content: Content, words: Wording, own_label: str) -> str:
    """One preview finding as a sentence in the reader's language, naming the field as the form does."""
    field_def = content.letters.fields.get(finding.about or "")
    label = words.content_text(field_def.label) if field_def else own_label
    if finding.code == "late":
        day = format_date(date.fromisoformat(finding.params["date"]), format="long", locale=words.locale)
        return words.gettext(
            "The deadline for this letter was %(date)s, and the letter is dated later: it may be refused as "
            "late. If something outside your control stopped you, say what it was and when it ended in your "
            "own words, and attach proof; otherwise check the cover sheet for the next step.",
            date=day,
        )
    if finding.code in ("late-asked", "late-can-ask"):
        day = format_date(date.fromisoformat(finding.params["date"]), format="long", locale=words.locale)
        ground = words.content_text(finding.params["ground"])
        if finding.code == "late-asked":
            return words.gettext(
                "The deadline for this letter was %(date)s, and the letter is dated later. You ticked "
                "“%(ground)s”: give the reason and the day the obstacle ended, and attach proof of both.",
                date=day,
                ground=ground,
            )
        return words.gettext(
            "The deadline for this letter was %(date)s, and the letter is dated later: it may be refused as "
            "late. If something outside your control stopped you, tick “%(ground)s” and give the reason and "
            "the day the obstacle ended; otherwise check the cover sheet for the next step.",
            date=day,
            ground=ground,
        )
    if finding.code == "blank":
        return words.gettext(
            "%(field)s is empty: it is printed as a blank line to fill in by hand before you hand the letter in.",
            field=label,
        )
    if finding.code == "after-letter":
        return words.gettext("%(field)s is later than the date of the letter. Check both dates.", field=label)
    if finding.code == "not-chinese":
        return words.gettext(
            "%(field)s is not in Chinese, but it goes into the Chinese letter as you typed it. Write names as "
            "they appear in Chinese on the identity card. A court in an ethnic autonomous area may also accept "
            "a letter in your own language: ask it.",
            field=label,
        )
    if finding.code == "addressee-is-respondent":
        return words.gettext(
            "%(field)s is the same as the body the letter is addressed to. The reconsideration body is a "
            "different one: check which.",
            field=label,
        )
    return words.gettext(
        "%(field)s is the same as the enforcing court. A reconsideration goes to the court one level higher: "
        "check its name.",
        field=label,
    )


def preview_checks(doc: LetterDocument, content: Content, words: Wording) -> list[str]:
    """What the preview lists before download (clinic.letters.preflight), in the reader's language."""
    own_label = words.content_text(doc.letter.own_account_label)
    return [_finding_text(f, content, words, own_label) for f in preflight(doc, content.letters.fields)]


@dataclass(frozen=True)
class Evidence:
    """One row of the 证据清单: its number (附件N in the letter), name, and what it proves; the
    source and the page count are left for the person to write in."""

    number: int
    name: Text
    proves_zh: str


def ticked_grounds(doc: LetterDocument) -> list[str]:
    """The ground ids whose paragraphs the letter prints, in order (read back from the composed
    facts, for callers that do not pass the ticked grounds)."""
    printed = {_plain(p) for p in doc.facts if not p.own_words}
    return [g.id for g in doc.letter.grounds if _template_plain(g.text.zh) in printed]


def _plain(paragraph: Paragraph) -> str:
    return "".join(text for kind, text in paragraph.zh if kind == "text").replace(parties.BLANK, "")


def _template_plain(template: str) -> str:
    return PLACEHOLDER.sub("", template)


def evidence_list(doc: LetterDocument, grounds: Sequence[str]) -> tuple[Evidence, ...]:
    """The 证据清单 built from the letter's attachments and those of the grounds ticked, numbered as
    the letter's 附件1…N. An attachment a ground asks for proves the facts of that ground's
    paragraph (counted as printed under 事实与理由); the letter's own attachments prove the facts
    the application rests on."""
    opening = len(doc.letter.facts_opening)
    ticked = [g for g in doc.letter.grounds if g.id in grounds]
    purpose: dict[Text, str] = {}
    for position, ground in enumerate(ticked, start=opening + 1):
        for attachment in ground.attachments:
            purpose.setdefault(attachment, f"证明事实与理由部分第{position}段所述事实")
    rows = []
    for number, item in enumerate(doc.attachments, start=1):
        proves = purpose.get(item, "证明申请人的身份及本申请所依据的基本事实")
        rows.append(Evidence(number, item, proves))
    return tuple(rows)


def filing_parties(doc: LetterDocument, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The party blocks, the agent, the signature lines and which companion documents the pack
    holds: a 授权委托书 when there is an agent, a 法定代表人身份证明书 (or 负责人身份证明书) for an
    organisation, a 送达地址确认书 for a court filing."""
    letter = doc.letter
    role = letter.applicant_role
    values = doc.values
    agent = parties.agent(role.zh, values, fields)
    others = parties.other_blocks(letter.other_parties, values, fields)
    respondent_field = letter.respondent.field if letter.respondent else None
    return {
        "applicant": parties.applicant_block(role.zh, role.en, doc.applicant_kind, values, fields),
        "agent": agent,
        "others": others,
        # A party block that names the respondent replaces the respondent line.
        "respondent_line": doc.respondent is not None
        and not any(p.name == respondent_field for p in letter.other_parties),
        "signatures": parties.signature_lines(role.zh, doc.applicant_kind, values, fields, agent is not None),
        "representative": parties.representative_title(values, fields) if doc.applicant_kind == "organisation" else "",
        "court_filing": is_court_filing(letter, fields),
        "service_consent": values.get("service_consent", ""),
        "service_contact": values.get("service_contact", ""),
    }


def organisation(config: Mapping[str, Any]) -> dict[str, str]:
    """The organisation's name, contact and address from the settings (CLINIC_ORG_*), for the cover."""
    return {key: str(config[f"CLINIC_ORG_{key.upper()}"]) for key in ("name", "contact", "address")}


def pack_context(
    doc: LetterDocument,
    content: Content,
    words: Wording,
    reading: LocaleInfo | None,
    org: Mapping[str, str],
    grounds: Sequence[str] | None = None,
) -> dict[str, Any]:
    """What the PDF and preview templates need: the letter, the reading copy's locale (None: no
    reading copy), the cover sheet facts, the filing date in Chinese, the organisation's details
    (name, contact, address; empty strings are not printed), the party blocks and the evidence
    list (from the ticked ``grounds``; read back from the letter when not given), what the preview
    lists to check (``checks``) and, for a letter dated after its deadline, the warning the cover
    sheet prints."""
    chosen = ticked_grounds(doc) if grounds is None else grounds
    checks = preview_checks(doc, content, words)
    late = doc.deadline is not None and doc.filing_date > doc.deadline.due  # then it is checks[0]
    return {
        "doc": doc,
        "reading": reading,
        "cover": cover_facts(doc, content, words),
        "filing_date_zh": date_zh(doc.filing_date),
        "org": dict(org),
        "checks": checks,
        "late_text": checks[0] if late else "",
        "parties": filing_parties(doc, content.letters.fields),
        "evidence": evidence_list(doc, chosen),
    }
