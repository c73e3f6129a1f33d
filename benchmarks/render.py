"""Render benchmark: cold and warm render times (median, p95) and peak RSS for the official letter
alone and for the full pack (letter, reading copy, cover sheet); RSS growth over many renders; and,
when LibreOffice is installed, soffice --convert-to pdf of the same letter for comparison. With
--pool, the same warm renders through the render pool (a fresh render process per letter, as under
gunicorn, and one reused for many letters) and the render processes' peak RSS.

Run: .venv/bin/python benchmarks/render.py [--renders 500]
Prints figures; never fails on a time.
"""

from __future__ import annotations

import argparse
import gc
import os
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=500)
    parser.add_argument("--letter", type=int, default=1)
    parser.add_argument("--pool", action="store_true", help="also render through the render pool")
    args = parser.parse_args()

    os.environ.update(CLINIC_ENV="testing", CLINIC_SECRET_KEY="benchmark-secret-0123456789abcdefghij")
    started = time.perf_counter()
    from flask import render_template
    from flask_babel import force_locale

    from clinic import i18n
    from clinic.app import create_app
    from clinic.letters import pack
    from clinic.letters.details import read_details
    from clinic.letters.samples import sample_form
    from clinic.web.wording import words

    app = create_app()
    bundle = services.of(app).content
    renderer = services.of(app).renderer
    letter = bundle.letters.by_number(args.letter)
    with app.test_request_context("/"), force_locale("en"):
        from datetime import date

        details = read_details(letter, bundle.letters.fields, sample_form(letter, bundle.letters.fields), date.today())
        language = words()
        doc = pack.compose_document(letter, details, bundle, language)
        context = pack.pack_context(doc, bundle, language, i18n.reading_copy("en"), pack.organisation(app.config))
        pack = render_template("letters/pack.html", **context)
        official = render_template("letters/pack.html", **{**context, "reading": None}).replace(
            render_template("letters/cover.html", **context), ""
        )
    app_ready = time.perf_counter() - started

    first = time.perf_counter()
    renderer.render(official)
    cold = time.perf_counter() - first
    print(
        f"app start (imports, content checks): {app_ready:.2f} s; first render in process (cold): {cold * 1000:.0f} ms"
    )

    for name, html in (("official letter", official), ("full pack", pack)):
        times = []
        for _ in range(30):
            t = time.perf_counter()
            pdf = renderer.render(html)
            times.append(time.perf_counter() - t)
        print(
            f"{name:16s} warm: median {statistics.median(times) * 1000:.0f} ms, p95 {percentile(times, 0.95) * 1000:.0f} ms,"
            f" min {min(times) * 1000:.0f} ms, {len(pdf) / 1024:.0f} KiB"
        )

    if args.pool:
        pool_figures(renderer, {"official letter": official, "full pack": pack})

    gc.collect()
    rss_start = rss_mb()
    checkpoints = []
    for i in range(1, args.renders + 1):
        renderer.render(pack)
        if i % max(1, args.renders // 5) == 0:
            gc.collect()
            checkpoints.append((i, rss_mb()))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"RSS over {args.renders} full-pack renders: start {rss_start:.0f} MB, "
        + ", ".join(f"{i}: {mb:.0f} MB" for i, mb in checkpoints)
        + f"; growth {checkpoints[-1][1] - rss_start:+.0f} MB; peak RSS {peak:.0f} MB"
    )

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "letter.html"
            source.write_text(official, encoding="utf-8")
            times = []
            for _ in range(5):
                t = time.perf_counter()
                subprocess.run(
                    [soffice, "--headless", "--convert-to", "pdf", "--outdir", folder, str(source)],
                    check=True,
                    capture_output=True,
                    timeout=120,
                )
                times.append(time.perf_counter() - t)
            print(
                f"LibreOffice soffice --convert-to pdf (whole process, same letter): median "
                f"{statistics.median(times) * 1000:.0f} ms over {len(times)} runs"
            )
    else:
        print("LibreOffice not installed: comparison skipped (apt-get install libreoffice-writer-nogui to run it)")


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
