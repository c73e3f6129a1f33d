"""The reviewer's kit: the content written out as documents a lawyer or a translator reads offline,
without reading code or YAML (``flask content export --for-review DIR``).

One document per list (its facts, the rules behind them and the routes off it) and one per letter
(every ground's official Chinese paragraph and English reading, and the whole letter composed for
each ground alone with sample details), each fact with its verification level, date and sources,
and an identifier the reviewer quotes back in the feedback sheet written beside them. With a
``locale`` other than English, every English text is shown beside its translation, so that a
native-speaking translator reviews both at once. The kit holds no personal data: it is made from
the content files and the fictional sample details only.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale

from clinic import services
from clinic.bundle import Content
from clinic.catalogue.model import ArticleText, Instrument, LegalBasis, ListRegime
from clinic.letters import pack
from clinic.letters.definitions import LetterDef
from clinic.letters.details import read_details
from clinic.letters.samples import sample_form
from clinic.web import wording
from clinic.web.wording import words

FEEDBACK_COLUMNS = (
    "document",
    "item",
    "what is wrong",
    "suggested wording",
    "source for the correction (title, link, quoted words)",
    "reviewer (optional: name or role)",
)


@dataclass(frozen=True)
class Article:
    """A cited article as the review documents show it."""

    item: str
    instrument: Instrument
    number: str | None
    version_id: str
    summary_en: str
    verification: str
    last_verified: date
    sources: tuple[Any, ...]
    official: ArticleText | None


@dataclass(frozen=True)
class GroundSample:
    """One ground of a letter: the letter composed with that ground alone, or why it could not be."""

    ground_id: str
    label: str
    document: Any
    problems: tuple[str, ...]


def export_for_review(directory: Path, locale: str, today: date) -> list[Path]:
    """Write the kit into ``directory`` (created if needed) and return the files written."""
    content = services.current().content
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with current_app.test_request_context("/"), force_locale(locale):
        common = {
            "locale_id": locale,
            "today": today,
            "content_version": content.version,
            "describe_period": wording.describe_period,
        }
        lists = content.catalogue.lists
        letters = content.letters.ordered()
        for regime in lists:
            page = render_template(
                "review/list.html",
                regime=regime,
                articles=_articles(content, regime.legal_basis, today),
                remedies=[
                    content.catalogue.remedies_by_id[r]
                    for r in regime.remedies
                    if r in content.catalogue.remedies_by_id
                ],
                remedy_articles=_remedy_articles(content, regime, today),
                **common,
            )
            written.append(_write(directory / f"list-{regime.id}.html", page))
        for letter in letters:
            page = render_template(
                "review/letter.html",
                letter=letter,
                samples=_samples(content, letter, today),
                remedy=content.catalogue.remedies_by_id.get(letter.remedy or ""),
                **common,
            )
            written.append(_write(directory / f"letter-{letter.number:02d}-{letter.id}.html", page))
        index = render_template("review/index.html", lists=lists, letters=letters, columns=FEEDBACK_COLUMNS, **common)
        written.append(_write(directory / "index.html", index))
    written.append(_feedback_sheet(directory / "feedback.csv"))
    return written


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _feedback_sheet(path: Path) -> Path:
    """An empty sheet with one example row; spreadsheet programs and text editors both open it."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(FEEDBACK_COLUMNS)
        writer.writerow(
            (
                "list-dishonest-judgment-defaulters.html",
                "list/dishonest-judgment-defaulters/duration",
                "(example) the period is wrong",
                "(example) two years",
                "(example) 法释〔2017〕7号 第二条: “…”",
                "",
            )
        )
    return path


def _articles(content: Content, bases: tuple[LegalBasis, ...], today: date) -> list[Article]:
    """The articles a record rests on, in the version in force today (or the latest version)."""
    found: list[Article] = []
    for basis in bases:
        instrument = content.catalogue.instruments_by_id.get(basis.instrument)
        if instrument is None or basis.article is None or not instrument.versions:
            continue
        version = instrument.version_on(today) or instrument.versions[-1]
        article = version.articles.get(basis.article)
        if article is None:
            continue
        index = instrument.versions.index(version)
        found.append(
            Article(
                f"instrument/{instrument.id}/versions/{index}/articles/{article.key}",
                instrument,
                article.number,
                version.id,
                article.summary_en,
                article.verification,
                article.last_verified,
                article.sources,
                content.catalogue.official_text(instrument.id, version.id, article.key),
            )
        )
    return found


def _remedy_articles(content: Content, regime: ListRegime, today: date) -> dict[str, list[Article]]:
    remedies = [content.catalogue.remedies_by_id[r] for r in regime.remedies if r in content.catalogue.remedies_by_id]
    return {remedy.id: _articles(content, remedy.legal_basis, today) for remedy in remedies}


def _samples(content: Content, letter: LetterDef, today: date) -> list[GroundSample]:
    """The letter composed with each ground alone, from the fictional sample details."""
    samples = []
    for ground in letter.grounds:
        form = sample_form(letter, content.letters.fields)
        form["grounds"] = [ground.id]
        details = read_details(letter, content.letters.fields, form, today)
        if not details.ok:
            problems = tuple(f"{name}: {code}" for name, code in details.errors.items())
            samples.append(GroundSample(ground.id, ground.label, None, problems))
            continue
        document = pack.compose_document(letter, details, content, words())
        samples.append(GroundSample(ground.id, ground.label, document, ()))
    return samples
