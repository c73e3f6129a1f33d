"""After the download: what to do next, on screen and printable (the cover sheet's content as a
page). The preview's "What to do after you download" posts the same fields as the download here;
they are checked again, nothing is stored, and the page carries them on in its own buttons."""

from __future__ import annotations

from flask import Blueprint, render_template

from clinic.letters.details import as_form_data
from clinic.web import letters
from clinic.web.followups import follow_up_views
from clinic.web.guards import refills_on_bad_token

bp = Blueprint("nextsteps", __name__)


@bp.post("/letter/<letter_id>/next")
@refills_on_bad_token(letters.render_unsent_form)
def show_next(letter_id: str) -> tuple[str, int]:
    """Where to send the letter, by when, what to attach and what happens after, in the person's
    language; details that no longer pass the checks send the person back to the form."""
    letter = letters.letter_at(letter_id)
    form, details = letters._checked(letter)
    if details is None:
        return letters._render_form(letter, form, 400)
    doc = letters.compose_document(letter, details)
    data = as_form_data(details)
    hidden = [(name, value) for name, values in data.items() for value in values]
    return render_template(
        "pages/next.html",
        letter=letter,
        hidden=hidden,
        follow_ups=follow_up_views(letter, data),
        **letters.pack_context(doc, details),
    ), 200
