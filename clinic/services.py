"""The three long-lived services the app builds once at start-up (content, letter renderer,
metrics), stored on the Flask app and reached through typed accessors instead of string look-ups."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Flask, current_app

if TYPE_CHECKING:
    from clinic.bundle import Content
    from clinic.letters.render import Renderer
    from clinic.metrics import Metrics

_KEY = "clinic"


@dataclass(frozen=True)
class Services:
    """What the web layer, the CLI and the benchmarks use."""

    content: Content
    renderer: Renderer
    metrics: Metrics


def install(app: Flask, services: Services) -> None:
    """Attach the services to ``app`` (once, in the factory)."""
    app.extensions[_KEY] = services


def of(app: Flask) -> Services:
    """The services of ``app`` (for the CLI, tests and benchmarks that hold the app)."""
    services: Services = app.extensions[_KEY]
    return services


def current() -> Services:
    """The services of the app handling this request or command."""
    return of(current_app)
