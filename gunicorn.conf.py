"""gunicorn settings for Due Process Clinic (2 cores: 2 workers). No access log, ever."""

import os

bind = os.environ.get("CLINIC_BIND", "127.0.0.1:5000")
workers = int(os.environ.get("CLINIC_WORKERS", "2"))
threads = 1
# Load the app once in the master: workers share the checked content and, in embedded mode,
# the secret key generated in memory.
preload_app = True
timeout = 30
graceful_timeout = 10
max_requests = 2000
max_requests_jitter = 200
accesslog = None
# gunicorn's debug lines name request paths: they go through a filter that withholds them.
from clinic.security import gunicorn_logger_class  # noqa: E402

logger_class = gunicorn_logger_class()
errorlog = "-"
loglevel = os.environ.get("CLINIC_LOG_LEVEL", "warning").lower()
# Heartbeat files in memory, not on disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - tmpfs, by design
limit_request_line = 4094
limit_request_fields = 60
