"""No personal data at rest: a full journey with canaries, then a search of every file written,
every log line, every cookie and header (docs/architecture.md, "What the server keeps")."""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from clinic.app import create_app
from clinic.state import _derive_key, unseal
from clinic.web.draft import draft_key, unseal_draft
from tests import servers
from tests.conftest import SECRET
from tests.privacy.harness import (
    Browser,
    changed_files,
    check_pdf_metadata,
    check_replies,
    client_sender,
    find_canaries,
    http_sender,
    make_canaries,
    run_journey,
    snapshot,
)

ROOT = Path(__file__).resolve().parents[2]
SHM = Path("/dev/shm")


def search_files(paths, canaries) -> list[str]:
    hits = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if find_canaries(data, canaries):
            hits.append(str(path))
    return hits


def decrypted_cookies(replies) -> list[bytes]:
    key = _derive_key(SECRET)
    values = []
    for reply in replies:
        for name, value in reply.headers:
            if name.lower() == "set-cookie" and value.startswith("s="):
                token = value[2:].split(";", 1)[0]
                if token:
                    payload, _problem = unseal(key, token, 10**9, int(time.time()))
                    values.append(repr(payload).encode())
    return values


def draft_tokens(replies) -> list[str]:
    """Every letter draft cookie the server set (not the deletions)."""
    tokens = []
    for reply in replies:
        for name, value in reply.headers:
            if name.lower() == "set-cookie" and value.startswith("d="):
                token = value[2:].split(";", 1)[0]
                if token:
                    tokens.append(token)
    return tokens


def check_drafts(replies, canaries) -> None:
    """The letter drafts hold what was typed, but only sealed: readable with the draft key alone
    (not with the state cookie's key, not with another secret), scoped and never persistent."""
    tokens = draft_tokens(replies)
    assert tokens, "the journey wrote letter drafts"
    now = int(time.time())
    letter = "correction-of-dishonest-entry"
    opened = [unseal_draft(draft_key(SECRET), letter, t, now) for t in tokens]
    assert all(o is not None for o in opened)
    assert any(find_canaries(repr(o).encode(), canaries) for o in opened), "the drafts carry the typed canaries"
    other = draft_key("another-secret-key-of-enough-length-0000")
    for token in tokens:
        assert unseal_draft(other, letter, token, now) is None
        assert unseal(_derive_key(SECRET), token, 10**9, now)[0] is None
    for reply in replies:
        for name, value in reply.headers:
            if name.lower() == "set-cookie" and value.startswith("d=") and not value.startswith("d=;"):
                assert "HttpOnly" in value and "SameSite=Strict" in value and "Path=/letter/" in value
                assert "Expires" not in value and "Max-Age" not in value


def test_journey_through_the_test_client_leaves_no_canary(caplog, capfd, tmp_path, monkeypatch):
    canaries = make_canaries()
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    tempfile.tempdir = None
    roots = [ROOT, Path(tempfile.gettempdir()), SHM]
    before = snapshot(roots)
    caplog.set_level(logging.DEBUG)
    logging.getLogger().setLevel(logging.DEBUG)
    app = create_app(environ={"CLINIC_ENV": "testing", "CLINIC_SECRET_KEY": SECRET, "CLINIC_LOG_LEVEL": "DEBUG"})
    with app.test_client(use_cookies=False) as client:
        browser = Browser(send=client_sender(client))
        run_journey(browser, canaries)
    out, err = capfd.readouterr()
    assert not find_canaries((out + err).encode(), canaries), "canary on stdout/stderr"
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert not find_canaries(logged.encode(), canaries), "canary in a log record"
    assert check_replies(browser.replies, canaries) == []
    assert browser.pdfs and check_pdf_metadata(browser.pdfs, canaries) == []
    assert not [c for c in decrypted_cookies(browser.replies) if find_canaries(c, canaries)], "canary in the state"
    check_drafts(browser.replies, canaries)
    assert search_files(changed_files(before, roots), canaries) == []
    tempfile.tempdir = None


WRITE_CALLS = re.compile(r"\b(creat|rename|renameat2?|link|linkat|mkdir|mkdirat|truncate)\(")
WRITE_OPEN = re.compile(r"open(at)?\(.*\"(?P<path>[^\"]+)\".*(O_WRONLY|O_RDWR|O_CREAT)")
ALLOWED_WRITES = re.compile(r"^(/dev/null|/dev/shm/wgunicorn-|/dev/tty|/proc/self/)")


@pytest.fixture()
def gunicorn_server(tmp_path):
    """A real gunicorn with the repository's config, all loggers at DEBUG, private TMPDIR and HOME,
    traced with strace when it is installed."""
    private_tmp, home = tmp_path / "tmp", tmp_path / "home"
    private_tmp.mkdir()
    home.mkdir()
    env = {
        "CLINIC_ENV": "production",
        "CLINIC_SECRET_KEY": SECRET,
        "CLINIC_LOG_LEVEL": "DEBUG",
        "TMPDIR": str(private_tmp),
        "HOME": str(home),
        "PYTHONDONTWRITEBYTECODE": "1",
        "CLINIC_SECURE_COOKIES": "false",
    }
    trace = tmp_path / "trace.log"
    strace = shutil.which("strace")
    prefix = (
        [
            strace,
            "-f",
            "-qq",
            "-o",
            str(trace),
            "-e",
            "trace=open,openat,creat,rename,renameat,renameat2,link,linkat,mkdir,mkdirat,truncate",
        ]
        if strace
        else []
    )
    with servers.gunicorn(env, prefix=prefix, extra_args=["--log-level", "debug"]) as (port, process):
        yield {"port": port, "process": process, "tmp": private_tmp, "home": home, "trace": trace if strace else None}


