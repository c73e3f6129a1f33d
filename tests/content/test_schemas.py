"""The content schemas themselves: valid draft 2020-12, closed objects, and documented properties."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

SCHEMAS = Path(__file__).resolve().parents[2] / "clinic" / "content" / "schemas"
# Every content schema: catalogue, letters, fields, flow and calendars.
NAMES = sorted(p.name for p in SCHEMAS.glob("*.schema.json"))


def walk(node: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (pointer, subschema) for every subschema that is a JSON object."""
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            yield from walk(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{pointer}/{index}")


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", NAMES)
def test_every_property_has_title_and_description(name: str) -> None:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    for pointer, sub in walk(schema):
        for prop, definition in sub.get("properties", {}).items() if isinstance(sub.get("properties"), dict) else []:
            assert definition.get("title") and definition.get("description"), f"{name}{pointer}/properties/{prop}"


@pytest.mark.parametrize("name", NAMES)
def test_every_object_is_closed(name: str) -> None:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    for pointer, sub in walk(schema):
        if isinstance(sub.get("properties"), dict) and "type" in sub:
            assert sub.get("additionalProperties") is False, f"{name}{pointer}"
