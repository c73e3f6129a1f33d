"""The locked-down PDF renderer: WeasyPrint in memory, one font configuration and one URL fetcher
per worker process, installed system fonts only, a glyph check, neutral metadata, and caps on
pages, render time and concurrent renders. docs/architecture.md ("The letter renderer") says why
each of these is needed. Under gunicorn the layout itself runs in disposable render processes
(clinic/letters/renderpool.py), where the time limit is hard."""

from __future__ import annotations

import logging
import mimetypes
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clinic.i18n import required_fonts
from clinic.letters.renderpool import PoolError, RefusedError, RenderPool

log = logging.getLogger(__name__)

STATIC_PREFIX = "file:///__clinic_static__/"
# Every family a letter's CSS names (the locale registry lists them); the glyph check covers
# their union.
FONT_FAMILIES = required_fonts()


# A short document in a CJK face: loads WeasyPrint, Pango and the fonts.
WARM_UP_HTML = "<html lang='zh-Hans-CN'><body><p>预热 warm-up</p></body></html>"


class RenderError(RuntimeError):
    """A render could not be done; ``code`` is busy, timeout, too-many-pages or failed."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class _TimeoutError(BaseException):
    """Raised by the alarm. A BaseException, so that no ``except Exception`` inside WeasyPrint
    can swallow it."""


@dataclass(frozen=True)
class RenderLimits:
    """Caps per render and per worker: ``max_concurrent`` renders at once, ``max_waiting`` more may
    wait up to ``max_wait_seconds`` for a turn, and anything beyond is refused at once ("busy").
    With a render pool, each render process serves ``recycle_after`` letters and is then replaced,
    so what was typed into them does not outlive them."""

    max_pages: int = 12
    max_seconds: float = 10.0
    max_concurrent: int = 1
    max_waiting: int = 3
    max_wait_seconds: float = 5.0
    recycle_after: int = 1
    memory_mib: int = 512  # heap a render process may add (0: no cap); beyond it, "busy"


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Serves the app's own letter stylesheet from memory and refuses every other URL
        (http, https, file, data, ...), so hostile HTML typed into a letter can fetch nothing."""

        def __init__(self, files: dict[str, tuple[bytes, str]]) -> None:
            super().__init__(timeout=1, allowed_protocols=(), allow_redirects=False)
            self.files = files

        def fetch(self, url: str, headers: Any = None) -> Any:
            hit = self.files.get(url)
            if hit is None:
                raise ValueError("refused")
            return URLFetcherResponse(url, body=hit[0], headers={"Content-Type": hit[1]})

    return StaticOnlyFetcher


def _font_files(families: Iterable[str]) -> list[tuple[str, int]]:
    found = []
    for family in families:
        result = subprocess.run(
            ["fc-match", "-f", "%{file}\t%{index}", family], check=False, capture_output=True, text=True, timeout=20
        )
        if result.returncode == 0 and "\t" in result.stdout:
            path, index = result.stdout.split("\t", 1)
            found.append((path, int(index or 0)))
    return found


