"""Render benchmark: one run prints a complete table for docs/performance.md: app start, the first
render in a fresh process (cold) and in a freshly forked worker (WeasyPrint and the fonts loaded
by the master, as under gunicorn), warm median and p95 of the official letter alone, of the
filing (the letter with the documents filed with it) and of the full pack (the filing, reading
copy and cover sheet) over several rounds (the spread between rounds is the machine's noise),
peak RSS, RSS growth over many renders and, when LibreOffice is installed, ``soffice
--convert-to pdf`` of the same filing with the ratio. It installs nothing.

With --untagged: the warm medians again, rounds alternating between the app's renderer (tagged
PDF/UA-1) and one that writes untagged PDFs, with the ratio (what tagging costs, on the same run).

With --profile N: cProfile of N warm renders of the filing (the functions that cost
most, by own time and by cumulative time). With --pool: the same warm renders through the render
pool (a fresh render process per letter, as under gunicorn, and one reused for many letters).

Run: .venv/bin/python benchmarks/render.py [--renders 500] [--rounds 3] [--profile 20] [--pool] [--untagged]
Prints figures; never fails on a time. To run the LibreOffice comparison, install it first
(Debian: apt-get install libreoffice-writer-nogui).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clinic import services  # noqa: E402 - found through the path set just above


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def documents(app, letter_number: int) -> tuple[str, str, str]:  # noqa: ANN001 - the Flask app
    """With sample details: the official letter alone (the 申请书, without the documents that go
    with it), the filing (the letter and its 证据清单, 送达地址确认书 and, as the sample details ask,
    the other filing documents: what a person prints and files) and the full pack (the filing,
    the English reading copy and the cover sheet)."""
    from datetime import date

    from flask import render_template
    from flask_babel import force_locale

    from clinic import i18n
    from clinic.letters import pack
    from clinic.letters.details import read_details
    from clinic.letters.samples import sample_form
    from clinic.web.wording import words

    bundle = services.of(app).content
    letter = bundle.letters.by_number(letter_number)
    with app.test_request_context("/"), force_locale("en"):
        details = read_details(letter, bundle.letters.fields, sample_form(letter, bundle.letters.fields), date.today())
        language = words()
        doc = pack.compose_document(letter, details, bundle, language)
        context = pack.pack_context(doc, bundle, language, i18n.reading_copy("en"), pack.organisation(app.config))
        full = render_template("letters/pack.html", **context)
        official = render_template("letters/pack.html", **{**context, "reading": None}).replace(
            render_template("letters/cover.html", **context), ""
        )
    alone = re.sub(r'<section class="companion.*?</section>', "", official, flags=re.S)
    return alone, official, full


def first_render_in_forked_worker(renderer, html: str) -> float:  # noqa: ANN001 - the app's Renderer
    """Fork after ``prepare()`` (what gunicorn's master has done before it forks a worker) and time
    the child's first render: the worst case a person meets from a fresh worker."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render once, report, leave without running the parent's clean-up
        os.close(read)
        t = time.perf_counter()
        renderer.render(html)
        os.write(write, f"{time.perf_counter() - t:.6f}".encode())  # wall time
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        value = pipe.read()
    os.waitpid(pid, 0)
    return float(value or "nan")


def warm_rounds(renderer, html: str, rounds: int, renders: int) -> list[tuple[float, float, float]]:  # noqa: ANN001
    """(median, p95, median CPU time) of each round of ``renders`` warm renders. The CPU time of
    this process is what a render costs when it has a core to itself: on a shared machine the wall
    time also counts the waits for a core, the CPU time hardly."""
    figures = []
    for _ in range(rounds):
        times, cpu = [], []
        for _ in range(renders):
            t, c = time.perf_counter(), time.process_time()
            renderer.render(html)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        figures.append((statistics.median(times), percentile(times, 0.95), statistics.median(cpu)))
    return figures


def spread(values: list[float]) -> str:
    """The median of the rounds, with their range (the machine's noise)."""
    return f"{ms(statistics.median(values))} ({ms(min(values))}-{ms(max(values))})"


def profile(renderer, html: str, renders: int) -> None:  # noqa: ANN001 - the app's Renderer
    """Print where the time of ``renders`` warm renders goes."""
    profiler = cProfile.Profile(time.process_time)  # CPU time: steadier on a shared machine
    profiler.enable()
    for _ in range(renders):
        renderer.render(html)
    profiler.disable()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order)
        stats.print_stats(25)
        print(f"--- profile of {renders} warm renders of the filing, by {order} ---")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])


