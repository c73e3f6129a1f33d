"""Checks of what people type into letter forms, and the Chinese numerals letters print."""

from datetime import date

import pytest

from clinic.letters.numerals import article_label_zh, chinese_number, date_zh, ordinal_zh
from clinic.letters.validators import (
    FieldError,
    check_case_number,
    check_date_parts,
    check_multiline,
    check_phone,
    check_resident_id,
    check_uscc,
    clean_text,
)

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("11010519491231002X", "11010519491231002X"),  # the standard's example, check character X
        ("11010519491231002x", "11010519491231002X"),  # lower-case x is accepted and upper-cased
        (" 110105 19491231 002X ", "11010519491231002X"),  # spaces as people type them
    ],
)
def test_resident_id_accepted(value, expected):
    assert check_resident_id(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("110105194912310021", "id-number-check"),  # one wrong check digit
        ("11010519491331002X", "id-number-date"),  # month 13
        ("11010519490229002X", "id-number-date"),  # 1949 was not a leap year
        ("1101051949123100", "id-number-format"),  # 16 characters
        ("110105194912310X2X", "id-number-format"),  # X only at the end
        ("<script>alert(1)</script>", "id-number-format"),
    ],
)
def test_resident_id_refused(value, code):
    with pytest.raises(FieldError) as problem:
        check_resident_id(value)
    assert problem.value.code == code


def test_uscc_accepted_and_refused():
    assert check_uscc("91350100m000100y43") == "91350100M000100Y43"
    with pytest.raises(FieldError, match="uscc-check"):
        check_uscc("91350100M000100Y44")
    with pytest.raises(FieldError, match="uscc-format"):
        check_uscc("91350100I000100Y43")  # I is not in the code's alphabet
    with pytest.raises(FieldError, match="uscc-format"):
        check_uscc("9135")


@pytest.mark.parametrize("value", ["（2024）京0105执1234号", "(2023)沪01执异45号", "2024 执 12 号"])
def test_case_numbers_are_checked_loosely(value):
    assert check_case_number(value)


@pytest.mark.parametrize("value", ["京执号", "（2024）京0105执1234"])  # no digit; no closing 号
def test_case_number_needs_a_digit_and_the_closing_hao(value):
    with pytest.raises(FieldError, match="case-number-format"):
        check_case_number(value)


@pytest.mark.parametrize("value", ["13800138000", "+86 10 1234-5678", "(010) 12345678"])
def test_phone_numbers(value):
    assert check_phone(value) == value


@pytest.mark.parametrize("value", ["1234", "call me", "138001380001380013800"])
def test_bad_phone_numbers(value):
    with pytest.raises(FieldError, match="phone-format"):
        check_phone(value)


@pytest.mark.parametrize(
    ("parts", "code"),
    [
        (("", "", ""), "required"),
        (("2025", "", "1"), "date-incomplete"),
        (("2025", "2", "29"), "date-invalid"),
        (("25", "2", "1"), "date-invalid"),
        (("1989", "12", "31"), "date-too-early"),
        (("2026", "11", "28"), "date-future"),
    ],
)
def test_bad_dates(parts, code):
    with pytest.raises(FieldError) as problem:
        check_date_parts(*parts, today=TODAY)
    assert problem.value.code == code


def test_good_date():
    assert check_date_parts("2024", "2", "29", TODAY) == date(2024, 2, 29)


def test_clean_text_removes_direction_overrides_and_controls():
    assert clean_text("张\u202e三\u0000 \n 李") == "张三 李"


def test_multiline_text_keeps_paragraphs_but_not_floods_of_newlines():
    assert check_multiline("a\n\n\n\n\nb\r\nc", 100) == "a\n\nb\nc"
    assert check_multiline("\n" * 5000 + "x", 100) == "x"  # 5,000 newlines collapse to nothing
    with pytest.raises(FieldError, match="too-many-lines"):
        check_multiline("x\n" * 70, 1000)
    with pytest.raises(FieldError, match="too-long"):
        check_multiline("x" * 101, 100)


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (105, "一百零五"),
        (110, "一百一十"),
        (236, "二百三十六"),
        (1029, "一千零二十九"),
        (1260, "一千二百六十"),
    ],
)
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text


def test_article_labels_dates_and_ordinals():
    assert article_label_zh("236") == "第二百三十六条"
    assert article_label_zh("17(2)") == "第十七条第二款"
    assert article_label_zh("para. 17") == "para. 17"  # unknown forms are printed as given
    assert date_zh(date(2026, 11, 27)) == "2026年11月27日"
    assert ordinal_zh(3) == "三、"
