"""`flask content stale` and `flask content stats` (issue 14, items 2 and 3): one readable line per
fact not re-checked (where to edit it, which fact, when it was last checked, its level), then the
instruments not checked for amendments; and the counts by level and by last-checked day."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import yaml

from clinic.catalogue import fact_counts, find_amendment_checks_due, find_stale, load_catalogue
from clinic.catalogue.staleness import describe_amendment_check, describe_stale

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "unit" / "fixtures" / "catalogue" / "valid"
FACT_LINE = re.compile(
    r"^(?P<file>(instruments|lists|remedies)/[a-z0-9-]+\.yaml):(?P<line>\d+)"
    r"  (?P<fact>(instrument|list|remedy)/[a-z0-9-]+(/[A-Za-z0-9_-]+)*)"
    r"  last checked (?P<day>\d{4}-\d{2}-\d{2}) \((?P<age>\d+) days\)"
    r"  (?P<level>primary-text|two-or-more-secondary|one-source|unverified)$"
)
AMENDMENT_LINE = re.compile(
    r"^instruments/[a-z0-9-]+\.yaml:\d+  instrument/[a-z0-9-]+"
    r"  (never checked for amendments|checked for amendments \d{4}-\d{2}-\d{2} \(\d+ days\))"
    r"(  newer text known: .+)?$"
)


def _copy_with_currency(tmp_path: Path, currency: dict[str, object]) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    path = target / "instruments" / "sample-law.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["currency"] = currency
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def _due(content: Path, today: str, days: int = 180) -> dict[str, object]:
    return {
        d.instrument: d for d in find_amendment_checks_due(load_catalogue(content), date.fromisoformat(today), days)
    }


def test_instruments_never_checked_for_amendments_are_listed_first(tmp_path: Path) -> None:
    due = find_amendment_checks_due(load_catalogue(FIXTURE), date(2026, 12, 7), 180)
    assert {d.instrument for d in due} >= {"sample-law"}
    assert all(d.checked is None for d in due)
    assert (
        describe_amendment_check(due[0], 13)
        == f"instruments/{due[0].instrument}.yaml:13  instrument/{due[0].instrument}  never checked for amendments"
    )


def test_a_recent_amendment_check_is_not_listed_and_an_old_one_is(tmp_path: Path) -> None:
    content = _copy_with_currency(tmp_path, {"checked": "2026-12-07", "newer_known": None, "source": "P1"})
    assert "sample-law" not in _due(content, "2027-06-05")  # 180 days later
    old = _due(content, "2027-06-06")["sample-law"]  # 181 days later
    assert (old.checked, old.age_days) == (date(2026, 12, 7), 181)
    assert describe_amendment_check(old, 1).endswith("checked for amendments 2026-12-07 (181 days)")


def test_a_known_newer_text_keeps_the_instrument_listed(tmp_path: Path) -> None:
    newer = "A 2027 amendment in force from 2027-03-01"
    content = _copy_with_currency(tmp_path, {"checked": "2026-12-07", "newer_known": newer, "source": "P1"})
    item = _due(content, "2026-12-08")["sample-law"]
    assert item.newer_known == newer
    assert describe_amendment_check(item, 1).endswith(f"(1 days)  newer text known: {newer}")


def test_a_repealed_instrument_is_not_listed() -> None:
    due = _due(FIXTURE, "2026-12-07")
    catalogue = load_catalogue(FIXTURE)
    repealed = [i.id for i in catalogue.instruments if i.repealed is not None]
    assert repealed and not set(repealed) & set(due)


def test_a_stale_fact_reads_as_one_line() -> None:
    fact = find_stale(load_catalogue(FIXTURE), date(2026, 1, 1), 365)[0]
    line = describe_stale(fact, 7)
    assert FACT_LINE.match(line), line
    assert "StaleFact(" not in line and "datetime" not in line


def test_content_stale_prints_readable_lines_and_the_amendment_list(app) -> None:
    result = app.test_cli_runner().invoke(args=["content", "stale", "--days", "365", "--amendments-days", "180"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "WARNING" not in line]
    summary = next(
        i for i, line in enumerate(lines) if re.match(r"^\d+ fact\(s\) not checked in the last 365 days$", line)
    )
    facts, rest = lines[:summary], lines[summary + 1 :]
    assert facts, "the research cut-off facts not yet re-checked are listed"
    for line in facts:
        match = FACT_LINE.match(line)
        assert match, line
        source = (ROOT / "clinic" / "content" / match["file"]).read_text(encoding="utf-8").splitlines()
        assert 1 <= int(match["line"]) <= len(source)
    assert int(lines[summary].split()[0]) == len(facts)
    assert re.match(r"^\d+ instrument\(s\) not checked for amendments", rest[-1]), rest[-1]
    for line in rest[:-1]:
        assert AMENDMENT_LINE.match(line), line
    # Instruments checked for amendments today are not listed; those never checked are.
    assert not any("instrument/civil-procedure-law " in line for line in rest)
    assert any(
        line.endswith("instrument/spc-dishonest-defaulter-provisions  never checked for amendments") for line in rest
    )


def test_content_stats_counts_every_fact_by_level_and_day(app) -> None:
    result = app.test_cli_runner().invoke(args=["content", "stats"])
    assert result.exit_code == 0, result.output
    counts = fact_counts(load_catalogue(ROOT / "clinic" / "content"))
    assert f"{counts.total} facts" in result.output
    assert sum(counts.by_level.values()) == sum(counts.by_last_checked.values()) == counts.total
    for level, count in counts.by_level.items():
        assert re.search(rf"^  {level} +{count}$", result.output, re.M)
    for day, count in counts.by_last_checked.items():
        assert f"  {day.isoformat()}  {count}" in result.output
