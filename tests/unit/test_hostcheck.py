"""The host checks as pure functions of the files' contents: swap, core dumps, the journal."""

from __future__ import annotations

import resource

import pytest

from clinic.hostcheck import HostFacts, core_dump_warnings, host_warnings, journal_warnings, swap_warnings

NO_SWAP = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
ONE_SWAP = NO_SWAP + "/swapfile                               file\t\t2097148\t\t0\t\t-2\n"
INFINITY = resource.RLIM_INFINITY


def test_no_swap_no_warning() -> None:
    assert swap_warnings(NO_SWAP) == []


def test_swap_on_warns_with_the_fix() -> None:
    (warning,) = swap_warnings(ONE_SWAP)
    assert "/swapfile" in warning and "swapoff" in warning and "encrypted swap" in warning


def test_unreadable_swaps_is_said() -> None:
    (warning,) = swap_warnings(None)
    assert "/proc/swaps" in warning


@pytest.mark.parametrize(
    ("pattern", "limits", "expected"),
    [
        # a plain file name and no core dumps allowed: nothing to say
        ("core\n", (0, 0), []),
        # the limit allows dumps: the kernel would write a file
        ("core\n", (INFINITY, INFINITY), ["ulimit -c 0"]),
        # soft 0 but hard unlimited: anyone can raise it again
        ("core\n", (0, INFINITY), ["LimitCORE=0"]),
        # systemd-coredump stores dumps unless told not to
        ("|/usr/lib/systemd/systemd-coredump %P %u %g %s %t %c %h\n", (0, 0), ["Storage=none"]),
        # another handler (apport)
        ("|/usr/share/apport/apport -p%p -s%s -c%c\n", (0, 0), ["/bin/false"]),
        # a pipe and an open limit: both problems
        ("|/usr/lib/systemd/systemd-coredump %P\n", (INFINITY, INFINITY), ["Storage=none", "ulimit -c 0"]),
    ],
)
def test_core_dumps(pattern: str, limits: tuple[int, int], expected: list[str]) -> None:
    warnings = core_dump_warnings(pattern, limits)
    assert len(warnings) == len(expected)
    for warning, fix in zip(warnings, expected, strict=True):
        assert fix in warning


@pytest.mark.parametrize(
    ("exists", "conf", "persists"),
    [
        (False, "", False),  # default auto, no folder: kept in /run only
        (True, "", True),  # default auto with the folder: on disk
        (True, "[Journal]\nStorage=volatile\n", False),
        (False, "[Journal]\nStorage=persistent\n", True),
        (True, "[Journal]\n#Storage=volatile\n", True),  # commented out: still auto
        (True, "[Journal]\nStorage=volatile\n[Journal]\nStorage=auto\n", True),  # a later drop-in wins
        (False, "[Other]\nStorage=persistent\n", False),  # another section
        (True, "[Journal]\nStorage=none\n", False),
    ],
)
def test_journal(exists: bool, conf: str, persists: bool) -> None:
    warnings = journal_warnings(exists, conf)
    assert bool(warnings) is persists
    if persists:
        assert "Storage=volatile" in warnings[0]


def test_host_warnings_gathers_all() -> None:
    facts = HostFacts(ONE_SWAP, "|/usr/lib/systemd/systemd-coredump", (0, 0), True, "")
    assert len(host_warnings(facts)) == 3
    assert host_warnings(HostFacts(NO_SWAP, "core", (0, 0), False, "")) == []
