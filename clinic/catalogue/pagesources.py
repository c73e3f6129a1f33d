"""The sources a list's rules page relies on, each once, so that the page can name them in one place.

A rules page states facts from the list, its duration and confirmation rules, its notes, its routes
off the list (with their deadlines and notes) and the articles they cite, with those articles'
official wording. Each of these rests on sources from the registry; this module gathers them in the
order the page first relies on them. Pure: no Flask, no clock (the date whose articles the page
shows is passed in).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from clinic.catalogue.model import Catalogue, LegalBasis, ListRegime, Note, RegisteredSource, Source


def _note_sources(notes: Iterable[Note]) -> Iterator[Source]:
    for note in notes:
        yield from note.sources


def _basis_keys(catalogue: Catalogue, bases: Iterable[LegalBasis], on: date) -> Iterator[str]:
    """The sources of each cited article in the version in force on ``on`` (a whole instrument's
    own sources when the citation names no article), then those of its official wording."""
    for basis in bases:
        instrument = catalogue.instrument(basis.instrument)
        ref = catalogue.basis_in_force(basis.instrument, basis.article, on) if basis.article else None
        if ref is None:
            yield from (source.key for source in instrument.sources)
            continue
        cited = catalogue.instrument(ref.instrument)
        version = next(v for v in cited.versions if v.id == ref.version_id)
        yield from (source.key for source in version.articles[ref.article_key].sources)
        text = catalogue.official_text(ref.instrument, ref.version_id, ref.article_key)
        if text is not None:
            yield from text.sources


def _list_keys(catalogue: Catalogue, regime: ListRegime, on: date) -> Iterator[str]:
    """Every source key the page relies on, in page order, with repeats."""
    for source in (*regime.sources, *regime.duration.sources, *regime.confirm.sources, *_note_sources(regime.notes)):
        yield source.key
    yield from _basis_keys(catalogue, regime.legal_basis, on)
    for remedy in catalogue.remedies_for(regime.id):
        rules = [r for r in (remedy.filing_deadline, remedy.response_time, *remedy.earliest_filing) if r is not None]
        for source in (*remedy.sources, *(s for r in rules for s in r.sources), *_note_sources(remedy.notes)):
            yield source.key
        yield from _basis_keys(catalogue, remedy.legal_basis, on)


def sources_relied_on(catalogue: Catalogue, regime: ListRegime, on: date) -> tuple[RegisteredSource, ...]:
    """The registry entries a list's rules page relies on for the rules in force on ``on``, each
    once, in the order the page first relies on them."""
    keys = dict.fromkeys(_list_keys(catalogue, regime, on))
    return tuple(catalogue.sources[key] for key in keys)
