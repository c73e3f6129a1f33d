"""Real gunicorn processes with the repository's config, for scale-out, overload and fault tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tests import servers

SECRET = "shared-secret-for-two-instances-0123456789ab"


@contextmanager
def gunicorn(workers: int = 1, threads: int = 4, extra_env: dict[str, str] | None = None) -> Iterator[tuple]:
    """Start gunicorn in production mode on a free port; yield (port, process); stop it."""
    env = {
        "CLINIC_ENV": "production",
        "CLINIC_SECRET_KEY": SECRET,
        "CLINIC_SECURE_COOKIES": "false",
        "CLINIC_WORKERS": str(workers),
        "CLINIC_THREADS": str(threads),
        **(extra_env or {}),
    }
    with servers.gunicorn(env) as running:
        yield running
