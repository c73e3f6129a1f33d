"""The letter draft: what was typed on a letter form, kept in the person's own browser for a few
minutes so that browser Back, a language switch or a "too large" page does not empty the form.

The server keeps nothing. The draft travels only in one cookie, ``d``, which this module seals with
AES-256-GCM under its own key (HKDF-SHA256 from the secret key, with a label of its own, so a draft
can never be read as the journey state or the other way round). The token is
``base64url(version | issued_at | nonce | ciphertext)``; the version byte, the issue time and the
letter id are authenticated. The cookie is:

* a session cookie (no Expires or Max-Age: the browser keeps it in memory, not on disk);
* refused by the server DRAFT_MAX_AGE seconds after it was written, whatever the browser does;
* HttpOnly, SameSite=Strict, Secure in production, and sent only to ``/letter/`` addresses;
* capped at MAX_DRAFT_BYTES: when the person's own words make it too large they are left out of the
  draft (and the form says so) rather than the whole draft being lost;
* deleted by "Leave this site" and by "Start again".

Nothing here logs a value: only counts and sizes.
"""

from __future__ import annotations

import base64
import json
import os
import struct
import time
from collections.abc import Iterable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app, request
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as BaseResponse

COOKIE_NAME = "d"
COOKIE_PATH = "/letter/"
DRAFT_MAX_AGE = 30 * 60
MAX_DRAFT_BYTES = 3600
TOKEN_VERSION = 1
CLOCK_SKEW = 60
# Posted names that are never part of a draft: the form token and the case-file passphrase.
NEVER_KEPT = frozenset({"csrf_token", "passphrase", "passphrase_again", "language", "step"})
OWN_WORDS = "own_account"
_HEADER = struct.Struct(">BQ")
_NONCE = 12
_KEYS: dict[str, bytes] = {}


def draft_key(secret_key: str) -> bytes:
    """The draft's own AES key, derived from the secret key under a label no other cookie uses."""
    if secret_key not in _KEYS:
        _KEYS[secret_key] = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"due-process-clinic letter draft cookie v1"
        ).derive(secret_key.encode("utf-8"))
    return _KEYS[secret_key]


def seal_draft(key: bytes, letter_id: str, pairs: list[tuple[str, str]], issued_at: int, partial: bool) -> str:
    """The sealed token for a letter's typed fields (exposed for tests)."""
    header = _HEADER.pack(TOKEN_VERSION, issued_at)
    nonce = os.urandom(_NONCE)
    body = json.dumps({"f": pairs, "p": partial}, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    sealed = header + nonce + AESGCM(key).encrypt(nonce, body, header + letter_id.encode("utf-8"))
    return base64.urlsafe_b64encode(sealed).rstrip(b"=").decode("ascii")


def unseal_draft(key: bytes, letter_id: str, token: str, now: int) -> tuple[list[tuple[str, str]], bool] | None:
    """The fields and the "own words left out" flag of a draft for this letter, or None when the
    token is damaged, for another letter, from another key or older than DRAFT_MAX_AGE."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, TypeError):
        return None
    if len(raw) < _HEADER.size + _NONCE + 16:
        return None
    header, nonce, ciphertext = (
        raw[: _HEADER.size],
        raw[_HEADER.size : _HEADER.size + _NONCE],
        raw[_HEADER.size + _NONCE :],
    )
    version, issued_at = _HEADER.unpack(header)
    if version != TOKEN_VERSION or issued_at > now + CLOCK_SKEW or now - issued_at > DRAFT_MAX_AGE:
        return None
    try:
        payload = json.loads(AESGCM(key).decrypt(nonce, ciphertext, header + letter_id.encode("utf-8")))
    except (InvalidTag, ValueError):
        return None
    fields = payload.get("f") if isinstance(payload, dict) else None
    if not isinstance(fields, list):
        return None
    pairs = [(str(p[0]), str(p[1])) for p in fields if isinstance(p, list) and len(p) == 2]
    return pairs, bool(payload.get("p"))


def typed_pairs(form: MultiDict[str, str], names: Iterable[str]) -> list[tuple[str, str]]:
    """The posted values of the letter's own inputs (nothing else that was posted), in order."""
    wanted = set(names) - NEVER_KEPT
    return [(name, value) for name, value in form.items(multi=True) if name in wanted]


def _key() -> bytes:
    return draft_key(str(current_app.secret_key))


def keep(response: BaseResponse, letter_id: str, pairs: list[tuple[str, str]]) -> bool:
    """Put the draft on the response. Returns False when the person's own words had to be left out
    to stay within the size cap (the rest is kept)."""
    now = int(time.time())
    token = seal_draft(_key(), letter_id, pairs, now, partial=False)
    complete = True
    if len(token) > MAX_DRAFT_BYTES:
        complete = False
        token = seal_draft(_key(), letter_id, [(n, v) for n, v in pairs if n != OWN_WORDS], now, partial=True)
    if len(token) > MAX_DRAFT_BYTES:
        forget(response)
        return False
    response.set_cookie(
        COOKIE_NAME,
        token,
        path=COOKIE_PATH,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Strict",
    )
    return complete


def recall(letter_id: str) -> tuple[MultiDict[str, str], bool] | None:
    """The draft this browser sent for this letter, as form data, and whether the person's own
    words were left out of it; None when there is none that can be used."""
    token = request.cookies.get(COOKIE_NAME)
    if not token:
        return None
    found = unseal_draft(_key(), letter_id, token, int(time.time()))
    if found is None:
        return None
    pairs, partial = found
    return MultiDict(pairs), partial


def forget(response: BaseResponse) -> None:
    """Delete the draft cookie (Leave this site, Start again)."""
    response.delete_cookie(
        COOKIE_NAME,
        path=COOKIE_PATH,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Strict",
    )
