"""Translated messages for the problem codes the pure packages raise."""

from __future__ import annotations

from flask_babel import format_decimal, gettext, ngettext
from flask_babel import lazy_gettext as _l

ANSWER_ERRORS = {
    "choose-one": _l("Select one option."),
    "choose-some": _l("Select at least one option."),
    "not-on-path": _l("That question does not apply to your earlier answers."),
    "date-required": _l("Enter the date, or tick “I do not know”."),
    "date-or-unknown": _l("Either enter the date or tick “I do not know”, not both."),
    "date-incomplete": _l("Enter the year, the month and the day."),
    "date-invalid": _l("Enter a real date, for example 2025 3 27."),
    "date-too-early": _l("The date must be in 1990 or later."),
    "date-future": _l("The date must be today or in the past."),
    "date-before-decision": _l("The day you received it cannot be before the date on the decision or notice."),
}


def none_with_others(label: str) -> str:
    """The refusal of a "none of these" answer ticked together with other answers (the label is the
    choice's own translated text, so the person sees which box to untick)."""
    return str(
        gettext(
            "“%(choice)s” cannot be chosen together with other answers. Untick it, or untick the others.", choice=label
        )
    )


CASEFILE_ERRORS = {
    "missing": _l("Choose the file you saved."),
    "too-large": _l("The file is too large to be a saved case file."),
    "empty": _l("The file is empty."),
    "not-json": _l("The file is not a saved case file: it could not be read."),
    "not-case-file": _l("The file is not a case file saved by this service."),
    "newer-version": _l("The file was saved by a newer version of this service. Ask the people who run it to update."),
    "passphrase-needed": _l("The file is locked with a passphrase. Enter the passphrase."),
    "wrong-passphrase": _l("The passphrase does not open this file. Check it and try again."),
    "passphrase-too-long": _l("The passphrase is too long. Use at most 1,024 characters."),
    "corrupt": _l("The file is damaged and cannot be used."),
    "answers-outdated": _l(
        "The file was saved with questions that have since changed. Some answers could not be used; check them before you go on."
    ),
    "is-letter": _l(
        "This file is the letter (a PDF), not your saved notes. Choose the file called notes.json, "
        "or the name you gave it when you saved it."
    ),
    "passphrase-mismatch": _l("The two passphrases are not the same."),
    "passphrase-too-short": _l("Use at least 12 characters, for example four or five words."),
}

_MINUTE, _HOUR, _DAY, _YEAR = 60, 3600, 86400, 365.25 * 86400


def _rounded(value: float) -> int:
    """Two significant digits: an estimate should not look more precise than it is."""
    whole = round(value)
    if whole < 100:
        return whole
    scale = 10 ** (len(str(whole)) - 2)
    return int(round(whole / scale) * scale)


def time_to_guess(seconds: float) -> str:
    """A guessing time in plain words ("about 3 hours", "more than a million years"), in one unit
    and rounded to two digits."""
    if seconds < _MINUTE:
        return str(gettext("less than a minute"))
    if seconds < _HOUR:
        num = round(seconds / _MINUTE)
        return str(ngettext("about %(count)s minute", "about %(count)s minutes", num, count=num))
    if seconds < 2 * _DAY:
        num = round(seconds / _HOUR)
        return str(ngettext("about %(count)s hour", "about %(count)s hours", num, count=num))
    if seconds < 2 * _YEAR:
        num = _rounded(seconds / _DAY)
        return str(ngettext("about %(count)s day", "about %(count)s days", num, count=format_decimal(num)))
    if seconds < 1_000_000 * _YEAR:
        num = _rounded(seconds / _YEAR)
        return str(ngettext("about %(count)s year", "about %(count)s years", num, count=format_decimal(num)))
    return str(gettext("more than a million years"))


def passphrase_too_weak(seconds: float) -> str:
    """The refusal of a passphrase that one core would guess in ``seconds`` on average."""
    return str(
        gettext(
            "This passphrase is too easy to guess: a single processor core could find it in %(time)s. "
            "Add more words, or use the passphrase suggested below.",
            time=time_to_guess(seconds),
        )
    )


STATE_PROBLEMS = {
    "expired": _l("For your safety, your answers were cleared after two hours without use."),
    "missing": _l(
        "Your answers are no longer in this browser. For your safety they are cleared after two hours without use, "
        "when the browser closes, and by “Leave this site”."
    ),
    "unreadable": _l("Your answers could not be read. This happens when the browser sends damaged or altered data."),
    "outdated": _l("Your answers were given to an earlier version of these questions and cannot be used any more."),
}

