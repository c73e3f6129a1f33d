"""The case file format: round trips, sealing, and every way an upload can be wrong."""

import json
import threading
from pathlib import Path

import pytest

from clinic import casefile
from clinic.casefile import FORMAT, CaseFile, CaseFileError, DerivationSlots, dump_casefile, load_casefile

CASE = CaseFile(
    flow_version=1, content_version="flow-1", answers={"what-happened": "published"}, details={"name": "张三"}
)
LIMIT = 256 * 1024
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# Written by the code before sealed version 2 (format named in clear, parameters in the file).
V1_SEALED = (FIXTURES / "casefile-v1-sealed.json").read_bytes()
V1_PASSPHRASE = "correct horse battery staple"


def test_plain_round_trip():
    data = dump_casefile(CASE)
    assert json.loads(data)["format"] == FORMAT
    assert load_casefile(data, None, LIMIT) == CASE


def test_sealed_round_trip_hides_everything():
    data = dump_casefile(CASE, "correct horse battery staple")
    assert b"published" not in data and "张三".encode() not in data
    outer = json.loads(data)
    assert set(outer) == {"v", "salt", "nonce", "data"}
    assert outer["v"] == 2
    assert load_casefile(data, "correct horse battery staple", LIMIT) == CASE


def test_a_sealed_file_names_neither_the_service_nor_the_key_derivation():
    """Only what opening needs is in clear: the sealed version, the salt, the nonce."""
    outer = json.loads(dump_casefile(CASE, "pw"))
    # what is in clear besides random base64: the keys and the version
    text = " ".join(outer).lower()
    assert outer["v"] == 2
    assert all(casefile._unb64(outer[key]) for key in ("salt", "nonce", "data"))
    for word in ("due-process", "clinic", "case-file", "format", "argon", "kdf", "memory", "encrypted"):
        assert word not in text, word


@pytest.mark.parametrize("size", [0, 1, 1000, 3900])
def test_sealed_size_shows_only_the_4_kib_bucket(size):
    """Files with little or much inside (up to one block) are exactly the same size."""
    small = CaseFile(flow_version=1, content_version="flow-1", answers={})
    larger = CaseFile(flow_version=1, content_version="flow-1", answers={}, details={"x": "y" * size} if size else {})
    assert len(dump_casefile(small, "pw")) == len(dump_casefile(larger, "pw"))
    raw = casefile._unb64(json.loads(dump_casefile(larger, "pw"))["data"])
    assert len(raw) == casefile.PAD_TO + 16  # one block and the GCM tag


def test_padding_rounds_up_to_whole_blocks():
    assert len(casefile.pad(b"")) == casefile.PAD_TO
    assert len(casefile.pad(b"x" * casefile.PAD_TO)) == casefile.PAD_TO
    assert len(casefile.pad(b"x" * (casefile.PAD_TO + 1))) == 2 * casefile.PAD_TO
    assert casefile.pad(b'{"a": 1}').rstrip(b" ") == b'{"a": 1}'


def test_a_sealed_file_from_the_previous_version_still_opens():
    assert json.loads(V1_SEALED)["format"] == FORMAT  # really the old layout
    assert load_casefile(V1_SEALED, V1_PASSPHRASE, LIMIT) == CASE
    with pytest.raises(CaseFileError) as problem:
        load_casefile(V1_SEALED, "wrong", LIMIT)
    assert problem.value.code == "wrong-passphrase"


def test_a_plain_file_from_the_previous_version_still_opens():
    assert load_casefile((FIXTURES / "casefile-v1-plain.json").read_bytes(), None, LIMIT) == CASE


def sealed_with(**changes):
    """The version 1 sealed file with its encrypted block changed."""
    outer = json.loads(V1_SEALED)
    outer["encrypted"].update(changes)
    return json.dumps(outer).encode()


def sealed_v2_with(**changes):
    outer = json.loads(dump_casefile(CASE, "pw"))
    outer.update(changes)
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
        (sealed_with(lanes=4), "pw", "corrupt"),
        (sealed_with(salt="!!!"), "pw", "corrupt"),
        (sealed_with(nonce="AAAA"), "pw", "corrupt"),
        (sealed_with(ciphertext="AAAA" * 10), "pw", "wrong-passphrase"),  # tampered: tag fails
        (sealed_with(kdf="md5"), "pw", "corrupt"),
        (sealed_v2_with(v=3), "pw", "newer-version"),
        (sealed_v2_with(v=1), "pw", "not-case-file"),  # version 1 always named its format
        (sealed_v2_with(v=True), "pw", "not-case-file"),
        (sealed_v2_with(v="2"), "pw", "not-case-file"),
        (sealed_v2_with(extra="x"), "pw", "not-case-file"),
        (sealed_v2_with(salt="!!!"), "pw", "corrupt"),
        (sealed_v2_with(salt="AAAA"), "pw", "corrupt"),  # too short
        (sealed_v2_with(nonce="AAAA"), "pw", "corrupt"),
        (sealed_v2_with(data="AAAA" * 10), "pw", "wrong-passphrase"),  # tampered: tag fails
        (sealed_v2_with(data=None), "pw", "corrupt"),
        (b'{"v": 2, "salt": "", "nonce": "", "data": ""}', None, "corrupt"),
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


