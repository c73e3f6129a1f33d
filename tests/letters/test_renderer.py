"""The locked-down renderer: nothing fetched, neutral metadata, glyph check, caps."""

import http.server
import os
import signal
import threading
import time
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from clinic.letters.render import Renderer, RenderError, RenderLimits
from clinic.letters.renderpool import PoolError, RefusedError, RenderPool

STATIC = Path(__file__).resolve().parents[2] / "clinic" / "static"


@pytest.fixture(scope="module")
def renderer():
    return Renderer(STATIC)


@pytest.fixture()
def canary_server():
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"x")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()
    server.server_close()


def test_hostile_html_fetches_nothing_and_embeds_nothing(renderer, canary_server):
    port, hits = canary_server
    base = f"http://127.0.0.1:{port}"
    hostile = f"""<html><head>
    <link rel="stylesheet" href="{base}/link.css"><link rel="stylesheet" href="file:///etc/passwd">
    <link rel="attachment" href="file:///etc/hostname">
    <style>@import url({base}/import.css); body {{ background: url({base}/bg.png) }}
    @font-face {{ font-family: x; src: url({base}/font.woff) }}</style></head><body>
    <img src="{base}/img.png"><img src="file:///etc/passwd"><object data="{base}/object.svg"></object>
    <embed src="{base}/embed.png"><svg><image href="{base}/svgimage.png"/></svg>
    <img src="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'><image href='{base}/nested.png'/></svg>">
    <p>正文</p></body></html>"""
    pdf = renderer.render(hostile)
    assert hits == []
    reader = PdfReader(BytesIO(pdf))
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))
    assert "正文" in reader.pages[0].extract_text()


def test_metadata_is_neutral(renderer):
    pdf = renderer.render(
        "<html><head><title>张三 的申请</title><meta name=author content='张三'></head><body><p>内容</p></body></html>"
    )
    info = PdfReader(BytesIO(pdf)).metadata
    assert dict(info) == {"/Title": "Document"}
    assert b"WeasyPrint" not in pdf and "张三".encode("utf-16-be") not in pdf


@pytest.mark.parametrize("name", ["䶮", "堃", "喆", "𠈌", "ئەخمەت", "王\u200d"])
def test_rare_characters_and_uyghur_names_are_covered(renderer, name):
    assert renderer.missing_glyphs(name.replace("\u200d", "")) == []


def test_characters_no_font_has_are_reported(renderer):
    assert renderer.missing_glyphs("张\U000f0001三\U00030000") == ["\U00030000", "\U000f0001"]


def test_page_cap(renderer):
    capped = Renderer(STATIC, RenderLimits(max_pages=2))
    with pytest.raises(RenderError) as problem:
        capped.render("<html><body>" + "<p style='break-after: page'>x</p>" * 5 + "</body></html>")
    assert problem.value.code == "too-many-pages"


# The alarm can fire inside a garbage-collector callback, where Python reports the exception as
# "unraisable" instead of raising it; the renderer then still refuses once layout returns.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_time_cap():
    slow = Renderer(STATIC, RenderLimits(max_seconds=0.05))
    with pytest.raises(RenderError) as problem:
        slow.render("<html><body>" + "<p>很长的一段文字。</p>" * 3000 + "</body></html>")
    assert problem.value.code == "timeout"


def test_renders_beyond_the_queue_are_refused_at_once():
    limited = Renderer(STATIC, RenderLimits(max_concurrent=1, max_waiting=0))
    limited.warm_up()
    # A render in progress holds an admission and the slot.
    assert limited._admitted.acquire(blocking=False) and limited._slots.acquire(blocking=False)
    try:
        started = time.perf_counter()
        with pytest.raises(RenderError) as problem:
            limited.render("<p>x</p>")
        assert problem.value.code == "busy"
        assert time.perf_counter() - started < 0.5
    finally:
        limited._slots.release()
        limited._admitted.release()


def test_a_render_waits_its_turn_briefly_then_gives_up():
    limited = Renderer(STATIC, RenderLimits(max_concurrent=1, max_waiting=1, max_wait_seconds=0.2))
    limited.warm_up()
    assert limited._slots.acquire(blocking=False)
    try:
        started = time.perf_counter()
        with pytest.raises(RenderError):
            limited.render("<p>x</p>")
        assert 0.15 < time.perf_counter() - started < 2
    finally:
        limited._slots.release()
    assert limited.render("<p>x</p>").startswith(b"%PDF")  # once the slot is free, it renders


# The render pool: under gunicorn, letters are laid out in disposable processes forked from a warm
# spawner, so the time limit holds in any thread and what a letter held dies with its process.

SLOW = "<html><body>" + "<p>很长的一段文字。</p>" * 3000 + "</body></html>"


