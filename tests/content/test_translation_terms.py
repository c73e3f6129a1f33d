"""Legal terms the translation review found drifting stay fixed: a reader of each language must be
able to tell apart the procedures the Chinese tells apart, and see the official verb for a tax
designation. Each test reads the shipped catalogues, so a new string that drifts fails here."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from clinic.i18n import UnconfirmedTerm, unconfirmed_terms

ROOT = Path(__file__).resolve().parents[2]
UG_ADMINISTRATIVE = "مەمۇرىي قايتا قاراپ"
UG_RECONSIDERATION = "قايتا قاراپ"
ISO_DATE = re.compile(r"(?<![\d{])\d{4}-\d{2}-\d{2}(?!\d)")


def catalogue(locale):
    with (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def pairs(locale):
    """(English, translation) for every singular entry of the catalogue."""
    return [(m.id, m.string) for m in catalogue(locale) if m.id and isinstance(m.string, str)]


def test_uyghur_says_administrative_wherever_the_chinese_says_administrative_reconsideration():
    # The court's reconsideration (复议: 10 days, the next-higher court) and administrative
    # reconsideration (行政复议: 60 days, a government body) are different procedures.
    chinese = dict(pairs("zh_Hans_CN"))
    missing = []
    for english, uyghur in pairs("ug"):
        if "行政复议" in chinese.get(english, ""):
            bare = uyghur.count(UG_RECONSIDERATION) - uyghur.count(UG_ADMINISTRATIVE)
            if UG_ADMINISTRATIVE not in uyghur or bare:
                missing.append(english)
    assert missing == []


def test_the_uyghur_court_reconsideration_is_not_called_administrative():
    chinese = dict(pairs("zh_Hans_CN"))
    wrong = [
        english
        for english, uyghur in pairs("ug")
        if UG_ADMINISTRATIVE in uyghur
        and "复议" in chinese.get(english, "")
        and "行政" not in chinese[english]
        and "复议机关" not in chinese[english]
        and "复议决定" not in chinese[english]
    ]
    assert wrong == []


@pytest.mark.parametrize(("locale", "wrong"), [("zh_Hans_CN", "认定"), ("zh_Hant_TW", "認定")])
def test_a_tax_designation_uses_the_official_verb(locale, wrong):
    # SAT Order 54 calls the act 确定 (税收违法失信主体确定文书), not 认定.
    drifted = [english for english, text in pairs(locale) if "designat" in english.lower() and wrong in text]
    assert drifted == []


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "zh_Hant_TW"])
def test_chinese_running_text_writes_dates_the_chinese_way(locale):
    # 2015年7月22日, never 2015-07-22, in Chinese sentences.
    assert [text for _, text in pairs(locale) if ISO_DATE.search(text)] == []


@pytest.mark.parametrize(
    ("locale", "quoted", "bare"), [("zh_Hans_CN", "“信用中国”", "信用中国"), ("zh_Hant_TW", "「信用中國」", "信用中國")]
)
def test_credit_china_is_always_quoted(locale, quoted, bare):
    unquoted = [text for _, text in pairs(locale) if text.count(bare) != text.count(quoted)]
    assert unquoted == []


def test_the_traditional_court_correction_is_jiuzheng():
    # The SPC correction procedure and its letter are 纠正, in both scripts.
    texts = [text for english, text in pairs("zh_Hant_TW") if "correct" in english and "三個工作日內更正" in text]
    assert texts == []


def test_unconfirmed_terms_are_parsed_and_checked():
    terms = unconfirmed_terms(
        {"unconfirmed": [{"locale": "ug", "zh": "诉讼时效", "term": "دەۋا مۇددىتى", "en": "limitation"}]}
    )
    assert terms == (UnconfirmedTerm("ug", "诉讼时效", "دەۋا مۇددىتى", "limitation"),)
    with pytest.raises(ValueError, match="unknown locale"):
        unconfirmed_terms({"unconfirmed": [{"locale": "xx", "zh": "a", "term": "b", "en": "c"}]})
    with pytest.raises(ValueError, match="text fields"):
        unconfirmed_terms({"unconfirmed": [{"locale": "ug"}]})


def test_the_languages_page_lists_the_unconfirmed_uyghur_terms(client):
    page = client.get("/languages").get_data(as_text=True)
    assert "Terms not yet confirmed" in page
    assert "诉讼时效" in page and "دەۋا مۇددىتى" in page
