"""Directions between packages: the pure packages never import Flask or the web layer."""

import ast
from pathlib import Path

import pytest

CLINIC = Path(__file__).resolve().parents[2] / "clinic"
PURE = ["flow", "catalogue", "deadlines", "casefile.py", "i18n.py", "config.py", "extract.py"]
FORBIDDEN = ("flask", "flask_babel", "flask_wtf", "werkzeug", "clinic.web", "clinic.state", "clinic.app")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def pure_files():
    for entry in PURE:
        target = CLINIC / entry
        if target.is_dir():
            yield from sorted(target.rglob("*.py"))
        elif target.exists():
            yield target


@pytest.mark.parametrize("path", list(pure_files()), ids=lambda p: str(p.relative_to(CLINIC)))
def test_pure_module_imports_nothing_from_the_web_layer(path):
    bad = {name for name in imported_modules(path) if name.startswith(FORBIDDEN)}
    assert bad == set()


def test_app_py_only_creates_the_app():
    source = (CLINIC.parent / "app.py").read_text(encoding="utf-8").strip().splitlines()
    assert source == ["from clinic.app import create_app", "", "app = create_app()"]
