"""The rules pages: every list in every locale, the date that picks the law's version, deadlines."""

import pytest

from clinic import services
from tests.conftest import LOCALES, csrf_from, use_locale
from tests.pagecheck import check_headers, check_page
from tests.posting import page_text

FORMER_NUMBERS = 13


def list_ids(client):
    return [regime.id for regime in services.of(client.application).content.catalogue.lists]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_rules_page_passes_the_checks(client, locale):
    use_locale(client, locale)
    index = client.get("/rules")
    check_page(index, locale=locale)
    for list_id in list_ids(client):
        assert f'href="/rules/{list_id}"' in index.get_data(as_text=True)
        check_page(client.get(f"/rules/{list_id}"), locale=locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_unknown_rules_page_is_a_translated_404(client, locale):
    use_locale(client, locale)
    check_page(client.get("/rules/no-such-list"), status=404, locale=locale)
    check_page(client.get(f"/rules/{FORMER_NUMBERS + 1}"), status=404, locale=locale)
    check_page(client.get("/rules/0"), status=404, locale=locale)


def test_former_numbered_urls_redirect_to_the_permanent_ones(client):
    response = client.get("/rules/1")
    assert response.status_code == 301
    assert response.headers["Location"] == "/rules/dishonest-judgment-defaulters"
    assert client.get("/rules/13").headers["Location"] == "/rules/administrative-review-and-litigation"
    token = csrf_from(client.get("/rules/dishonest-judgment-defaulters"))
    posted = client.post("/rules/1", data={"csrf_token": token, "action": "on"})
    assert posted.status_code == 308
    assert posted.headers["Location"] == "/rules/dishonest-judgment-defaulters"
    reminder = client.post("/rules/3/reminder", data={"csrf_token": token})
    assert reminder.status_code == 308
    assert reminder.headers["Location"] == "/rules/enforcement-objection-and-exit-ban/reminder"


def test_page_shows_basis_verification_and_portal(client):
    list_id = "dishonest-judgment-defaulters"
    text = page_text(client.get(f"/rules/{list_id}"))
    assert "失信被执行人名单" in text
    assert "last checked" in text and "secondary sources" in text
    assert "zxgk.court.gov.cn" in text
    assert "Article 12" in text  # the correction procedure
    assert "Within 10 days from" in text


def test_the_date_picks_the_version_of_the_law(client):
    list_id = "enforcement-objection-and-exit-ban"
    page = client.get(f"/rules/{list_id}")
    token = csrf_from(page)
    texts = {}
    for year, month, day in (("2021", "6", "1"), ("2023", "5", "1"), ("2024", "2", "1")):
        response = client.post(
            f"/rules/{list_id}", data={"csrf_token": token, "action": "on", "year": year, "month": month, "day": day}
        )
        texts[year] = page_text(response)
    assert "Article 225" in texts["2021"]
    assert "Article 232" in texts["2023"]
    assert "Article 236" in texts["2024"]


def test_deadline_is_worked_out_with_the_holiday_calendar(client):
    list_id = "dishonest-judgment-defaulters"
    token = csrf_from(client.get(f"/rules/{list_id}"))
    form = {
        "csrf_token": token,
        "action": "deadline",
        "remedy": "reconsideration-of-correction-refusal",
        "year": "2026",
        "month": "9",
        "day": "25",
    }
    text = page_text(client.post(f"/rules/{list_id}", data=form))
    # 10 days from 25 September 2026 ends on 5 October, inside the National Day holiday.
    assert "Deadline: October 8, 2026" in text
    assert "moves to the next working day" in text
    reminder = client.post(f"/rules/{list_id}/reminder", data={k: v for k, v in form.items() if k != "action"})
    check_headers(reminder)
    assert reminder.mimetype == "text/calendar"
    assert reminder.headers["Content-Disposition"] == 'attachment; filename="reminder.ics"'
    assert b"DTSTART;VALUE=DATE:20261008" in reminder.data


def test_a_bad_date_gets_a_translated_error_and_keeps_the_input(client):
    use_locale(client, "zh_Hans_CN")
    list_id = "dishonest-judgment-defaulters"
    token = csrf_from(client.get(f"/rules/{list_id}"))
    form = {
        "csrf_token": token,
        "action": "deadline",
        "remedy": "reconsideration-of-correction-refusal",
        "year": "2026",
        "month": "2",
        "day": "30",
    }
    response = client.post(f"/rules/{list_id}", data=form)
    check_page(response, status=400, locale="zh_Hans_CN")
    assert 'value="30"' in response.get_data(as_text=True)


def test_a_remedy_from_another_list_is_refused(client):
    token = csrf_from(client.get("/rules/dishonest-judgment-defaulters"))
    response = client.post(
        "/rules/dishonest-judgment-defaulters",
        data={"csrf_token": token, "action": "deadline", "remedy": "nope", "year": "2025", "month": "1", "day": "1"},
    )
    check_page(response, status=400)


def test_routes_link_to_the_letter_that_serves_them(client):
    html = client.get("/rules/dishonest-judgment-defaulters").get_data(as_text=True)
    for letter_id in (
        "correction-of-dishonest-entry",
        "reconsideration-of-correction-refusal",
        "deletion-of-dishonest-entry",
    ):
        assert f'href="/letter/{letter_id}"' in html


def test_an_estimated_deadline_shows_the_likely_date_and_the_safe_date(app_without_2026):
    # With the 2026 notice withheld, 60 days from Fri 19 Dec 2025 end on Tue 17 Feb 2026, 正月初一.
    # The estimated Spring Festival (除夕 16 to 初七 23 February) moves the likely deadline to Tue
    # 24 February (as the real notice does); the safe date is Fri 13 February, before 除夕.
    list_id = "administrative-review-and-litigation"
    with app_without_2026.test_client() as client:
        token = csrf_from(client.get(f"/rules/{list_id}"))
        form = {"csrf_token": token, "action": "deadline", "remedy": "administrative-reconsideration"}
        response = client.post(f"/rules/{list_id}", data={**form, "year": "2025", "month": "12", "day": "19"})
        check_page(response)
        text = page_text(response)
        assert "Likely deadline: February 24, 2026" in text
        assert "To be safe, file by February 13, 2026." in text
        assert "likely a public holiday or a weekend" in text
        assert "Deadline: February 24" not in text
        use_locale(client, "zh_Hans_CN")
        token = csrf_from(client.get(f"/rules/{list_id}"))
        form["csrf_token"] = token
        response = client.post(f"/rules/{list_id}", data={**form, "year": "2025", "month": "12", "day": "19"})
        text = page_text(response, locale="zh_Hans_CN")
        assert "预计截止日期：2026年2月24日" in text
        assert "稳妥起见，请最迟于2026年2月13日提交。" in text


def test_a_published_year_shows_one_deadline(client):
    # The same dates with the 2026 notice loaded: one certain deadline, no safe date.
    list_id = "administrative-review-and-litigation"
    token = csrf_from(client.get(f"/rules/{list_id}"))
    form = {"csrf_token": token, "action": "deadline", "remedy": "administrative-reconsideration"}
    text = page_text(client.post(f"/rules/{list_id}", data={**form, "year": "2025", "month": "12", "day": "19"}))
    assert "Deadline: February 24, 2026" in text
    assert "Likely deadline" not in text and "To be safe" not in text


def _reminder_form(client, list_id="dishonest-judgment-defaulters"):
    token = csrf_from(client.get(f"/rules/{list_id}"))
    return list_id, {
        "csrf_token": token,
        "remedy": "reconsideration-of-correction-refusal",
        "year": "2026",
        "month": "9",
        "day": "25",
    }


def _ics_lines(data):
    """The unfolded content lines of a calendar file."""
    lines = []
    for line in data.decode("utf-8").split("\r\n"):
        if line.startswith(" "):
            lines[-1] += line[1:]
        elif line:
            lines.append(line)
    return lines


def test_reminder_is_neutral_by_default(client):
    """Phone calendars copy events to online accounts: by default the file names neither this
    service nor the legal matter, and its UID carries no date or id from the case."""
    list_id, form = _reminder_form(client)
    first = client.post(f"/rules/{list_id}/reminder", data=form)
    second = client.post(f"/rules/{list_id}/reminder", data=form)
    assert first.status_code == 200
    lines = _ics_lines(first.data)
    assert "SUMMARY:Reminder" in lines
    assert not any(line.startswith("DESCRIPTION") for line in lines)
    assert "PRODID:-//Calendar//EN" in lines
    uid = next(line for line in lines if line.startswith("UID:"))
    assert uid != next(line for line in _ics_lines(second.data) if line.startswith("UID:"))
    lowered = first.data.decode("utf-8").lower()
    for word in ("clinic", "deadline", "2026-09-25", "20260925", "reconsideration", "dishonest", "list"):
        assert word not in lowered, word


def test_reminder_name_and_details_are_the_persons_choice(client):
    list_id, form = _reminder_form(client)
    response = client.post(f"/rules/{list_id}/reminder", data={**form, "name": "appointment", "details": "yes"})
    lines = _ics_lines(response.data)
    assert "SUMMARY:Appointment" in lines
    assert any(line.startswith("DESCRIPTION:Deadline to act\\, counted from 2026-09-25") for line in lines)


def test_reminder_name_in_the_persons_language(client):
    use_locale(client, "zh_Hans_CN")
    list_id, form = _reminder_form(client)
    response = client.post(f"/rules/{list_id}/reminder", data={**form, "name": "errand"})
    assert "SUMMARY:办事" in _ics_lines(response.data)


def test_an_unknown_reminder_name_is_refused(client):
    list_id, form = _reminder_form(client)
    response = client.post(f"/rules/{list_id}/reminder", data={**form, "name": "Objection to the court"})
    assert response.status_code == 400


def test_reminder_form_warns_that_phone_calendars_sync(client):
    list_id, form = _reminder_form(client)
    page = client.post(f"/rules/{list_id}", data={**form, "action": "deadline"})
    text = page_text(page)
    assert "copy events to an online account" in text
    assert "What should your calendar call it?" in text


@pytest.mark.parametrize("locale", LOCALES)
def test_the_reminder_form_passes_the_page_checks(client, locale):
    use_locale(client, locale)
    list_id, form = _reminder_form(client)
    check_page(client.post(f"/rules/{list_id}", data={**form, "action": "deadline"}), locale=locale)
