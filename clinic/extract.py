"""A Babel extractor for the content files: every translatable field of every YAML record becomes
a message, with the record's id (and field) as the translator comment.

Which fields are translatable is declared here once, by key name: the English text fields. Chinese
official names, ids, URLs and dates are never extracted.
"""

from __future__ import annotations

import configparser
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from clinic.contentfiles import ContentError, YamlDoc, parse_yaml

# Keys whose string value (or list of strings) is English text for people to read.
TEXT_KEYS = frozenset(
    {
        "text",
        "hint",
        "summary",
        "label",
        "reason",
        "title",
        "title_en",
        "name_en",
        "issuer_en",
        "en",
        "summary_en",
        "description",
        "note",
        "grounds",
        "consequences",
        "steps",
        "attachments",
        "what_the_entry_shows",
        "who_may_use",
        "duration_text",
        "portal_name",
        "explanation",
        "own_account_label",
        "applicant_role_en",
        "when_to_file",
        "short_title_en",
        "portal_name_en",
        "operator_en",
        "when_needed",
    }
)
SKIP_KEYS = frozenset({"id", "url", "sources"})


def _walk(
    node: Any, context: str, key: str | None, path: tuple[str, ...], every: bool = False
) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    if isinstance(node, dict):
        record_id = node.get("id", context) if isinstance(node.get("id"), str) else context
        for child_key, value in node.items():
            if child_key in SKIP_KEYS:
                continue
            yield from _walk(value, record_id, str(child_key), (*path, str(child_key)), every)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _walk(item, context, key, (*path, str(index)), every)
    elif isinstance(node, str) and (every or key in TEXT_KEYS) and node.strip():
        yield node, f"{context} {key}", path


def translatable(doc: YamlDoc, every: bool = False) -> Iterator[tuple[str, int, str]]:
    """Every translatable string of a parsed content file, once, with its line and a comment.

    ``every`` takes every string, whatever its key (labels.yaml is keyed by enumerated values).
    """
    seen: set[str] = set()
    for message, where, path in _walk(doc.data, "content", None, (), every):
        if message not in seen:
            seen.add(message)
            yield message, doc.line(path), where


def extract_content(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extraction method for content YAML (see babel.cfg)."""
    name = getattr(fileobj, "name", "content")
    try:
        doc = parse_yaml(fileobj.read().decode("utf-8"), str(name))
    except ContentError as error:
        # Babel would print a bare traceback; say which file and line to fix instead.
        raise SystemExit(str(error)) from None
    every = str(options.get("all_strings", "")).lower() == "true"
    for message, line, where in translatable(doc, every):
        yield line, None, message, [f"content: {where}"]


def content_patterns(babel_cfg: Path) -> list[tuple[str, bool]]:
    """The content files babel.cfg extracts, as (glob pattern relative to the content folder,
    whether every string is taken).

    babel.cfg is the one list of what is translated; the translation check reads it too.
    """
    parser = configparser.ConfigParser()
    parser.read(babel_cfg, encoding="utf-8")
    prefix = "content: clinic/content/"
    return [
        (section.removeprefix(prefix), parser.getboolean(section, "all_strings", fallback=False))
        for section in parser.sections()
        if section.startswith(prefix)
    ]
