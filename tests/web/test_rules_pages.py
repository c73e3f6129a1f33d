"""The rules pages: every list in every locale, the date that picks the law's version, deadlines."""

import pytest

from clinic import services
from tests.conftest import LOCALES, csrf_from, use_locale
from tests.pagecheck import check_headers, check_page
from tests.posting import page_text

LIST_COUNT = 13


@pytest.mark.parametrize("locale", LOCALES)
def test_every_rules_page_passes_the_checks(client, locale):
    use_locale(client, locale)
    check_page(client.get("/rules"), locale=locale)
    for number in range(1, LIST_COUNT + 1):
        check_page(client.get(f"/rules/{number}"), locale=locale)


def test_unknown_rules_page_is_404(client):
    check_page(client.get(f"/rules/{LIST_COUNT + 1}"), status=404)
    check_page(client.get("/rules/0"), status=404)


def number_of(client, list_id):
    """The neutral URL number of a list (its place in the catalogue's display order)."""
    lists = services.of(client.application).content.catalogue.lists
    return [regime.id for regime in lists].index(list_id) + 1


def test_page_shows_basis_verification_and_portal(client):
    number = number_of(client, "dishonest-judgment-defaulters")
    text = page_text(client.get(f"/rules/{number}"))
    assert "失信被执行人名单" in text
    assert "Last checked" in text and "secondary sources" in text
    assert "zxgk.court.gov.cn" in text
    assert "Article 12" in text  # the correction procedure
    assert "Within 10 days from" in text


def test_the_date_picks_the_version_of_the_law(client):
    number = number_of(client, "enforcement-objection-and-exit-ban")
    page = client.get(f"/rules/{number}")
    token = csrf_from(page)
    texts = {}
    for year, month, day in (("2021", "6", "1"), ("2023", "5", "1"), ("2024", "2", "1")):
        response = client.post(
            f"/rules/{number}", data={"csrf_token": token, "action": "on", "year": year, "month": month, "day": day}
        )
        texts[year] = page_text(response)
    assert "Article 225" in texts["2021"]
    assert "Article 232" in texts["2023"]
    assert "Article 236" in texts["2024"]


def test_deadline_is_worked_out_with_the_holiday_calendar(client):
    number = number_of(client, "dishonest-judgment-defaulters")
    token = csrf_from(client.get(f"/rules/{number}"))
    form = {
        "csrf_token": token,
        "action": "deadline",
        "remedy": "reconsideration-of-correction-refusal",
        "year": "2026",
        "month": "9",
        "day": "25",
    }
    text = page_text(client.post(f"/rules/{number}", data=form))
    # 10 days from 25 September 2026 ends on 5 October, inside the National Day holiday.
    assert "Deadline: October 8, 2026" in text
    assert "moves to the next working day" in text
    reminder = client.post(f"/rules/{number}/reminder", data={k: v for k, v in form.items() if k != "action"})
    check_headers(reminder)
    assert reminder.mimetype == "text/calendar"
    assert reminder.headers["Content-Disposition"] == 'attachment; filename="reminder.ics"'
    assert b"DTSTART;VALUE=DATE:20261008" in reminder.data


def test_a_bad_date_gets_a_translated_error_and_keeps_the_input(client):
    use_locale(client, "zh_Hans_CN")
    number = number_of(client, "dishonest-judgment-defaulters")
    token = csrf_from(client.get(f"/rules/{number}"))
    form = {
        "csrf_token": token,
        "action": "deadline",
        "remedy": "reconsideration-of-correction-refusal",
        "year": "2026",
        "month": "2",
        "day": "30",
    }
    response = client.post(f"/rules/{number}", data=form)
    check_page(response, status=400, locale="zh_Hans_CN")
    assert 'value="30"' in response.get_data(as_text=True)


def test_a_remedy_from_another_list_is_refused(client):
    token = csrf_from(client.get("/rules/1"))
    response = client.post(
        "/rules/1",
        data={"csrf_token": token, "action": "deadline", "remedy": "nope", "year": "2025", "month": "1", "day": "1"},
    )
    check_page(response, status=400)


def test_routes_link_to_the_letter_that_serves_them(client):
    html = client.get(f"/rules/{number_of(client, 'dishonest-judgment-defaulters')}").get_data(as_text=True)
    assert 'href="/letter/1"' in html and 'href="/letter/2"' in html and 'href="/letter/3"' in html
