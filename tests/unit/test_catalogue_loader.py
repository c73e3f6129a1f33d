"""Loader and checks on small fixture content: each kind of problem is found, and all at once."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from clinic.catalogue import CatalogueError, find_problems, find_stale, load_catalogue
from tests.conftest import VALID_CATALOGUE as VALID
from tests.conftest import copy_catalogue, edit


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture content."""
    return copy_catalogue(tmp_path)


def test_valid_fixture_has_no_problems() -> None:
    assert find_problems(VALID) == []


def test_problems_name_the_line_of_the_offending_node(content: Path) -> None:
    path = content / "remedies" / "sample-repair.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("last_verified:"))
    lines[index] = 'last_verified: "2025-02-30"'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = find_problems(content)
    assert [(p.path, p.line) for p in problems] == [("remedies/sample-repair.yaml", index + 1)], problems


def test_a_duplicate_key_is_refused_with_its_line(content: Path) -> None:
    path = content / "remedies" / "sample-repair.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "kind: repair\n", encoding="utf-8")
    problems = find_problems(content)
    assert len(problems) == 1 and problems[0].path == "remedies/sample-repair.yaml", problems
    assert "duplicate key 'kind'" in problems[0].message
    assert problems[0].line == len(text.splitlines()) + 1


# Each row: a description, the mutation, the file it should be reported in, and a message fragment.
MUTATIONS: list[tuple[str, Callable[[Path], None], str, str]] = [
    (
        "a source key missing from the registry",
        lambda r: edit(r, "remedies/sample-repair.yaml", lambda d: d["sources"][0].update(key="W99")),
        "remedies/sample-repair.yaml",
        "source key 'W99' is not in sources.yaml",
    ),
    (
        "a source address that differs from the registry",
        lambda r: edit(r, "remedies/sample-repair.yaml", lambda d: d["sources"][0].update(url="https://example.org/x")),
        "remedies/sample-repair.yaml",
        "differs from sources.yaml",
    ),
    (
        "a fact labelled primary-text that rests only on a secondary source",
        lambda r: edit(r, "remedies/sample-repair.yaml", lambda d: d.update(verification="primary-text")),
        "remedies/sample-repair.yaml",
        "is labelled primary-text but cites no primary source",
    ),
    (
        "a registry entry cited nowhere",
        lambda r: edit(
            r,
            "sources.yaml",
            lambda d: d["sources"].update(
                W3={
                    "title": "t",
                    "url": "https://example.org/3",
                    "publisher": "p",
                    "kind": "secondary",
                    "seen": "2025-01-01",
                }
            ),
        ),
        "sources.yaml",
        "source 'W3' is cited nowhere",
    ),
    (
        "schema error: a required field is missing",
        lambda r: edit(r, "instruments/sample-law.yaml", lambda d: d.pop("title_zh")),
        "instruments/sample-law.yaml",
        "schema: 'title_zh' is a required property",
    ),
    (
        "schema error: a date that is not a date",
        lambda r: edit(r, "remedies/sample-repair.yaml", lambda d: d.update(last_verified="2025-02-30")),
        "remedies/sample-repair.yaml",
        "is not a 'date'",
    ),
    (
        "id differs from the file name",
        lambda r: edit(r, "remedies/sample-repair.yaml", lambda d: d.update(id="other-name")),
        "remedies/sample-repair.yaml",
        "does not match the file name",
    ),
    (
        "duplicate id within a kind",
        lambda r: shutil.copy(r / "lists/sample-list.yaml", r / "lists/sample-list-copy.yaml"),
        "lists/sample-list.yaml",  # the copy sorts first, so the original is the duplicate
        "duplicate lists id 'sample-list'",
    ),
    (
        "list names a remedy that does not exist",
        lambda r: edit(r, "lists/sample-list.yaml", lambda d: d["remedies"].append("no-such-remedy")),
        "lists/sample-list.yaml",
        "unknown remedy 'no-such-remedy'",
    ),
    (
        "remedy cites an instrument that does not exist",
        lambda r: edit(r, "remedies/sample-repair.yaml", lambda d: d["legal_basis"][0].update(instrument="ghost-law")),
        "remedies/sample-repair.yaml",
        "unknown instrument 'ghost-law'",
    ),
    (
        "article key missing in the version in force",
        lambda r: edit(r, "remedies/sample-objection.yaml", lambda d: d["legal_basis"][0].update(article="old-only")),
        "remedies/sample-objection.yaml",
        "article key 'old-only' is missing in the version in force of 'sample-law' (2020)",
    ),
    (
        "next_if_refused points nowhere",
        lambda r: edit(r, "remedies/sample-objection.yaml", lambda d: d.update(next_if_refused="nowhere")),
        "remedies/sample-objection.yaml",
        "unknown remedy 'nowhere'",
    ),
    (
        "replaced_by points nowhere",
        lambda r: edit(r, "instruments/old-rule.yaml", lambda d: d.update(replaced_by="ghost-rule")),
        "instruments/old-rule.yaml",
        "unknown instrument 'ghost-rule'",
    ),
    (
        "replaces/replaced_by do not agree",
        lambda r: edit(r, "instruments/new-rule.yaml", lambda d: d.update(replaces=None)),
        "instruments/old-rule.yaml",
        "'new-rule' does not name 'old-rule' in replaces",
    ),
    (
        "successor does not start on the repeal date",
        lambda r: edit(r, "instruments/new-rule.yaml", lambda d: d["versions"][0].update(in_force_from="2026-04-02")),
        "instruments/old-rule.yaml",
        "repealed 2026-04-01 but 'new-rule' starts 2026-04-02",
    ),
    (
        "versions overlap",
        lambda r: edit(r, "instruments/sample-law.yaml", lambda d: d["versions"][1].update(in_force_from="2019-06-01")),
        "instruments/sample-law.yaml",
        "overlaps version '2015'",
    ),
    (
        "versions leave a gap",
        lambda r: edit(r, "instruments/sample-law.yaml", lambda d: d["versions"][1].update(in_force_from="2020-02-01")),
        "instruments/sample-law.yaml",
        "gap after version '2015'",
    ),
    (
        "last version of a repealed instrument does not end the day before repeal",
        lambda r: edit(r, "instruments/old-rule.yaml", lambda d: d["versions"][0].update(in_force_to=None)),
        "instruments/old-rule.yaml",
        "the last version must end the day before repeal (2026-03-31)",
    ),
    (
        "a remedy no list offers",
        lambda r: edit(r, "lists/sample-list.yaml", lambda d: d["remedies"].remove("sample-repair")),
        "remedies/sample-repair.yaml",
        "not offered by any list",
    ),
    (
        "a list missing from list_order",
        lambda r: edit(r, "catalogue.yaml", lambda d: d.update(list_order=[])),
        "catalogue.yaml",
        "'sample-list' is missing from list_order",
    ),
    (
        "broken YAML",
        lambda r: (r / "lists/sample-list.yaml").write_text("id: [unclosed\n", encoding="utf-8"),
        "lists/sample-list.yaml",
        "YAML error",
    ),
    (
        "duplicate key in a YAML mapping",
        lambda r: (r / "remedies/sample-repair.yaml").write_text(
            (r / "remedies/sample-repair.yaml").read_text(encoding="utf-8") + "kind: repair\n", encoding="utf-8"
        ),
        "remedies/sample-repair.yaml",
        "duplicate key 'kind'",
    ),
]


