"""Frozen data classes for the content catalogue and the lookups the rest of the app needs.

Every fact carries its verification status, the date it was last verified and its sources; sub-facts
that do not state their own inherit them from the record they belong to (resolved by the loader).
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from clinic.contentfiles import ContentError, YamlDoc
from clinic.contentfiles import Problem as Problem
from clinic.deadlines.periods import Period as Period

#: The catalogue's content errors are the one content error (kept under this name for callers).
CatalogueError = ContentError


@dataclass(frozen=True)
class Source:
    """One source for a fact: a title, an address (or None: the registry's applies) and its key in the
    sources registry, where every source is described once."""

    title: str
    url: str | None
    key: str


@dataclass(frozen=True)
class RegisteredSource:
    """An entry of the sources registry (sources.yaml): what the source is and how far to trust it."""

    key: str
    title: str
    url: str
    also_at: tuple[str, ...]
    publisher: str
    kind: str
    seen: date

    @property
    def primary(self) -> bool:
        """Whether the source is the official text itself."""
        return self.kind == "primary"


@dataclass(frozen=True)
class Note:
    """A plain-English fact with its own verification status."""

    text: str
    verification: str
    last_verified: date
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Article:
    """One provision of one version of an instrument, under a stable semantic key."""

    key: str
    number: str | None
    unit: str
    title_en: str
    summary_en: str
    verification: str
    last_verified: date
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Version:
    """One text of an instrument and the (inclusive) days it was in force."""

    id: str
    in_force_from: date
    in_force_to: date | None
    doc_number: str | None
    verification: str
    last_verified: date
    sources: tuple[Source, ...]
    articles: Mapping[str, Article]

    def covers(self, on: date) -> bool:
        """Return True if this text was in force on ``on``."""
        return self.in_force_from <= on and (self.in_force_to is None or on <= self.in_force_to)


@dataclass(frozen=True)
class FieldVerification:
    """The verification of one instrument field that is weaker than the instrument's own."""

    verification: str
    note: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Currency:
    """Whether an instrument is still the newest text: when someone last looked for an amendment or a
    successor (None: never), what newer text they found (None: nothing), and the registry key of
    where they looked."""

    checked: date | None
    newer_known: str | None
    source: str | None
    limits: str | None = None


@dataclass(frozen=True)
class Instrument:
    """A legal text with its versions, oldest first."""

    id: str
    title_zh: str
    title_en: str
    short_title_en: str
    issuer_zh: str
    issuer_en: str
    doc_number: str | None
    kind: str
    issued: date | None
    in_force: date
    amended: tuple[date, ...]
    repealed: date | None
    url: str | None
    replaces: str | None
    replaced_by: str | None
    currency: Currency
    field_verification: Mapping[str, FieldVerification]
    verification: str
    last_verified: date
    sources: tuple[Source, ...]
    notes: tuple[Note, ...]
    versions: tuple[Version, ...]

    def version_on(self, on: date) -> Version | None:
        """Return the version in force on ``on``, or None (before the first version, in a gap, or after repeal)."""
        for version in self.versions:
            if version.covers(on):
                return version
        return None


@dataclass(frozen=True)
class LegalBasis:
    """A citation: an instrument id and an article key (None cites the instrument as a whole)."""

    instrument: str
    article: str | None
    note: str | None = None


@dataclass(frozen=True)
class Duration:
    """How long a list entry lasts, in words and (optionally) as a period."""

    text: str
    period: Period | None
    verification: str
    last_verified: date
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Confirm:
    """How a person confirms an entry on the official portal themselves."""

    portal_name_en: str
    portal_name_zh: str
    portal_url: str
    what_the_entry_shows: tuple[str, ...]
    steps: tuple[str, ...]
    verification: str
    last_verified: date
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class ListRegime:
    """An official list or publication regime (named so as not to shadow ``list``)."""

    id: str
    name_en: str
    name_zh: str
    operator_en: str
    operator_zh: str
    legal_basis: tuple[LegalBasis, ...]
    summary: str
    grounds: tuple[str, ...]
    consequences: tuple[str, ...]
    duration: Duration
    confirm: Confirm
    applies_to: tuple[str, ...]
    remedies: tuple[str, ...]
    verification: str
    last_verified: date
    sources: tuple[Source, ...]
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class TimedRule:
    """A period counted from an event: a filing deadline, a waiting period or a response time."""

    case: str | None
    period: Period
    runs_from: str | None
    note: str
    verification: str
    last_verified: date
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Remedy:
    """A route off a list or a challenge to it, with its deadlines and the letter that serves it."""

    id: str
    kind: str
    title: str
    summary: str
    who_may_use: str
    addressee_en: str
    addressee_zh: str
    legal_basis: tuple[LegalBasis, ...]
    when_to_file: str
    filing_deadline: TimedRule | None
    earliest_filing: tuple[TimedRule, ...]
    response_time: TimedRule | None
    attachments: tuple[str, ...]
    letter: str | None
    next_if_refused: str | None
    verification: str
    last_verified: date
    sources: tuple[Source, ...]
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class ArticleRef:
    """The article that a stable key resolves to on a given day."""

    instrument: str
    article_key: str
    number: str | None
    unit: str
    version_id: str
    in_force_from: date
    in_force_to: date | None
    verification: str


@dataclass(frozen=True)
class RawDocument:
    """One parsed catalogue file (instrument, list or remedy) before it becomes model objects."""

    kind: str
    doc: YamlDoc
    schema_valid: bool

    @property
    def path(self) -> str:
        """The file's path relative to the content folder."""
        return self.doc.path

    @property
    def stem(self) -> str:
        """The file name without ``.yaml``: the record's id."""
        return self.doc.path.rsplit("/", 1)[-1].removesuffix(".yaml")

    @property
    def data(self) -> object:
        """The parsed YAML."""
        return self.doc.data

    def at(self, where: str, message: str) -> Problem:
        """A problem at the node ``where`` (a JSON pointer) of this file."""
        return self.doc.at(where, message)


@dataclass(frozen=True)
class StaleFact:
    """A fact whose last verification is older than the allowed age."""

    record_kind: str
    record_id: str
    pointer: str
    last_verified: date
    verification: str
    age_days: int

    @property
    def path(self) -> str:
        """The record's file, relative to the content folder."""
        return record_path(self.record_kind, self.record_id)


@dataclass(frozen=True)
class AmendmentCheckDue:
    """An instrument not checked for amendments within the allowed age (or never), or one whose
    check found a newer text that the content does not hold yet."""

    instrument: str
    checked: date | None
    age_days: int | None
    newer_known: str | None

    @property
    def path(self) -> str:
        """The instrument's file, relative to the content folder."""
        return record_path("instrument", self.instrument)


#: Record kind (as the staleness report names it) -> the content folder its files are in.
RECORD_FOLDERS: Mapping[str, str] = {"instrument": "instruments", "list": "lists", "remedy": "remedies"}


def record_path(kind: str, record_id: str) -> str:
    """The file of a record, relative to the content folder (``instruments/civil-code.yaml``)."""
    return f"{RECORD_FOLDERS[kind]}/{record_id}.yaml"


@dataclass(frozen=True)
class ArticleText:
    """The official Chinese wording of one cited article in one version, as published, with where it
    was read; ``reading`` holds the editors' own reading translations by language (never official)."""

    instrument: str
    version: str
    article: str
    number: str
    paragraph: int | None
    text_zh: str
    sources: tuple[str, ...]
    status: str
    seen: date
    reading: Mapping[str, str]


@dataclass(frozen=True)
class Catalogue:
    """The loaded, checked content: instruments, lists (in display order) and remedies."""

    version: str
    content_hash: str
    instruments_by_id: Mapping[str, Instrument]
    lists_in_order: tuple[ListRegime, ...]
    remedies_by_id: Mapping[str, Remedy]
    runs_from: Mapping[str, str] = field(default_factory=dict)
    sources: Mapping[str, RegisteredSource] = field(default_factory=dict)
    #: (instrument id, version id, article key) -> its official wording; absent when none was found.
    article_texts: Mapping[tuple[str, str, str], ArticleText] = field(default_factory=dict)

    def official_text(self, instrument_id: str, version_id: str, article_key: str) -> ArticleText | None:
        """The official wording of a cited article in one version, or None when none was found."""
        return self.article_texts.get((instrument_id, version_id, article_key))

    @property
    def lists(self) -> tuple[ListRegime, ...]:
        """Return every list, in display order."""
        return self.lists_in_order

    @property
    def instruments(self) -> tuple[Instrument, ...]:
        """Return every instrument, ordered by id."""
        return tuple(self.instruments_by_id[k] for k in sorted(self.instruments_by_id))

    @property
    def remedies(self) -> tuple[Remedy, ...]:
        """Return every remedy, ordered by id."""
        return tuple(self.remedies_by_id[k] for k in sorted(self.remedies_by_id))

    def instrument(self, instrument_id: str) -> Instrument:
        """Return the instrument with this id; raise KeyError if there is none."""
        try:
            return self.instruments_by_id[instrument_id]
        except KeyError:
            raise KeyError(f"no instrument {instrument_id!r}") from None

    def list(self, list_id: str) -> ListRegime:
        """Return the list with this id; raise KeyError if there is none."""
        for regime in self.lists_in_order:
            if regime.id == list_id:
                return regime
        raise KeyError(f"no list {list_id!r}")

    def remedy(self, remedy_id: str) -> Remedy:
        """Return the remedy with this id; raise KeyError if there is none."""
        try:
            return self.remedies_by_id[remedy_id]
        except KeyError:
            raise KeyError(f"no remedy {remedy_id!r}") from None

    def remedies_for(self, list_id: str) -> tuple[Remedy, ...]:
        """Return the remedies of a list, in the order the list gives them."""
        return tuple(self.remedy(r) for r in self.list(list_id).remedies)

    def lists_for_remedy(self, remedy_id: str) -> tuple[ListRegime, ...]:
        """Return the lists that offer a remedy, in display order."""
        return tuple(r for r in self.lists_in_order if remedy_id in r.remedies)

    def article_in_force(self, instrument_id: str, article_key: str, on: date) -> ArticleRef | None:
        """Resolve an article key to the article in force on ``on``.

        Returns None if the instrument was not in force that day (before its first version, in a
        gap, or after repeal) or if the version then in force has no such article. Raises KeyError
        for an unknown instrument id.
        """
        instrument = self.instrument(instrument_id)
        version = instrument.version_on(on)
        if version is None:
            return None
        article = version.articles.get(article_key)
        if article is None:
            return None
        return ArticleRef(
            instrument=instrument.id,
            article_key=article_key,
            number=article.number,
            unit=article.unit,
            version_id=version.id,
            in_force_from=version.in_force_from,
            in_force_to=version.in_force_to,
            verification=article.verification,
        )

    def basis_in_force(self, instrument_id: str, article_key: str, on: date) -> ArticleRef | None:
        """Like :meth:`article_in_force`, but follow ``replaces``/``replaced_by`` links.

        A remedy may cite the current instrument (for example NDRC Order 36); for a filing date
        before it took effect this returns the same article key in the instrument it replaced
        (Order 58), and vice versa. Returns None if no instrument in the chain has the key in force.
        """
        seen: set[str] = set()
        chain: builtins.list[str] = []
        current: str | None = instrument_id
        while current is not None and current not in seen:  # walk back to the oldest
            seen.add(current)
            chain.insert(0, current)
            current = self.instrument(current).replaces
        current = self.instrument(instrument_id).replaced_by
        while current is not None and current not in seen:  # and forward to the newest
            seen.add(current)
            chain.append(current)
            current = self.instrument(current).replaced_by
        for candidate in chain:
            ref = self.article_in_force(candidate, article_key, on)
            if ref is not None:
                return ref
        return None
