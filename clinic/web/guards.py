"""Markers a view carries to say how the shared request hooks treat it, so that a new view declares
what it needs where it is written (instead of in lists of endpoint names elsewhere)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, request

View = TypeVar("View", bound=Callable[..., Any])

_JOURNEY = "clinic_uses_journey_state"
_REFILL = "clinic_refill_on_bad_token"


def uses_journey_state(view: View) -> View:
    """The view reads the stored answers: when the incoming state had to be dropped or no longer
    fits the questions, the state page explains that instead of the view silently starting over."""
    setattr(view, _JOURNEY, True)
    return view


def refills_on_bad_token(refill: Callable[..., tuple[str, int]]) -> Callable[[View], View]:
    """A form whose token expired or is missing is shown again, filled from what was sent, by
    ``refill(**view_args)``: nothing typed is lost."""

    def mark(view: View) -> View:
        setattr(view, _REFILL, refill)
        return view

    return mark


def _view() -> Any:
    return current_app.view_functions.get(request.endpoint or "")


def request_uses_journey_state() -> bool:
    """Whether the view handling this request is marked with ``uses_journey_state``."""
    return bool(getattr(_view(), _JOURNEY, False))


def refill_for_request() -> Callable[..., tuple[str, int]] | None:
    """The refill of the view handling this request, if it has one."""
    refill: Callable[..., tuple[str, int]] | None = getattr(_view(), _REFILL, None)
    return refill
