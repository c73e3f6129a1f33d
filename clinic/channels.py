"""How each letter is filed (content: channels.yaml): per channel, how to deliver it, how many
copies, originals to bring, fees, the proof of delivery to keep and when a posted filing is in time,
each a fact with its verification and sources. The cover sheet prints the channels of a letter's
remedy, so the delivery advice fits the body that receives it (a counter, a website, a hotline).

Pure (no Flask). The sources' keys are checked against the registry with the catalogue's other
sources (clinic.catalogue.loader reads this file for that check).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from clinic.catalogue.model import Catalogue, Source
from clinic.contentfiles import ContentError, read_optional, unknown_references

SCHEMA = "channels.schema.json"
FILE = "channels.yaml"


@dataclass(frozen=True)
class Step:
    """One fact about filing through a channel; ``topic`` says which question it answers."""

    topic: str
    text: str
    verification: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Channel:
    """A filing channel and the remedies filed through it."""

    id: str
    name_en: str
    name_zh: str
    remedies: tuple[str, ...]
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class ChannelBook:
    """Every channel, in file order."""

    channels: tuple[Channel, ...] = ()

    def for_remedy(self, remedy_id: str) -> tuple[Channel, ...]:
        """The channels a remedy is filed through (empty: the cover gives no channel advice)."""
        return tuple(c for c in self.channels if remedy_id in c.remedies)


def load_channels(directory: Path, catalogue: Catalogue) -> ChannelBook:
    """Read and check channels.yaml: the schema and known remedy ids. A remedy no channel names is
    not an error (a new letter can be added by adding files only): its cover sheet gives the
    general delivery advice. A content folder without the file has no channels. Raise ContentError."""
    doc = read_optional(directory, FILE, SCHEMA)
    if doc is None:
        return ChannelBook()
    problems = unknown_references(doc, "channels", "remedies", {remedy.id for remedy in catalogue.remedies}, "remedy")
    if problems:
        raise ContentError(problems)
    data = cast(dict[str, Any], doc.data)
    return ChannelBook(
        tuple(
            Channel(
                id=raw["id"],
                name_en=raw["name_en"],
                name_zh=raw["name_zh"],
                remedies=tuple(raw["remedies"]),
                steps=tuple(
                    Step(
                        topic=step["topic"],
                        text=step["text"],
                        verification=step["verification"],
                        sources=tuple(Source(s["title"], s["url"], s["key"]) for s in step["sources"]),
                    )
                    for step in raw["steps"]
                ),
            )
            for raw in data["channels"]
        )
    )
