"""Load and check the legal content catalogue: instruments, lists and remedies.

The catalogue is data (YAML files under ``clinic/content``), validated against JSON Schemas and
cross-checked at start-up. This package is pure: it never imports Flask and never reads the clock.
"""

from clinic.catalogue.loader import find_problems, load_catalogue
from clinic.catalogue.model import (
    Article,
    ArticleRef,
    Catalogue,
    CatalogueError,
    Instrument,
    LegalBasis,
    ListRegime,
    Note,
    Period,
    Problem,
    Remedy,
    Source,
    StaleFact,
    TimedRule,
    Version,
)
from clinic.catalogue.staleness import fact_counts, find_amendment_checks_due, find_stale

__all__ = [
    "Article",
    "ArticleRef",
    "Catalogue",
    "CatalogueError",
    "Instrument",
    "LegalBasis",
    "ListRegime",
    "Note",
    "Period",
    "Problem",
    "Remedy",
    "Source",
    "StaleFact",
    "TimedRule",
    "Version",
    "fact_counts",
    "find_amendment_checks_due",
    "find_problems",
    "find_stale",
    "load_catalogue",
]
