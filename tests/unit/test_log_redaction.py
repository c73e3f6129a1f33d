"""gunicorn's own log lines must not carry a client's address or the text of its request."""

import logging

import pytest

from clinic.security import GunicornRedactingFilter

CANARY = "CNRYline0000007"


def record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("gunicorn.error", logging.WARNING, __file__, 1, message, args or None, None)


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        # What gunicorn 27 writes for a malformed request line and a malformed header, word for word.
        (
            f"Invalid request from ip=203.0.113.7: Invalid HTTP request line: 'GET /?n={CANARY} HTTP/1.1'",
            "Invalid HTTP request line",
        ),
        (
            f"Invalid request from ip=2001:db8::1: Invalid HTTP header name: 'Bad Header {CANARY}'",
            "Invalid HTTP header name",
        ),
        ("Invalid request from ip=203.0.113.7: Request Line is too large (9000 > 4094)", "Request Line is too large"),
    ],
)
def test_invalid_request_lines_lose_the_address_and_the_request_text(message, kind):
    item = record(message)
    assert GunicornRedactingFilter().filter(item)
    text = item.getMessage()
    assert CANARY not in text and "203.0.113.7" not in text and "2001:db8" not in text
    assert kind in text


def test_other_lines_keep_their_words_but_not_their_arguments():
    item = record("Error handling request %s %s", "POST", f"/letter/x?{CANARY}")
    GunicornRedactingFilter().filter(item)
    assert CANARY not in item.getMessage()
    assert item.getMessage().startswith("Error handling request")
