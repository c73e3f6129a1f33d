"""The application factory: settings, security, state, languages, content and the web layer."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, request
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect
from jinja2 import StrictUndefined

from clinic import i18n, security, services, state, system
from clinic.bundle import Content, ContentError, load_content
from clinic.config import load_settings

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger("clinic")


class SystemCheckError(RuntimeError):
    """The machine lacks a library or font the letters need."""


def _select_locale() -> str:
    from flask import current_app

    enabled = current_app.config["CLINIC_LOCALES"]
    return i18n.choose_locale(
        request.cookies.get(i18n.LOCALE_COOKIE), (tag for tag, _q in request.accept_languages), enabled
    )


def _content_command_running() -> bool:
    """True when the ``flask`` command runs ``content ...`` or ``translate ...``.

    ``app.py`` builds the app before click dispatches. The content commands load the content
    themselves to report its problems, and the translate commands only read files, so for them
    broken content must not stop the start.
    """
    return os.environ.get("FLASK_RUN_FROM_CLI") == "true" and bool({"content", "translate"} & set(sys.argv[1:]))


def _flask_app(config: Mapping[str, Any]) -> Flask:
    """The Flask object with the settings, the cookie names and strict, escaped templates."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder="static",
        instance_path=str(ROOT / "instance"),
        instance_relative_config=False,
    )
    app.config.update(config)
    app.config.update(
        WTF_CSRF_TIME_LIMIT=config["CLINIC_STATE_MAX_AGE"],
        WTF_CSRF_SSL_STRICT=False,  # Referer is never sent (no-referrer); Origin is checked instead
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "translations"),
        BABEL_DEFAULT_LOCALE="en",
        SESSION_COOKIE_NAME=state.COOKIE_NAME,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.autoescape = True
    return app


def _services(config: Mapping[str, Any], content: Content) -> services.Services:
    """The long-lived services, built once per process (the renderer loads WeasyPrint lazily)."""
    from clinic.letters.render import Renderer, RenderLimits
    from clinic.metrics import Metrics

    renderer = Renderer(
        ROOT / "clinic" / "static",
        RenderLimits(
            max_concurrent=config["CLINIC_MAX_RENDERS"],
            max_waiting=config["CLINIC_RENDER_QUEUE"],
            max_seconds=config["CLINIC_RENDER_SECONDS"],
            recycle_after=config["CLINIC_RENDER_RECYCLE"],
            memory_mib=config["CLINIC_RENDER_MEMORY_MB"],
        ),
    )
    metrics = Metrics(
        [letter.number for letter in content.letters.ordered()],
        config["CLINIC_LOCALES"],
        config["CLINIC_METRICS_PORT"] is not None,
    )
    return services.Services(content=content, renderer=renderer, metrics=metrics)


def create_app(overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Flask:
    """Build the app. ``overrides`` and ``environ`` replace the process environment in tests."""
    config, warnings = load_settings(environ, overrides)
    security.configure_logging(config["CLINIC_LOG_LEVEL"])
    problems = system.find_system_problems()
    if problems:
        raise SystemCheckError("Due Process Clinic cannot start: " + " ".join(problems) + " " + system.FIX)
    for warning in warnings:
        log.warning(warning)

    app = _flask_app(config)
    from clinic import cli

    try:
        content = load_content(
            Path(config["CLINIC_CONTENT_DIR"]) if config["CLINIC_CONTENT_DIR"] else ROOT / "clinic" / "content"
        )
    except ContentError:
        if not _content_command_running():
            raise
        # `flask content check` must list broken content, not die on it: give it a bare app.
        cli.register(app)
        return app
    services.install(app, _services(config, content))
    security.install(app)
    state.install(app, content.flow.version)

    from clinic.web import register
    from clinic.web.context import install_translations

    register(app)  # state checks run before CSRF
    CSRFProtect(app)
    Babel(app, locale_selector=_select_locale)
    install_translations(app)
    cli.register(app)
    return app
