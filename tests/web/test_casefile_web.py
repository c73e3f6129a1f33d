"""Save to a file and Resume from a file, through the pages."""

import json

import pytest

from clinic.casefile import CaseFile, dump_casefile
from tests.conftest import csrf_from
from tests.pagecheck import check_headers, check_page
from tests.posting import answer_all, resume, save


def test_save_downloads_a_neutral_json_file(client):
    answer_all(client)
    response = save(client)
    assert response.status_code == 200
    check_headers(response)
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="notes.json"'
    assert json.loads(response.data)["answers"]["what-happened"] == "ticket-refused"


def test_save_and_resume_round_trip_in_a_new_browser(app, client):
    answer_all(client)
    data = save(client, "open sesame words").data
    with app.test_client() as other:
        response = resume(other, data, "open sesame words")
        assert response.status_code == 303 and response.headers["Location"] == "/begin"
        assert other.get("/begin").headers["Location"] == "/check"
        check_page(other.get("/check"))


def test_mismatched_passphrases_are_refused(client):
    answer_all(client)
    facts = check_page(save(client, "one", "two"), status=400)
    assert "The two passphrases are not the same." in " ".join(facts.text)


def test_save_without_answers_says_there_is_nothing_to_save(client):
    facts = check_page(client.get("/save"))
    assert "nothing to save" in " ".join(facts.text)


@pytest.mark.parametrize(
    ("data", "passphrase", "message"),
    [
        (b"", "", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n binary", "", "could not be read"),
        (b'{"format": "other"}', "", "not a case file"),
        (dump_casefile(CaseFile(1, "x", {"what-happened": "published"}), "pw"), "", "Enter the passphrase"),
        (dump_casefile(CaseFile(1, "x", {"what-happened": "published"}), "pw"), "bad", "does not open this file"),
        (b'{"format": "due-process-clinic/case-file", "version": 1, "answers": 5}', "", "damaged"),
    ],
)
def test_bad_uploads_get_a_clear_error(client, data, passphrase, message):
    facts = check_page(resume(client, data, passphrase), status=400)
    assert message in " ".join(facts.text)


def test_missing_file_gets_a_clear_error(client):
    page = client.get("/resume")
    response = client.post("/resume", data={"csrf_token": csrf_from(page)}, content_type="multipart/form-data")
    assert "Choose the file you saved." in " ".join(check_page(response, status=400).text)


def test_oversized_upload_is_refused_in_memory(client, app):
    data = b"{" + b" " * (app.config["CLINIC_CASEFILE_MAX_BYTES"] + 10) + b"}"
    facts = check_page(resume(client, data), status=400)
    assert "too large" in " ".join(facts.text)


def test_upload_over_the_request_limit_gets_the_413_page(client, app):
    data = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = resume(client, data)
    facts = check_page(response, status=413)
    assert "too large" in " ".join(facts.text)


def test_a_file_with_stale_answers_keeps_what_it_can(client):
    case = CaseFile(1, "old", {"what-happened": "published", "ghost": "x", "who": "nobody-now"})
    response = resume(client, dump_casefile(case))
    facts = check_page(response)
    assert "Some answers could not be used" in " ".join(facts.text)
    assert client.get("/begin").headers["Location"] == "/q/who"
