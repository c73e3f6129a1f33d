"""The follow-up buttons a saved or downloaded letter offers: "If you get no answer by <date>:
write a chasing letter" and "If it is refused: the next step". Each is a small form that posts the
shared details to the next letter's form (the same POST-carried mechanism as the preview's Change
button), so the next form opens filled; nothing is stored here and nothing goes into a URL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import url_for

from clinic.letters.definitions import LetterDef
from clinic.letters.followup import follow_ups
from clinic.web.context import content, content_text
from clinic.web.wording import long_date


def follow_up_views(letter: LetterDef, form: Mapping[str, Sequence[str]]) -> list[dict[str, Any]]:
    """What the follow-up component shows for a letter's form data: per follow-up, its kind, the
    next letter's title (in the reader's language and in Chinese), the remedy's title, the last
    day of the answer time in words, where the button posts and the fields it carries."""
    bundle = content()
    views = []
    for found in follow_ups(letter, form, bundle.letters, bundle.catalogue, bundle.calendar):
        views.append(
            {
                "kind": found.kind,
                "title": content_text(found.letter.title_en),
                "title_zh": found.letter.title_zh,
                "remedy": content_text(found.remedy.title),
                "date": long_date(found.no_answer_by) if found.no_answer_by else "",
                "action": url_for("letters.edit_details", letter_id=found.letter.id),
                "hidden": [(name, value) for name, values in found.form.items() for value in values],
            }
        )
    return views
