"""Sample details for every letter, for review renders and tests (pure; obviously fictional data)."""

from __future__ import annotations

from collections.abc import Mapping

from clinic.letters.definitions import FieldDef, LetterDef
from clinic.letters.details import letter_inputs

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
# The agent variant: a legal-aid lawyer files for the applicant with special authority.
SAMPLE_AGENT = {
    "agent_kind": "lawyer",
    "agent_name": "李明远",
    "agent_unit": "北京市示例律师事务所",
    "agent_id_number": "110105198001010016",
    "agent_phone": "13900139000",
    "agent_authority": "special",
}


def sample_form(
    letter: LetterDef, fields: Mapping[str, FieldDef], kind: str | None = None, agent: bool = False
) -> dict[str, list[str]]:
    """A complete, valid form submission for a letter: every input of its form filled (both
    applicant kinds' where it has two; a choice takes its first option, so no agent), the first two
    grounds ticked, filed on 27 November 2026; with ``agent``, a lawyer files it."""
    chosen = kind or letter.applicant_kinds[0]
    form: dict[str, list[str]] = {
        "kind": [chosen],
        "own_account": ["申请人于2026年10月得知上述情况，现依法提出申请。"],
        "grounds": [g.id for g in letter.grounds[:2]],
        "filing-year": ["2026"],
        "filing-month": ["11"],
        "filing-day": ["27"],
    }
    for item in letter_inputs(letter, fields):
        values: tuple[str, ...]
        if item.field.kind == "date":
            values = ("2027", "10", "8") if item.id == "agent_term_end" else SAMPLE_DATE
        elif item.field.kind == "choice":
            values = (SAMPLE_AGENT[item.id] if agent and item.id in SAMPLE_AGENT else item.field.choices[0].id,)
        elif agent and item.id in SAMPLE_AGENT:
            values = (SAMPLE_AGENT[item.id],)
        elif item.id == "applicant_name" and chosen == "organisation":
            values = ("北京示例科技有限公司",)
        else:
            values = (SAMPLE_BY_KIND.get(item.field.kind, "示例"),)
        form.update({name: [value] for name, value in zip(item.names, values, strict=True)})
    return form
