"""The case file: the person's answers (and, when they choose, letter details) as a JSON file they
keep on their own device. Pure: no Flask, no disk.

Format (README.md documents it)::

    {"format": "due-process-clinic/case-file", "version": 1,
     "flow_version": 1, "content_version": "...", "answers": {...}, "details": {...}}

Encrypted with a passphrase, the same object is sealed with AES-256-GCM under a key derived with
Argon2id, and the file holds only::

    {"format": "due-process-clinic/case-file", "version": 1,
     "encrypted": {"kdf": "argon2id", "memory_kib": 65536, "iterations": 3, "lanes": 1,
                   "salt": b64, "nonce": b64, "ciphertext": b64}}
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Mapping
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
# Bounds on what an uploaded file may ask the KDF for, so a hostile file cannot exhaust memory.
KDF_LIMITS = {"memory_kib": (8192, 262144), "iterations": (1, 10), "lanes": (1, 4)}
MAX_PASSPHRASE = 1024
MAX_DETAIL_KEYS = 100
MAX_DETAIL_LENGTH = 20000


class CaseFileError(ValueError):
    """The case file cannot be used; ``code`` names the problem for a translated message.

    Codes: too-large, empty, not-json, not-case-file, newer-version, passphrase-needed,
    wrong-passphrase, corrupt, passphrase-too-long.
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


def _derive(passphrase: str, salt: bytes, memory_kib: int, iterations: int, lanes: int) -> bytes:
    return Argon2id(salt=salt, length=32, iterations=iterations, lanes=lanes, memory_cost=memory_kib).derive(
        passphrase.encode("utf-8")
    )


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
    key = _derive(passphrase, salt, KDF_MEMORY_KIB, KDF_ITERATIONS, KDF_LANES)
    body = json.dumps(plain, ensure_ascii=False).encode("utf-8")
    sealed = {
        "format": FORMAT,
        "version": VERSION,
        "encrypted": {
            "kdf": "argon2id",
            "memory_kib": KDF_MEMORY_KIB,
            "iterations": KDF_ITERATIONS,
            "lanes": KDF_LANES,
            "salt": _b64(salt),
            "nonce": _b64(nonce),
            "ciphertext": _b64(AESGCM(key).encrypt(nonce, body, FORMAT.encode("ascii"))),
        },
    }
    return json.dumps(sealed, indent=2).encode("utf-8")


def _sealed_parts(sealed: Any) -> tuple[dict[str, int], bytes, bytes, bytes]:
    """The key-derivation parameters, salt, nonce and ciphertext of a sealed block, each checked."""
    if not isinstance(sealed, dict) or sealed.get("kdf") != "argon2id":
        raise CaseFileError("corrupt")
    params = {}
    for name, (low, high) in KDF_LIMITS.items():
        value = sealed.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise CaseFileError("corrupt")
        params[name] = value
    salt, nonce, ciphertext = (_unb64(sealed.get(k)) for k in ("salt", "nonce", "ciphertext"))
    if len(salt) < 16 or len(nonce) != 12:
        raise CaseFileError("corrupt")
    return params, salt, nonce, ciphertext


def _open_sealed(sealed: Any, passphrase: str | None) -> dict[str, Any]:
    params, salt, nonce, ciphertext = _sealed_parts(sealed)
    if not passphrase:
        raise CaseFileError("passphrase-needed")
    if len(passphrase) > MAX_PASSPHRASE:
        raise CaseFileError("passphrase-too-long")
    key = _derive(passphrase, salt, params["memory_kib"], params["iterations"], params["lanes"])
    try:
        body = AESGCM(key).decrypt(nonce, ciphertext, FORMAT.encode("ascii"))
    except InvalidTag:
        raise CaseFileError("wrong-passphrase") from None
    try:
        inner = json.loads(body.decode("utf-8"))
    except ValueError:
        raise CaseFileError("corrupt") from None
    if not isinstance(inner, dict) or inner.get("format") != FORMAT or "encrypted" in inner:
        raise CaseFileError("corrupt")
    return inner


def _check_details(details: Any) -> dict[str, str]:
    if details is None:
        return {}
    if (
        not isinstance(details, dict)
        or len(details) > MAX_DETAIL_KEYS
        or not all(
            isinstance(k, str) and isinstance(v, str) and len(k) <= 60 and len(v) <= MAX_DETAIL_LENGTH
            for k, v in details.items()
        )
    ):
        raise CaseFileError("corrupt")
    return dict(details)


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
    if not isinstance(outer, dict) or outer.get("format") != FORMAT:
        raise CaseFileError("not-case-file")
    version = outer.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise CaseFileError("not-case-file")
    if version > VERSION:
        raise CaseFileError("newer-version")
    plain = _open_sealed(outer["encrypted"], passphrase) if "encrypted" in outer else outer
    answers = plain.get("answers")
    flow_version = plain.get("flow_version")
    content_version = plain.get("content_version", "")
    if (
        not isinstance(answers, dict)
        or not isinstance(flow_version, int)
        or isinstance(flow_version, bool)
        or not isinstance(content_version, str)
    ):
        raise CaseFileError("corrupt")
    return CaseFile(
        flow_version=flow_version,
        content_version=content_version,
        answers=answers,
        details=_check_details(plain.get("details")),
    )