def libreoffice(html: str, runs: int) -> float | None:
    """Median wall time of ``soffice --convert-to pdf`` of the letter (whole process), or None."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "letter.html"
        source.write_text(html, encoding="utf-8")
        profile_dir = Path(folder) / "profile"
        command = [
            soffice,
            f"-env:UserInstallation=file://{profile_dir}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            folder,
            str(source),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=180)  # creates the profile
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, timeout=180)
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=500, help="full-pack renders for the RSS growth")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of warm renders (for the noise)")
    parser.add_argument("--per-round", type=int, default=20, help="warm renders per round")
    parser.add_argument("--letter", type=int, default=1)
    parser.add_argument("--profile", type=int, default=0, help="cProfile this many warm renders")
    parser.add_argument("--pool", action="store_true", help="also render through the render pool")
    parser.add_argument("--untagged", action="store_true", help="compare with untagged PDFs (what tagging costs)")
    args = parser.parse_args()

    os.environ.update(CLINIC_ENV="testing", CLINIC_SECRET_KEY="benchmark-secret-0123456789abcdefghij")
    started = time.perf_counter()
    from clinic.app import create_app

    app = create_app()
    renderer = services.of(app).renderer
    alone, official, full = documents(app, args.letter)
    app_ready = time.perf_counter() - started

    t = time.perf_counter()
    renderer.prepare()
    prepared = time.perf_counter() - t
    forked = first_render_in_forked_worker(renderer, official)
    t = time.perf_counter()
    renderer.render(official)
    cold = time.perf_counter() - t + prepared

    rows = [
        ("app start (imports, content checks)", f"{app_ready:.2f} s"),
        ("first render in a fresh process (load WeasyPrint, fonts, glyph table; render)", ms(cold)),
        ("first render in a fresh worker (forked after the master loaded fonts)", ms(forked)),
    ]
    official_warm = 0.0
    for name, html in (
        ("official letter alone", alone),
        ("filing (letter and its documents)", official),
        ("full pack", full),
    ):
        figures = warm_rounds(renderer, html, args.rounds, args.per_round)
        medians = [m for m, _, _ in figures]
        rows.append((f"{name}, warm median ({args.rounds} rounds of {args.per_round})", spread(medians)))
        rows.append((f"{name}, warm p95", spread([p for _, p, _ in figures])))
        rows.append((f"{name}, warm median CPU time of the process", spread([c for _, _, c in figures])))
        rows.append((f"{name}, PDF size", f"{len(renderer.render(html)) / 1024:.0f} KiB"))
        if html is official:
            official_warm = statistics.median(medians)

    if args.profile:
        profile(renderer, official, args.profile)

    if args.untagged:
        rows += tagging_rows(renderer, {"official letter": official, "full pack": full}, args.rounds, args.per_round)

    if args.pool:
        pool_figures(renderer, {"official letter": official, "full pack": full})

    rows += memory_rows(renderer, full, args.renders)
    rows += libreoffice_rows(official, official_warm)
    print()
    print("| measure | figure |")
    print("| --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value} |")


def tagging_rows(renderer, documents: dict[str, str], rounds: int, renders: int) -> list[tuple[str, str]]:  # noqa: ANN001
    """Warm medians of the app's (tagged) renderer and of an untagged one, in alternating rounds so
    that both meet the same load on a shared machine, and the median ratio of the rounds."""
    from clinic.letters.render import Renderer

    untagged = Renderer(renderer._static_dir, renderer.limits, tagged=False)
    untagged.render(next(iter(documents.values())))  # its fonts loaded before timing
    rows = []
    for name, html in documents.items():
        tagged_medians, untagged_medians = [], []
        for _ in range(rounds):
            untagged_medians.append(warm_rounds(untagged, html, 1, renders)[0][0])
            tagged_medians.append(warm_rounds(renderer, html, 1, renders)[0][0])
        ratios = [t / u for t, u in zip(tagged_medians, untagged_medians, strict=True)]
        rows.append(
            (
                f"{name}, warm median untagged / tagged PDF/UA-1",
                f"{spread(untagged_medians)} / {spread(tagged_medians)}",
            )
        )
        rows.append(
            (f"{name}, tagged / untagged (median of {rounds} round ratios)", f"{statistics.median(ratios):.2f}")
        )
    return rows


def memory_rows(renderer, html: str, renders: int) -> list[tuple[str, str]]:  # noqa: ANN001 - the app's Renderer
    """Peak RSS and RSS growth over ``renders`` renders of ``html``."""
    gc.collect()
    rss_start = rss_mb()
    checkpoints = []
    for i in range(1, renders + 1):
        renderer.render(html)
        if i % max(1, renders // 5) == 0:
            gc.collect()
            checkpoints.append((i, rss_mb()))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [
        ("peak RSS of the rendering process", f"{peak:.0f} MB"),
        (
            f"RSS over {renders} full-pack renders",
            f"{rss_start:.0f} -> {checkpoints[-1][1]:.0f} MB ({checkpoints[-1][1] - rss_start:+.0f} MB; "
            + ", ".join(f"{i}: {mb:.0f}" for i, mb in checkpoints)
            + ")",
        ),
    ]


def libreoffice_rows(official: str, official_warm: float) -> list[tuple[str, str]]:
    """LibreOffice's time for the same letter and its ratio to the warm median, when installed."""
    lo = libreoffice(official, 5)
    if lo is None:
        return [("LibreOffice soffice --convert-to pdf, same letter", "not installed: skipped")]
    return [
        ("LibreOffice soffice --convert-to pdf, same filing (whole process, median of 5)", ms(lo)),
        ("LibreOffice / filing warm median", f"{lo / official_warm:.1f}x"),
    ]


