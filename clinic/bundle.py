"""The content bundle: everything the app reads from clinic/content/ at start-up, checked once and
held in memory (flow, catalogue, holiday calendars)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from clinic.catalogue import Catalogue, CatalogueError, load_catalogue
from clinic.deadlines import CalendarError, HolidayCalendar, load_calendar
from clinic.flow import Flow, FlowError, load_flow
from clinic.letters.definitions import LetterContentError, LetterSet, load_letters


class ContentError(RuntimeError):
    """The content has problems; the message lists every one of them."""


@dataclass(frozen=True)
class Content:
    """The loaded content."""

    flow: Flow
    catalogue: Catalogue
    calendar: HolidayCalendar
    letters: LetterSet

    @property
    def version(self) -> str:
        """The content version printed on letters and saved in case files."""
        return f"{self.catalogue.version}/flow-{self.flow.version}"

    @property
    def content_hash(self) -> str:
        """A short hash of the rules, printed on letters."""
        return self.catalogue.content_hash


def load_content(directory: Path) -> Content:
    """Load and check every content file; raise ContentError listing every problem at once."""
    problems: list[str] = []
    flow = catalogue = calendar = letters = None
    try:
        flow = load_flow(directory / "flow.yaml")
    except FlowError as error:
        problems.extend(f"flow.yaml: {p}" for p in error.problems)
    try:
        catalogue = load_catalogue(directory)
    except CatalogueError as error:
        problems.extend(error.problems)
    try:
        calendar = load_calendar(directory / "calendars")
    except CalendarError as error:
        problems.extend(f"calendars: {p}" for p in error.problems)
    if catalogue is not None:
        try:
            letters = load_letters(directory / "letters", catalogue)
        except LetterContentError as error:
            problems.extend(error.problems)
    if flow is not None and catalogue is not None:
        known = {regime.id for regime in catalogue.lists}
        problems.extend(
            f"flow.yaml: signal names unknown list {s.candidate!r}" for s in flow.signals if s.candidate not in known
        )
    if problems or flow is None or catalogue is None or calendar is None or letters is None:
        raise ContentError(f"{len(problems)} content problem(s):\n" + "\n".join(problems))
    return Content(flow=flow, catalogue=catalogue, calendar=calendar, letters=letters)
