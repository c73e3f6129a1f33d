"""How to tell two lists apart when both fit the answers (content: tell-apart.yaml), so the result
page can say "it is one of these two, and here is how to find out" instead of ranking silently."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from clinic.catalogue.model import Catalogue, LegalBasis
from clinic.contentfiles import ContentError, read_yaml, schema_problems
from clinic.eligibility.parse import cites_known

SCHEMA = "tell-apart.schema.json"


@dataclass(frozen=True)
class TellApart:
    """Two lists that can both fit, and the ways to tell which one applies."""

    lists: frozenset[str]
    summary: str
    steps: tuple[str, ...]
    portal_url: str
    basis: tuple[LegalBasis, ...]
    verification: str


def load_tell_apart(path: Path, catalogue: Catalogue) -> tuple[TellApart, ...]:
    """Read and check the file (schema, known lists, cited articles); raise ContentError."""
    doc = read_yaml(path, path.name)
    problems = schema_problems(doc, SCHEMA)
    if problems:
        raise ContentError(problems)
    data = cast(dict[str, Any], doc.data)
    known = {regime.id for regime in catalogue.lists}
    pairs: list[TellApart] = []
    for index, raw in enumerate(data["pairs"]):
        for list_id in raw["lists"]:
            if list_id not in known:
                problems.append(doc.at(f"/pairs/{index}/lists", f"unknown list {list_id!r}"))
        basis = tuple(LegalBasis(b["instrument"], b.get("article"), b.get("note")) for b in raw["basis"])
        problems += [
            doc.at(f"/pairs/{index}/basis", f"unknown citation {b.instrument}/{b.article}")
            for b in basis
            if not cites_known(catalogue, b)
        ]
        pairs.append(
            TellApart(
                lists=frozenset(raw["lists"]),
                summary=raw["summary"],
                steps=tuple(raw["steps"]),
                portal_url=raw["portal_url"],
                basis=basis,
                verification=raw["verification"],
            )
        )
    if problems:
        raise ContentError(problems)
    return tuple(pairs)


def tell_apart_for(pairs: Sequence[TellApart], first: str, second: str) -> TellApart | None:
    """The entry for these two lists, in either order, or None."""
    return next((pair for pair in pairs if pair.lists == {first, second}), None)
