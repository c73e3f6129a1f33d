"""Adding a list, its instrument, remedy and letter needs no Python change (issue 10).

The fixture folder tests/fixtures/new-content/ holds what a legal editor would add by following
docs/content-guide.md ("Add a list", "Add a remedy", "Add a letter"): new files under ``files/`` and,
in ``edits.yaml``, the lines they would type into existing files (catalogue.yaml, sources.yaml,
flow.yaml, scenarios.yaml). The test applies both to a copy of clinic/content, starts the app on the
copy through CLINIC_CONTENT_DIR and walks it as a person would: the rules pages, a journey through
the questions, the letter form, its preview and its PDF. ``content check`` must then find nothing
wrong but the missing translations, which are the translators' step, not a programmer's.

English only: the translated locales would need the new strings translated first.
"""

from __future__ import annotations

import re
import shutil
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from pypdf import PdfReader

from clinic import services
from clinic.app import create_app
from clinic.letters.samples import sample_form
from tests.conftest import SECRET, csrf_from
from tests.pagecheck import check_page
from tests.posting import answer_all, post

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "clinic" / "content"
FIXTURE = ROOT / "tests" / "fixtures" / "new-content"
EDITS: dict[str, Any] = yaml.safe_load((FIXTURE / "edits.yaml").read_text(encoding="utf-8"))

LIST_ID = EDITS["list_id"]
LETTER_ID = "migrant-wage-list-early-removal"
NEW_FILES = sorted(path.relative_to(FIXTURE / "files") for path in (FIXTURE / "files").rglob("*.yaml"))


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")


def add_new_content(target: Path) -> Path:
    """Copy clinic/content to ``target`` and make the editor's additions there; return the copy."""
    copy = target / "content"
    shutil.copytree(CONTENT, copy)
    for relative in NEW_FILES:
        destination = copy / relative
        assert not destination.exists(), f"{relative} must be a new file, not a change to an existing one"
        shutil.copyfile(FIXTURE / "files" / relative, destination)

    catalogue = _load(copy / "catalogue.yaml")
    order = catalogue["list_order"]
    order.insert(order.index(EDITS["list_order_after"]) + 1, LIST_ID)
    _dump(copy / "catalogue.yaml", catalogue)

    registry = _load(copy / "sources.yaml")
    assert not set(EDITS["sources"]) & set(registry["sources"]), "source keys must be new"
    registry["sources"].update(EDITS["sources"])
    _dump(copy / "sources.yaml", registry)

    flow = _load(copy / "flow.yaml")
    questions = {question["id"]: question for question in flow["questions"]}
    for edit in EDITS["choices"]:
        choices = questions[edit["question"]]["choices"]
        at = [choice["id"] for choice in choices].index(edit["before"])
        choices.insert(at, edit["choice"])
    flow["signals"].extend(EDITS["signals"])
    _dump(copy / "flow.yaml", flow)

    scenarios = _load(copy / "scenarios.yaml")
    scenarios["scenarios"].extend(EDITS["scenarios"])
    _dump(copy / "scenarios.yaml", scenarios)
    return copy


@pytest.fixture(scope="module")
def content_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return add_new_content(tmp_path_factory.mktemp("adding-content"))


@pytest.fixture(scope="module")
def new_app(content_copy: Path) -> Flask:
    return create_app(
        environ={
            "CLINIC_ENV": "testing",
            "CLINIC_SECRET_KEY": SECRET,
            "CLINIC_CONTENT_DIR": str(content_copy),
            "CLINIC_LOCALES": "en",
        }
    )


@pytest.fixture()
def new_client(new_app: Flask):  # type: ignore[no-untyped-def]
    with new_app.test_client() as client:
        yield client


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_fixture_only_adds_files(content_copy: Path) -> None:
    """The editor's step: new files, and edits to the shared ones; nothing under clinic/ changes."""
    assert {str(path) for path in NEW_FILES} == {
        "instruments/mohrss-order-45.yaml",
        "articles/mohrss-order-45.yaml",
        "lists/migrant-wage-arrears.yaml",
        "remedies/migrant-wage-list-early-removal.yaml",
        "letters/migrant-wage-list-early-removal.yaml",
    }
    assert not (CONTENT / "lists" / f"{LIST_ID}.yaml").exists()


def test_the_app_loads_the_new_content(new_app: Flask) -> None:
    bundle = services.of(new_app).content
    assert LIST_ID in [regime.id for regime in bundle.catalogue.lists]
    assert LETTER_ID in bundle.letters.letters
    numbers = [letter.number for letter in bundle.letters.ordered()]
    assert len(numbers) == len(set(numbers))