def test_journey_against_gunicorn_leaves_no_canary(gunicorn_server):
    canaries = make_canaries()
    port = gunicorn_server["port"]
    browser = Browser(send=http_sender(port))
    # Warm up (both workers), then mark the trace with a first read of the stylesheet.
    for _ in range(4):
        assert browser.get("/").status == 200
    roots = [ROOT, gunicorn_server["tmp"], gunicorn_server["home"], SHM]
    before = snapshot(roots)
    marker = browser.get("/static/clinic.css")
    assert marker.status == 200
    run_journey(browser, canaries)
    check_drafts(browser.replies, canaries)
    out, err = servers.stop(gunicorn_server["process"])
    assert b"Booting worker" in err, "gunicorn's log was captured at DEBUG"
    assert not find_canaries(out + err, canaries), "canary in gunicorn's output"
    assert check_replies(browser.replies, canaries) == []
    assert browser.pdfs and check_pdf_metadata(browser.pdfs, canaries) == []
    assert search_files(changed_files(before, roots), canaries) == []
    assert list(gunicorn_server["tmp"].iterdir()) == [], "something was written to TMPDIR"
    trace = gunicorn_server["trace"]
    if trace is not None:
        lines = trace.read_text(errors="replace").splitlines()
        start = next(i for i, line in enumerate(lines) if "clinic.css" in line)
        writes = []
        for line in lines[start:]:
            match = WRITE_OPEN.search(line)
            if match and not ALLOWED_WRITES.match(match.group("path")):
                writes.append(line)
            elif WRITE_CALLS.search(line) and "/dev/shm/wgunicorn-" not in line and "= -1" not in line:
                writes.append(line)
        assert writes == [], "request-time writes:\n" + "\n".join(writes[:20])
        assert not find_canaries(trace.read_bytes(), canaries), "a canary reached a file name"


NGINX_TRACE = "trace=open,openat,creat,rename,renameat,renameat2,link,linkat,mkdir,mkdirat,unlink,unlinkat,truncate"


def test_journey_through_nginx_leaves_no_canary_and_nginx_writes_nothing(tmp_path):
    # The shipped nginx example in front of two instances: the whole journey with canaries, nginx
    # traced with strace. nginx opens its files at start-up only; during requests it must create,
    # open or rename nothing (no client_body_temp, no proxy_temp, no log line).
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    env = {
        "CLINIC_ENV": "production",
        "CLINIC_SECRET_KEY": SECRET,
        "TMPDIR": str(private_tmp),
        "PYTHONDONTWRITEBYTECODE": "1",
        "CLINIC_SECURE_COOKIES": "false",
    }
    strace = shutil.which("strace")
    trace = tmp_path / "nginx-trace.log"
    prefix = [strace, "-f", "-qq", "-ttt", "-o", str(trace), "-e", NGINX_TRACE] if strace else []
    canaries = make_canaries()
    with (
        servers.gunicorn(env) as (port_a, _a),
        servers.gunicorn(env) as (port_b, _b),
        servers.nginx([port_a, port_b], prefix=prefix) as proxy,
    ):
        browser = Browser(send=http_sender(proxy.port))
        for _ in range(4):
            assert browser.get("/").status == 200
        started = time.time()
        run_journey(browser, canaries)
        finished = time.time()
        nginx_files = [p for p in proxy.root.rglob("*") if p.is_file()]
        written = {p.name: p.read_bytes() for p in nginx_files if p.suffix != ".conf"}
        temp_files = [p for d in proxy.temp_dirs if d.exists() for p in d.rglob("*")]
        out, err = servers.stop(proxy.process)
    assert check_replies(browser.replies, canaries) == []
    assert browser.pdfs and check_pdf_metadata(browser.pdfs, canaries) == []
    assert not find_canaries(out + err, canaries), "canary in nginx's output"
    assert temp_files == [], "nginx spooled a body or a response to disk"
    assert {name: data for name, data in written.items() if data and name != "nginx.pid"} == {}, "nginx logged"
    assert list(private_tmp.iterdir()) == [], "something was written to TMPDIR"
    if strace:
        lines = trace.read_text(errors="replace").splitlines()
        assert any("nginx.conf" in line for line in lines), "strace saw nginx start"
        during = [line for line in lines if started <= float(line.split()[1]) <= finished]
        writes = [line for line in during if "= -1" not in line and "---" not in line]
        assert writes == [], "nginx touched files during requests:\n" + "\n".join(writes[:20])
        assert not find_canaries(trace.read_bytes(), canaries), "a canary reached a file name"
