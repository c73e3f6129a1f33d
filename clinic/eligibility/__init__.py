"""Eligibility as content: which remedy a person can use today, by when, or why not.

A pure package (no Flask, no clock: today is a parameter). The rules are the ``eligibility:`` and
``prefill:`` blocks of the remedy files; ``assess`` turns them and the answers into a verdict that
cites its article, ``plan`` orders the filings to make now, ``prefill_data`` fills a letter form.
"""

from clinic.eligibility.evaluate import answered_date, assess, earliest_event, follow_up
from clinic.eligibility.model import Eligibility, FollowUp, Prefill, Verdict
from clinic.eligibility.parse import Book, check_book, load_book, prefill_problems, read_book
from clinic.eligibility.plan import Plan, plan
from clinic.eligibility.prefill import prefill_data, unanswered_filings
from clinic.eligibility.tellapart import TellApart, load_tell_apart, tell_apart_for

__all__ = [
    "Book",
    "Eligibility",
    "FollowUp",
    "Plan",
    "Prefill",
    "TellApart",
    "Verdict",
    "answered_date",
    "assess",
    "check_book",
    "earliest_event",
    "follow_up",
    "load_book",
    "load_tell_apart",
    "plan",
    "prefill_data",
    "prefill_problems",
    "read_book",
    "tell_apart_for",
    "unanswered_filings",
]
