"""Where to get human help (content: help.yaml): the public hotlines, each a fact with its
verification and sources, and the local organisations a deployment lists.

Pure (no Flask): the Get help page orders and prints what this returns; the server never calls or
contacts any of these. The sources' keys are checked against the registry with the catalogue's
other sources (clinic.catalogue.loader reads this file for that check).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

from clinic.catalogue.model import Catalogue, Source
from clinic.contentfiles import ContentError, read_optional, unknown_references

SCHEMA = "help.schema.json"
FILE = "help.yaml"


@dataclass(frozen=True)
class Hotline:
    """A public hotline: who it is for (``lists``, empty: everyone) and how well that is known."""

    id: str
    name_en: str
    name_zh: str
    phone: str
    web: str | None
    summary: str
    lists: tuple[str, ...]
    verification: str
    last_verified: date
    sources: tuple[Source, ...]

    @property
    def dial(self) -> str:
        """The number for a tel: link (no spaces or brackets)."""
        return dial(self.phone)


@dataclass(frozen=True)
class LocalOrganisation:
    """An organisation the deployment lists, shown as written (it is not translated)."""

    name: str
    phone: str | None = None
    address: str | None = None
    web: str | None = None
    details: str | None = None

    @property
    def dial(self) -> str | None:
        """The number for a tel: link, if there is one."""
        return dial(self.phone) if self.phone else None


@dataclass(frozen=True)
class HelpBook:
    """Everything help.yaml holds."""

    hotlines: tuple[Hotline, ...] = ()
    local: tuple[LocalOrganisation, ...] = ()


def dial(phone: str) -> str:
    """A number as a tel: URI wants it: the leading + and the digits."""
    return "".join(ch for ch in phone if ch.isdigit() or ch == "+")


def load_help(directory: Path, catalogue: Catalogue) -> HelpBook:
    """Read and check help.yaml (schema, known lists); a content folder without it has no help
    entries (a copy made before the file existed still loads). Raise ContentError."""
    doc = read_optional(directory, FILE, SCHEMA)
    if doc is None:
        return HelpBook()
    problems = unknown_references(doc, "hotlines", "lists", {regime.id for regime in catalogue.lists}, "list")
    if problems:
        raise ContentError(problems)
    data = cast(dict[str, Any], doc.data)
    hotlines = tuple(
        Hotline(
            id=raw["id"],
            name_en=raw["name_en"],
            name_zh=raw["name_zh"],
            phone=raw["phone"],
            web=raw["web"],
            summary=raw["summary"],
            lists=tuple(raw["lists"]),
            verification=raw["verification"],
            last_verified=date.fromisoformat(raw["last_verified"]),
            sources=tuple(Source(s["title"], s["url"], s["key"]) for s in raw["sources"]),
        )
        for raw in data["hotlines"]
    )
    local = tuple(LocalOrganisation(**raw) for raw in data["local_organisations"])
    return HelpBook(hotlines=hotlines, local=local)


def hotlines_in_order(book: HelpBook, list_ids: Iterable[str]) -> list[Hotline]:
    """Every hotline: those for everyone first, then those for the person's lists (``list_ids``,
    best first), then the rest in file order, so the ones that matter come before the scroll."""
    wanted = list(list_ids)

    def rank(hotline: Hotline) -> int:
        if not hotline.lists:
            return -1
        hits = [wanted.index(i) for i in hotline.lists if i in wanted]
        return min(hits) if hits else len(wanted)

    return sorted(book.hotlines, key=rank)
