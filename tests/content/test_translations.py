"""Every shipped locale is complete: no missing or fuzzy entry, placeholders identical to the source,
and the catalogue compiles without errors."""

import re
from pathlib import Path

import pytest
from babel.messages import checkers
from babel.messages.pofile import read_po

from clinic.i18n import TRANSLATED

ROOT = Path(__file__).resolve().parents[2]
LOCALES = TRANSLATED
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{[a-z0-9_]+\}")


def template():
    with (ROOT / "translations" / "messages.pot").open("rb") as handle:
        return read_po(handle)


def catalogue(locale):
    with (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def key(message):
    return message.id if isinstance(message.id, str) else message.id[0]


def test_the_template_is_up_to_date_with_the_sources():
    """Every translatable string in the templates, code and content is in messages.pot."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    # babel.cfg is the one list of what is extracted (the content check reads it too).
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = {
        message if isinstance(message, str) else message[0]
        for _f, _l, message, _c, _ctx in extract_from_dir(
            str(ROOT),
            method_map,
            options_map,
            keywords={"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2)},
        )
    }
    known = {key(m) for m in template() if m.id}
    missing = sorted(found - known)
    assert missing == [], f"run `flask --app app translate extract` and `update`: {missing[:5]}"


@pytest.mark.parametrize("locale", LOCALES)
def test_locale_is_complete_and_not_fuzzy(locale):
    source = {key(m): m for m in template() if m.id}
    translated = {key(m): m for m in catalogue(locale) if m.id}
    missing = [
        k
        for k in source
        if k not in translated
        or not translated[k].string
        or (isinstance(translated[k].string, tuple) and not all(translated[k].string))
    ]
    fuzzy = [k for k in source if k in translated and translated[k].fuzzy]
    assert missing == [], f"{len(missing)} untranslated in {locale}, e.g. {missing[:3]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy in {locale}, e.g. {fuzzy[:3]}"


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_match_the_source(locale):
    problems = []
    for message in catalogue(locale):
        if not message.id or not message.string:
            continue
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        expected = set().union(*(set(PLACEHOLDER.findall(s)) for s in sources))
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for string in strings:
            # The same names (a translation may repeat a name where its grammar needs it).
            if isinstance(message.id, str) and set(PLACEHOLDER.findall(string)) != set(PLACEHOLDER.findall(message.id)):
                problems.append(key(message))
            elif not isinstance(message.id, str) and not set(PLACEHOLDER.findall(string)) <= expected:
                problems.append(key(message))
    assert problems == []


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_passes_babels_checks(locale):
    cat = catalogue(locale)
    errors = []
    for message in cat:
        if not message.id or not message.string:
            continue
        for check in (checkers.python_format, checkers.num_plurals):
            try:
                check(cat, message)
            except Exception as error:  # TranslationError
                errors.append(f"{key(message)[:50]}: {error}")
    assert errors == []


@pytest.mark.parametrize("locale", LOCALES)
def test_glossary_exists(locale):
    glossary = ROOT / "translations" / locale / "glossary.md"
    assert glossary.exists() and "|" in glossary.read_text(encoding="utf-8")
