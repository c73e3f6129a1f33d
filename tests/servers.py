"""Starting the real server for tests: gunicorn with the repository's config on a free loopback port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
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
        deadline = time.time() + 90
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.time() > deadline or process.poll() is not None:
                    _out, err = stop(process)
                    raise AssertionError("gunicorn did not start: " + err.decode(errors="replace")[-2000:]) from None
                time.sleep(0.2)
        yield port, process
    finally:
        stop(process)
