"""The sources registry holds every source (issue 14, item 4): a fact cites sources by registry key
only, a registry entry no fact uses is a problem, and a fact without any source is a problem unless
it is labelled unverified and says so with ``sources: []``. Checked on broken copies of the small
catalogue fixture."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from clinic.catalogue import find_problems
from tests.conftest import copy_catalogue, edit


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture content."""
    return copy_catalogue(tmp_path)


def messages(root: Path) -> list[str]:
    return [f"{p.path}: {p.message}" for p in find_problems(root)]


def test_the_fixture_is_clean(content: Path) -> None:
    assert messages(content) == []


def test_a_source_without_a_registry_key_is_refused(content: Path) -> None:
    edit(content, "lists/sample-list.yaml", lambda d: d["sources"][0].update(key=None))
    found = messages(content)
    assert any(m.startswith("lists/sample-list.yaml: schema:") and "key" in m for m in found), found


def test_an_unregistered_key_is_refused(content: Path) -> None:
    edit(content, "lists/sample-list.yaml", lambda d: d["sources"][0].update(key="W999"))
    assert any("source key 'W999' is not in sources.yaml" in m for m in messages(content))


def test_a_registry_entry_no_fact_uses_is_refused(content: Path) -> None:
    def add(data: dict[str, Any]) -> None:
        data["sources"]["W77"] = {
            "title": "Nobody cites me",
            "url": "https://example.org/unused",
            "publisher": "example.org",
            "kind": "secondary",
            "seen": "2026-12-07",
        }

    edit(content, "sources.yaml", add)
    assert "sources.yaml: source 'W77' is cited nowhere" in messages(content)


def test_a_record_without_sources_is_refused(content: Path) -> None:
    edit(content, "lists/sample-list.yaml", lambda d: d.update(sources=[]))
    assert any(m.startswith("lists/sample-list.yaml: schema: sources") for m in messages(content))


def test_a_verified_note_without_any_source_is_refused(content: Path) -> None:
    # A note never borrows its record's sources: labelled above unverified, it must cite its own.
    edit(content, "lists/sample-list.yaml", lambda d: d["notes"][0].update(verification="one-source"))
    assert messages(content) == [
        "lists/sample-list.yaml: /notes/0 is labelled one-source but rests on no source",
    ]


def test_an_unverified_note_may_say_it_has_no_source(content: Path) -> None:
    # The fixture's note is unverified with `sources: []`, which says so: accepted.
    data = yaml.safe_load((content / "lists" / "sample-list.yaml").read_text(encoding="utf-8"))
    assert data["notes"][0] == {"text": "An unverified point.", "verification": "unverified", "sources": []}
    assert messages(content) == []


def test_an_amendment_check_must_name_a_registered_source(content: Path) -> None:
    law = "instruments/sample-law.yaml"
    edit(content, law, lambda d: d["currency"].update(checked="2026-12-07"))
    assert any("give both the day of the amendment check" in m for m in messages(content))
    edit(content, law, lambda d: d["currency"].update(source="W404"))
    assert any("source key 'W404' is not in sources.yaml" in m for m in messages(content))
    edit(content, law, lambda d: d["currency"].update(source="P1"))
    assert messages(content) == []


def test_a_newer_text_can_only_be_known_from_a_check(content: Path) -> None:
    edit(content, "instruments/sample-law.yaml", lambda d: d["currency"].update(newer_known="A 2027 amendment"))
    assert any("a newer text can only be known from a check" in m for m in messages(content))


def test_a_registry_entry_used_only_by_an_amendment_check_counts_as_used(content: Path) -> None:
    def add(data: dict[str, Any]) -> None:
        data["sources"]["P9"] = {
            "title": "The newest text",
            "url": "https://example.org/newest",
            "publisher": "example.org",
            "kind": "primary",
            "seen": "2026-12-07",
        }

    edit(content, "sources.yaml", add)
    assert "sources.yaml: source 'P9' is cited nowhere" in messages(content)
    edit(content, "instruments/sample-law.yaml", lambda d: d["currency"].update(checked="2026-12-07", source="P9"))
    assert messages(content) == []


def test_the_real_content_cites_every_source_by_key() -> None:
    content = Path(__file__).resolve().parents[2] / "clinic" / "content"
    for path in sorted(content.glob("**/*.yaml")):
        assert "key: null" not in path.read_text(encoding="utf-8"), path.name
