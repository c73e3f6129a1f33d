"""Posting forms the way a browser does, for every web test: open the page that holds the form,
take its CSRF token, post. One place, so that a change to how forms are sent is made once."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.conftest import csrf_from
from tests.pagecheck import check_page, parse_page

# A complete path through the questions (a person refused a ticket over a court debt).
FULL_ANSWERS: tuple[tuple[str, Mapping[str, Any]], ...] = (
    ("what-happened", {"answer": "ticket-refused"}),
    ("role", {"answer": "self"}),
    ("who", {"answer": "myself"}),
    ("refusal-message", {"answer": "restriction-wording"}),
    ("ticket-context", {"answer": ["court-debt"]}),
    ("debt-status", {"answer": "unpaid"}),
    ("urgent-need", {"answer": "no-urgent-need"}),
    ("papers-received", {"answer": ["spending-limit"]}),
    ("court-statements", {"answer": ["none-said"]}),
    ("already-tried", {"answer": "nothing-yet"}),
)


# The correction letter's form filled in as a person would (its own words left to each test).
CORRECTION_LETTER = "/letter/correction-of-dishonest-entry"
CORRECTION_FIELDS: Mapping[str, Any] = {
    "kind": "person",
    "applicant_name": "张喆堃",
    "id_number": "11010519491231002X",
    "address": "北京市朝阳区建国路1号",
    "phone": "13800138000",
    "enforcing_court": "北京市朝阳区人民法院",
    "case_number": "（2024）京0105执1234号",
    "grounds": ["decision-not-served"],
    "filing-year": "2026",
    "filing-month": "11",
    "filing-day": "27",
}


def post(client, path: str, data: Mapping[str, Any] | None = None, *, form_page: str | None = None, **kwargs: Any):  # type: ignore[no-untyped-def]
    """GET ``form_page`` (default: ``path``), then POST ``data`` to ``path`` with that page's token."""
    token = csrf_from(client.get(form_page or path))
    return client.post(path, data={**(data or {}), "csrf_token": token}, **kwargs)


def answer(client, question_id: str, **data: Any):  # type: ignore[no-untyped-def]
    """Answer one question page."""
    return post(client, f"/q/{question_id}", data)


def answer_all(client, answers: Iterable[tuple[str, Mapping[str, Any]]] = FULL_ANSWERS) -> None:  # type: ignore[no-untyped-def]
    """Answer every question of a complete path; each answer must lead on."""
    for question_id, data in answers:
        response = answer(client, question_id, **data)
        assert response.status_code == 303, (question_id, response.status_code)


def save(client, passphrase: str = "", again: str | None = None):  # type: ignore[no-untyped-def]
    """Save to a file, with the passphrase typed twice (``again`` for a different second one)."""
    return post(client, "/save", {"passphrase": passphrase, "passphrase_again": passphrase if again is None else again})


def resume(client, data: bytes, passphrase: str = "", filename: str = "notes.json"):  # type: ignore[no-untyped-def]
    """Upload a file; the multipart body is built in memory (the test client would spool it to disk)."""
    form = {
        "casefile": FileStorage(io.BytesIO(data), filename, content_type="application/json"),
        "passphrase": passphrase,
        "csrf_token": csrf_from(client.get("/resume")),
    }
    boundary, body = encode_multipart(form)
    return client.post("/resume", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def page_text(response, locale: str | None = "en") -> str:  # type: ignore[no-untyped-def]
    """The visible text of a page, space-joined. With a locale the page also passes check_page
    (at whatever status it has); with None it is only parsed."""
    if locale is None:
        return " ".join(parse_page(response.get_data(as_text=True)).text)
    return " ".join(check_page(response, status=response.status_code, locale=locale).text)