def plain_file(**fields):
    return json.dumps({"format": FORMAT, "version": 1, "flow_version": 1, **fields}).encode()


@pytest.mark.parametrize(
    "changes",
    [
        {"lanes": 2},  # lanes 2-4 made concurrent derivations hang for good in OpenSSL
        {"lanes": 4},
        {"memory_kib": 262144},  # the file used to choose up to 256 MiB per request
        {"memory_kib": 8192},  # cheaper than the app writes: a weaker lock is not this app's file either
        {"iterations": 10},
        {"iterations": 1},
        {"lanes": True},  # JSON true is not the integer 1
        {"memory_kib": 65536.0},
        {"iterations": "3"},
        {"lanes": None},
    ],
)
def test_other_key_derivation_parameters_are_refused_without_deriving(monkeypatch, changes):
    data, derived = sealed_with(**changes), []
    monkeypatch.setattr(casefile, "_derive", lambda *args, **kw: derived.append(args) or b"k" * 32)
    with pytest.raises(CaseFileError) as problem:
        load_casefile(data, "pw", LIMIT)
    assert problem.value.code == "corrupt"
    assert derived == []


def test_the_parameters_the_app_writes_are_the_accepted_ones(monkeypatch):
    derived = []
    real = casefile._derive
    monkeypatch.setattr(casefile, "_derive", lambda *args, **kw: derived.append(args[2:4]) or real(*args, **kw))
    data = dump_casefile(CASE, "pw")
    load_casefile(data, "pw", LIMIT)
    (written,) = set(derived)  # saving and opening use the same cost
    assert written == casefile.SEALED_KDF_PARAMETERS[json.loads(data)["v"]]
    assert (*written, casefile.KDF_LANES) in casefile.ACCEPTED_KDF_PARAMETERS
    assert all(lanes == 1 for _memory, _iterations, lanes in casefile.ACCEPTED_KDF_PARAMETERS)


def test_opening_a_file_beyond_the_derivation_slots_is_refused_as_busy(monkeypatch):
    monkeypatch.setattr(casefile, "SLOTS", DerivationSlots(running=1, waiting=0))
    data = dump_casefile(CASE, "pw")
    with casefile.SLOTS.turn(refuse_when_full=True), pytest.raises(CaseFileError) as problem:
        load_casefile(data, "pw", LIMIT)
    assert problem.value.code == "busy"
    assert load_casefile(data, "pw", LIMIT) == CASE  # the slot is free again


def test_saving_waits_for_a_slot_instead_of_failing(monkeypatch):
    monkeypatch.setattr(casefile, "SLOTS", DerivationSlots(running=1, waiting=0))
    holding, saved = threading.Event(), []
    release = threading.Event()

    def hold() -> None:
        with casefile.SLOTS.turn(refuse_when_full=True):
            holding.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(5)
    saver = threading.Thread(target=lambda: saved.append(dump_casefile(CASE, "pw")))
    saver.start()
    saver.join(0.3)
    assert saver.is_alive() and not saved  # waiting its turn
    release.set()
    saver.join(10)
    holder.join()
    assert load_casefile(saved[0], "pw", LIMIT) == CASE


@pytest.mark.parametrize(
    "data",
    [
        plain_file(answers={"ticket-context": [["x"]]}),  # a list inside a multiple-choice answer
        plain_file(answers={"ticket-context": [{"a": 1}]}),
        plain_file(answers={"what-happened": {"a": 1}}),
        plain_file(answers={"what-happened": 5}),
        plain_file(answers={"what-happened": "\ud800"}),  # a lone surrogate
        plain_file(answers={"\udfff": "published"}),
        plain_file(answers={}, details={"letter": "1", "applicant_name": "\ud800"}),
        plain_file(answers={}, content_version="\ud800"),
        plain_file(answers={}, flow_version=True),
    ],
)
def test_wrong_shapes_and_unencodable_text_are_damaged_files(data):
    with pytest.raises(CaseFileError) as problem:
        load_casefile(data, None, LIMIT)
    assert problem.value.code == "corrupt"
