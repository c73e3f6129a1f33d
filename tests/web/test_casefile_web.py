"""Save to a file and Resume from a file, through the pages."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from clinic import casefile
from clinic.casefile import FORMAT, CaseFile, DerivationSlots, dump_casefile
from tests.conftest import LOCALES, csrf_from, use_locale
from tests.pagecheck import check_headers, check_page
from tests.posting import answer_all, resume, save

# Strong enough for the save page's check: four unrelated words.
PASSPHRASE = "violet harbour pencil meadow"


def test_save_downloads_a_neutral_json_file(client):
    answer_all(client)
    response = save(client)
    assert response.status_code == 200
    check_headers(response)
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="notes.json"'
    assert json.loads(response.data)["answers"]["what-happened"] == "ticket-refused"


def test_save_and_resume_round_trip_in_a_new_browser(app, client):
    answer_all(client)
    data = save(client, PASSPHRASE).data
    with app.test_client() as other:
        response = resume(other, data, PASSPHRASE)
        assert response.status_code == 200 and "came back" in response.get_data(as_text=True)
        assert other.get("/begin").headers["Location"] == "/check"
        check_page(other.get("/check"))


def test_mismatched_passphrases_are_refused(client):
    answer_all(client)
    facts = check_page(save(client, "one", "two"), status=400)
    assert "The two passphrases are not the same." in " ".join(facts.text)


def test_save_without_answers_says_there_is_nothing_to_save(client):
    facts = check_page(client.get("/save"))
    assert "nothing to save" in " ".join(facts.text)


@pytest.mark.parametrize(
    ("data", "passphrase", "message"),
    [
        (b"", "", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n binary", "", "could not be read"),
        (b'{"format": "other"}', "", "not a case file"),
        (dump_casefile(CaseFile(1, "x", {"what-happened": "published"}), "pw"), "", "Enter the passphrase"),
        (dump_casefile(CaseFile(1, "x", {"what-happened": "published"}), "pw"), "bad", "does not open this file"),
        (b'{"format": "due-process-clinic/case-file", "version": 1, "answers": 5}', "", "damaged"),
    ],
)
def test_bad_uploads_get_a_clear_error(client, data, passphrase, message):
    facts = check_page(resume(client, data, passphrase), status=400)
    assert message in " ".join(facts.text)


def test_missing_file_gets_a_clear_error(client):
    page = client.get("/resume")
    response = client.post("/resume", data={"csrf_token": csrf_from(page)}, content_type="multipart/form-data")
    assert "Choose the file you saved." in " ".join(check_page(response, status=400).text)


def test_oversized_upload_is_refused_in_memory(client, app):
    data = b"{" + b" " * (app.config["CLINIC_CASEFILE_MAX_BYTES"] + 10) + b"}"
    facts = check_page(resume(client, data), status=400)
    assert "too large" in " ".join(facts.text)


def test_upload_over_the_request_limit_gets_the_413_page(client, app):
    data = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = resume(client, data)
    facts = check_page(response, status=413)
    assert "too large" in " ".join(facts.text)


def test_a_file_with_stale_answers_keeps_what_it_can(client):
    case = CaseFile(1, "old", {"what-happened": "published", "ghost": "x", "who": "nobody-now"})
    response = resume(client, dump_casefile(case))
    facts = check_page(response)
    assert "Some answers could not be used" in " ".join(facts.text)
    assert client.get("/begin").headers["Location"] == "/q/role"


# A sealed file written before sealed version 2: it named its format and key derivation in clear.
V1_SEALED = (Path(__file__).resolve().parent.parent / "fixtures" / "casefile-v1-sealed.json").read_bytes()


def sealed_asking_for(**changes) -> bytes:
    outer = json.loads(V1_SEALED)
    outer["encrypted"].update(changes)
    return json.dumps(outer).encode()


def test_a_file_sealed_by_the_previous_version_still_resumes(client):
    response = resume(client, V1_SEALED, "correct horse battery staple")
    assert response.status_code == 200  # its answers belong to an older flow: the person is told
    assert "Some answers could not be used" in " ".join(check_page(response).text)


def test_a_saved_sealed_file_is_padded_and_names_nothing(client):
    answer_all(client)
    data = save(client, PASSPHRASE).data
    assert set(json.loads(data)) == {"v", "salt", "nonce", "data"}
    assert b"due-process" not in data and b"argon" not in data
    assert len(casefile._unb64(json.loads(data)["data"])) % casefile.PAD_TO == 16


@pytest.mark.parametrize("changes", [{"lanes": 4}, {"memory_kib": 262144, "iterations": 10}])
def test_a_file_asking_for_other_key_derivation_costs_is_refused(client, changes):
    facts = check_page(resume(client, sealed_asking_for(**changes), "pw"), status=400)
    assert "damaged" in " ".join(facts.text)


def test_the_refusal_is_translated(client):
    use_locale(client, "zh_Hans_CN")
    facts = check_page(resume(client, sealed_asking_for(lanes=2), "pw"), status=400, locale="zh_Hans_CN")
    assert "The file is damaged" not in " ".join(facts.text)


def test_too_many_files_opening_at_once_get_the_busy_page(client, monkeypatch):
    monkeypatch.setattr(casefile, "SLOTS", DerivationSlots(running=1, waiting=0))
    data = dump_casefile(CaseFile(1, "x", {"what-happened": "published"}), "pw")
    with casefile.SLOTS.turn(refuse_when_full=True):
        response = resume(client, data, "pw")
    facts = check_page(response, status=503)
    assert response.headers["Retry-After"] == "10"
    assert "busy" in " ".join(facts.text)
    assert resume(client, data, "pw").status_code in (200, 303)  # the slot is free again


@pytest.mark.parametrize(
    "answers",
    [
        {"what-happened": "ticket-refused", "who": "myself", "ticket-context": [["x"]]},
        {"what-happened": "ticket-refused", "who": "myself", "ticket-context": [{"a": 1}]},
        {"what-happened": "\ud800"},
    ],
)
def test_wrong_shapes_in_answers_get_a_clear_error_not_a_500(client, answers):
    data = json.dumps({"format": FORMAT, "version": 1, "flow_version": 2, "answers": answers}).encode()
    facts = check_page(resume(client, data), status=400)
    assert "damaged" in " ".join(facts.text)


def test_a_lone_surrogate_in_the_details_gets_a_clear_error_not_a_500(client):
    details = {"letter": "1", "applicant_name": "\ud800"}
    data = json.dumps({"format": FORMAT, "version": 1, "flow_version": 2, "answers": {}, "details": details})
    facts = check_page(resume(client, data.encode()), status=400)
    assert "damaged" in " ".join(facts.text)


# Any JSON, nested, with lone surrogates, NaN and huge numbers, in the places a case file has
# values and at the top: resuming never gives a 500.
TEXT = st.one_of(
    st.text(max_size=12),
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3),  # lone surrogates
    st.text(st.characters(categories=["Zl", "Zp", "Cc", "Lo"]), min_size=1, max_size=4),
    st.sampled_from(["١", "1", "23", "-1", "1" * 5000, "published", "myself", "court-debt"]),
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
# Answers along a real path with one of them replaced, so that odd values reach the questions
# that check them (the path ends where a replaced answer does not lead on).
PATH = (
    ("what-happened", "ticket-refused"),
    ("who", "myself"),
    ("ticket-context", ["court-debt"]),
    ("papers-received", ["spending-limit"]),
    ("court-statements", ["none-said"]),
)
ANSWERS = st.builds(
    lambda length, where, odd: {**dict(PATH[:length]), **({PATH[where][0]: odd} if where < length else {})},
    st.integers(0, len(PATH)),
    st.integers(0, len(PATH) - 1),
    st.lists(JSON, min_size=1, max_size=3) | JSON,
)
# Details naming a real letter, so that odd values reach the letter form.
DETAILS = st.fixed_dictionaries(
    {"letter": st.sampled_from(["1", "١", "2", "23", "99"])},
    optional={"applicant_name": TEXT | JSON, "own_account": TEXT | JSON, "grounds": TEXT | JSON, "ghost": JSON},
)
CASE_FILES = st.one_of(
    st.fixed_dictionaries(
        {"format": st.just(FORMAT), "version": st.just(1), "flow_version": st.just(2) | JSON},
        optional={"answers": ANSWERS, "details": DETAILS | JSON, "content_version": TEXT | JSON},
    ),
    st.fixed_dictionaries(
        {"format": st.just(FORMAT) | TEXT, "version": JSON},
        optional={"encrypted": st.dictionaries(TEXT, JSON) | JSON, "answers": JSON},
    ),
    # the sealed layout of version 2 and later
    st.fixed_dictionaries(
        {"v": st.sampled_from([2, 3, 1, True]) | JSON, "salt": TEXT | JSON, "nonce": TEXT | JSON, "data": TEXT | JSON}
    ),
    JSON,
)


@settings(
    max_examples=500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=CASE_FILES, passphrase=st.sampled_from(["", "pw"]))
@example(  # the two shapes the security review found (each gave a 500)
    case={"format": FORMAT, "version": 1, "flow_version": 2, "answers": {**dict(PATH[:2]), "ticket-context": [["x"]]}},
    passphrase="",
)
@example(
    case={"format": FORMAT, "version": 1, "flow_version": 2, "details": {"letter": "1", "applicant_name": "\ud800"}},
    passphrase="",
)
def test_no_case_file_gives_a_500(client, case, passphrase):
    response = resume(client, json.dumps(case).encode(), passphrase)
    assert response.status_code in (200, 303, 400), response.status_code


SUGGESTION = re.compile(r'<p><strong(?: lang="en" dir="ltr")?>([^<]+)</strong></p>')


def suggestion_on(response) -> str:
    match = SUGGESTION.search(response.get_data(as_text=True))
    assert match, "no suggested passphrase on the page"
    return match.group(1)


@pytest.mark.parametrize(
    ("weak", "words"),
    [
        ("1", "at least 12 characters"),
        ("123456", "at least 12 characters"),
        ("123456789012", "too easy to guess"),
        ("passwordpassword", "too easy to guess"),
    ],
)
def test_a_weak_passphrase_is_refused(client, weak, words):
    answer_all(client)
    response = save(client, weak)
    facts = check_page(response, status=400)
    text = " ".join(facts.text)
    assert words in text
    assert response.mimetype == "text/html"
    if len(weak) > 6:
        assert weak not in response.get_data(as_text=True)  # never echoed back


def test_the_refusal_says_how_fast_it_would_fall(client):
    answer_all(client)
    text = " ".join(check_page(save(client, "123456789012"), status=400).text)
    assert "a single processor core could find it in" in text


def test_no_passphrase_still_saves_an_open_file(client):
    answer_all(client)
    assert save(client, "").status_code == 200


def test_the_page_suggests_a_fresh_strong_passphrase_each_time(client):
    answer_all(client)
    first, second = client.get("/save"), client.get("/save")
    one, two = suggestion_on(first), suggestion_on(second)
    assert one != two
    assert len(one.split(" ")) == 5
    # only in the page: not in a cookie, a header or the URL
    for response in (first, second):
        assert one not in str(response.headers) and two not in str(response.headers)
    text = " ".join(check_page(first).text)
    assert "about six tries a second" in text and "with a thousand cores" in text
    assert "years on one core" in text
    saved = save(client, one)
    assert saved.status_code == 200 and saved.mimetype == "application/json"
    with client.application.test_client() as other:
        assert resume(other, saved.data, one).status_code == 200


def test_the_suggestion_is_in_the_persons_language(client):
    use_locale(client, "zh_Hans_CN")
    answer_all(client)
    words = suggestion_on(client.get("/save")).split(" ")
    assert len(words) == 6 and all(len(word) == 2 and not word.isascii() for word in words)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (5, "less than a minute"),
        (60, "about 1 minute"),
        (2**19 / 6, "about 24 hours"),  # a six-digit number, half the numbers tried
        (2**44 / 6, "about 93,000 years"),  # rounded to two digits
        (2**60, "more than a million years"),
    ],
)
def test_guessing_times_in_plain_words(app, seconds, words):
    from clinic.web.messages import time_to_guess

    with app.test_request_context("/"):
        assert time_to_guess(seconds) == words


@pytest.mark.parametrize("locale", LOCALES)
def test_the_save_page_with_its_suggestion_and_refusal_passes_the_checks(client, locale):
    use_locale(client, locale)
    answer_all(client)
    check_page(client.get("/save"), locale=locale)
    check_page(save(client, "123456789012"), status=400, locale=locale)
