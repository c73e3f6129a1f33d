"""Everything ``flask content check`` checks, as pure functions the content tests call too.

Loading the content (``clinic.bundle``) already checks every file's syntax, schema and
cross-references; this module adds what only an editor's check needs: that every scenario in
scenarios.yaml gives its expected result, and that every translatable content string has a
translation in every shipped locale. Start-up skips that check (a test may run
the app on changed content with the shipped catalogues), so "content check says ok" is the stronger
statement. No Flask, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

from clinic.bundle import try_load_content
from clinic.contentfiles import ContentError, Problem, read_yaml
from clinic.extract import content_patterns, translatable
from clinic.flow.scenarios import check_scenarios, read_scenarios

ROOT = Path(__file__).resolve().parent.parent
#: Where the shipped translations and the extraction config live.
TRANSLATIONS = ROOT / "translations"
BABEL_CFG = ROOT / "babel.cfg"


@dataclass(frozen=True)
class Report:
    """What ``content check`` found: every problem, and counts of what loaded when there is none."""

    problems: tuple[Problem, ...]
    counts: Mapping[str, int]


def shipped_locales(translations: Path) -> list[str]:
    """Every locale with a catalogue under ``translations`` (the source language has none)."""
    return sorted(p.parent.parent.name for p in translations.glob("*/LC_MESSAGES/messages.po"))


def _translated(translations: Path, locale: str) -> set[str]:
    """The msgids with a non-empty, non-fuzzy translation in one locale's catalogue."""
    with (translations / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale=locale)
    done: set[str] = set()
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and not message.fuzzy and all(strings):
            done.add(message.id if isinstance(message.id, str) else message.id[0])
    return done


def content_files(content_dir: Path, patterns: Iterable[tuple[str, bool]]) -> dict[Path, bool]:
    """The content files the extraction reads (babel.cfg's patterns), sorted, each with whether
    every string in it is translatable."""
    found: dict[Path, bool] = {}
    for pattern, every in patterns:
        # Babel's ``**.yaml`` means any file ending in .yaml below; pathlib spells that ``**/*.yaml``.
        for path in content_dir.glob(pattern.replace("**.", "**/*.")):
            if path.is_file():
                found[path] = every
    return dict(sorted(found.items()))


def check_translations(content_dir: Path, translations: Path, patterns: Iterable[tuple[str, bool]]) -> list[Problem]:
    """Every translatable string of the content files has a translation in every shipped locale.

    A string missing anywhere is reported once, at its line, naming the locales that lack it. A file
    that cannot be parsed is left to the loader's report.
    """
    locales = {locale: _translated(translations, locale) for locale in shipped_locales(translations)}
    problems: list[Problem] = []
    for file, every in content_files(content_dir, patterns).items():
        try:
            doc = read_yaml(file, file.relative_to(content_dir).as_posix())
        except ContentError:
            continue
        for message, line, _where in translatable(doc, every):
            missing = [locale for locale, done in locales.items() if message not in done]
            if missing:
                short = message if len(message) <= 60 else message[:57] + "..."
                problems.append(
                    Problem(
                        doc.path,
                        line,
                        f"no translation in {', '.join(missing)} for {short!r} "
                        "(run `flask translate extract` and `translate update`, then translate it)",
                    )
                )
    return problems


def check_content(content_dir: Path, translations: Path = TRANSLATIONS, babel_cfg: Path = BABEL_CFG) -> Report:
    """Load and check all the content under ``content_dir`` and its translations; never raises."""
    bundle, problems = try_load_content(content_dir)
    scenarios, found = read_scenarios(content_dir)
    problems += found
    if bundle is not None and scenarios is not None:
        catalogue = bundle.catalogue
        remedies_of = {regime.id: regime.remedies for regime in catalogue.lists}
        problems += check_scenarios(scenarios, bundle.flow, (regime.id for regime in catalogue.lists), remedies_of)
    problems += check_translations(content_dir, translations, content_patterns(babel_cfg))
    counts: dict[str, int] = {}
    if bundle is not None and not problems:
        counts = {
            "instruments": len(bundle.catalogue.instruments),
            "lists": len(bundle.catalogue.lists),
            "remedies": len(bundle.catalogue.remedies),
            "letters": len(bundle.letters.letters),
            "questions": len(bundle.flow.questions),
            "calendar years": len(bundle.calendar.years),
            "scenarios": len(scenarios.data["scenarios"]) if scenarios else 0,
            "locales": len(shipped_locales(translations)),
        }
    return Report(tuple(sorted(problems)), counts)
