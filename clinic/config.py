"""Settings: defaults, CLINIC_* environment overrides, and checks at start-up.

Every setting is listed in README.md. Nothing here is read per request.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clinic.i18n import LOCALE_IDS as LOCALES


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message says which and how to fix it."""


@dataclass(frozen=True)
class Setting:
    """One CLINIC_* setting: its Flask config key, default and parser."""

    env: str
    key: str
    default: Any
    kind: str  # str, int, bool, list
    doc: str


SETTINGS = (
    Setting(
        "CLINIC_ENV",
        "CLINIC_ENV",
        "embedded",
        "str",
        "embedded (local use; a secret key is generated in memory) or production (a secret key is required).",
    ),
    Setting(
        "CLINIC_SECRET_KEY",
        "SECRET_KEY",
        None,
        "str",
        "Key for the encrypted state cookie and CSRF; at least 32 characters. Share it between instances.",
    ),
    Setting(
        "CLINIC_STATE_MAX_AGE",
        "CLINIC_STATE_MAX_AGE",
        7200,
        "int",
        "Seconds of inactivity after which the journey state cookie is no longer accepted.",
    ),
    Setting(
        "CLINIC_LOCALES",
        "CLINIC_LOCALES",
        list(LOCALES),
        "list",
        "Enabled interface languages, comma separated, from: " + ", ".join(LOCALES) + ".",
    ),
    Setting(
        "CLINIC_EXIT_URL",
        "CLINIC_EXIT_URL",
        "https://www.baidu.com/",
        "str",
        "Where 'Leave this site' sends the person: a neutral, commonly visited page.",
    ),
    Setting(
        "CLINIC_ORG_NAME",
        "CLINIC_ORG_NAME",
        "",
        "str",
        "The name of the organisation running this site, shown on the About pages (empty: not shown).",
    ),
    Setting(
        "CLINIC_ORG_CONTACT",
        "CLINIC_ORG_CONTACT",
        "",
        "str",
        "How to reach the organisation (an e-mail address, Signal number or postal address), shown on the "
        "About pages for reporting translation and accessibility problems.",
    ),
    Setting(
        "CLINIC_ORG_ADDRESS",
        "CLINIC_ORG_ADDRESS",
        "",
        "str",
        "The organisation's address for people who want help in person, printed on letters' cover sheets "
        "with the name and contact (empty: not printed).",
    ),
    Setting(
        "CLINIC_CONTENT_DIR",
        "CLINIC_CONTENT_DIR",
        "",
        "str",
        "A folder to use instead of clinic/content (start from a copy of it, e.g. to add local rules); it "
        "is checked at start-up like the built-in content. Empty: the built-in content.",
    ),
    Setting(
        "CLINIC_SECURE_COOKIES",
        "SESSION_COOKIE_SECURE",
        None,
        "bool",
        "Mark cookies Secure (HTTPS only). Defaults to on in production, off in embedded mode.",
    ),
    Setting(
        "CLINIC_MAX_CONTENT_LENGTH",
        "MAX_CONTENT_LENGTH",
        1024 * 1024,
        "int",
        "Largest request body accepted, in bytes (larger ones get a friendly 413 page).",
    ),
    Setting(
        "CLINIC_MAX_FORM_MEMORY_SIZE", "MAX_FORM_MEMORY_SIZE", 200_000, "int", "Largest single form field, in bytes."
    ),
    Setting("CLINIC_MAX_FORM_PARTS", "MAX_FORM_PARTS", 200, "int", "Most form fields accepted in one request."),
    Setting(
        "CLINIC_CASEFILE_MAX_BYTES",
        "CLINIC_CASEFILE_MAX_BYTES",
        256 * 1024,
        "int",
        "Largest case file accepted by Resume from a file, in bytes.",
    ),
    Setting(
        "CLINIC_MAX_RENDERS",
        "CLINIC_MAX_RENDERS",
        1,
        "int",
        "Letters one worker process renders at the same time; more get a fast 503 'busy' page.",
    ),
    Setting(
        "CLINIC_RENDER_QUEUE",
        "CLINIC_RENDER_QUEUE",
        3,
        "int",
        "Letters that may wait (up to 5 s) for a worker's render slot; beyond that, an immediate 503.",
    ),
    Setting(
        "CLINIC_RENDER_SECONDS",
        "CLINIC_RENDER_SECONDS",
        10,
        "int",
        "Longest a letter may take to lay out, in seconds; a render process still busy then is killed and "
        "the person gets a 'could not be made' page.",
    ),
    Setting(
        "CLINIC_RENDER_RECYCLE",
        "CLINIC_RENDER_RECYCLE",
        1,
        "int",
        "Letters one render process makes before it is replaced by a fresh one (1: what a letter held in "
        "memory goes with its process).",
    ),
    Setting(
        "CLINIC_RENDER_MEMORY_MB",
        "CLINIC_RENDER_MEMORY_MB",
        512,
        "int",
        "Memory a render process may add for one letter, in MiB; a letter that needs more gets the busy "
        "page (503) and the process is replaced.",
    ),
    Setting(
        "CLINIC_METRICS_PORT",
        "CLINIC_METRICS_PORT",
        None,
        "int",
        "Off when unset. A loopback port on which /metrics serves aggregate counts (letters per type and "
        "language); gunicorn.conf.py binds 127.0.0.1 on it. Never expose it through the reverse proxy.",
    ),
    Setting(
        "CLINIC_LOG_LEVEL",
        "CLINIC_LOG_LEVEL",
        "WARNING",
        "str",
        "Level of the application's own log (it never carries what people type).",
    ),
)


