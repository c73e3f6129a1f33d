"""Checks on the letter files that a schema cannot express, one function per kind of problem.

They run at start-up, in ``flask content check`` and in the content tests alike, so that "content
check says ok" means the letter tests pass. Each takes the parsed letter files (schema-valid ones
only), the field vocabulary and the loaded catalogue, and returns every :class:`Problem` it finds,
each at the line of the offending node. Pure: no Flask, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from clinic.catalogue import Catalogue, Version
from clinic.contentfiles import Problem, YamlDoc
from clinic.letters.parties import BLOCK_FIELDS, ORGANISATION_FIELDS, PERSON_FIELDS  # noqa: F401 (re-exported)

#: The party blocks (applicant, agent, service address) are printed by the letter code from these
#: field ids (clinic.letters.parties); letters may use them as placeholders without listing them.
APPLICANT_FIELDS = BLOCK_FIELDS
#: Filled by the code with the citations in force on the filing date; only the basis sentence has it.
CITATIONS = "citations"
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
#: The strength of each verification level, weakest first.
VERIFICATION_RANK = {"unverified": 0, "one-source": 1, "two-or-more-secondary": 2, "primary-text": 3}
# A hard-coded article number would go stale when an instrument is renumbered; the code prints
# numbers from the instrument data through {citations}.
ZH_ARTICLE_NUMBER = re.compile(r"第[0-9一二三四五六七八九十百零]+条")
EN_ARTICLE_NUMBER = re.compile(r"\b(Art\.|Article|Articles)\s*[0-9]")
ZH_SENTENCE_END = re.compile(r"[。！？]")
EN_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
ZH_TITLE = re.compile(r"《([^《》]+)》")
ZH_SHORT_NAME = re.compile(r"《([^《》]+)》（以下简称《([^《》]+)》）")
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")

Letter = tuple[YamlDoc, dict[str, Any]]


def texts(letter: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, str]]]:
    """Every bilingual paragraph of a letter, with its place (a JSON pointer)."""
    for i, p in enumerate(letter["requests"]):
        yield f"/requests/{i}", p
    for i, p in enumerate(letter["facts_opening"]):
        yield f"/facts_opening/{i}", p
    for i, g in enumerate(letter["grounds"]):
        yield f"/grounds/{i}", {"zh": g["zh"], "en": g["en"]}
    for ci, c in enumerate(letter.get("choices", ())):
        for oi, o in enumerate(c["options"]):
            if "paragraph" in o:
                yield f"/choices/{ci}/options/{oi}/paragraph", o["paragraph"]
    yield "/basis", letter["basis"]


def fragments(letter: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, str]]]:
    """The words choice options put at their placeholder (not whole sentences), with their place."""
    for ci, c in enumerate(letter.get("choices", ())):
        for oi, o in enumerate(c["options"]):
            if "text" in o:
                yield f"/choices/{ci}/options/{oi}/text", o["text"]


def attachments(letter: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, str]]]:
    """Every attachment of a letter, the grounds' included, with its place."""
    for i, a in enumerate(letter["attachments"]):
        yield f"/attachments/{i}", a
    for gi, g in enumerate(letter["grounds"]):
        for i, a in enumerate(g["attachments"]):
            yield f"/grounds/{gi}/attachments/{i}", a
    for ci, c in enumerate(letter.get("choices", ())):
        for oi, o in enumerate(c["options"]):
            for i, a in enumerate(o.get("attachments", ())):
                yield f"/choices/{ci}/options/{oi}/attachments/{i}", a


