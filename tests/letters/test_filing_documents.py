"""The filing's party blocks and the documents that go with it, read from the PDF's text: complete
blocks for a person and an organisation, no either-or label, the agent and the 授权委托书, the
法定代表人身份证明书, the 证据清单 with 附件1…N and the 送达地址确认书 of a court filing; and the
letter form's two steps."""

import re

import pytest

from clinic import services
from clinic.letters.details import is_court_filing
from clinic.letters.samples import SAMPLE_AGENT, sample_form
from tests.letters.test_letters_web import IDS, flat, pdf_text, post_form
from tests.pagecheck import check_page

# Labels that stand for a choice the person makes; the chosen kind decides which one is printed.
EITHER_OR = (
    "住址或住所",
    "住址或者住所",
    "法定代表人或负责人",
    "法定代表人或者负责人",
    "或统一社会信用代码",
    "或者统一社会信用代码",
)
PERSON_LABELS = ("性别：", "出生日期：", "民族：", "工作单位：", "公民身份号码：", "住址：", "邮编：", "联系电话：")
ORGANISATION_LABELS = ("住所：", "邮编：", "统一社会信用代码：", "联系电话：", "法定代表人：", "职务：")
OTHER_PARTIES = {
    "creditor-consent-to-deletion": "被执行人：",
    "enforcement-objection": "申请执行人：",
    "reconsideration-of-objection-ruling": "申请执行人：",
    "credit-reporting-complaint": "被投诉人：",
    "administrative-reconsideration": "被申请人：",
}


@pytest.fixture(scope="module")
def bundle(app):
    return services.of(app).content


def render(client, bundle, letter_id, **changes):
    letter = bundle.letters.letters[letter_id]
    kind = changes.pop("kind", letter.applicant_kinds[0])
    agent = changes.pop("agent", False)
    form = {**sample_form(letter, bundle.letters.fields, kind=kind, agent=agent), **changes}
    response = post_form(client, letter_id, form, "/pdf")
    assert response.status_code == 200, response.data[:300]
    return flat(pdf_text(response.data))


def official_part(text: str) -> str:
    """The official letter and its companion documents (before the reading copy or cover sheet)."""
    return re.split(r"Translationforreadingonly|Instructionsforyou", text)[0]


@pytest.mark.parametrize("letter_id", IDS)
def test_every_letter_with_an_agent_has_complete_blocks_and_its_documents(client, bundle, letter_id):
    letter = bundle.letters.letters[letter_id]
    if "person" not in letter.applicant_kinds:
        pytest.skip("organisations only")
    text = official_part(render(client, bundle, letter_id, kind="person", agent=True))
    role = letter.applicant_role.zh
    assert f"{role}：张喆堃" in text
    for label in PERSON_LABELS:
        assert label in text, label
    for label in EITHER_OR:
        assert label not in text, label
    assert f"{role}（签名并捺印）" in text and "委托代理人（签名）" in text
    # The agent's block, and the power of attorney for the principal to sign.
    assert f"委托代理人：{SAMPLE_AGENT['agent_name']}，{SAMPLE_AGENT['agent_unit']}律师" in text
    assert "授权委托书" in text and "委托人（签名并捺印）" in text and "受委托人（签名）" in text
    assert "代理权限：特别授权" in text and "委托期限：自本委托书签署之日起至2027年10月8日止" in text
    # The evidence list numbers the letter's attachments 附件1…N.
    if letter.attachments:
        assert "证据清单" in text and "附件1：" in text
        assert "序号证据名称证据来源证明目的页数" in text
    assert ("送达地址确认书" in text) == is_court_filing(letter, bundle.letters.fields)
    assert "法定代表人身份证明书" not in text
    if letter_id in OTHER_PARTIES:
        assert OTHER_PARTIES[letter_id] in text


@pytest.mark.parametrize("letter_id", IDS)
def test_every_letter_sent_by_an_organisation_uses_its_labels_and_signatures(client, bundle, letter_id):
    letter = bundle.letters.letters[letter_id]
    if "organisation" not in letter.applicant_kinds:
        pytest.skip("persons only")
    text = official_part(render(client, bundle, letter_id, kind="organisation"))
    role = letter.applicant_role.zh
    assert f"{role}：北京示例科技有限公司" in text
    for label in ORGANISATION_LABELS:
        assert label in text, label
    for label in ("住址：", "性别：", "民族：", *EITHER_OR):
        assert label not in text.split("被执行人：")[0].split("申请执行人：")[0], label
    assert f"{role}（盖章）" in text and "法定代表人（签名）" in text
    assert "签名并捺印" not in text and "授权委托书" not in text and "委托代理人" not in text
    assert "法定代表人身份证明书" in text and "系我单位法定代表人" in text


