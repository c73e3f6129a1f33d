"""The one helper that checks every page for the same basic faults."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from clinic.i18n import LOCALES
from clinic.security import SECURITY_HEADERS

TAGS = {info.id: info.tag for info in LOCALES}
DIRECTIONS = {info.id: info.direction for info in LOCALES}

Attributes = dict[str, str | None]


@dataclass
class PageFacts:
    """What the parser saw on a page."""

    lang: str | None = None
    dir: str | None = None
    title: str = ""
    h1_count: int = 0
    ids: list[str] = field(default_factory=list)
    fragment_links: list[str] = field(default_factory=list)
    post_forms: int = 0
    post_forms_with_csrf: int = 0
    scripts: int = 0
    first_link: str | None = None
    inline_styles: int = 0
    text: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self._in_title = False
        self._form_is_post = False
        self._form_has_csrf = False
        self._skip = 0
        # Tags whose meaning the checks need, each with the method that records it.
        self._on_start: dict[str, Callable[[Attributes], None]] = {
            "html": self._start_html,
            "title": self._start_title,
            "h1": self._start_h1,
            "script": self._start_script,
            "style": self._start_style,
            "a": self._start_a,
            "form": self._start_form,
            "input": self._start_input,
        }

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record what any tag's attributes show (ids, inline styles), then what this tag means."""
        a = dict(attrs)
        if element_id := a.get("id"):
            self.facts.ids.append(element_id)
        if "style" in a:
            self.facts.inline_styles += 1
        handler = self._on_start.get(tag)
        if handler is not None:
            handler(a)

    def _start_html(self, a: Attributes) -> None:
        """The page's language and direction, checked against the locale."""
        self.facts.lang, self.facts.dir = a.get("lang"), a.get("dir")

    def _start_title(self, a: Attributes) -> None:
        """Collect the text up to </title> as the title."""
        self._in_title = True

    def _start_h1(self, a: Attributes) -> None:
        """Count the h1s: a page has exactly one."""
        self.facts.h1_count += 1

    def _start_script(self, a: Attributes) -> None:
        """Count scripts (there must be none) and keep their content out of the page text."""
        self.facts.scripts += 1
        self._skip += 1

    def _start_style(self, a: Attributes) -> None:
        """Keep a style block's content out of the page text."""
        self._skip += 1

    def _start_a(self, a: Attributes) -> None:
        """In-page links (their targets must exist) and the first link (the skip link)."""
        href = a.get("href") or ""
        if href.startswith("#"):
            self.facts.fragment_links.append(href[1:])
        if self.facts.first_link is None and href:
            self.facts.first_link = href

    def _start_form(self, a: Attributes) -> None:
        """A new form: whether it posts, and so needs a CSRF token, which none is seen for yet."""
        self._form_is_post = (a.get("method") or "get").lower() == "post"
        self._form_has_csrf = False

    def _start_input(self, a: Attributes) -> None:
        """A filled csrf_token input protects the form it is in."""
        if a.get("name") == "csrf_token" and a.get("value"):
            self._form_has_csrf = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "form" and self._form_is_post:
            self.facts.post_forms += 1
            self.facts.post_forms_with_csrf += self._form_has_csrf

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.facts.title += data
        if not self._skip and data.strip():
            self.facts.text.append(data.strip())


def parse_page(html: str) -> PageFacts:
    """Parse an HTML page into the facts the checks need."""
    parser = _Parser()
    parser.feed(html)
    return parser.facts


def check_headers(response) -> None:  # type: ignore[no-untyped-def]
    """Every response carries the security headers; dynamic ones are no-store."""
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, f"{name} missing or wrong"
    assert response.headers.get("Cache-Control") == "no-store"
    assert "Server" not in response.headers or "/" not in response.headers["Server"]


def check_fragment_links(facts: PageFacts) -> None:
    """Every in-page link (the error summary's, a skip link) points at an id on the page."""
    dangling = sorted({target for target in facts.fragment_links if target not in facts.ids})
    assert not dangling, f"links to ids not on the page: {dangling}"


def check_page(response, status: int = 200, locale: str = "en") -> PageFacts:  # type: ignore[no-untyped-def]
    """Assert the basic faults are absent from an HTML page and return what it holds."""
    assert response.status_code == status, (response.status_code, response.data[:300])
    check_headers(response)
    assert response.mimetype == "text/html"
    facts = parse_page(response.get_data(as_text=True))
    assert facts.lang == TAGS[locale], facts.lang
    assert facts.dir == DIRECTIONS[locale], facts.dir
    assert facts.title.strip() and "–" in facts.title, facts.title
    assert facts.h1_count == 1, f"{facts.h1_count} h1 elements"
    dupes = {i for i in facts.ids if facts.ids.count(i) > 1}
    assert not dupes, f"duplicate ids: {dupes}"
    check_fragment_links(facts)
    assert facts.post_forms == facts.post_forms_with_csrf, "a POST form without a CSRF token"
    assert facts.scripts == 0, "pages use no JavaScript"
    assert facts.inline_styles == 0, "the CSP forbids inline styles"
    assert facts.first_link == "/leave", "Leave this site must come first"
    body = " ".join(facts.text)
    assert not re.search(r"%\(\w+\)s|\{\{|\{%|\bNone\b|Undefined", body), "an unfilled placeholder"
    return facts
