"""The content bundle: everything the app reads from clinic/content/ at start-up, checked once, held in memory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from clinic.flow import Flow, load_flow


@dataclass(frozen=True)
class Content:
    """The loaded content: the journey flow (the catalogue and calendars join it as they land)."""

    flow: Flow
    version: str
    list_names: dict[str, str]


def load_content(directory: Path) -> Content:
    """Load and check every content file; raises with every problem listed."""
    flow = load_flow(directory / "flow.yaml")
    return Content(flow=flow, version=f"flow-{flow.version}", list_names={})
