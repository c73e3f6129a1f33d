"""The official wording of the cited articles (``articles/<instrument-id>.yaml``): read, check, build.

The rules pages show, under each article they cite, the article's own words as published, so that a
reader can compare the plain-language summary with the law itself. The checks keep that promise
honest: every article the instruments cite (in every version) either has its wording or is listed
as not found, no wording is kept for an article the content does not cite, every source key
resolves, a ``primary`` wording rests on a source the registry marks primary, and a ``secondary``
one on at least two agreeing copies. Pure: no Flask, no clock.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from clinic.catalogue.model import ArticleText, RawDocument
from clinic.contentfiles import Problem, YamlDoc, load_documents, schema_problems

FOLDER = "articles"
SCHEMA = "article-texts.schema.json"


def read_texts(content_dir: Path) -> tuple[list[YamlDoc], list[Problem]]:
    """Parse and schema-check every file in ``articles/``; return the valid ones and every problem."""
    folder = content_dir / FOLDER
    if not folder.is_dir():
        return [], [Problem(FOLDER, 1, "folder is missing")]
    documents, problems = load_documents(folder, FOLDER)
    valid: list[YamlDoc] = []
    for doc in documents:
        found = schema_problems(doc, SCHEMA)
        problems.extend(found)
        if not found:
            valid.append(doc)
    return valid, problems


def source_keys(entry: Mapping[str, Any]) -> tuple[str, ...]:
    """The source keys of one text entry: ``source`` is one key or a list of keys."""
    raw = entry["source"]
    return (raw,) if isinstance(raw, str) else tuple(raw)


def used_source_keys(texts: list[YamlDoc]) -> set[str]:
    """Every source key the texts cite (so that a registry entry they alone cite counts as used)."""
    return {key for doc in texts for entry in doc.data["texts"] for key in source_keys(entry)}


def _cited(documents: list[RawDocument]) -> dict[str, dict[str, set[str]]]:
    """Instrument id -> version id -> the article keys that version cites (schema-valid files only)."""
    return {
        str(doc.data["id"]): {str(v["id"]): set(v["articles"]) for v in doc.data["versions"]}
        for doc in documents
        if doc.kind == "instruments" and doc.schema_valid and isinstance(doc.data, dict)
    }


def _entries(doc: YamlDoc) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every entry of a texts file, texts then not_found, with its JSON pointer."""
    data: dict[str, Any] = doc.data
    for part in ("texts", "not_found"):
        for index, entry in enumerate(data.get(part) or []):
            yield f"/{part}/{index}", entry


def _version_of(entry: Mapping[str, Any], versions: Mapping[str, set[str]]) -> str | None:
    """The entry's version id; left out, it is the instrument's only version (None if ambiguous)."""
    if "version" in entry:
        return str(entry["version"])
    return next(iter(versions)) if len(versions) == 1 else None


def _check_entry(
    doc: YamlDoc, pointer: str, entry: Mapping[str, Any], versions: Mapping[str, set[str]], seen: set[tuple[str, str]]
) -> list[Problem]:
    """One entry names a cited article of a real version, once."""
    version = _version_of(entry, versions)
    article = str(entry["article"])
    if version is None:
        return [doc.at(pointer, "the instrument has several versions: say which one (version)")]
    if version not in versions:
        return [doc.at(f"{pointer}/version", f"unknown version {version!r}")]
    if article not in versions[version]:
        return [
            doc.at(
                f"{pointer}/article", f"version {version} does not cite article {article!r}: quote only cited articles"
            )
        ]
    if (version, article) in seen:
        return [doc.at(f"{pointer}/article", f"article {article!r} of version {version} is listed twice")]
    seen.add((version, article))
    return []


def _check_evidence(doc: YamlDoc, pointer: str, entry: Mapping[str, Any], registry: Mapping[str, Any]) -> list[Problem]:
    """The entry's sources are registered; a primary text has a primary source, a secondary one two copies."""
    keys = source_keys(entry)
    unknown = [key for key in keys if key not in registry]
    if unknown:
        return [doc.at(f"{pointer}/source", f"source key {key!r} is not in sources.yaml") for key in unknown]
    if entry["status"] == "primary" and not any(registry[key].get("kind") == "primary" for key in keys):
        return [doc.at(f"{pointer}/status", "status primary but no source is primary in sources.yaml")]
    if entry["status"] == "secondary" and len(keys) < 2:
        return [doc.at(f"{pointer}/source", "a secondary text needs two agreeing copies (two source keys)")]
    return []