@pytest.mark.parametrize(("mutate", "path", "fragment"), [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS])
def test_catalogue_problem_is_detected(content: Path, mutate: Callable[[Path], None], path: str, fragment: str) -> None:
    mutate(content)
    problems = find_problems(content)
    assert any(p.path == path and fragment in p.message for p in problems), problems


# Mutations that touch different files or fields, so that none hides another (a schema-invalid file is
# not checked in depth, so it must not be one that another mutation relies on).
TOGETHER = [
    "schema error: a date that is not a date",
    "list names a remedy that does not exist",
    "article key missing in the version in force",
    "next_if_refused points nowhere",
    "replaced_by points nowhere",
    "versions overlap",
    "a list missing from list_order",
]


def test_catalogue_reports_every_problem_at_once(content: Path) -> None:
    chosen = [m for m in MUTATIONS if m[0] in TOGETHER]
    assert len(chosen) == len(TOGETHER)
    for _, mutate, _, _ in chosen:
        mutate(content)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(content)
    problems = caught.value.problems
    for _, _, path, fragment in chosen:
        assert any(p.startswith(path + ":") and fragment in p for p in problems), fragment
    assert f"{len(problems)} content problem(s)" in str(caught.value)
    assert str(len(caught.value.problems)) in str(caught.value)


