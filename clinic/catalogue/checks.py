"""Cross-file checks on the content, one function per kind of problem, and the staleness report.

Each ``check_*`` function returns a list of :class:`Problem`; ``check_content`` runs them all so
that every problem is reported at once. Only schema-valid documents are inspected in depth, but the
ids of every document are known, so one broken file does not cause a cascade of false alarms.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from typing import Any

from clinic.catalogue.evidence import check_facts_have_sources, check_primary_evidence
from clinic.catalogue.model import RawDocument
from clinic.contentfiles import Problem, YamlDoc

_ONE_DAY = timedelta(days=1)


def _valid(documents: list[RawDocument], kind: str) -> list[tuple[RawDocument, dict[str, Any]]]:
    return [(d, d.data) for d in documents if d.kind == kind and d.schema_valid and isinstance(d.data, dict)]


def _known_ids(documents: list[RawDocument], kind: str) -> set[str]:
    return {
        str(d.data["id"])
        for d in documents
        if d.kind == kind and isinstance(d.data, dict) and isinstance(d.data.get("id"), str)
    }


def _d(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def check_ids(documents: list[RawDocument]) -> list[Problem]:
    """Each id equals its file name, and no id is used twice within a kind."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], str] = {}
    for doc in documents:
        if not isinstance(doc.data, dict) or not isinstance(doc.data.get("id"), str):
            continue
        doc_id = doc.data["id"]
        if doc_id != doc.stem:
            problems.append(
                doc.at(
                    "/id",
                    f"id {doc_id!r} does not match the file name {doc.stem!r}",
                )
            )
        key = (doc.kind, doc_id)
        if key in seen:
            problems.append(
                doc.at(
                    "/id",
                    f"duplicate {doc.kind} id {doc_id!r} (also in {seen[key]})",
                )
            )
        else:
            seen[key] = doc.path
    return problems


def check_catalogue_settings(meta: YamlDoc | None, documents: list[RawDocument]) -> list[Problem]:
    """catalogue.yaml has a version string and a list_order naming every list exactly once."""
    problems: list[Problem] = []
    if meta is None or not isinstance(meta.data, dict):
        return problems  # a missing or broken file is already reported by the reader
    settings: Mapping[str, Any] = meta.data
    if not isinstance(settings.get("version"), str) or not settings["version"]:
        problems.append(meta.at("/version", "version must be a non-empty string"))
    order = settings.get("list_order")
    if not isinstance(order, list) or not all(isinstance(i, str) for i in order):
        problems.append(meta.at("/list_order", "list_order must be a list of list ids"))
        return problems
    known = _known_ids(documents, "lists")
    for index, list_id in enumerate(order):
        if list_id not in known:
            problems.append(
                meta.at(
                    f"/list_order/{index}",
                    f"unknown list {list_id!r}",
                )
            )
        if order.index(list_id) != index:
            problems.append(
                meta.at(
                    f"/list_order/{index}",
                    f"list {list_id!r} appears twice",
                )
            )
    for list_id in sorted(known - set(order)):
        problems.append(
            meta.at(
                "/list_order",
                f"list {list_id!r} is missing from list_order",
            )
        )
    return problems


def _duplicate_version_ids(doc: RawDocument, versions: list[dict[str, Any]]) -> list[Problem]:
    """Version ids must be unique within an instrument, or the successor links become ambiguous."""
    ids = [v["id"] for v in versions]
    return [
        doc.at(f"/versions/{index}/id", f"duplicate version id {version_id!r}")
        for index, version_id in enumerate(ids)
        if ids.index(version_id) != index
    ]


def _check_version_span(
    doc: RawDocument, versions: list[dict[str, Any]], index: int, in_force: date | None
) -> list[Problem]:
    """One version's dates: a sane range, not before the instrument, and meeting the next version
    exactly (so that every day in force has exactly one version)."""
    problems: list[Problem] = []
    version = versions[index]
    start, end = _d(version["in_force_from"]), _d(version["in_force_to"])
    assert start is not None
    pointer = f"/versions/{index}"
    if end is not None and end < start:
        problems.append(doc.at(pointer, "in_force_to is before in_force_from"))
    if index == 0 and in_force is not None and start < in_force:
        problems.append(doc.at(pointer, "first version starts before the instrument came into force"))
    if index + 1 < len(versions):
        problems.extend(_check_next_version(doc, version, index, end, _d(versions[index + 1]["in_force_from"])))
    return problems


def _check_next_version(
    doc: RawDocument, version: dict[str, Any], index: int, end: date | None, following: date | None
) -> list[Problem]:
    """A version that is followed by another must end, and the next one must start the day after."""
    assert following is not None
    if end is None:
        return [doc.at(f"/versions/{index}", "only the last version may have in_force_to null")]
    if following <= end:
        return [doc.at(f"/versions/{index + 1}", f"overlaps version {version['id']!r}")]
    if following != end + _ONE_DAY:
        return [doc.at(f"/versions/{index + 1}", f"gap after version {version['id']!r} (ends {end})")]
    return []


