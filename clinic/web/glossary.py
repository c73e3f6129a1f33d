"""The glossary page (/glossary) and the ``glossary`` template filter, which links the first use
of each legal term on a page to its plain explanation there."""

from __future__ import annotations

from flask import Blueprint, g, render_template, url_for
from markupsafe import Markup, escape

from clinic.glossary import split_at_terms
from clinic.web.context import content, content_text, current_locale_id

bp = Blueprint("glossary", __name__)


@bp.get("/glossary")
def show_glossary() -> str:
    """Every term, in content order, each with its own anchor."""
    return render_template("pages/glossary.html", terms=content().glossary)


def _wordings() -> list[tuple[str, str]]:
    """Each term's wordings a page in this language may use: the term in the reader's language
    and in Chinese, and in English the other wordings the content uses."""
    english = current_locale_id() == "en"
    pairs: list[tuple[str, str]] = []
    for term in content().glossary:
        pairs += [(content_text(term.name_en), term.id), (term.name_zh, term.id)]
        if english:
            pairs += [(wording, term.id) for wording in term.also_en]
    return pairs


@bp.app_template_filter("glossary")
def link_terms(text: str) -> Markup:
    """``text`` (escaped) with the first use on this page of each glossary term made a link.
    Which terms are linked already is kept for the request only (flask.g)."""
    seen: set[str] = g.setdefault("glossary_seen", set())
    parts = []
    for words, term_id in split_at_terms(str(text), _wordings(), seen):
        if term_id is None:
            parts.append(escape(words))
        else:
            href = url_for("glossary.show_glossary") + "#" + term_id
            parts.append(Markup('<a class="term" href="{}">{}</a>').format(href, words))
    return Markup("").join(parts)
