"""gunicorn settings for Due Process Clinic: sized for 2 cores, no access log, nothing on disk.

Every value can be overridden on the command line or with CLINIC_BIND / CLINIC_WORKERS /
CLINIC_THREADS / CLINIC_LOG_LEVEL.
"""

import ctypes
import os
import resource
import signal

import gunicorn.http.wsgi

from clinic.security import gunicorn_logger_class

# No core dumps: a worker's memory can hold what people typed in recent requests.
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

# Each thread that allocates gets its own glibc malloc arena; with 8 threads rendering letters in
# turn, that doubled a worker's memory (measured: ~530 MB RSS per worker, ~290 MB with 2 arenas).
# mallopt(M_ARENA_MAX, 2) here, in the master before it forks, holds for every worker.
M_ARENA_MAX = -8
try:
    ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, int(os.environ.get("MALLOC_ARENA_MAX", "2")))
except OSError:  # not glibc: nothing to tune
    pass

bind = [os.environ.get("CLINIC_BIND", "127.0.0.1:5000")]
if os.environ.get("CLINIC_METRICS_PORT"):
    # Aggregate counts only, on loopback only (clinic/metrics.py).
    bind.append(f"127.0.0.1:{int(os.environ['CLINIC_METRICS_PORT'])}")
# One worker process per core. Threads serve the light pages while a letter renders; each worker
# renders at most CLINIC_MAX_RENDERS letters at once and answers 503 beyond that.
workers = int(os.environ.get("CLINIC_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("CLINIC_THREADS", "8"))
# Load the app once in the master: workers share the checked content and, in embedded mode, the
# secret key generated in memory.
preload_app = True
timeout = 30
graceful_timeout = 10
keepalive = 5
# Recycle workers now and then: memory is the one place recent inputs can linger.
max_requests = 2000
max_requests_jitter = 200
accesslog = None
errorlog = "-"
loglevel = os.environ.get("CLINIC_LOG_LEVEL", "warning").lower()
# gunicorn's debug lines name request paths: they go through a filter that withholds them.
logger_class = gunicorn_logger_class()
# Heartbeat files in memory, not on disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - tmpfs, by design
limit_request_line = 4094
limit_request_fields = 60
limit_request_field_size = 8190
# gunicorn writes "Server: gunicorn" after the app has dropped its own Server header; the response
# then names the software behind the site. An empty value names nothing.
gunicorn.http.wsgi.SERVER = ""

# No control socket: it would be one more file on disk and a way into every instance of the user.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("CLINIC_FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):  # noqa: ANN001, ANN201 - gunicorn hook
    """In the master, once the app is loaded and before any worker is forked: load WeasyPrint, the
    fonts and the glyph table once, for every worker to share. Loading WeasyPrint looks its
    libraries up with the compiler, which writes temporary files: done here, never in a worker
    that may already be serving requests."""
    from clinic import services

    services.of(server.app.wsgi()).renderer.prepare()


def post_worker_init(worker):  # noqa: ANN001, ANN201 - gunicorn hook
    """Before the worker takes requests, start its render processes: a letter runs in one of them,
    killed when it runs past CLINIC_RENDER_SECONDS (a limit a request thread cannot enforce on
    itself) and replaced after CLINIC_RENDER_RECYCLE letters. The spawner they are forked from
    renders sample letters first, so that each starts warm. This runs before the worker starts its
    threads, so the fork copies no lock another thread holds."""
    from clinic import services

    renderer = services.of(worker.wsgi).renderer
    # The render processes must not keep the listening sockets or the worker's signal pipe open.
    renderer.start_pool(
        [sock.fileno() for sock in worker.sockets] + list(worker.PIPE),
        _sample_letters(worker.wsgi),
        # Should the spawner die (e.g. killed for memory), restart this worker gracefully:
        # gunicorn forks a fresh one, with a fresh spawner.
        on_broken=lambda: os.kill(os.getpid(), signal.SIGTERM),
    )


def _sample_letters(app):  # noqa: ANN001, ANN202 - the Flask app
    """The first letter with sample details in each enabled language: rendered once at worker start,
    they load every font face and layout path letters use, so render processes start warm."""
    from datetime import date

    from flask import render_template
    from flask_babel import force_locale

    from clinic import i18n, services
    from clinic.letters import pack
    from clinic.letters.details import read_details
    from clinic.letters.samples import sample_form
    from clinic.web.wording import words

    bundle = services.of(app).content
    letter = bundle.letters.ordered()[0]
    documents = []
    for locale in app.config["CLINIC_LOCALES"]:
        with app.test_request_context("/"), force_locale(locale):
            details = read_details(
                letter, bundle.letters.fields, sample_form(letter, bundle.letters.fields), date.today()
            )
            language = words()
            doc = pack.compose_document(letter, details, bundle, language)
            reading = i18n.reading_copy(locale)
            context = pack.pack_context(doc, bundle, language, reading, pack.organisation(app.config))
            documents.append(render_template("letters/pack.html", **context))
    return documents
