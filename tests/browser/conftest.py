"""Browser tests: Debian's Chromium driven by Playwright against a real gunicorn on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import servers

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
SECRET = "browser-test-secret-0123456789abcdefghijklmnop"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def live_server():
    """gunicorn with the repository's config on a free loopback port."""
    port = servers.free_port()
    env = {
        "CLINIC_ENV": "production",
        "CLINIC_SECRET_KEY": SECRET,
        "CLINIC_SECURE_COOKIES": "false",
        "CLINIC_EXIT_URL": f"http://127.0.0.1:{port}/healthz",
    }
    with servers.gunicorn(env, port=port):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "install Debian's chromium package (./dev.sh test does)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture()
def no_js_page(browser):
    """A page with JavaScript disabled, as in Tor Browser's safest level."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 740}, accept_downloads=True
    )
    page = context.new_page()
    yield page
    context.close()


def run_axe(browser, url: str, locale_cookie: str | None = None, setup=None) -> list[dict]:
    """Open a URL in a JavaScript-enabled context (CSP bypassed only to inject axe) and return the
    WCAG 2.2 A/AA violations and axe's best-practice ones (landmarks, one main heading...)."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    if locale_cookie:
        context.add_cookies([{"name": "lang", "value": locale_cookie, "url": url}])
    page = context.new_page()
    try:
        page.goto(url)
        if setup is not None:
            setup(page)
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate("""async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})""")
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]
    finally:
        context.close()
