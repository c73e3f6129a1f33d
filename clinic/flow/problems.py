"""The one exception for an answer that cannot be accepted, shared by the engine and the date
checks (its own module so that neither has to import the other)."""

from __future__ import annotations


class AnswerError(ValueError):
    """An answer is not acceptable; ``code`` names the problem for a translated message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
