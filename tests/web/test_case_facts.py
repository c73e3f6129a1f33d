"""The case-fact questions through the pages: dates typed as year, month and day (or "I do not
know"), their errors, "none of these" ticked with other answers, and a change on Check your answers
that removes later answers."""

from __future__ import annotations

import pytest

from clinic.state import COOKIE_NAME
from tests.pagecheck import check_page
from tests.posting import answer, answer_all, page_text
from tests.web.test_state import payload

LOCALES = ("en", "zh_Hans_CN", "zh_Hant_TW", "ug")

# "The court served me a decision listing me for two years; I have paid since."
TO_THE_DATES = (
    ("what-happened", {"answer": "court-papers"}),
    ("role", {"answer": "self"}),
    ("who", {"answer": "myself"}),
    ("debt-status", {"answer": "paid-in-full"}),
    ("papers-received", {"answer": ["decision-to-publish"]}),
    ("decision-period", {"answer": "period-set"}),
)


def date_parts(year: str, month: str, day: str) -> dict[str, str]:
    """A date as the three inputs post it."""
    return {"answer-year": year, "answer-month": month, "answer-day": day}


@pytest.mark.parametrize("locale", LOCALES)
def test_the_date_page_has_three_numeric_inputs_and_a_dont_know_box(client, locale: str) -> None:  # type: ignore[no-untyped-def]
    client.get(f"/language/{locale}?next=/")
    answer_all(client, TO_THE_DATES)
    response = client.get("/q/decision-date")
    check_page(response, locale=locale)
    html = response.get_data(as_text=True)
    for part in ("year", "month", "day"):
        assert f'name="answer-{part}" type="text" inputmode="numeric" autocomplete="off" dir="ltr"' in html
    assert 'type="checkbox" id="unknown" name="unknown" value="yes"' in html


def test_full_width_digits_are_stored_as_an_iso_date(client) -> None:  # type: ignore[no-untyped-def]
    answer_all(client, TO_THE_DATES)
    response = answer(client, "decision-date", **date_parts("２０２５", "６", "２"))
    assert response.status_code == 303 and response.headers["Location"] == "/q/served-date"
    assert payload(client)["answers"]["decision-date"] == "2025-06-02"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (date_parts("2025", "2", "30"), "Enter a real date"),
        (date_parts("2099", "1", "1"), "The date must be today or in the past."),
        (date_parts("2025", "", "3"), "Enter the year, the month and the day."),
        (date_parts("", "", ""), "Enter the date, or tick “I do not know”."),
        ({**date_parts("2025", "3", "1"), "unknown": "yes"}, "not both"),
    ],
)
def test_a_bad_date_is_refused_with_its_own_message_and_the_typing_kept(client, typed, message: str) -> None:  # type: ignore[no-untyped-def]
    answer_all(client, TO_THE_DATES)
    response = answer(client, "decision-date", **typed)
    text = " ".join(check_page(response, status=400).text)
    assert message in text
    html = response.get_data(as_text=True)
    assert (
        f'id="answer-year" name="answer-year" type="text" inputmode="numeric" autocomplete="off" dir="ltr" value="{typed["answer-year"]}"'
        in html
    )
    assert 'href="#answer-year"' in html  # the summary links to the first input
    assert "decision-date" not in payload(client)["answers"]


def test_a_decision_cannot_be_received_before_it_was_made(client) -> None:  # type: ignore[no-untyped-def]
    answer_all(client, TO_THE_DATES)
    answer(client, "decision-date", **date_parts("2025", "6", "10"))
    response = answer(client, "served-date", **date_parts("2025", "6", "9"))
    assert "cannot be before the date on the decision" in page_text(response, locale=None)
    assert response.status_code == 400
    assert answer(client, "served-date", **date_parts("2025", "6", "10")).status_code == 303


@pytest.mark.parametrize(("locale", "shown"), [("en", "June 2, 2025"), ("zh_Hans_CN", "2025年6月2日")])
def test_check_your_answers_writes_dates_for_the_locale_and_says_unknown(client, locale: str, shown: str) -> None:  # type: ignore[no-untyped-def]
    client.get(f"/language/{locale}?next=/")
    answer_all(
        client,
        [
            *TO_THE_DATES,
            ("decision-date", date_parts("2025", "6", "2")),
            ("served-date", {"unknown": "yes"}),
            ("already-tried", {"answer": "nothing-yet"}),
        ],
    )
    text = " ".join(check_page(client.get("/check"), locale=locale).text)
    assert shown in text
    if locale == "en":
        assert "I do not know" in text


def test_changing_the_decision_date_drops_a_served_date_before_it_and_says_so(client) -> None:  # type: ignore[no-untyped-def]
    answer_all(
        client,
        [
            *TO_THE_DATES,
            ("decision-date", date_parts("2025", "6", "2")),
            ("served-date", date_parts("2025", "6", "5")),
            ("already-tried", {"answer": "nothing-yet"}),
        ],
    )
    response = answer(client, "decision-date", **date_parts("2025", "6", "9"))
    assert response.headers["Location"] == "/q/served-date?changed=1"
    assert "no longer applied" in page_text(client.get(response.headers["Location"]))
    stored = payload(client)["answers"]
    assert stored["decision-date"] == "2025-06-09" and "served-date" not in stored


def test_none_of_these_with_another_answer_is_refused_and_the_ticks_kept(client) -> None:  # type: ignore[no-untyped-def]
    answer_all(
        client,
        [
            ("what-happened", {"answer": "ticket-refused"}),
            ("role", {"answer": "helper"}),
            ("who", {"answer": "myself"}),
            ("refusal-message", {"answer": "not-seen"}),
        ],
    )
    response = answer(client, "ticket-context", answer=["on-journey", "none-known"])
    text = " ".join(check_page(response, status=400).text)
    assert "“I do not know, or none of these apply” cannot be chosen together with other answers" in text
    html = response.get_data(as_text=True)
    assert 'value="on-journey" checked' in html and 'value="none-known" checked' in html


def test_the_state_holds_only_answer_ids_and_dates(client) -> None:  # type: ignore[no-untyped-def]
    answer_all(
        client,
        [
            *TO_THE_DATES,
            ("decision-date", date_parts("2025", "6", "2")),
            ("served-date", {"unknown": "yes"}),
            ("already-tried", {"answer": "correction"}),
            ("tried-outcome", {"answer": "refused"}),
            ("tried-date", date_parts("2025", "7", "1")),
        ],
    )
    stored = payload(client)
    assert set(stored) <= {"v", "fv", "csrf_token", "answers"}
    assert stored["answers"]["served-date"] == "unknown" and stored["answers"]["tried-date"] == "2025-07-01"
    raw = client.get_cookie(COOKIE_NAME).value
    assert "2025" not in raw and "unknown" not in raw  # the cookie is encrypted
