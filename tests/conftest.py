"""Shared fixtures: an app in testing mode and a client per locale, and writable copies of the small
catalogue fixture for the loader and check tests to break."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient

from clinic.app import create_app
from clinic.i18n import LOCALE_IDS

SECRET = "test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
LOCALES = LOCALE_IDS
#: The small, valid catalogue that the loader and check tests copy and break one file at a time.
VALID_CATALOGUE = Path(__file__).resolve().parent / "unit" / "fixtures" / "catalogue" / "valid"


_SLOW_SUITES = {"browser": "browser", "production": "production", "privacy": "production"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the suites that start real servers, so the quick loop can leave them out."""
    for item in items:
        parts = item.path.parts
        suite = parts[parts.index("tests") + 1] if "tests" in parts else ""
        if suite in _SLOW_SUITES:
            item.add_marker(_SLOW_SUITES[suite])


@pytest.fixture(scope="session")
def app() -> Flask:
    """One app for the web tests (the app holds no per-user state, so sharing it is safe)."""
    return create_app(environ={"CLINIC_ENV": "testing", "CLINIC_SECRET_KEY": SECRET})


@pytest.fixture()
def client(app: Flask) -> Iterator[FlaskClient]:
    """A fresh browser: no cookies."""
    with app.test_client() as c:
        yield c


def csrf_from(response) -> str:  # type: ignore[no-untyped-def]
    """The CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return match.group(1)


def use_locale(client: FlaskClient, locale: str) -> None:
    """Choose a language the way a person does, through the switcher."""
    client.get(f"/language/{locale}?next=/")


@pytest.fixture(scope="session")
def app_without_2026(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """An app whose content lacks the 2026 holiday notice, as if it were not published yet."""
    copy = tmp_path_factory.mktemp("no-2026") / "content"
    shutil.copytree(Path(__file__).resolve().parent.parent / "clinic" / "content", copy)
    (copy / "calendars" / "2026.yaml").unlink()
    return create_app(environ={"CLINIC_ENV": "testing", "CLINIC_SECRET_KEY": SECRET, "CLINIC_CONTENT_DIR": str(copy)})


def copy_catalogue(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture catalogue, so a test can break it without touching others."""
    target = tmp_path / "content"
    shutil.copytree(VALID_CATALOGUE, target)
    return target


def edit(root: Path, rel: str, change: Callable[[dict[str, Any]], None]) -> None:
    """Load a fixture file, let ``change`` mutate it, and write it back."""
    path = root / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
