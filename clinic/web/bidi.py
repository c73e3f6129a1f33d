"""Keeping left-to-right tokens in order on right-to-left pages.

On a Uyghur page a case number such as （2024）京0105执1234号, a phone number such as +86 138 0013 8000
or a citation sits inside right-to-left text; without isolation the browser's bidi algorithm moves
its brackets and signs to the wrong ends. Messages and hints are whole translated sentences, so the
tokens cannot be marked up in the catalogue: ``isolate`` finds them (runs of characters that are not
Arabic script and hold a digit, a Han character or a Latin letter) and wraps each in
``<bdi dir="ltr">``. Everything is escaped first; on left-to-right pages the text is only escaped.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# Characters that end a left-to-right run: whitespace, Arabic-script letters and punctuation, and
# the quotation marks Uyghur text puts around words.
_SEPARATOR = "\\s\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff«»“”\"'"
_RUN = re.compile(f"[^{_SEPARATOR}]+(?:[ \u00a0]+[^{_SEPARATOR}]+)*")
_STRONG = re.compile(r"[0-9０-９A-Za-zＡ-Ｚａ-ｚ\u3400-\u9fff\uf900-\ufaff]")
_TRAILING = ".,;:!?。，；：！？"
_PAIRS = {")": "(", "）": "（", "]": "[", "〕": "〔", "】": "【", "》": "《"}


def _balanced_end(token: str) -> int:
    """How much of the run to keep: without trailing sentence punctuation or closing brackets that
    belong to the sentence around it (opened before the run)."""
    end = len(token)
    while end:
        ch = token[end - 1]
        if ch in _TRAILING:
            end -= 1
        elif ch in _PAIRS and token[:end].count(_PAIRS[ch]) < token[:end].count(ch):
            end -= 1
        else:
            break
    return end


def _balanced_start(token: str) -> int:
    """Leading punctuation, and opening brackets that the run never closes, belong to the sentence
    around the run, not to the token."""
    start = 0
    while start < len(token):
        ch = token[start]
        if ch in _TRAILING or ch in " \u00a0":
            start += 1
            continue
        closing = next((c for c, o in _PAIRS.items() if o == ch), None)
        if closing is not None and token[start:].count(closing) < token[start:].count(ch):
            start += 1
        else:
            break
    return start


def isolate_runs(text: str) -> Markup:
    """``text`` escaped, each left-to-right token wrapped in ``<bdi dir="ltr">`` (see the module)."""
    out: list[Markup | str] = []
    last = 0
    for match in _RUN.finditer(text):
        token = match.group(0)
        start, end = _balanced_start(token), _balanced_end(token)
        core = token[start:end] if start < end else ""
        if not core or not _STRONG.search(core):
            continue
        begin = match.start() + start
        out.append(escape(text[last:begin]))
        out.append(Markup('<bdi dir="ltr">{}</bdi>').format(core))
        last = begin + len(core)
    out.append(escape(text[last:]))
    return Markup("").join(out)


def isolate(text: object, direction: str) -> Markup:
    """For templates: isolate the tokens on a right-to-left page; elsewhere only escape."""
    value = str(text)
    return isolate_runs(value) if direction == "rtl" else escape(value)
