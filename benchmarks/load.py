"""Load benchmark against a real gunicorn on loopback (bounded in time; prints figures, never fails).

  question pages/s at 2x and 4x the worker count in concurrency   (wrk if installed, else Python)
  letters/s, p50/p95/p99 and status counts at 2x (capacity) and 4x (overload)
  RSS of the workers over a soak at about half the letter capacity

  with --via-nginx: docs/deploy/nginx.conf in front of two instances (one worker each, the same two
  cores), and a retry flood of letters (clients that post again at once on 503 or 429): from 16
  addresses, and from one address beside a polite client on another

Run: .venv/bin/python benchmarks/load.py [--seconds 20] [--soak-minutes 10] [--via-nginx]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clinic import services  # noqa: E402 - found through the path set just above

SECRET = "load-benchmark-secret-0123456789abcdefghij"
LETTER_ID = "correction-of-dishonest-entry"  # letter number 1
PDF_PATH = f"/letter/{LETTER_ID}/pdf"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {
        **os.environ,
        "CLINIC_ENV": "production",
        "CLINIC_SECRET_KEY": SECRET,
        "CLINIC_SECURE_COOKIES": "false",
        "CLINIC_WORKERS": str(workers),
    }
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "app:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                time.sleep(3)  # workers warm up WeasyPrint
                return process, port
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def request(
    port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None, source: str = ""
):
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=60, source_address=(source, 0) if source else None
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def letter_request(port: int) -> tuple[bytes, dict]:
    """A valid POST body for the first letter and its cookie (one session, reused by every client)."""
    from clinic.app import create_app
    from clinic.letters.samples import sample_form

    app = create_app(environ={"CLINIC_ENV": "testing", "CLINIC_SECRET_KEY": SECRET})
    bundle = services.of(app).content
    form = sample_form(bundle.letters.letters[LETTER_ID], bundle.letters.fields)
    status, headers, body = request(port, "GET", f"/letter/{LETTER_ID}")
    cookie = next(v.split(";")[0] for k, v in headers if k.lower() == "set-cookie" and v.startswith("s="))
    token = re.search(rb'name="csrf_token" value="([^"]+)"', body).group(1).decode()
    encoded = urllib.parse.urlencode({**form, "csrf_token": token}, doseq=True).encode()
    return encoded, {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}


def pages_per_second(port: int, concurrency: int, seconds: int) -> str:
    wrk = shutil.which("wrk")
    if wrk:
        out = subprocess.run(
            [
                wrk,
                "-t",
                "2",
                "-c",
                str(concurrency),
                "-d",
                f"{seconds}s",
                "--latency",
                f"http://127.0.0.1:{port}/q/what-happened",
            ],
            capture_output=True,
            text=True,
        ).stdout
        rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
        lat = dict(re.findall(r"\s+(50|90|99)%\s+([\d.]+\w+)", out))
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        return (
            f"{float(rps):.0f} pages/s (wrk, {concurrency} connections): p50 {lat.get('50')}, p90 {lat.get('90')}, "
            f"p99 {lat.get('99')}, non-2xx {errors.group(1) if errors else 0}"
        )
    return "wrk not installed (apt-get install wrk): skipped"


def letters_per_second(
    port: int, concurrency: int, seconds: int, body: bytes, headers: dict, sources: list[str] | None = None
) -> str:
    """Clients that post letter 1 again at once whatever the answer (client i from sources[i % n])."""
    results: list[tuple[int, float]] = []
    lock = threading.Lock()
    stop = time.time() + seconds
    addresses = iter((sources or [""]) * concurrency)

    def client() -> None:
        source = next(addresses)
        while time.time() < stop:
            started = time.perf_counter()
            try:
                status, _h, data = request(port, "POST", PDF_PATH, body, headers, source)
            except OSError:
                status = -1
            with lock:
                results.append((status, time.perf_counter() - started))

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ok = sorted(t for s, t in results if s == 200)
    counts: dict[int, int] = {}
    for status, _t in results:
        counts[status] = counts.get(status, 0) + 1
    busy = sorted(t for s, t in results if s in (429, 503))

    def pct(values: list[float], q: float) -> str:
        return f"{values[min(len(values) - 1, int(q * (len(values) - 1)))] * 1000:.0f} ms" if values else "-"

    return (
        f"{len(ok) / seconds:.1f} letters/s at concurrency {concurrency}: p50 {pct(ok, 0.5)}, p95 {pct(ok, 0.95)}, "
        f"p99 {pct(ok, 0.99)}; statuses {json.dumps(counts)}; refusals (429/503) p95 {pct(busy, 0.95)}"
    )


def worker_memory(master: int) -> tuple[float, float]:
    """(largest worker RSS, sum of workers' PSS) in MB; PSS shares pages the workers have in common
    (loaded before the fork) fairly, so it is the honest total."""
    largest, pss = 0.0, 0.0
    for pid in subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split():
        try:
            with open(f"/proc/{pid}/status") as status:
                largest = max(largest, next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024)
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                pss += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:")) / 1024
        except (OSError, StopIteration):
            pass
    return largest, pss


def process_memory(master: int) -> str:
    """Peak RSS (VmHWM) of each worker and of the render-side processes under it (the spawner and
    the render processes alive now; each render process lives for CLINIC_RENDER_RECYCLE letters)."""

    def children(pid: int) -> list[int]:
        return [
            int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        ]

    def peak(pid: int) -> str:
        try:
            with open(f"/proc/{pid}/status") as status:
                return f"{next(int(line.split()[1]) for line in status if line.startswith('VmHWM')) / 1024:.0f} MB"
        except (OSError, StopIteration):
            return "-"

    def pss(pids: list[int]) -> float:
        total = 0.0
        for pid in pids:
            try:
                with open(f"/proc/{pid}/smaps_rollup") as rollup:
                    total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:")) / 1024
            except (OSError, StopIteration):
                pass
        return total

    lines = []
    for worker in children(master):
        spawners = children(worker)
        render = [pid for spawner in spawners for pid in children(spawner)]
        lines.append(
            f"worker peak RSS {peak(worker)}; spawner {', '.join(peak(p) for p in spawners) or '-'}; "
            f"render processes {', '.join(peak(p) for p in render) or '-'}; "
            f"PSS now: worker {pss([worker]):.0f} MB, with its spawner and render processes "
            f"{pss([worker, *spawners, *render]):.0f} MB"
        )
    return "\n".join(lines)


def main() -> None:
    """Start gunicorn, measure throughput and (unless --soak-minutes 0) memory growth, then stop it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--soak-minutes", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--soak-only", action="store_true", help="skip the throughput runs")
    parser.add_argument("--via-nginx", action="store_true", help="the retry flood through docs/deploy/nginx.conf")
    args = parser.parse_args()
    if args.via_nginx:
        via_nginx(args.seconds)
        return
    process, port = start_server(args.workers)
    try:
        print(f"gunicorn: {args.workers} workers x 8 threads, 127.0.0.1:{port}, {os.cpu_count()} cores")
        body, headers = letter_request(port)
        if not args.soak_only:
            throughput(port, args.workers, args.seconds, body, headers)
            print(process_memory(process.pid))
        if args.soak_minutes > 0:
            samples, statuses = soak(process.pid, port, args.soak_minutes, body, headers)
            report_soak(samples, statuses, args.soak_minutes)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def via_nginx(seconds: int) -> None:
    """The 8x retry flood (16 clients, 2 workers) through nginx: nginx's limits refuse the excess
    before it reaches gunicorn, so the workers' CPU goes to letters, not to writing 503 pages."""
    from tests import servers

    first, second = start_server(1), start_server(1)
    try:
        with servers.nginx([first[1], second[1]]) as proxy:
            port = proxy.port
            print(f"nginx in front of 2 instances x 1 worker x 8 threads, 127.0.0.1:{port}, {os.cpu_count()} cores")
            body, headers = letter_request(port)
            flood = [f"127.0.0.{10 + i}" for i in range(16)]
            print("flood, 16 clients from 16 addresses:", letters_per_second(port, 16, seconds, body, headers, flood))
            time.sleep(3)
            polite: list[str] = []
            watcher = threading.Thread(target=lambda: polite.append(polite_client(port, seconds, body, headers)))
            watcher.start()
            print(
                "flood, 16 clients from one address:",
                letters_per_second(port, 16, seconds, body, headers, ["127.0.0.9"]),
            )
            watcher.join()
            print("  meanwhile a polite client on another address (one letter every 3 s):", polite[0])
    finally:
        for process, _port in (first, second):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def polite_client(port: int, seconds: int, body: bytes, headers: dict) -> str:
    """One person making a letter every 3 s from their own address: how many they got, how fast."""
    answers = []
    stop = time.time() + seconds
    while time.time() < stop:
        started = time.perf_counter()
        status = request(port, "POST", PDF_PATH, body, headers, "127.0.0.200")[0]
        answers.append((status, time.perf_counter() - started))
        time.sleep(3)
    served = sorted(t for s, t in answers if s == 200)
    return f"{len(served)} of {len(answers)} served, slowest {max(served, default=0) * 1000:.0f} ms"