def check_texts(texts: list[YamlDoc], documents: list[RawDocument], registry: YamlDoc | None) -> list[Problem]:
    """Every problem in the article texts, given the instruments and the sources registry."""
    cited = _cited(documents)
    entries: Mapping[str, Any] = registry.data["sources"] if registry is not None else {}
    problems: list[Problem] = []
    covered: dict[str, set[tuple[str, str]]] = {}
    for doc in texts:
        instrument = str(doc.data["instrument"])
        stem = doc.path.rsplit("/", 1)[-1].removesuffix(".yaml")
        if instrument != stem:
            problems.append(doc.at("/instrument", f"instrument {instrument!r} does not match the file name {stem!r}"))
        if instrument not in cited:
            problems.append(doc.at("/instrument", f"unknown instrument {instrument!r}"))
            continue
        seen = covered.setdefault(instrument, set())
        for pointer, entry in _entries(doc):
            problems.extend(_check_entry(doc, pointer, entry, cited[instrument], seen))
            if pointer.startswith("/texts/") and registry is not None:
                problems.extend(_check_evidence(doc, pointer, entry, entries))
    if all(d.schema_valid for d in documents if d.kind == "instruments"):
        problems.extend(_missing(cited, covered))
        problems.extend(_overclaimed(documents, texts))
    return problems


def _overclaimed(documents: list[RawDocument], texts: list[YamlDoc]) -> list[Problem]:
    """An article labelled primary-text must have its official wording stored from a primary
    source: the label may never claim more than the evidence kept in the repository."""
    primary = {
        (str(doc.data["instrument"]), str(entry.get("version", "")), str(entry["article"]))
        for doc in texts
        for pointer, entry in _entries(doc)
        if pointer.startswith("/texts/") and entry.get("status") == "primary"
    }
    problems = []
    for doc in documents:
        if doc.kind != "instruments" or not isinstance(doc.data, dict):
            continue
        for vi, version in enumerate(doc.data["versions"]):
            for key, article in version["articles"].items():
                label = article.get("verification", version.get("verification"))
                found = (str(doc.data["id"]), str(version["id"]), key) in primary or (
                    str(doc.data["id"]),
                    "",
                    key,
                ) in primary
                if label == "primary-text" and not found:
                    problems.append(
                        doc.doc.at(
                            f"/versions/{vi}/articles/{key}",
                            "labelled primary-text, but no official text from a primary source is stored in articles/",
                        )
                    )
    return problems


def _missing(cited: Mapping[str, Mapping[str, set[str]]], covered: Mapping[str, set[tuple[str, str]]]) -> list[Problem]:
    """A problem for every cited article with neither its wording nor a not-found entry."""
    problems: list[Problem] = []
    for instrument, versions in sorted(cited.items()):
        have = covered.get(instrument, set())
        for version, articles in versions.items():
            problems.extend(
                Problem(
                    f"{FOLDER}/{instrument}.yaml",
                    1,
                    f"article {article!r} of version {version} has neither its official text (texts) nor a not_found entry",
                )
                for article in sorted(articles)
                if (version, article) not in have
            )
    return problems


def build_texts(texts: list[YamlDoc], documents: list[RawDocument]) -> dict[tuple[str, str, str], ArticleText]:
    """(instrument id, version id, article key) -> its wording; input already checked."""
    cited = _cited(documents)
    built: dict[tuple[str, str, str], ArticleText] = {}
    for doc in texts:
        instrument = str(doc.data["instrument"])
        for entry in doc.data["texts"]:
            version = _version_of(entry, cited[instrument])
            assert version is not None  # checked
            built[(instrument, version, entry["article"])] = ArticleText(
                instrument=instrument,
                version=version,
                article=entry["article"],
                number=entry["number"],
                paragraph=entry.get("paragraph"),
                text_zh=entry["text_zh"],
                sources=source_keys(entry),
                status=entry["status"],
                seen=date.fromisoformat(entry["seen"]),
                reading=dict(entry.get("reading") or {}),
            )
    return built