def _parse(setting: Setting, raw: str) -> Any:
    if setting.kind == "int":
        try:
            value = int(raw)
        except ValueError:
            raise ConfigError(f"{setting.env} must be a whole number, not {raw!r}") from None
        if value <= 0:
            raise ConfigError(f"{setting.env} must be greater than zero")
        return value
    if setting.kind == "bool":
        lowered = raw.strip().lower()
        if lowered not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
            raise ConfigError(f"{setting.env} must be true or false, not {raw!r}")
        return lowered in ("1", "true", "yes", "on")
    if setting.kind == "list":
        return [item.strip() for item in raw.split(",") if item.strip()]
    return raw


def _check_locales(config: dict[str, Any]) -> None:
    """Only known locales; English is always there (it is the fallback of every string)."""
    unknown = [loc for loc in config["CLINIC_LOCALES"] if loc not in LOCALES]
    if unknown or not config["CLINIC_LOCALES"]:
        raise ConfigError("CLINIC_LOCALES may only name: " + ", ".join(LOCALES))
    if "en" not in config["CLINIC_LOCALES"]:
        config["CLINIC_LOCALES"] = ["en", *config["CLINIC_LOCALES"]]


def _check_secret_key(config: dict[str, Any], mode: str) -> list[str]:
    """A key of at least 32 characters; production refuses to start without one, local use gets
    a key made in memory and a warning. Returns the warnings."""
    key = config.get("SECRET_KEY")
    if key:
        if len(key) < 32:
            raise ConfigError("CLINIC_SECRET_KEY must be at least 32 characters long")
        return []
    if mode == "production":
        raise ConfigError(
            "CLINIC_SECRET_KEY is required in production: set it to a random string of "
            "at least 32 characters, e.g. the output of: python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(48))'"
        )
    config["SECRET_KEY"] = secrets.token_urlsafe(48)
    return [
        "No CLINIC_SECRET_KEY set: using a key generated in memory. Journeys in progress "
        "end when the server restarts. Set CLINIC_SECRET_KEY for anything but local use."
    ]


def _check_paths(config: dict[str, Any]) -> None:
    if not str(config["CLINIC_EXIT_URL"]).startswith(("https://", "http://", "/")):
        raise ConfigError("CLINIC_EXIT_URL must be an http(s) URL or a path on this site")
    if config["CLINIC_CONTENT_DIR"] and not Path(config["CLINIC_CONTENT_DIR"]).is_dir():
        raise ConfigError("CLINIC_CONTENT_DIR must name an existing folder (a copy of clinic/content)")


def load_settings(
    environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Build the Flask config from defaults, the environment and test overrides.

    Returns the config and a list of warnings to log. Raises ConfigError for a wrong setting or a
    missing secret key in production.
    """
    env = os.environ if environ is None else environ
    config: dict[str, Any] = {s.key: s.default for s in SETTINGS}
    for setting in SETTINGS:
        if setting.env in env and env[setting.env] != "":
            config[setting.key] = _parse(setting, env[setting.env])
    config.update(overrides or {})

    mode = config["CLINIC_ENV"]
    if mode not in ("embedded", "production", "testing"):
        raise ConfigError("CLINIC_ENV must be embedded or production")
    _check_locales(config)
    warnings = _check_secret_key(config, mode)
    if config["SESSION_COOKIE_SECURE"] is None:
        config["SESSION_COOKIE_SECURE"] = mode == "production"
    _check_paths(config)
    config["DEBUG"] = False
    config["TESTING"] = mode == "testing"
    return config, warnings
