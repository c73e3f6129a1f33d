"""Real gunicorn processes with the repository's config, for scale-out, overload and fault tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET = "shared-secret-for-two-instances-0123456789ab"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(workers: int = 1, threads: int = 4, extra_env: dict[str, str] | None = None):
    """Start gunicorn on a free port; yield (port, process); stop it."""
    port = free_port()
    env = {**os.environ, "CLINIC_ENV": "production", "CLINIC_SECRET_KEY": SECRET, "CLINIC_SECURE_COOKIES": "false",
           "CLINIC_WORKERS": str(workers), "CLINIC_THREADS": str(threads), **(extra_env or {})}
    process = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py",
                                "--bind", f"127.0.0.1:{port}", "app:app"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("gunicorn did not start")
        yield port, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
