"""Bring your own evidence, in real Chromium: a HAR that Playwright records against the live
server is pasted back into the page; the compare panel is driven end to end."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.reference import node

SECRET = "as-test-secret-0123456789"
SIGNATURE = "0" * 64

RECORD = """() => fetch('/v1/devices/?limit=10&Zeta=z', {
  method: 'POST',
  headers: {'Content-Type': 'application/json', 'X-Nonce': 'n-1', 'X-Signature': 'SIGNATURE'},
  body: '{"name": "cam-1"}',
})""".replace("SIGNATURE", SIGNATURE)


def _record_har(browser: Browser, live_server: str, path: Path) -> None:
    context = browser.new_context(base_url=live_server, record_har_path=str(path))
    page = context.new_page()
    page.goto("/healthz")
    page.evaluate(RECORD)
    context.close()  # writes the HAR


def test_a_har_recorded_by_playwright_imports_and_signs(
    browser: Browser, live_server: str, page: Page, tmp_path: Path
) -> None:
    har_path = tmp_path / "recorded.har"
    _record_har(browser, live_server, har_path)
    har = json.loads(har_path.read_text())
    index = next(i for i, e in enumerate(har["log"]["entries"]) if e["request"]["method"] == "POST")
    # Keep the one recorded POST, as a user exporting "this request" would.
    har["log"]["entries"] = [har["log"]["entries"][index]]

    page.goto("/")
    page.get_by_label("Secret key", exact=True).fill(SECRET)
    page.locator("summary", has_text="Paste a request").click()
    page.get_by_label("Paste a request", exact=True).fill(json.dumps(har))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-summary")).to_contain_text("Imported from a HAR file")
    expect(page.get_by_label("Method", exact=True)).to_have_value("POST")
    expect(page.get_by_label("Path", exact=True)).to_have_value("/v1/devices/")
    expect(page.get_by_label("Query parameters", exact=True)).to_have_value("limit=10\nZeta=z")
    expect(page.get_by_label("Body", exact=True)).to_have_value('{"name": "cam-1"}')
    expect(page.get_by_label("Signature to check", exact=True)).to_have_value(SIGNATURE)
    expect(page.get_by_label("Secret key", exact=True)).to_have_value(SECRET)

    headers = page.get_by_label("Headers", exact=True).input_value().split("\n")
    assert "X-Nonce: n-1" in headers
    assert "Content-Type: application/json" in headers
    assert not any(line.startswith("X-Signature") for line in headers)
    # The string to sign, built by hand from the imported headers (sorted by code point).
    expected = "\n".join(
        [
            "POST",
            "/v1/devices",
            "\n".join(sorted(headers, key=lambda line: line.split(":", 1)[0])),
            "Zeta: z\nlimit: 10",
            '{"name": "cam-1"}',
        ]
    )
    [hex_value] = node.hmac_hex([("sha256", SECRET.encode(), expected.encode())])
    expect(page.locator("#sig-hex")).to_have_text(hex_value)
    expect(page.locator("#verdict-title")).to_have_text("✖ Mismatch")


def test_compare_panel_finds_the_first_difference_and_crlf(page: Page) -> None:
    page.goto("/")
    page.get_by_label("Method", exact=True).fill("GET")
    page.get_by_label("Path", exact=True).fill("/users")
    page.get_by_label("Headers", exact=True).fill("")
    page.get_by_label("Query parameters", exact=True).fill("")
    page.get_by_label("Secret key", exact=True).fill(SECRET)
    page.locator("summary", has_text="Compare strings").click()
    page.get_by_role("checkbox", name="Read escapes", exact=False).check()
    page.get_by_label("Actual string", exact=True).fill("GET\\r\\n/users\\r\\n\\r\\n\\r\\n")
    expect(page.locator("#comparison-verdict")).to_contain_text(
        "First difference at byte 3 (character 3), line 1, column 4"
    )
    expect(page.locator("#comparison-section")).to_have_text("method")
    expect(page.locator('[data-finding="line_endings"]')).to_be_visible()
    expect(page.locator('#comparison-diff ins [data-m="␍"]').first).to_be_attached()