def test_the_new_list_is_on_the_rules_index_and_has_its_page(new_app: Flask, new_client) -> None:  # type: ignore[no-untyped-def]
    regime = services.of(new_app).content.catalogue.list(LIST_ID)
    index = check_page(new_client.get("/rules"))
    assert regime.name_en in " ".join(index.text)
    assert f'href="/rules/{LIST_ID}"' in new_client.get("/rules").get_data(as_text=True)
    page = " ".join(check_page(new_client.get(f"/rules/{LIST_ID}")).text)
    for expected in (
        regime.name_en,
        regime.name_zh,
        "Apply for early removal from the wage arrears list",
        "Not verified: treat this as uncertain and check it with the authority",
    ):
        assert expected in page, expected
    assert f'href="/letter/{LETTER_ID}"' in new_client.get(f"/rules/{LIST_ID}").get_data(as_text=True)


def test_a_journey_with_the_new_choice_ends_on_the_new_list(new_app: Flask, new_client) -> None:  # type: ignore[no-untyped-def]
    (scenario,) = EDITS["scenarios"]
    answer_all(new_client, [(question, {"answer": value}) for question, value in scenario["answers"].items()])
    result = " ".join(check_page(new_client.get("/result")).text)
    name = services.of(new_app).content.catalogue.list(LIST_ID).name_en
    assert name in result
    assert result.index(name) < result.index("Why")  # ranked first, before the reasons
    assert EDITS["signals"][0]["reason"] in result


def test_the_new_letter_is_listed_and_its_form_renders(new_app: Flask, new_client) -> None:  # type: ignore[no-untyped-def]
    letter = services.of(new_app).content.letters.letters[LETTER_ID]
    index = new_client.get("/letters")
    assert letter.title_en in " ".join(check_page(index).text)
    assert f'href="/letter/{LETTER_ID}"' in index.get_data(as_text=True)
    check_page(new_client.get(f"/letter/{LETTER_ID}"))  # the first step: who sends it
    token = csrf_from(new_client.get(f"/letter/{LETTER_ID}"))
    chosen = new_client.post(
        f"/letter/{LETTER_ID}", data={"kind": letter.applicant_kinds[0], "csrf_token": token}, follow_redirects=True
    )
    form = " ".join(check_page(chosen).text)
    assert "I have paid the migrant workers, in full, the wages that were owed" in form


def _filled_form(new_app: Flask) -> dict[str, list[str]]:
    bundle = services.of(new_app).content
    form = sample_form(bundle.letters.letters[LETTER_ID], bundle.letters.fields)
    return {**form, "finding_authority": ["北京市朝阳区人力资源和社会保障局"]}


def test_a_filled_form_previews_and_downloads_the_chinese_letter(new_app: Flask, new_client) -> None:  # type: ignore[no-untyped-def]
    letter = services.of(new_app).content.letters.letters[LETTER_ID]
    form = _filled_form(new_app)
    preview = post(new_client, f"/letter/{LETTER_ID}/preview", form, form_page=f"/letter/{LETTER_ID}")
    shown = flat(" ".join(check_page(preview).text))
    for expected in (letter.title_zh, "申请人已向相关农民工足额支付所拖欠的工资", "北京市朝阳区人力资源和社会保障局"):
        assert flat(expected) in shown, expected

    pdf = post(new_client, f"/letter/{LETTER_ID}/pdf", form, form_page=f"/letter/{LETTER_ID}")
    assert pdf.status_code == 200, pdf.data[:500]
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    text = flat("\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf.data)).pages))
    for expected in (
        letter.title_zh,
        "自改正之日起，申请人未再发生拖欠农民工工资的行为。",
        "《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》",
        "此致",
    ):
        assert flat(expected) in text, expected


def test_content_check_finds_only_missing_translations(new_app: Flask, content_copy: Path) -> None:
    with new_app.app_context():
        result = new_app.test_cli_runner().invoke(args=["content", "check", "--dir", str(content_copy)])
    problems = [line for line in result.output.splitlines() if not line.endswith(f"problem(s) in {content_copy}")]
    assert result.exit_code == 1, result.output  # the new English strings are not translated yet
    assert problems, result.output
    others = [line for line in problems if ": no translation in " not in line]
    assert not others, "\n".join(others)
    # Each missing translation is in a new file or at an edit of an existing one.
    files = {line.split(":", 1)[0] for line in problems}
    assert files <= {str(path) for path in NEW_FILES} | {"flow.yaml"}, files