def peak_rss_mb(pid: int) -> float:
    """A process's peak RSS (VmHWM), in MB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def pool_figures(renderer, documents: dict[str, str]) -> None:  # noqa: ANN001 - the app's Renderer
    """Warm latency through the pool: a fresh render process per letter (recycle 1, the default)
    and one process reused (recycle 1000); the render processes' peak RSS."""
    from dataclasses import replace

    limits = renderer.limits
    for recycle in (1, 1000):
        renderer.limits = replace(limits, recycle_after=recycle)
        pool = renderer.start_pool()
        for name, html in documents.items():
            times = []
            for _ in range(30):
                time.sleep(0.05)  # let the next render process be forked, as between requests
                t = time.perf_counter()
                renderer.render(html)
                times.append(time.perf_counter() - t)
            print(
                f"{name:16s} via pool, recycle {recycle}: median {statistics.median(times) * 1000:.0f} ms, "
                f"p95 {percentile(times, 0.95) * 1000:.0f} ms"
            )
        time.sleep(0.2)
        peaks = [peak_rss_mb(pid) for pid in pool.pids()]
        print(
            f"pool, recycle {recycle}: spawner peak RSS {peak_rss_mb(pool.spawner_pid):.0f} MB, "
            f"idle render process peak RSS {', '.join(f'{mb:.0f}' for mb in peaks)} MB"
        )
        renderer.stop_pool()
    renderer.limits = limits


if __name__ == "__main__":
    main()
