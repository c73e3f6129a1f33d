"""Drive the journey in a browser like a person: one question per page, first choice each time."""

from __future__ import annotations


def answer_current_question(page) -> None:
    """Answer the question on screen with its first choice (or a fixed date) and continue."""
    if page.locator("input[name=year]").count():
        page.fill("input[name=year]", "2025")
        page.fill("input[name=month]", "3")
        page.fill("input[name=day]", "27")
    elif page.locator("select[name=answer]").count():
        page.select_option("select[name=answer]", index=1)
    else:
        page.locator("input[name=answer]").first.check()
    page.locator("main button[type=submit]").first.click()


def walk_to_check(page, base: str, limit: int = 12) -> None:
    """From the start, answer every question until Check your answers."""
    page.goto(f"{base}/begin")
    for _ in range(limit):
        if page.url.endswith("/check"):
            return
        answer_current_question(page)
    raise AssertionError(f"the journey did not reach Check your answers: {page.url}")
