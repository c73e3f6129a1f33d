"""Wording that combines content data with translated phrases: periods, deadlines, article
labels. The web layer and the letters' cover sheet use these; templates only print the results."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date, gettext, ngettext

from clinic.catalogue import Catalogue
from clinic.catalogue.model import ArticleRef, LegalBasis, Period
from clinic.letters import pack
from clinic.letters.pack import Wording


def words() -> Wording:
    """The wording functions of this request's language, for the pure letter pack."""
    from clinic.web.context import content_text, current_locale_id

    return Wording(
        locale=current_locale_id(),
        gettext=gettext,
        ngettext=ngettext,
        content_text=content_text,
        label=enum_label,
    )


def enum_label(enum: str, value: str) -> str:
    """The translated label of a content enumeration value (see ``clinic.letters.pack``); every
    value has one (checked when the content loads)."""
    from clinic.web.context import content, content_text

    labels = content().labels
    group = {
        pack.RUNS_FROM: labels.runs_from,
        pack.COUNTING_RULE: labels.counting_rules,
        pack.VERIFICATION: labels.verification,
    }[enum]
    return content_text(group[value])


def describe_period(period: Period) -> str:
    """'10 days', '5 working days', '3 months', '1 year' in the current language."""
    return pack.describe_period(period, words())


def article_label(ref: ArticleRef | None) -> str:
    """'Article 236' (or item, paragraph); an unknown number says so."""
    return pack.article_label(ref, words())


def resolve_basis(catalogue: Catalogue, basis: LegalBasis, on: date) -> ArticleRef | None:
    """The article a citation resolves to on a date (following replaced instruments)."""
    if basis.article is None:
        return None
    return catalogue.basis_in_force(basis.instrument, basis.article, on)


def long_date(day: date) -> str:
    """A date in the locale's long format, through Babel."""
    return str(format_date(day, format="long"))


def basis_rows(catalogue: Catalogue, bases: tuple[LegalBasis, ...], on: date) -> list[dict[str, object]]:
    """Everything a page prints about each citation: the instrument, the article in force on the
    date (following replaced instruments), the version's dates and the verification level."""
    rows: list[dict[str, object]] = []
    for basis in bases:
        ref = resolve_basis(catalogue, basis, on)
        instrument = catalogue.instrument(ref.instrument if ref else basis.instrument)
        rows.append(
            {
                "title_en": instrument.title_en,
                "title_zh": instrument.title_zh,
                "doc_number": instrument.doc_number,
                "url": instrument.url,
                "article": article_label(ref) if basis.article else None,
                "in_force_from": ref.in_force_from if ref else instrument.in_force,
                "in_force_to": ref.in_force_to if ref else instrument.repealed,
                "verification": ref.verification if ref else instrument.verification,
                "last_verified": instrument.last_verified,
                "note": basis.note,
            }
        )
    return rows
