"""The result page's "What to do now": a filing with its days left, and one click to a letter form
filled from the state cookie (the date questions are stood in for until the journey asks them)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from clinic.web import flow as flow_views
from clinic.web import letters as letter_views
from tests.posting import answer_all

SERVED = dt.date.today() - dt.timedelta(days=3)
EXTRA = {"already-tried": "objection", "tried-outcome": "refused", "tried-date": SERVED.isoformat()}


@pytest.fixture()
def with_dates(monkeypatch):  # type: ignore[no-untyped-def]
    """The answers as the journey will keep them once it asks the date questions."""
    for module in (flow_views, letter_views):
        real = module.plan_journey

        def planned(flow, answers, real=real):  # type: ignore[no-untyped-def]
            journey = real(flow, answers)
            return dataclasses.replace(journey, answers={**journey.answers, **EXTRA})

        monkeypatch.setattr(module, "plan_journey", planned)


def test_result_shows_the_filing_with_days_left_and_the_button_fills_the_form(client, with_dates):  # type: ignore[no-untyped-def]
    answer_all(client)
    page = client.get("/result").get_data(as_text=True)
    assert "What to do now" in page
    assert re.search(r"\d+ days left", page)
    link = re.search(r'href="(/letter/reconsideration-of-objection-ruling\?from=result)"', page)
    assert link, "no button to the letter"
    assert "calendar-grid" in page and "weekends or public holidays" in page
    form = client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert f'value="{SERVED.year}"' in form and f'value="{SERVED.day}"' in form


def test_prefill_never_reads_the_url(client, with_dates):  # type: ignore[no-untyped-def]
    answer_all(client)
    page = client.get("/letter/reconsideration-of-objection-ruling?from=result&ruling_served_date-year=1999")
    assert "1999" not in page.get_data(as_text=True)
