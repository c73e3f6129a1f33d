"""The letter content: every letter file and the shared field vocabulary validate against their
schemas, and every cross-reference holds against the real content (remedies, instruments, fields).

Reads the YAML directly rather than through clinic.catalogue, so that these checks stand on their
own. One test per kind of problem; each test reports every problem it finds, not just the first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

CONTENT = Path(__file__).resolve().parents[2] / "clinic" / "content"
LETTERS = CONTENT / "letters"
SCHEMAS = CONTENT / "schemas"
FIELDS_FILE = LETTERS / "fields.yaml"

# The applicant block is printed by the letter code from these field ids; letters may use them as
# placeholders without listing them.
APPLICANT_FIELDS = frozenset({"applicant_name", "id_number", "uscc", "legal_representative", "address", "phone"})
# Filled by the code with the citations in force on the filing date; only the basis sentence has it.
CITATIONS = "citations"
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
FIELD_ID = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
VERIFICATION_RANK = {"unverified": 0, "one-source": 1, "two-or-more-secondary": 2, "primary-text": 3}
# A hard-coded article number would go stale when an instrument is renumbered; the code prints
# numbers from the instrument data via {citations}.
ZH_ARTICLE_NUMBER = re.compile(r"第[0-9一二三四五六七八九十百零]+条")
EN_ARTICLE_NUMBER = re.compile(r"\b(Art\.|Article|Articles)\s*[0-9]")
ZH_SENTENCE_END = re.compile(r"[。！？]")
EN_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
ZH_TITLE = re.compile(r"《([^《》]+)》")
ZH_SHORT_NAME = re.compile(r"《([^《》]+)》（以下简称《([^《》]+)》）")
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def load_yaml(path: Path) -> Any:
    """Parse one YAML file."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def letter_paths() -> list[Path]:
    """Every letter file (fields.yaml is the vocabulary, not a letter)."""
    return sorted(p for p in LETTERS.glob("*.yaml") if p.name != FIELDS_FILE.name)


LETTER_PATHS = letter_paths()
LETTER_IDS = [p.stem for p in LETTER_PATHS]


@pytest.fixture(scope="module")
def letters() -> dict[str, dict[str, Any]]:
    """Every letter, keyed by file stem."""
    return {p.stem: load_yaml(p) for p in LETTER_PATHS}


@pytest.fixture(scope="module")
def fields() -> dict[str, dict[str, Any]]:
    """The field vocabulary, keyed by id."""
    return {f["id"]: f for f in load_yaml(FIELDS_FILE)["fields"]}


@pytest.fixture(scope="module")
def instruments() -> dict[str, dict[str, Any]]:
    """Every instrument in the content, keyed by id."""
    return {d["id"]: d for d in (load_yaml(p) for p in sorted((CONTENT / "instruments").glob("*.yaml")))}


@pytest.fixture(scope="module")
def remedies() -> dict[str, dict[str, Any]]:
    """Every remedy in the content, keyed by id."""
    return {d["id"]: d for d in (load_yaml(p) for p in sorted((CONTENT / "remedies").glob("*.yaml")))}


def texts(letter: dict[str, Any]) -> Iterator[tuple[str, dict[str, str]]]:
    """Every bilingual paragraph of a letter, with where it is (for messages)."""
    for i, p in enumerate(letter["requests"]):
        yield f"requests[{i}]", p
    for i, p in enumerate(letter["facts_opening"]):
        yield f"facts_opening[{i}]", p
    for g in letter["grounds"]:
        yield f"grounds[{g['id']}]", {"zh": g["zh"], "en": g["en"]}
    yield "basis", letter["basis"]


def attachments(letter: dict[str, Any]) -> Iterator[tuple[str, dict[str, str]]]:
    """Every attachment of a letter, the grounds' included."""
    for i, a in enumerate(letter["attachments"]):
        yield f"attachments[{i}]", a
    for g in letter["grounds"]:
        for i, a in enumerate(g["attachments"]):
            yield f"grounds[{g['id']}].attachments[{i}]", a


