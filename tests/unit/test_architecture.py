"""Directions between packages: the pure packages never import Flask or the web layer."""

import ast
from pathlib import Path

import pytest

CLINIC = Path(__file__).resolve().parents[2] / "clinic"
PURE = [
    "flow",
    "catalogue",
    "deadlines",
    "eligibility",
    "letters",
    "casefile.py",
    "passphrase",
    "i18n.py",
    "config.py",
    "extract.py",
    "contentfiles.py",
    "contentcheck.py",
    "labels.py",
    "bundle.py",
]
# The one impure module of a pure package: the renderer drives WeasyPrint (and never Flask).
IMPURE = [CLINIC / "letters" / "render.py"]
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
            yield from (path for path in sorted(target.rglob("*.py")) if path not in IMPURE)
        elif target.exists():
            yield target


@pytest.mark.parametrize("path", list(pure_files()), ids=lambda p: str(p.relative_to(CLINIC)))
def test_pure_module_imports_nothing_from_the_web_layer(path):
    bad = {name for name in imported_modules(path) if name.startswith(FORBIDDEN)}
    assert bad == set()


@pytest.mark.parametrize("path", IMPURE, ids=lambda p: str(p.relative_to(CLINIC)))
def test_the_renderer_may_use_weasyprint_but_not_flask(path):
    bad = {name for name in imported_modules(path) if name.startswith(FORBIDDEN)}
    assert bad == set()


def test_no_module_imports_a_blueprint_module_for_the_letter_pack():
    users = [CLINIC / "cli.py", CLINIC.parent / "benchmarks" / "render.py"]
    for path in users:
        assert "clinic.web.letters" not in imported_modules(path), path


def test_app_py_only_creates_the_app():
    source = (CLINIC.parent / "app.py").read_text(encoding="utf-8").strip().splitlines()
    assert source == ["from clinic.app import create_app", "", "app = create_app()"]
