"""The encrypted state cookie: what it holds, and what happens when it is damaged, old or foreign."""

import base64
import json
import time

import pytest

from clinic import state
from clinic.state import COOKIE_NAME, STATE_SCHEMA, _derive_key, seal, unseal
from tests.conftest import SECRET, csrf_from
from tests.pagecheck import check_page
from tests.posting import answer as post_answer

KEY = _derive_key(SECRET)


def cookie_value(client):
    cookie = client.get_cookie(COOKIE_NAME)
    return cookie.value if cookie else None


def payload(client):
    data, problem = unseal(KEY, cookie_value(client), 7200, int(time.time()))
    assert problem is None
    return data


def test_cookie_is_encrypted_and_holds_only_the_inventory(client):
    post_answer(client, "what-happened", answer="published")
    raw = cookie_value(client)
    assert "published" not in raw and "what-happened" not in raw
    decoded = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    assert b"published" not in decoded  # encrypted, not merely signed
    data = payload(client)
    assert set(data) == {"v", "fv", "csrf_token", "answers"}
    assert data["answers"] == {"what-happened": "published"}


def test_static_files_never_carry_the_state_cookie(client):
    """A stylesheet may be kept by a shared or disk cache: it must not carry anyone's state."""
    post_answer(client, "what-happened", answer="published")
    response = client.get("/static/clinic.css")
    response.close()  # the file is streamed
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert payload(client)["answers"] == {"what-happened": "published"}  # the journey goes on


def test_cookie_flags(client):
    response = post_answer(client, "what-happened", answer="published")
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header


def test_state_cookie_is_a_session_cookie(client):
    """No Max-Age or Expires: the browser keeps the cookie in memory, not on disk."""
    response = post_answer(client, "what-happened", answer="published")
    header = response.headers["Set-Cookie"]
    assert header.startswith(f"{COOKIE_NAME}=")
    assert "Max-Age" not in header and "Expires" not in header


def test_the_server_still_refuses_an_old_session_cookie(client):
    """Without a browser-side expiry the authenticated issued-at time alone ends the state."""
    stale = seal(KEY, {"v": STATE_SCHEMA, "fv": 2, "answers": {"what-happened": "published"}}, int(time.time()) - 7201)
    response = journey_page_with_cookie(client, stale)
    assert "two hours without use" in response.get_data(as_text=True)


def test_the_issued_at_time_is_authenticated():
    token = seal(KEY, {"v": 1}, 1_000_000)
    raw = bytearray(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    raw[5] ^= 1  # move the issued-at time
    tampered = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    assert unseal(KEY, tampered, 10**9, 1_000_000) == (None, "unreadable")


@pytest.mark.parametrize(
    ("token_age", "problem"),
    [(0, None), (7199, None), (7201, "expired"), (-3600, "unreadable")],  # from the future: forged
)
def test_max_age(token_age, problem):
    now = 2_000_000_000
    token = seal(KEY, {"v": 1}, now - token_age)
    assert unseal(KEY, token, 7200, now)[1] == problem


def journey_page_with_cookie(client, token):
    client.set_cookie(COOKIE_NAME, token)
    return client.get("/q/what-happened")


def valid_token(**changes):
    body = {"v": STATE_SCHEMA, "fv": 2, "csrf_token": "x" * 40, "answers": {"what-happened": "published"}}
    body.update(changes)
    return seal(KEY, body, int(time.time()))


@pytest.mark.parametrize(
    ("make_token", "expected_words"),
    [
        (lambda: valid_token()[:-5], "could not be read"),  # truncated
        (
            lambda: valid_token()[:20] + ("A" if valid_token()[20] != "A" else "B") + valid_token()[21:],
            "could not be read",
        ),
        (lambda: "not base64 at all!!", "could not be read"),
        (lambda: "", None),  # an empty cookie is no cookie
        (
            lambda: seal(_derive_key("another-secret-key-of-enough-length-0000"), {"v": 1}, int(time.time())),
            "could not be read",
        ),  # from another server
        (
            lambda: seal(KEY, {"v": 1, "fv": 2, "answers": {}}, int(time.time()) - 8000),
            "two hours without use",
        ),  # expired
        (lambda: valid_token(v=STATE_SCHEMA + 1), "earlier version"),  # another schema
        (lambda: valid_token(fv=99), "earlier version"),  # another flow version
        (lambda: valid_token(answers={"ghost-question": "x"}), "earlier version"),  # unknown question id
        (lambda: valid_token(answers={"what-happened": "ghost-choice"}), "earlier version"),  # unknown choice
        (lambda: valid_token(name="CANARY"), "earlier version"),  # a key outside the inventory
        (lambda: base64.urlsafe_b64encode(json.dumps({"csrf_token": "x"}).encode()).decode(), "could not be read"),
    ],
)
def test_damaged_or_old_state_gets_a_friendly_page(client, make_token, expected_words):
    response = journey_page_with_cookie(client, make_token())
    if expected_words is None:
        check_page(response)
        return
    facts = check_page(response, status=400)
    text = " ".join(facts.text)
    assert expected_words in text
    assert "Start again" in text and "Resume from a file" in text
    # Start again works from that page, and leads to a usable journey.
    restart = client.post("/restart", data={"csrf_token": csrf_from(response), "confirm": "yes"})
    assert restart.status_code == 303
    check_page(client.get("/q/what-happened"))


def test_a_form_posted_with_a_dropped_state_explains_instead_of_failing(client):
    page = client.get("/q/what-happened")
    token = csrf_from(page)
    client.set_cookie(COOKIE_NAME, "garbage")
    response = client.post("/q/what-happened", data={"answer": "published", "csrf_token": token})
    facts = check_page(response, status=400)
    assert "could not be read" in " ".join(facts.text)


def test_non_journey_pages_ignore_a_damaged_cookie(client):
    client.set_cookie(COOKIE_NAME, "garbage")
    check_page(client.get("/"))
    check_page(client.get("/resume"))


def test_state_module_is_the_only_one_that_touches_the_session():
    import pathlib

    offenders = []
    for path in pathlib.Path("clinic").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name != "state.py" and ("import session" in text or "session[" in text or "session." in text):
            offenders.append(str(path))
    assert offenders == []
    assert state.ALLOWED_KEYS == {"csrf_token", "answers"}