def all_cites(letter: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every citation of a letter, the grounds' included."""
    for c in letter["always_cites"]:
        yield "always_cites", c
    for g in letter["grounds"]:
        for c in g["cites"]:
            yield f"grounds[{g['id']}].cites", c


def versions_in_window(instrument: dict[str, Any], start: str, end: str | None) -> list[dict[str, Any]]:
    """The versions of an instrument in force at some time in [start, end] (ISO dates compare as strings)."""
    return [
        v
        for v in instrument["versions"]
        if (v["in_force_to"] is None or v["in_force_to"] >= start) and (end is None or v["in_force_from"] <= end)
    ]


def cite_window(cite: dict[str, Any], as_of: str) -> tuple[str, str | None]:
    """The filing dates on or after ``as_of`` on which a citation is used: a citation whose window
    closed before ``as_of`` is judged on its last day, so a superseded instrument is still checked."""
    applies = cite.get("applies", {})
    until = applies.get("until")
    start = max(applies.get("from", as_of), as_of)
    if until is not None and until < start:
        start = until
    return start, until


# --- Schemas ---------------------------------------------------------------------------------


def schema_errors(schema_name: str, data: Any) -> list[str]:
    """Every validation error of ``data`` against a content schema, as readable strings."""
    schema = json.loads((SCHEMAS / schema_name).read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def test_fields_file_matches_schema() -> None:
    assert not schema_errors("fields.schema.json", load_yaml(FIELDS_FILE))


@pytest.mark.parametrize("path", LETTER_PATHS, ids=LETTER_IDS)
def test_letter_matches_schema(path: Path) -> None:
    assert not schema_errors("letter.schema.json", load_yaml(path))


# --- The field vocabulary --------------------------------------------------------------------


def test_field_ids_are_unique() -> None:
    ids = [f["id"] for f in load_yaml(FIELDS_FILE)["fields"]]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_applicant_block_fields_are_defined(fields: dict[str, dict[str, Any]]) -> None:
    assert sorted(APPLICANT_FIELDS - fields.keys()) == []


def test_every_field_is_used_by_some_letter(
    letters: dict[str, dict[str, Any]], fields: dict[str, dict[str, Any]]
) -> None:
    used = {f for letter in letters.values() for f in letter["fields"]}
    assert sorted(fields.keys() - used - APPLICANT_FIELDS) == []


# --- Identity and cross-references ----------------------------------------------------------


def test_there_are_letters() -> None:
    assert LETTER_PATHS


def test_letter_id_equals_file_name(letters: dict[str, dict[str, Any]]) -> None:
    assert [(stem, d["id"]) for stem, d in letters.items() if d["id"] != stem] == []


def test_letter_numbers_are_unique(letters: dict[str, dict[str, Any]]) -> None:
    numbers = [d["number"] for d in letters.values()]
    assert sorted({n for n in numbers if numbers.count(n) > 1}) == []


def test_letter_serves_a_remedy_that_names_it(
    letters: dict[str, dict[str, Any]], remedies: dict[str, dict[str, Any]]
) -> None:
    problems = []
    for stem, letter in letters.items():
        remedy = remedies.get(letter["remedy"])
        if remedy is None:
            problems.append(f"{stem}: no remedy {letter['remedy']!r}")
        elif remedy["letter"] != letter["id"]:
            problems.append(f"{stem}: remedy {letter['remedy']!r} names letter {remedy['letter']!r}")
    assert problems == []


def test_letter_fields_are_in_the_vocabulary(
    letters: dict[str, dict[str, Any]], fields: dict[str, dict[str, Any]]
) -> None:
    problems = [
        f"{stem}: {f}"
        for stem, letter in letters.items()
        for f in letter["fields"]
        if f not in fields or f in APPLICANT_FIELDS
    ]
    assert problems == []


def test_party_fields_are_declared_by_the_letter(letters: dict[str, dict[str, Any]]) -> None:
    problems = []
    for stem, letter in letters.items():
        for role in ("addressee", "respondent"):
            party = letter[role]
            if isinstance(party, dict) and "field" in party and party["field"] not in letter["fields"]:
                problems.append(f"{stem}: {role} field {party['field']!r} not in fields")
    assert problems == []


def test_ground_ids_are_unique_within_a_letter(letters: dict[str, dict[str, Any]]) -> None:
    problems = []
    for stem, letter in letters.items():
        ids = [g["id"] for g in letter["grounds"]]
        problems += [f"{stem}: {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    assert problems == []


def test_citations_resolve_to_articles_in_force(
    letters: dict[str, dict[str, Any]], instruments: dict[str, dict[str, Any]]
) -> None:
    """Each citation names a real instrument and an article key that exists in the version in force
    at each end of the window in which the letter uses it (from the letter's date onwards)."""
    problems = []
    for stem, letter in letters.items():
        for where, cite in all_cites(letter):
            instrument = instruments.get(cite["instrument"])
            if instrument is None:
                problems.append(f"{stem} {where}: no instrument {cite['instrument']!r}")
                continue
            start, end = cite_window(cite, letter["last_verified"])
            for day in filter(None, (start, end)):
                in_force = versions_in_window(instrument, day, day)
                if not in_force:
                    problems.append(f"{stem} {where}: {cite['instrument']} not in force on {day}")
                elif not any(cite["article"] in v["articles"] for v in in_force):
                    problems.append(f"{stem} {where}: {cite['instrument']} has no {cite['article']!r} on {day}")
    assert problems == []


def test_applies_windows_are_ordered(letters: dict[str, dict[str, Any]]) -> None:
    problems = [
        f"{stem} {where}"
        for stem, letter in letters.items()
        for where, cite in all_cites(letter)
        if cite.get("applies", {}).get("from", "") > cite.get("applies", {}).get("until", "9999")
    ]
    assert problems == []


def test_verification_is_no_stronger_than_what_is_cited(
    letters: dict[str, dict[str, Any]], instruments: dict[str, dict[str, Any]]
) -> None:
    """A letter is at most as well verified as the weakest article it cites in the versions it can
    cite from its date onwards (citations that apply only before then are history)."""
    problems = []
    for stem, letter in letters.items():
        claimed = VERIFICATION_RANK[letter["verification"]]
        for where, cite in all_cites(letter):
            until = cite.get("applies", {}).get("until")
            if until is not None and until < letter["last_verified"] or cite["instrument"] not in instruments:
                continue
            start, end = cite_window(cite, letter["last_verified"])
            for version in versions_in_window(instruments[cite["instrument"]], start, end):
                article = version["articles"].get(cite["article"])
                if article is not None and VERIFICATION_RANK[article["verification"]] < claimed:
                    problems.append(
                        f"{stem} {where}: {cite['instrument']}/{cite['article']} is "
                        f"{article['verification']}, letter claims {letter['verification']}"
                    )
    assert problems == []


# --- The texts ------------------------------------------------------------------------------


def test_placeholders_are_declared_fields(letters: dict[str, dict[str, Any]]) -> None:
    problems = []
    for stem, letter in letters.items():
        allowed = set(letter["fields"]) | APPLICANT_FIELDS
        for where, paragraph in [*texts(letter), *attachments(letter)]:
            for lang in ("zh", "en"):
                for name in PLACEHOLDER.findall(paragraph[lang]):
                    if name == CITATIONS and where == "basis":
                        continue
                    if name not in allowed:
                        problems.append(f"{stem} {where}.{lang}: {{{name}}}")
    assert problems == []


def test_braces_are_balanced_placeholders_only(letters: dict[str, dict[str, Any]]) -> None:
    problems = [
        f"{stem} {where}.{lang}"
        for stem, letter in letters.items()
        for where, paragraph in [*texts(letter), *attachments(letter)]
        for lang in ("zh", "en")
        if "{" in PLACEHOLDER.sub("", paragraph[lang]) or "}" in PLACEHOLDER.sub("", paragraph[lang])
    ]
    assert problems == []


def test_basis_has_the_citations_placeholder_once(letters: dict[str, dict[str, Any]]) -> None:
    problems = [
        f"{stem} basis.{lang}"
        for stem, letter in letters.items()
        for lang in ("zh", "en")
        if PLACEHOLDER.findall(letter["basis"][lang]).count(CITATIONS) != 1
    ]
    assert problems == []


def test_every_declared_field_is_printed(letters: dict[str, dict[str, Any]]) -> None:
    """Every field is required, so each must appear in text that is always printed (requests, the
    facts opening, the basis) or be the addressee or respondent."""
    problems = []
    for stem, letter in letters.items():
        printed = {
            name
            for p in [*letter["requests"], *letter["facts_opening"], letter["basis"]]
            for lang in ("zh", "en")
            for name in PLACEHOLDER.findall(p[lang])
        }
        printed |= {
            party["field"]
            for party in (letter["addressee"], letter["respondent"])
            if isinstance(party, dict) and "field" in party
        }
        problems += [f"{stem}: {f}" for f in letter["fields"] if f not in printed]
    assert problems == []


def test_zh_and_en_use_the_same_placeholders(letters: dict[str, dict[str, Any]]) -> None:
    problems = [
        f"{stem} {where}"
        for stem, letter in letters.items()
        for where, paragraph in [*texts(letter), *attachments(letter)]
        if set(PLACEHOLDER.findall(paragraph["zh"])) != set(PLACEHOLDER.findall(paragraph["en"]))
    ]
    assert problems == []


def test_zh_and_en_align_sentence_for_sentence(letters: dict[str, dict[str, Any]]) -> None:
    """The reading copy follows the Chinese sentence for sentence (placeholders excluded, since a
    person's own text may contain full stops)."""
    problems = []
    for stem, letter in letters.items():
        for where, paragraph in texts(letter):
            zh = len(ZH_SENTENCE_END.findall(PLACEHOLDER.sub("X", paragraph["zh"])))
            en = len(EN_SENTENCE_END.findall(PLACEHOLDER.sub("X", paragraph["en"])))
            if zh != en:
                problems.append(f"{stem} {where}: {zh} Chinese sentences, {en} English")
    assert problems == []


def test_paragraphs_end_as_sentences(letters: dict[str, dict[str, Any]]) -> None:
    problems = [
        f"{stem} {where}"
        for stem, letter in letters.items()
        for where, paragraph in texts(letter)
        if not paragraph["zh"].endswith("。") or not paragraph["en"].endswith(".")
    ]
    assert problems == []


def test_chinese_has_no_latin_and_english_has_no_chinese(letters: dict[str, dict[str, Any]]) -> None:
    problems = []
    for stem, letter in letters.items():
        for where, paragraph in [*texts(letter), *attachments(letter)]:
            if LATIN.search(PLACEHOLDER.sub("", paragraph["zh"])):
                problems.append(f"{stem} {where}.zh has Latin letters")
            if CJK.search(paragraph["en"]):
                problems.append(f"{stem} {where}.en has Chinese characters")
    assert problems == []


def test_no_hard_coded_article_numbers(letters: dict[str, dict[str, Any]]) -> None:
    problems = [
        f"{stem} {where}"
        for stem, letter in letters.items()
        for where, paragraph in texts(letter)
        if ZH_ARTICLE_NUMBER.search(paragraph["zh"]) or EN_ARTICLE_NUMBER.search(paragraph["en"])
    ]
    assert problems == []


def test_named_instruments_are_cited(
    letters: dict[str, dict[str, Any]], instruments: dict[str, dict[str, Any]]
) -> None:
    """A paragraph names only instruments the letter cites: a ground only those in its own or the
    always-cited citations, so a ticked ground never relies on a rule the basis sentence omits."""
    by_title = {d["title_zh"]: d["id"] for d in instruments.values()}
    problems = []
    for stem, letter in letters.items():
        short = {
            s: by_title.get(full, full) for p in letter["facts_opening"] for full, s in ZH_SHORT_NAME.findall(p["zh"])
        }
        always = {c["instrument"] for c in letter["always_cites"]}
        anywhere = {c["instrument"] for _, c in all_cites(letter)}
        for where, paragraph in texts(letter):
            if where.startswith("grounds["):
                ground = next(g for g in letter["grounds"] if f"grounds[{g['id']}]" == where)
                allowed = always | {c["instrument"] for c in ground["cites"]}
            else:
                allowed = anywhere
            for title in ZH_TITLE.findall(paragraph["zh"]):
                instrument = short.get(title, by_title.get(title))
                if instrument is None:
                    problems.append(f"{stem} {where}: unknown instrument 《{title}》")
                elif instrument not in allowed:
                    problems.append(f"{stem} {where}: names {instrument} but does not cite it")
    assert problems == []
