"""Locale choice and text direction.

Order: an explicit choice (a cookie that holds only the locale), then Accept-Language, then English.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from babel import Locale

LOCALE_COOKIE = "lang"


@dataclass(frozen=True)
class LocaleInfo:
    """What templates need about a locale: its id, BCP 47 tag, direction and own name."""

    id: str
    tag: str
    direction: str
    name: str


# Each language's name is written in that language.
_NAMES = {"en": "English", "zh_Hans_CN": "简体中文", "zh_Hant_TW": "繁體中文", "ug": "ئۇيغۇرچە"}
_TAGS = {"en": "en", "zh_Hans_CN": "zh-Hans-CN", "zh_Hant_TW": "zh-Hant-TW", "ug": "ug"}


def locale_info(locale_id: str) -> LocaleInfo:
    """Id, BCP 47 tag, direction (from CLDR) and native name of a supported locale."""
    return LocaleInfo(
        id=locale_id, tag=_TAGS[locale_id], direction=Locale.parse(locale_id).text_direction, name=_NAMES[locale_id]
    )


def match_language_tag(tag: str, enabled: Sequence[str]) -> str | None:
    """Map one Accept-Language tag to an enabled locale (zh-TW/zh-HK/zh-Hant -> Traditional, other
    zh -> Simplified, ug -> Uyghur, en-* -> English), or None."""
    parts = tag.replace("_", "-").lower().split("-")
    language = parts[0]
    candidate: str | None = None
    if language == "zh":
        rest = set(parts[1:])
        candidate = "zh_Hant_TW" if rest & {"hant", "tw", "hk", "mo"} else "zh_Hans_CN"
    elif language in ("en", "ug"):
        candidate = language
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
