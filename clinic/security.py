"""Security headers, no-store, request size limits, cross-site POST refusal, and logging that never
carries what people type."""

from __future__ import annotations

import io
import logging
import re
import sys
import traceback
from typing import IO, Any

from flask import Flask, Request, Response, abort, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), fullscreen=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "usb=(), interest-cohort=(), browsing-topics=()"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Permitted-Cross-Domain-Policies": "none",
}
# Loggers of libraries that may put user text in their messages (e.g. WeasyPrint's missing-glyph
# warning names the character): their messages are reduced to the logger name and level.
UNTRUSTED_LOGGERS = ("weasyprint", "fontTools", "werkzeug", "flask_wtf", "PIL", "gunicorn.access")


class CappedFormDataParser(FormDataParser):
    """Werkzeug caps the size of each field and the number of fields only in multipart bodies; a
    urlencoded body gets the same caps here (MAX_FORM_MEMORY_SIZE per field, MAX_FORM_PARTS
    fields), measured on the encoded body, so an oversized post is a 413 before it is decoded."""

    def _parse_urlencoded(
        self, stream: IO[bytes], mimetype: str, content_length: int | None, options: dict[str, str]
    ) -> Any:
        body = stream.read()
        parts = body.split(b"&")
        if self.max_form_parts is not None and len(parts) > self.max_form_parts:
            raise RequestEntityTooLarge()
        if self.max_form_memory_size is not None and any(len(p) > self.max_form_memory_size for p in parts):
            raise RequestEntityTooLarge()
        return super()._parse_urlencoded(io.BytesIO(body), mimetype, content_length, options)


class InMemoryRequest(Request):
    """A request whose uploaded files never spool to a temporary file: Werkzeug writes
    uploads over 500 KB to disk by default, and a case file must never touch the disk.

    MAX_CONTENT_LENGTH bounds the memory this can take.
    """

    form_data_parser_class = CappedFormDataParser

    def _get_file_stream(
        self,
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None = None,
        content_length: int | None = None,
    ) -> IO[bytes]:
        return io.BytesIO()


DRAIN_LIMIT = 8 * 1024 * 1024  # the most of a refused body read (and dropped) before answering


def drain_request_body(limit: int = DRAIN_LIMIT) -> None:
    """Read and drop what is left of the request body, up to ``limit`` bytes, in memory only.
    A server that answers 413 while the client is still sending makes most clients report a reset
    connection instead of showing the page."""
    stream = request.environ.get("wsgi.input")
    if stream is None:
        return
    left = limit
    try:
        while left > 0:
            chunk = stream.read(min(65536, left))
            if not chunk:
                return
            left -= len(chunk)
    except (OSError, ValueError):
        return  # the client went away: nothing more to do


def add_headers(response: Response) -> Response:
    """Put the security headers on every response, and no-store on everything but static files."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint == "static" and response.status_code in (200, 304):
        response.headers["Cache-Control"] = "public, max-age=3600"
    else:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    response.headers.pop("Server", None)
    return response


def refuse_cross_site_posts() -> None:
    """Refuse state-changing requests from other sites (on top of the CSRF token)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        abort(403)
    origin = request.headers.get("Origin")
    # With Referrer-Policy: no-referrer, browsers send "Origin: null" on same-origin form posts.
    if origin and origin != "null" and origin != request.host_url.rstrip("/"):
        abort(403)


def describe_exception(exc: BaseException) -> str:
    """The exception's type and where it was raised, WITHOUT its message (which may quote input)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames[-6:]))
    return f"{type(exc).__module__}.{type(exc).__qualname__} at {where or 'unknown'}"


class RedactingFilter(logging.Filter):
    """Strip what may carry user text from log records.

    * exception info is replaced by the exception type and frame locations (never the message);
    * records from untrusted libraries keep only their logger name and level;
    * our own records are formatted from constant templates whose arguments are counts and ids.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.msg = f"{record.msg} [{describe_exception(record.exc_info[1])}]"
            record.exc_info = None
            record.exc_text = None
        record.stack_info = None
        if record.name.startswith(UNTRUSTED_LOGGERS):
            record.msg = f"{record.name} reported a {record.levelname.lower()} (details withheld)"
            record.args = None
        return True


class SafeFormatter(logging.Formatter):
    """A formatter that never prints tracebacks (the filter already summarised them)."""

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging API name
        return ""

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 - logging API name
        return ""


def configure_logging(level: str) -> None:
    """One stderr handler on the root logger with the redacting filter; no access log."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_clinic", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler._clinic = True  # type: ignore[attr-defined]
    handler.addFilter(RedactingFilter())
    handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Werkzeug's development server logs each request line (path and query); keep it quiet.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    for name in logging.root.manager.loggerDict:
        existing = logging.getLogger(name)
        for h in existing.handlers:
            h.addFilter(RedactingFilter())


def install(app: Flask) -> None:
    """Wire the request class, size limits, header hook and cross-site refusal into the app."""
    app.request_class = InMemoryRequest
    app.before_request(refuse_cross_site_posts)
    app.after_request(add_headers)
    app.logger.handlers.clear()
    app.logger.propagate = True
    app.logger.addFilter(RedactingFilter())


# gunicorn's "Invalid request from ip=<address>: <description>: '<raw text>'": the description is
# gunicorn's own words (letters and spaces), the rest comes from the client.
_INVALID_REQUEST = re.compile(r"^Invalid request from ip=\S*: (?P<kind>[A-Za-z ]*)")


class GunicornRedactingFilter(logging.Filter):
    """gunicorn's own log: its debug lines name each request's path, and its request errors the
    URI; withhold their text arguments (process ids and counts stay)."""

    def filter(self, record: logging.LogRecord) -> bool:
        template = str(record.msg)
        invalid = _INVALID_REQUEST.match(template) if not record.args else None
        if invalid:
            # gunicorn formats the client's address and the raw request text into the message
            # itself; keep only its fixed description of what was wrong.
            kind = invalid["kind"].strip() or "unreadable request"
            record.msg = f"Invalid request ({kind}); client address and request text withheld"
        if record.args and (record.levelno <= logging.DEBUG or "request" in template.lower()):
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(a if isinstance(a, int | float) else "[withheld]" for a in args)
        if record.exc_info and record.exc_info[1] is not None:
            record.msg = f"{template} [{describe_exception(record.exc_info[1])}]"
            record.exc_info = None
            record.exc_text = None
        return True


def gunicorn_logger_class() -> type:
    """A gunicorn logger class whose error log passes through GunicornRedactingFilter."""
    from gunicorn.glogging import Logger

    class RedactedGunicornLogger(Logger):  # type: ignore[misc]
        def setup(self, cfg: Any) -> None:
            super().setup(cfg)
            self.error_log.addFilter(GunicornRedactingFilter())
            for handler in self.error_log.handlers:
                handler.addFilter(GunicornRedactingFilter())

    return RedactedGunicornLogger
