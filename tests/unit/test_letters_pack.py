"""The letter pack is composed without an app: real content, fixed details and a fixed date, the
wording of a language from its compiled catalogue (or none, for English)."""

from datetime import date
from pathlib import Path

import pytest
from babel.support import NullTranslations, Translations

from clinic.bundle import load_content
from clinic.i18n import reading_copy
from clinic.letters import pack
from clinic.letters.details import read_details

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT / "clinic" / "content")


def wording(locale: str) -> pack.Wording:
    """The language's wording, formatted the way Flask-Babel formats it; enum labels are shown as
    '<enum:value>' so that the tests see which label the pack asked for."""
    mo = ROOT / "translations" / locale / "LC_MESSAGES" / "messages.mo"
    if locale != "en" and not mo.exists():
        pytest.skip("translations are not compiled (pybabel compile -d translations)")
    catalogue = NullTranslations() if locale == "en" else Translations.load(ROOT / "translations", [locale])

    def gettext(text, **values):
        found = catalogue.gettext(text)
        return found % values if values else found

    def ngettext(singular, plural, n, **values):
        return catalogue.ngettext(singular, plural, n) % {"num": n, **values}

    return pack.Wording(
        locale=locale,
        gettext=gettext,
        ngettext=ngettext,
        content_text=catalogue.gettext,
        label=lambda e, v: f"<{e}:{v}>",
    )


def form(**dates):
    """A person's details for the reconsideration letter, with the dates given as (y, m, d)."""
    values = {
        "kind": ["person"],
        "grounds": [],
        "own_account": ["申请人于2026年10月收到驳回决定，现依法申请复议。"],
        "applicant_name": ["张喆堃"],
        "id_number": ["11010519491231002X"],
        "address": ["北京市朝阳区建国路1号"],
        "phone": ["13800138000"],
        "enforcing_court": ["北京市朝阳区人民法院"],
        "higher_court": ["北京市第二中级人民法院"],
        "case_number": ["（2024）京0105执1234号"],
    }
    for name, (year, month, day) in dates.items():
        values.update({f"{name}-year": [str(year)], f"{name}-month": [str(month)], f"{name}-day": [str(day)]})
    return values


def compose(content, letter_id, locale, **dates):
    letter = content.letters.letters[letter_id]
    details = read_details(letter, content.letters.fields, form(**dates), TODAY)
    assert details.ok, details.errors
    words = wording(locale)
    return pack.compose_document(letter, details, content, words), words


def test_the_deadline_runs_from_the_refusal_and_moves_past_the_weekend(content):
    letter_id = "reconsideration-of-correction-refusal"
    doc, words = compose(
        content,
        letter_id,
        "en",
        filing=(2026, 10, 12),
        rejection_decision_date=(2026, 10, 1),
        rejection_served_date=(2026, 10, 8),
    )
    cover = pack.cover_facts(doc, content, words)
    assert doc.deadline is not None
    assert (doc.deadline.start, doc.deadline.nominal_end, doc.deadline.due) == (
        date(2026, 10, 8),
        date(2026, 10, 18),
        date(2026, 10, 19),
    )
    assert doc.deadline.moved
    assert cover["period_text"] == "10 days"
    assert cover["runs_from_text"] == "<runs_from:rejection-served>"
    assert cover["rule_text"] == "<counting_rule:calendar-days-cpl>"
    assert cover["verification_text"] == f"<verification:{doc.letter.verification}>"


def test_citations_are_grouped_numbered_and_worded(content):
    doc, words = compose(
        content,
        "correction-of-dishonest-entry",
        "en",
        filing=(2026, 11, 27),
        learned_of_listing_date=(2026, 10, 8),
    )
    cover = pack.cover_facts(doc, content, words)
    assert [label for _citation, label in cover["citations"]] == ["Article 11", "Article 12"]
    title = "SPC Several Provisions on Publishing Information on the List of Dishonest Judgment Defaulters"
    assert pack.describe_citations(doc.citations, words) == f"Articles 11 and 12 of {title}"
    english = "".join(text for _kind, text in doc.basis.en)
    assert f"Articles 11 and 12 of {title}" in english
    assert "第十一条、第十二条" in "".join(text for _kind, text in doc.basis.zh)
    assert cover["deadline"] is None
    assert cover["period_text"] == ""


def test_the_pack_carries_the_reading_copy_the_organisation_and_the_chinese_date(content):
    doc, words = compose(
        content,
        "correction-of-dishonest-entry",
        "ug",
        filing=(2026, 11, 27),
        learned_of_listing_date=(2026, 10, 8),
    )
    org = {"name": "Clinic", "contact": "help@example.org", "address": ""}
    context = pack.pack_context(doc, content, words, reading_copy("ug"), org)
    assert context["reading"].tag == "ug"
    assert context["reading"].direction == "rtl"
    assert context["org"] == org
    assert context["filing_date_zh"] == "2026年11月27日"
    assert context["cover"]["response_text"] != "15 days"  # worded in Uyghur
    assert pack.pack_context(doc, content, words, reading_copy("zh_Hans_CN"), org)["reading"] is None


def test_lists_are_joined_in_the_readers_language():
    assert pack.format_list(["4", "5", "11"], wording("en")) == "4, 5, and 11"
    assert pack.format_list(["4", "5", "11"], wording("zh_Hant_TW")) == "4、5和11"


def _citation(key, number):
    from clinic.catalogue.model import ArticleRef
    from clinic.letters.compose import Citation

    ref = ArticleRef("m", key, number, "article", "v1", date(2014, 10, 1), None, "unverified")
    return Citation("m", "企业经营异常名录管理暂行办法", "Interim Measures on the Abnormal Operations List", ref)


def test_a_provision_without_a_confirmed_number_reads_as_the_relevant_provisions():
    """Letters write 根据{citations}，: the phrase ends itself, as a lawyer writes it, never
    有关规定的规定, and the reading copy never repeats 'article number not confirmed'."""
    from clinic.letters.compose import citations_zh

    only = (_citation("removal", None),)
    assert citations_zh(only) == "《企业经营异常名录管理暂行办法》的有关规定"
    english = "the relevant provisions of Interim Measures on the Abnormal Operations List"
    assert pack.describe_citations(only, wording("en")) == english
    mixed = (_citation("listing", "4"), _citation("removal", None), _citation("other", None))
    assert citations_zh(mixed) == "《企业经营异常名录管理暂行办法》第四条等有关规定"
    reading = pack.describe_citations(mixed, wording("en"))
    assert reading == "Article 4 and other relevant provisions of Interim Measures on the Abnormal Operations List"
    numbered = (_citation("listing", "4"), _citation("removal", "10"))
    assert citations_zh(numbered) == "《企业经营异常名录管理暂行办法》第四条、第十条的规定"
    assert "not confirmed" not in reading
