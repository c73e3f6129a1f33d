"""Identity numbers checked by their document's format, and full-width input folded to ASCII."""

import pytest

from clinic.letters.validators import (
    FieldError,
    ascii_digits,
    case_number_digits,
    check_date_parts,
    check_identity_document,
    check_party_identifier,
    check_phone,
    check_postcode,
)


def _with_check(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def _wrong_check(first17: str) -> str:
    right = _with_check(first17)[-1]
    return first17 + ("1" if right != "1" else "2")


GOOD = [
    ("resident-id", "11010519491231002X", "11010519491231002X"),
    ("resident-id", "11010519491231002x", "11010519491231002X"),
    ("resident-id", _with_check("81000019900101001"), _with_check("81000019900101001")),
    ("hk-macao-permit", "H12345678", "H12345678"),
    ("hk-macao-permit", "m1234567801", "M1234567801"),
    ("taiwan-permit", "12345678", "12345678"),
    ("taiwan-permit", "1234567890", "1234567890"),
    ("passport", "E12345678", "E12345678"),
    ("passport", "ej1234567", "EJ1234567"),
    ("foreign-permanent-resident", "USA123456789012", "USA123456789012"),
    ("foreign-permanent-resident", _with_check("93310119900101123"), _with_check("93310119900101123")),
]
BAD = [
    ("resident-id", "110105194912310021", "id-number-check"),
    ("resident-id", "H12345678", "id-number-format"),
    ("hk-macao-permit", "12345678", "hk-macao-permit-format"),
    ("hk-macao-permit", "X12345678", "hk-macao-permit-format"),
    ("taiwan-permit", "1234567", "taiwan-permit-format"),
    ("taiwan-permit", "A1234567", "taiwan-permit-format"),
    ("passport", "ABCDEFG", "passport-format"),
    ("passport", "E12", "passport-format"),
    ("foreign-permanent-resident", "US1234567890123", "foreign-permanent-resident-format"),
    ("foreign-permanent-resident", _wrong_check("93310119900101123"), "id-number-check"),
]


@pytest.mark.parametrize(("id_type", "typed", "cleaned"), GOOD)
def test_good_numbers_of_each_type(id_type, typed, cleaned):
    assert check_identity_document(typed, id_type) == cleaned


@pytest.mark.parametrize(("id_type", "typed", "code"), BAD)
def test_bad_numbers_of_each_type(id_type, typed, code):
    with pytest.raises(FieldError) as problem:
        check_identity_document(typed, id_type)
    assert problem.value.code == code


def test_full_width_identity_numbers_are_folded():
    assert check_identity_document("１１０１０５１９４９１２３１００２ｘ", "resident-id") == "11010519491231002X"
    assert check_identity_document("Ｈ１２３４５６７８", "hk-macao-permit") == "H12345678"


def test_another_partys_identifier_by_its_kind_and_format():
    assert check_party_identifier("91350100M000100Y43", "organisation") == "91350100M000100Y43"
    assert check_party_identifier("11010519491231002X", "person") == "11010519491231002X"
    assert check_party_identifier("E12345678", "person") == "E12345678"
    with pytest.raises(FieldError):
        check_party_identifier("11010519491231002X", "organisation")
    with pytest.raises(FieldError):
        check_party_identifier("??", "person")


def test_full_width_digits_signs_and_dates_are_folded():
    assert ascii_digits("＋８６（１３８）－００１３") == "+86(138)-0013"
    assert check_phone("＋８６ １３８－００１３－８０００") == "+86 138-0013-8000"
    assert check_postcode("１０００２０") == "100020"
    assert case_number_digits("(２０２４)京０１０５执１２３４号") == "（2024）京0105执1234号"
    assert case_number_digits("〔2024〕京0105执1234号") == "（2024）京0105执1234号"
    assert (
        check_date_parts("２０２６", "１１", "２７", __import__("datetime").date(2026, 12, 1)).isoformat()
        == "2026-11-27"
    )
    with pytest.raises(FieldError):
        check_postcode("10002")
