"""Diagnosis in the page, in real Chromium: paste a wrong signature; break it, find it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.reference import node

SECRET = "as-test-secret-0123456789"
HEADERS = "X-Nonce: n-1\nAccept: application/json"


def fill(page: Page) -> None:
    page.goto("/")
    page.get_by_label("Scheme", exact=True).select_option("actionstreamer:tutorial")
    page.get_by_label("Method", exact=True).fill("POST")
    page.get_by_label("Path", exact=True).fill("/v1/devices/")
    page.get_by_label("Headers", exact=True).fill(HEADERS)
    page.get_by_label("Query parameters", exact=True).fill("")
    page.get_by_label("Body", exact=True).fill('{"a": 1}\n')
    page.get_by_label("Secret key", exact=True).fill(SECRET)
    expect(page.locator("#sig-hex")).to_have_text(
        node.hmac_hex(
            [
                (
                    "sha256",
                    SECRET.encode(),
                    b'POST\n/v1/devices\nAccept: application/json\nX-Nonce: n-1\n\n{"a": 1}\n',
                )
            ]
        )[0]
    )


def test_pasting_a_wrong_signature_shows_the_explanation(page: Page) -> None:
    fill(page)
    # The client kept the trailing slash and sent the body with CRLF line endings.
    mistaken = 'POST\n/v1/devices/\nAccept: application/json\nX-Nonce: n-1\n\n{"a": 1}\r\n'
    [hex_value] = node.hmac_hex([("sha256", SECRET.encode(), mistaken.encode())])
    page.get_by_label("Signature to check", exact=True).fill(hex_value.upper())
    expect(page.locator("#verdict-title")).to_have_text("✖ Mismatch")
    first = page.locator(".explanation").first
    expect(first).to_have_attribute(
        "data-mistakes", "keep_trailing_slash body_crlf output_hex_upper"
    )
    expect(first).to_contain_text("trailing slash")
    expect(page.locator("#status")).to_contain_text("Signature does not match")


def test_break_it_button_is_found_again(page: Page) -> None:
    fill(page)
    card = page.locator('[data-mistake="headers_unsorted"]')
    card.locator("summary").click()
    card.get_by_role("button", name="Break it: Headers signed in sent order").click()
    expect(page.locator(".explanation").first).to_have_attribute(
        "data-mistakes", "headers_unsorted"
    )
    sent = card.locator(".sent").text_content()
    expect(page.get_by_label("Signature to check", exact=True)).to_have_value(sent or "")
