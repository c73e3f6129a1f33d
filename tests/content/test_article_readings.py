"""The reading translations of the official texts stay readable beside the text they translate.

The rules page prints a reading paragraph by paragraph under the official wording, so a reading
with a different number of paragraphs no longer lines up with it. The Traditional Chinese reading
is the official wording in Traditional characters, never a rewording, so it keeps the text's length
and punctuation. The Uyghur reading keeps administrative reconsideration (行政复议) apart from a
court's reconsideration (复议), as the translation review asked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

CONTENT = Path(__file__).parent.parent.parent / "clinic" / "content"
ADMINISTRATIVE_RECONSIDERATION_UG = "مەمۇرىي قايتا قاراپ چىقىش"


def _readings() -> list[tuple[str, dict[str, Any]]]:
    """Every text entry that has a reading, with a label naming its file, article and version."""
    found: list[tuple[str, dict[str, Any]]] = []
    for path in sorted((CONTENT / "articles").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in data.get("texts") or []:
            if entry.get("reading"):
                label = f"{path.stem}:{entry['article']}:{entry.get('version', '')}:{entry.get('paragraph', '')}"
                found.append((label, entry))
    return found


READINGS = _readings()


def _is_han(char: str) -> bool:
    """True for a CJK ideograph, the only characters a conversion to Traditional may change."""
    return "\u3400" <= char <= "\u9fff"


def test_there_are_readings_to_check() -> None:
    """Guards the parametrised tests below against silently checking nothing."""
    assert READINGS


@pytest.mark.parametrize(("label", "entry"), READINGS, ids=[label for label, _ in READINGS])
def test_a_reading_has_as_many_paragraphs_as_the_official_text(label: str, entry: dict[str, Any]) -> None:
    """Each paragraph of the reading sits under the paragraph it translates."""
    paragraphs = entry["text_zh"].count("\n\n")
    for language, reading in entry["reading"].items():
        assert reading.count("\n\n") == paragraphs, f"{label}: the {language} reading has a different paragraphing"


@pytest.mark.parametrize(("label", "entry"), READINGS, ids=[label for label, _ in READINGS])
def test_the_traditional_reading_is_the_same_text_in_traditional_characters(label: str, entry: dict[str, Any]) -> None:
    """Only ideographs may differ from the official text: no word, number or punctuation is changed."""
    traditional = entry["reading"].get("zh_Hant")
    if traditional is None:
        pytest.skip("no Traditional Chinese reading")
    official = entry["text_zh"]
    assert len(traditional) == len(official), f"{label}: the Traditional text is not a character-for-character copy"
    changed = [(a, b) for a, b in zip(official, traditional, strict=True) if a != b and not (_is_han(a) and _is_han(b))]
    assert not changed, f"{label}: non-ideograph characters differ: {changed[:5]}"


def test_the_uyghur_reading_names_administrative_reconsideration() -> None:
    """Where the official text says 行政复议, the Uyghur reading uses the administrative term."""
    missing = [
        label
        for label, entry in READINGS
        if "行政复议" in entry["text_zh"]
        and "ug" in entry["reading"]
        and ADMINISTRATIVE_RECONSIDERATION_UG not in entry["reading"]["ug"]
    ]
    assert not missing, f"行政复议 without {ADMINISTRATIVE_RECONSIDERATION_UG} in: {missing}"
