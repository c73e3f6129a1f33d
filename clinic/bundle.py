"""The content bundle: everything the app reads from clinic/content/ at start-up, checked once and
held in memory (flow, catalogue, holiday calendars, letters, the labels of enumerated values).

``find_content_problems`` lists every problem in every content file without raising (``flask
content check`` prints them); ``load_content`` raises :class:`ContentError` with the same list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from clinic.catalogue import Catalogue, load_catalogue
from clinic.channels import ChannelBook, load_channels
from clinic.contentfiles import ContentError as ContentError
from clinic.contentfiles import Problem, read_optional
from clinic.deadlines import HolidayCalendar, load_calendar
from clinic.eligibility import Book, TellApart, load_book, load_tell_apart, prefill_problems
from clinic.flow import Flow, load_flow
from clinic.glossary import Term, load_glossary
from clinic.helplines import HelpBook, load_help
from clinic.i18n import UnconfirmedTerm, unconfirmed_terms
from clinic.labels import Labels, load_labels
from clinic.letters.definitions import LetterSet, load_letters, read_letter_files

_T = TypeVar("_T")


@dataclass(frozen=True)
class Content:
    """The loaded content."""

    flow: Flow
    catalogue: Catalogue
    calendar: HolidayCalendar
    letters: LetterSet
    labels: Labels
    eligibility: Book = field(default_factory=Book)
    tell_apart: tuple[TellApart, ...] = ()
    help: HelpBook = field(default_factory=HelpBook)
    channels: ChannelBook = field(default_factory=ChannelBook)
    unconfirmed_terms: tuple[UnconfirmedTerm, ...] = ()
    glossary: tuple[Term, ...] = ()

    @property
    def version(self) -> str:
        """The content version printed on letters and saved in case files."""
        return f"{self.catalogue.version}/flow-{self.flow.version}"

    @property
    def content_hash(self) -> str:
        """A short hash of the rules, printed on letters."""
        return self.catalogue.content_hash


def try_load_content(directory: Path) -> tuple[Content | None, list[Problem]]:
    """The content, or None and every problem found (unsorted); never raises for bad content."""
    problems: list[Problem] = []
    labels = _collect(lambda: load_labels(directory), problems)
    flow = _collect(lambda: load_flow(directory / "flow.yaml"), problems)
    catalogue = _collect(lambda: load_catalogue(directory), problems)
    calendar = _collect(lambda: load_calendar(directory / "calendars"), problems)
    terms = _collect(lambda: _load_unconfirmed_terms(directory), problems)
    glossary = _collect(lambda: load_glossary(directory), problems)
    letters: LetterSet | None = None
    if catalogue is not None:
        letters = _collect(partial(load_letters, directory / "letters", catalogue), problems)
    else:
        # The cross-checks need the catalogue, but syntax and schema problems can still be listed.
        problems += read_letter_files(directory / "letters")[2]
    eligibility: Book | None = None
    tell_apart: tuple[TellApart, ...] | None = None
    help_book: HelpBook | None = None
    channels: ChannelBook | None = None
    if catalogue is not None:
        eligibility = _collect(partial(load_book, directory / "remedies", catalogue), problems)
        tell_apart = _collect(partial(load_tell_apart, directory / "tell-apart.yaml", catalogue), problems)
        help_book = _collect(partial(load_help, directory, catalogue), problems)
    if catalogue is not None and letters is not None:
        channels = _collect(partial(load_channels, directory, catalogue), problems)
    if eligibility is not None and catalogue is not None and letters is not None:
        problems += prefill_problems(eligibility, catalogue, letters)
    if flow is not None and catalogue is not None:
        problems += _unknown_signal_lists(flow, catalogue)
    if problems or flow is None or catalogue is None or calendar is None or letters is None or labels is None:
        return None, problems
    # loaded whenever the catalogue is
    assert eligibility is not None and tell_apart is not None and help_book is not None
    assert channels is not None  # loaded whenever the catalogue and the letters are
    return Content(
        flow=flow,
        catalogue=catalogue,
        calendar=calendar,
        letters=letters,
        labels=labels,
        eligibility=eligibility,
        tell_apart=tell_apart,
        help=help_book,
        channels=channels,
        unconfirmed_terms=terms or (),
        glossary=glossary or (),
    ), []


def _load_unconfirmed_terms(directory: Path) -> tuple[UnconfirmedTerm, ...]:
    """The translation terms awaiting a native legal reviewer (none when the file is absent)."""
    doc = read_optional(directory, "translation-review.yaml")
    if doc is None:
        return ()
    try:
        return unconfirmed_terms(doc.data)
    except ValueError as error:
        raise ContentError([doc.whole(str(error))]) from None


def find_content_problems(directory: Path) -> list[Problem]:
    """Every problem in the content under ``directory``, in file order (empty if there is none)."""
    return sorted(try_load_content(directory)[1])


def load_content(directory: Path) -> Content:
    """Load and check every content file; raise ContentError listing every problem at once."""
    content, problems = try_load_content(directory)
    if content is None:
        raise ContentError(sorted(problems))
    return content


def _collect(load: Callable[[], _T], problems: list[Problem]) -> _T | None:
    """Run one loader; on bad content add its problems to ``problems`` and return None, so that the
    remaining loaders still run and every file's problems are listed at once."""
    try:
        return load()
    except ContentError as error:
        problems += error.found
        return None


def _unknown_signal_lists(flow: Flow, catalogue: Catalogue) -> list[Problem]:
    """A flow signal must name a list in the catalogue, or the triage would point at nothing."""
    known = {regime.id for regime in catalogue.lists}
    return [
        Problem("flow.yaml", s.line, f"signal names unknown list {s.candidate!r}")
        for s in flow.signals
        if s.candidate not in known
    ]
