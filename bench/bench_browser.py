"""Keystroke to updated result, in real Chromium (goal: under 150 ms after the debounce).

Run by hand: ``.venv/bin/python -m bench.bench_browser``. It serves Sigscope on a free
127.0.0.1 port, types into the Path field one key at a time, and measures in the page, from
the keydown to the moment the result panel is replaced, minus the form's 250 ms debounce. The
baseline, measured in the same run, is a bare ``fetch`` of a small static file from the page.
"""

from __future__ import annotations

import logging
import statistics
import threading

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from app import create_app
from tests.e2e.conftest import CHROMIUM_ARGS, chromium_path

DEBOUNCE_MS = 250
KEYS = 30

WATCH = """() => {
  window.__done = 0;
  document.addEventListener('keydown', () => { window.__t0 = performance.now(); }, true);
  new MutationObserver(() => { window.__done = performance.now(); })
    .observe(document.querySelector('.results-col'), {childList: true});
}"""

FETCH = """async () => {
  const t0 = performance.now();
  await (await fetch('/static/favicon.svg', {cache: 'no-store'})).text();
  return performance.now() - t0;
}"""


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/?preset=actionstreamer-register-device"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url)
        page.evaluate(WATCH)
        path = page.get_by_label("Path")
        path.focus()
        latencies = []
        for index in range(KEYS):
            page.evaluate("() => { window.__done = 0; }")
            page.keyboard.press("abcdefghij"[index % 10])
            page.wait_for_function("() => window.__done > window.__t0")
            latencies.append(page.evaluate("() => window.__done - window.__t0") - DEBOUNCE_MS)
        fetches = [page.evaluate(FETCH) for _ in range(KEYS)]
        browser.close()
    server.shutdown()
    p50 = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    base = statistics.median(fetches)
    print(f"keystroke -> result, after the {DEBOUNCE_MS} ms debounce, {KEYS} keys:")
    print(f"  p50 {p50:.1f} ms   p95 {p95:.1f} ms   (goal: under 150 ms)")
    print(f"  baseline: bare fetch of a static file from the page, p50 {base:.1f} ms")
    print(f"  ratio p50 / baseline: {p50 / base:.1f}x")


if __name__ == "__main__":
    main()