def test_a_person_in_charge_signs_and_certifies_as_such(client, bundle):
    text = official_part(
        render(
            client,
            bundle,
            "lifting-consumption-restriction",
            kind="organisation",
            representative_role="person-in-charge",
        )
    )
    assert "负责人：" in text and "负责人（签名）" in text and "负责人身份证明书" in text
    assert "法定代表人" not in text.split("附件1")[0]


def test_empty_optional_fields_print_as_blank_lines_under_their_labels(client, bundle):
    blanked = dict.fromkeys(
        ["gender", "birth_date-year", "birth_date-month", "birth_date-day", "ethnicity", "work_unit", "postcode"], ""
    )
    text = official_part(render(client, bundle, "lifting-consumption-restriction", **blanked))
    for label in ("性别：", "出生日期：", "民族：", "工作单位：", "邮编："):
        assert f"{label}＿＿＿＿＿＿" in text, label


def test_other_identity_documents_are_labelled_by_their_type(client, bundle):
    text = official_part(
        render(
            client, bundle, "lifting-consumption-restriction", id_type="hk-macao-permit", id_number="Ｈ１２３４５６７８"
        )
    )
    assert "港澳居民来往内地通行证号码：H12345678" in text
    assert "公民身份号码：" not in text.split("此致")[0].split("委托代理人")[0]


def test_the_service_address_form_records_electronic_service(client, bundle):
    text = official_part(
        render(client, bundle, "enforcement-objection", service_consent="yes", service_contact="13800138000")
    )
    assert "送达地址确认书" in text and "√同意" in text and "13800138000" in text
    assert "案号（2024）京0105执1234号" in text


def test_full_width_input_is_printed_with_ascii_digits(client, bundle):
    text = official_part(
        render(
            client,
            bundle,
            "enforcement-objection",
            id_number="１１０１０５１９４９１２３１００２ｘ",
            phone="＋８６ １３８－００１３－８０００",
            case_number="（２０２４）京０１０５执１２３４号",
            **{"filing-year": "２０２６", "filing-month": "１１", "filing-day": "２７"},
        )
    )
    assert "11010519491231002X" in text and "+86138-0013-8000" in text
    assert "（2024）京0105执1234号" in text and "2026年11月27日" in text
    assert not re.search("[０-９＋－]", text)


def test_the_form_asks_who_sends_it_first_then_shows_only_that_kinds_fields(client, bundle):
    letter_id = "lifting-consumption-restriction"
    first = check_page(client.get(f"/letter/{letter_id}"))
    page = client.get(f"/letter/{letter_id}").get_data(as_text=True)
    assert page.count("<h1") == 1 and 'class="back-link"' in page
    assert 'name="uscc"' not in page and 'name="applicant_name"' not in page
    assert "checked" not in page  # nothing preselected
    assert first is not None
    chosen = post_form(client, letter_id, {"kind": "person"})
    assert chosen.status_code == 303  # the details step has its own address, so Back never resubmits
    person = client.get(chosen.headers["Location"]).get_data(as_text=True)
    assert 'name="id_number"' in person and 'name="gender"' in person
    assert 'name="uscc"' not in person and 'name="legal_representative"' not in person
    assert person.count("<h1") == 1 and 'class="back-link"' in person
    assert "printed as a blank line" in person and "(optional)" in person
    organisation = client.get(post_form(client, letter_id, {"kind": "organisation"}).headers["Location"]).get_data(
        as_text=True
    )
    assert (
        'name="uscc"' in organisation and 'name="gender"' not in organisation and 'name="id_number"' not in organisation
    )
    assert "Registered address" in organisation and "Home address" not in organisation


def test_a_wrong_identity_number_for_its_type_is_refused_with_the_types_format(client, bundle):
    letter = bundle.letters.letters["lifting-consumption-restriction"]
    form = {**sample_form(letter, bundle.letters.fields), "id_type": "taiwan-permit", "id_number": "1234567"}
    page = post_form(client, letter.id, form, "/preview")
    assert page.status_code == 400
    assert "8 digits, for example 12345678" in page.get_data(as_text=True)
