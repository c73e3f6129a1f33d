"""The party blocks of a filing: the applicant, an agent, the other parties, and the signature
lines, laid out after the Supreme People's Court's model documents (诉讼文书样式) (pure).

A person is described by 姓名、性别、出生日期、民族、工作单位、证件号码、住址、邮编、联系电话, an
organisation by 名称、住所、邮编、统一社会信用代码、联系电话 and its 法定代表人 or 负责人 with the
post. The kind chosen decides every label: nothing is printed as "住址或住所". An optional value
left empty prints as a blank line, so that it can be written in by hand.

The form fields these blocks print are defined in fields.yaml; this module names which ones belong
to which block, so that the letter checks, the form and the printing agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from clinic.letters.numerals import date_zh

if TYPE_CHECKING:
    from clinic.letters.definitions import FieldDef

#: The applicant block of a person and of an organisation, in printing order.
PERSON_FIELDS = (
    "applicant_name",
    "gender",
    "birth_date",
    "ethnicity",
    "work_unit",
    "id_type",
    "id_number",
    "address",
    "postcode",
    "phone",
)
ORGANISATION_FIELDS = (
    "applicant_name",
    "address",
    "postcode",
    "uscc",
    "phone",
    "representative_role",
    "legal_representative",
    "representative_title",
)
#: The agent who files for the applicant (any applicant kind); agent_kind "none" or empty: no agent.
AGENT_FIELDS = (
    "agent_kind",
    "agent_name",
    "agent_unit",
    "agent_relationship",
    "agent_id_number",
    "agent_phone",
    "agent_authority",
    "agent_term_end",
)
#: The electronic-service choice of the 送达地址确认书, asked only for a court filing.
SERVICE_FIELDS = ("service_consent", "service_contact")
#: Every field printed by a block rather than by a letter's text.
BLOCK_FIELDS = (
    frozenset(PERSON_FIELDS) | frozenset(ORGANISATION_FIELDS) | frozenset(AGENT_FIELDS) | frozenset(SERVICE_FIELDS)
)

BLANK = "＿＿＿＿＿＿"


def N_(text: str) -> str:  # noqa: N802 (the name gettext's extractor knows)
    """Mark an English label for translation; the reading copy translates it when it prints."""
    return text


NO_AGENT = "none"
DEFAULT_ID_TYPE = "resident-id"
# How each kind of agent is described after the name; {unit}, {relationship} and {role} are filled.
AGENT_DESCRIPTIONS = {
    "lawyer": ("", "{unit}", "律师"),
    "legal-service-worker": ("", "{unit}", "基层法律服务工作者"),
    "close-relative": ("系{role}之", "{relationship}", ""),
    "employee": ("系{role}的工作人员，职务：", "{unit}", ""),
    "recommended-citizen": ("系", "{unit}", "推荐的公民"),
}


@dataclass(frozen=True)
class OtherParty:
    """Another party a filing names (被执行人, 申请执行人, 被投诉人, 被申请人): its role and the fields
    that give its kind, name, identifier, address and, for an organisation, its head and post."""

    role_zh: str
    role_en: str
    name: str
    kind: str | None = None
    kind_field: str | None = None
    identifier: str | None = None
    address: str | None = None
    head: str | None = None
    head_title: str | None = None

    @property
    def field_ids(self) -> tuple[str, ...]:
        """The fields of this party, in form order."""
        names = (self.kind_field, self.name, self.identifier, self.address, self.head, self.head_title)
        return tuple(n for n in names if n)


def other_party(raw: Mapping[str, Any]) -> OtherParty:
    """An ``other_parties`` entry of a letter file (schema-valid)."""
    return OtherParty(
        role_zh=raw["role"]["zh"],
        role_en=raw["role"]["en"],
        name=raw["name"],
        kind=raw.get("kind"),
        kind_field=raw.get("kind_field"),
        identifier=raw.get("identifier"),
        address=raw.get("address"),
        head=raw.get("head"),
        head_title=raw.get("head_title"),
    )


@dataclass(frozen=True)
class Item:
    """One item of a party block: the Chinese label ('' for the name), text printed before and
    after the value, the value (typed by the person; '' prints a blank line), and the reading
    copy's English label and value. ``choice`` marks an English value to translate."""

    label_zh: str
    value_zh: str
    label_en: str
    value_en: str
    before_zh: str = ""
    after_zh: str = ""
    choice: bool = False

    @property
    def blank(self) -> bool:
        """Whether the value is to be written in by hand."""
        return not self.value_zh


