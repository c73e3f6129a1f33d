"""Scale-out (two instances sharing only the key), overload (fast 503s, never 500s) and a dying worker."""

from __future__ import annotations

import base64
import http.client
import io
import json
import os
import signal
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import cycle
from pathlib import Path

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from clinic import services
from clinic.app import create_app
from clinic.casefile import FORMAT
from clinic.letters.samples import sample_form
from tests.posting import FULL_ANSWERS
from tests.privacy.harness import Browser, http_sender
from tests.production.conftest import SECRET, gunicorn


def sample_letter_form(number: int = 1) -> dict[str, list[str]]:
    app = create_app(environ={"CLINIC_ENV": "testing", "CLINIC_SECRET_KEY": SECRET})
    bundle = services.of(app).content
    return sample_form(bundle.letters.by_number(number), bundle.letters.fields)


def alternating_sender(ports):
    senders = cycle([http_sender(port) for port in ports])

    def send(method, path, body, headers):
        return next(senders)(method, path, body, headers)

    return send


def test_two_instances_share_nothing_but_the_key():
    with gunicorn() as (port_a, _a), gunicorn() as (port_b, _b):
        browser = Browser(send=alternating_sender([port_a, port_b]))
        answers = FULL_ANSWERS
        for question_id, data in answers:
            token = browser.csrf(f"/q/{question_id}")  # GET on one instance
            reply = browser.request("POST", f"/q/{question_id}", {**data, "csrf_token": token})  # POST on the other
            assert reply.status == 303, (question_id, reply.status)
        assert browser.get("/check").status == 200
        assert browser.get("/result").status == 200
        token = browser.csrf("/letter/correction-of-dishonest-entry")
        form = {**sample_letter_form(), "csrf_token": token}
        assert browser.request("POST", "/letter/correction-of-dishonest-entry/preview", form).status == 200
        pdf = browser.request("POST", "/letter/correction-of-dishonest-entry/pdf", form)
        assert pdf.status == 200 and pdf.body.startswith(b"%PDF")
        assert {r.status for r in browser.replies} <= {200, 303}


def test_overload_gets_fast_503s_never_500s_or_hangs():
    with gunicorn(workers=1, threads=6) as (port, _process):
        browser = Browser(send=http_sender(port))
        token = browser.csrf("/letter/correction-of-dishonest-entry")
        form = {**sample_letter_form(), "csrf_token": token}
        browser.request("POST", "/letter/correction-of-dishonest-entry/pdf", form)  # warm
        cookies = dict(browser.cookies)

        def one(_):
            worker = Browser(send=http_sender(port), cookies=dict(cookies))
            started = time.perf_counter()
            reply = worker.request("POST", "/letter/correction-of-dishonest-entry/pdf", form)
            return reply.status, reply.header("Retry-After"), time.perf_counter() - started, reply.body[:200]

        with ThreadPoolExecutor(max_workers=6) as pool:
            results = list(pool.map(one, range(12)))
        statuses = [status for status, *_ in results]
        assert set(statuses) <= {200, 503}, statuses
        assert 200 in statuses and 503 in statuses, statuses
        for status, retry_after, seconds, body in results:
            if status == 503:
                assert retry_after == "10"
                assert b"busy" in body.lower() or b"<!doctype html>" in body.lower()
                assert seconds < 2.0, seconds
            assert seconds < 20


def worker_pids(master: int, count: int = 0) -> list[str]:
    """The master's workers, once there are at least ``count`` of them: the master listens before it
    forks them (it first loads WeasyPrint for them to share), so a test can arrive early."""
    deadline = time.monotonic() + 60
    while True:
        found = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True, check=False).stdout.split()
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_a_killed_worker_is_replaced():
    with gunicorn(workers=2) as (port, process):
        browser = Browser(send=http_sender(port))
        assert browser.get("/").status == 200
        children = worker_pids(process.pid, count=2)
        assert len(children) == 2
        os.kill(int(children[0]), signal.SIGKILL)
        deadline = time.time() + 30
        while time.time() < deadline:
            now = worker_pids(process.pid)
            if len(now) == 2 and children[0] not in now:
                break
            time.sleep(0.3)
        else:
            raise AssertionError("the worker was not replaced")
        for _ in range(6):
            assert browser.get("/").status == 200


def test_workers_cannot_dump_core():
    with gunicorn(workers=1) as (_port, process):
        checked = 0
        deadline = time.monotonic() + 60
        while checked < 2 and time.monotonic() < deadline:
            checked = 0
            for pid in [str(process.pid), *worker_pids(process.pid, count=1)]:
                # A short-lived helper the master runs while loading (a library lookup) may be
                # listed and gone a moment later: only live processes are read.
                try:
                    limits = Path(f"/proc/{pid}/limits").read_text(encoding="ascii")
                except FileNotFoundError:
                    continue
                line = next(line for line in limits.splitlines() if line.startswith("Max core file size"))
                assert line.split()[4:6] == ["0", "0"], line
                checked += 1
        assert checked >= 2  # the master and its worker


# --- Resume under attack: the server, not the uploaded file, chooses the key-derivation cost. ---


def sealed_file(memory_kib: int = 65536, iterations: int = 3, lanes: int = 1) -> bytes:
    """A sealed case file asking for these Argon2id parameters (any passphrase fails to open it)."""
    return json.dumps(
        {
            "format": FORMAT,
            "version": 1,
            "encrypted": {
                "kdf": "argon2id",
                "memory_kib": memory_kib,
                "iterations": iterations,
                "lanes": lanes,
                "salt": base64.b64encode(os.urandom(16)).decode(),
                "nonce": base64.b64encode(os.urandom(12)).decode(),
                "ciphertext": base64.b64encode(os.urandom(32)).decode(),
            },
        }
    ).encode()