def _check_last_version(doc: RawDocument, versions: list[dict[str, Any]], repealed: date | None) -> list[Problem]:
    """The last version runs open-ended, or to the day before repeal if the instrument is repealed."""
    problems: list[Problem] = []
    last_end = _d(versions[-1]["in_force_to"])
    pointer = f"/versions/{len(versions) - 1}/in_force_to"
    if repealed is None and last_end is not None:
        problems.append(doc.at(pointer, "the instrument is not repealed, so the last version must run to null"))
    if repealed is not None and last_end != repealed - _ONE_DAY:
        problems.append(doc.at(pointer, f"the last version must end the day before repeal ({repealed - _ONE_DAY})"))
    return problems


def check_versions(documents: list[RawDocument]) -> list[Problem]:
    """Versions are in order, without overlaps or gaps, and agree with the repeal date."""
    problems: list[Problem] = []
    for doc, data in _valid(documents, "instruments"):
        versions = data["versions"]
        problems.extend(_duplicate_version_ids(doc, versions))
        in_force = _d(data["dates"]["in_force"])
        for index in range(len(versions)):
            problems.extend(_check_version_span(doc, versions, index, in_force))
        problems.extend(_check_last_version(doc, versions, _d(data["dates"]["repealed"])))
    return problems


def _check_links(
    doc: RawDocument,
    instrument_id: str,
    data: dict[str, Any],
    valid: Mapping[str, tuple[RawDocument, dict[str, Any]]],
    known: set[str],
) -> list[Problem]:
    """replaces/replaced_by name a real, different instrument that names this one back."""
    problems: list[Problem] = []
    for field, back in (("replaced_by", "replaces"), ("replaces", "replaced_by")):
        target = data[field]
        if target is None:
            continue
        if target not in known:
            problems.append(doc.at(f"/{field}", f"unknown instrument {target!r}"))
        elif target == instrument_id:
            problems.append(doc.at(f"/{field}", "an instrument cannot replace itself"))
        elif target in valid and valid[target][1][back] != instrument_id:
            problems.append(doc.at(f"/{field}", f"{target!r} does not name {instrument_id!r} in {back}"))
    return problems


def _check_successor_dates(
    doc: RawDocument, data: dict[str, Any], valid: Mapping[str, tuple[RawDocument, dict[str, Any]]]
) -> list[Problem]:
    """A replaced instrument is repealed on the day its successor's first version starts."""
    successor = data["replaced_by"]
    if successor not in valid:
        return []
    repealed = _d(data["dates"]["repealed"])
    starts = _d(valid[successor][1]["versions"][0]["in_force_from"])
    if repealed is None:
        return [doc.at("/dates/repealed", f"replaced by {successor!r} but has no repeal date")]
    if starts != repealed:
        return [doc.at("/dates/repealed", f"repealed {repealed} but {successor!r} starts {starts}")]
    return []


def check_succession(documents: list[RawDocument]) -> list[Problem]:
    """replaces/replaced_by point at real instruments, agree both ways, and meet without a gap."""
    problems: list[Problem] = []
    valid = {data["id"]: (doc, data) for doc, data in _valid(documents, "instruments")}
    known = _known_ids(documents, "instruments")
    for instrument_id, (doc, data) in valid.items():
        problems.extend(_check_links(doc, instrument_id, data, valid, known))
        problems.extend(_check_successor_dates(doc, data, valid))
    return problems


def _check_basis(
    doc: RawDocument,
    data: dict[str, Any],
    instruments: Mapping[str, dict[str, Any]],
    known: set[str],
) -> list[Problem]:
    problems: list[Problem] = []
    for index, basis in enumerate(data["legal_basis"]):
        pointer = f"/legal_basis/{index}"
        instrument_id, key = basis["instrument"], basis["article"]
        if instrument_id not in known:
            problems.append(
                doc.at(
                    f"{pointer}/instrument",
                    f"unknown instrument {instrument_id!r}",
                )
            )
            continue
        if key is None or instrument_id not in instruments:
            continue
        current = instruments[instrument_id]["versions"][-1]
        if key not in current["articles"]:
            problems.append(
                doc.at(
                    f"{pointer}/article",
                    f"article key {key!r} is missing in the version in force of {instrument_id!r} ({current['id']})",
                )
            )
    return problems


