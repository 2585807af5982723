"""The debugger page in real Chromium: typing, presets, line endings, sharing, phone, a11y."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from app.core.presets import PRESETS
from tests.expected import APIAXLE_DOCS_HEX, PRESET_SIGNATURES, PRESET_STRINGS
from tests.reference import node

SECRET = "as-test-secret-0123456789"
# SCHEMES.md's published value for GET users/ with params limit, Zeta, alpha (tutorial).
USERS_HEX = "0741b2aeda24e29a4f9a29d169a24f501cb748f4d2cbb28f16f8536ca637702d"


def fill_users_request(page: Page) -> None:
    page.get_by_label("Scheme", exact=True).select_option("actionstreamer:tutorial")
    page.get_by_label("Method", exact=True).fill("GET")
    page.get_by_label("Path", exact=True).fill("users/")
    page.get_by_label("Headers", exact=True).fill("")
    page.get_by_label("Query parameters", exact=True).fill("limit=10\nZeta=z\nalpha=a")
    page.get_by_label("Body", exact=True).fill("")
    page.get_by_label("Secret key", exact=True).fill(SECRET)
    page.get_by_label("Signature to check", exact=True).fill("")


def test_typing_a_request_shows_the_steps_and_the_published_hmac(page: Page) -> None:
    page.goto("/")
    fill_users_request(page)
    expect(page.locator("#sig-hex")).to_have_text(USERS_HEX)
    expect(page.locator("#step-normalize_path")).to_contain_text("one trailing / stripped")
    expect(page.locator("#step-normalize_path pre").nth(1)).to_have_text("/users")
    expect(page.locator("#step-param_string")).to_contain_text("Zeta before alpha")
    # "GET\n/users\n\nZeta: z\nalpha: a\nlimit: 10\n": each of its six LFs is shown.
    expect(page.locator("#string-to-sign .ch-mark")).to_have_count(6)
    expect(page.locator("#status")).to_contain_text("Signature updated")


def test_multiline_json_body_is_signed_with_lf_unless_crlf_is_picked(page: Page) -> None:
    body = '{\n  "name": "cam-1",\n  "tags": ["a", "b"]\n}'
    page.goto("/")
    page.get_by_label("Method", exact=True).fill("POST")
    page.get_by_label("Path", exact=True).fill("/v1/devices")
    page.get_by_label("Headers", exact=True).fill("")
    page.get_by_label("Query parameters", exact=True).fill("")
    page.get_by_label("Body", exact=True).fill(body)
    page.get_by_label("Secret key", exact=True).fill(SECRET)
    lf = f"POST\n/v1/devices\n\n\n{body}"
    crlf = lf.replace("\n  ", "\r\n  ").replace("\n}", "\r\n}")
    lf_hex, crlf_hex = node.hmac_hex(
        [("sha256", SECRET.encode(), lf.encode()), ("sha256", SECRET.encode(), crlf.encode())]
    )
    expect(page.locator("#sig-hex")).to_have_text(lf_hex)
    expect(page.locator("#body-line-endings")).to_have_text("LF")
    page.get_by_role("radio", name="CRLF").check()
    expect(page.locator("#sig-hex")).to_have_text(crlf_hex)
    expect(page.locator("#body-line-endings")).to_have_text("CRLF")


#: Presets in view as the page opens; the others are under "N more presets".
SHOWN_PRESETS = 5


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.id)
def test_every_preset_loads_and_signs_correctly(page: Page, preset: object) -> None:
    expected = PRESET_SIGNATURES.get(preset.id)  # type: ignore[attr-defined]
    if expected is None:
        algorithm, secret, string = PRESET_STRINGS[preset.id]  # type: ignore[attr-defined]
        [expected] = node.hmac_hex([(algorithm, secret.encode(), string.encode())])
    page.goto("/")
    link = page.get_by_role("link", name=preset.title.replace("`", ""))  # type: ignore[attr-defined]
    if PRESETS.index(preset) >= SHOWN_PRESETS:  # one click away, under "8 more presets"
        expect(link).to_be_hidden()
        page.locator("summary", has_text="more presets").click()
    link.click()
    expect(page.locator("#sig-hex")).to_have_text(expected)
    if preset.id == "apiaxle-docs":  # type: ignore[attr-defined]
        assert expected == APIAXLE_DOCS_HEX
        expect(page.locator(".tick.accepted")).to_contain_text("-2 s")
        expect(page.get_by_label("Timestamp", exact=True)).to_be_visible()
        expect(page.get_by_label("Path", exact=True)).to_be_hidden()


def test_picking_a_scheme_on_the_opening_example_drops_its_signature(page: Page) -> None:
    page.goto("/")
    signature = page.get_by_label("Signature to check", exact=True)
    expect(signature).not_to_have_value("")
    page.get_by_label("Scheme", exact=True).select_option("github")
    expect(signature).to_have_value("")
    # The HMAC under GitHub's scheme, waiting for a signature to check: no false mismatch.
    expect(page.locator("#verdict-bar")).to_contain_text("Paste the rejected signature")
    expect(page.locator("#verdict-bar")).not_to_contain_text("Mismatch")


def test_sdk_button_adds_the_sdk_headers(page: Page) -> None:
    page.goto("/")
    page.get_by_label("Scheme", exact=True).select_option("actionstreamer:sdk")
    page.get_by_label("API key", exact=True).fill("AKID42")
    page.get_by_label("Secret key", exact=True).fill(SECRET)
    page.get_by_role("button", name="Add the SDK's own headers").click()
    headers = page.get_by_label("Headers", exact=True)
    value = headers.input_value()
    assert "Authorization: HMAC-SHA256 AKID42" in value
    assert "X-AccessKey: AKID42" in value
    assert "X-Nonce: " in value
    assert "X-Timestamp: " in value
    expect(page.locator("#step-header_string pre").nth(1)).to_contain_text("X-AccessKey: AKID42")


def _decode_fragment(link: str) -> dict[str, str]:
    token = link.split("#state=", 1)[1]
    data: dict[str, str] = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    return data


def test_share_link_restores_the_form_without_the_secret(page: Page, browser: Browser) -> None:
    page.goto("/")
    fill_users_request(page)
    expect(page.locator("#sig-hex")).to_have_text(USERS_HEX)
    page.get_by_text("Share this request").click()
    page.get_by_role("button", name="Copy link").click()
    link = page.get_by_label("Share link", exact=True).input_value()
    assert "#state=" in link
    assert "?" not in link
    assert SECRET not in json.dumps(_decode_fragment(link))
    assert "secret" not in _decode_fragment(link)
    # Only this scheme's fields: not the custom scheme's description.
    assert "description" not in _decode_fragment(link)
    assert "path" in _decode_fragment(link)

    other = page.context.new_page()
    other.goto(link)
    expect(other.get_by_label("Query parameters", exact=True)).to_have_value(
        "limit=10\nZeta=z\nalpha=a"
    )
    expect(other.get_by_label("Path", exact=True)).to_have_value("users/")
    expect(other.get_by_label("Secret key", exact=True)).to_have_value("")
    expect(other).to_have_url(link.split("#")[0])  # the fragment is dropped from history
    other.get_by_label("Secret key", exact=True).fill(SECRET)
    expect(other.locator("#sig-hex")).to_have_text(USERS_HEX)


def test_share_link_with_secret_warns_and_restores_it(page: Page) -> None:
    page.goto("/")
    fill_users_request(page)
    page.get_by_text("Share this request").click()
    page.get_by_label("Include secret", exact=True).check()
    expect(page.locator("#share-warning")).to_be_visible()
    page.get_by_role("button", name="Copy link").click()
    link = page.get_by_label("Share link", exact=True).input_value()
    assert _decode_fragment(link)["secret"] == SECRET
    other = page.context.new_page()
    other.goto(link)
    expect(other.locator("#sig-hex")).to_have_text(USERS_HEX)
    assert SECRET not in other.url


def test_secret_stays_out_of_urls_and_storage(page: Page, live_server: str) -> None:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto("/")
    fill_users_request(page)
    expect(page.locator("#sig-hex")).to_have_text(USERS_HEX)
    assert all(url.startswith(live_server) for url in urls), "no third-party requests"
    assert not any(SECRET in url for url in urls)
    assert SECRET not in page.url
    storage = page.evaluate("() => JSON.stringify([localStorage, sessionStorage])")
    assert SECRET not in storage


def test_keyboard_only(page: Page) -> None:
    page.goto("/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "f-secret":
            break
    else:
        pytest.fail("Tab never reached the Secret key field")
    # The page opens on its example, with a demo secret: type over it.
    page.keyboard.press("Control+a")
    page.keyboard.type(SECRET)
    page.keyboard.press("Enter")
    algorithm, _, string = PRESET_STRINGS["actionstreamer-rejected"]
    [expected] = node.hmac_hex([(algorithm, SECRET.encode(), string.encode())])
    expect(page.locator("#sig-hex")).to_have_text(expected)


def test_works_on_a_390px_phone(browser: Browser, live_server: str, shots: Path) -> None:
    context = browser.new_context(
        base_url=live_server, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto("/?preset=actionstreamer-register-device")
    expect(page.locator("#sig-hex")).to_be_visible()
    expect(page.get_by_label("Secret key", exact=True)).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width}px)"
    for selector in ("#sig-hex", "#sig-base64", "#string-to-sign", ".card.signature"):
        box = page.locator(selector).bounding_box()
        assert box is not None
        assert box["x"] >= 0, f"{selector} overflows: {box}"
        assert box["x"] + box["width"] <= 390, f"{selector} overflows: {box}"
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto("/?preset=apiaxle-docs")
    page.goto("/?preset=actionstreamer-register-device")
    page.locator("details.mistake").first.evaluate("(d) => d.open = true")
    results = Axe().run(page)
    serious = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.mark.parametrize(
    ("name", "width", "height", "scheme"),
    [
        ("desktop-light", 1440, 900, "light"),
        ("desktop-dark", 1440, 900, "dark"),
        ("projector-light", 1280, 720, "light"),
        ("projector-dark", 1280, 720, "dark"),
        ("phone-light", 390, 844, "light"),
        ("phone-dark", 390, 844, "dark"),
    ],
)
def test_screenshots_for_review(
    browser: Browser, live_server: str, shots: Path, name: str, width: int, height: int, scheme: str
) -> None:
    context = browser.new_context(
        base_url=live_server,
        viewport={"width": width, "height": height},
        color_scheme=scheme,  # type: ignore[arg-type]
    )
    page = context.new_page()
    page.goto("/")
    expect(page.locator("#sig-hex")).to_be_attached()
    # The page opens on its example: the verdict is above the fold, at every size.
    expect(page.locator("#verdict-bar")).to_contain_text("Mismatch")
    expect(page.locator("#verdict-bar")).to_be_in_viewport(ratio=1)
    page.screenshot(path=str(shots / f"{name}-fold.png"))
    path = shots / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    context.close()
