"""Friendly error pages for every status, the stale-state page, and the state check that runs
before any journey page. Errors are logged by type and place only, never with their message."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from clinic import state
from clinic.flow import find_answer_problems
from clinic.security import describe_exception, drain_request_body
from clinic.web import guards
from clinic.web.context import content
from clinic.web.messages import STATE_PROBLEMS

log = logging.getLogger("clinic.errors")
# A rendered page and its status, with extra headers where one needs them.
Page = tuple[str, int] | tuple[str, int, dict[str, str]]


def render_state_problem(problem: str) -> tuple[str, int]:
    """The page offering Start again or Resume from a file; ``cleared`` when the answers were
    cleared for the person's safety (expired or gone from the browser), not damaged."""
    message = STATE_PROBLEMS.get(problem, STATE_PROBLEMS["unreadable"])
    cleared = problem in ("expired", "missing")
    return render_template("errors/state.html", message=message, cleared=cleared), 400


def check_state() -> tuple[str, int] | None:
    """Before a journey page: stop with an explanation if the incoming state had to be dropped."""
    if not guards.request_uses_journey_state():
        return None
    problem = state.state_problem()
    if problem is None and find_answer_problems(content().flow, state.get_answers()):
        state.flag_problem("outdated")
        problem = "outdated"
    if problem is not None:
        return render_state_problem(problem)
    return None


def handle_http_error(error: HTTPException) -> Page:
    """A translated page for every HTTP error status."""
    code = error.code or 500
    if code == 413:
        # The client may still be sending the body: read (and drop) a bounded amount of it first,
        # so that it sees this page instead of a reset connection, then close the connection.
        drain_request_body()
        return render_template("errors/error.html", code=code), code, {"Connection": "close"}
    return render_template("errors/error.html", code=code), code


def _sent_from_this_site() -> bool:
    """Whether a form post came from one of this site's own pages: the browser says so in
    Sec-Fetch-Site; a browser too old to send it still sends the state cookie only with same-site
    posts (SameSite=Lax). A post from elsewhere must not get its values echoed into a fresh,
    valid form."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    return state.COOKIE_NAME in request.cookies


def handle_csrf_error(error: CSRFError) -> tuple[str, int]:
    """A form that came back without a valid token: a letter form comes back filled (nothing typed
    is lost); otherwise explain, or explain the dropped state."""
    refill = guards.refill_for_request()
    if refill is not None and _sent_from_this_site():
        return refill(**(request.view_args or {}))
    problem = state.state_problem()
    if problem is not None:
        return render_state_problem(problem)
    if request.headers.get("Sec-Fetch-Site") == "same-origin":
        # A form of this site (the browser says so) whose token has run out, or whose cookie the
        # browser no longer has (closed, cleared, or two hours passed): say what happened; it is
        # not an attack. Without that header the page gets no fresh form token.
        description = str(error.description or "")
        if "expired" in description:
            return render_state_problem("expired")
        if state.COOKIE_NAME not in request.cookies:
            return render_state_problem("missing")
    return render_template("errors/error.html", code="csrf"), 400


def handle_unexpected(error: Exception) -> Page:
    """Log the type and place of an unexpected error (never its message) and show a 500 page."""
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    original = getattr(error, "original_exception", None) or error
    log.error("unexpected error: %s", describe_exception(original))
    return render_template("errors/error.html", code=500), 500


def install(app: Flask) -> None:
    """Register the error handlers and the state check."""
    app.before_request(check_state)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
