"""The shipped nginx example (docs/deploy/nginx.conf), run for real in front of two gunicorn instances:
the journey works through it, nothing reaches its disk, every page it makes itself carries the security
headers, the costly requests are limited per client, and slow clients never reach the app."""

from __future__ import annotations

import http.client
import io
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from werkzeug.datastructures import FileStorage

from clinic.security import SECURITY_HEADERS
from tests import servers
from tests.posting import FULL_ANSWERS
from tests.privacy.harness import Browser, Reply, http_sender
from tests.production.conftest import gunicorn
from tests.production.test_gunicorn import sample_letter_form

LETTER = "/letter/correction-of-dishonest-entry"
# Every header the app sets, once each, with the app's own value; no-store on every page but static files.
EXPECTED = {**SECURITY_HEADERS, "Cache-Control": "no-store"}


@pytest.fixture(scope="module")
def stack() -> Iterator[servers.Nginx]:
    """nginx from the example in front of two instances sharing only the secret key."""
    with gunicorn() as (port_a, _a), gunicorn() as (port_b, _b), servers.nginx([port_a, port_b]) as proxy:
        yield proxy


def header_problems(reply: Reply) -> list[str]:
    """Headers missing, sent twice, or with another value than the app's."""
    problems = []
    for name, value in EXPECTED.items():
        values = [v for k, v in reply.headers if k.lower() == name.lower()]
        if values != [value]:
            problems.append(f"{reply.status} {reply.method} {reply.path[:40]}: {name} = {values}")
    return problems


def raw_sender(port: int, source: str = "127.0.0.1", proxy_line: bytes = b""):  # type: ignore[no-untyped-def]
    """Send requests from a chosen loopback address, optionally behind a PROXY protocol line (what
    Tor sends to the onion listener when it exports circuit ids)."""

    def send(method: str, path: str, body: bytes | None, headers: dict[str, str]) -> Reply:
        return raw(port, request_bytes(method, path, body, headers), source=source, proxy_line=proxy_line, path=path)

    return send


def request_bytes(method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> bytes:
    """An HTTP/1.1 request, closing the connection after the answer."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body is not None:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")


def raw(port: int, data: bytes, *, source: str = "127.0.0.1", proxy_line: bytes = b"", path: str = "(raw)") -> Reply:
    """Send bytes as they are and read one answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=30, source_address=(source, 0)) as sock:
        try:
            sock.sendall(proxy_line + data)
        except (BrokenPipeError, ConnectionResetError):  # nginx may answer and close before all is sent
            pass
        response = http.client.HTTPResponse(sock)
        response.begin()
        return Reply(
            data.split(b" ", 1)[0].decode("latin-1"), path, response.status, response.getheaders(), response.read()
        )


def test_journey_letter_and_resume_through_nginx_with_two_instances(stack):
    browser = Browser(send=http_sender(stack.port))
    answers = FULL_ANSWERS
    assert browser.get("/").status == 200
    for question_id, data in answers:
        token = browser.csrf(f"/q/{question_id}")
        reply = browser.request("POST", f"/q/{question_id}", {**data, "csrf_token": token})
        assert reply.status == 303, (question_id, reply.status)
    assert browser.get("/check").status == 200
    assert browser.get("/result").status == 200
    assert browser.get("/rules/dishonest-judgment-defaulters").status == 200
    token = browser.csrf(LETTER)
    form = {**sample_letter_form(), "csrf_token": token}
    assert browser.request("POST", f"{LETTER}/preview", form).status == 200
    pdf = browser.request("POST", f"{LETTER}/pdf", form)
    assert pdf.status == 200 and pdf.body.startswith(b"%PDF") and pdf.body.rstrip().endswith(b"%%EOF")
    token = browser.csrf("/save")
    saved = browser.request("POST", "/save", {"passphrase": "", "passphrase_again": "", "csrf_token": token})
    assert saved.status == 200
    browser.cookies.clear()
    token = browser.csrf("/resume")
    upload = {"casefile": FileStorage(io.BytesIO(saved.body), "notes.json"), "passphrase": "", "csrf_token": token}
    assert browser.request("POST", "/resume", upload, multipart=True).status == 200  # "your answers came back"
    assert browser.get("/result").status == 200
    assert browser.get("/static/clinic.css").status == 200
    assert {r.status for r in browser.replies} <= {200, 303}
    # The app's headers pass through once each: nginx adds its own only where the app sent none.
    assert [p for r in browser.replies if not r.path.startswith("/static/") for p in header_problems(r)] == []
    static = browser.replies[-1]
    assert [v for k, v in static.headers if k == "Cache-Control"] == ["public, max-age=3600"]
    assert static.header("Server") == "nginx"  # no version, and not gunicorn's