@dataclass(frozen=True)
class Block:
    """A party block: the role (申请人, 委托代理人, 被执行人 ...) and its sentences, each a list of items
    (an organisation's 法定代表人 sentence follows its first one)."""

    role_zh: str
    role_en: str
    sentences: tuple[tuple[Item, ...], ...]

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item, in order (the reading copy prints them on one line)."""
        return tuple(item for sentence in self.sentences for item in sentence)


@dataclass(frozen=True)
class Agent:
    """The agent and what the 授权委托书 states: the block, whether the authority is special, and
    the last day of the authority (None: until the matter is dealt with)."""

    block: Block
    kind: str
    name: str
    special: bool
    term_end: date | None

    @property
    def term_end_zh(self) -> str:
        """The last day of the authority as the document prints it ('' until the matter ends)."""
        return date_zh(self.term_end) if self.term_end else ""


def _choice(fields: Mapping[str, FieldDef], field_id: str, value: str) -> tuple[str, str]:
    """The Chinese and English wording of a choice value ('' when there is none)."""
    field_def = fields.get(field_id)
    for choice in field_def.choices if field_def else ():
        if choice.id == value:
            return choice.zh, choice.label
    return "", ""


def _label(fields: Mapping[str, FieldDef], field_id: str, kind: str) -> tuple[str, str]:
    """A field's Chinese and English label for this party kind (an organisation may have its own)."""
    field_def = fields[field_id]
    if kind == "organisation" and field_def.organisation is not None:
        return field_def.organisation.zh, field_def.organisation.label
    return field_def.zh or field_id, field_def.label


def _item(fields: Mapping[str, FieldDef], values: Mapping[str, str], field_id: str, kind: str = "person") -> Item:
    """A labelled item for a typed or chosen value."""
    label_zh, label_en = _label(fields, field_id, kind)
    value = values.get(field_id, "")
    field_def = fields[field_id]
    if field_def.kind == "choice":
        zh, en = _choice(fields, field_id, value)
        return Item(label_zh, zh, label_en, en, choice=True)
    if field_def.kind == "date" and value:
        return Item(label_zh, date_zh(date.fromisoformat(value)), label_en, value)
    return Item(label_zh, value, label_en, value)


def applicant_block(
    role_zh: str, role_en: str, kind: str, values: Mapping[str, str], fields: Mapping[str, FieldDef]
) -> Block:
    """The applicant's block for a person or an organisation."""
    name = values.get("applicant_name", "")
    first = Item("", name, "", name)
    if kind == "organisation":
        main = (first, *(_item(fields, values, f, kind) for f in ("address", "postcode", "uscc", "phone")))
        role_zh_head, role_en_head = _representative(values, fields)
        title_zh, title_en = _label(fields, "representative_title", kind)
        head = (
            Item(
                role_zh_head,
                values.get("legal_representative", ""),
                role_en_head,
                values.get("legal_representative", ""),
            ),
            Item(title_zh, values.get("representative_title", ""), title_en, values.get("representative_title", "")),
        )
        return Block(role_zh, role_en, (main, head))
    id_type = values.get("id_type") or DEFAULT_ID_TYPE
    id_zh, id_en = _choice(fields, "id_type", id_type)
    items = [first, *(_item(fields, values, f) for f in ("gender", "birth_date", "ethnicity", "work_unit"))]
    items.append(Item(id_zh or "公民身份号码", values.get("id_number", ""), id_en, values.get("id_number", "")))
    items += [_item(fields, values, f) for f in ("address", "postcode", "phone")]
    return Block(role_zh, role_en, (tuple(items),))


