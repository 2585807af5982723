"""The answer where the user is looking, in real Chromium: the verdict stays in view after an
import and after "Break it" on a desktop and a phone; the string to sign shows before the
secret; a half-typed header keeps the last HMAC, dimmed, and flags the field."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Route, expect

from tests.reference import node

SECRET = "as-test-secret-0123456789"
SIGNATURE = "ab" * 32

#: What Chromium's "Copy as cURL (bash)" writes for a signed POST: many browser headers.
CURL = f"""curl 'https://api.example.com/v1/devices/?limit=10' \\
  -H 'accept: */*' \\
  -H 'accept-language: en-GB,en;q=0.9' \\
  -H 'cache-control: no-cache' \\
  -H 'content-type: application/json' \\
  -H 'origin: https://app.example.com' \\
  -H 'pragma: no-cache' \\
  -H 'referer: https://app.example.com/' \\
  -H 'sec-ch-ua: "Chromium";v="131", "Not_A Brand";v="24"' \\
  -H 'sec-ch-ua-mobile: ?0' \\
  -H 'sec-fetch-dest: empty' \\
  -H 'sec-fetch-mode: cors' \\
  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36' \\
  -H 'x-nonce: 3f2b8c1e-7d4a-4f0e-9b6c-2a1d5e8f7c90' \\
  -H 'x-signature: {SIGNATURE}' \\
  --data-raw '{{"device_name":"cam-lobby-01","serial":"AS-0042"}}'"""

SIZES = {"desktop": (1440, 900), "phone": (390, 844)}


@pytest.fixture(params=list(SIZES))
def sized(request: pytest.FixtureRequest, browser: Browser, live_server: str) -> Iterator[Page]:
    width, height = SIZES[request.param]
    phone = request.param == "phone"
    context = browser.new_context(
        base_url=live_server,
        viewport={"width": width, "height": height},
        is_mobile=phone,
        has_touch=phone,
    )
    yield context.new_page()
    context.close()


def test_after_an_import_the_secret_is_asked_for_and_the_verdict_is_in_view(sized: Page) -> None:
    page = sized
    page.goto("/")
    page.locator("summary", has_text="Paste a request").click()
    page.get_by_label("Paste a request", exact=True).fill(CURL)
    page.get_by_role("button", name="Import").click()
    secret = page.get_by_label("Secret key", exact=True)
    expect(secret).to_be_focused()
    expect(secret).to_be_in_viewport()
    expect(page.locator("#need-secret")).to_contain_text("Secret key")
    # The string to sign is there before the secret; the HMAC waits for it.
    expect(page.locator("#string-to-sign")).to_contain_text("/v1/devices")
    expect(page.locator("#sig-hex")).to_have_count(0)
    page.keyboard.type(SECRET)
    bar = page.locator("#verdict-bar")
    expect(bar).to_contain_text("Mismatch")
    expect(bar).to_be_in_viewport()
    expect(page.locator("#sig-hex")).to_be_attached()
    # Typed: the prompt has done its work and goes.
    expect(page.locator("#need-secret")).to_have_count(0)
    expect(secret).not_to_have_attribute("aria-describedby", re.compile("need-secret"))


def test_break_it_brings_the_verdict_into_view(sized: Page) -> None:
    page = sized
    page.goto("/?preset=actionstreamer-register-device")
    expect(page.locator("#sig-hex")).to_be_visible()
    card = page.locator("details.mistake.changes", has_text="JSON re-serialized compactly")
    card.first.locator("summary").click()
    card.first.get_by_role("button", name="Break it").click()
    verdict = page.locator("#verdict")
    expect(verdict).to_contain_text("Mismatch")
    expect(verdict).to_be_focused()
    expect(verdict).to_be_in_viewport()
    expect(page.locator("#verdict-bar")).to_be_in_viewport()
    # The card the presenter opened stays open in the lens that follows.
    expect(page.locator("#lens-slot")).to_have_count(0)
    expect(card.first).to_have_attribute("open", "")


def test_a_card_opened_while_the_lens_is_on_its_way_stays_open(page: Page) -> None:
    page.goto("/?preset=actionstreamer-register-device")
    expect(page.locator("#lens-slot")).to_have_count(0)
    held: list[Route] = []

    def hold_the_lens(route: Route) -> None:
        if "lens-section" in (route.request.post_data or ""):
            held.append(route)
        else:
            route.continue_()

    page.route("**/", hold_the_lens)
    page.get_by_label("Path", exact=True).press("End")
    page.get_by_label("Path", exact=True).press("x")
    # The HMAC is new; the old lens, dimmed, holds the place of the one still on its way.
    expect(page.locator("#lens-slot")).to_have_attribute("aria-busy", "true")
    card = page.locator("#lens-slot details.mistake", has_text="JSON re-serialized compactly")
    card.locator("summary").click()
    expect(card).to_have_attribute("open", "")
    for _ in range(200):  # the route handler runs while Playwright waits
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1
    held[0].continue_()
    expect(page.locator("#lens-slot")).to_have_count(0)
    opened = page.locator("details.mistake", has_text="JSON re-serialized compactly")
    expect(opened).to_have_attribute("open", "")


def test_the_string_to_sign_shows_before_any_secret(page: Page) -> None:
    page.goto("/")
    page.get_by_label("Secret key", exact=True).fill("")
    page.get_by_label("Path", exact=True).fill("/v1/things/")
    expect(page.locator("#step-normalize_path pre").nth(1)).to_have_text("/v1/things")
    expect(page.locator("#string-to-sign")).to_contain_text("/v1/things")
    expect(page.locator("#keyless")).to_contain_text("Type the Secret key")
    expect(page.locator("#sig-hex")).to_have_count(0)
    expect(page.locator("#verdict-bar")).to_contain_text("Type the Secret key")


def test_a_half_typed_header_keeps_the_last_hmac_dimmed_and_flags_the_field(page: Page) -> None:
    page.goto("/")
    page.get_by_label("Method", exact=True).fill("GET")
    page.get_by_label("Signature to check", exact=True).fill("")
    page.get_by_label("Headers", exact=True).fill("Accept: application/json")
    page.get_by_label("Path", exact=True).fill("/v1/devices")
    page.get_by_label("Query parameters", exact=True).fill("")
    page.get_by_label("Body", exact=True).fill("")
    page.get_by_label("Secret key", exact=True).fill(SECRET)
    [good] = node.hmac_hex(
        [("sha256", SECRET.encode(), b"GET\n/v1/devices\nAccept: application/json\n\n")]
    )
    expect(page.locator("#sig-hex")).to_have_text(good)
    headers = page.get_by_label("Headers", exact=True)
    headers.focus()
    page.keyboard.press("End")
    page.keyboard.press("Control+End")
    page.keyboard.type("\nX-Half")
    # While the line is being typed: the last HMAC stays, dimmed; the field is not flagged yet.
    expect(page.locator("#result")).to_have_class("result stale")
    expect(page.locator("#sig-hex")).to_have_text(good)
    expect(headers).not_to_have_attribute("aria-invalid", "true")
    page.get_by_label("Body", exact=True).focus()
    expect(headers).to_have_attribute("aria-invalid", "true")
    # Marked as the last good result, not faded: its text keeps its contrast.
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []
    expect(page.locator("#error-headers")).to_contain_text("line 2")
    expect(page.locator("#error-headers code").first).to_have_text("X-Half")
    expect(page.locator("#sig-hex")).to_have_text(good)
    # Finishing the line brings a new result and clears the flag.
    headers.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type(": 1")
    [fixed] = node.hmac_hex(
        [("sha256", SECRET.encode(), b"GET\n/v1/devices\nAccept: application/json\nX-Half: 1\n\n")]
    )
    expect(page.locator("#sig-hex")).to_have_text(fixed)
    expect(headers).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#error-headers")).to_have_count(0)
    expect(page.locator("#result")).not_to_have_class("result stale")
