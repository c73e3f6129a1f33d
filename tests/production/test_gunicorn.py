"""Scale-out (two instances sharing only the key), overload (fast 503s, never 500s) and a dying worker."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import cycle
from pathlib import Path

from clinic import services
from clinic.app import create_app
from clinic.letters.samples import sample_form
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
        answers = [
            ("what-happened", {"answer": "ticket-refused"}),
            ("who", {"answer": "myself"}),
            ("ticket-context", {"answer": ["court-debt"]}),
            ("papers-received", {"answer": ["spending-limit"]}),
            ("court-statements", {"answer": ["none-said"]}),
        ]
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


def worker_pids(master: int) -> list[str]:
    return subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True, check=False).stdout.split()


def test_a_killed_worker_is_replaced():
    with gunicorn(workers=2) as (port, process):
        browser = Browser(send=http_sender(port))
        assert browser.get("/").status == 200
        children = worker_pids(process.pid)
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
        for pid in [str(process.pid), *worker_pids(process.pid)]:
            limits = Path(f"/proc/{pid}/limits").read_text(encoding="ascii")
            line = next(line for line in limits.splitlines() if line.startswith("Max core file size"))
            assert line.split()[4:6] == ["0", "0"], line
