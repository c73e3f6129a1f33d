"""Checks of what the machine must provide: libharfbuzz-subset (without it a Chinese letter takes
20 s instead of 0.3 s, because WeasyPrint then embeds whole CJK fonts) and the installed fonts the letters use."""

from __future__ import annotations

import ctypes
import functools
import shutil
import subprocess

from clinic.i18n import required_fonts

# Every font a supported language needs (the locale registry names them).
REQUIRED_FONTS = required_fonts()
FIX = (
    "Install them with: sudo apt-get install -y --no-install-recommends libharfbuzz-subset0 "
    "fonts-noto-cjk fonts-noto-core fontconfig && sudo fc-cache -f   (or run ./dev.sh serve, which does it)"
)


@functools.cache
def find_system_problems() -> tuple[str, ...]:
    """Every missing system library or font, as sentences; empty when all is there."""
    problems = []
    try:
        ctypes.CDLL("libharfbuzz-subset.so.0")
    except OSError:
        problems.append("The library libharfbuzz-subset (Debian package libharfbuzz-subset0) is missing.")
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        problems.append("fontconfig (fc-list) is missing.")
    else:
        for family in REQUIRED_FONTS:
            found = subprocess.run([fc_list, "-q", family], check=False, timeout=20).returncode == 0  # noqa: S603
            if not found:
                problems.append(f"The font '{family}' is not installed.")
    return tuple(problems)
