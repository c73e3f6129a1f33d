"""The command-line tools, through Flask's CLI runner: what an operator or legal-aid worker sees."""

import re

import pytest

from clinic import services
from clinic.app import create_app
from clinic.letters.samples import sample_form
from tests.conftest import SECRET, csrf_from

LETTER = "correction-of-dishonest-entry"


@pytest.fixture()
def runner(app):
    """The CLI runner, inside the app context that the ``flask`` command pushes for every command."""
    with app.app_context():
        yield app.test_cli_runner()


def test_doctor_reports_every_check(runner):
    result = runner.invoke(args=["doctor"])
    lines = result.output.splitlines()
    assert any(line.startswith("ok    content loaded and checked") for line in lines)
    assert any("holiday calendar for" in line for line in lines)
    failed = any(line.startswith("FAIL") for line in lines)
    assert result.exit_code == (1 if failed else 0), result.output


@pytest.fixture()
def casefile(app, client, tmp_path):
    """A case file saved from a letter preview, as a legal-aid worker would get it."""
    bundle = services.of(app).content
    form = sample_form(bundle.letters.letters[LETTER], bundle.letters.fields)
    token = csrf_from(client.get(f"/letter/{LETTER}"))
    saved = client.post(f"/letter/{LETTER}/save", data={**form, "csrf_token": token})
    assert saved.status_code == 200
    path = tmp_path / "notes.json"
    path.write_bytes(saved.data)
    return path


@pytest.mark.parametrize("locale", ["en", "zh_Hant_TW"])
def test_letters_render_writes_a_pdf(runner, casefile, tmp_path, locale):
    output = tmp_path / "letter.pdf"
    result = runner.invoke(args=["letters", "render", str(casefile), "-o", str(output), "--locale", locale])
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(b"%PDF")
    assert result.output.startswith(f"wrote {output} (")


def test_letters_render_refuses_an_unknown_locale_and_a_file_without_letter_details(runner, casefile, tmp_path):
    output = tmp_path / "letter.pdf"
    unknown = runner.invoke(args=["letters", "render", str(casefile), "-o", str(output), "--locale", "fr"])
    assert unknown.exit_code == 2 and "fr" in unknown.output
    empty = tmp_path / "empty.json"
    empty.write_text("{}", encoding="utf-8")
    refused = runner.invoke(args=["letters", "render", str(empty), "-o", str(output)])
    assert refused.exit_code == 1 and "cannot be used" in refused.output
    assert "Traceback" not in refused.output
    assert not output.exists()


def test_letters_samples_renders_every_letter(tmp_path):
    app = create_app(environ={"CLINIC_ENV": "testing", "CLINIC_SECRET_KEY": SECRET, "CLINIC_LOCALES": "en"})
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["letters", "samples", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    letters = services.of(app).content.letters.ordered()
    written = sorted(tmp_path.glob("*.pdf"))
    assert len(written) == 2 * len(letters)  # each letter with and without an agent
    assert len(list(tmp_path.glob("*-agent.pdf"))) == len(letters)
    assert all(path.read_bytes().startswith(b"%PDF") for path in written)


def test_translate_extract_writes_a_template_where_it_is_told(runner, tmp_path):
    output = tmp_path / "messages.pot"
    result = runner.invoke(args=["translate", "extract", "-o", str(output)])
    assert result.exit_code == 0, result.output
    template = output.read_text(encoding="utf-8")
    assert 'msgid "Deadline"' in template
    assert "Complete. Translated with AI assistance" in template  # the registry's statuses


def test_translate_init_refuses_a_language_that_has_a_catalogue(runner):
    result = runner.invoke(args=["translate", "init", "ug"])
    assert result.exit_code == 1 and "exists already" in result.output
    unknown = runner.invoke(args=["translate", "init", "fr"])
    assert unknown.exit_code == 2


def test_content_stale_lists_facts_then_a_count(runner):
    result = runner.invoke(args=["content", "stale", "--days", "30"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(re.fullmatch(r"\d+ fact\(s\) not checked in the last 30 days", line) for line in lines)
    assert re.fullmatch(r"\d+ instrument\(s\) not checked for amendments in the last 180 days.*", lines[-1])


def _facts(**changes):
    from clinic.hostcheck import HostFacts

    quiet = {
        "proc_swaps": "Filename Type Size Used Priority\n",
        "core_pattern": "core\n",
        "rlimit_core": (0, 0),
        "journal_dir_exists": False,
        "journald_conf": "",
    }
    return HostFacts(**{**quiet, **changes})


def test_doctor_is_quiet_on_a_host_that_keeps_nothing(runner, monkeypatch):
    monkeypatch.setattr("clinic.hostcheck.read_host_facts", lambda: _facts())
    result = runner.invoke(args=["doctor"])
    assert "ok    no swap, no core dumps, and the system journal stays in memory" in result.output


def test_doctor_warns_about_swap_core_dumps_and_the_journal(runner, monkeypatch):
    facts = _facts(
        proc_swaps="Filename Type Size Used Priority\n/dev/sda2 partition 1000 0 -2\n",
        core_pattern="|/usr/lib/systemd/systemd-coredump %P %u\n",
        rlimit_core=(-1, -1),
        journal_dir_exists=True,
    )
    monkeypatch.setattr("clinic.hostcheck.read_host_facts", lambda: facts)
    result = runner.invoke(args=["doctor"])
    warnings = [line for line in result.output.splitlines() if line.startswith("warn")]
    text = "\n".join(warnings)
    assert "swap is on (/dev/sda2)" in text and "swapoff" in text
    assert "systemd-coredump" in text and "Storage=none" in text
    assert "ulimit -c 0" in text
    assert "journal is kept on disk" in text and "Storage=volatile" in text
    # Warnings, not failures: the exit code depends only on the FAIL checks.
    failed = any(line.startswith("FAIL") for line in result.output.splitlines())
    assert result.exit_code == (1 if failed else 0), result.output