def resume_sender(port: int, timeout: float = 60):
    """A browser with a fresh session and token, ready to upload one case file (timeout: seconds)."""
    browser = Browser(send=http_sender(port))
    token = browser.csrf("/resume")

    def upload(data: bytes) -> tuple[int | str, str | None, float]:
        form = {
            "casefile": FileStorage(io.BytesIO(data), "notes.json", content_type="application/json"),
            "passphrase": "any passphrase at all",
            "csrf_token": token,
        }
        boundary, body = encode_multipart(form)
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Accept-Language": "en"}
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            connection.request("POST", "/resume", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status, response.getheader("Retry-After"), time.perf_counter() - started
        except OSError as problem:  # a hung request ends in a client-side timeout
            return type(problem).__name__, None, time.perf_counter() - started
        finally:
            connection.close()

    return upload


def probe_health(port: int, stop: threading.Event, seconds: list[float]) -> None:
    """GET /healthz every 0.2 s until stopped; record how long each took (inf when it failed)."""
    while not stop.is_set():
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        try:
            connection.request("GET", "/healthz")
            ok = connection.getresponse().status == 200
        except OSError:
            ok = False
        finally:
            connection.close()
        seconds.append(time.perf_counter() - started if ok else float("inf"))
        stop.wait(0.2)


def test_sixteen_hostile_resumes_do_not_freeze_the_site():
    # Lanes 2-4 made concurrent Argon2id derivations wait on each other forever (every worker
    # thread hung, /healthz silent); files with the app's own parameters still cost a derivation each.
    hostile = [sealed_file(65536, 3, 4)] * 12 + [sealed_file()] * 4
    with gunicorn(workers=2, threads=8) as (port, _process):
        uploads = [resume_sender(port, timeout=40) for _ in hostile]
        health: list[float] = []
        stop = threading.Event()
        prober = threading.Thread(target=probe_health, args=(port, stop, health))
        prober.start()
        try:
            with ThreadPoolExecutor(max_workers=len(hostile)) as pool:
                results = list(pool.map(lambda pair: pair[0](pair[1]), zip(uploads, hostile, strict=True)))
            stop.wait(1.0)  # and the site still answers afterwards
        finally:
            stop.set()
            prober.join()
    print("resume statuses:", sorted(str(status) for status, _, _ in results))
    print(f"slowest resume {max(s for _, _, s in results):.2f} s; slowest /healthz {max(health):.3f} s")
    for status, retry_after, seconds in results:
        assert status in (400, 503), status
        assert status != 503 or retry_after == "10"
        assert seconds < 20, seconds
    assert health and max(health) < 1.0, health


def rss_kib(pid: str) -> int:
    """A process's resident memory, from /proc (0 once it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))


def peak_growth_during(pids: list[str], work) -> dict[str, int]:
    """Run ``work`` while sampling each worker's RSS; return each worker's peak growth in KiB."""
    before = {pid: rss_kib(pid) for pid in pids}
    peak = dict(before)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in pids:
                peak[pid] = max(peak[pid], rss_kib(pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        work()
    finally:
        done.set()
        sampler.join()
    return {pid: peak[pid] - before[pid] for pid in pids}


def test_memory_stays_bounded_during_eight_concurrent_resumes():
    # The file used to choose the cost: 256 MiB per derivation, as many at once as there were threads.
    costly = sealed_file(262144, 1, 1)
    with gunicorn(workers=2, threads=8) as (port, process):
        pids = worker_pids(process.pid, count=2)
        resume_sender(port)(sealed_file())  # warm: one derivation with the app's own parameters
        measured = []
        for label, data in (("costly parameters", costly), ("the app's parameters", sealed_file())):
            uploads = [resume_sender(port) for _ in range(8)]
            results: list = []

            def send_all(uploads=uploads, data=data, results=results) -> None:
                with ThreadPoolExecutor(max_workers=8) as pool:
                    results.extend(pool.map(lambda upload: upload(data), uploads))

            growth = peak_growth_during(pids, send_all)
            statuses = sorted(str(status) for status, _, _ in results)
            print(f"8 concurrent resumes, {label}: worker RSS growth MiB", {p: g // 1024 for p, g in growth.items()})
            print("  statuses:", statuses)
            measured.append((statuses, growth))
    for statuses, growth in measured:
        assert set(statuses) <= {"400", "503"}, statuses
        assert max(growth.values()) < 256 * 1024, growth


# --- What gunicorn itself says: no software name, and a 413 the client can read. ---


def test_responses_do_not_name_the_server_software():
    with gunicorn(workers=1) as (port, _process):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        assert "gunicorn" not in (response.getheader("Server") or "").lower()


def test_an_oversized_body_gets_the_413_page_not_a_reset_connection():
    """A client that sends its whole (too large) body must read the friendly 413 page, and the
    connection stays usable (the rest of the body was read and dropped, in memory)."""
    body = b"answer=" + b"x" * (1024 * 1024 + 100_000)
    with gunicorn(workers=1) as (port, _process):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        try:
            connection.request(
                "POST", "/q/what-happened", body=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
            )
            refused = connection.getresponse()
            page = refused.read()
            connection.request("GET", "/healthz")
            after = connection.getresponse()
            after.read()
        finally:
            connection.close()
    assert refused.status == 413 and b"<html" in page
    assert after.status == 200
