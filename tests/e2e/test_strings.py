"""Strings in real Chromium: copying takes the exact bytes (by selection and by button), diffs
draw changed whitespace as changed, and Compare reads a log line as a log prints it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.reference import node

SECRET = "as-test-secret-0123456789"
CLIPBOARD = ["clipboard-read", "clipboard-write"]

#: A body with everything a copy could lose: a tab, a no-break space, a zero-width space,
#: a space at a line's end, CRLF line endings (picked below) and a final line break.
BODY = "line one\n\tindented é\u200b \nlast\u00a0line\n"
#: The tutorial string for the request ``_fill`` types, written out by hand from the rules
#: (method, path, sorted headers, sorted params, body, joined with LF).
STRING = "POST\n/v1/x\nX-A: a  b\nq: v\u00a0\nline one\r\n\tindented é\u200b \r\nlast\u00a0line\r\n"


@pytest.fixture
def clip_page(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server, viewport={"width": 1280, "height": 900}, permissions=CLIPBOARD
    )
    yield context.new_page()
    context.close()


def _fill(page: Page) -> None:
    page.goto("/")
    page.get_by_label("Scheme", exact=True).select_option("actionstreamer:tutorial")
    page.get_by_label("Method", exact=True).fill("POST")
    page.get_by_label("Path", exact=True).fill("/v1/x")
    page.get_by_label("Headers", exact=True).fill("X-A:  a  b")
    page.get_by_label("Query parameters", exact=True).fill("q=v\u00a0")
    page.get_by_label("Body", exact=True).fill(BODY)
    page.get_by_label("CRLF", exact=True).check()
    page.get_by_label("Secret key", exact=True).fill(SECRET)
    [hex_value] = node.hmac_hex([("sha256", SECRET.encode(), STRING.encode())])
    expect(page.locator("#sig-hex")).to_have_text(hex_value)


def _clipboard(page: Page) -> str:
    text: str = page.evaluate("navigator.clipboard.readText()")
    return text


def _copied(page: Page, text: str) -> None:
    """Wait until the clipboard holds ``text`` (a copy is asynchronous)."""
    page.wait_for_function(
        "async (text) => (await navigator.clipboard.readText()) === text", arg=text
    )


def _literal(text: str) -> str:
    """A JSON string literal with invisible characters escaped, written independently."""
    return (
        json.dumps(text, ensure_ascii=False).replace("\u200b", "\\u200b").replace("\xa0", "\\u00a0")
    )


def test_selecting_the_string_to_sign_copies_the_exact_bytes(clip_page: Page) -> None:
    page = clip_page
    _fill(page)
    # The markers are on screen, and none of them is in the text.
    expect(page.locator('#string-to-sign [data-m="␍"]')).to_have_count(3)
    page.evaluate(
        """() => {
        const range = document.createRange();
        range.selectNodeContents(document.getElementById("string-to-sign"));
        const selection = document.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
    }"""
    )
    page.keyboard.press("Control+C")
    assert _clipboard(page) == STRING


def test_copy_buttons_copy_the_string_and_its_escaped_literal(clip_page: Page) -> None:
    page = clip_page
    _fill(page)
    page.get_by_role("button", name="Copy string to sign").click()
    _copied(page, STRING)
    page.get_by_role("button", name="Copy as an escaped literal").click()
    literal = _literal(STRING)
    _copied(page, literal)
    assert "\n" not in literal
    assert json.loads(literal) == STRING


def test_a_cut_string_to_sign_is_copied_whole(clip_page: Page) -> None:
    page = clip_page
    _fill(page)
    body = "x" * 5000 + " end"
    page.get_by_label("Body", exact=True).fill(body)
    expect(page.locator(".pane:has(#string-to-sign) .cut")).to_be_visible()
    page.get_by_role("button", name="Copy string to sign").click()
    _copied(page, f"POST\n/v1/x\nX-A: a  b\nq: v\u00a0\n{body}")


def test_without_a_clipboard_the_copy_button_says_why(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, permissions=CLIPBOARD)
    page = context.new_page()
    page.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});"
        "document.execCommand = () => false;"
    )
    _fill(page)
    page.get_by_role("button", name="Copy string to sign").click()
    note = page.locator(".copy-note")
    expect(note).to_contain_text("Not copied: this browser gives pages no clipboard")
    expect(note).to_contain_text("press Ctrl+C")
    context.close()


def test_without_the_clipboard_api_the_old_copy_command_still_copies(
    browser: Browser, live_server: str
) -> None:
    context = browser.new_context(base_url=live_server, permissions=CLIPBOARD)
    page = context.new_page()
    page.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});"
    )
    _fill(page)
    page.get_by_role("button", name="Copy string to sign").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    reader = context.new_page()
    reader.goto("/healthz")
    _copied(reader, STRING)
    context.close()


def test_a_deleted_line_feed_is_drawn_in_place_in_the_diff_colour(page: Page) -> None:
    page.goto("/")
    page.locator("summary", has_text="Compare strings").click()
    page.get_by_label("The string below", exact=True).check()
    page.get_by_label("Expected string", exact=True).fill("alpha\nbeta gamma")
    page.get_by_label("Actual string", exact=True).fill("alphabeta  gamma")
    deleted = page.locator('#comparison-diff del [data-m="␊"]')
    expect(deleted).to_have_count(1)
    inserted = page.locator('#comparison-diff ins [data-m="·"]')
    expect(inserted).to_have_count(1)
    shown = page.evaluate(
        """() => {
        const pre = document.getElementById("comparison-diff");
        const marker = pre.querySelector("del [data-m]");
        const before = getComputedStyle(marker, "::before").backgroundColor;
        const lines = Math.round(pre.getBoundingClientRect().height
            / parseFloat(getComputedStyle(pre).lineHeight || "20"));
        return {
            before,
            del: getComputedStyle(marker.closest("del")).backgroundColor,
            text: pre.textContent,
            height: pre.getBoundingClientRect().height,
            line: pre.querySelector("del").getBoundingClientRect().height,
            lines,
        };
    }"""
    )
    # The diff's colour, not the marker's; and the line does not break at the deleted LF.
    assert shown["before"] == shown["del"] != "rgba(0, 0, 0, 0)"
    assert shown["text"] == "alphabeta  gamma"
    assert shown["height"] < 2.5 * shown["line"]
    # The strings as they really are, one line each.
    page.locator("#comparison").get_by_text("As it really is").click()
    before = page.locator('#comparison pre.literal[data-side="before"]')
    after = page.locator('#comparison pre.literal[data-side="after"]')
    expect(before).to_have_text('"alpha\\nbeta gamma"')
    expect(after).to_have_text('"alphabeta  gamma"')
    expect(before.locator("del")).to_have_text("\\n")


# --- Compare reads logs as logs print them --------------------------------------------------

#: The form's request and its tutorial string; the client's differs on line 3 only.
EXPECTED = "GET\n/v1/x\nAccept: application/json\nlimit: 10\n"
CLIENT = "GET\n/v1/x\naccept: application/json\nlimit: 10\n"


def _fill_get(page: Page) -> None:
    page.get_by_label("Scheme", exact=True).select_option("actionstreamer:tutorial")
    page.get_by_label("Method", exact=True).fill("GET")
    page.get_by_label("Path", exact=True).fill("/v1/x")
    page.get_by_label("Headers", exact=True).fill("Accept: application/json")
    page.get_by_label("Query parameters", exact=True).fill("limit=10")
    page.get_by_label("Body", exact=True).fill("")
    page.get_by_label("Secret key", exact=True).fill(SECRET)


def test_a_quoted_log_line_compares_at_the_right_line_and_reproduces_the_signature(
    page: Page,
) -> None:
    page.goto("/")
    _fill_get(page)
    [expected_hex, client_hex] = node.hmac_hex(
        [
            ("sha256", SECRET.encode(), EXPECTED.encode()),
            ("sha256", SECRET.encode(), CLIENT.encode()),
        ]
    )
    expect(page.locator("#sig-hex")).to_have_text(expected_hex)
    page.get_by_label("Signature to check", exact=True).fill(client_hex)
    # The client's log line, as Chromium's own JSON.stringify prints it.
    printed = page.evaluate("text => JSON.stringify(text)", CLIENT)
    assert printed.startswith('"GET\\n/v1/x\\n')
    page.locator("summary", has_text="Compare strings").click()
    page.get_by_role("checkbox", name="Read escapes", exact=False).check()
    page.get_by_label("Actual string", exact=True).fill(printed)
    expect(page.locator("#comparison-verdict")).to_contain_text("line 3, column 1")
    expect(page.locator("#comparison-section")).to_have_text("headers")
    expect(page.locator("#comparison-notes")).to_contain_text("read as a JSON string")
    expect(page.locator("#actual-hmac-sent")).to_have_text(client_hex)
    expect(page.locator("#actual-hmac-verdict")).to_contain_text("✓ The same as the Signature")


def test_the_compare_section_fits_a_phone(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/")
    _fill_get(page)
    page.locator("summary", has_text="Compare strings").click()
    page.get_by_role("checkbox", name="Read escapes", exact=False).check()
    page.get_by_label("The string below", exact=True).check()
    long_line = json.dumps(EXPECTED + "x" * 300)
    page.get_by_label("Expected string", exact=True).fill(long_line)
    page.get_by_label("Actual string", exact=True).fill(json.dumps(CLIENT + "y" * 300))
    expect(page.locator("#comparison-verdict")).to_contain_text("line 3")
    page.get_by_text("As it really is").first.click()
    widths = page.evaluate(
        """() => ({
        page: document.documentElement.scrollWidth,
        viewport: document.documentElement.clientWidth,
        section: document.getElementById("compare-section").getBoundingClientRect().right,
        form: document.getElementById("sign-form").getBoundingClientRect().right,
        widest: Math.max(...Array.from(
            document.querySelectorAll("#compare-section *"),
            (element) => element.getBoundingClientRect().right)),
    })"""
    )
    assert widths["page"] <= widths["viewport"] == 390
    assert widths["section"] <= widths["form"]
    assert widths["widest"] <= widths["section"]
    context.close()


def test_the_share_link_carries_the_compare_state(clip_page: Page) -> None:
    page = clip_page
    page.goto("/")
    _fill_get(page)
    page.locator("summary", has_text="Compare strings").click()
    page.get_by_label("The string below", exact=True).check()
    page.get_by_label("Expected string", exact=True).fill("GET\\n/a")
    page.get_by_label("Actual string", exact=True).fill('"GET\\n/b"')
    page.get_by_role("checkbox", name="Read escapes", exact=False).check()
    page.locator("summary", has_text="Share this request").click()
    page.get_by_role("button", name="Copy link").click()
    link = page.locator("#share-link").input_value()
    assert "#state=" in link
    page = page.context.new_page()
    page.goto(link)
    expect(page.get_by_label("Actual string", exact=True)).to_have_value('"GET\\n/b"')
    expect(page.get_by_label("Expected string", exact=True)).to_have_value("GET\\n/a")
    expect(page.get_by_label("The string below", exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Read escapes", exact=False)).to_be_checked()
    expect(page.locator("#compare-section")).to_have_attribute("open", "")
    expect(page.locator("#comparison-verdict")).to_contain_text("line 2, column 2")
