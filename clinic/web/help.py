"""Get help: the public hotlines (those for the person's own lists first), the organisation that
runs this site, and the local organisations the deployment lists. Nothing is contacted: the page
only prints numbers and addresses for the person to use."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from clinic import state
from clinic.flow import plan_journey
from clinic.flow.results import rank_candidates
from clinic.helplines import hotlines_in_order
from clinic.letters.pack import organisation
from clinic.web.context import content, content_text

bp = Blueprint("help", __name__)


def person_lists() -> list[str]:
    """The lists the person's answers point to, best first (none before the questions are done)."""
    bundle = content()
    journey = plan_journey(bundle.flow, state.get_answers())
    if not journey.complete:
        return []
    return [candidate.id for candidate in rank_candidates(bundle.flow, journey.answers)]


@bp.get("/help")
def show_help() -> str:
    """The Get help page."""
    bundle = content()
    mine = person_lists()
    hotlines = [
        {
            "hotline": hotline,
            "lists": [content_text(bundle.catalogue.list(i).name_en) for i in hotline.lists],
            "yours": any(i in mine for i in hotline.lists),
        }
        for hotline in hotlines_in_order(bundle.help, mine)
    ]
    return render_template(
        "pages/help.html",
        hotlines=hotlines,
        local=bundle.help.local,
        org=organisation(current_app.config),
    )