def covered_code_points(families: Iterable[str] = FONT_FAMILIES) -> frozenset[int]:
    """Every code point the letter fonts have a glyph for (read from their cmap tables)."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for path, index in dict.fromkeys(_font_files(families)):
        font = TTFont(path, fontNumber=index, lazy=True)
        points.update(font.getBestCmap() or {})
        font.close()
    return frozenset(points)


class Renderer:
    """One per worker process: the font configuration, the fetcher and the parsed stylesheet are
    made once and reused for every render (a new FontConfiguration per render costs ~1 GB RSS)."""

    def __init__(self, static_dir: Path, limits: RenderLimits | None = None, tagged: bool = True) -> None:
        self.limits = limits or RenderLimits()
        # Tagged PDF/UA-1 (a structure tree a screen reader follows, each part's language); off
        # only to measure what tagging costs (benchmarks/render.py --untagged).
        self.tagged = tagged
        self._static_dir = static_dir
        self._ready = threading.Lock()
        self._slots = threading.BoundedSemaphore(self.limits.max_concurrent)
        self._admitted = threading.BoundedSemaphore(self.limits.max_concurrent + self.limits.max_waiting)
        self._state: dict[str, Any] = {}
        self.pool: RenderPool | None = None

    def prepare(self) -> None:
        """Load WeasyPrint, the fonts, the stylesheet and the glyph table without rendering (in
        gunicorn's master, before it forks the workers: they share what is loaded, and finding
        WeasyPrint's libraries runs the compiler, which writes temporary files, so it must not
        happen while requests are served)."""
        self._prepare()

    def _prepare(self) -> dict[str, Any]:
        with self._ready:
            if not self._state:
                from weasyprint import CSS
                from weasyprint.text import ffi
                from weasyprint.text.fonts import FontConfiguration

                _tag_each_language()
                if getattr(ffi, "harfbuzz_subset", None) is None:
                    raise RuntimeError("WeasyPrint cannot see libharfbuzz-subset; letters would take ~20 s")
                files = {
                    STATIC_PREFIX + p.name: (p.read_bytes(), mimetypes.guess_type(p.name)[0] or "text/css")
                    for p in self._static_dir.iterdir()
                    if p.is_file() and p.suffix == ".css"
                }
                fetcher = _fetcher_class()(files)
                fonts = FontConfiguration()
                css = CSS(url=STATIC_PREFIX + "letter.css", url_fetcher=fetcher, font_config=fonts)
                self._state = {"fetcher": fetcher, "fonts": fonts, "css": css, "covered": covered_code_points()}
        return self._state

    def warm_up(self) -> None:
        """Load WeasyPrint, the fonts and the glyph table now rather than on the first letter."""
        self.render(WARM_UP_HTML)

    def start_pool(
        self,
        close_in_spawner: Iterable[int] = (),
        warm_documents: Iterable[str] = (),
        on_broken: Callable[[], None] | None = None,
    ) -> RenderPool:
        """From now on, render in ``max_concurrent`` disposable processes (call while this process
        has a single thread: gunicorn's post_worker_init). This process loads the fonts and the
        glyph table (for the glyph check); the spawner renders ``warm_documents`` (sample letters)
        before it forks any render process, so each starts with every face and layout path loaded
        (measured: render processes forked after a tiny warm-up took 20-40 % longer per letter),
        while this process never holds a layout's memory. ``close_in_spawner``: descriptors the
        render processes must not hold. ``on_broken``: called once if the spawner dies (no letter
        can be made until this process is replaced)."""
        self._prepare()
        self.pool = RenderPool(
            self._render_in_process,
            seconds=self.limits.max_seconds,
            recycle=self.limits.recycle_after,
            size=self.limits.max_concurrent,
            on_broken=on_broken,
            memory_mib=self.limits.memory_mib,
        )
        self.pool.start(close_in_spawner, [WARM_UP_HTML, *warm_documents])
        return self.pool

    def stop_pool(self) -> None:
        """Render in this process again; the render processes exit."""
        if self.pool is not None:
            self.pool.stop()
            self.pool = None

    def missing_glyphs(self, text: str) -> list[str]:
        """The characters of ``text`` that no letter font can draw (whitespace excepted)."""
        covered = self._prepare()["covered"]
        return sorted({ch for ch in text if not ch.isspace() and ord(ch) not in covered})

    @contextmanager
    def _slot(self) -> Iterator[None]:
        # A short queue absorbs two letters that arrive at the same worker together; past it, or
        # after waiting too long, the person gets a fast "busy, try again" instead of a hang.
        if not self._admitted.acquire(blocking=False):
            raise RenderError("busy")
        try:
            if not self._slots.acquire(timeout=self.limits.max_wait_seconds):
                raise RenderError("busy")
            try:
                yield
            finally:
                self._slots.release()
        finally:
            self._admitted.release()

    @contextmanager
    def _time_limit(self) -> Iterator[None]:
        # SIGALRM can only be used in the main thread (the test client and the CLI render there);
        # gunicorn's request threads render through the pool instead, where the limit is hard.
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def on_alarm(signum: int, frame: Any) -> None:
            raise _TimeoutError

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, self.limits.max_seconds)
        try:
            yield
        except _TimeoutError:
            raise RenderError("timeout") from None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def render(self, html: str) -> bytes:
        """Render a complete HTML document to PDF bytes, in memory, within the caps: in a render
        process when the pool is started, else in this thread (under SIGALRM when it is the main
        thread)."""
        self._prepare()
        started = time.perf_counter()
        with self._slot():
            pool = self.pool
            if pool is None:
                with self._time_limit():
                    pdf = self._render_here(html)
            else:
                try:
                    pdf = pool.run(html)
                except (PoolError, RefusedError) as problem:
                    # Over its memory allowance, a letter is refused like a busy moment (503, try
                    # again later): the render process is gone, and the worker is untouched.
                    raise RenderError("busy" if problem.code == "memory" else problem.code) from None
        log.info("letter rendered in %.0f ms", (time.perf_counter() - started) * 1000)
        return pdf

    def _render_in_process(self, html: str) -> bytes:
        # Runs in a render process: the renderer's refusals travel back as their codes.
        try:
            return self._render_here(html)
        except RenderError as problem:
            raise RefusedError(problem.code) from None

    def _render_here(self, html: str) -> bytes:
        """Lay out and write the PDF in this thread, with the page cap and neutral metadata."""
        from weasyprint import HTML

        state = self._prepare()
        began = time.perf_counter()  # the wait for a slot does not count against the limit
        document = HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=state["fetcher"]).render(
            stylesheets=[state["css"]], font_config=state["fonts"], pdf_tags=self.tagged
        )
        if time.perf_counter() - began > self.limits.max_seconds:
            # The alarm can land where Python cannot raise (a destructor, a C callback): the
            # limit still holds once layout returns.
            raise RenderError("timeout")
        if len(document.pages) > self.limits.max_pages:
            raise RenderError("too-many-pages")
        document.metadata.title = "Document"
        document.metadata.authors = []
        document.metadata.generator = None
        document.metadata.description = None
        document.metadata.keywords = []
        if self.tagged:
            pdf = document.write_pdf(finisher=_accessible_neutral_metadata, pdf_variant=PDF_VARIANT)
        else:
            pdf = document.write_pdf(finisher=_neutral_metadata)
        assert isinstance(pdf, bytes)
        return pdf


def _tag_each_language() -> None:
    """Two additions to WeasyPrint 70's structure tree, made by wrapping its tree builder once per
    process (a render process inherits it; the builder is private, so the version is pinned and
    tests read both back from a pack):

    - each structure element made from an element with a ``lang`` attribute gets that language
      (``/Lang``), so that a screen reader reads the reading copy in Uyghur or English and the
      Chinese name of an authority on the cover sheet in Chinese (WeasyPrint tags the document's
      language only, on the catalogue; PDF/UA-1 wants every passage in another language marked);
    - the page margins (page numbers, the "do not submit this page" marks) join the tree, the top
      ones before the page's text and the others after it. WeasyPrint marks their text but leaves
      their elements out of the tree, so a screen reader never read the warning, and PDF/UA wants
      all marked text in the tree."""
    from weasyprint.pdf import tags

    if tags._build_box_tree is not _build_box_tree:
        _WEASYPRINT_BUILD.append(tags._build_box_tree)
        tags._build_box_tree = _build_box_tree


_WEASYPRINT_BUILD: list[Callable[..., Iterator[Any]]] = []  # WeasyPrint's own builder, once set


def _build_box_tree(box: Any, parent: Any, *rest: Any) -> Iterator[Any]:
    """WeasyPrint's builder for one box (it calls this again for each child), with the two
    additions ``_tag_each_language`` describes."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.PageBox):
        top = [c for c in box.children if isinstance(c, boxes.MarginBox) and c.at_keyword.startswith("@top")]
        for child in top + [c for c in box.children if c not in top]:
            yield from _build_box_tree(child, parent, *rest)
        return
    if isinstance(box, boxes.MarginBox):
        for child in box.children:
            yield from _build_box_tree(child, parent, *rest)
        return
    element = getattr(box, "element", None)
    # The html and body boxes hand their children through (the catalogue has their language).
    own = getattr(box, "element_tag", None) not in ("html", "body")
    lang = element.get("lang") if own and element is not None else None
    for made in _WEASYPRINT_BUILD[0](box, parent, *rest):
        if lang and "Lang" not in made:
            made["Lang"] = _pdf_string(lang)
        yield made


def _pdf_string(text: str) -> Any:
    import pydyf

    return pydyf.String(text)


XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>'
    b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt>'
    b'<rdf:li xml:lang="x-default">Document</rdf:li></rdf:Alt></dc:title></rdf:Description>'
    b'</rdf:RDF></x:xmpmeta>\n<?xpacket end="r"?>'
)
"""The whole XMP metadata of a letter: the PDF/UA-1 identifier and the neutral title, nothing
else (WeasyPrint's own names its version as the producer)."""

PDF_VARIANT = "pdf/ua-1"


def _accessible_neutral_metadata(document: Any, pdf: Any) -> None:
    """The neutral Info dictionary, and the XMP stream WeasyPrint wrote for PDF/UA-1 replaced in
    place by ``XMP`` (a new stream would leave the old one in the file, unreferenced but there)."""
    _neutral_metadata(document, pdf)
    reference = pdf.catalog["Metadata"]  # b"<number> 0 R"
    number = int(bytes(reference).split()[0])
    stream = pdf.objects[number]
    stream.stream = [XMP]
    stream.compress = False  # left readable, so that anyone can see what it holds


def _neutral_metadata(document: Any, pdf: Any) -> None:
    """Leave only a neutral title in the PDF's Info dictionary (no producer, no dates)."""
    import pydyf

    for key in list(pdf.info):
        if key != "Title":
            del pdf.info[key]
    pdf.info["Title"] = pydyf.String("Document")
