"""Read the catalogue files (instruments, lists, remedies), validate them, build the :class:`Catalogue`.

``load_catalogue`` raises :class:`ContentError` listing every problem at once; ``find_problems``
returns the same problems as :class:`Problem` objects without raising.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from clinic.catalogue import checks, texts
from clinic.catalogue.model import (
    Article,
    Catalogue,
    Confirm,
    Currency,
    Duration,
    FieldVerification,
    Instrument,
    LegalBasis,
    ListRegime,
    Note,
    Period,
    RawDocument,
    RegisteredSource,
    Remedy,
    Source,
    TimedRule,
    Version,
)
from clinic.contentfiles import ContentError, Problem, YamlDoc, load_schema, read_optional, read_yaml, schema_problems

#: Content kinds: folder name -> schema file name.
KINDS: Mapping[str, str] = {
    "instruments": "instrument.schema.json",
    "lists": "list.schema.json",
    "remedies": "remedy.schema.json",
}
CATALOGUE_FILE = "catalogue.yaml"
SOURCES_FILE = "sources.yaml"
HELP_FILE = "help.yaml"
CHANNELS_FILE = "channels.yaml"


@dataclass(frozen=True)
class CatalogueFiles:
    """The parsed catalogue files: settings, the sources registry, every record and the official
    texts of the cited articles (``texts_complete`` is False when a texts file could not be read)."""

    meta: YamlDoc | None
    registry: YamlDoc | None
    documents: list[RawDocument]
    texts: list[YamlDoc]
    texts_complete: bool


def _read_file(content_dir: Path, name: str, schema: str | None, problems: list[Problem]) -> YamlDoc | None:
    """One top-level file, or None (its problems added) if it cannot be read or breaks its schema."""
    try:
        doc = read_yaml(content_dir / name, name)
    except ContentError as error:
        problems.extend(error.found)
        return None
    if not isinstance(doc.data, dict):
        problems.append(doc.whole("must be a mapping"))
        return None
    found = schema_problems(doc, schema) if schema else []
    problems.extend(found)
    return None if found else doc


def read_content(content_dir: Path) -> tuple[CatalogueFiles, list[Problem]]:
    """Parse every catalogue file and validate it against its schema.

    Returns the parsed files (each record marked schema-valid or not) and the problems found so
    far. Never raises for bad content.
    """
    problems: list[Problem] = []
    documents: list[RawDocument] = []
    meta = _read_file(content_dir, CATALOGUE_FILE, None, problems)
    registry = _read_file(content_dir, SOURCES_FILE, "sources.schema.json", problems)
    for kind, schema_name in KINDS.items():
        folder = content_dir / kind
        if not folder.is_dir():
            problems.append(Problem(kind, 1, "folder is missing"))
            continue
        for path in sorted(folder.iterdir()):
            rel = f"{kind}/{path.name}"
            if path.suffix != ".yaml":
                problems.append(Problem(rel, 1, "content files must end in .yaml"))
                continue
            try:
                doc = read_yaml(path, rel)
            except ContentError as error:
                problems.extend(error.found)
                # Its id is taken from its name, so that records citing it do not cascade into
                # false "unknown" problems; it is not schema-valid, so nothing else reads it.
                documents.append(RawDocument(kind, YamlDoc(rel, {"id": path.stem}), False))
                continue
            errors = schema_problems(doc, schema_name)
            problems.extend(errors)
            documents.append(RawDocument(kind, doc, not errors))
    documents.extend(_citing_document(content_dir, "help", HELP_FILE, "help.schema.json"))
    documents.extend(_citing_document(content_dir, "channels", CHANNELS_FILE, "channels.schema.json"))
    article_texts, text_problems = texts.read_texts(content_dir)
    problems.extend(text_problems)
    return CatalogueFiles(meta, registry, documents, article_texts, not text_problems), problems


def _citing_document(content_dir: Path, kind: str, name: str, schema: str) -> list[RawDocument]:
    """help.yaml or channels.yaml, which cite registered sources too: read here only so that those
    citations are checked (and counted as uses) with every other. clinic.helplines and
    clinic.channels load them for the pages and report their own problems, so an absent or
    unreadable file adds nothing here."""
    try:
        doc = read_optional(content_dir, name)
    except ContentError:
        return []
    return [] if doc is None else [RawDocument(kind, doc, not schema_problems(doc, schema))]


def _check_all(content_dir: Path) -> tuple[CatalogueFiles, list[Problem]]:
    files, problems = read_content(content_dir)
    # A registry entry cited only by the article texts is used; unknowable if a texts file is broken.
    cited_by_texts = texts.used_source_keys(files.texts) if files.texts_complete else None
    problems.extend(checks.check_content(files.meta, files.documents, files.registry, cited_by_texts))
    problems.extend(texts.check_texts(files.texts, files.documents, files.registry))
    return files, problems


def find_problems(content_dir: Path) -> list[Problem]:
    """Return every problem in the catalogue under ``content_dir`` (empty if there is none)."""
    return _check_all(content_dir)[1]


def load_catalogue(content_dir: Path) -> Catalogue:
    """Load, validate and cross-check the catalogue; raise ContentError listing every problem."""
    files, problems = _check_all(content_dir)
    if problems or files.meta is None or files.registry is None:
        raise ContentError(problems)
    meta: dict[str, Any] = files.meta.data
    by_kind: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for doc in files.documents:
        if doc.kind not in by_kind:
            continue  # help.yaml, channels.yaml: read only for the source checks
        assert isinstance(doc.data, dict)  # schema-valid documents are mappings
        by_kind[doc.kind].append(doc.data)
    instruments = {d["id"]: _instrument(d) for d in by_kind["instruments"]}
    lists = {d["id"]: _list(d) for d in by_kind["lists"]}
    remedies = {d["id"]: _remedy(d) for d in by_kind["remedies"]}
    runs_from = {
        option["const"]: option["description"]
        for option in load_schema("common.schema.json")["$defs"]["runs_from"]["oneOf"]
    }
    return Catalogue(
        version=str(meta["version"]),
        content_hash=content_hash(meta, by_kind),
        instruments_by_id=instruments,
        lists_in_order=tuple(lists[i] for i in meta["list_order"]),
        remedies_by_id=remedies,
        runs_from=runs_from,
        sources={key: _registered(key, raw) for key, raw in files.registry.data["sources"].items()},
        article_texts=texts.build_texts(files.texts, files.documents),
    )


def content_hash(meta: Mapping[str, Any], by_kind: Mapping[str, list[dict[str, Any]]]) -> str:
    """Return the first 12 hex digits of the SHA-256 of the canonical JSON of all content."""
    canonical: dict[str, Any] = {"catalogue": dict(meta)}
    for kind, docs in by_kind.items():
        canonical[kind] = sorted(docs, key=lambda d: str(d.get("id")))
    blob = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


# --- building model objects (input is schema-valid, so keys are present) -------------------------


def _registered(key: str, raw: dict[str, Any]) -> RegisteredSource:
    return RegisteredSource(
        key=key,
        title=raw["title"],
        url=raw["url"],
        also_at=tuple(raw.get("also_at", ())),
        publisher=raw["publisher"],
        kind=raw["kind"],
        seen=_req_date(raw["seen"]),
    )


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _req_date(value: str) -> date:
    return date.fromisoformat(value)


def _sources(raw: list[dict[str, Any]] | None, default: tuple[Source, ...]) -> tuple[Source, ...]:
    if not raw:
        return default
    return tuple(Source(s["title"], s["url"], s["key"]) for s in raw)


def _notes(raw: list[dict[str, Any]] | None, default_date: date) -> tuple[Note, ...]:
    return tuple(
        Note(
            n["text"],
            n["verification"],
            _date(n.get("last_verified")) or default_date,
            _sources(n["sources"], ()),
        )
        for n in raw or []
    )


def _period(raw: dict[str, Any] | None) -> Period | None:
    return None if raw is None else Period(raw["count"], raw["unit"])


def _basis(raw: list[dict[str, Any]]) -> tuple[LegalBasis, ...]:
    return tuple(LegalBasis(b["instrument"], b["article"], b.get("note")) for b in raw)


def _instrument(d: dict[str, Any]) -> Instrument:
    lv = _req_date(d["last_verified"])
    sources = _sources(d["sources"], ())
    versions = []
    for v in d["versions"]:
        v_lv = _date(v.get("last_verified")) or lv
        v_sources = _sources(v.get("sources"), sources)
        articles = {
            key: Article(
                key=key,
                number=a["number"],
                unit=a.get("unit", "article"),
                title_en=a["title_en"],
                summary_en=a["summary_en"],
                verification=a["verification"],
                last_verified=_date(a.get("last_verified")) or v_lv,
                sources=_sources(a.get("sources"), v_sources),
            )
            for key, a in v["articles"].items()
        }
        versions.append(
            Version(
                id=v["id"],
                in_force_from=_req_date(v["in_force_from"]),
                in_force_to=_date(v["in_force_to"]),
                doc_number=v.get("doc_number"),
                verification=v["verification"],
                last_verified=v_lv,
                sources=v_sources,
                articles=articles,
            )
        )
    fields = {
        name: FieldVerification(f["verification"], f["note"], _sources(f.get("sources"), ()))
        for name, f in (d.get("field_verification") or {}).items()
    }
    dates = d["dates"]
    return Instrument(
        id=d["id"],
        title_zh=d["title_zh"],
        title_en=d["title_en"],
        short_title_en=d["short_title_en"],
        issuer_zh=d["issuer_zh"],
        issuer_en=d["issuer_en"],
        doc_number=d["doc_number"],
        kind=d["kind"],
        issued=_date(dates["issued"]),
        in_force=_req_date(dates["in_force"]),
        amended=tuple(_req_date(a) for a in dates["amended"]),
        repealed=_date(dates["repealed"]),
        url=d["url"],
        replaces=d["replaces"],
        replaced_by=d["replaced_by"],
        currency=Currency(
            _date(d["currency"]["checked"]),
            d["currency"]["newer_known"],
            d["currency"]["source"],
            d["currency"].get("limits"),
        ),
        field_verification=fields,
        verification=d["verification"],
        last_verified=lv,
        sources=sources,
        notes=_notes(d.get("notes"), lv),
        versions=tuple(versions),
    )


def _list(d: dict[str, Any]) -> ListRegime:
    lv = _req_date(d["last_verified"])
    sources = _sources(d["sources"], ())
    du, co = d["duration"], d["confirm"]
    return ListRegime(
        id=d["id"],
        name_en=d["name_en"],
        name_zh=d["name_zh"],
        operator_en=d["operator"]["en"],
        operator_zh=d["operator"]["zh"],
        legal_basis=_basis(d["legal_basis"]),
        summary=d["summary"],
        grounds=tuple(d["grounds"]),
        consequences=tuple(d["consequences"]),
        duration=Duration(
            du["text"],
            _period(du["period"]),
            du.get("verification", d["verification"]),
            _date(du.get("last_verified")) or lv,
            _sources(du.get("sources"), sources),
        ),
        confirm=Confirm(
            co["portal_name_en"],
            co["portal_name_zh"],
            co["portal_url"],
            tuple(co["what_the_entry_shows"]),
            tuple(co["steps"]),
            co.get("verification", d["verification"]),
            _date(co.get("last_verified")) or lv,
            _sources(co.get("sources"), sources),
        ),
        applies_to=tuple(d["applies_to"]),
        remedies=tuple(d["remedies"]),
        verification=d["verification"],
        last_verified=lv,
        sources=sources,
        notes=_notes(d.get("notes"), lv),
    )


def _timed(
    raw: dict[str, Any] | None,
    parent: dict[str, Any],
    lv: date,
    sources: tuple[Source, ...],
) -> TimedRule | None:
    if raw is None:
        return None
    period = _period(raw["period"])
    assert period is not None
    return TimedRule(
        case=raw.get("case"),
        period=period,
        runs_from=raw.get("runs_from"),
        note=raw["note"],
        verification=raw.get("verification", parent["verification"]),
        last_verified=_date(raw.get("last_verified")) or lv,
        sources=_sources(raw.get("sources"), sources),
    )


def _remedy(d: dict[str, Any]) -> Remedy:
    lv = _req_date(d["last_verified"])
    sources = _sources(d["sources"], ())
    earliest = tuple(t for t in (_timed(r, d, lv, sources) for r in d.get("earliest_filing") or []) if t)
    return Remedy(
        id=d["id"],
        kind=d["kind"],
        title=d["title"],
        summary=d["summary"],
        who_may_use=d["who_may_use"],
        addressee_en=d["addressee"]["en"],
        addressee_zh=d["addressee"]["zh"],
        legal_basis=_basis(d["legal_basis"]),
        when_to_file=d["when_to_file"],
        filing_deadline=_timed(d["filing_deadline"], d, lv, sources),
        earliest_filing=earliest,
        response_time=_timed(d["response_time"], d, lv, sources),
        attachments=tuple(d["attachments"]),
        letter=d["letter"],
        next_if_refused=d["next_if_refused"],
        verification=d["verification"],
        last_verified=lv,
        sources=sources,
        notes=_notes(d.get("notes"), lv),
    )
