"""The Code panel in real Chromium: shown on asking, one language at a time, kept open in
the language picked while the request is edited, copied and downloaded as its exact text,
all by keyboard, and usable on a phone's screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from app.core.presets import OPENING

CLIPBOARD = ["clipboard-read", "clipboard-write"]


@pytest.fixture
def clip_page(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server,
        viewport={"width": 1280, "height": 900},
        permissions=CLIPBOARD,
        accept_downloads=True,
    )
    yield context.new_page()
    context.close()


def _open_by_keyboard(page: Page) -> None:
    page.goto("/")
    show = page.get_by_role("button", name="Show the code")
    show.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#code-python")).to_be_visible()


def test_one_language_at_a_time_kept_while_editing(clip_page: Page) -> None:
    page = clip_page
    _open_by_keyboard(page)
    expect(page.locator("#code-go")).to_be_hidden()
    switcher = page.get_by_label("Language", exact=True)
    # The button asked from the keyboard is gone: the focus is on the panel's switcher.
    expect(switcher).to_be_focused()
    switcher.select_option("go")
    expect(page.locator("#code-go")).to_be_visible()
    expect(page.locator("#code-go")).to_contain_text("package main")
    expect(page.locator("#code-python")).to_be_hidden()
    # A live update redraws the result: the panel comes back, still in Go, with the new path.
    page.get_by_label("Path", exact=True).fill("/v1/code-panel-path")
    expect(page.locator("#code-go")).to_contain_text("/v1/code-panel-path")
    expect(page.locator("#code-go")).to_be_visible()
    expect(page.get_by_label("Language", exact=True)).to_have_value("go")
    # The redraw does not take the focus from the field being typed in.
    expect(page.get_by_label("Path", exact=True)).to_be_focused()


def test_copy_and_download_take_the_exact_program(clip_page: Page, tmp_path: Path) -> None:
    page = clip_page
    _open_by_keyboard(page)
    page.get_by_label("Language", exact=True).select_option("ruby")
    code = page.locator("#code-ruby").text_content() or ""
    assert "SIGSCOPE_SECRET" in code
    assert OPENING.fields["secret"] not in code
    copy = page.locator('button[data-copy="code-ruby"]')
    copy.focus()
    page.keyboard.press("Enter")
    expect(copy).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == code
    download_button = page.get_by_role("button", name="Download sign.rb")
    download_button.focus()
    with page.expect_download() as pending:
        page.keyboard.press("Enter")
    download = pending.value
    assert download.suggested_filename == "sign.rb"
    saved = tmp_path / "sign.rb"
    download.save_as(saved)
    assert saved.read_text(encoding="utf-8") == code


def test_the_panel_fits_a_phone(browser: Browser, live_server: str) -> None:
    context = browser.new_context(
        base_url=live_server, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        page.goto("/")
        page.get_by_role("button", name="Show the code").tap()
        expect(page.locator("#code-python")).to_be_visible()
        page.get_by_label("Language", exact=True).select_option("shell")
        expect(page.locator("#code-shell")).to_be_visible()
        box = page.locator("#code-panel").bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 390
        expect(page.get_by_role("button", name="Download sign.sh")).to_be_visible()
    finally:
        context.close()
