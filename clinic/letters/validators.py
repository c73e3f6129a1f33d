"""Checks for the details a person types into a letter form (pure).

Each check returns the cleaned value or raises FieldError with a problem code that the web layer
turns into a translated message. Nothing here echoes the value into a message or a log.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Direction overrides and isolates have no place in an official letter; they could reorder what
# the authority reads. Zero-width joiners are kept (Arabic-script names may need them).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
MAX_LINES = 60
# A Chinese keyboard types full-width forms (１２３, ＋, －, （）, ｘ); identifiers, dates, phone and case
# numbers are printed with ASCII digits, so these are folded to ASCII before any check.
_WIDE_START, _WIDE_END, _WIDE_OFFSET = 0xFF01, 0xFF5E, 0xFEE0
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"})
# Identity documents other than the resident identity card, each with its own number format.
ID_TYPES = ("resident-id", "hk-macao-permit", "taiwan-permit", "passport", "foreign-permanent-resident")


class FieldError(ValueError):
    """A typed value is not acceptable; ``code`` names the problem."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def clean_text(value: str, *, multiline: bool = False) -> str:
    """NFC-normalise, drop control and direction-override characters, trim; keep newlines only
    in multi-line text, with runs of blank lines collapsed to one."""
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    text = BIDI_CONTROLS.sub("", text)
    allowed = "\n" if multiline else ""
    text = "".join(ch for ch in text if ch in allowed or ch == "\t" or unicodedata.category(ch) != "Cc")
    text = text.replace("\t", " ")
    if multiline:
        text = re.sub(r"[ \u3000]+\n", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text)
    else:
        text = re.sub(r"\s+", " ", text)
    return text.strip()


def ascii_digits(value: str) -> str:
    """Full-width ASCII forms (U+FF01 to U+FF5E: １２３, ＋, －, ｘ) and the ideographic space to
    ASCII, Unicode dashes to '-'. Used on identifiers, dates and phone numbers only: Chinese text
    keeps its full-width punctuation."""
    chars = [
        chr(ord(ch) - _WIDE_OFFSET) if _WIDE_START <= ord(ch) <= _WIDE_END else " " if ch == "\u3000" else ch
        for ch in value
    ]
    return "".join(chars).translate(_DASHES)


def case_number_digits(value: str) -> str:
    """A case number with ASCII digits and Chinese brackets, as courts print it: （2024）京0105执1234号.
    Full-width digits become ASCII; ASCII or 〔〕 brackets around the year become （）."""
    text = "".join(chr(ord(ch) - _WIDE_OFFSET) if "０" <= ch <= "９" else ch for ch in value)
    return re.sub(r"^[(\[〔［]\s*(\d{4})\s*[)\]〕］]", r"（\1）", text)


def check_length(value: str, max_length: int, required: bool) -> str:
    """Raise 'required' or 'too-long' as needed."""
    if required and not value:
        raise FieldError("required")
    if len(value) > max_length:
        raise FieldError("too-long")
    return value


