"""Settings an NGO changes: a content folder of its own, its name and contact on cover sheets."""

import shutil
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from clinic import services
from clinic.app import create_app
from clinic.bundle import ContentError
from clinic.config import ConfigError
from clinic.letters.samples import sample_form
from tests.conftest import SECRET, csrf_from

CONTENT = Path(__file__).resolve().parents[2] / "clinic" / "content"


def test_a_content_folder_of_ones_own_replaces_the_built_in_one(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    flow = folder / "flow.yaml"
    flow.write_text(
        flow.read_text(encoding="utf-8").replace("text: What happened?", "text: What happened to you?"),
        encoding="utf-8",
    )
    app = create_app(environ={"CLINIC_ENV": "testing", "CLINIC_SECRET_KEY": SECRET, "CLINIC_CONTENT_DIR": str(folder)})
    with app.test_client() as client:
        assert "What happened to you?" in client.get("/q/what-happened").get_data(as_text=True)


def test_a_broken_content_folder_stops_the_start_with_every_problem(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    (folder / "lists" / "rail-air-ban.yaml").write_text("id: wrong-id\n", encoding="utf-8")
    (folder / "flow.yaml").write_text("version: 1\nstart: nowhere\nquestions: []\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        create_app(environ={"CLINIC_ENV": "testing", "CLINIC_SECRET_KEY": SECRET, "CLINIC_CONTENT_DIR": str(folder)})
    text = str(error.value)
    assert "flow.yaml" in text and "rail-air-ban" in text


def test_a_missing_content_folder_is_a_configuration_error():
    with pytest.raises(ConfigError):
        create_app(environ={"CLINIC_ENV": "testing", "CLINIC_SECRET_KEY": SECRET, "CLINIC_CONTENT_DIR": "/nope"})


def test_the_organisation_is_printed_on_cover_sheets():
    app = create_app(
        environ={
            "CLINIC_ENV": "testing",
            "CLINIC_SECRET_KEY": SECRET,
            "CLINIC_ORG_NAME": "Example Aid",
            "CLINIC_ORG_CONTACT": "help@example.org",
            "CLINIC_ORG_ADDRESS": "1 Example Road",
        }
    )
    bundle = services.of(app).content
    form = sample_form(bundle.letters.by_number(1), bundle.letters.fields)
    with app.test_client() as client:
        token = csrf_from(client.get("/letter/correction-of-dishonest-entry"))
        response = client.post("/letter/correction-of-dishonest-entry/pdf", data={**form, "csrf_token": token})
        text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.data)).pages)
        assert "Example Aid" in text and "help@example.org" in text and "1 Example Road" in text
        page = client.get("/languages").get_data(as_text=True)
        assert "Example Aid" in page and "help@example.org" in page


def test_gunicorn_warms_the_renderer_up_in_each_worker(app, monkeypatch) -> None:
    """The post_worker_init hook finds the renderer through the services accessor: a worker's first
    letter must not pay WeasyPrint's and the fonts' cold start."""
    import runpy
    from types import SimpleNamespace

    hooks = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    started = []
    monkeypatch.setattr(
        services.of(app).renderer, "start_pool", lambda close, documents, on_broken: started.append((close, documents))
    )
    hooks["post_worker_init"](SimpleNamespace(wsgi=app, sockets=[], PIPE=[]))
    [(close, documents)] = started
    # The render processes start warm: a sample letter in each language is rendered before them.
    assert len(documents) == len(app.config["CLINIC_LOCALES"]) and all("<html" in d for d in documents)
