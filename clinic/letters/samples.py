"""Sample details for every letter, for review renders and tests (pure; obviously fictional data)."""

from __future__ import annotations

from collections.abc import Mapping

from clinic.letters.definitions import FieldDef, LetterDef
from clinic.letters.details import Input, letter_inputs

SAMPLE_BY_KIND = {
    "name": "张喆堃",
    "court": "北京市朝阳区人民法院",
    "authority": "北京市朝阳区市场监督管理局",
    "case-number": "（2024）京0105执1234号",
    "phone": "13800138000",
    "address": "北京市朝阳区建国路1号",
    "id-number": "11010519491231002X",
    "uscc": "91350100M000100Y43",
    "party-id": "11010519491231002X",
    "postcode": "100020",
    "text": "示例内容",
    "longtext": "示例说明：相关事实见所附材料。",
}
SAMPLE_DATE = ("2026", "10", "8")
EARLY_DATE = ("2025", "10", "8")
AGENT_TERM_END = ("2027", "10", "8")
# The agent variant: a legal-aid lawyer files for the applicant with special authority.
SAMPLE_AGENT = {
    "agent_kind": "lawyer",
    "agent_name": "李明远",
    "agent_unit": "北京市示例律师事务所",
    "agent_id_number": "110105198001010016",
    "agent_phone": "13900139000",
    "agent_authority": "special",
}


def sample_grounds(letter: LetterDef, kind: str, choices: Mapping[str, str] | None = None) -> list[str]:
    """Up to two grounds that can be true together for this applicant kind: the first allowed
    ground, and the next that no exclusive group and no choice option rules out. A follow-up letter
    gets the first ground its choices (the first options, or ``choices``) allow."""
    chosen: list[str] = []
    for ground in letter.grounds:
        if kind not in ground.applicant_kinds or ground.only_with:
            continue
        if any(ground.id in group and set(group) & set(chosen) for group in letter.excludes):
            continue
        chosen.append(ground.id)
        if len(chosen) == 2:
            break
    if not chosen and letter.remedy is None:
        # A follow-up letter needs the ground that says which filing it chases; its grounds depend
        # on a choice, so take the first that the choices' first options allow.
        first = {c.id: (choices or {}).get(c.id, c.options[0].id) for c in letter.choices}
        chosen = [
            g.id
            for g in letter.grounds
            if kind in g.applicant_kinds and all(first.get(c) in allowed for c, allowed in g.only_with.items())
        ][:1]
    return chosen


def _sample_value(item: Input, kind: str, waited: set[str], agent: bool) -> tuple[str, ...]:
    """The sample value(s) of one form input: a date a waiting period counts from is a year early,
    the agent's fields are a lawyer's when ``agent``, a choice field takes its first option."""
    if item.field.kind == "date":
        if item.id == "agent_term_end":
            return AGENT_TERM_END
        return EARLY_DATE if item.id in waited else SAMPLE_DATE
    if agent and item.id in SAMPLE_AGENT:
        return (SAMPLE_AGENT[item.id],)
    if item.field.kind == "choice":
        return (item.field.choices[0].id,)
    if item.id == "applicant_name" and kind == "organisation":
        return ("北京示例科技有限公司",)
    return (SAMPLE_BY_KIND.get(item.field.kind, "示例"),)


def sample_form(
    letter: LetterDef,
    fields: Mapping[str, FieldDef],
    kind: str | None = None,
    grounds: list[str] | None = None,
    choices: Mapping[str, str] | None = None,
    agent: bool = False,
) -> dict[str, list[str]]:
    """A complete, valid form submission for a letter: every input of its form filled (both
    applicant kinds' where it has two), up to two grounds that can be true together ticked (or
    ``grounds``), every choice answered with its first option (or from ``choices``), filed on
    27 November 2026; with ``agent``, a lawyer files it. A date a waiting period counts from is a
    year earlier, so that the period has run."""
    chosen = kind or letter.applicant_kinds[0]
    ticked = sample_grounds(letter, chosen, choices) if grounds is None else grounds
    form: dict[str, list[str]] = {
        "kind": [chosen],
        "own_account": ["申请人于2026年10月得知上述情况，现依法提出申请。"],
        "grounds": ticked,
        "filing-year": ["2026"],
        "filing-month": ["11"],
        "filing-day": ["27"],
    }
    waited = {w.field for w in [letter.waits, *(g.waits for g in letter.grounds)] if w is not None}
    for item in letter_inputs(letter, fields):
        values = _sample_value(item, chosen, waited, agent)
        form.update({name: [value] for name, value in zip(item.names, values, strict=True)})
    for choice in letter.choices:
        form[choice.id] = [(choices or {}).get(choice.id, choice.options[0].id)]
    return form
