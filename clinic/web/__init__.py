"""The thin web layer: blueprints that read the request, call the pure packages, and render."""

from __future__ import annotations

from flask import Flask

from clinic.web import casefile, errors, flow, glossary, help, letters, nextsteps, pages, rules, summary
from clinic.web.context import install_context


def register(app: Flask) -> None:
    """Register every blueprint, the state check and the template context."""
    errors.install(app)
    install_context(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(flow.bp)
    app.register_blueprint(casefile.bp)
    app.register_blueprint(rules.bp)
    app.register_blueprint(letters.bp)
    app.register_blueprint(help.bp)
    app.register_blueprint(summary.bp)
    app.register_blueprint(nextsteps.bp)
    app.register_blueprint(glossary.bp)
