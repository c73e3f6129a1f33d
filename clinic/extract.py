"""A Babel extractor for the content files: every translatable field of every YAML record becomes
a message, with the record's id (and field) as the translator comment.

Which fields are translatable is declared here once, by key name: the English text fields. Chinese
official names, ids, URLs and dates are never extracted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml

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
    }
)
SKIP_KEYS = frozenset({"id", "url", "sources"})


def _walk(node: Any, context: str, key: str | None) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        record_id = node.get("id", context) if isinstance(node.get("id"), str) else context
        for child_key, value in node.items():
            if child_key in SKIP_KEYS:
                continue
            yield from _walk(value, record_id, str(child_key))
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, context, key)
    elif isinstance(node, str) and key in TEXT_KEYS and node.strip():
        yield node, f"{context} {key}"


def _line_of(text: str, source: str) -> int:
    first = text.splitlines()[0] if text else ""
    index = source.find(first[:60])
    return source.count("\n", 0, index) + 1 if index >= 0 else 1


def extract_content(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extraction method for content YAML (see babel.cfg)."""
    source = fileobj.read().decode("utf-8")
    data = yaml.safe_load(source)
    if data is None:
        return
    seen: set[str] = set()
    for message, where in _walk(data, "content", None):
        if message in seen:
            continue
        seen.add(message)
        yield _line_of(message, source), None, message, [f"content: {where}"]


def translatable_strings(data: Any) -> list[str]:
    """Every translatable string in parsed content (for the completeness tests)."""
    return list(dict.fromkeys(message for message, _where in _walk(data, "content", None)))
