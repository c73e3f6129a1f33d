"""Command-line tools: ``flask --app app doctor`` and ``flask --app app translate ...``."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import click
from flask import Flask, current_app

from clinic import system

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIRS = ("zh_Hans_CN", "zh_Hant_TW", "ug")


def _pybabel(*args: str) -> None:
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    result = subprocess.run(command, cwd=ROOT, check=False)  # noqa: S603
    if result.returncode != 0:
        raise click.ClickException("pybabel " + " ".join(args[:1]) + " failed")


@click.command("doctor")
def doctor() -> None:
    """Check fonts, libharfbuzz-subset, the secret key, the content and the calendar; say what to fix."""
    failures = 0
    for problem in system.find_system_problems():
        click.echo(f"FAIL  {problem}")
        failures += 1
    if not system.find_system_problems():
        click.echo("ok    libharfbuzz-subset and the letter fonts are installed")
    try:
        from weasyprint.text import ffi

        if getattr(ffi, "harfbuzz_subset", None) is None:
            click.echo("FAIL  WeasyPrint does not see libharfbuzz-subset: letters would take ~20 s each")
            failures += 1
        else:
            click.echo("ok    WeasyPrint uses the HarfBuzz subsetter")
    except Exception as error:  # noqa: BLE001 - report any import problem as a failed check
        click.echo(f"FAIL  WeasyPrint cannot be imported ({type(error).__name__})")
        failures += 1
    if current_app.config["CLINIC_ENV"] == "production" or "CLINIC_SECRET_KEY" in __import__("os").environ:
        click.echo("ok    a secret key is configured")
    else:
        click.echo("warn  no CLINIC_SECRET_KEY: a key is generated at each start (fine for local use only)")
    bundle = current_app.extensions["clinic_content"]
    click.echo(f"ok    content loaded and checked ({bundle.version}, rules {bundle.content_hash})")
    years = bundle.calendar.years
    this_year = date.today().year
    if years:
        for year in (this_year, this_year + 1):
            mark = "ok  " if year in years else "warn"
            click.echo(f"{mark}  holiday calendar for {year}: {'loaded' if year in years else 'missing: deadlines are estimates'}")
    if failures:
        raise SystemExit(1)


@click.group("content")
def content() -> None:
    """Tools for content editors."""


@content.command("check")
def content_check() -> None:
    """List every problem in the content files at once (exit 1 if there is any)."""
    from clinic.bundle import ContentError, load_content

    try:
        bundle = load_content(ROOT / "clinic" / "content")
    except ContentError as error:
        click.echo(str(error))
        raise SystemExit(1) from None
    catalogue = bundle.catalogue
    click.echo(f"ok: {len(catalogue.instruments)} instruments, {len(catalogue.lists)} lists, "
               f"{len(catalogue.remedies)} remedies, {len(bundle.flow.questions)} questions, "
               f"calendars for {', '.join(map(str, bundle.calendar.years))}")


@content.command("stale")
@click.option("--days", type=int, default=365, show_default=True, help="Older than this many days.")
def content_stale(days: int) -> None:
    """List the facts not verified for DAYS days, oldest first."""
    from clinic.catalogue import find_stale

    bundle = current_app.extensions["clinic_content"]
    stale = find_stale(bundle.catalogue, date.today(), days)
    for fact in stale:
        click.echo(str(fact))
    click.echo(f"{len(stale)} fact(s) not verified in the last {days} days")


@click.group("translate")
def translate() -> None:
    """Extract, update and compile the translations (wraps pybabel)."""


@translate.command("extract")
def extract() -> None:
    """Collect every translatable string (templates, Python, content files) into messages.pot."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "--sort-by-file",
             "--add-comments=TRANSLATORS:", "--project=due-process-clinic", "-o", "translations/messages.pot", ".")


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