FIELD_ERRORS = {
    "required": _l("This is needed for the letter."),
    "too-long": _l("This is too long."),
    "too-many-lines": _l("This has too many lines. Join short lines into paragraphs."),
    "invalid": _l("Check what you entered."),
    "choose-one": _l("Select one option."),
    "choose-ground": _l("Tick at least one reason, or describe what happened in your own words."),
    "id-number-format": _l("Enter the 18-character resident identity number, for example 11010519491231002X."),
    "id-number-date": _l("The birth date inside this identity number is not a real date. Check the number."),
    "id-number-check": _l("This identity number's last character does not match the others. Check the number."),
    "uscc-format": _l("Enter the 18-character unified social credit code, as on the business licence."),
    "uscc-check": _l("This code's last character does not match the others. Check the code."),
    "case-number-format": _l(
        "Enter the case number as it appears on the court's papers, for example （2024）京0105执1234号."
    ),
    "phone-format": _l("Enter a telephone number, with digits only (spaces, + and - are fine)."),
    "hk-macao-permit-format": _l("Enter the permit number: H or M and 8 digits, for example H12345678."),
    "taiwan-permit-format": _l("Enter the permit number: 8 digits, for example 12345678."),
    "passport-format": _l("Enter the passport number as printed: letters and digits, for example E12345678."),
    "foreign-permanent-resident-format": _l(
        "Enter the card number: 3 letters and 12 digits, or 18 characters beginning with 9."
    ),
    "party-id-format": _l(
        "Enter an identity document number or, for an organisation, its 18-character unified social credit code."
    ),
    "postcode-format": _l("Enter a postcode of 6 digits, for example 100020."),
    "date-incomplete": _l("Enter the year, the month and the day."),
    "date-invalid": _l("Enter a real date, for example 2025 3 27."),
    "date-too-early": _l("The date must be in 1990 or later."),
    "date-future": _l("The date must be today or in the past."),
}

# The grounds' logic (clinic.letters.grounds): %(ground)s and %(other)s are reason labels as the
# form shows them, %(date)s a date in the reader's format.
GROUND_ERRORS = {
    "not-for-kind": _l(
        "“%(ground)s” does not apply to who is sending the letter. Untick it, or change who is sending it."
    ),
    "exclusive": _l("“%(ground)s” and “%(other)s” cannot both be true. Tick only the one that fits."),
    "choose-one": _l("Select one option."),
    "needs-other-option": _l("“%(ground)s” does not fit the option you selected. Untick it, or change the option."),
    "ground-date-needed": _l("Enter this date: the reason “%(ground)s” depends on it."),
    "ground-too-early": _l(
        "“%(ground)s” is not yet true on the date of the letter. It is true from %(date)s: date the letter "
        "then, or untick this reason."
    ),
    "letter-date-needed": _l("Enter this date: whether you can apply yet depends on it."),
    "letter-too-early": _l(
        "You cannot apply yet: the waiting period runs until the day before %(date)s. Date the letter %(date)s or later."
    ),
}


def too_long(limit: int, own_words: bool) -> str:
    """ "This is too long" with the limit and what belongs in the box, so the person knows how to fix it."""
    if own_words:
        return str(
            gettext(
                "This is too long: at most %(number)s characters fit here. Keep to the main facts the authority "
                "needs; papers that show more can go with the letter as attachments.",
                number=format_decimal(limit),
            )
        )
    return str(
        gettext(
            "This is too long: at most %(number)s characters fit here. Write only what this box asks for; "
            "anything else belongs in your own words further down.",
            number=format_decimal(limit),
        )
    )


# The rules pages' date forms use the letter form's wording for the same problems; an empty date
# there is not "needed for the letter".
DATE_ERRORS = {
    "required": _l("Enter the date."),
    **{code: FIELD_ERRORS[code] for code in ("date-incomplete", "date-invalid", "date-too-early", "date-future")},
}

# What a calendar reminder may be called. Phone calendars copy events to online accounts, so the
# person picks a name that says nothing about the legal matter; the first one is the default.
REMINDER_NAMES = {
    "reminder": _l("Reminder"),
    "appointment": _l("Appointment"),
    "errand": _l("Errand"),
}
