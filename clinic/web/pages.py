"""Start page, health check, leaving the site, and the language switch."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from werkzeug.exceptions import NotFound
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Response as BaseResponse

from clinic import i18n, services, state
from clinic.metrics import is_loopback
from clinic.web import draft

bp = Blueprint("pages", __name__)


@bp.get("/")
def show_start() -> str:
    """The start page: what this service does and does not do, and how it protects the person."""
    return render_template("pages/start.html", has_answers=bool(state.get_answers()))


@bp.get("/healthz")
def check_health() -> Response:
    """Liveness: answers 200 with no personal data."""
    return Response("ok\n", mimetype="text/plain")


@bp.get("/languages")
def show_languages() -> str:
    """Which translations exist, how they were made and checked, and how to report a mistake."""
    return render_template(
        "pages/languages.html",
        unconfirmed=[(term, i18n.locale_info(term.locale)) for term in services.current().content.unconfirmed_terms],
        org_name=current_app.config["CLINIC_ORG_NAME"],
        org_contact=current_app.config["CLINIC_ORG_CONTACT"],
    )


@bp.get("/accessibility")
def show_accessibility() -> str:
    """The accessibility statement: what was tested, how, and what is known not to work."""
    return render_template(
        "pages/accessibility.html",
        org_name=current_app.config["CLINIC_ORG_NAME"],
        org_contact=current_app.config["CLINIC_ORG_CONTACT"],
    )


@bp.get("/metrics")
def show_metrics() -> Response:
    """Aggregate counts, only when enabled, only on the metrics port, only from loopback."""
    metrics = services.current().metrics
    port = current_app.config["CLINIC_METRICS_PORT"]
    if (
        not metrics.enabled
        or str(request.environ.get("SERVER_PORT")) != str(port)
        or not is_loopback(request.remote_addr)
    ):
        abort(404)
    return Response(metrics.exposition(), mimetype="text/plain")


@bp.get("/leave")
def leave_site() -> BaseResponse:
    """Leave quickly: clear the cookies and site data, then go to a neutral page."""
    state.clear_state()
    response = redirect(current_app.config["CLINIC_EXIT_URL"], code=303)
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    response.delete_cookie(i18n.LOCALE_COOKIE, path="/")
    draft.forget(response)  # the letter draft too, for browsers that ignore Clear-Site-Data
    return response


def _safe_return(path: str | None) -> str:
    """A local path that this app routes for GET, else the start page. A path with control or
    line-separator characters (CR/LF, NUL, U+2028...) is never one this app links to, and a
    header cannot carry some of them, so it falls back to the start page too."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path or not path.isprintable():
        return url_for("pages.show_start")
    adapter = current_app.url_map.bind("localhost")
    try:
        adapter.match(path, method="GET")
    except RequestRedirect:
        return url_for("pages.show_start")
    except (NotFound, Exception):  # noqa: BLE001 - any non-matching path falls back to the start page
        return url_for("pages.show_start")
    return path


@bp.get("/language/<locale_id>")
def choose_language(locale_id: str) -> BaseResponse:
    """Remember the chosen language (the cookie holds only the locale) and go back to the page."""
    target = _safe_return(request.args.get("next"))
    response = redirect(target, code=303)
    if locale_id in current_app.config["CLINIC_LOCALES"]:
        remember_locale(response, locale_id)
    return response


def remember_locale(response: BaseResponse, locale_id: str) -> None:
    """The language cookie (it holds only the locale), for the language links and the letter
    form's language switch alike. A session cookie: kept in the browser's memory until it closes,
    never written to disk, so the device does not keep a trace that this site was used in a given
    language."""
    response.set_cookie(
        i18n.LOCALE_COOKIE,
        locale_id,
        path="/",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


@bp.get("/privacy")
def show_privacy() -> str:
    """How information is protected, in plain words."""
    return render_template("pages/privacy.html")