def throughput(port: int, workers: int, seconds: int, body: bytes, headers: dict) -> None:
    """Question pages and letter PDFs per second, at several client counts per worker, to see where
    each saturates."""
    for factor in (2, 4):
        print("question page:", pages_per_second(port, factor * workers, seconds))
    for factor in (2,) if os.environ.get("LOAD_ONLY_2X") else (1, 2, 4, 8):
        print("letter pdf:", letters_per_second(port, factor * workers, seconds, body, headers))


def soak(
    pid: int, port: int, minutes: float, body: bytes, headers: dict
) -> tuple[list[tuple[float, float, float]], dict[int, int]]:
    """Keep two clients busy for ``minutes`` while sampling the workers' memory every 10 s; return the
    (time, largest RSS, total PSS) samples and the count of each response status."""
    samples = []
    end = time.time() + minutes * 60
    stop = threading.Event()
    statuses: dict[int, int] = {}

    def soak_client() -> None:
        while not stop.is_set():
            answers = [request(port, "POST", PDF_PATH, body, headers)[0]]
            answers += [request(port, "GET", "/q/what-happened")[0] for _ in range(10)]
            for status in answers:
                statuses[status] = statuses.get(status, 0) + 1
            time.sleep(0.25)

    threads = [threading.Thread(target=soak_client) for _ in range(2)]
    for thread in threads:
        thread.start()
    while time.time() < end:
        samples.append((time.time(), *worker_memory(pid)))
        time.sleep(10)
    stop.set()
    for thread in threads:
        thread.join()
    return samples, statuses


def report_soak(samples: list[tuple[float, float, float]], statuses: dict[int, int], minutes: float) -> None:
    """Compare peak memory in the first and last windows of the soak: growth suggests a leak."""
    window = min(300.0, minutes * 60 / 3)  # the red-team check compares 5-minute windows
    first = [s for s in samples if s[0] - samples[0][0] < window]
    last = [s for s in samples if samples[-1][0] - s[0] < window]
    print(f"soak statuses: {json.dumps(statuses)}")
    for label, index in (("largest worker RSS", 1), ("workers' total PSS", 2)):
        a, b = max(s[index] for s in first), max(s[index] for s in last)
        print(
            f"soak {minutes:g} min, {label}: max of first {window:.0f} s {a:.0f} MB, "
            f"max of last {window:.0f} s {b:.0f} MB, growth {(b - a) / a * 100:+.1f} %"
        )


if __name__ == "__main__":
    main()