def _representative(values: Mapping[str, str], fields: Mapping[str, FieldDef]) -> tuple[str, str]:
    """法定代表人 or 负责人, as the organisation said (法定代表人 if it has not said)."""
    zh, en = _choice(fields, "representative_role", values.get("representative_role") or "legal-representative")
    return zh or "法定代表人", en


def representative_title(values: Mapping[str, str], fields: Mapping[str, FieldDef]) -> str:
    """'法定代表人' or '负责人', for the signature line and the identity certificate."""
    return _representative(values, fields)[0]


def agent(role_zh: str, values: Mapping[str, str], fields: Mapping[str, FieldDef]) -> Agent | None:
    """The agent's block, or None when the applicant files the letter itself."""
    kind = values.get("agent_kind", "")
    if not kind or kind == NO_AGENT or kind not in AGENT_DESCRIPTIONS:
        return None
    name = values.get("agent_name", "")
    before, template, after = AGENT_DESCRIPTIONS[kind]
    source = "agent_relationship" if "{relationship}" in template else "agent_unit"
    typed = values.get(source, "")
    unit_en = fields[source].label
    description = Item("", typed, unit_en, typed, before_zh=before.format(role=role_zh), after_zh=after)
    items = (
        Item("", name, "", name),
        description,
        _item(fields, values, "agent_id_number"),
        _item(fields, values, "agent_phone"),
    )
    term = values.get("agent_term_end", "")
    return Agent(
        block=Block("委托代理人", N_("Agent"), (items,)),
        kind=kind,
        name=name,
        special=values.get("agent_authority") == "special",
        term_end=date.fromisoformat(term) if term else None,
    )


def other_blocks(
    parties: Sequence[OtherParty], values: Mapping[str, str], fields: Mapping[str, FieldDef]
) -> tuple[Block, ...]:
    """The other parties' blocks. The identifier is labelled by the party's kind, and for a person
    by the number's own format (公民身份号码 for a resident identity number, 身份证件号码 otherwise)."""
    blocks = []
    for party in parties:
        kind = party.kind or values.get(party.kind_field or "", "") or "person"
        name = values.get(party.name, "")
        items = [Item("", name, "", name)]
        if party.address:
            zh, en = ("住所", N_("Registered address")) if kind == "organisation" else ("住址", N_("Home address"))
            items.append(Item(zh, values.get(party.address, ""), en, values.get(party.address, "")))
        if party.identifier:
            ident = values.get(party.identifier, "")
            zh, en = _identifier_label(kind, ident)
            items.append(Item(zh, ident, en, ident))
        sentences = [tuple(items)]
        if party.head and kind == "organisation":
            head = values.get(party.head, "")
            title = values.get(party.head_title or "", "")
            sentences.append(
                (
                    Item("法定代表人", head, fields[party.head].label, head),
                    Item("职务", title, fields[party.head_title].label if party.head_title else "", title),
                )
            )
        blocks.append(Block(party.role_zh, party.role_en, tuple(sentences)))
    return tuple(blocks)


def _identifier_label(kind: str, value: str) -> tuple[str, str]:
    if kind == "organisation":
        return "统一社会信用代码", N_("Unified social credit code")
    if not value or (len(value) == 18 and value[:17].isdigit()):
        return "公民身份号码", N_("Citizen ID number")
    return "身份证件号码", N_("Identity document number")


def signature_lines(
    role_zh: str, kind: str, values: Mapping[str, str], fields: Mapping[str, FieldDef], has_agent: bool
) -> tuple[str, ...]:
    """The closing block's signature lines: 申请人（签名并捺印） for a person; 申请人（盖章） and
    法定代表人（签名） (or 负责人) for an organisation; 委托代理人（签名） when there is an agent."""
    if kind == "organisation":
        lines = [f"{role_zh}（盖章）：", f"{representative_title(values, fields)}（签名）："]
    else:
        lines = [f"{role_zh}（签名并捺印）："]
    if has_agent:
        lines.append("委托代理人（签名）：")
    return tuple(lines)
