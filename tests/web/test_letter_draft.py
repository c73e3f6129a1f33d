"""The letter draft (clinic/web/draft.py): Back, a language switch and a too-large page find the
letter form filled, from an encrypted cookie in the browser; the server keeps nothing."""

from __future__ import annotations

import time

from clinic.state import _derive_key, unseal
from clinic.web.draft import COOKIE_NAME, DRAFT_MAX_AGE, MAX_DRAFT_BYTES, draft_key, seal_draft, unseal_draft
from tests.conftest import SECRET, csrf_from
from tests.pagecheck import check_page
from tests.posting import CORRECTION_FIELDS, CORRECTION_LETTER, post

LETTER = CORRECTION_LETTER
FIELDS = {**CORRECTION_FIELDS, "own_account": "我没有收到决定书。"}


def preview(client, **changes):  # type: ignore[no-untyped-def]
    return post(client, f"{LETTER}/preview", {**FIELDS, **changes}, form_page=LETTER)


def draft_cookie(response) -> str:  # type: ignore[no-untyped-def]
    return next(v for v in response.headers.getlist("Set-Cookie") if v.startswith(f"{COOKIE_NAME}="))


def test_back_from_the_preview_finds_the_form_filled(client):
    assert preview(client).status_code == 200
    page = client.get(LETTER).get_data(as_text=True)
    for value in ("张喆堃", "11010519491231002X", "（2024）京0105执1234号", "我没有收到决定书。"):
        assert value in page
    assert "filled in again" in page


def test_a_form_with_errors_is_kept_too(client):
    assert preview(client, phone="call me").status_code == 400
    assert "call me" in client.get(LETTER).get_data(as_text=True)


def test_the_draft_cookie_is_sealed_short_lived_and_scoped(client):
    cookie = draft_cookie(preview(client))
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/letter/" in cookie
    assert "Expires" not in cookie and "Max-Age" not in cookie  # kept in memory, not on disk
    token = cookie.split(";", 1)[0].split("=", 1)[1]
    assert "张" not in token and "13800138000" not in token
    now = int(time.time())
    assert unseal_draft(draft_key(SECRET), "correction-of-dishonest-entry", token, now) is not None
    assert unseal_draft(draft_key(SECRET), "administrative-reconsideration", token, now) is None  # bound to the letter
    assert (
        unseal_draft(draft_key("another-secret-key-of-enough-length-0000"), "correction-of-dishonest-entry", token, now)
        is None
    )
    assert unseal(_derive_key(SECRET), token, 10**9, now)[0] is None  # not readable as the journey state
    assert unseal_draft(draft_key(SECRET), "correction-of-dishonest-entry", token, now + DRAFT_MAX_AGE + 1) is None


def test_the_passphrase_and_token_are_never_in_the_draft(client):
    response = post(client, f"{LETTER}/save", {**FIELDS, "passphrase": "x", "passphrase_again": "y"}, form_page=LETTER)
    cookie = draft_cookie(response).split(";", 1)[0].split("=", 1)[1]
    pairs, _partial = unseal_draft(draft_key(SECRET), "correction-of-dishonest-entry", cookie, int(time.time()))
    assert {name for name, _ in pairs}.isdisjoint({"csrf_token", "passphrase", "passphrase_again"})


def test_long_own_words_are_left_out_but_the_rest_is_kept(client):
    response = preview(client, own_account="长" * 2500)
    cookie = draft_cookie(response)
    assert len(cookie.split(";", 1)[0]) <= MAX_DRAFT_BYTES + 2
    page = client.get(LETTER).get_data(as_text=True)
    assert "张喆堃" in page and "长" * 50 not in page and "too long to keep" in page


def test_an_old_or_forged_draft_is_ignored(client):
    stale = seal_draft(draft_key(SECRET), "correction-of-dishonest-entry", [("applicant_name", "旧")], 1000, False)
    client.set_cookie(COOKIE_NAME, stale, path="/letter/")
    assert "旧" not in client.get(LETTER).get_data(as_text=True)
    client.set_cookie(COOKIE_NAME, "garbage", path="/letter/")
    check_page(client.get(LETTER))


def test_the_language_switch_keeps_the_fields(client):
    response = post(client, f"{LETTER}/language", {**FIELDS, "language": "ug"}, form_page=LETTER)
    assert response.status_code == 303 and response.headers["Location"] == LETTER
    assert "lang=ug" in " ".join(response.headers.getlist("Set-Cookie"))
    page = client.get(LETTER)
    facts = check_page(page, locale="ug")
    assert "张喆堃" in page.get_data(as_text=True) and facts


def test_the_language_switch_on_the_preview_shows_the_preview_again(client):
    page = preview(client)
    response = client.post(
        f"{LETTER}/language",
        data={**FIELDS, "csrf_token": csrf_from(page), "language": "zh_Hant_TW", "step": "preview"},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and 'lang="zh-Hant-TW"' in text and "letter-preview" in text


def test_leave_and_start_again_delete_the_draft(client):
    preview(client)
    for response in (client.get("/leave"),):
        assert any(v.startswith(f"{COOKIE_NAME}=;") for v in response.headers.getlist("Set-Cookie"))
    token = csrf_from(preview(client))
    response = client.post("/restart", data={"csrf_token": token, "confirm": "yes"})
    assert any(v.startswith(f"{COOKIE_NAME}=;") for v in response.headers.getlist("Set-Cookie"))
