"""OAuth 1.0a in real Chromium: the RFC's example as a preset, its two secrets, its fields
in the share link (never a secret), and a planted mistake found with "Break it"."""

from __future__ import annotations

import base64
import json
from types import SimpleNamespace

from oauthlib.oauth1.rfc5849 import signature
from playwright.sync_api import Page, expect

from tests.expected import PRESET_STRINGS

CONSUMER_SECRET, TOKEN_SECRET = "j49sk3j29djd", "dh893hdasih9"


def _oauthlib_hex(consumer_secret: str, token_secret: str) -> str:
    """oauthlib's HMAC-SHA1 of RFC 5849 §3.4.1's base string, as hex."""
    _, _, base_string = PRESET_STRINGS["oauth1-rfc5849"]
    keys = SimpleNamespace(client_secret=consumer_secret, resource_owner_secret=token_secret)
    sent = signature.sign_hmac_sha1_with_client(base_string, keys)
    return base64.b64decode(sent).hex()


def _decode_fragment(link: str) -> dict[str, str]:
    token = link.split("#state=", 1)[1]
    data: dict[str, str] = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    return data


def test_the_rfc_example_matches_with_the_erratums_signature(page: Page) -> None:
    page.goto("/?preset=oauth1-rfc5849")
    expect(page.locator("#sig-hex")).to_have_text(_oauthlib_hex(CONSUMER_SECRET, TOKEN_SECRET))
    expect(page.locator("#verdict-bar")).to_contain_text("Match")
    token_secret = page.get_by_label("Token secret", exact=True)
    expect(token_secret).to_have_attribute("type", "password")
    expect(page.get_by_label("OAuth version", exact=True)).to_have_value("none")
    expect(page.get_by_label("Realm", exact=True)).to_have_value("Example")


def test_the_share_link_keeps_the_oauth_fields_and_no_secret(page: Page) -> None:
    page.goto("/?preset=oauth1-rfc5849")
    expect(page.locator("#verdict-bar")).to_contain_text("Match")
    page.get_by_text("Share this request").click()
    page.get_by_role("button", name="Copy link").click()
    link = page.get_by_label("Share link", exact=True).input_value()
    state = _decode_fragment(link)
    assert (state["oauth_nonce"], state["realm"], state["origin"]) == (
        "7d8f3e4a",
        "Example",
        "http://example.com",
    )
    assert "secret" not in state
    assert "token_secret" not in state
    assert TOKEN_SECRET not in json.dumps(state)

    other = page.context.new_page()
    other.goto(link)
    expect(other.get_by_label("OAuth nonce", exact=True)).to_have_value("7d8f3e4a")
    expect(other.get_by_label("Token secret", exact=True)).to_have_value("")
    other.get_by_label("Secret key", exact=True).fill(CONSUMER_SECRET)
    other.get_by_label("Token secret", exact=True).fill(TOKEN_SECRET)
    expect(other.locator("#sig-hex")).to_have_text(_oauthlib_hex(CONSUMER_SECRET, TOKEN_SECRET))


def test_a_forgotten_token_secret_is_diagnosed(page: Page) -> None:
    page.goto("/?preset=oauth1-rfc5849")
    forgotten = base64.b64encode(bytes.fromhex(_oauthlib_hex(CONSUMER_SECRET, ""))).decode()
    page.get_by_label("Signature to check", exact=True).fill(forgotten)
    expect(page.locator("#verdict-bar")).to_contain_text("Mismatch")
    expect(page.locator("#verdict-bar")).to_contain_text("left the token secret out of the key")
