"""The case file format: round trips, sealing, and every way an upload can be wrong."""

import json

import pytest

from clinic.casefile import FORMAT, CaseFile, CaseFileError, dump_casefile, load_casefile

CASE = CaseFile(
    flow_version=1, content_version="flow-1", answers={"what-happened": "published"}, details={"name": "张三"}
)
LIMIT = 256 * 1024


def test_plain_round_trip():
    data = dump_casefile(CASE)
    assert json.loads(data)["format"] == FORMAT
    assert load_casefile(data, None, LIMIT) == CASE


def test_sealed_round_trip_hides_everything():
    data = dump_casefile(CASE, "correct horse battery staple")
    assert b"published" not in data and "张三".encode() not in data
    outer = json.loads(data)
    assert set(outer) == {"format", "version", "encrypted"}
    assert outer["encrypted"]["kdf"] == "argon2id"
    assert load_casefile(data, "correct horse battery staple", LIMIT) == CASE


def sealed_with(**changes):
    outer = json.loads(dump_casefile(CASE, "pw"))
    outer["encrypted"].update(changes)
    return json.dumps(outer).encode()


@pytest.mark.parametrize(
    ("data", "passphrase", "code"),
    [
        (b"", None, "empty"),
        (b"   \n", None, "empty"),
        (b"\xff\xfe\x00garbage", None, "not-json"),
        (b"{not json", None, "not-json"),
        (b"[" * 100000, None, "not-json"),  # deeply nested: no RecursionError escapes
        (b'"a string"', None, "not-case-file"),
        (b'{"format": "something-else", "version": 1}', None, "not-case-file"),
        (json.dumps({"format": FORMAT, "version": "1"}).encode(), None, "not-case-file"),
        (json.dumps({"format": FORMAT, "version": 99}).encode(), None, "newer-version"),
        (json.dumps({"format": FORMAT, "version": 1, "answers": []}).encode(), None, "corrupt"),
        (
            json.dumps(
                {"format": FORMAT, "version": 1, "flow_version": 1, "answers": {}, "details": {"x": 1}}
            ).encode(),
            None,
            "corrupt",
        ),
        (dump_casefile(CASE, "pw"), None, "passphrase-needed"),
        (dump_casefile(CASE, "pw"), "wrong", "wrong-passphrase"),
        (dump_casefile(CASE, "pw"), "x" * 2000, "passphrase-too-long"),
        (sealed_with(memory_kib=10**9), "pw", "corrupt"),  # a hostile file cannot ask for 1 TB of memory
        (sealed_with(iterations=10**6), "pw", "corrupt"),
        (sealed_with(salt="!!!"), "pw", "corrupt"),
        (sealed_with(nonce="AAAA"), "pw", "corrupt"),
        (sealed_with(ciphertext="AAAA" * 10), "pw", "wrong-passphrase"),  # tampered: tag fails
        (sealed_with(kdf="md5"), "pw", "corrupt"),
        (b"{" + b" " * (LIMIT + 1) + b"}", None, "too-large"),
    ],
)
def test_bad_files_are_refused_with_a_code(data, passphrase, code):
    with pytest.raises(CaseFileError) as problem:
        load_casefile(data, passphrase, LIMIT)
    assert problem.value.code == code


def test_error_messages_never_echo_the_file():
    with pytest.raises(CaseFileError) as problem:
        load_casefile(b'{"format": "CANARY-in-file"}', None, LIMIT)
    assert "CANARY" not in str(problem.value)
