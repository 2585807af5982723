"""Signed vs sent, in real Chromium: ticking a received header's box imports again with it
signed, and the verdict follows."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.web.test_import_page import SECRET, WITH_ACCEPT, evidence, hmac


def test_ticking_accept_re_imports_and_matches(page: Page) -> None:
    page.goto("/")
    page.get_by_label("Secret key", exact=True).fill(SECRET)
    page.locator("summary", has_text="Paste a request").click()
    page.get_by_label("Paste a request", exact=True).fill(evidence(hmac(WITH_ACCEPT)))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#import-summary")).to_contain_text("Imported from a raw HTTP request")
    expect(page.get_by_label("Scheme", exact=True)).to_have_value("actionstreamer:sdk")
    expect(page.locator("#verdict-title")).to_have_text("✖ Mismatch")
    # The headers not signed are folded under one line.
    unsigned = page.locator("#received-unsigned summary")
    expect(unsigned).to_have_text(
        "5 not signed: Host, User-Agent, Accept-Encoding and 2 more — show"
    )
    unsigned.click()
    accept = page.get_by_role("checkbox", name="Accept: */*", exact=True)
    expect(accept).not_to_be_checked()

    posts: list[str] = []
    page.on(
        "request", lambda request: posts.append(request.url) if request.method == "POST" else None
    )
    # A slow import (a busy server) must not race the form's live update: hold it back longer
    # than the form's debounce.
    page.route("**/import", lambda route: (page.wait_for_timeout(300), route.continue_()))
    accept.check()
    expect(page.get_by_role("checkbox", name="Accept: */*", exact=True)).to_be_checked()
    expect(page.get_by_label("Headers", exact=True)).to_have_value(
        "Accept: */*\nX-Nonce: 0b7e4c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b\nX-Timestamp: 1700000000\n"
        "Authorization: HMAC-SHA256 AKID\nX-AccessKey: AKID"
    )
    expect(page.locator("#verdict-title")).to_have_text("✓ Match")
    expect(page.get_by_label("Secret key", exact=True)).to_have_value(SECRET)
    # The tick imports again, and starts no live update of the form that could cancel it.
    assert [url.rsplit("/", 1)[1] for url in posts] == ["import"]


def test_the_header_list_fits_a_phone_and_passes_axe(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/")
    page.locator("summary", has_text="Paste a request").click()
    page.get_by_label("Paste a request", exact=True).fill(evidence(hmac(WITH_ACCEPT)))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#received-headers")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        violations = Axe().run(page).response["violations"]
        serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
        assert serious == [], scheme
    context.close()
