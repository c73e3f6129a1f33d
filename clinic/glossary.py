"""The glossary (content: glossary.yaml): legal terms in plain words, and where a text first uses
one, so that a page can link that first use to the explanation.

Pure (no Flask): the web layer translates the terms and turns the pieces found here into links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from clinic.contentfiles import ContentError, Problem, read_optional

FILE = "glossary.yaml"
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_FIELDS = ("id", "name_zh", "name_en", "explanation")


@dataclass(frozen=True)
class Term:
    """One legal term: its page anchor, its official Chinese and English names, other English
    wordings the content uses for it, and the plain explanation."""

    id: str
    name_zh: str
    name_en: str
    explanation: str
    also_en: tuple[str, ...] = ()


def load_glossary(directory: Path) -> tuple[Term, ...]:
    """Read and check glossary.yaml (every field present, ids well formed and unique); a content
    folder without it has no glossary. Raise ContentError."""
    doc = read_optional(directory, FILE)
    if doc is None:
        return ()
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise ContentError([doc.at((), "needs a list of terms")])
    problems: list[Problem] = []
    terms: list[Term] = []
    seen: set[str] = set()
    for index, raw in enumerate(cast(list[Any], data["terms"])):
        where = ("terms", index)
        if not isinstance(raw, dict) or any(
            not isinstance(raw.get(key), str) or not raw[key].strip() for key in _FIELDS
        ):
            problems.append(doc.at(where, f"a term needs {', '.join(_FIELDS)}"))
            continue
        also = raw.get("also_en", [])
        if not isinstance(also, list) or not all(isinstance(item, str) and item for item in also):
            problems.append(doc.at((*where, "also_en"), "also_en is a list of wordings"))
            continue
        if not _ID.match(raw["id"]) or raw["id"] in seen:
            problems.append(doc.at((*where, "id"), f"id {raw['id']!r} is malformed or used twice"))
            continue
        seen.add(raw["id"])
        terms.append(Term(raw["id"], raw["name_zh"], raw["name_en"], raw["explanation"], tuple(also)))
    if problems:
        raise ContentError(problems)
    return tuple(terms)


def split_at_terms(text: str, wordings: Iterable[tuple[str, str]], seen: set[str]) -> Iterator[tuple[str, str | None]]:
    """Cut ``text`` into pieces, each a term's first use on the page ``(words, term id)`` or plain
    text ``(words, None)``. ``wordings`` pairs each wording with its term id; ``seen`` holds the
    ids already linked on the page and gains those linked here, so a term is linked once per page.
    Longer wordings win ("administrative reconsideration" before "reconsideration"); matching
    ignores case and, for Latin letters, needs whole words."""
    found: list[tuple[int, int, str]] = []
    for wording, term_id in sorted(wordings, key=lambda pair: -len(pair[0])):
        if term_id in seen or not wording:
            continue
        boundary = r"\b" if wording[0].isascii() and wording[0].isalnum() else ""
        pattern = re.compile(f"{boundary}{re.escape(wording)}{boundary}", re.IGNORECASE)
        for match in pattern.finditer(text):
            start, end = match.span()
            if all(end <= s or start >= e for s, e, _ in found):
                found.append((start, end, term_id))
                seen.add(term_id)
                break
    position = 0
    for start, end, term_id in sorted(found):
        if start > position:
            yield text[position:start], None
        yield text[start:end], term_id
        position = end
    if position < len(text) or not found:
        yield text[position:], None
