# Due Process Clinic: the same system packages as ./dev.sh (fonts, libharfbuzz-subset), pinned
# Python packages, compiled translations; runs as a non-root user and works on a read-only root
# filesystem (docker run --read-only, see compose.yaml). Build: docker build -t due-process-clinic .
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CLINIC_ENV=production \
    CLINIC_BIND=0.0.0.0:8000

# Fonts and libraries WeasyPrint needs; fc-cache now so fontconfig never writes a cache at run time.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fontconfig \
      fonts-noto-cjk fonts-noto-core \
 && fc-cache -f \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-deps -r requirements.lock

COPY app.py pyproject.toml babel.cfg gunicorn.conf.py ./
COPY clinic ./clinic
COPY templates ./templates
COPY translations ./translations
# The smaller letter fonts (clinic/letters/fontbuild.py), built from the Noto fonts above, then
# cached by fontconfig like them.
RUN python -m babel.messages.frontend compile -d translations \
 && python -m clinic.letters.fontbuild build /usr/local/share/fonts/due-process-clinic \
 && fc-cache -f /usr/local/share/fonts/due-process-clinic \
 && python -m compileall -q clinic \
 && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin clinic

USER clinic
EXPOSE 8000
# /dev/shm (gunicorn heartbeats) and /tmp are tmpfs mounts in compose.yaml; nothing else is written.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "app:app"]