def test_one_broken_file_does_not_cause_false_dangling_references(content: Path) -> None:
    # The remedy is schema-invalid, but its id is still known, so the list's reference is not reported.
    edit(content, "remedies/sample-repair.yaml", lambda d: d.pop("title"))
    problems = find_problems(content)
    assert [p.path for p in problems] == ["remedies/sample-repair.yaml"]


def test_missing_letter_is_not_a_problem() -> None:
    catalogue = load_catalogue(VALID)
    assert catalogue.remedy("sample-objection").letter == "letter-that-does-not-exist-yet"


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2014, 12, 31), None),  # before the first version
        (date(2015, 1, 1), ("10", "2015")),  # first day of the first version
        (date(2019, 12, 31), ("10", "2015")),  # last day of the old text
        (date(2020, 1, 1), ("12", "2020")),  # first day of the new text
        (date(2030, 5, 5), ("12", "2020")),  # open-ended current version
    ],
)
def test_article_in_force_resolves_by_date(on: date, expected: tuple[str, str] | None) -> None:
    ref = load_catalogue(VALID).article_in_force("sample-law", "objection", on)
    assert (None if ref is None else (ref.number, ref.version_id)) == expected


def test_article_in_force_returns_none_for_key_absent_in_that_version() -> None:
    catalogue = load_catalogue(VALID)
    assert catalogue.article_in_force("sample-law", "new-right", date(2016, 1, 1)) is None
    ref = catalogue.article_in_force("sample-law", "new-right", date(2021, 1, 1))
    assert ref is not None and ref.number is None and ref.verification == "unverified"


def test_article_in_force_unknown_instrument_raises() -> None:
    with pytest.raises(KeyError):
        load_catalogue(VALID).article_in_force("no-such-law", "objection", date(2021, 1, 1))


@pytest.mark.parametrize(
    ("cited", "on", "expected"),
    [
        ("new-rule", date(2026, 3, 31), ("old-rule", "2")),  # before the successor: walk back
        ("new-rule", date(2026, 4, 1), ("new-rule", "3")),
        ("old-rule", date(2026, 4, 1), ("new-rule", "3")),  # citing the old rule after repeal: walk forward
        ("old-rule", date(2019, 1, 1), None),  # neither in force
    ],
)
def test_basis_in_force_follows_succession(cited: str, on: date, expected: tuple[str, str] | None) -> None:
    ref = load_catalogue(VALID).basis_in_force(cited, "repair", on)
    assert (None if ref is None else (ref.instrument, ref.number)) == expected


def test_sub_facts_inherit_verification_and_date() -> None:
    catalogue = load_catalogue(VALID)
    remedy = catalogue.remedy("sample-objection")
    assert remedy.filing_deadline is not None and remedy.filing_deadline.verification == "primary-text"
    assert remedy.response_time is not None and remedy.response_time.verification == "unverified"
    article = catalogue.instrument("sample-law").versions[1].articles["objection"]
    assert article.last_verified == date(2026, 1, 1)  # inherited from its version


def test_find_stale_uses_the_given_day_only() -> None:
    catalogue = load_catalogue(VALID)
    assert find_stale(catalogue, date(2024, 1, 2), 365) == []
    stale = find_stale(catalogue, date(2026, 1, 1), 365)
    pointers = {(s.record_id, s.pointer) for s in stale}
    assert ("sample-objection", "/response_time") in pointers  # verified 2024-01-01
    assert ("sample-law", "/versions/1/articles/objection") not in pointers  # verified 2026-01-01
    assert all(s.age_days > 365 for s in stale)
    assert stale == sorted(stale, key=lambda s: (s.last_verified, s.record_kind, s.record_id, s.pointer))


def test_content_hash_is_stable_and_changes_with_content(content: Path) -> None:
    first = load_catalogue(VALID).content_hash
    assert first == load_catalogue(content).content_hash and len(first) == 12
    edit(content, "lists/sample-list.yaml", lambda d: d.update(summary="Changed."))
    assert load_catalogue(content).content_hash != first


def test_catalogue_lookups() -> None:
    catalogue = load_catalogue(VALID)
    assert catalogue.version == "fixture-1"
    assert [r.id for r in catalogue.remedies_for("sample-list")] == ["sample-objection", "sample-repair"]
    assert [r.id for r in catalogue.lists_for_remedy("sample-repair")] == ["sample-list"]
    assert catalogue.runs_from["ruling-served"]
    with pytest.raises(KeyError):
        catalogue.list("no-such-list")
    with pytest.raises(KeyError):
        catalogue.remedy("no-such-remedy")
