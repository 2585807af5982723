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
    "method not allowed": lambda c: c.delete("/api/v1/sign"),
    "health error": lambda c: c.post("/healthz"),
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


#: path, a method it refuses, the methods it allows (what Werkzeug knows of the route).
REFUSED = [
    ("/api/v1/sign", "GET", {"POST", "OPTIONS"}),
    ("/api/v1/schemes", "POST", {"GET", "HEAD", "OPTIONS"}),
    ("/healthz", "POST", {"GET", "HEAD", "OPTIONS"}),
    ("/", "DELETE", {"GET", "HEAD", "POST", "OPTIONS"}),
]


@pytest.mark.parametrize(("path", "method", "allowed"), REFUSED)
def test_a_405_carries_allow(
    client: FlaskClient, path: str, method: str, allowed: set[str]
) -> None:
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert {name.strip() for name in response.headers["Allow"].split(",")} == allowed


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("POST", "/healthz", 405), ("PUT", "/healthz", 405), ("GET", "/healthz/x", 404)],
)
def test_healthz_errors_are_json(client: FlaskClient, method: str, path: str, status: int) -> None:
    response = client.open(path, method=method)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert set(response.get_json()["error"]) == {"field", "message"}


def test_page_errors_stay_html(client: FlaskClient) -> None:
    response = client.delete("/")
    assert response.mimetype == "text/html"
    assert client.get("/healthzz").mimetype == "text/html"
