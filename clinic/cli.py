"""Command-line tools: ``flask --app app doctor`` and ``flask --app app translate ...``."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Collection
from datetime import date
from pathlib import Path

import click
from flask import Flask, current_app, has_app_context

from clinic import hostcheck, i18n, services, system
from clinic.catalogue.model import Catalogue

ROOT = Path(__file__).resolve().parent.parent


def _pybabel(*args: str) -> None:
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    result = subprocess.run(command, cwd=ROOT, check=False)  # noqa: S603
    if result.returncode != 0:
        raise click.ClickException("pybabel " + " ".join(args[:1]) + " failed")


@click.command("doctor")
def doctor() -> None:
    """Check fonts, libharfbuzz-subset, the secret key, the content, the calendar, and where memory
    could reach the disk (swap, core dumps, a persistent journal); say what to fix."""
    failures = _check_system() + _check_weasyprint()
    _report_secret_key()
    bundle = services.current().content
    click.echo(f"ok    content loaded and checked ({bundle.version}, rules {bundle.content_hash})")
    _report_calendar_years(bundle.calendar.years)
    _report_host(hostcheck.read_host_facts())
    _report_letter_fonts()
    if failures:
        raise SystemExit(1)


def _check_system() -> int:
    """The system libraries and fonts letters need; return how many checks failed."""
    problems = system.find_system_problems()
    for problem in problems:
        click.echo(f"FAIL  {problem}")
    if not problems:
        click.echo("ok    libharfbuzz-subset and the letter fonts are installed")
    return len(problems)


def _check_weasyprint() -> int:
    """WeasyPrint imports and sees the HarfBuzz subsetter (without it a letter takes ~20 s); return
    how many checks failed."""
    try:
        from weasyprint.text import ffi

        if getattr(ffi, "harfbuzz_subset", None) is None:
            click.echo("FAIL  WeasyPrint does not see libharfbuzz-subset: letters would take ~20 s each")
            return 1
        click.echo("ok    WeasyPrint uses the HarfBuzz subsetter")
    except Exception as error:  # noqa: BLE001 - report any import problem as a failed check
        click.echo(f"FAIL  WeasyPrint cannot be imported ({type(error).__name__})")
        return 1
    return 0


def _report_host(facts: hostcheck.HostFacts) -> None:
    """Warn (not fail) where swap, core dumps or the journal could put memory or logs on disk:
    the app works, but the promise that nothing is kept depends on the machine."""
    warnings = hostcheck.host_warnings(facts)
    for warning in warnings:
        click.echo(f"warn  {warning}")
    if not warnings:
        click.echo("ok    no swap, no core dumps, and the system journal stays in memory")


def _report_letter_fonts() -> None:
    """Warn (not fail) without the subset letter fonts ./dev.sh builds: letters still render, from
    the full Noto fonts, but take about twice as long (docs/performance.md)."""
    from clinic.letters import fontbuild

    problems = fontbuild.installed_problems()
    for problem in problems:
        click.echo(
            f"warn  letter fonts: {problem}. Letters render, slower. Fix: ./dev.sh serve, or "
            f"sudo python -m clinic.letters.fontbuild build && sudo fc-cache -f"
        )
    if not problems:
        click.echo("ok    the subset letter fonts are built and installed")


def _report_secret_key() -> None:
    """Warn (not fail) without a configured key: a generated key is fine for local use."""
    if current_app.config["CLINIC_ENV"] == "production" or "CLINIC_SECRET_KEY" in os.environ:
        click.echo("ok    a secret key is configured")
    else:
        click.echo("warn  no CLINIC_SECRET_KEY: a key is generated at each start (fine for local use only)")


def _report_calendar_years(years: Collection[int]) -> None:
    """Warn for this year or next without a holiday calendar: deadlines there are estimates."""
    if not years:
        return
    this_year = date.today().year
    for year in (this_year, this_year + 1):
        mark = "ok  " if year in years else "warn"
        click.echo(
            f"{mark}  holiday calendar for {year}: {'loaded' if year in years else 'missing: deadlines are estimates'}"
        )


@click.group("content")
def content() -> None:
    """Tools for content editors."""


def _content_dir(option: Path | None) -> Path:
    """The folder to check: --dir, else the app's CLINIC_CONTENT_DIR, else the environment's."""
    if option is not None:
        return option
    configured = current_app.config.get("CLINIC_CONTENT_DIR") if has_app_context() else None
    configured = configured or os.environ.get("CLINIC_CONTENT_DIR")
    return Path(configured) if configured else ROOT / "clinic" / "content"


# The folder the content commands read: a copy being edited, or the served content.
content_dir_option = click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The content folder (default: CLINIC_CONTENT_DIR, else clinic/content).",
)


@content.command("check")
@content_dir_option
def content_check(folder: Path | None) -> None:
    """List every problem in the content files at once, as file:line: message (exit 1 if any)."""
    from clinic.contentcheck import check_content

    directory = _content_dir(folder)
    if not directory.is_dir():
        click.echo(f"{directory}: not a folder")
        raise SystemExit(1)
    report = check_content(directory)
    for problem in report.problems:
        click.echo(str(problem))
    if report.problems:
        click.echo(f"{len(report.problems)} problem(s) in {directory}")
        raise SystemExit(1)
    click.echo("ok: " + ", ".join(f"{count} {what}" for what, count in report.counts.items()))


@content.command("stale")
@click.option(
    "--days", type=int, default=365, show_default=True, help="Facts not checked for more than this many days."
)
@click.option(
    "--amendments-days",
    type=int,
    default=180,
    show_default=True,
    help="Instruments not checked for amendments for more than this many days.",
)
@content_dir_option
def content_stale(days: int, amendments_days: int, folder: Path | None) -> None:
    """List the facts not checked for DAYS days, oldest first, then the instruments not checked for
    amendments for AMENDMENTS-DAYS days (or whose check found a newer text), one line each."""
    from clinic.catalogue import find_amendment_checks_due, find_stale
    from clinic.catalogue.staleness import describe_amendment_check, describe_stale

    catalogue, lines = _catalogue_with_lines(_content_dir(folder))
    today = date.today()
    stale = find_stale(catalogue, today, days)
    for fact in stale:
        click.echo(describe_stale(fact, lines(fact.path, fact.pointer)))
    click.echo(f"{len(stale)} fact(s) not checked in the last {days} days")
    due = find_amendment_checks_due(catalogue, today, amendments_days)
    for item in due:
        click.echo(describe_amendment_check(item, lines(item.path, "/currency")))
    click.echo(
        f"{len(due)} instrument(s) not checked for amendments in the last {amendments_days} days"
        " or with a newer text known"
    )


@content.command("stats")
@content_dir_option
def content_stats(folder: Path | None) -> None:
    """Count the facts by verification level and by the day they were last checked."""
    from clinic.catalogue import fact_counts

    catalogue, _ = _catalogue_with_lines(_content_dir(folder))
    counts = fact_counts(catalogue)
    click.echo(f"{counts.total} facts")
    click.echo("by verification level:")
    for level in ("primary-text", "two-or-more-secondary", "one-source", "unverified"):
        click.echo(f"  {level:<22} {counts.by_level.get(level, 0)}")
    click.echo("by last checked:")
    for day, count in counts.by_last_checked.items():
        click.echo(f"  {day.isoformat()}  {count}")


def _catalogue_with_lines(directory: Path) -> tuple[Catalogue, Callable[[str, str], int]]:
    """The checked catalogue and a lookup (file, JSON pointer) -> line; exit 1 on broken content."""
    from clinic.bundle import try_load_content
    from clinic.catalogue.loader import read_content

    bundle, problems = try_load_content(directory)
    if bundle is None:
        for problem in sorted(problems):
            click.echo(str(problem))
        click.echo("the content has problems: fix them first (see `flask content check`)")
        raise SystemExit(1)
    docs = {doc.path: doc.doc for doc in read_content(directory)[0].documents}
    return bundle.catalogue, lambda path, pointer: docs[path].line(pointer)


@content.command("export")
@click.option(
    "--for-review",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder to write the reviewer's kit into (created if needed).",
)
@click.option(
    "--locale",
    "locale_id",
    default="en",
    show_default=True,
    help="Show every English text beside its translation into this language.",
)
def content_export(folder: Path, locale_id: str) -> None:
    """Write the reviewer's kit: one document per list and per letter, and a feedback sheet."""
    from clinic.web.reviewkit import export_for_review

    if locale_id not in current_app.config["CLINIC_LOCALES"]:
        raise click.ClickException(f"unknown locale {locale_id!r}")
    written = export_for_review(folder, locale_id, date.today())
    click.echo(f"wrote {len(written)} files to {folder}; start with {folder / 'index.html'}")


