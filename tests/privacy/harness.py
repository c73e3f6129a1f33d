"""The canary harness: a whole journey with unique canary strings in every field a person can fill,
driven either through the Flask test client or over HTTP against a real gunicorn, followed by a
search for the canaries in every encoding a value could be stored in."""

from __future__ import annotations

import base64
import http.client
import io
import json
import os
import re
import secrets
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from clinic.casefile import FORMAT
from tests.posting import FULL_ANSWERS


def make_canaries() -> list[str]:
    """Unique values for this run: an ASCII one and a CJK one."""
    return [f"CANARY{secrets.token_hex(6)}", f"金丝雀{secrets.token_hex(3)}"]


def encodings(value: str) -> list[bytes]:
    """Every form in which a value could end up stored."""
    raw = value.encode("utf-8")
    forms = [
        raw,
        value.encode("utf-16-le"),
        value.encode("utf-16-be"),
        urllib.parse.quote(value).encode(),
        urllib.parse.quote_plus(value).encode(),
        json.dumps(value).strip('"').encode(),
        "".join(f"&#{ord(c)};" for c in value).encode(),
        "".join(f"&#x{ord(c):x};" for c in value).encode(),
        base64.b64encode(raw).rstrip(b"="),
        base64.urlsafe_b64encode(raw).rstrip(b"="),
        raw.hex().encode(),
        raw.hex().upper().encode(),
    ]
    # The ASCII prefix alone would also be a leak for the CJK canary's random part.
    return [f for f in forms if f]


def find_canaries(blob: bytes, canaries: Iterable[str]) -> list[str]:
    """The canaries found in a blob, in any encoding."""
    return [c for c in canaries if any(form in blob for form in encodings(c))]