def _gone(pid: int, within: float = 5.0) -> bool:
    """Whether process ``pid`` has ended (the spawner reaps its children at once)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().split(") ", 1)[1].startswith("Z"):
                    return True
        except OSError:
            return True
        time.sleep(0.05)
    return False


@pytest.fixture()
def pooled():
    made = []

    def make(**limits):
        renderer = Renderer(STATIC, RenderLimits(**limits))
        renderer.warm_up()
        renderer.start_pool()
        made.append(renderer)
        return renderer

    yield make
    for renderer in made:
        renderer.stop_pool()


def test_pool_kills_a_render_past_the_limit_and_replaces_the_process(pooled):
    renderer = pooled(max_seconds=1, recycle_after=100)
    [first] = renderer.pool.pids()
    result: dict[str, object] = {}

    def in_a_thread():  # where SIGALRM could never reach: the case gunicorn's gthread workers are in
        started = time.perf_counter()
        try:
            renderer.render(SLOW)
        except RenderError as problem:
            result["code"] = problem.code
        result["seconds"] = time.perf_counter() - started

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join(30)
    assert result["code"] == "timeout" and result["seconds"] < 10
    assert _gone(first), "the render process that ran out of time still exists"
    assert renderer.render("<p>x</p>").startswith(b"%PDF")  # a fresh process took its place
    assert first not in renderer.pool.pids()


def test_pool_recycles_each_process_after_its_letters(pooled):
    renderer = pooled(recycle_after=2)
    [first] = renderer.pool.pids()
    renderer.render("<p>一</p>")
    assert renderer.pool.pids() == [first]
    renderer.render("<p>二</p>")
    assert _gone(first), "a render process outlived its letters"
    assert renderer.render("<p>三</p>").startswith(b"%PDF")
    assert first not in renderer.pool.pids()


def test_pool_keeps_the_renderer_refusals_and_the_admission(pooled):
    renderer = pooled(max_pages=2, max_concurrent=1, max_waiting=0)
    with pytest.raises(RenderError) as problem:
        renderer.render("<html><body>" + "<p style='break-after: page'>x</p>" * 5 + "</body></html>")
    assert problem.value.code == "too-many-pages"
    assert renderer._admitted.acquire(blocking=False) and renderer._slots.acquire(blocking=False)
    try:
        with pytest.raises(RenderError) as problem:
            renderer.render("<p>x</p>")
        assert problem.value.code == "busy"
    finally:
        renderer._slots.release()
        renderer._admitted.release()
    assert renderer.render("<p>x</p>").startswith(b"%PDF")


def test_stopping_the_pool_leaves_no_process(pooled):
    renderer = pooled()
    processes = [renderer.pool.spawner_pid, *renderer.pool.pids()]
    renderer.stop_pool()
    assert all(_gone(pid) for pid in processes)
    assert renderer.render("<p>x</p>").startswith(b"%PDF")  # back to rendering in this process


def _stubborn(html: str) -> bytes:
    """A render that blocks the process's own timer and never ends: only a kill stops it."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    while True:
        time.sleep(1)


def _echo(html: str) -> bytes:
    if html == "refuse":
        raise RefusedError("too-many-pages")
    if html == "crash":
        raise ValueError("boom")
    return html.encode()


def _hog(html: str) -> bytes:
    """A render that needs far more memory than a letter does."""
    return bytes(bytearray(400 * 1024 * 1024))[:1] if html == "hog" else html.encode()


@pytest.fixture()
def pool_of():
    made = []

    def make(render, **options):
        pool = RenderPool(render, **{"seconds": 1, "recycle": 100, "size": 1, **options})
        pool.start()
        made.append(pool)
        return pool

    yield make
    for pool in made:
        pool.stop()


def test_a_render_that_outlives_its_own_timer_is_killed_by_the_waiting_thread(pool_of):
    pool = pool_of(_stubborn)
    [pid] = pool.pids()
    started = time.perf_counter()
    with pytest.raises(PoolError) as problem:
        pool.run("x")
    assert problem.value.code == "timeout" and time.perf_counter() - started < 10
    assert _gone(pid)


def test_pool_passes_refusals_and_failures_back_and_keeps_going(pool_of):
    pool = pool_of(_echo)
    assert pool.run("你好") == "你好".encode()
    with pytest.raises(RefusedError) as refused:
        pool.run("refuse")
    assert refused.value.code == "too-many-pages"
    with pytest.raises(PoolError) as failed:
        pool.run("crash")
    assert failed.value.code == "failed"
    assert pool.run("again") == b"again"


def test_a_dead_spawner_fails_letters_and_asks_once_for_a_restart(pool_of):
    broken = []
    pool = pool_of(_echo, on_broken=lambda: broken.append(True))
    [pid] = pool.pids()
    os.kill(pool.spawner_pid, signal.SIGKILL)
    os.waitpid(pool.spawner_pid, 0)
    pool.spawner_pid = 0
    assert _gone(pid), "a render process outlived its spawner"
    for _ in range(3):
        with pytest.raises(PoolError) as problem:
            pool.run("x")
        assert problem.value.code == "failed"
    time.sleep(0.5)  # the background top-up has tried too
    assert broken == [True]


def test_a_render_over_its_memory_allowance_is_refused_and_its_process_replaced(pool_of):
    """The red-team's memory-cap check: the letter that needs too much fails in its own process,
    which is replaced; the worker is untouched and the next letter is made."""
    pool = pool_of(_hog, memory_mib=64)
    [pid] = pool.pids()
    assert pool.run("small") == b"small"
    with pytest.raises(PoolError) as problem:
        pool.run("hog")
    assert problem.value.code == "memory"
    assert _gone(pid)
    assert pool.run("after") == b"after"
