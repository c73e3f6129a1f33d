"""What the preview lists before download: what in a composed letter a clerk would send back (pure).

The form already refuses what cannot be true (clinic.letters.grounds); these findings are what may
be deliberate but is worth a second look: blanks left to fill by hand, a letter dated after its
deadline, a date later than the letter, the addressee named as the respondent, the higher court
named as the enforcing court, and text in another script going into the official Chinese letter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from clinic.letters.compose import LetterDocument
from clinic.letters.definitions import PLACEHOLDER, FieldDef, LetterDef
from clinic.letters.details import asked, letter_inputs
from clinic.letters.parties import NO_AGENT

#: Letters of scripts other than Chinese (Latin, Cyrillic, Arabic script as Uyghur is written).
FOREIGN_SCRIPT = re.compile(r"[A-Za-z\u0400-\u04ff\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
#: Kinds whose values are names or prose (identifiers and numbers may hold Latin letters).
PROSE_KINDS = frozenset({"name", "court", "authority", "address", "text", "longtext"})
#: The ground a letter offers for a filing made after its deadline for a reason outside the
#: person's control (顺延期限 in court, 障碍消除 in administrative reconsideration).
LATE_GROUND = "late-filing"


@dataclass(frozen=True)
class Finding:
    """One thing to check: a code, the input it is about (``about``, if any), and its parameters (ISO dates)."""

    code: str
    about: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)


def preflight(doc: LetterDocument, fields: Mapping[str, FieldDef]) -> list[Finding]:
    """Every finding for a composed letter, in the order the preview lists them."""
    values = doc.values
    findings: list[Finding] = []
    if doc.deadline is not None and doc.filing_date > doc.deadline.due:
        findings.append(_late(doc))
    findings += _input_findings(doc, fields)
    if FOREIGN_SCRIPT.search(" ".join(p.zh[0][1] for p in doc.facts if p.own_words)):
        findings.append(Finding("not-chinese", "own_account"))
    respondent = doc.letter.respondent.field if doc.letter.respondent else None
    if respondent and values.get(respondent) and values.get(respondent) == doc.addressee.zh:
        findings.append(Finding("addressee-is-respondent", respondent))
    if values.get("higher_court") and values.get("higher_court") == values.get("enforcing_court"):
        findings.append(Finding("same-court", "higher_court"))
    return findings


def _late(doc: LetterDocument) -> Finding:
    """A letter dated after its deadline: which ground, if any, asks for the lost time, and whether
    it is ticked (``late`` when the letter has no such ground)."""
    params = {"date": doc.deadline.due.isoformat() if doc.deadline else ""}
    ground = doc.letter.ground(LATE_GROUND)
    if ground is None:
        return Finding("late", params=params)
    code = "late-asked" if ground.id in doc.grounds else "late-can-ask"
    return Finding(code, "grounds", {**params, "ground": ground.label})


def printed_fields(letter: LetterDef, grounds: tuple[str, ...]) -> set[str]:
    """The fields whose value the letter prints: in its fixed paragraphs, its choices' paragraphs
    and the ticked grounds (a ground's own facts, such as a late filing's reason, are asked only
    when it is ticked)."""
    texts = [*letter.requests, *letter.facts_opening, letter.basis]
    texts += [o.paragraph for c in letter.choices for o in c.options if o.paragraph is not None]
    texts += [g.text for g in letter.grounds if g.id in grounds]
    return {name for t in texts for name in PLACEHOLDER.findall(t.zh)}


def _input_findings(doc: LetterDocument, fields: Mapping[str, FieldDef]) -> list[Finding]:
    """Per input the applicant kind gives: left blank (when the letter prints it), a date after the
    letter, another script."""
    findings: list[Finding] = []
    in_grounds = {name for g in doc.letter.grounds for name in PLACEHOLDER.findall(g.text.zh)}
    printed = printed_fields(doc.letter, doc.grounds)
    for item in letter_inputs(doc.letter, fields):
        value = doc.values.get(item.id, "")
        if not asked(item, doc.applicant_kind, doc.values) or (item.id == "agent_kind" and value in ("", NO_AGENT)):
            continue  # another kind's field, or an agent's or e-service detail nobody asked for
        if not value and item.id in in_grounds and item.id not in printed:
            continue
        if not value and item.field.kind != "choice":  # an unset choice takes its default
            findings.append(Finding("blank", item.id))
        elif item.field.kind == "date" and date.fromisoformat(value) > doc.filing_date:
            findings.append(Finding("after-letter", item.id))
        elif item.field.kind in PROSE_KINDS and FOREIGN_SCRIPT.search(value):
            findings.append(Finding("not-chinese", item.id))
    return findings