def check_resident_id(value: str) -> str:
    """An 18-character resident identity number with a valid birth date and check character
    (GB 11643-1999, ISO 7064 MOD 11-2)."""
    text = ascii_digits(value).strip().upper().replace(" ", "")
    if not re.fullmatch(r"\d{17}[\dX]", text):
        raise FieldError("id-number-format")
    try:
        date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise FieldError("id-number-date") from None
    total = sum(int(d) * w for d, w in zip(text[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != text[17]:
        raise FieldError("id-number-check")
    return text


def check_uscc(value: str) -> str:
    """An 18-character unified social credit code with a valid check character (GB 32100-2015)."""
    text = ascii_digits(value).strip().upper().replace(" ", "")
    if len(text) != 18 or any(ch not in USCC_CHARS for ch in text):
        raise FieldError("uscc-format")
    total = sum(USCC_CHARS.index(ch) * w for ch, w in zip(text[:17], USCC_WEIGHTS, strict=True))
    expected = (31 - total % 31) % 31
    if USCC_CHARS[expected] != text[17]:
        raise FieldError("uscc-check")
    return text


def check_case_number(value: str) -> str:
    """A case number such as （2024）京0105执1234号: checked loosely (a digit, and the closing 号
    that the letters do not add), because courts' and agencies' formats vary."""
    text = case_number_digits(clean_text(value))
    if not text:
        raise FieldError("required")
    if not re.search(r"\d", text) or not text.endswith("号"):
        raise FieldError("case-number-format")
    return text


def check_phone(value: str) -> str:
    """A telephone number: digits with optional +, spaces, hyphens and brackets; 5 to 20 digits
    (full-width digits and signs are accepted and printed as ASCII)."""
    text = clean_text(ascii_digits(value))
    digits = re.sub(r"\D", "", text)
    if not re.fullmatch(r"[\d+\-() ]+", text) or not 5 <= len(digits) <= 20:
        raise FieldError("phone-format")
    return text


def check_date_parts(year: str, month: str, day: str, today: date, *, allow_future: bool = False) -> date:
    """Three date parts as typed; the date must be real, from 1990 on, and not after today."""
    parts = [ascii_digits(p).strip() for p in (year, month, day)]
    if not any(parts):
        raise FieldError("required")
    if not all(parts):
        raise FieldError("date-incomplete")
    if (
        not all(p.isascii() and p.isdigit() for p in parts)
        or len(parts[0]) != 4
        or len(parts[1]) > 2
        or len(parts[2]) > 2
    ):
        raise FieldError("date-invalid")
    try:
        when = date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise FieldError("date-invalid") from None
    if when.year < 1990:
        raise FieldError("date-too-early")
    if not allow_future and when > today:
        raise FieldError("date-future")
    return when


def _check_mod11(text: str) -> bool:
    """The ISO 7064 MOD 11-2 check character of an 18-character identity number (GB 11643-1999)."""
    total = sum(int(d) * w for d, w in zip(text[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == text[17]


# The number formats of the identity documents other than the resident identity card.
_ID_FORMATS = {
    "hk-macao-permit": r"[HM]\d{8}(\d{2})?",
    "taiwan-permit": r"\d{8}(\d{2})?",
    "passport": r"[A-Z0-9]{5,17}",
    "foreign-permanent-resident": r"[A-Z]{3}\d{12}",
}


def check_identity_document(value: str, id_type: str) -> str:
    """An identity document number checked by the format of its type:

    * resident-id: the 18-character resident identity number (also on the residence permits of
      Hong Kong, Macao and Taiwan residents), with its birth date and check character;
    * hk-macao-permit (港澳居民来往内地通行证): H or M and 8 digits (10 on older cards);
    * taiwan-permit (台湾居民来往大陆通行证): 8 digits (10 on older cards);
    * passport: 5 to 17 letters and digits, at least one digit (formats vary by country);
    * foreign-permanent-resident (外国人永久居留身份证): 3 letters and 12 digits (2017 card), or
      18 characters beginning with 9 with a check character (2023 card).
    Full-width characters are folded first; spaces are dropped; letters are upper-cased."""
    if id_type == "resident-id":
        return check_resident_id(value)
    if id_type not in _ID_FORMATS:
        raise FieldError("invalid")
    text = ascii_digits(value).strip().upper().replace(" ", "").replace("-", "")
    if id_type == "foreign-permanent-resident" and re.fullmatch(r"9\d{16}[\dX]", text):
        if not _check_mod11(text):
            raise FieldError("id-number-check")
        return text
    if not re.fullmatch(_ID_FORMATS[id_type], text) or not re.search(r"\d", text):
        raise FieldError(f"{id_type}-format")
    return text


def check_party_identifier(value: str, party_kind: str) -> str:
    """Another party's identifier: an organisation's unified social credit code, or a person's
    resident identity number (18 characters ending in a digit or X), or another identity document
    number, which is accepted if it fits any of the other types' formats."""
    if party_kind == "organisation":
        return check_uscc(value)
    text = ascii_digits(value).strip().upper().replace(" ", "")
    if re.fullmatch(r"\d{17}[\dX]", text):
        return check_resident_id(text)
    for id_type in ID_TYPES[1:]:
        try:
            return check_identity_document(text, id_type)
        except FieldError:
            continue
    raise FieldError("party-id-format")


def check_postcode(value: str) -> str:
    """A postcode of the mainland: six digits (full-width accepted)."""
    text = ascii_digits(value).strip().replace(" ", "")
    if not re.fullmatch(r"\d{6}", text):
        raise FieldError("postcode-format")
    return text


def check_multiline(value: str, max_length: int) -> str:
    """Free text: cleaned, at most ``max_length`` characters and MAX_LINES lines."""
    text = clean_text(value, multiline=True)
    if len(text) > max_length:
        raise FieldError("too-long")
    # Every line break counts, not only "\n": U+2028/U+2029 survive cleaning and break lines in
    # the letter too (str.splitlines knows them all), and uncounted they cost seconds of layout.
    if len(text.splitlines()) > MAX_LINES:
        raise FieldError("too-many-lines")
    return text
