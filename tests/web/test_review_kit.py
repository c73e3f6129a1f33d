"""The reviewer's kit, as a lawyer or translator receives it: a folder of documents readable offline,
one per list and per letter, every fact with its verification and sources, and a feedback sheet."""

import csv

import pytest

from clinic import services


@pytest.fixture()
def runner(app):
    with app.app_context():
        yield app.test_cli_runner()


def test_the_kit_has_one_document_per_list_and_letter_and_a_feedback_sheet(app, runner, tmp_path):
    folder = tmp_path / "kit"
    result = runner.invoke(args=["content", "export", "--for-review", str(folder)])
    assert result.exit_code == 0, result.output
    content = services.of(app).content
    names = {path.name for path in folder.iterdir()}
    assert {f"list-{regime.id}.html" for regime in content.catalogue.lists} <= names
    assert {f"letter-{letter.number:02d}-{letter.id}.html" for letter in content.letters.ordered()} <= names
    assert {"index.html", "feedback.csv"} <= names
    with (folder / "feedback.csv").open(encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle))
    assert header[:2] == ["document", "item"]


def test_a_list_document_shows_each_fact_with_its_level_date_and_sources(runner, tmp_path):
    runner.invoke(args=["content", "export", "--for-review", str(tmp_path)])
    page = (tmp_path / "list-dishonest-judgment-defaulters.html").read_text(encoding="utf-8")
    assert "list/dishonest-judgment-defaulters/duration" in page
    assert "Confirmed by two or more secondary sources" in page
    assert "Last checked" in page and "lawyeryw.com" in page
    assert "instrument/spc-dishonest-defaulter-provisions/" in page
    assert "<script" not in page and "<form" not in page


def test_a_letter_document_composes_the_letter_for_each_ground(app, runner, tmp_path):
    runner.invoke(args=["content", "export", "--for-review", str(tmp_path)])
    letter = services.of(app).content.letters.letters["deletion-of-dishonest-entry"]
    page = (tmp_path / f"letter-{letter.number:02d}-{letter.id}.html").read_text(encoding="utf-8")
    for ground in letter.grounds:
        assert f"letter/{letter.id}/grounds/{ground.id}" in page
    assert "此致" in page and "删除失信信息申请书" in page


def test_a_translator_sees_the_english_beside_the_translation(runner, tmp_path):
    result = runner.invoke(args=["content", "export", "--for-review", str(tmp_path), "--locale", "ug"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "list-rail-air-ban.html").read_text(encoding="utf-8")
    assert 'lang="en"' in page and 'lang="ug"' in page and 'dir="rtl"' in page


def test_an_unknown_locale_is_refused_plainly(runner, tmp_path):
    result = runner.invoke(args=["content", "export", "--for-review", str(tmp_path), "--locale", "xx"])
    assert result.exit_code != 0 and "unknown locale" in result.output
