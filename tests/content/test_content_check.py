"""`flask content check`: the editor's one command. On broken content it lists every problem as
`file:line: message` and exits 1, never a traceback; on the real content it says ok."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clinic.contentcheck import check_content

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "clinic" / "content"
PROBLEM_LINE = re.compile(r"^(?P<path>[\w./-]+\.yaml):(?P<line>\d+): (?P<message>.+)$")


def replace_once(path: Path, old: str, new: str) -> None:
    """Edit a content file, failing loudly if the text to replace is not there exactly once."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def break_content(folder: Path) -> dict[str, str]:
    """Five problems in five files, as an editor might make them; returns file -> what is wrong."""
    # A duplicate key: YAML would silently keep the second title.
    replace_once(
        folder / "letters" / "pipl-data-request.yaml",
        "\ntitle_en: ",
        "\ntitle_en: A second title\ntitle_en: ",
    )
    # A YAML syntax error.
    with (folder / "calendars" / "2025.yaml").open("a", encoding="utf-8") as handle:
        handle.write("surplus: [unclosed\n")
    # A citation of an article key the instrument does not have.
    replace_once(
        folder / "letters" / "credit-report-objection.yaml",
        "{instrument: credit-reporting-regulations, article: objection}",
        "{instrument: credit-reporting-regulations, article: no-such-article}",
    )
    # A runs_from value the schema allows but no label describes ("Within 10 days from ." on the page).
    replace_once(
        folder / "labels.yaml", "\n  decision-served: the day the decision was served on you or you received it", ""
    )
    # English text changed without translating it.
    replace_once(
        folder / "remedies" / "credit-report-objection.yaml",
        "summary: Tell the credit-reporting agency",
        "summary: Please tell the credit-reporting agency",
    )
    return {
        "letters/pipl-data-request.yaml": "duplicate key",
        "calendars/2025.yaml": "YAML error",
        "letters/credit-report-objection.yaml": "no-such-article",
        "labels.yaml": "decision-served",
        "remedies/credit-report-objection.yaml": "no translation",
    }


def run_flask(*args: str, content_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `flask --app app ...` command line, as an editor would."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CLINIC_", "FLASK_"))}
    if content_dir is not None:
        env["CLINIC_CONTENT_DIR"] = str(content_dir)
    flask = Path(sys.executable).with_name("flask")
    return subprocess.run(  # noqa: S603 - a fixed command line
        [str(flask), "--app", "app", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_content_check_lists_five_problems_in_five_files(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    expected = break_content(folder)
    # CLINIC_CONTENT_DIR names the broken folder too: the app must still start for the command.
    result = run_flask("content", "check", "--dir", str(folder), content_dir=folder)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    problems = [m for m in map(PROBLEM_LINE.match, result.stdout.splitlines()) if m]
    assert len(problems) == 5, result.stdout
    assert {m["path"]: m["message"] for m in problems}.keys() == expected.keys(), result.stdout
    for match in problems:
        assert expected[match["path"]] in match["message"], match.group(0)
        assert int(match["line"]) > 1, match.group(0)


def test_content_check_says_ok_on_the_real_content() -> None:
    result = run_flask("content", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: ") and " letters" in result.stdout


def test_every_content_check_passes_on_the_real_content() -> None:
    """The same checks as `content check`, in process: schemas, cross-references, the letter
    checks, the labels and the translations of every content string."""
    report = check_content(CONTENT)
    assert [str(p) for p in report.problems] == []
    assert report.counts["letters"] > 0


@pytest.mark.parametrize("command", [["content", "stale", "--days", "100000"]])
def test_other_content_commands_run_from_the_command_line(command: list[str]) -> None:
    result = run_flask(*command)
    assert result.returncode == 0, result.stdout + result.stderr


def test_content_check_through_flasks_test_runner(tmp_path: Path) -> None:
    """The same command in process (Flask's CLI runner), on a folder given with --dir."""
    from clinic.app import create_app

    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    replace_once(folder / "sources.yaml", "\n  W9:\n", "\n  W999:\n")
    app = create_app(environ={"CLINIC_ENV": "testing", "CLINIC_SECRET_KEY": "x" * 64})
    result = app.test_cli_runner().invoke(args=["content", "check", "--dir", str(folder)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if PROBLEM_LINE.match(line)]
    assert any("source key 'W9' is not in sources.yaml" in line for line in lines), result.output
    assert any(line.startswith("sources.yaml:") and "W999" in line for line in lines), result.output
