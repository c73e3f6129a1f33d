#!/usr/bin/env bash
# Set up everything Due Process Clinic needs on Debian 12 (system fonts and libraries, a virtual
# environment with the pinned packages, compiled translations), then serve it or run every test.
#   ./dev.sh serve   -> http://127.0.0.1:5000
#   ./dev.sh test    -> format, lint and type checks, then the whole test suite
#   ./dev.sh quick   -> the same checks, then every test except the browser and gunicorn suites
#   ./dev.sh lint    -> format, lint and type checks only
# Both are idempotent: when everything is already there they start in a second or two.
set -euo pipefail
cd "$(dirname "$0")"

SYSTEM_PACKAGES=(fontconfig libharfbuzz-subset0 fonts-noto-cjk fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0)
TEST_PACKAGES=(poppler-utils strace chromium nginx)
PYTHON=${PYTHON:-python3}
VENV=.venv

# Run a command, showing its output only if it fails.
quietly() {
  local output
  if ! output=$("$@" 2>&1); then echo "$output" >&2; return 1; fi
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_system_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if ! "$PYTHON" -c 'import ensurepip' 2>/dev/null; then missing+=(python3-venv); fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    as_root fc-cache -f >/dev/null   # build font caches now: a cold cache costs seconds on the first render
  fi
}

install_python_packages() {
  # $1: the lock file (requirements.lock to serve; requirements-test.lock adds the test tools)
  local lock=$1 stamp="$VENV/.installed-$1" wanted
  wanted=$(cat "$lock" requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
  fi
  if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    echo "Installing Python packages from $lock"
    quietly "$VENV/bin/python" -m pip install -q --upgrade pip
    quietly "$VENV/bin/python" -m pip install -q -r "$lock"
    echo "$wanted" > "$stamp"
  fi
}

install_browser_test_tools() {
  # axe-core for the accessibility tests, pinned in tests/browser/package-lock.json.
  if ! command -v npm >/dev/null; then install_system_packages npm; fi
  if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
    quietly npm ci --prefix tests/browser --no-audit --no-fund
  fi
}

# Smaller copies of the letter fonts (common Chinese characters, the Uyghur range), built once from
# the installed Noto fonts and installed as system fonts: they halve a letter's render time
# (clinic/letters/fontbuild.py, docs/performance.md). Rebuilt only when missing or out of date.
LETTER_FONT_DIR=/usr/local/share/fonts/due-process-clinic
install_letter_fonts() {
  if ! "$VENV/bin/python" -m clinic.letters.fontbuild check "$LETTER_FONT_DIR" >/dev/null 2>&1; then
    echo "Building the letter fonts from the installed Noto fonts (once; a minute or so)"
    as_root env PYTHONDONTWRITEBYTECODE=1 "$VENV/bin/python" -m clinic.letters.fontbuild build "$LETTER_FONT_DIR" >/dev/null
    as_root fc-cache -f "$LETTER_FONT_DIR" >/dev/null
  fi
}

compile_translations() {
  quietly "$VENV/bin/python" -m babel.messages.frontend compile -d translations
}

# Format, lint (complexity included) and strict types: the settings live in pyproject.toml.
lint() {
  "$VENV/bin/ruff" format --check --quiet .
  "$VENV/bin/ruff" check .
  "$VENV/bin/mypy"
}

case "${1:-}" in
  serve)
    install_system_packages "${SYSTEM_PACKAGES[@]}"
    install_python_packages requirements.lock
    install_letter_fonts
    compile_translations
    echo "Serving on http://127.0.0.1:5000 (stop with Ctrl-C)"
    exec "$VENV/bin/gunicorn" --config gunicorn.conf.py --bind 127.0.0.1:5000 app:app
    ;;
  test)
    install_system_packages "${SYSTEM_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
    install_python_packages requirements-test.lock
    install_letter_fonts
    install_browser_test_tools
    compile_translations
    lint
    exec "$VENV/bin/pytest" "${@:2}"
    ;;
  lint)
    install_python_packages requirements-test.lock
    lint
    ;;
  quick)
    install_python_packages requirements-test.lock
    compile_translations
    lint
    exec "$VENV/bin/pytest" -m "not browser and not production" "${@:2}"
    ;;
  *)
    echo "usage: ./dev.sh serve | ./dev.sh test [pytest arguments] | ./dev.sh lint | ./dev.sh quick" >&2
    exit 2
    ;;
esac
