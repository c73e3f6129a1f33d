"""The official texts of the cited articles: the checks on broken fixture content, and the rule that
every article the real content cites has its official text or says that none was found."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from clinic.catalogue import find_problems, load_catalogue
from tests.conftest import VALID_CATALOGUE as VALID
from tests.conftest import copy_catalogue, edit

CONTENT = Path(__file__).parent.parent.parent / "clinic" / "content"
TEXTS = "articles/sample-law.yaml"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture content."""
    return copy_catalogue(tmp_path)


def messages(root: Path) -> list[str]:
    return [str(problem) for problem in find_problems(root)]


def test_the_fixture_texts_load() -> None:
    catalogue = load_catalogue(VALID)
    text = catalogue.official_text("sample-law", "2015", "objection")
    assert text is not None and text.text_zh.startswith("第十条") and text.sources == ("P1",)
    assert text.reading["en"].startswith("Article 10")
    assert catalogue.official_text("sample-law", "2020", "new-right") is None  # listed as not found
    # A version left out names the instrument's only version.
    assert catalogue.official_text("old-rule", "2020", "repair") is None


def _drop_not_found(data: dict[str, Any]) -> None:
    data["not_found"] = []


def _quote_uncited(data: dict[str, Any]) -> None:
    data["texts"].append({**data["texts"][0], "article": "not-cited"})


def _unknown_source(data: dict[str, Any]) -> None:
    data["texts"][0]["source"] = "P99"


def _primary_on_secondary(data: dict[str, Any]) -> None:
    data["texts"][0]["source"] = "W1"


def _secondary_one_copy(data: dict[str, Any]) -> None:
    data["texts"][1]["source"] = "W1"


def _unknown_version(data: dict[str, Any]) -> None:
    data["texts"][0]["version"] = "1999"


def _no_version(data: dict[str, Any]) -> None:
    del data["texts"][0]["version"]


def _twice(data: dict[str, Any]) -> None:
    data["not_found"].append({"article": "objection", "version": "2015", "searched": "again"})


def _wrong_instrument(data: dict[str, Any]) -> None:
    data["instrument"] = "new-rule"


def _schema(data: dict[str, Any]) -> None:
    data["texts"][0]["status"] = "official"


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (_drop_not_found, "article 'new-right' of version 2020 has neither its official text"),
        (_quote_uncited, "does not cite article 'not-cited'"),
        (_unknown_source, "source key 'P99' is not in sources.yaml"),
        (_primary_on_secondary, "status primary but no source is primary"),
        (_secondary_one_copy, "a secondary text needs two agreeing copies"),
        (_unknown_version, "unknown version '1999'"),
        (_no_version, "the instrument has several versions"),
        (_twice, "article 'objection' of version 2015 is listed twice"),
        (_wrong_instrument, "does not match the file name 'sample-law'"),
        (_schema, "schema: texts/0/status"),
    ],
)
def test_a_broken_texts_file_is_reported(
    content: Path, change: Callable[[dict[str, Any]], None], fragment: str
) -> None:
    edit(content, TEXTS, change)
    found = messages(content)
    assert any(fragment in message and message.startswith(TEXTS) for message in found), found


def test_an_instrument_without_a_texts_file_is_reported(content: Path) -> None:
    (content / "articles" / "new-rule.yaml").unlink()
    assert (
        "articles/new-rule.yaml:1: article 'repair' of version 2026 has neither its official text (texts) nor a not_found entry"
        in messages(content)
    )


def test_a_source_cited_only_by_a_text_counts_as_cited(content: Path) -> None:
    entry = {
        "title": "A copy",
        "url": "https://example.org/copy",
        "publisher": "example.org",
        "kind": "secondary",
        "seen": "2025-01-01",
    }
    edit(content, "sources.yaml", lambda data: data["sources"].update({"W9": entry}))
    assert any("'W9' is cited nowhere" in message for message in messages(content))
    edit(content, TEXTS, lambda data: data["texts"][1].update({"source": ["W1", "W9"]}))
    assert messages(content) == []


# --- the real content -----------------------------------------------------------------------------


def test_every_cited_article_has_its_text_or_says_it_was_not_found() -> None:
    catalogue = load_catalogue(CONTENT)
    documents = {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in (CONTENT / "articles").glob("*.yaml")
    }
    for instrument in catalogue.instruments:
        listed = documents[instrument.id]
        not_found = {(entry["version"], entry["article"]) for entry in listed.get("not_found") or []}
        for version in instrument.versions:
            for key in version.articles:
                has_text = catalogue.official_text(instrument.id, version.id, key) is not None
                assert has_text != ((version.id, key) in not_found), (instrument.id, version.id, key)


_DIGITS = "零一二三四五六七八九"


def _chinese(number: int) -> str:
    """An article number as printed in Chinese law (第二百零一条), for numbers below 10000."""
    parts, zero = [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit:
            if zero and parts:
                parts.append("零")
            parts.append(("" if unit == "十" and number < 20 else _DIGITS[digit]) + unit)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


def test_chinese_numbers() -> None:
    assert [_chinese(n) for n in (1, 10, 12, 20, 101, 125, 201, 236, 1029, 1037)] == [
        "一", "十", "十二", "二十", "一百零一", "一百二十五", "二百零一", "二百三十六", "一千零二十九", "一千零三十七"
    ]  # fmt: skip


def test_each_whole_article_text_starts_with_its_own_number() -> None:
    """A quoted article begins 第N条 with the number the file gives (the first of a range)."""
    catalogue = load_catalogue(CONTENT)
    for text in catalogue.article_texts.values():
        if text.paragraph is None and text.number.split("-")[0].isdigit():
            first = int(text.number.split("-")[0])
            assert text.text_zh.startswith(f"第{_chinese(first)}条"), (text.instrument, text.version, text.article)


def test_a_primary_text_label_needs_the_official_wording_stored_from_a_primary_source(tmp_path):
    """The label may never claim more than the evidence kept in the repository."""
    from clinic.bundle import find_content_problems

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parents[2] / "clinic" / "content", content)
    texts = content / "articles" / "civil-procedure-law.yaml"
    # Drop the stored wording of one article labelled primary-text: the label is then unsupported.
    text = texts.read_text(encoding="utf-8").replace("status: primary", "status: secondary", 1)
    texts.write_text(text, encoding="utf-8")
    problems = [str(p) for p in find_content_problems(content)]
    assert any("labelled primary-text, but no official text from a primary source" in p for p in problems)
