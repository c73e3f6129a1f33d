"""Starting the real servers for tests: gunicorn with the repository's config on a free loopback port,
and nginx with the shipped example configuration in front of it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop(process: subprocess.Popen) -> tuple[bytes, bytes]:  # type: ignore[type-arg]
    """Stop gunicorn (and strace around it) and collect what it printed (again: nothing)."""
    if process.stdout is not None and process.stdout.closed:
        return b"", b""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
    return out or b"", err or b""


def wait_for_port(process: subprocess.Popen, port: int, name: str, seconds: float) -> None:  # type: ignore[type-arg]
    """Return once ``port`` accepts connections; if ``process`` ends or the time runs out, stop it
    and fail with the end of what it wrote."""
    deadline = time.time() + seconds
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.time() > deadline or process.poll() is not None:
                _out, err = stop(process)
                raise AssertionError(f"{name} did not start: " + err.decode(errors="replace")[-2000:]) from None
            time.sleep(0.1)


@contextmanager
def gunicorn(
    env: Mapping[str, str], *, prefix: Sequence[str] = (), extra_args: Sequence[str] = (), port: int | None = None
) -> Iterator[tuple[int, subprocess.Popen]]:  # type: ignore[type-arg]
    """Run gunicorn with ``env`` added to the environment; yield (port, process); stop it after."""
    port = port or free_port()
    command = [
        *prefix,
        str(Path(sys.executable).parent / "gunicorn"),
        "--config",
        "gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
        *extra_args,
        "app:app",
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        wait_for_port(process, port, "gunicorn", seconds=90)
        yield port, process
    finally:
        stop(process)


NGINX_EXAMPLE = ROOT / "docs" / "deploy" / "nginx.conf"


@dataclass
class Nginx:
    """A running nginx made from the shipped example: its ports, its private prefix and process."""

    port: int  # plain HTTP, in place of the example's HTTPS listener
    onion_port: int  # the example's onion listener (expects a PROXY protocol line, as Tor sends)
    root: Path  # prefix: conf, temp directories, logs, pid file
    process: subprocess.Popen  # type: ignore[type-arg]

    @property
    def temp_dirs(self) -> list[Path]:
        """Where nginx would spool request bodies and responses if it ever did."""
        return [self.root / "temp" / name for name in TEMP_DIRS]

    @property
    def logs(self) -> list[Path]:
        """The access log an http-level default would write, and the example's error log."""
        return sorted((self.root / "logs").iterdir())


TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def nginx_config(example: str, upstreams: Sequence[int], port: int, onion_port: int, root: Path) -> tuple[str, str]:
    """(main configuration, server file): the shipped example with only loopback ports and file paths
    replaced, wrapped in the main and
    http blocks a Debian nginx.conf provides (including its http-level access log, which the example
    must switch off). Each replacement must match exactly once, so the example cannot drift away
    from what is tested."""
    replacements = [
        ("server 127.0.0.1:8000 ", f"server 127.0.0.1:{upstreams[0]} "),
        ("server 127.0.0.1:8001 ", f"server 127.0.0.1:{upstreams[-1]} "),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{port};"),
        ("listen 127.0.0.1:8080 proxy_protocol;", f"listen 127.0.0.1:{onion_port} proxy_protocol;"),
        ("error_log /var/log/nginx/clinic-error.log crit;", f"error_log {root}/logs/clinic-error.log crit;"),
    ]
    for old, new in replacements:
        assert example.count(old) == 1, f"docs/deploy/nginx.conf no longer has {old!r}"
        example = example.replace(old, new)
    temp = "\n".join(f"    {name}_temp_path {root}/temp/{name};" for name in TEMP_DIRS)
    return (
        "worker_processes 1;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        f"    access_log {root}/logs/access.log;\n"
        f"{temp}\n"
        f"    include {root}/clinic.conf;\n"
        "}\n"
    ), example


@contextmanager
def nginx(upstreams: Sequence[int], *, prefix: Sequence[str] = ()) -> Iterator[Nginx]:
    """Run Debian's nginx as a foreground test process in front of ``upstreams`` (one or two
    gunicorn ports), with docs/deploy/nginx.conf as its configuration; yield it; stop it after.

    Its prefix is a fresh directory readable by nginx's workers (they drop to an unprivileged user
    when the tests run as root), removed afterwards."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    root = Path(tempfile.mkdtemp(prefix="clinic-nginx-"))
    root.chmod(0o755)
    (root / "logs").mkdir()
    (root / "temp").mkdir()
    port, onion_port = free_port(), free_port()
    main, server = nginx_config(NGINX_EXAMPLE.read_text(encoding="utf-8"), upstreams, port, onion_port, root)
    (root / "nginx.conf").write_text(main, encoding="utf-8")
    (root / "clinic.conf").write_text(server, encoding="utf-8")
    command = [
        *prefix,
        binary,
        "-p",
        str(root),
        "-e",
        "stderr",
        "-c",
        str(root / "nginx.conf"),
        "-g",
        f"daemon off; pid {root}/nginx.pid; error_log stderr;",
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, cwd=root
    )
    try:
        wait_for_port(process, port, "nginx", seconds=30)
        yield Nginx(port, onion_port, root, process)
    finally:
        stop(process)
        shutil.rmtree(root, ignore_errors=True)