@dataclass
class Reply:
    """One HTTP response as the harness saw it."""

    method: str
    path: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first header with this name."""
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


@dataclass
class Browser:
    """A minimal browser: keeps cookies by name, records every reply, never follows redirects."""

    send: object  # callable(method, path, body, headers) -> Reply
    cookies: dict[str, str] = field(default_factory=dict)
    replies: list[Reply] = field(default_factory=list)
    pdfs: list[bytes] = field(default_factory=list)

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        multipart: bool = False,
        raw_body: bytes | None = None,
    ) -> Reply:
        """Send a request with the stored cookies; store the cookies it sets."""
        all_headers = {"Accept-Language": "en", **(headers or {})}
        body = raw_body
        if form is not None:
            if multipart:
                boundary, body = encode_multipart(form)
                all_headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            else:
                body = urllib.parse.urlencode(form, doseq=True).encode()
                all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        reply = self.send(method, path, body, all_headers)  # type: ignore[operator]
        for name, value in reply.headers:
            if name.lower() == "set-cookie":
                cookie_name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if "Max-Age=0" in value or not cookie_value:
                    self.cookies.pop(cookie_name, None)
                else:
                    self.cookies[cookie_name] = cookie_value
        self.replies.append(reply)
        return reply

    def get(self, path: str, **kw: object) -> Reply:
        """GET a path."""
        return self.request("GET", path, **kw)  # type: ignore[arg-type]

    def csrf(self, path: str) -> str:
        """GET a page and return its CSRF token."""
        match = re.search(rb'name="csrf_token" value="([^"]+)"', self.get(path).body)
        assert match, f"no CSRF token on {path}"
        return match.group(1).decode()


def client_sender(client):  # type: ignore[no-untyped-def]
    """Send requests through a Flask test client made with use_cookies=False."""

    def send(method: str, path: str, body: bytes | None, headers: dict[str, str]) -> Reply:
        response = client.open(path, method=method, data=body, headers=headers)
        reply = Reply(method, path, response.status_code, list(response.headers.items()), response.get_data())
        response.close()
        return reply

    return send


def http_sender(port: int):  # type: ignore[no-untyped-def]
    """Send requests over HTTP to a server on the loopback interface."""

    def send(method: str, path: str, body: bytes | None, headers: dict[str, str]) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return Reply(method, path, response.status, response.getheaders(), response.read())
        finally:
            connection.close()

    return send


def run_journey(browser: Browser, canaries: list[str]) -> None:
    """The whole journey, with every error path, canaries in everything a person can type."""
    ascii_canary, cjk_canary = canaries
    both = f"{ascii_canary} {cjk_canary}"
    browser.get("/", headers={"User-Agent": f"Mozilla/5.0 {ascii_canary}"})
    browser.get("/begin")
    answers = FULL_ANSWERS
    for question_id, data in answers:
        token = browser.csrf(f"/q/{question_id}")
        # An invalid answer first: the error path must not log or store it.
        bad = {"answer": both}
        assert browser.request("POST", f"/q/{question_id}", {**bad, "csrf_token": token}).status == 400
        reply = browser.request("POST", f"/q/{question_id}", {**data, "csrf_token": token, "extra": both})
        assert reply.status == 303, (question_id, reply.status)
    assert browser.get("/check").status == 200
    assert browser.get("/result").status == 200
    # Dates typed on a rules page (valid and invalid), and the calendar file made from them.
    token = browser.csrf("/rules/dishonest-judgment-defaulters")
    deadline_form = {"csrf_token": token, "action": "deadline", "remedy": "reconsideration-of-correction-refusal"}
    assert (
        browser.request(
            "POST",
            "/rules/dishonest-judgment-defaulters",
            {**deadline_form, "year": ascii_canary, "month": cjk_canary, "day": "1"},
        ).status
        == 400
    )
    assert (
        browser.request(
            "POST", "/rules/dishonest-judgment-defaulters", {**deadline_form, "year": "2026", "month": "9", "day": "25"}
        ).status
        == 200
    )
    reminder = browser.request(
        "POST",
        "/rules/dishonest-judgment-defaulters/reminder",
        {**deadline_form, "year": "2026", "month": "9", "day": "25"},
    )
    assert reminder.status == 200 and reminder.header("Content-Disposition") == 'attachment; filename="reminder.ics"'
    assert (
        browser.request(
            "POST",
            "/rules/dishonest-judgment-defaulters",
            {"csrf_token": token, "action": "on", "year": "2023", "month": "5", "day": "1", "extra": both},
        ).status
        == 200
    )
    # A letter with canaries in every free field: errors first, then preview, PDF, saved details.
    token = browser.csrf("/letter/correction-of-dishonest-entry")
    letter = {
        "csrf_token": token,
        "kind": "person",
        "applicant_name": both,
        "id_number": "11010519491231002X",
        "address": f"{cjk_canary}路1号",
        "phone": "13800138000",
        "enforcing_court": f"{cjk_canary}人民法院",
        "case_number": f"（2024）{ascii_canary}执1234号",
        "learned_of_listing_date-year": "2026",
        "learned_of_listing_date-month": "10",
        "learned_of_listing_date-day": "8",
        "grounds": ["decision-not-served"],
        "own_account": f"{both}\n\n{cjk_canary}",
        "extra": both,
        "filing-year": "2026",
        "filing-month": "11",
        "filing-day": "27",
    }
    assert (
        browser.request(
            "POST", "/letter/correction-of-dishonest-entry/preview", {**letter, "id_number": ascii_canary}
        ).status
        == 400
    )
    assert (
        browser.request("POST", "/letter/correction-of-dishonest-entry/preview", {**letter, "phone": cjk_canary}).status
        == 400
    )
    assert (
        browser.request(
            "POST", "/letter/correction-of-dishonest-entry/pdf", {**letter, "applicant_name": f"{both}\U00030000"}
        ).status
        == 400
    )
    assert browser.request("POST", "/letter/correction-of-dishonest-entry/preview", letter).status == 200
    # The letter draft: Back to the form (filled from the browser's encrypted draft cookie), the
    # language switch on the form and on the preview, and Back after a body too large to read.
    assert "d" in browser.cookies, "the preview set the letter draft"
    assert browser.get("/letter/correction-of-dishonest-entry").status == 200
    switched = browser.request("POST", "/letter/correction-of-dishonest-entry/language", {**letter, "language": "ug"})
    assert switched.status == 303
    assert browser.get("/letter/correction-of-dishonest-entry").status == 200
    assert (
        browser.request(
            "POST",
            "/letter/correction-of-dishonest-entry/language",
            {**letter, "language": "en", "step": "preview"},
        ).status
        == 200
    )
    long_words = {**letter, "own_account": f"{cjk_canary}" * 700}
    assert browser.request("POST", "/letter/correction-of-dishonest-entry/preview", long_words).status in (200, 400)
    huge = {**letter, "own_account": both * 80_000}
    assert browser.request("POST", "/letter/correction-of-dishonest-entry/preview", huge).status == 413
    assert browser.get("/letter/correction-of-dishonest-entry").status == 200
    pdf = browser.request("POST", "/letter/correction-of-dishonest-entry/pdf", letter)
    assert pdf.status == 200 and pdf.header("Content-Disposition") == 'attachment; filename="document.pdf"'
    browser.pdfs.append(pdf.body)
    saved_letter = browser.request(
        "POST", "/letter/correction-of-dishonest-entry/save", {**letter, "passphrase": both, "passphrase_again": both}
    )
    assert saved_letter.status == 200
    # Save, plain and sealed with a canary passphrase; resume from both.
    token = browser.csrf("/save")
    plain = browser.request("POST", "/save", {"passphrase": "", "passphrase_again": "", "csrf_token": token})
    sealed = browser.request("POST", "/save", {"passphrase": both, "passphrase_again": both, "csrf_token": token})
    assert plain.status == 200 and sealed.status == 200
    mismatch = browser.request("POST", "/save", {"passphrase": both, "passphrase_again": "x", "csrf_token": token})
    assert mismatch.status == 400

    def upload(data: bytes, passphrase: str, filename: str) -> Reply:
        token = browser.csrf("/resume")
        form = {
            "casefile": FileStorage(io.BytesIO(data), filename, content_type="application/json"),
            "passphrase": passphrase,
            "csrf_token": token,
        }
        return browser.request("POST", "/resume", form, multipart=True)

    assert upload(sealed.body, both, f"{ascii_canary}.json").status == 200  # "your answers came back"
    assert upload(plain.body, "", "notes.json").status == 200
    with_details = json.dumps(
        {
            "format": FORMAT,
            "version": 1,
            "flow_version": 2,
            "content_version": both,
            "answers": {"what-happened": "published"},
            "details": {"name": both},
        }
    ).encode()
    assert upload(with_details, "", f"{cjk_canary}.json").status == 200
    assert upload(saved_letter.body, both, "notes.json").status == 200  # the letter form, filled again
    assert upload(sealed.body, f"wrong {ascii_canary}", "notes.json").status == 400
    assert upload(b'{"format": "' + both.encode() + b'"', "", "notes.json").status == 400
    assert upload(both.encode() * 100_000, "", "big.json").status in (400, 413)
    # Other error paths: unknown pages, foreign return addresses, damaged cookies, forged tokens,
    # cross-site posts, oversized bodies.
    assert browser.get(f"/q/{ascii_canary}").status == 404
    assert browser.get(f"/{urllib.parse.quote(cjk_canary)}?q={ascii_canary}").status == 404
    assert browser.get(f"/language/ug?next=/{ascii_canary}").status == 303
    browser.get("/language/en?next=/")
    saved = dict(browser.cookies)
    browser.cookies["s"] = ascii_canary
    assert browser.get("/q/what-happened").status == 400
    browser.cookies = saved
    assert browser.request("POST", "/q/what-happened", {"answer": both, "csrf_token": ascii_canary}).status == 400
    token = browser.csrf("/q/what-happened")
    assert (
        browser.request(
            "POST",
            "/q/what-happened",
            {"answer": both, "csrf_token": token},
            headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
        ).status
        == 403
    )
    big = {"answer": both * 60_000, "csrf_token": token}
    assert browser.request("POST", "/q/what-happened", big).status == 413
    # Start again asks first, then clears the answers and the draft.
    token = browser.csrf("/q/what-happened")
    assert browser.request("POST", "/restart", {"csrf_token": token}).status == 200
    assert browser.request("POST", "/restart", {"csrf_token": token, "confirm": "yes"}).status == 303
    assert "d" not in browser.cookies, "Start again deleted the letter draft"
    browser.request(
        "POST",
        "/letter/correction-of-dishonest-entry/preview",
        {**letter, "csrf_token": browser.csrf("/letter/correction-of-dishonest-entry")},
    )
    assert browser.get("/leave").status == 303
    assert "d" not in browser.cookies, "Leave this site deleted the letter draft"


def snapshot(roots: Iterable[Path]) -> dict[Path, tuple[int, int]]:
    """mtime and size of every file under the roots."""
    seen: dict[Path, tuple[int, int]] = {}
    for root in roots:
        if not root.exists():
            continue
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                path = Path(dirpath) / name
                try:
                    stat = path.stat()
                except OSError:
                    continue
                seen[path] = (stat.st_mtime_ns, stat.st_size)
    return seen


def changed_files(before: dict[Path, tuple[int, int]], roots: Iterable[Path]) -> Iterator[Path]:
    """Files created or modified since the snapshot."""
    for path, facts in snapshot(roots).items():
        if before.get(path) != facts:
            yield path


def check_pdf_metadata(pdfs: list[bytes], canaries: list[str]) -> list[str]:
    """Problems in the PDFs' metadata: keys beyond a neutral title, canaries, embedded files."""
    from io import BytesIO

    from pypdf import PdfReader

    problems = []
    for data in pdfs:
        reader = PdfReader(BytesIO(data))
        info = dict(reader.metadata or {})
        if info != {"/Title": "Document"}:
            problems.append(f"PDF Info is {info}")
        root = reader.trailer["/Root"]
        if "/Metadata" in root and find_canaries(root["/Metadata"].get_object().get_data(), canaries):
            problems.append("canary in XMP metadata")
        if "/EmbeddedFiles" in str(root.get("/Names", {})):
            problems.append("embedded files")
    return problems


def check_replies(replies: list[Reply], canaries: list[str]) -> list[str]:
    """Problems in the replies: canaries in Set-Cookie or Location, or a missing no-store."""
    problems = []
    for reply in replies:
        for name, value in reply.headers:
            if name.lower() in ("set-cookie", "location", "content-disposition") and find_canaries(
                value.encode(), canaries
            ):
                problems.append(f"{reply.method} {reply.path}: canary in {name}")
        if reply.header("Content-Type") and not reply.path.startswith("/static/"):
            if reply.header("Cache-Control") != "no-store":
                problems.append(f"{reply.method} {reply.path}: no Cache-Control: no-store")
    return problems
