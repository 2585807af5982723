"""Keystroke to updated HMAC, in real Chromium, for a small request and a 200 KB body.

Run by hand: ``.venv/bin/python -m bench.bench_browser``. It serves Sigscope on a free
127.0.0.1 port and measures in the page, from the keydown (or the paste) to the moment the
HMAC shown (``#sig-hex``) changes: the form's debounce is included, as the user waits it.
The mistake lens follows in a second request, so it is not counted.

- small: types into the Path field of a preset one key at a time (goal: p50 under 150 ms),
  and weighs the fragment each update brings;
- 200 KB: pastes a 200 KB JSON body (first result; goal under 1.5 s), then types into the
  Path field (goal: p50 under 500 ms), and weighs the fragment each update brings (goal:
  under 1 MB).

The baseline, measured in the same run, is a bare ``fetch`` of a small static file from the
page; the 200 KB figures are also printed as a ratio of the small request's.
"""

from __future__ import annotations

import json
import logging
import statistics
import threading

from playwright.sync_api import Page, Response, sync_playwright
from werkzeug.serving import make_server

from app import create_app
from tests.e2e.conftest import CHROMIUM_ARGS, chromium_path

#: The form's ``hx-trigger`` debounce, included in every figure (templates/partials/_form.html).
DEBOUNCE_MS = 60
KEYS = 30
BIG_KEYS = 10
SECRET = "as-test-secret-0123456789"

#: A 200 KB pretty-printed JSON body, as an API client would send a list of records.
BIG_BODY = json.dumps(
    [
        {"id": i, "name": f"device-{i}", "tags": ["a", "b"], "notes": "lorem ipsum " * 4}
        for i in range(2_000)
    ],
    indent=2,
)[:200_000]

WATCH = """() => {
  const hex = () => (document.getElementById('sig-hex') || {}).textContent || '';
  window.__done = 0;
  window.__hex = hex();
  document.addEventListener('keydown', () => { window.__t0 = performance.now(); }, true);
  new MutationObserver(() => {
    const now = hex();
    if (now && now !== window.__hex) { window.__done = performance.now(); window.__hex = now; }
  }).observe(document.querySelector('.results-col'), {childList: true, subtree: true});
}"""

PASTE = """(body) => {
  const field = document.getElementById('f-body');
  window.__done = 0;
  window.__t0 = performance.now();
  field.value = body;
  field.dispatchEvent(new Event('input', {bubbles: true}));
}"""

FETCH = """async () => {
  const t0 = performance.now();
  await (await fetch('/static/favicon.svg', {cache: 'no-store'})).text();
  return performance.now() - t0;
}"""


def type_keys(page: Page, count: int) -> list[float]:
    """Press ``count`` keys in the focused field; each key's time to the new HMAC."""
    latencies = []
    for index in range(count):
        page.evaluate("() => { window.__done = 0; }")
        page.keyboard.press("abcdefghij"[index % 10])
        page.wait_for_function("() => window.__done > window.__t0", timeout=120_000)
        latencies.append(page.evaluate("() => window.__done - window.__t0"))
        # Let the lens that follows arrive before the next key, as a typist's pause would.
        page.wait_for_function("() => !document.getElementById('lens-slot')", timeout=120_000)
    return latencies


def _record_posts(page: Page) -> list[int]:
    """The size of each answer to a POST the page makes, as it arrives."""
    sizes: list[int] = []

    def record(response: Response) -> None:
        if response.request.method == "POST" and "lens-section" not in (
            response.request.post_data or ""
        ):
            sizes.append(len(response.body()))

    page.on("response", record)
    return sizes


def small(page: Page, base: str) -> tuple[list[float], list[int]]:
    page.goto(f"{base}/?preset=actionstreamer-register-device")
    page.wait_for_selector("#sig-hex")
    page.evaluate(WATCH)
    fragments = _record_posts(page)
    page.get_by_label("Path").focus()
    page.keyboard.press("End")
    return type_keys(page, KEYS), fragments


def big(page: Page, base: str) -> tuple[float, list[float], list[int]]:
    """The 200 KB case: first result after the paste, keystrokes, fragment sizes."""
    page.goto(f"{base}/")
    page.get_by_label("Method", exact=True).fill("POST")
    page.get_by_label("Secret key", exact=True).fill(SECRET)
    page.wait_for_selector("#sig-hex")
    page.evaluate(WATCH)
    fragments = _record_posts(page)
    page.evaluate(PASTE, BIG_BODY)
    page.wait_for_function(
        "() => Number(document.getElementById('sts-bytes').textContent) > 200000",
        timeout=120_000,
    )
    page.wait_for_function("() => window.__done > window.__t0")
    first = page.evaluate("() => window.__done - window.__t0")
    page.get_by_label("Path", exact=True).focus()
    page.keyboard.press("End")
    return first, type_keys(page, BIG_KEYS), fragments


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        latencies, small_fragments = small(page, base)
        fetches = [page.evaluate(FETCH) for _ in range(KEYS)]
        page.close()
        first, big_latencies, fragments = big(browser.new_page(), base)
        browser.close()
    server.shutdown()
    p50 = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    base_ms = statistics.median(fetches)
    big_p50 = statistics.median(big_latencies)
    print(f"keydown -> HMAC shown, the {DEBOUNCE_MS} ms debounce included, {KEYS} keys:")
    print(f"  p50 {p50:.1f} ms   p95 {p95:.1f} ms   (goal: p50 under 150 ms)")
    print(f"  baseline: bare fetch of a static file from the page, p50 {base_ms:.1f} ms")
    print(f"  ratio p50 / baseline: {p50 / base_ms:.1f}x")
    print(f"  fragment {statistics.median(small_fragments) / 1024:.1f} KiB (median)")
    print(f"200 KB JSON body (the debounce included), {BIG_KEYS} keys:")
    print(f"  first result {first:.0f} ms   (goal: under 1500 ms; {first / base_ms:.0f}x baseline)")
    print(
        f"  keystroke p50 {big_p50:.0f} ms   (goal: under 500 ms; {big_p50 / base_ms:.0f}x "
        f"baseline, {big_p50 / p50:.1f}x the small request)"
    )
    print(f"  fragment {max(fragments) / 1024:.0f} KiB at most   (goal: under 1 MiB)")


if __name__ == "__main__":
    main()