def all_cites(letter: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every citation of a letter, the grounds' included, with its place."""
    for i, c in enumerate(letter["always_cites"]):
        yield f"/always_cites/{i}", c
    for gi, g in enumerate(letter["grounds"]):
        for i, c in enumerate(g["cites"]):
            yield f"/grounds/{gi}/cites/{i}", c
    for ci, ch in enumerate(letter.get("choices", ())):
        for oi, o in enumerate(ch["options"]):
            for i, c in enumerate(o.get("cites", ())):
                yield f"/choices/{ci}/options/{oi}/cites/{i}", c


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(str(text))


def _versions_in_window(catalogue: Catalogue, instrument: str, start: date, end: date | None) -> list[Version]:
    return [
        v
        for v in catalogue.instrument(instrument).versions
        if (v.in_force_to is None or v.in_force_to >= start) and (end is None or v.in_force_from <= end)
    ]


def _cite_window(cite: Mapping[str, Any], as_of: date) -> tuple[date, date | None]:
    """The filing dates on or after ``as_of`` on which a citation is used: a citation whose window
    closed before ``as_of`` is judged on its last day, so a superseded instrument is still checked."""
    applies = cite.get("applies") or {}
    until = _day(applies.get("until"))
    start = max(_day(applies.get("from")) or as_of, as_of)
    if until is not None and until < start:
        start = until
    return start, until


def _name(pointer: str) -> str:
    return pointer.strip("/")


# --- the field vocabulary ------------------------------------------------------------------------


def _party_fields(party: Mapping[str, Any]) -> list[str]:
    """The fields an ``other_parties`` entry prints."""
    return [
        party[key] for key in ("kind_field", "name", "identifier", "address", "head", "head_title") if party.get(key)
    ]


def check_fields(fields: YamlDoc, letters: Sequence[Letter], every_letter: bool = True) -> list[Problem]:
    """Field ids are unique, the applicant block is defined, and every field is used by a letter.

    ``every_letter`` is False when some letter file could not be read: then which fields are used
    is unknown, and unused fields are not reported (they would be false alarms).
    """
    problems: list[Problem] = []
    ids = [f["id"] for f in fields.data["fields"]]
    for index, field_id in enumerate(ids):
        if ids.index(field_id) != index:
            problems.append(fields.at(f"/fields/{index}/id", f"field {field_id!r} is defined twice"))
    for missing in sorted(APPLICANT_FIELDS - set(ids)):
        problems.append(fields.at("/fields", f"the applicant-block field {missing!r} is not defined"))
    used = {f for _, letter in letters for f in letter["fields"]} | {
        f for _, letter in letters for party in letter.get("other_parties") or () for f in _party_fields(party)
    }
    for index, field_id in enumerate(ids if every_letter else ()):
        if field_id not in used | APPLICANT_FIELDS:
            problems.append(fields.at(f"/fields/{index}/id", f"field {field_id!r} is used by no letter"))
    return problems


# --- identity and cross-references ---------------------------------------------------------------


def check_identity(letters: Sequence[Letter]) -> list[Problem]:
    """Each id equals its file name, and no two letters share a number (it is the URL)."""
    problems: list[Problem] = []
    numbers: dict[int, str] = {}
    for doc, letter in letters:
        stem = doc.path.rsplit("/", 1)[-1].removesuffix(".yaml")
        if letter["id"] != stem:
            problems.append(doc.at("/id", f"id {letter['id']!r} differs from the file name {stem!r}"))
        number = letter["number"]
        if number in numbers:
            problems.append(doc.at("/number", f"number {number} is also used by {numbers[number]}"))
        else:
            numbers[number] = doc.path
    return problems


def check_remedy(doc: YamlDoc, letter: Mapping[str, Any], catalogue: Catalogue) -> list[Problem]:
    """The letter serves a remedy that exists and names this letter back; a follow-up letter (remedy
    null) instead has grounds that each chase a remedy that exists."""
    if letter["remedy"] is None:
        return _check_chases(doc, letter, catalogue)
    remedy = catalogue.remedies_by_id.get(letter["remedy"])
    if remedy is None:
        return [doc.at("/remedy", f"remedy {letter['remedy']!r} is not in the catalogue")]
    if remedy.letter != letter["id"]:
        return [doc.at("/remedy", f"remedy {remedy.id!r} names letter {remedy.letter!r}, not this one")]
    return []


def _check_chases(doc: YamlDoc, letter: Mapping[str, Any], catalogue: Catalogue) -> list[Problem]:
    """Every ground of a follow-up letter names, with ``chases``, a remedy in the catalogue: the
    cover sheet of the letter reads that remedy."""
    problems: list[Problem] = []
    for index, ground in enumerate(letter["grounds"]):
        chased = ground.get("chases")
        if chased is None:
            problems.append(doc.at(f"/grounds/{index}", "a letter without a remedy needs `chases` on every ground"))
        elif chased not in catalogue.remedies_by_id:
            problems.append(doc.at(f"/grounds/{index}/chases", f"remedy {chased!r} is not in the catalogue"))
    return problems


def check_letter_fields(doc: YamlDoc, letter: Mapping[str, Any], vocabulary: set[str]) -> list[Problem]:
    """Fields are in the vocabulary (the applicant block is not listed); parties use listed fields."""
    return [
        *_check_field_list(doc, letter, vocabulary),
        *_check_field_references(doc, letter),
        *_check_ground_ids(doc, letter),
    ]


def _check_field_list(doc: YamlDoc, letter: Mapping[str, Any], vocabulary: set[str]) -> list[Problem]:
    """Each listed field is defined in fields.yaml and is not one the applicant block already prints."""
    problems: list[Problem] = []
    for index, field_id in enumerate(letter["fields"]):
        if field_id in APPLICANT_FIELDS:
            problems.append(
                doc.at(f"/fields/{index}", f"{field_id!r} is printed in the applicant block: do not list it")
            )
        elif field_id not in vocabulary:
            problems.append(doc.at(f"/fields/{index}", f"field {field_id!r} is not in fields.yaml"))
    return problems


def _check_field_references(doc: YamlDoc, letter: Mapping[str, Any]) -> list[Problem]:
    """The parties and the deadline read only fields the letter asks for, or the form never fills them."""
    problems: list[Problem] = []
    for role in ("addressee", "respondent"):
        party = letter[role]
        if isinstance(party, dict) and "field" in party and party["field"] not in letter["fields"]:
            problems.append(
                doc.at(f"/{role}/field", f"{role} field {party['field']!r} is not one of the letter's fields")
            )
    deadline_from = letter.get("deadline_from")
    if deadline_from and deadline_from not in letter["fields"]:
        problems.append(doc.at("/deadline_from", f"deadline_from {deadline_from!r} is not one of the letter's fields"))
    return problems


def _check_ground_ids(doc: YamlDoc, letter: Mapping[str, Any]) -> list[Problem]:
    """Ground ids are unique, since the form's tick boxes are keyed by them."""
    ids = [g["id"] for g in letter["grounds"]]
    return [
        doc.at(f"/grounds/{index}/id", f"ground id {ground_id!r} is used twice")
        for index, ground_id in enumerate(ids)
        if ids.index(ground_id) != index
    ]


#: Form names the letter form already uses: a choice may not take one.
RESERVED_NAMES = frozenset({"kind", "grounds", "own_account", "filing", "csrf_token"})


def check_ground_logic(doc: YamlDoc, letter: Mapping[str, Any]) -> list[Problem]:
    """The grounds' logic names what exists: excluded grounds, a choice's ground, a ground's
    required options, the waits' date fields; choice and option ids are unique and a choice id is
    not a field id or another form name (it is the choice's form name and placeholder)."""
    return [*_check_excludes(doc, letter), *_check_choices(doc, letter), *_check_waits(doc, letter)]


def _check_excludes(doc: YamlDoc, letter: Mapping[str, Any]) -> list[Problem]:
    """Exclusive groups name grounds of this letter."""
    grounds = {g["id"] for g in letter["grounds"]}
    return [
        doc.at(f"/excludes/{gi}", f"excludes names an unknown ground {name!r}")
        for gi, group in enumerate(letter.get("excludes", ()))
        for name in group
        if name not in grounds
    ]


def _check_choices(doc: YamlDoc, letter: Mapping[str, Any]) -> list[Problem]:
    """Choice ids are free form names, used once; options are unique; ground references exist."""
    problems: list[Problem] = []
    grounds = {g["id"] for g in letter["grounds"]}
    ids = [c["id"] for c in letter.get("choices", ())]
    taken = set(letter["fields"]) | APPLICANT_FIELDS | RESERVED_NAMES
    for ci, c in enumerate(letter.get("choices", ())):
        if c["id"] in taken or ids.count(c["id"]) > 1:
            problems.append(doc.at(f"/choices/{ci}/id", f"choice id {c['id']!r} is already a form name"))
        if c.get("when_ground") and c["when_ground"] not in grounds:
            problems.append(doc.at(f"/choices/{ci}/when_ground", f"unknown ground {c['when_ground']!r}"))
        option_ids = [o["id"] for o in c["options"]]
        if len(set(option_ids)) != len(option_ids):
            problems.append(doc.at(f"/choices/{ci}/options", "an option id is used twice"))
    options = {c["id"]: {o["id"] for o in c["options"]} for c in letter.get("choices", ())}
    for gi, g in enumerate(letter["grounds"]):
        for choice_id, allowed in (g.get("only_with") or {}).items():
            if not set(allowed) <= options.get(choice_id, set()):
                problems.append(doc.at(f"/grounds/{gi}/only_with", f"unknown choice or option in {choice_id!r}"))
    return problems


def _check_waits(doc: YamlDoc, letter: Mapping[str, Any]) -> list[Problem]:
    """A waiting period counts from one of the letter's fields."""
    waits = [("/waits", letter.get("waits"))]
    waits += [(f"/grounds/{gi}/waits", g.get("waits")) for gi, g in enumerate(letter["grounds"])]
    return [
        doc.at(f"{where}/field", f"{wait['field']!r} is not one of the letter's fields")
        for where, wait in waits
        if wait and wait["field"] not in letter["fields"]
    ]


def check_citations(doc: YamlDoc, letter: Mapping[str, Any], catalogue: Catalogue) -> list[Problem]:
    """Each citation names a real instrument and an article key in the version in force at each end
    of the window in which the letter uses it (from the letter's date onwards); windows are ordered."""
    problems: list[Problem] = []
    as_of = date.fromisoformat(letter["last_verified"])
    for where, cite in all_cites(letter):
        instrument = cite["instrument"]
        applies = cite.get("applies") or {}
        if applies.get("from") and applies.get("until") and applies["from"] > applies["until"]:
            problems.append(doc.at(f"{where}/applies", "applies: from is after until"))
        if instrument not in catalogue.instruments_by_id:
            problems.append(doc.at(f"{where}/instrument", f"unknown instrument {instrument!r}"))
            continue
        start, end = _cite_window(cite, as_of)
        for day in filter(None, (start, end)):
            in_force = _versions_in_window(catalogue, instrument, day, day)
            if not in_force:
                problems.append(doc.at(where, f"{instrument} is not in force on {day}"))
            elif not any(cite["article"] in v.articles for v in in_force):
                problems.append(
                    doc.at(f"{where}/article", f"{instrument} has no article key {cite['article']!r} on {day}")
                )
    return problems


def check_verification(doc: YamlDoc, letter: Mapping[str, Any], catalogue: Catalogue) -> list[Problem]:
    """A letter is at most as well verified as the weakest article it cites in the versions it can
    cite from its date onwards (citations that apply only before then are history)."""
    problems: list[Problem] = []
    as_of = date.fromisoformat(letter["last_verified"])
    claimed = VERIFICATION_RANK[letter["verification"]]
    for where, cite in all_cites(letter):
        until = _day((cite.get("applies") or {}).get("until"))
        if until is not None and until < as_of or cite["instrument"] not in catalogue.instruments_by_id:
            continue
        start, end = _cite_window(cite, as_of)
        for version in _versions_in_window(catalogue, cite["instrument"], start, end):
            article = version.articles.get(cite["article"])
            if article is not None and VERIFICATION_RANK[article.verification] < claimed:
                problems.append(
                    doc.at(
                        "/verification",
                        f"{_name(where)}: {cite['instrument']}/{cite['article']} is {article.verification}, "
                        f"the letter claims {letter['verification']}",
                    )
                )
    return problems


# --- the texts -----------------------------------------------------------------------------------


def check_placeholders(doc: YamlDoc, letter: Mapping[str, Any]) -> list[Problem]:
    """Placeholders name the letter's fields (or the applicant block), braces are only placeholders,
    the basis has {citations} exactly once, zh and en use the same ones, and every field is printed
    in text that is always printed (requests, the facts opening, the basis) or is a party."""
    problems: list[Problem] = []
    allowed = set(letter["fields"]) | APPLICANT_FIELDS | {c["id"] for c in letter.get("choices", ())}
    for where, paragraph in [*texts(letter), *attachments(letter), *fragments(letter)]:
        problems.extend(_check_paragraph_placeholders(doc, where, paragraph, allowed))
    for lang in ("zh", "en"):
        if PLACEHOLDER.findall(letter["basis"][lang]).count(CITATIONS) != 1:
            problems.append(doc.at(f"/basis/{lang}", "the basis needs {citations} exactly once"))
    if "{citations}的" in letter["basis"]["zh"]:
        # {citations} ends with 的规定 or 的有关规定 itself; a template adding 的规定 prints 有关规定的规定.
        problems.append(doc.at("/basis/zh", "write 根据{citations}，: the citation phrase ends itself"))
    problems.extend(_check_fields_printed(doc, letter))
    return problems


def _check_paragraph_placeholders(
    doc: YamlDoc, where: str, paragraph: Mapping[str, str], allowed: set[str]
) -> list[Problem]:
    """One paragraph: known placeholders only, no stray braces, the same placeholders in zh and en."""
    problems: list[Problem] = []
    for lang in ("zh", "en"):
        text = paragraph[lang]
        place = f"{where}/{lang}"
        for name in PLACEHOLDER.findall(text):
            if name not in allowed and not (name == CITATIONS and where == "/basis"):
                problems.append(doc.at(place, f"placeholder {{{name}}} is not a field of this letter"))
        rest = PLACEHOLDER.sub("", text)
        if "{" in rest or "}" in rest:
            problems.append(doc.at(place, "a brace that is not part of a {placeholder}"))
    if set(PLACEHOLDER.findall(paragraph["zh"])) != set(PLACEHOLDER.findall(paragraph["en"])):
        problems.append(doc.at(where, "zh and en use different placeholders"))
    return problems


def _check_fields_printed(doc: YamlDoc, letter: Mapping[str, Any]) -> list[Problem]:
    """Every field asked for reaches the letter, otherwise asking is pointless: in its fixed text, or
    in a ground's paragraph (a fact only that ground needs, such as why a filing is late; its hint
    says when to fill it in, and the preview reports it blank only when the ground is ticked)."""
    printed = {
        name
        for p in [*letter["requests"], *letter["facts_opening"], letter["basis"], *letter["grounds"]]
        for lang in ("zh", "en")
        for name in PLACEHOLDER.findall(p[lang])
    }
    printed |= {
        party["field"]
        for party in (letter["addressee"], letter["respondent"])
        if isinstance(party, dict) and "field" in party
    }
    return [
        doc.at(f"/fields/{index}", f"field {field_id!r} is never printed")
        for index, field_id in enumerate(letter["fields"])
        if field_id not in printed
    ]


def _check_law_marks(doc: YamlDoc, where: str, paragraph: Mapping[str, str]) -> list[Problem]:
    """[[ ]] marks Chinese wording that restates the law (its 或者 are the law's): in pairs, no
    placeholder inside, never in English."""
    zh = paragraph["zh"]
    spans = re.findall(r"\[\[(.*?)\]\]", zh)
    if "[[" in paragraph["en"] or zh.count("[[") != len(spans) or zh.count("]]") != len(spans):
        return [doc.at(where, "[[ ]] marks only Chinese legal wording, in pairs")]
    if any("{" in span for span in spans):
        return [doc.at(where, "a placeholder inside [[ ]]: the law's wording has no values")]
    return []


def check_wording(doc: YamlDoc, letter: Mapping[str, Any]) -> list[Problem]:
    """The reading copy follows the Chinese sentence for sentence, paragraphs end as sentences,
    each language keeps to its script, and no article number is written by hand."""
    problems: list[Problem] = []
    for where, marked in texts(letter):
        problems += _check_law_marks(doc, where, marked)
        # [[ ]] marks wording that restates the law; it is not printed.
        paragraph = {"zh": marked["zh"].replace("[[", "").replace("]]", ""), "en": marked["en"]}
        zh = len(ZH_SENTENCE_END.findall(PLACEHOLDER.sub("X", paragraph["zh"])))
        en = len(EN_SENTENCE_END.findall(PLACEHOLDER.sub("X", paragraph["en"])))
        if zh != en:
            problems.append(doc.at(where, f"{zh} Chinese sentence(s) but {en} English"))
        if not paragraph["zh"].endswith("。") or not paragraph["en"].endswith("."):
            problems.append(doc.at(where, "a paragraph must end with 。 (zh) and . (en)"))
        if ZH_ARTICLE_NUMBER.search(paragraph["zh"]) or EN_ARTICLE_NUMBER.search(paragraph["en"]):
            problems.append(doc.at(where, "an article number written by hand: cite the article instead"))
    for where, text in [*texts(letter), *attachments(letter), *fragments(letter)]:
        if LATIN.search(PLACEHOLDER.sub("", text["zh"])):
            problems.append(doc.at(f"{where}/zh", "the Chinese text has Latin letters"))
        if CJK.search(text["en"]):
            problems.append(doc.at(f"{where}/en", "the English text has Chinese characters"))
    return problems


def check_named_instruments(doc: YamlDoc, letter: Mapping[str, Any], catalogue: Catalogue) -> list[Problem]:
    """A paragraph names only instruments the letter cites: a ground only those in its own or the
    always-cited citations, so a ticked ground never relies on a rule the basis sentence omits."""
    by_title = {i.title_zh: i.id for i in catalogue.instruments}
    short = {s: by_title.get(full, full) for p in letter["facts_opening"] for full, s in ZH_SHORT_NAME.findall(p["zh"])}
    always = {c["instrument"] for c in letter["always_cites"]}
    anywhere = {c["instrument"] for _, c in all_cites(letter)}
    problems: list[Problem] = []
    for where, paragraph in texts(letter):
        allowed = anywhere
        if where.startswith("/grounds/"):
            ground = letter["grounds"][int(where.rsplit("/", 1)[-1])]
            allowed = always | {c["instrument"] for c in ground["cites"]}
        for title in ZH_TITLE.findall(paragraph["zh"]):
            instrument = short.get(title, by_title.get(title))
            if instrument is None:
                problems.append(doc.at(f"{where}/zh", f"unknown instrument 《{title}》"))
            elif instrument not in allowed:
                problems.append(doc.at(f"{where}/zh", f"names {instrument} but does not cite it"))
    return problems


def check_letters(
    fields: YamlDoc, letters: Sequence[Letter], catalogue: Catalogue, every_letter: bool = True
) -> list[Problem]:
    """Run every letter check on the schema-valid letters and the vocabulary; return all problems.

    ``every_letter`` says whether ``letters`` holds every letter file (none failed to parse).
    """
    vocabulary = {f["id"] for f in fields.data["fields"]}
    problems = [*check_fields(fields, letters, every_letter), *check_identity(letters)]
    for doc, letter in letters:
        problems += check_remedy(doc, letter, catalogue)
        problems += check_letter_fields(doc, letter, vocabulary)
        problems += check_citations(doc, letter, catalogue)
        problems += check_verification(doc, letter, catalogue)
        problems += check_placeholders(doc, letter)
        problems += check_ground_logic(doc, letter)
        problems += check_wording(doc, letter)
        problems += check_named_instruments(doc, letter, catalogue)
    return problems
