"""The page in real Chromium for a scheme registered at run time: the live server runs in
this process (``conftest.live_server``), so registering the toy here reaches it."""

from __future__ import annotations

import base64
import json

import pytest
from playwright.sync_api import Page, expect

from app.core.schemes import SCHEMES
from tests.web.toy_scheme import TOY, TOY_WITH_INPUTS, expected_hex


@pytest.fixture(autouse=True)
def toys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SCHEMES, TOY.name, TOY)
    monkeypatch.setitem(SCHEMES, TOY_WITH_INPUTS.name, TOY_WITH_INPUTS)


def test_the_live_result_signs_a_registered_scheme(page: Page) -> None:
    page.goto("/")
    page.get_by_label("Scheme", exact=True).select_option(label="Toy")
    page.get_by_label("Method", exact=True).fill("PATCH")
    page.get_by_label("Path", exact=True).fill("/toys/7")
    page.get_by_label("Body", exact=True).fill('{\n  "n": 1\n}')
    page.get_by_label("Secret key", exact=True).fill("toy-secret")
    expected = expected_hex("toy-secret", "PATCH", "/toys/7", '{\n  "n": 1\n}')
    expect(page.locator("#sig-hex")).to_have_text(expected)
    expect(page.get_by_label("Timestamp", exact=True)).to_be_hidden()
    expect(page.get_by_label("Headers", exact=True)).to_be_hidden()


def test_a_registered_schemes_fields_show_and_the_share_link_restores_them(page: Page) -> None:
    page.goto("/")
    nonce = page.get_by_label("Nonce", exact=True)
    expect(nonce).to_be_hidden()
    page.get_by_label("Scheme", exact=True).select_option("toyful")
    expect(nonce).to_be_visible()
    expect(page.get_by_text("A one-time value the toy client signs last.")).to_be_visible()
    tolerance = page.get_by_label("Tolerance", exact=True)
    expect(tolerance).to_have_value("2")
    nonce.fill("n-42")
    tolerance.fill("7")
    page.get_by_label("Path", exact=True).fill("/toys/8")
    page.get_by_label("Secret key", exact=True).fill("toy-secret")
    page.get_by_text("Share this request").click()
    page.get_by_role("button", name="Copy link").click()
    link = page.get_by_label("Share link", exact=True).input_value()
    token = link.split("#state=", 1)[1]
    state = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    assert (state["scheme"], state["nonce"], state["tolerance"]) == ("toyful", "n-42", "7")
    assert "secret" not in state

    other = page.context.new_page()
    other.goto(link)
    expect(other.get_by_label("Scheme", exact=True)).to_have_value("toyful")
    expect(other.get_by_label("Nonce", exact=True)).to_have_value("n-42")
    expect(other.get_by_label("Nonce", exact=True)).to_be_visible()
    expect(other.get_by_label("Tolerance", exact=True)).to_have_value("7")
    expect(other.get_by_label("Path", exact=True)).to_have_value("/toys/8")
    expect(other.get_by_label("Timestamp", exact=True)).to_be_hidden()