def check_references(documents: list[RawDocument]) -> list[Problem]:
    """Lists and remedies cite real instruments and article keys, and real remedies."""
    problems: list[Problem] = []
    instruments = {data["id"]: data for _, data in _valid(documents, "instruments")}
    known_instruments = _known_ids(documents, "instruments")
    known_remedies = _known_ids(documents, "remedies")
    for doc, data in _valid(documents, "lists"):
        problems.extend(_check_basis(doc, data, instruments, known_instruments))
        for index, remedy_id in enumerate(data["remedies"]):
            if remedy_id not in known_remedies:
                problems.append(doc.at(f"/remedies/{index}", f"unknown remedy {remedy_id!r}"))
    for doc, data in _valid(documents, "remedies"):
        problems.extend(_check_basis(doc, data, instruments, known_instruments))
        following = data["next_if_refused"]
        if following is not None and following not in known_remedies:
            problems.append(doc.at("/next_if_refused", f"unknown remedy {following!r}"))
        if following == data["id"]:
            problems.append(doc.at("/next_if_refused", "a remedy cannot be its own next step"))
    return problems


def check_remedies_reachable(documents: list[RawDocument]) -> list[Problem]:
    """Every remedy is offered by at least one list (otherwise no user can reach it)."""
    offered = {r for _, data in _valid(documents, "lists") for r in data["remedies"]}
    if not _valid(documents, "lists"):
        return []
    return [
        doc.at("/id", f"remedy {data['id']!r} is not offered by any list")
        for doc, data in _valid(documents, "remedies")
        if data["id"] not in offered
    ]


def _source_entries(node: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every source object in a document, with its JSON pointer."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "sources" and isinstance(value, list):
                for index, source in enumerate(value):
                    if isinstance(source, dict):
                        yield f"{pointer}/sources/{index}", source
            else:
                yield from _source_entries(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _source_entries(value, f"{pointer}/{index}")


def _check_source(doc: RawDocument, pointer: str, key: str, url: Any, entries: Mapping[str, Any]) -> Problem | None:
    """One cited source: its key is registered and its address (if given) is one the registry knows."""
    entry = entries.get(key)
    if entry is None:
        return doc.at(f"{pointer}/key", f"source key {key!r} is not in sources.yaml")
    if url not in (None, entry["url"], *entry.get("also_at", ())):
        return doc.at(f"{pointer}/url", f"the url of source {key!r} differs from sources.yaml ({entry['url']})")
    return None


def _check_currency(doc: RawDocument, entries: Mapping[str, Any], used: set[str]) -> list[Problem]:
    """An instrument's amendment check names a registered source exactly when it was made, and a
    newer text can only be known from a check."""
    currency = doc.data.get("currency") if doc.kind == "instruments" and isinstance(doc.data, dict) else None
    if not isinstance(currency, dict):
        return []
    key, checked = currency["source"], currency["checked"]
    if key is not None:
        used.add(key)
        if key not in entries:
            return [doc.at("/currency/source", f"source key {key!r} is not in sources.yaml")]
    if (key is None) != (checked is None):
        return [doc.at("/currency", "give both the day of the amendment check (checked) and its source, or neither")]
    if currency["newer_known"] is not None and checked is None:
        return [doc.at("/currency/newer_known", "a newer text can only be known from a check: set checked and source")]
    return []


def check_sources(
    registry: YamlDoc | None, documents: list[RawDocument], cited_elsewhere: Iterable[str] | None = ()
) -> list[Problem]:
    """Every source key is in the registry, with the registry's address (or none: the registry's
    applies); every registry entry is cited somewhere. ``cited_elsewhere`` holds keys cited outside
    the records (the article texts), or None when they could not all be read."""
    if registry is None or not isinstance(registry.data, dict):
        return []  # a missing or broken registry is already reported by the reader
    entries: Mapping[str, Any] = registry.data["sources"]
    problems: list[Problem] = []
    used: set[str] = set(cited_elsewhere or ())
    for doc in [d for d in documents if d.schema_valid]:
        for pointer, source in _source_entries(doc.data, ""):
            key = source["key"]
            used.add(key)
            problem = _check_source(doc, pointer, key, source.get("url"), entries)
            if problem is not None:
                problems.append(problem)
        problems.extend(_check_currency(doc, entries, used))
    if cited_elsewhere is not None and all(d.schema_valid for d in documents):
        # an unused entry is only certain when every document could be searched for citations
        problems.extend(
            registry.at(f"/sources/{key}", f"source {key!r} is cited nowhere") for key in entries if key not in used
        )
    return problems


def check_content(
    meta: YamlDoc | None,
    documents: list[RawDocument],
    registry: YamlDoc | None = None,
    cited_elsewhere: Iterable[str] | None = (),
) -> list[Problem]:
    """Run every cross-file check and return all problems found (``cited_elsewhere``: see
    :func:`check_sources`)."""
    return [
        *check_sources(registry, documents, cited_elsewhere),
        *check_primary_evidence(registry, documents),
        *check_facts_have_sources(documents),
        *check_ids(documents),
        *check_catalogue_settings(meta, documents),
        *check_versions(documents),
        *check_succession(documents),
        *check_references(documents),
        *check_remedies_reachable(documents),
    ]