def test_nothing_reaches_nginx_disk_large_posts_and_slow_pdf_downloads(stack):
    browser = Browser(send=http_sender(stack.port))
    token = browser.csrf("/resume")
    big_file = {
        "casefile": FileStorage(io.BytesIO(b"x" * 900_000), "notes.json"),
        "passphrase": "",
        "csrf_token": token,
    }
    assert browser.request("POST", "/resume", big_file, multipart=True).status == 400  # the app's own answer
    token = browser.csrf("/q/what-happened")
    big_form = browser.request("POST", "/q/what-happened", {"answer": "a" * 900_000, "csrf_token": token})
    assert big_form.status in (400, 413) and not header_problems(big_form)  # the app's answer
    token = browser.csrf(LETTER)
    form = {**sample_letter_form(), "csrf_token": token}
    browser.request("POST", f"{LETTER}/preview", form)  # the cookie now holds the letter's details
    # A PDF read slowly: nginx must hold it in memory (proxy_buffers), never in proxy_temp.
    data = urllib.parse.urlencode(form, doseq=True).encode()
    headers = {
        "Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items()),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=30)
    connection.request("POST", f"{LETTER}/pdf", body=data, headers=headers)
    response = connection.getresponse()
    chunks = []
    while chunk := response.read(32_768):
        chunks.append(chunk)
        time.sleep(0.05)
    connection.close()
    pdf = b"".join(chunks)
    assert response.status == 200 and pdf.startswith(b"%PDF") and len(pdf) > 100_000, (response.status, len(pdf))
    for directory in stack.temp_dirs:
        assert not directory.exists() or list(directory.rglob("*")) == [], f"nginx wrote to {directory}"
    for log in stack.logs:
        assert log.stat().st_size == 0, f"{log.name}: {log.read_bytes()[:300]!r}"


def test_every_status_nginx_makes_itself_carries_the_headers(stack):
    port = stack.port
    cases = {
        "413 body over 1 MB": (request_bytes("POST", "/q/what-happened", None, {"Content-Length": "2000000"}), 413),
        "400 bad version": (b"GET / HTTP/1.<script>\r\nHost: x\r\n\r\n", 400),
        "400 garbage": (b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n", 400),
        "414 long request line": (request_bytes("GET", "/?" + "a" * 5000), 414),
        "400 long header": (request_bytes("GET", "/", None, {"X-Long": "b" * 9000}), 400),
        "400 long cookie": (request_bytes("GET", "/", None, {"Cookie": "s=" + "c" * 5000}), 400),
    }
    for label, (data, status) in cases.items():
        reply = raw(port, data, path=label)
        assert reply.status == status, (label, reply.status, reply.body[:200])
        assert header_problems(reply) == [], label
    too_large = raw(port, cases["413 body over 1 MB"][0])
    assert b"Too large" in too_large.body and "没有保存任何内容".encode() in too_large.body
    # Near gunicorn's limits (request line 4094, header 8190): whoever answers, the headers are there,
    # and nothing of the request is echoed back.
    for length in range(3980, 4110, 9):
        for data in (
            request_bytes("GET", "/?" + "a" * (length - 16)),
            request_bytes("GET", "/", None, {"X-Long": "b" * (length - 8)}),
        ):
            reply = raw(port, data, path=f"near limit {length}")
            assert reply.status in (200, 400, 414), reply.status
            assert header_problems(reply) == [], (length, reply.status)
            assert b"aaaa" not in reply.body and b"bbbb" not in reply.body
    # gunicorn's own bare pages (too many headers: nginx passes them on) get the headers from nginx.
    many = request_bytes("GET", "/", None, {f"X-H{i}": "v" for i in range(70)})
    reply = raw(port, many, path="70 headers")
    assert reply.status in (400, 431), reply.status
    assert header_problems(reply) == []
    odd = raw(port, b"GET /?n=\xe9\x87\x91 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", path="non-ASCII")
    assert header_problems(odd) == [], odd.status


def test_busy_page_when_no_instance_answers():
    dead = [servers.free_port(), servers.free_port()]
    with servers.nginx(dead) as proxy:
        for path in ("/", f"{LETTER}/pdf"):
            method = "GET" if path == "/" else "POST"
            reply = raw(proxy.port, request_bytes(method, path, b"" if method == "POST" else None), path=path)
            assert reply.status == 503, reply.status
            assert header_problems(reply) == []
            assert reply.header("Retry-After") == "10"
            assert b"The service is busy" in reply.body and "服務目前忙碌中".encode() in reply.body
            assert "ساقلانمىدى".encode() in reply.body


def letter_browser(port: int, source: str, proxy_line: bytes = b"") -> tuple[Browser, dict]:
    """A browser at one client address with a letter form ready to post."""
    browser = Browser(send=raw_sender(port, source, proxy_line))
    token = browser.csrf(LETTER)
    return browser, {**sample_letter_form(), "csrf_token": token}


def post_at_once(browser: Browser, path: str, form: dict, count: int) -> list[Reply]:
    """``count`` posts of the same form from one client, all at once."""
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(lambda _: browser.request("POST", path, dict(form)), range(count)))


def test_letters_and_case_files_are_limited_per_client(stack):
    flooder, form = letter_browser(stack.port, "127.0.0.21")
    replies = post_at_once(flooder, f"{LETTER}/preview", form, 20)
    statuses = sorted(r.status for r in replies)
    # 1 + 8 at once, 4 more held back to the rate (30 a minute), the rest refused; all letters at
    # once beyond 4 get the busy page from nginx.
    assert statuses.count(429) >= 6 and statuses.count(200) >= 5 and set(statuses) <= {200, 429, 503}, statuses
    for refused in (r for r in replies if r.status != 200):
        assert header_problems(refused) == [] and refused.header("Retry-After") == "10"
    refused = next(r for r in replies if r.status == 429)
    for text in ("Too many requests", "请求过于频繁", "請求過於頻繁", "تەلەپ بەك كۆپ"):
        assert text.encode() in refused.body
    # Pages are never limited, and another client is served at once.
    assert {flooder.get(LETTER).status for _ in range(20)} == {200}
    other, other_form = letter_browser(stack.port, "127.0.0.22")
    assert other.request("POST", f"{LETTER}/preview", other_form).status == 200
    # Case files: opening one costs a key derivation.
    token = flooder.csrf("/resume")
    upload = {"casefile": FileStorage(io.BytesIO(b"{}"), "notes.json"), "passphrase": "", "csrf_token": token}
    statuses = [flooder.request("POST", "/resume", dict(upload), multipart=True).status for _ in range(24)]
    assert statuses[:20] == [400] * 20 and statuses[-1] == 429, statuses


def test_onion_visitors_are_limited_per_tor_circuit(stack):
    # Every onion visitor comes from 127.0.0.1; Tor's PROXY line names the circuit instead.
    def circuit(number: int) -> bytes:
        return f"PROXY TCP6 fc00:dead:beef:4dad::0:{number:x} ::1 {number} 80\r\n".encode()

    first, form = letter_browser(stack.onion_port, "127.0.0.1", circuit(7))
    statuses = [r.status for r in post_at_once(first, f"{LETTER}/preview", form, 20)]
    assert 429 in statuses and 200 in statuses, statuses
    second, second_form = letter_browser(stack.onion_port, "127.0.0.1", circuit(8))
    assert second.request("POST", f"{LETTER}/preview", second_form).status == 200


def dribble(headers: list[socket.socket], bodies: list[socket.socket], stop: threading.Event) -> None:
    """Every 0.5 s, one more header line or one more body byte on each slow connection."""
    while not stop.wait(0.5):
        for sock, data in [(s, b"X-More: 1\r\n") for s in headers] + [(s, b"a") for s in bodies]:
            try:
                sock.sendall(data)
            except OSError:
                pass


def test_slow_clients_are_held_by_nginx_not_by_the_app(stack):
    # 50 connections dribbling headers and 20 dribbling a body: far more than the 8 request threads
    # of the two instances behind nginx. The app sees none of them, so /healthz stays fast.
    slow: list[socket.socket] = []
    for i in range(50):
        sock = socket.create_connection(("127.0.0.1", stack.port), timeout=5)
        sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow-{i}: 1\r\n".encode())
        slow.append(sock)
    for _ in range(20):
        sock = socket.create_connection(("127.0.0.1", stack.port), timeout=5)
        sock.sendall(request_bytes("POST", "/q/what-happened", None, {"Content-Length": "100000"}) + b"answer=")
        slow.append(sock)
    timings: list[float] = []
    stop = threading.Event()
    dribbler = threading.Thread(target=dribble, args=(slow[:50], slow[50:], stop))
    dribbler.start()
    try:
        for _ in range(25):
            started = time.perf_counter()
            reply = raw(stack.port, request_bytes("GET", "/healthz"), path="/healthz")
            assert reply.status == 200
            timings.append(time.perf_counter() - started)
            time.sleep(0.2)
    finally:
        stop.set()
        dribbler.join()
        for sock in slow:
            sock.close()
    print(f"/healthz through nginx beside 70 slow clients: slowest {max(timings) * 1000:.0f} ms")
    assert max(timings) < 1.0, timings
