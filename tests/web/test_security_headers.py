"""Every answer that can echo input carries the security headers: page, fragment, API."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

FORM = {"scheme": "actionstreamer:tutorial", "secret": "s", "body": "x"}
SIGN = {"scheme": "actionstreamer", "secret": "s"}

ANSWERS = {
    "page": lambda c: c.get("/"),
    "page post": lambda c: c.post("/", data=FORM),
    "fragment": lambda c: c.post("/", data=FORM, headers={"HX-Request": "true"}),
    "import": lambda c: c.post("/import", data={**FORM, "evidence": "https://x.example/a?b=1"}),
    "api answer": lambda c: c.post("/api/v1/sign", json=SIGN),
    "api error": lambda c: c.post("/api/v1/sign", json={"scheme": "nope"}),
    "not found": lambda c: c.get("/nope"),
}


@pytest.mark.parametrize("name", ANSWERS)
def test_security_headers(client: FlaskClient, name: str) -> None:
    response: TestResponse = ANSWERS[name](client)
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-store"
    assert headers["X-Frame-Options"] == "DENY"
