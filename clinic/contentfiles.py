"""Reading content files: one YAML loader, one problem type and one error for every content kind.

Flow, catalogue, sources, labels, calendars, letters, fields and scenarios are all read here, so
they all follow the same rules: duplicate keys are refused (YAML would silently keep the last one), dates stay text (the
schemas check them, and a bad date must not hide the file's other problems), a syntax error names
its file and line, and every node's line is recorded so that a problem found later, by a schema or a
cross-check, can still say ``file:line``. The JSON Schemas are validated with one registry, so they
can share definitions from ``common.schema.json`` by ``$ref``. Pure: no Flask, no clock.
"""

from __future__ import annotations

import json
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import (  # type: ignore[import-untyped, unused-ignore]
    Draft202012Validator,
    FormatChecker,
)
from referencing import Registry, Resource

#: The schemas are part of the engine's contract, so they are always read from the package.
SCHEMA_DIR = Path(__file__).resolve().parent / "content" / "schemas"
#: The base of every schema's ``$id``: ``$ref: common.schema.json#/$defs/...`` resolves against it.
SCHEMA_BASE = "https://due-process-clinic.invalid/schemas/"


@dataclass(frozen=True, order=True)
class Problem:
    """One content problem: the file (relative to the content folder), a line in it and a message."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        """Return ``path:line: message``, the form editors' tools (and editors) understand."""
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(ValueError):
    """The content has problems; every one is listed, so an editor can fix them in one pass.

    ``found`` holds the :class:`Problem` objects and ``problems`` the same as ``path:line: message``
    text.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        """Keep every problem and show them all in the message."""
        self.found: tuple[Problem, ...] = tuple(problems)
        self.problems: tuple[str, ...] = tuple(str(p) for p in self.found)
        super().__init__(f"{len(self.found)} content problem(s):\n" + "\n".join(self.problems))


# libyaml's C parser is about ten times faster; fall back to the pure-Python one if it is missing.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ContentLoader(_SafeBase):  # type: ignore[valid-type, misc]
    """A safe YAML loader that keeps dates as text and rejects duplicate keys."""


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


def _parts(where: str | Iterable[object]) -> tuple[str, ...]:
    """A location as a tuple of text parts: a JSON pointer ``/a/0`` or jsonschema's path."""
    if isinstance(where, str):
        return tuple(part for part in where.split("/") if part)
    return tuple(str(part) for part in where)


@dataclass(frozen=True)
class YamlDoc:
    """One parsed content file: its path (relative to the content folder), data and node lines."""

    path: str
    data: Any
    lines: Mapping[tuple[str, ...], int] = field(default_factory=dict, repr=False)

    def line(self, where: str | Iterable[object] = ()) -> int:
        """The line of the node at ``where`` (or of its nearest recorded parent; 1 if none)."""
        parts = _parts(where)
        while parts:
            if parts in self.lines:
                return self.lines[parts]
            parts = parts[:-1]
        return self.lines.get((), 1)

    def at(self, where: str | Iterable[object], message: str) -> Problem:
        """A problem at the node ``where`` of this file."""
        return Problem(self.path, self.line(where), message)

    def whole(self, message: str) -> Problem:
        """A problem with the file as a whole (reported on its first line)."""
        return Problem(self.path, 1, message)


def _record_lines(node: yaml.Node, path: tuple[str, ...], lines: dict[tuple[str, ...], int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, str(key_node.value))
            # A key's own line, not its value's: a block value starts on the line below the key.
            lines[child] = key_node.start_mark.line + 1
            _record_lines(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, str(index)), lines)


def _error_line(error: yaml.YAMLError) -> int:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return int(mark.line) + 1 if mark is not None else 1


def _one_line(text: str) -> str:
    return " ".join(text.split())


def parse_yaml(text: str, path: str) -> YamlDoc:
    """Parse one content file's text; raise ContentError (with the file and line) if it is not YAML."""
    # _ContentLoader derives from SafeLoader/CSafeLoader, so no arbitrary objects are built.
    loader = _ContentLoader(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or str(error)
        raise ContentError([Problem(path, _error_line(error), f"YAML error: {_one_line(problem)}")]) from None
    finally:
        loader.dispose()
    lines: dict[tuple[str, ...], int] = {}
    if node is not None:
        _record_lines(node, (), lines)
    return YamlDoc(path, data, lines)


def read_yaml(file: Path, path: str) -> YamlDoc:
    """Read and parse one content file (``path`` is how problems name it); raise ContentError."""
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([Problem(path, 1, "file is missing")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError([Problem(path, 1, f"cannot be read ({type(error).__name__})")]) from None
    return parse_yaml(text, path)


def read_optional(directory: Path, name: str, schema: str | None = None) -> YamlDoc | None:
    """Read the optional content file ``name`` in ``directory``: None when it is absent (a content
    folder made before the file existed still loads); raise ContentError if it cannot be read or,
    given a ``schema``, breaks it, so the caller parses only a well-formed document."""
    file = directory / name
    if not file.exists():
        return None
    doc = read_yaml(file, name)
    problems = schema_problems(doc, schema) if schema else []
    if problems:
        raise ContentError(problems)
    return doc


def unknown_references(doc: YamlDoc, items: str, field: str, known: Container[str], what: str) -> list[Problem]:
    """A problem for every id in ``doc.data[items][i][field]`` that is not in ``known`` (ids of the
    catalogue's ``what``: list, remedy), at the line of that field, so a typo in a content file is
    reported where it stands instead of silently matching nothing."""
    return [
        doc.at(f"/{items}/{index}/{field}", f"unknown {what} {ref!r}")
        for index, raw in enumerate(doc.data[items])
        for ref in raw[field]
        if ref not in known
    ]


def load_documents(folder: Path, prefix: str, *, skip: Iterable[str] = ()) -> tuple[list[YamlDoc], list[Problem]]:
    """Parse every ``*.yaml`` file in ``folder`` (sorted), collecting problems instead of raising.

    ``prefix`` is the folder's path relative to the content folder; files named in ``skip`` are left
    out (for example fields.yaml among the letters).
    """
    documents: list[YamlDoc] = []
    problems: list[Problem] = []
    skipped = set(skip)
    for file in sorted(folder.glob("*.yaml")):
        if file.name in skipped:
            continue
        try:
            documents.append(read_yaml(file, f"{prefix}/{file.name}"))
        except ContentError as error:
            problems.extend(error.found)
    return documents, problems


@cache
def _registry() -> Registry:
    resources = [
        (SCHEMA_BASE + file.name, Resource.from_contents(json.loads(file.read_text(encoding="utf-8"))))
        for file in sorted(SCHEMA_DIR.glob("*.schema.json"))
    ]
    return Registry().with_resources(resources)


def load_schema(name: str) -> dict[str, Any]:
    """The parsed JSON Schema ``name`` (e.g. ``letter.schema.json``)."""
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return schema


@cache
def validator(name: str) -> Draft202012Validator:
    """A checked validator for the schema ``name``, resolving ``$ref`` between the schemas."""
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=_registry(), format_checker=FormatChecker())


def schema_problems(doc: YamlDoc, schema: str) -> list[Problem]:
    """Every way ``doc`` breaks the schema ``schema``, each at the line of the offending node."""
    errors = sorted(validator(schema).iter_errors(doc.data), key=lambda e: [str(p) for p in e.absolute_path])
    return [doc.at(error.absolute_path, f"schema: {_where(error.absolute_path)}{error.message}") for error in errors]


def _where(parts: Iterable[object]) -> str:
    text = "/".join(str(p) for p in parts)
    return f"{text}: " if text else ""
