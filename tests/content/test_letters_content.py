"""The letter content: every letter file and the field vocabulary pass the checks in
clinic/letters/checks.py (the same ones start-up and `flask content check` run), and each check
catches the mistake it is there for."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clinic.catalogue import Catalogue, load_catalogue
from clinic.contentfiles import Problem, YamlDoc
from clinic.letters import checks
from clinic.letters.definitions import read_letter_files

CONTENT = Path(__file__).resolve().parents[2] / "clinic" / "content"
LETTERS = CONTENT / "letters"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    """The real catalogue."""
    return load_catalogue(CONTENT)


@pytest.fixture(scope="module")
def files() -> tuple[YamlDoc, list[YamlDoc]]:
    """The vocabulary and every letter file, all schema-valid."""
    fields, letters, problems, every_letter = read_letter_files(LETTERS)
    assert [str(p) for p in problems] == []
    assert fields is not None and every_letter and letters
    return fields, letters


def test_every_letter_check_passes(files: tuple[YamlDoc, list[YamlDoc]], catalogue: Catalogue) -> None:
    fields, letters = files
    problems = checks.check_letters(fields, [(doc, doc.data) for doc in letters], catalogue)
    assert [str(p) for p in problems] == []


# --- each check catches its mistake ---------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _set_en(paragraph: str, text: str) -> Mutation:
    def mutate(letter: dict[str, Any]) -> None:
        letter[paragraph]["en"] = text

    return mutate


def _first_request(field: str, text: str) -> Mutation:
    def mutate(letter: dict[str, Any]) -> None:
        letter["requests"][0][field] = text

    return mutate


def _cite(article: str) -> Mutation:
    def mutate(letter: dict[str, Any]) -> None:
        letter["always_cites"].append({"instrument": "civil-procedure-law", "article": article})

    return mutate


def _claim(level: str) -> Mutation:
    def mutate(letter: dict[str, Any]) -> None:
        letter["verification"] = level

    return mutate


def _remedy(remedy: str) -> Mutation:
    def mutate(letter: dict[str, Any]) -> None:
        letter["remedy"] = remedy

    return mutate


MUTATIONS: list[tuple[str, Mutation, str]] = [
    (
        "sentences out of step",
        lambda d: d["basis"].update(en=d["basis"]["en"] + " One more sentence."),
        "Chinese sentence(s) but",
    ),
    ("article number by hand", _first_request("zh", "请依照第十二条处理。"), "article number written by hand"),
    ("unknown placeholder", _first_request("en", "Please act on {nothing}."), "placeholder {nothing}"),
    ("stray brace", _first_request("en", "Please act }."), "brace"),
    ("no citations in the basis", _set_en("basis", "The law says so."), "{citations} exactly once"),
    ("Chinese in English", _first_request("en", "Please act 现在."), "Chinese characters"),
    ("citation to a missing article", _cite("no-such-article"), "no article key 'no-such-article'"),
    ("verification stronger than the sources", _claim("primary-text"), "the letter claims primary-text"),
    ("remedy that does not name the letter", _remedy("administrative-lawsuit"), "names letter"),
    ("remedy that does not exist", _remedy("no-such-remedy"), "is not in the catalogue"),
]


@pytest.mark.parametrize(("mutate", "fragment"), [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS])
def test_a_check_catches_the_mistake(
    files: tuple[YamlDoc, list[YamlDoc]], catalogue: Catalogue, mutate: Mutation, fragment: str
) -> None:
    fields, letters = files
    doc = next(d for d in letters if d.data["verification"] != "primary-text")
    letter = copy.deepcopy(doc.data)
    mutate(letter)
    problems: list[Problem] = checks.check_letters(fields, [(YamlDoc(doc.path, letter, doc.lines), letter)], catalogue)
    assert any(fragment in p.message and p.path == doc.path for p in problems), [str(p) for p in problems]
    assert all(p.line >= 1 for p in problems)
