"""The labels of content enumerations (clinic/content/labels.yaml), checked against the enums.

Each group of labels belongs to one enumeration whose values are defined elsewhere: in a JSON
Schema (verification levels, runs_from events, remedy kinds) or in the deadline code (counting
rules). Loading fails if a value has no label, or a label no value, so a page can look labels up
with ``[key]`` and never print a blank. The labels are English gettext sources; the web layer
translates them. Pure: no Flask, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from clinic.contentfiles import ContentError, Problem, YamlDoc, load_schema, read_yaml, schema_problems
from clinic.deadlines.periods import RULE_CALENDAR_DAYS, RULE_WORKING_DAYS

LABELS_FILE = "labels.yaml"


def _schema_enum(schema: str, *path: str) -> tuple[str, ...]:
    node: Any = load_schema(schema)
    for part in path:
        node = node[part]
    if "oneOf" in node:
        return tuple(str(option["const"]) for option in node["oneOf"])
    return tuple(str(value) for value in node["enum"])


def enumerations() -> dict[str, tuple[str, ...]]:
    """Label group -> the values it must label, read from where each enumeration is defined."""
    return {
        "verification": _schema_enum("common.schema.json", "$defs", "verification"),
        "runs_from": _schema_enum("common.schema.json", "$defs", "runs_from"),
        "counting_rules": (RULE_CALENDAR_DAYS, RULE_WORKING_DAYS),
        "remedy_kinds": _schema_enum("remedy.schema.json", "properties", "kind"),
    }


@dataclass(frozen=True)
class Labels:
    """Per group, value -> English label. Look labels up with ``[value]``: every value has one."""

    verification: Mapping[str, str]
    runs_from: Mapping[str, str]
    counting_rules: Mapping[str, str]
    remedy_kinds: Mapping[str, str]


def check_labels(doc: YamlDoc, enums: Mapping[str, tuple[str, ...]]) -> list[Problem]:
    """Every enumerated value has a label and every label names a value (schema-valid ``doc``)."""
    problems: list[Problem] = []
    for group, values in enums.items():
        labelled = doc.data[group]
        for value in values:
            if value not in labelled:
                problems.append(doc.at(f"/{group}", f"{group}: the value {value!r} has no label"))
        for value in labelled:
            if value not in values:
                problems.append(doc.at(f"/{group}/{value}", f"{group}: {value!r} is not a value of the enumeration"))
    return problems


def load_labels(directory: Path) -> Labels:
    """Read and check labels.yaml under the content folder; raise ContentError with every problem."""
    doc = read_yaml(directory / LABELS_FILE, LABELS_FILE)
    problems = schema_problems(doc, "labels.schema.json")
    if not problems:
        problems = check_labels(doc, enumerations())
    if problems:
        raise ContentError(problems)
    groups = {group: MappingProxyType(dict(doc.data[group])) for group in enumerations()}
    return Labels(**groups)
