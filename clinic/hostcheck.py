"""Checks of the host for places where memory can reach the disk: swap, core dumps and a journal
that persists. The app keeps what people type only in memory; each of these can copy that memory to
disk behind its back. The checks are pure functions of the files' contents, so they can be tested
with any contents; ``read_host_facts`` is the one place that reads the real machine.
"""

from __future__ import annotations

import resource
from dataclasses import dataclass
from pathlib import Path

PROC_SWAPS = Path("/proc/swaps")
CORE_PATTERN = Path("/proc/sys/kernel/core_pattern")
JOURNAL_DIR = Path("/var/log/journal")
JOURNALD_CONF = Path("/etc/systemd/journald.conf")
JOURNALD_DROP_INS = Path("/etc/systemd/journald.conf.d")


@dataclass(frozen=True)
class HostFacts:
    """What the checks need from the machine; ``None`` where a file could not be read."""

    proc_swaps: str | None
    core_pattern: str | None
    # (soft, hard) RLIMIT_CORE of this process; resource.RLIM_INFINITY is -1.
    rlimit_core: tuple[int, int]
    journal_dir_exists: bool
    # journald.conf followed by its drop-ins in the order journald reads them (later ones win).
    journald_conf: str


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def read_host_facts() -> HostFacts:
    """Read the files the checks look at on this machine."""
    drop_ins = sorted(JOURNALD_DROP_INS.glob("*.conf")) if JOURNALD_DROP_INS.is_dir() else []
    conf = "\n".join(text for text in (_read(p) for p in [JOURNALD_CONF, *drop_ins]) if text)
    return HostFacts(
        proc_swaps=_read(PROC_SWAPS),
        core_pattern=_read(CORE_PATTERN),
        rlimit_core=resource.getrlimit(resource.RLIMIT_CORE),
        journal_dir_exists=JOURNAL_DIR.is_dir(),
        journald_conf=conf,
    )


def swap_warnings(proc_swaps: str | None) -> list[str]:
    """A warning when swap is on: the kernel may write worker memory, typed text included, to disk.

    ``proc_swaps`` is /proc/swaps: a header line, then one line per active swap area."""
    if proc_swaps is None:
        return ["cannot read /proc/swaps: check by hand that swap is off or encrypted (swapon --show)"]
    areas = [line.split()[0] for line in proc_swaps.splitlines()[1:] if line.strip()]
    if not areas:
        return []
    return [
        f"swap is on ({', '.join(areas)}): memory holding what people type may be written to disk. "
        "Fix: sudo swapoff -a and remove the swap lines from /etc/fstab, or use encrypted swap "
        "(a dm-crypt swap with a random key in /etc/crypttab)"
    ]


def _limit_text(value: int) -> str:
    return "unlimited" if value == resource.RLIM_INFINITY else str(value)


def core_dump_warnings(core_pattern: str | None, rlimit_core: tuple[int, int]) -> list[str]:
    """Warnings when a crashing worker could leave its memory on disk as a core dump.

    ``core_pattern`` is /proc/sys/kernel/core_pattern: "|program ..." hands dumps to a program
    (systemd-coredump and apport store them under /var), anything else is a file name the kernel
    writes itself when the process's RLIMIT_CORE allows it. ``rlimit_core`` is (soft, hard)."""
    warnings = []
    pattern = (core_pattern or "").strip()
    soft, hard = rlimit_core
    if core_pattern is None:
        warnings.append("cannot read /proc/sys/kernel/core_pattern: check by hand where core dumps go")
    elif pattern.startswith("|"):
        handler = pattern[1:].split()[0] if pattern[1:].split() else "a program"
        if "systemd-coredump" in handler:
            fix = "set Storage=none and ProcessSizeMax=0 in /etc/systemd/coredump.conf"
        else:
            fix = "set kernel.core_pattern=|/bin/false (sysctl), or turn the handler's storage off"
        # The kernel does not apply RLIMIT_CORE to a piped handler; whether the handler honours it
        # is up to the handler, so a pipe is worth a warning on its own.
        warnings.append(f"core dumps go to {handler}, which may store a crashed worker's memory on disk. Fix: {fix}")
    if soft != 0:
        warnings.append(
            f"core dumps are allowed (RLIMIT_CORE soft limit {_limit_text(soft)} where doctor runs): a crashed "
            "worker started the same way may write its "
            "memory to disk. Fix: ulimit -c 0 before starting gunicorn, or LimitCORE=0 in its systemd unit"
        )
    elif hard != 0 and not warnings:
        warnings.append(
            f"core dumps are off here but could be turned on (RLIMIT_CORE hard limit {_limit_text(hard)}). "
            "Fix: ulimit -H -c 0, or LimitCORE=0 in the systemd unit"
        )
    return warnings


def _journal_storage(journald_conf: str) -> str:
    """The Storage= setting of the [Journal] section (the last one wins), default "auto"."""
    storage = "auto"
    section = ""
    for raw in journald_conf.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line
            continue
        key, sep, value = line.partition("=")
        if sep and section == "[Journal]" and key.strip() == "Storage":
            storage = value.strip().lower()
    return storage


def journal_warnings(journal_dir_exists: bool, journald_conf: str) -> list[str]:
    """A warning when the system journal keeps logs on disk (the server's output, including
    gunicorn's, usually ends up there). Storage=persistent always writes to /var/log/journal;
    the default, auto, does so when that folder exists."""
    storage = _journal_storage(journald_conf)
    persists = storage == "persistent" or (storage == "auto" and journal_dir_exists)
    if not persists:
        return []
    return [
        f"the system journal is kept on disk (Storage={storage}"
        f"{', /var/log/journal exists' if journal_dir_exists else ''}): server logs survive a restart. "
        "Fix: Storage=volatile in /etc/systemd/journald.conf, then sudo systemctl restart systemd-journald"
    ]


def host_warnings(facts: HostFacts) -> list[str]:
    """Every warning about swap, core dumps and the journal, each with its fix."""
    return (
        swap_warnings(facts.proc_swaps)
        + core_dump_warnings(facts.core_pattern, facts.rlimit_core)
        + journal_warnings(facts.journal_dir_exists, facts.journald_conf)
    )
