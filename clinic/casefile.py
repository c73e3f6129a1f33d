"""The case file: the person's answers (and, when they choose, letter details) as a JSON file they
keep on their own device. Pure: no Flask, no disk.

Format (README.md documents it)::

    {"format": "due-process-clinic/case-file", "version": 1,
     "flow_version": 1, "content_version": "...", "answers": {...}, "details": {...}}

Encrypted with a passphrase (sealed version 2), the same object, padded with spaces to a multiple
of 4 KiB so that the file's size says little about how much it holds, is sealed with AES-256-GCM
under a key derived with Argon2id, and the file holds only what opening it needs::

    {"v": 2, "salt": b64, "nonce": b64, "data": b64}

The sealed version implies everything else (Argon2id with 64 MiB, 3 iterations, one lane; the
associated data), so nothing in clear names this service or the key-derivation function. Sealed
files of version 1, which said all that in clear, still open::

    {"format": "due-process-clinic/case-file", "version": 1,
     "encrypted": {"kdf": "argon2id", "memory_kib": 65536, "iterations": 3, "lanes": 1,
                   "salt": b64, "nonce": b64, "ciphertext": b64}}

Only the key-derivation parameters the app writes are accepted (ACCEPTED_KDF_PARAMETERS), and at
most a few derivations run at once in a process (SLOTS).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

FORMAT = "due-process-clinic/case-file"
VERSION = 1
KDF_MEMORY_KIB = 65536
KDF_ITERATIONS = 3
KDF_LANES = 1
# The server, not the file, decides what a derivation costs: a sealed file is opened only when it
# names a parameter set this app itself writes, as (memory_kib, iterations, lanes). Every version
# so far has written the one set below; when the defaults change, add the new set and keep the old.
# Parameters chosen by a hostile file made each request cost up to 256 MiB, and lanes 2-4 made
# concurrent derivations wait on each other forever inside OpenSSL (every worker thread hung).
ACCEPTED_KDF_PARAMETERS = frozenset({(KDF_MEMORY_KIB, KDF_ITERATIONS, KDF_LANES)})
# The sealed container written today, and the key-derivation parameters each sealed version implies
# (version 1 named them in the file; they are checked against ACCEPTED_KDF_PARAMETERS instead).
SEALED_VERSION = 2
SEALED_KDF_PARAMETERS = {2: (KDF_MEMORY_KIB, KDF_ITERATIONS)}
SEALED_KEYS = frozenset({"v", "salt", "nonce", "data"})
# The sealed plaintext is padded to a multiple of this many bytes: only the bucket shows.
PAD_TO = 4096
# Derivations one worker process runs at once (each holds 64 MiB for about 0.2 s), and how many
# more uploads may wait for a turn; beyond that an upload is refused at once ("busy").
MAX_DERIVATIONS = 2
MAX_WAITING_DERIVATIONS = 2
MAX_PASSPHRASE = 1024
MAX_DETAIL_KEYS = 100
MAX_DETAIL_LENGTH = 20000
MAX_ANSWERS = 200
MAX_ANSWER_LENGTH = 200
MAX_SELECTED_IN_FILE = 100
MAX_CONTENT_VERSION = 1000


class CaseFileError(ValueError):
    """The case file cannot be used; ``code`` names the problem for a translated message.

    Codes: too-large, empty, not-json, not-case-file, newer-version, passphrase-needed,
    wrong-passphrase, corrupt, passphrase-too-long, busy (too many files being opened at once).
    """

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CaseFile:
    """What a case file restores: answers to the journey and optional letter details."""

    flow_version: int
    content_version: str
    answers: Mapping[str, Any]
    details: Mapping[str, str] = field(default_factory=dict)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise CaseFileError("corrupt")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise CaseFileError("corrupt") from None


class DerivationSlots:
    """Admission to key derivation in this process: at most ``running`` derivations at once, so
    memory stays bounded whatever arrives. Opening an uploaded file may also wait behind up to
    ``waiting`` others; beyond that it is refused at once with CaseFileError("busy"), so a flood of
    uploads gets fast refusals instead of holding every request thread. Saving never is refused:
    it waits its turn, since every derivation ends quickly (one lane, fixed cost)."""

    def __init__(self, running: int, waiting: int) -> None:
        self._running = threading.BoundedSemaphore(running)
        self._admitted = threading.BoundedSemaphore(running + waiting)

    @contextmanager
    def turn(self, *, refuse_when_full: bool) -> Iterator[None]:
        """Hold a derivation slot for the body of the ``with`` block."""
        if not refuse_when_full:
            with self._running:
                yield
            return
        if not self._admitted.acquire(blocking=False):
            raise CaseFileError("busy")
        try:
            with self._running:
                yield
        finally:
            self._admitted.release()


SLOTS = DerivationSlots(MAX_DERIVATIONS, MAX_WAITING_DERIVATIONS)


def _derive(passphrase: str, salt: bytes, memory_kib: int, iterations: int, *, refuse_when_full: bool) -> bytes:
    """The sealing key; always one lane (derived in the calling thread), always within a slot."""
    kdf = Argon2id(salt=salt, length=32, iterations=iterations, lanes=KDF_LANES, memory_cost=memory_kib)
    with SLOTS.turn(refuse_when_full=refuse_when_full):
        return kdf.derive(passphrase.encode("utf-8"))


def dump_casefile(case: CaseFile, passphrase: str | None = None) -> bytes:
    """Serialise a case file, sealed with the passphrase when one is given."""
    plain = {
        "format": FORMAT,
        "version": VERSION,
        "flow_version": case.flow_version,
        "content_version": case.content_version,
        "answers": dict(case.answers),
    }
    if case.details:
        plain["details"] = dict(case.details)
    if not passphrase:
        return json.dumps(plain, ensure_ascii=False, indent=2).encode("utf-8")
    if len(passphrase) > MAX_PASSPHRASE:
        raise CaseFileError("passphrase-too-long")
    salt, nonce = os.urandom(16), os.urandom(12)
    key = _derive(passphrase, salt, KDF_MEMORY_KIB, KDF_ITERATIONS, refuse_when_full=False)
    body = pad(json.dumps(plain, ensure_ascii=False).encode("utf-8"))
    sealed = {
        "v": SEALED_VERSION,
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "data": _b64(AESGCM(key).encrypt(nonce, body, _associated_data(SEALED_VERSION))),
    }
    return json.dumps(sealed).encode("ascii")


def pad(body: bytes) -> bytes:
    """The body followed by spaces up to the next multiple of PAD_TO bytes (at least one block).
    Trailing spaces are JSON whitespace, so the padded body parses as it is."""
    blocks = max(1, -(-len(body) // PAD_TO))
    return body.ljust(blocks * PAD_TO, b" ")


def _associated_data(sealed_version: int) -> bytes:
    """What the AES-GCM tag also covers: the format and the sealed version, so a file cannot be
    passed off as another version. Version 1 used the bare format name."""
    return FORMAT.encode("ascii") if sealed_version == 1 else f"{FORMAT}/sealed-{sealed_version}".encode("ascii")


def _kdf_parameters(sealed: Any) -> tuple[int, int]:
    """The (memory_kib, iterations) of a sealed block, if it names a set this app writes."""
    if not isinstance(sealed, dict) or sealed.get("kdf") != "argon2id":
        raise CaseFileError("corrupt")
    named = tuple(sealed.get(name) for name in ("memory_kib", "iterations", "lanes"))
    # type() and not isinstance(): JSON true would otherwise pass for the integer 1.
    if not all(type(value) is int for value in named) or named not in ACCEPTED_KDF_PARAMETERS:
        raise CaseFileError("corrupt")
    memory_kib, iterations, _lanes = named
    return memory_kib, iterations


def _sealed_parts(sealed: Any) -> tuple[tuple[int, int], bytes, bytes, bytes]:
    """The key-derivation parameters, salt, nonce and ciphertext of a version 1 sealed block (it
    named its own parameters), each checked."""
    params = _kdf_parameters(sealed)
    salt, nonce, ciphertext = (_unb64(sealed.get(k)) for k in ("salt", "nonce", "ciphertext"))
    if len(salt) < 16 or len(nonce) != 12:
        raise CaseFileError("corrupt")
    return params, salt, nonce, ciphertext


def _sealed_v2_parts(outer: dict[str, Any]) -> tuple[tuple[int, int], bytes, bytes, bytes]:
    """The parts of a sealed file of version 2 or later: its version implies the parameters."""
    params = SEALED_KDF_PARAMETERS[outer["v"]]
    salt, nonce, ciphertext = (_unb64(outer.get(k)) for k in ("salt", "nonce", "data"))
    if len(salt) < 16 or len(nonce) != 12:
        raise CaseFileError("corrupt")
    return params, salt, nonce, ciphertext


def _open_sealed(
    parts: tuple[tuple[int, int], bytes, bytes, bytes], sealed_version: int, passphrase: str | None
) -> dict[str, Any]:
    params, salt, nonce, ciphertext = parts
    if not passphrase:
        raise CaseFileError("passphrase-needed")
    if len(passphrase) > MAX_PASSPHRASE:
        raise CaseFileError("passphrase-too-long")
    key = _derive(passphrase, salt, *params, refuse_when_full=True)
    try:
        body = AESGCM(key).decrypt(nonce, ciphertext, _associated_data(sealed_version))
    except InvalidTag:
        raise CaseFileError("wrong-passphrase") from None
    try:
        inner = json.loads(body.decode("utf-8"))
    except ValueError:
        raise CaseFileError("corrupt") from None
    if not isinstance(inner, dict) or inner.get("format") != FORMAT or "encrypted" in inner:
        raise CaseFileError("corrupt")
    return inner


def _sealed_version(outer: dict[str, Any]) -> int | None:
    """The sealed version of a file of version 2 or later (it has no "format" key), or None when
    the object is not one. Raises newer-version for a sealed version this app does not know yet."""
    if "format" in outer or set(outer) != SEALED_KEYS:
        return None
    version = outer["v"]
    if type(version) is not int or version < 2:
        return None
    if version > SEALED_VERSION:
        raise CaseFileError("newer-version")
    return version


def _is_text(value: Any, max_length: int) -> bool:
    """A string of at most ``max_length`` characters that can be written out as UTF-8. JSON allows
    lone surrogates ("\\ud800"), which no page, form or cookie can carry."""
    if not isinstance(value, str) or len(value) > max_length:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_answer(value: Any) -> bool:
    """One answer as the app writes it: a choice id, or a list of choice ids."""
    if isinstance(value, list):
        return len(value) <= MAX_SELECTED_IN_FILE and all(_is_text(item, MAX_ANSWER_LENGTH) for item in value)
    return _is_text(value, MAX_ANSWER_LENGTH)


def _check_answers(answers: Any) -> dict[str, Any]:
    """The answers, if every key and value has the shape the app writes (the flow then decides
    which of them still apply); anything else, such as objects inside a list, is a damaged file."""
    if (
        not isinstance(answers, dict)
        or len(answers) > MAX_ANSWERS
        or not all(_is_text(k, MAX_ANSWER_LENGTH) and _is_answer(v) for k, v in answers.items())
    ):
        raise CaseFileError("corrupt")
    return dict(answers)


def _check_details(details: Any) -> dict[str, str]:
    if details is None:
        return {}
    if (
        not isinstance(details, dict)
        or len(details) > MAX_DETAIL_KEYS
        or not all(_is_text(k, 60) and _is_text(v, MAX_DETAIL_LENGTH) for k, v in details.items())
    ):
        raise CaseFileError("corrupt")
    return dict(details)


def _plain_or_v1(outer: dict[str, Any], passphrase: str | None) -> dict[str, Any]:
    """A plain file, or a version 1 sealed file opened: both name the format in clear."""
    if outer.get("format") != FORMAT:
        raise CaseFileError("not-case-file")
    version = outer.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise CaseFileError("not-case-file")
    if version > VERSION:
        raise CaseFileError("newer-version")
    if "encrypted" in outer:
        return _open_sealed(_sealed_parts(outer["encrypted"]), 1, passphrase)
    return outer


def load_casefile(data: bytes, passphrase: str | None, max_bytes: int) -> CaseFile:
    """Parse and check an uploaded case file (bytes in memory), opening it with the passphrase
    when it is sealed. Raises CaseFileError with a code; never echoes the file's content."""
    if len(data) > max_bytes:
        raise CaseFileError("too-large")
    if not data.strip():
        raise CaseFileError("empty")
    try:
        outer = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise CaseFileError("not-json") from None
    if not isinstance(outer, dict):
        raise CaseFileError("not-case-file")
    sealed_version = _sealed_version(outer)
    if sealed_version is not None:
        plain = _open_sealed(_sealed_v2_parts(outer), sealed_version, passphrase)
    else:
        plain = _plain_or_v1(outer, passphrase)
    flow_version = plain.get("flow_version")
    content_version = plain.get("content_version", "")
    if type(flow_version) is not int or not _is_text(content_version, MAX_CONTENT_VERSION):
        raise CaseFileError("corrupt")
    return CaseFile(
        flow_version=flow_version,
        content_version=content_version,
        answers=_check_answers(plain.get("answers")),
        details=_check_details(plain.get("details")),
    )
