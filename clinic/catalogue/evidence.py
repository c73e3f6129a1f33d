"""The evidence behind a verification level: a fact labelled ``primary-text`` must rest on at least
one primary source (a source whose entry in sources.yaml has ``kind: primary``). A fact without
sources of its own rests on those of the record around it, as the loader's inheritance does.
Pure: no Flask, no clock."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from clinic.catalogue.model import RawDocument
from clinic.contentfiles import Problem, YamlDoc

PRIMARY_LEVEL = "primary-text"


def _labelled_facts(node: Any, inherited: list[Any], pointer: str) -> Iterator[tuple[str, list[Any]]]:
    """Every mapping labelled primary-text, with the sources it rests on."""
    if isinstance(node, dict):
        own = node.get("sources")
        sources = own if isinstance(own, list) else inherited
        if node.get("verification") == PRIMARY_LEVEL:
            yield pointer, sources
        for key, value in node.items():
            if key != "sources":
                yield from _labelled_facts(value, sources, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _labelled_facts(value, inherited, f"{pointer}/{index}")


def check_primary_evidence(registry: YamlDoc | None, documents: list[RawDocument]) -> list[Problem]:
    """A problem for each primary-text fact none of whose sources is primary in the registry."""
    if registry is None or not isinstance(registry.data, dict):
        return []  # a missing or broken registry is already reported by the reader
    entries: Mapping[str, Any] = registry.data["sources"]

    def is_primary(source: Any) -> bool:
        entry = entries.get(str(source.get("key"))) if isinstance(source, dict) else None
        return isinstance(entry, dict) and entry.get("kind") == "primary"

    return [
        doc.doc.at(f"{pointer}/verification" if pointer else "/verification", message)
        for doc in documents
        if doc.schema_valid
        for pointer, sources in _labelled_facts(doc.doc.data, [], "")
        if not any(is_primary(source) for source in sources)
        for message in [f"{pointer or 'the record'} is labelled primary-text but cites no primary source"]
    ]


UNVERIFIED_LEVEL = "unverified"
#: Parts of a record whose facts stand on their own sources: a note never borrows its record's.
_OWN_SOURCES_ONLY = frozenset({"notes"})


def _dated_facts(node: Any, inherited: list[Any], pointer: str) -> Iterator[tuple[str, str, list[Any], bool]]:
    """Every mapping with a verification level: (pointer, level, the sources it rests on, whether it
    states ``sources`` itself)."""
    if isinstance(node, dict):
        own = node.get("sources")
        sources = own if isinstance(own, list) and own else inherited
        if isinstance(node.get("verification"), str):
            yield pointer, node["verification"], sources, isinstance(own, list)
        for key, value in node.items():
            if key != "sources":
                yield from _dated_facts(value, [] if key in _OWN_SOURCES_ONLY else sources, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _dated_facts(value, inherited, f"{pointer}/{index}")


def check_facts_have_sources(documents: list[RawDocument]) -> list[Problem]:
    """A problem for each fact that rests on no source. A fact labelled unverified may have none, but
    must then say so with an explicit ``sources: []``, so that "no source" is a statement, not an
    omission."""
    problems: list[Problem] = []
    for doc in documents:
        if not doc.schema_valid:
            continue
        for pointer, level, sources, stated in _dated_facts(doc.doc.data, [], ""):
            if sources:
                continue
            where = pointer or "the record"
            if level != UNVERIFIED_LEVEL:
                problems.append(doc.at(pointer, f"{where} is labelled {level} but rests on no source"))
            elif not stated:
                problems.append(doc.at(pointer, f"{where} rests on no source: cite one, or say so with `sources: []`"))
    return problems
