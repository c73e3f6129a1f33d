"""The eligibility rules of one remedy, as read from its YAML, and the verdicts they give.

Plain frozen data: the rules say who may file, what must be true, how long to wait, by when to
file, how long the addressee has and where to go when it is too late; every rule carries the
article it rests on, so every verdict can cite it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from clinic.catalogue.model import LegalBasis
from clinic.deadlines import Deadline, Period

Status = Literal["open", "not-yet", "late", "not-for-you", "if-needed"]
Condition = Mapping[str, Any]


@dataclass(frozen=True)
class Requirement:
    """Something that must be true (``when``), the sentence shown when it is not, and its article."""

    when: Condition
    reason: str
    basis: LegalBasis


@dataclass(frozen=True)
class Waiting:
    """A period that must pass after an event before the remedy opens (``when`` picks the case)."""

    period: Period
    events: tuple[str, ...]
    basis: LegalBasis
    when: Condition | None = None


@dataclass(frozen=True)
class FilingDeadline:
    """The filing period, the date answers it may run from, and its article."""

    period: Period
    events: tuple[str, ...]
    basis: LegalBasis


@dataclass(frozen=True)
class Response:
    """How long the addressee has to answer, and the article that says so."""

    period: Period
    basis: LegalBasis


@dataclass(frozen=True)
class LateRoute:
    """Where to go once the deadline has passed: another remedy, or (``None``) asking for more time."""

    route: str | None
    basis: LegalBasis


@dataclass(frozen=True)
class Eligibility:
    """The whole ``eligibility:`` block of one remedy."""

    remedy: str
    basis: LegalBasis
    tried_as: str | None = None
    #: A route used only when a need arises (an urgent trip): the sentence saying when, or None.
    when_needed: str | None = None
    #: When the answers show the need has arisen, the route is open like any other.
    needed_when: Any = None
    #: True for a route offered only as another remedy's late route (asking for more time).
    late_route_only: bool = False
    #: A condition on the answers under which this is the filing to make first (the facts point to
    #: it: paid in full and no term -> the deletion the court must grant), or None.
    first_when: Any = None
    who: Requirement | None = None
    requires: tuple[Requirement, ...] = ()
    waiting: tuple[Waiting, ...] = ()
    deadline: FilingDeadline | None = None
    response: Response | None = None
    late: LateRoute | None = None


@dataclass(frozen=True)
class KindRule:
    """Choose this applicant kind when the condition holds."""

    when: Condition
    value: str


@dataclass(frozen=True)
class GroundRule:
    """Tick this letter ground when the condition holds."""

    when: Condition
    ground: str


@dataclass(frozen=True)
class ChoiceRule:
    """Pick this option of the letter's choice when the condition holds."""

    when: Condition
    choice: str
    option: str


@dataclass(frozen=True)
class Prefill:
    """How the answers fill the remedy's letter form (the ``prefill:`` block)."""

    kind: tuple[KindRule, ...] = ()
    dates: Mapping[str, str] = field(default_factory=dict)
    grounds: tuple[GroundRule, ...] = ()
    choices: tuple[ChoiceRule, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """What a remedy means for this person today, with the article it rests on.

    * ``open``: ``deadline`` is the deadline counted from their own date (``days_left`` to its
      due day), or None when the rules set none; ``unknown_event`` names the date question they
      could not answer, so the page says "count from the day you received it" instead of a date.
    * ``not-yet``: ``opens`` is the deadline-shaped result of the waiting period (its ``due`` is the
      first day to file).
    * ``late``: ``deadline`` is the one missed, ``late_route`` the remedy to use (None: ask for
      more time under ``basis``).
    * ``not-for-you``: ``reason`` says why, in a content sentence.
    * ``if-needed``: the person may use it, but only when a need arises; ``reason`` says when.
    """

    remedy: str
    status: Status
    basis: LegalBasis
    deadline: Deadline | None = None
    days_left: int | None = None
    opens: Deadline | None = None
    unknown_event: str | None = None
    late_route: str | None = None
    reason: str | None = None

    @property
    def due(self) -> dt.date | None:
        """The last day to file, when one is known."""
        return self.deadline.due if self.deadline else None


@dataclass(frozen=True)
class FollowUp:
    """What happened to a filing the person already made, and what follows.

    ``kind`` is ``refused`` (go on to ``next_remedy``), ``chase`` (the response time ended on
    ``response_due`` with no answer), ``wait`` (the addressee still has until ``response_due``),
    or ``unknown`` (no date given for the filing, so the response time cannot be counted).
    """

    remedy: str
    kind: Literal["refused", "chase", "wait", "unknown"]
    basis: LegalBasis
    next_remedy: str | None = None
    response_due: dt.date | None = None
