"""Read the content files, validate them, and build the :class:`Catalogue`.

``load_catalogue`` raises :class:`CatalogueError` listing every problem at once; ``find_problems``
returns the same problems as :class:`Problem` objects without raising.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import (  # type: ignore[import-untyped, unused-ignore]
    Draft202012Validator,
    FormatChecker,
)

from clinic.catalogue import checks
from clinic.catalogue.model import (
    Article,
    Catalogue,
    CatalogueError,
    Confirm,
    Duration,
    FieldVerification,
    Instrument,
    LegalBasis,
    ListRegime,
    Note,
    Period,
    Problem,
    RawDocument,
    Remedy,
    Source,
    TimedRule,
    Version,
)

#: Content kinds: folder name -> schema file name.
KINDS: Mapping[str, str] = {
    "instruments": "instrument.schema.json",
    "lists": "list.schema.json",
    "remedies": "remedy.schema.json",
}
CATALOGUE_FILE = "catalogue.yaml"
#: The schemas are part of the engine's contract, so they are always read from the package.
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "content" / "schemas"


# libyaml's C parser is about ten times faster; fall back to the pure-Python one if it is missing.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ContentLoader(_SafeBase):  # type: ignore[valid-type, misc]
    """A safe YAML loader that keeps dates as strings (the schemas check them) and rejects duplicate keys."""


_ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _ContentLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return dict(loader.construct_mapping(node, deep=deep))


_ContentLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _parse_yaml(text: str) -> Any:
    # _ContentLoader derives from SafeLoader/CSafeLoader, so no arbitrary objects are built.
    return yaml.load(text, Loader=_ContentLoader)  # noqa: S506


@cache
def _validator(schema_path: Path) -> Draft202012Validator:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _pointer(parts: Any) -> str:
    return "/" + "/".join(str(p) for p in parts) if parts else ""


def _rel(path: Path, content_dir: Path) -> str:
    try:
        return path.relative_to(content_dir).as_posix()
    except ValueError:
        return path.as_posix()


def read_content(
    content_dir: Path,
) -> tuple[dict[str, Any], list[RawDocument], list[Problem]]:
    """Parse every content file and validate it against its schema.

    Returns the catalogue settings, the parsed documents (each marked schema-valid or not) and the
    problems found so far. Never raises for bad content.
    """
    problems: list[Problem] = []
    documents: list[RawDocument] = []
    meta: dict[str, Any] = {}
    meta_path = content_dir / CATALOGUE_FILE
    try:
        loaded = _parse_yaml(meta_path.read_text(encoding="utf-8"))
        if isinstance(loaded, dict):
            meta = loaded
        else:
            problems.append(Problem(CATALOGUE_FILE, "", "must be a mapping"))
    except FileNotFoundError:
        problems.append(Problem(CATALOGUE_FILE, "", "file is missing"))
    except yaml.YAMLError as exc:
        problems.append(Problem(CATALOGUE_FILE, "", f"YAML error: {exc}"))

    for kind, schema_name in KINDS.items():
        validator = _validator(SCHEMA_DIR / schema_name)
        folder = content_dir / kind
        if not folder.is_dir():
            problems.append(Problem(kind, "", "folder is missing"))
            continue
        for path in sorted(folder.iterdir()):
            rel = _rel(path, content_dir)
            if path.suffix != ".yaml":
                problems.append(Problem(rel, "", "content files must end in .yaml"))
                continue
            try:
                data = _parse_yaml(path.read_text(encoding="utf-8"))
            except yaml.YAMLError as exc:
                problems.append(Problem(rel, "", f"YAML error: {exc}"))
                continue
            errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
            for error in errors:
                problems.append(Problem(rel, _pointer(error.absolute_path), f"schema: {error.message}"))
            documents.append(RawDocument(kind, rel, path.stem, data, not errors))
    return meta, documents, problems


def _check_all(
    content_dir: Path,
) -> tuple[dict[str, Any], list[RawDocument], list[Problem]]:
    meta, documents, problems = read_content(content_dir)
    problems.extend(checks.check_content(meta, documents))
    return meta, documents, problems


def find_problems(content_dir: Path) -> list[Problem]:
    """Return every problem in the content under ``content_dir`` (empty if there is none)."""
    return _check_all(content_dir)[2]


def load_catalogue(content_dir: Path) -> Catalogue:
    """Load, validate and cross-check the content; raise CatalogueError listing every problem."""
    meta, documents, problems = _check_all(content_dir)
    if problems:
        raise CatalogueError([str(p) for p in problems])
    by_kind: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for doc in documents:
        assert isinstance(doc.data, dict)  # schema-valid documents are mappings
        by_kind[doc.kind].append(doc.data)
    instruments = {d["id"]: _instrument(d) for d in by_kind["instruments"]}
    lists = {d["id"]: _list(d) for d in by_kind["lists"]}
    remedies = {d["id"]: _remedy(d) for d in by_kind["remedies"]}
    schema = json.loads((SCHEMA_DIR / KINDS["remedies"]).read_text(encoding="utf-8"))
    runs_from = {
        option["const"]: option["description"]
        for option in schema["properties"]["filing_deadline"]["properties"]["runs_from"]["oneOf"]
    }
    return Catalogue(
        version=str(meta["version"]),
        content_hash=content_hash(meta, by_kind),
        instruments_by_id=instruments,
        lists_in_order=tuple(lists[i] for i in meta["list_order"]),
        remedies_by_id=remedies,
        runs_from=runs_from,
    )


def content_hash(meta: Mapping[str, Any], by_kind: Mapping[str, list[dict[str, Any]]]) -> str:
    """Return the first 12 hex digits of the SHA-256 of the canonical JSON of all content."""
    canonical: dict[str, Any] = {"catalogue": dict(meta)}
    for kind, docs in by_kind.items():
        canonical[kind] = sorted(docs, key=lambda d: str(d.get("id")))
    blob = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


# --- building model objects (input is schema-valid, so keys are present) -------------------------


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
