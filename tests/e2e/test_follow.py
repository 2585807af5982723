"""What the user changes sits next to what it changes, in real Chromium: the server's clock
beside the window picture moves the picture, and a comparison that first appears while the
actual string is typed is brought into view without taking the focus from the field."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

SECRET = "as-test-secret-0123456789"
EXPECTED = "GET\n/v1/x\nAccept: application/json\nlimit: 10\n"
CLIENT = "GET\n/v1/x\naccept: application/json\nlimit: 10\n"


def test_the_clock_beside_the_picture_moves_it(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto("/?preset=apiaxle-docs")
    window = page.locator(".card.window")
    client = int(page.locator("#f-timestamp").input_value())
    copy = window.get_by_label("Server time beside the picture")
    copy.scroll_into_view_if_needed()
    expect(window.locator(".timeline")).to_be_in_viewport()
    copy.fill(str(client + 10))
    # The form's own field follows, the picture moves, and the presenter keeps typing there.
    expect(page.locator("#f-server-time")).to_have_value(str(client + 10))
    expect(window.locator(".clocks")).to_contain_text(f"({client + 10})")
    expect(window).to_contain_text("✖ Rejected")
    expect(page.locator("#clock-server-time")).to_be_focused()
    expect(page.locator("#clock-server-time")).to_have_value(str(client + 10))
    # Widening the window beside the picture lets the client's second in again.
    window.get_by_label("Window beside the picture").fill("10")
    expect(page.locator("#f-window")).to_have_value("10")
    expect(window.locator(".tick.accepted")).to_contain_text("-10 s")
    context.close()


@pytest.fixture(params=[(1440, 900), (390, 844)], ids=["desktop", "phone"])
def sized(request: pytest.FixtureRequest, browser: Browser, live_server: str) -> Iterator[Page]:
    width, height = request.param
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": height})
    yield context.new_page()
    context.close()


def test_a_comparison_that_appears_is_brought_into_view(sized: Page) -> None:
    page = sized
    page.goto("/")
    page.get_by_label("Scheme", exact=True).select_option("actionstreamer:tutorial")
    page.get_by_label("Method", exact=True).fill("GET")
    page.get_by_label("Path", exact=True).fill("/v1/x")
    page.get_by_label("Headers", exact=True).fill("Accept: application/json")
    page.get_by_label("Query parameters", exact=True).fill("limit=10")
    page.get_by_label("Body", exact=True).fill("")
    page.get_by_label("Secret key", exact=True).fill(SECRET)
    page.locator("summary", has_text="Compare strings").click()
    actual = page.get_by_label("Actual string", exact=True)
    actual.fill(CLIENT)
    expect(page.locator("#comparison-verdict")).to_contain_text("line 3, column 1")
    expect(page.locator("#comparison")).to_be_in_viewport()
    expect(actual).to_be_focused()
    context = page.evaluate("() => document.activeElement.id")
    assert context == "f-compare-actual"
