"""The supported languages (one registry: tag, native name, direction, reading copy, fonts) and
the choice of a request's language.

Order: an explicit choice (a cookie that holds only the locale), then Accept-Language, then English.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

LOCALE_COOKIE = "lang"


@dataclass(frozen=True)
class LocaleInfo:
    """Everything the service knows about one interface language.

    ``id`` is the Babel/gettext locale id (the translations folder's name), ``tag`` the BCP 47 tag
    for ``lang=`` attributes, ``name`` the language's name written in that language, ``direction``
    ``ltr`` or ``rtl``, ``reading_copy`` whether a letter's pack carries a reading copy in it (not
    for Simplified Chinese: the official letter is already in that language), and ``fonts`` the font
    families its pages and letters need (``flask doctor`` checks they are installed), ``status``
    what the About-the-translations page says of the translation (English, translated where shown;
    empty for the source language).
    """

    id: str
    tag: str
    name: str
    direction: str
    reading_copy: bool
    fonts: tuple[str, ...]
    status: str = ""


def N_(message: str) -> str:  # noqa: N802 - the name gettext's extractor looks for
    """Mark a message for extraction without translating it here (it is translated where shown)."""
    return message


# The one list of supported languages, in the order the language switcher shows them. Adding a
# language: one entry here, a translations/<id>/ catalogue (flask translate init <id>), and, for a
# new script, its fonts installed by dev.sh and named in the stylesheets.
LOCALES: tuple[LocaleInfo, ...] = (
    LocaleInfo("en", "en", "English", "ltr", reading_copy=True, fonts=("Noto Serif", "Noto Sans")),
    LocaleInfo(
        "zh_Hans_CN",
        "zh-Hans-CN",
        "简体中文",
        "ltr",
        reading_copy=False,
        fonts=("Noto Serif CJK SC", "Noto Sans CJK SC"),
        status=N_(
            "Complete. Translated with AI assistance, following a glossary of legal terms; not yet reviewed by an "
            "independent lawyer."
        ),
    ),
    LocaleInfo(
        "zh_Hant_TW",
        "zh-Hant-TW",
        "繁體中文",
        "ltr",
        reading_copy=True,
        fonts=("Noto Serif CJK TC", "Noto Sans CJK TC"),
        status=N_(
            "Complete. A separate translation in Taiwan and Hong Kong usage, not a conversion of the Simplified "
            "text, made with AI assistance; not yet reviewed by an independent lawyer."
        ),
    ),
    LocaleInfo(
        "ug",
        "ug",
        "ئۇيغۇرچە",
        "rtl",
        reading_copy=True,
        fonts=("Noto Naskh Arabic",),
        status=N_(
            "Complete. Translated with AI assistance, following a glossary of legal terms; not yet reviewed by a "
            "native-speaking lawyer."
        ),
    ),
)
LOCALE_IDS: tuple[str, ...] = tuple(info.id for info in LOCALES)
# The language the interface is written in; every other locale has a translations/<id>/ catalogue.
SOURCE_LOCALE = "en"
TRANSLATED: tuple[str, ...] = tuple(locale for locale in LOCALE_IDS if locale != SOURCE_LOCALE)
# The official letter is always in Simplified Chinese, so every pack needs its fonts.
LETTER_LOCALE = "zh_Hans_CN"
_BY_ID = {info.id: info for info in LOCALES}


def locale_info(locale_id: str) -> LocaleInfo:
    """The registry entry of a supported locale (KeyError for any other)."""
    return _BY_ID[locale_id]


def reading_copy(locale_id: str) -> LocaleInfo | None:
    """The locale of the reading copy a letter pack carries for a reader of ``locale_id``, or None
    when the pack has no reading copy (the reader reads the official letter's language)."""
    info = _BY_ID[locale_id]
    return info if info.reading_copy else None


def required_fonts() -> tuple[str, ...]:
    """Every font family some supported language needs, each once, in registry order."""
    return tuple(dict.fromkeys(font for info in LOCALES for font in info.fonts))


def match_language_tag(tag: str, enabled: Sequence[str]) -> str | None:
    """Map one Accept-Language tag to an enabled locale (zh-TW/zh-HK/zh-Hant -> Traditional, other
    zh -> Simplified, otherwise the locale of the same language, e.g. ug -> Uyghur, en-GB -> English),
    or None."""
    parts = tag.replace("_", "-").lower().split("-")
    language = parts[0]
    candidate: str | None = None
    if language == "zh":
        rest = set(parts[1:])
        candidate = "zh_Hant_TW" if rest & {"hant", "tw", "hk", "mo"} else "zh_Hans_CN"
    else:
        candidate = next((info.id for info in LOCALES if info.id.split("_")[0] == language), None)
    return candidate if candidate in enabled else None


def choose_locale(explicit: str | None, accepted: Iterable[str], enabled: Sequence[str]) -> str:
    """The locale to use: the explicit choice if enabled, else the first acceptable language, else en."""
    if explicit in enabled:
        return str(explicit)
    for tag in accepted:
        match = match_language_tag(tag, enabled)
        if match:
            return match
    return "en"


@dataclass(frozen=True)
class UnconfirmedTerm:
    """A rendering of a legal term that no native-speaking legal reviewer has confirmed yet."""

    locale: str
    zh: str
    term: str
    en: str


def unconfirmed_terms(records: object) -> tuple[UnconfirmedTerm, ...]:
    """The ``unconfirmed`` records of translation-review.yaml as terms; ValueError on a bad record.

    Parsing is separate from reading so that the page and the tests use the same rule; a locale
    that is not in the registry is refused, so a typo cannot hide a term from the page.
    """
    if not isinstance(records, dict) or not isinstance(records.get("unconfirmed"), list):
        raise ValueError("translation-review.yaml needs a list under 'unconfirmed'")
    terms = []
    for number, record in enumerate(records["unconfirmed"], start=1):
        fields = ("locale", "zh", "term", "en")
        if not isinstance(record, dict) or not all(isinstance(record.get(key), str) for key in fields):
            raise ValueError(f"unconfirmed term {number} needs the text fields {', '.join(fields)}")
        if record["locale"] not in _BY_ID:
            raise ValueError(f"unconfirmed term {number}: unknown locale {record['locale']!r}")
        terms.append(UnconfirmedTerm(record["locale"], record["zh"], record["term"], record["en"]))
    return tuple(terms)
