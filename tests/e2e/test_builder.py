"""The ``custom`` scheme's builder in real Chromium: a scheme built with the keyboard and the
menus signs as an HMAC computed here by hand; the builder and the JSON follow each other; the
description round-trips through export, import and the share link; phone, axe, screenshots."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, expect

SECRET = "builder-e2e-secret"
# GitHub's documented example (SCHEMES2.md): secret, payload and the header's value.
GITHUB_SECRET = "It's a Secret to Everybody"
GITHUB_HEX = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"


def open_custom(page: Page, secret: str = SECRET) -> None:
    page.goto("/")
    page.get_by_label("Scheme", exact=True).select_option("custom")
    page.get_by_label("Signature to check", exact=True).fill("")
    page.get_by_label("Secret key", exact=True).fill(secret)
    expect(page.locator("#builder")).to_be_visible()


def part(page: Page, number: int) -> Locator:
    return page.locator("#b-parts > li").nth(number - 1)


def description(page: Page) -> dict[str, object]:
    text = page.get_by_label("Scheme description", exact=True).input_value()
    found: dict[str, object] = json.loads(text)
    return found


def add(page: Page, title: str) -> Locator:
    page.get_by_label("Add", exact=True).select_option(label=title)
    page.get_by_role("button", name="Add part").click()
    return page.locator("#b-parts > li").last


def test_a_scheme_built_in_the_builder_signs_as_computed_by_hand(page: Page) -> None:
    open_custom(page)
    page.get_by_label("Method", exact=True).fill("post")
    page.get_by_label("Path", exact=True).fill("/v1/orders/")
    page.get_by_label("Headers", exact=True).fill("X-Request-Id: r-42")
    page.get_by_label("Query parameters", exact=True).fill("b=x y\na=1")
    page.get_by_label("Body", exact=True).fill('{"id": 7}')

    # The example's five parts, removed with the keyboard: the focus stays on a Remove button.
    expect(page.locator("#b-parts > li")).to_have_count(5)
    page.get_by_role("button", name=re.compile(r"^Remove part 1 ")).focus()
    for left in (4, 3, 2, 1, 0):
        page.keyboard.press("Enter")
        expect(page.locator("#b-parts > li")).to_have_count(left)

    add(page, "Literal text").get_by_label("Text", exact=True).fill("v2")
    add(page, "Method").get_by_label("Letter case", exact=True).select_option("upper")
    add(page, "Path").get_by_label("Trailing /", exact=True).select_option("strip")
    query = add(page, "Query parameters")
    query.get_by_label("Sort", exact=True).select_option("name")
    query.get_by_label("Encoding", exact=True).select_option("rfc3986")
    add(page, "Header value").get_by_label("Header name", exact=True).fill("X-Request-Id")
    body_hash = add(page, "Body hash")
    body_hash.get_by_label("Hash", exact=True).select_option("sha512")
    body_hash.get_by_label("Digest written as", exact=True).select_option("base64")

    # The literal moves from first to last, by keyboard: the focus follows the part.
    part(page, 1).get_by_role("button", name=re.compile(r"down$")).focus()
    for _ in range(5):
        page.keyboard.press("Enter")
    expect(part(page, 6).locator("summary")).to_contain_text("Literal text")
    expect(page.locator("#b-status")).to_have_text("Moved Literal text down: now part 6 of 6.")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "Move part 6 (Literal text) up"

    sections = page.locator("#b-sections")
    sections.get_by_label("Between parts", exact=True).select_option(label="CRLF")
    sections.get_by_label("Hash", exact=True).select_option("sha384")
    sections.get_by_label("Title", exact=True).fill("Orders API")

    body_digest = base64.b64encode(hashlib.sha512(b'{"id": 7}').digest()).decode()
    string = f"POST\r\n/v1/orders\r\na=1&b=x%20y\r\nr-42\r\n{body_digest}\r\nv2"
    expected = hmac.new(SECRET.encode(), string.encode(), hashlib.sha384).hexdigest()
    expect(page.locator("#sig-hex")).to_have_text(expected)
    built = description(page)
    assert built["parts"] == [
        {"kind": "method", "case": "upper"},
        {"kind": "path", "trailing_slash": "strip"},
        {"kind": "query", "sort": "name", "encoding": "rfc3986"},
        {"kind": "header", "name": "X-Request-Id"},
        {"kind": "body_hash", "hash": "sha512", "digest": "base64"},
        {"kind": "literal", "text": "v2"},
    ]
    assert (built["title"], built["separator"], built["hash"]) == ("Orders API", "\r\n", "sha384")
    expect(page.locator("#step-literal")).to_contain_text("v2")


def test_the_builder_follows_the_json_and_waits_while_it_does_not_parse(page: Page) -> None:
    open_custom(page)
    area = page.get_by_label("Scheme description", exact=True)
    typed = json.dumps(
        {"title": "Typed", "parts": [{"kind": "body"}, {"kind": "query", "sort": "name_value"}]}
    )
    area.fill(typed)
    expect(page.locator("#b-parts > li")).to_have_count(2)
    part(page, 2).locator("summary").click()
    expect(part(page, 2).get_by_label("Sort", exact=True)).to_have_value("name_value")
    expect(page.locator("#b-invalid")).to_be_hidden()

    area.fill(typed[:-2])
    expect(page.locator("#b-invalid")).to_contain_text("does not parse yet")
    expect(page.get_by_role("button", name="Add part")).to_be_disabled()
    expect(area).to_have_value(typed[:-2])  # nothing lost
    expect(page.locator("#b-parts > li")).to_have_count(2)  # the last good description

    area.fill(typed.replace("name_value", "by_size"))
    expect(page.get_by_role("button", name="Add part")).to_be_enabled()
    expect(page.locator("#b-model-error")).to_contain_text("parts[1].sort")
    expect(part(page, 2)).to_have_class(re.compile(r"\bb-error\b"))
    expect(part(page, 2).get_by_label("Sort", exact=True)).to_have_value("")
    part(page, 2).get_by_label("Sort", exact=True).select_option("name")
    expect(page.locator("#b-model-error")).to_be_hidden()
    expect(part(page, 2)).not_to_have_class(re.compile(r"\bb-error\b"))
    assert description(page)["parts"] == [{"kind": "body"}, {"kind": "query", "sort": "name"}]

    # A separator of one's own, typed with escapes.
    sections = page.locator("#b-sections")
    sections.get_by_label("Between parts", exact=True).select_option(label="other…")
    expect(sections.get_by_label("Between parts: other separator")).to_be_focused()
    sections.get_by_label("Between parts: other separator").fill("\\n--\\t")
    expect(area).to_have_value(re.compile(r'"separator": "\\n--\\t"'))
    assert description(page)["separator"] == "\n--\t"


def test_a_provider_opens_as_a_start_and_round_trips_export_import_and_link(
    page: Page, tmp_path: Path
) -> None:
    open_custom(page, GITHUB_SECRET)
    page.get_by_label("Body", exact=True).fill("Hello, World!")
    page.get_by_label("Start from", exact=True).select_option(label="GitHub webhooks")
    page.get_by_role("button", name="Load", exact=True).click()
    expect(page.locator("#sig-hex")).to_have_text(GITHUB_HEX)
    # Built on: the body's hash, hex, after the body (GitHub's separator is "").
    add(page, "Body hash")
    digest = hashlib.sha256(b"Hello, World!").hexdigest()
    string = f"Hello, World!{digest}"
    expected = hmac.new(GITHUB_SECRET.encode(), string.encode(), hashlib.sha256).hexdigest()
    expect(page.locator("#sig-hex")).to_have_text(expected)
    text = page.get_by_label("Scheme description", exact=True).input_value()

    with page.expect_download() as download:
        page.get_by_role("button", name="Download .json").click()
    assert download.value.suggested_filename == "github-webhooks.json"
    exported = tmp_path / "exported.json"
    download.value.save_as(exported)
    assert exported.read_text("utf-8") == text

    page.get_by_label("Start from", exact=True).select_option(label="Stripe webhooks")
    page.get_by_role("button", name="Load", exact=True).click()
    expect(page.locator("#sig-hex")).not_to_have_text(expected)
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import .json").click()
    chooser.value.set_files(exported)
    expect(page.locator("#b-status")).to_contain_text("Imported exported.json")
    expect(page.get_by_label("Scheme description", exact=True)).to_have_value(text)
    expect(page.locator("#sig-hex")).to_have_text(expected)

    page.get_by_text("Share this request").click()
    page.get_by_role("button", name="Copy link").click()
    link = page.get_by_label("Share link", exact=True).input_value()
    other = page.context.new_page()
    other.goto(link)
    expect(other.get_by_label("Scheme description", exact=True)).to_have_value(text)
    expect(other.locator("#b-parts > li")).to_have_count(2)
    expect(other.get_by_label("Secret key", exact=True)).to_have_value("")
    other.get_by_label("Secret key", exact=True).fill(GITHUB_SECRET)
    expect(other.locator("#sig-hex")).to_have_text(expected)

    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_label("Scheme description", exact=True)).not_to_have_value(text)


def test_the_builder_fits_a_phone_passes_axe_and_is_photographed(
    browser: Browser, live_server: str, shots: Path
) -> None:
    for width, height in ((390, 844), (1280, 900)):
        context = browser.new_context(
            base_url=live_server, viewport={"width": width, "height": height}
        )
        page = context.new_page()
        open_custom(page)
        part(page, 3).locator("summary").click()
        expect(part(page, 3).get_by_label("Sort", exact=True)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        for item in page.locator("#b-parts > li").all():
            box = item.bounding_box()
            assert box is not None
            assert box["x"] + box["width"] <= width
        page.locator("#builder").screenshot(path=shots / f"builder-{width}.png")
        violations = Axe().run(page).response["violations"]
        serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
        assert serious == [], width
        context.close()