@click.group("translate")
def translate() -> None:
    """Extract, update and compile the translations (wraps pybabel)."""


@translate.command("extract")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("translations/messages.pot"),
    show_default=True,
    help="Where to write the template (relative to the repository).",
)
def extract(output: Path) -> None:
    """Collect every translatable string (templates, Python, content files) into messages.pot."""
    _pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "--sort-by-file",
        "--add-comments=TRANSLATORS:",
        "--project=due-process-clinic",
        "-o",
        str(ROOT / output),
        ".",
    )


@translate.command("init")
@click.argument("locale", type=click.Choice(i18n.TRANSLATED))
def init(locale: str) -> None:
    """Start the catalogue of a new language (add its entry to clinic/i18n.py LOCALES first)."""
    if (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").exists():
        raise click.ClickException(f"translations/{locale} exists already: use 'translate update'")
    _pybabel("init", "-i", "translations/messages.pot", "-d", "translations", "-l", locale, "--no-wrap")


@translate.command("update")
def update() -> None:
    """Merge messages.pot into every locale's catalogue (changed strings become fuzzy)."""
    _pybabel("update", "-i", "translations/messages.pot", "-d", "translations", "--no-wrap")


@translate.command("compile")
def compile_catalogues() -> None:
    """Compile every locale's catalogue to .mo (fails on errors)."""
    _pybabel("compile", "-d", "translations", "--statistics")


def register(app: Flask) -> None:
    """Attach the commands to the app's CLI."""
    app.cli.add_command(doctor)
    app.cli.add_command(translate)
    app.cli.add_command(content)
    app.cli.add_command(letters)


@click.group("letters")
def letters() -> None:
    """Render letters from the command line (for legal-aid workers and batch use)."""


def _render_pack(letter_key: str, form: dict[str, list[str]], locale: str) -> bytes:
    """Run the same checks and rendering as the web form, in a request context for a locale.
    ``letter_key`` is a letter's id, or its number (as older case files hold)."""
    from flask import render_template
    from flask_babel import force_locale

    from clinic.letters import pack
    from clinic.letters.details import read_details
    from clinic.web.wording import words

    bundle = services.current().content
    letter = bundle.letters.letters.get(letter_key)
    if letter is None and letter_key.isdigit():
        letter = bundle.letters.by_number(int(letter_key))
    if letter is None:
        raise click.ClickException(f"there is no letter {letter_key}")
    with current_app.test_request_context("/"), force_locale(locale):
        details = read_details(letter, bundle.letters.fields, form, date.today(), bundle.calendar)
        if not details.ok:
            problems = ", ".join(f"{k}: {v}" for k, v in details.errors.items())
            raise click.ClickException(f"the case file's details have problems ({problems})")
        language = words()
        doc = pack.compose_document(letter, details, bundle, language)
        context = pack.pack_context(
            doc, bundle, language, i18n.reading_copy(locale), pack.organisation(current_app.config), details.grounds
        )
        html = render_template("letters/pack.html", **context)
    pdf: bytes = services.current().renderer.render(html)
    return pdf


@letters.command("render")
@click.argument("casefile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option(
    "--passphrase",
    envvar="CLINIC_CASEFILE_PASSPHRASE",
    default=None,
    help="For a locked case file (or set CLINIC_CASEFILE_PASSPHRASE).",
)
@click.option(
    "--locale",
    type=click.Choice(i18n.LOCALE_IDS),
    default=i18n.SOURCE_LOCALE,
    show_default=True,
    help="Language of the reading copy and cover sheet.",
)
def letters_render(casefile: Path, output: Path, passphrase: str | None, locale: str) -> None:
    """Render the letter saved in CASEFILE (a case file with letter details) to OUT.pdf."""
    from clinic.casefile import CaseFileError, load_casefile
    from clinic.letters.details import form_from_casefile

    try:
        case = load_casefile(casefile.read_bytes(), passphrase, current_app.config["CLINIC_CASEFILE_MAX_BYTES"])
    except CaseFileError as error:
        raise click.ClickException(f"the case file cannot be used ({error.code})") from None
    if "letter" not in case.details:
        raise click.ClickException("the case file holds no letter details (save them from the letter preview)")
    pdf = _render_pack(case.details["letter"], form_from_casefile(case.details), locale)
    output.write_bytes(pdf)
    click.echo(f"wrote {output} ({len(pdf)} bytes)")


@letters.command("samples")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True)
def letters_samples(output: Path) -> None:
    """Render every letter type with sample data in every locale, for review: each filed by the
    applicant itself, and each filed through an agent (…-agent.pdf, with the power of attorney)."""
    from clinic.letters.samples import sample_form

    output.mkdir(parents=True, exist_ok=True)
    bundle = services.current().content
    for letter in bundle.letters.ordered():
        for locale in current_app.config["CLINIC_LOCALES"]:
            for agent, suffix in ((False, ""), (True, "-agent")):
                form = sample_form(letter, bundle.letters.fields, agent=agent)
                pdf = _render_pack(letter.id, form, locale)
                path = output / f"letter-{letter.number:02d}-{locale}{suffix}.pdf"
                path.write_bytes(pdf)
                click.echo(f"wrote {path}")
