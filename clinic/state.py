"""The journey state: the only module that touches the session cookie.

The state lives in ONE cookie, encrypted and authenticated with AES-256-GCM under a key derived
(HKDF-SHA256) from the secret key. The token is ``base64url(version | issued_at | nonce |
ciphertext)``; the version byte and the issued-at time are authenticated as associated data.

Keys the state may hold (README.md lists them too):

* ``v``: the state schema version (written by this module);
* ``fv``: the version of flow.yaml the answers belong to (written by this module);
* ``csrf_token``: the raw CSRF token that Flask-WTF compares with the one in each form;
* ``answers``: question id -> choice id, list of choice ids, or (for a date question) an ISO date
  "YYYY-MM-DD" or "unknown". The engine drops any other value, so nothing typed is ever kept.

Never names, numbers, addresses or free text: those travel only in POST bodies.
A cookie that cannot be decrypted, has expired, comes from another schema or flow version, or holds
unknown ids is dropped; ``state_problem()`` then says why so that the web layer can explain it.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import struct
import time
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Flask, Request, Response, g, request, session
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

STATE_SCHEMA = 1
TOKEN_VERSION = 1
COOKIE_NAME = "s"
ALLOWED_KEYS = frozenset({"csrf_token", "answers"})
MAX_COOKIE_BYTES = 3800
CLOCK_SKEW = 60
_HEADER = struct.Struct(">BQ")
_NONCE = 12

log = logging.getLogger(__name__)


class JourneyState(CallbackDict[str, Any], SessionMixin):
    """The session object Flask sees; ``problem`` says why an incoming cookie was dropped."""

    def __init__(self, initial: Mapping[str, Any] | None = None, problem: str | None = None) -> None:
        def on_update(self: JourneyState) -> None:
            self.modified = True

        super().__init__(initial, on_update)
        self.modified = False
        self.problem = problem


def _derive_key(secret_key: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"due-process-clinic state cookie v1").derive(
        secret_key.encode("utf-8")
    )


def seal(key: bytes, payload: Mapping[str, Any], issued_at: int) -> str:
    """Encrypt a payload into a cookie token (exposed for tests)."""
    header = _HEADER.pack(TOKEN_VERSION, issued_at)
    nonce = os.urandom(_NONCE)
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    sealed = header + nonce + AESGCM(key).encrypt(nonce, body, header)
    return base64.urlsafe_b64encode(sealed).rstrip(b"=").decode("ascii")


def unseal(key: bytes, token: str, max_age: int, now: int) -> tuple[dict[str, Any] | None, str | None]:
    """Decrypt a cookie token: (payload, None) or (None, problem) with problem in
    unreadable / expired / outdated."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, TypeError):
        return None, "unreadable"
    if len(raw) < _HEADER.size + _NONCE + 16:
        return None, "unreadable"
    header, nonce, ciphertext = (
        raw[: _HEADER.size],
        raw[_HEADER.size : _HEADER.size + _NONCE],
        raw[_HEADER.size + _NONCE :],
    )
    version, issued_at = _HEADER.unpack(header)
    if version != TOKEN_VERSION:
        return None, "outdated"
    try:
        body = AESGCM(key).decrypt(nonce, ciphertext, header)
        payload = json.loads(body.decode("utf-8"))
    except (InvalidTag, ValueError):
        return None, "unreadable"
    if not isinstance(payload, dict):
        return None, "unreadable"
    if issued_at > now + CLOCK_SKEW:
        return None, "unreadable"
    if now - issued_at > max_age:
        return None, "expired"
    return payload, None


class EncryptedStateInterface(SessionInterface):
    """A Flask session interface that keeps the state in one encrypted session cookie, which the
    server refuses once it is older than CLINIC_STATE_MAX_AGE."""

    def __init__(self, flow_version: int) -> None:
        self.flow_version = flow_version
        self._keys: dict[str, bytes] = {}

    def _key(self, app: Flask) -> bytes:
        secret = str(app.secret_key)
        if secret not in self._keys:
            self._keys[secret] = _derive_key(secret)
        return self._keys[secret]

    def open_session(self, app: Flask, request: Request) -> JourneyState:
        token = request.cookies.get(COOKIE_NAME)
        if not token:
            return JourneyState()
        payload, problem = unseal(self._key(app), token, app.config["CLINIC_STATE_MAX_AGE"], int(time.time()))
        if payload is None:
            return JourneyState(problem=problem)
        if payload.get("v") != STATE_SCHEMA or payload.get("fv") != self.flow_version:
            return JourneyState(problem="outdated")
        data = {k: v for k, v in payload.items() if k in ALLOWED_KEYS}
        if len(data) != len(payload) - 2:
            return JourneyState(problem="outdated")
        return JourneyState(data)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if request.endpoint == "static":
            # Static files are cacheable: a cookie on them could be kept by a shared cache, and
            # they never change the state, so they never carry it.
            return
        domain = self.get_cookie_domain(app)
        path = self.get_cookie_path(app)
        if not session:
            if session.modified or request_had_cookie():
                response.delete_cookie(COOKIE_NAME, domain=domain, path=path)
            return
        stray = sorted(set(session) - ALLOWED_KEYS)
        if stray:
            # A programming error: refuse to persist anything that is not on the inventory.
            log.error("state: refusing to store %d key(s) outside the inventory", len(stray))
        payload = {k: session[k] for k in session if k in ALLOWED_KEYS}
        payload.update(v=STATE_SCHEMA, fv=self.flow_version)
        token = seal(self._key(app), payload, int(time.time()))
        if len(token) > MAX_COOKIE_BYTES:
            log.error("state: cookie too large (%d bytes); not saved", len(token))
            return
        # A session cookie (no Max-Age, no Expires): browsers keep it in memory and drop it when
        # they close, instead of writing it to disk. The age limit is enforced here, on the
        # authenticated issued-at time, whatever the browser does with the cookie.
        response.set_cookie(
            COOKIE_NAME,
            token,
            path=path,
            domain=domain,
            secure=app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
        response.vary.add("Cookie")


def request_had_cookie() -> bool:
    """Whether the current request carried a state cookie."""
    from flask import request

    return COOKIE_NAME in request.cookies


def install(app: Flask, flow_version: int) -> None:
    """Make the encrypted cookie the app's session."""
    app.session_interface = EncryptedStateInterface(flow_version)


# --- the API the web layer uses -------------------------------------------------------------


def state_problem() -> str | None:
    """Why the incoming state was dropped (unreadable, expired, outdated), or None."""
    if "state_problem" in g:
        return str(g.state_problem)
    return getattr(session, "problem", None)


def flag_problem(problem: str) -> None:
    """Record that the stored answers could not be used (e.g. they hold unknown ids) and drop them."""
    g.state_problem = problem
    session.pop("answers", None)


def get_answers() -> dict[str, str | list[str]]:
    """The stored answers (a copy)."""
    answers = session.get("answers")
    return dict(answers) if isinstance(answers, dict) else {}


def set_answers(answers: Mapping[str, str | list[str]]) -> None:
    """Store the answers (choice ids, ISO dates and "unknown" only: the engine has already checked them)."""
    session["answers"] = dict(answers)


def clear_answers() -> None:
    """Forget the answers but keep the CSRF token, so open forms still work."""
    session.pop("answers", None)


def clear_state() -> None:
    """Forget everything; the response deletes the cookie."""
    session.clear()
    session.modified = True
