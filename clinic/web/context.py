"""What every template gets: the locale (lang, dir, native names), the switcher links, the content."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request
from flask_babel import format_date, get_locale
from flask_wtf.csrf import generate_csrf

from clinic import i18n, services
from clinic.bundle import Content
from clinic.web import bidi, wording


def content() -> Content:
    """The content bundle loaded at start-up."""
    bundle: Content = services.current().content
    return bundle


def current_locale_id() -> str:
    """The id of the locale this request is served in (one of CLINIC_LOCALES)."""
    locale = get_locale()
    text = str(locale) if locale else "en"
    return text if text in current_app.config["CLINIC_LOCALES"] else "en"


def _template_context() -> dict[str, Any]:
    here = request.path if request.url_rule is not None and request.method == "GET" else "/"
    enabled = current_app.config["CLINIC_LOCALES"]
    return {
        "locale": i18n.locale_info(current_locale_id()),
        "languages": [i18n.locale_info(loc) for loc in enabled],
        "language_return": here,
        "csrf_token": generate_csrf,
        "t": content_text,
        "verification_text": lambda level: content_text(content().labels.verification[level]),
        "runs_from_text": lambda key: "" if key is None else content_text(content().labels.runs_from[key]),
        "counting_rule_text": lambda key: content_text(content().labels.counting_rules[key]),
        "remedy_kind_text": lambda key: content_text(content().labels.remedy_kinds[key]),
    }


def text_direction(text: str) -> str:
    """'rtl' for text in an Arabic script (e.g. a Uyghur name), else 'ltr'. WeasyPrint does not
    work out a <bdi>'s direction from its content, so templates set it explicitly."""
    for ch in text:
        if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff":
            return "rtl"
        if ch.isalpha():
            return "ltr"
    return "ltr"


def _translations() -> Any:
    """This request's translations, looked up once per locale (Flask-Babel looks them up on every
    call). Keyed by the locale in use: one app context can render several locales (the samples
    command, ``force_locale``), and a single cached catalogue would put every copy after the first
    in the first locale's language."""
    from flask import g
    from flask_babel import get_locale, get_translations

    cache: dict[str, Any] = g.setdefault("_clinic_translations", {})
    key = str(get_locale())
    if key not in cache:
        cache[key] = get_translations()
    return cache[key]


def content_text(text: str) -> str:
    """The translation of a content string (no placeholder formatting: content may contain '%')."""
    return str(_translations().gettext(text))


def _template_gettext(text: str) -> str:
    return str(_translations().gettext(text))


def _template_ngettext(singular: str, plural: str, number: int) -> str:
    return str(_translations().ngettext(singular, plural, number))


def as_date(iso: str) -> str:
    """An ISO date shown in the locale's long format (through Babel, never strftime)."""
    from datetime import date

    return str(format_date(date.fromisoformat(iso), format="long"))


def isolate_on_page(text: object) -> Any:
    """Template filter: left-to-right tokens in ``text`` isolated when this page reads right to
    left (see clinic/web/bidi.py); macros use it without needing the page's context."""
    return bidi.isolate(text, i18n.locale_info(current_locale_id()).direction)


def install_context(app: Flask) -> None:
    """Add the shared template context."""
    app.context_processor(_template_context)


def install_translations(app: Flask) -> None:
    """After Flask-Babel: templates look translations up once per request (Jinja's newstyle
    gettext still formats the placeholders)."""
    app.jinja_env.install_gettext_callables(_template_gettext, _template_ngettext, newstyle=True)  # type: ignore[attr-defined]
    app.add_template_filter(as_date, "as_date")
    app.add_template_filter(wording.long_date, "long_date")
    app.add_template_filter(text_direction, "text_dir")
    app.add_template_filter(isolate_on_page, "isolate")
