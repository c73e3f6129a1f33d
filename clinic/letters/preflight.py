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
from clinic.letters.definitions import FieldDef
from clinic.letters.details import letter_inputs

#: Letters of scripts other than Chinese (Latin, Cyrillic, Arabic script as Uyghur is written).
FOREIGN_SCRIPT = re.compile(r"[A-Za-z\u0400-\u04ff\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
#: Kinds whose values are names or prose (identifiers and numbers may hold Latin letters).
PROSE_KINDS = frozenset({"name", "court", "authority", "address", "text", "longtext"})


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
        findings.append(Finding("late", params={"date": doc.deadline.due.isoformat()}))
    findings += _input_findings(doc, fields)
    if FOREIGN_SCRIPT.search(" ".join(p.zh[0][1] for p in doc.facts if p.own_words)):
        findings.append(Finding("not-chinese", "own_account"))
    respondent = doc.letter.respondent.field if doc.letter.respondent else None
    if respondent and values.get(respondent) and values.get(respondent) == doc.addressee.zh:
        findings.append(Finding("addressee-is-respondent", respondent))
    if values.get("higher_court") and values.get("higher_court") == values.get("enforcing_court"):
        findings.append(Finding("same-court", "higher_court"))
    return findings


def _input_findings(doc: LetterDocument, fields: Mapping[str, FieldDef]) -> list[Finding]:
    """Per input the applicant kind gives: left blank, a date after the letter, another script."""
    findings: list[Finding] = []
    for item in letter_inputs(doc.letter, fields):
        value = doc.values.get(item.id, "")
        if doc.applicant_kind not in item.kinds:
            continue
        if not value:
            findings.append(Finding("blank", item.id))
        elif item.field.kind == "date" and date.fromisoformat(value) > doc.filing_date:
            findings.append(Finding("after-letter", item.id))
        elif item.field.kind in PROSE_KINDS and FOREIGN_SCRIPT.search(value):
            findings.append(Finding("not-chinese", item.id))
    return findings
