"""The locale registry is the one list of languages: its facts agree with CLDR, and every translated
locale has its catalogue and fonts."""

from pathlib import Path

import pytest
from babel import Locale

from clinic import config, i18n
from clinic.letters import render

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("info", i18n.LOCALES, ids=lambda info: info.id)
def test_each_entry_agrees_with_cldr(info):
    locale = Locale.parse(info.id)
    assert info.direction == locale.text_direction
    assert Locale.parse(info.tag, sep="-") == locale


@pytest.mark.parametrize("locale", i18n.TRANSLATED)
def test_each_translated_locale_has_a_catalogue_and_a_status(locale):
    assert (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").exists()
    assert i18n.locale_info(locale).status


def test_settings_fonts_and_reading_copies_come_from_the_registry():
    assert config.LOCALES == i18n.LOCALE_IDS
    assert set(render.FONT_FAMILIES) == {font for info in i18n.LOCALES for font in info.fonts}
    assert i18n.reading_copy(i18n.LETTER_LOCALE) is None
    assert [i18n.reading_copy(locale).id for locale in ("en", "zh_Hant_TW", "ug")] == ["en", "zh_Hant_TW", "ug"]


def test_accept_language_maps_to_the_registry():
    enabled = i18n.LOCALE_IDS
    assert i18n.choose_locale(None, ["ug-CN"], enabled) == "ug"
    assert i18n.choose_locale(None, ["zh-HK"], enabled) == "zh_Hant_TW"
    assert i18n.choose_locale(None, ["zh"], enabled) == "zh_Hans_CN"
    assert i18n.choose_locale(None, ["fr", "en-GB"], enabled) == "en"
    assert i18n.choose_locale(None, ["fr"], ("en", "ug")) == "en"
