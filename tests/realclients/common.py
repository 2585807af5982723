"""From captured bytes to Sigscope's verdict, through the JSON API as a user would go."""

from __future__ import annotations

import shlex
from typing import Any

from flask.testing import FlaskClient


def as_curl(raw: bytes, base_url: str) -> str:
    """The capture rendered as a curl command, the way browsers' "Copy as cURL" write one:
    every header that was received, and the body as ``--data-raw``."""
    head, _, body = raw.partition(b"\r\n\r\n")
    request_line, *lines = head.decode("utf-8").split("\r\n")
    method, target, _ = request_line.split(" ")
    words = ["curl", shlex.quote(base_url.rstrip("/") + target), "-X", method]
    for line in lines:
        words += ["-H", shlex.quote(line)]
    if body:
        words += ["--data-raw", shlex.quote(body.decode("utf-8"))]
    return " \\\n  ".join(words)


def api(client: FlaskClient, path: str, payload: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/api/v1/{path}", json=payload)
    body: dict[str, Any] = response.get_json()
    assert response.status_code == 200, body
    return body


def import_and_diagnose(
    client: FlaskClient, text: str, secret: str, **extra: object
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Import ``text``, add the secret, and ask ``/diagnose`` about the signature it carried:
    no edit in between, as the page's "Import" then "Signature to check" does."""
    imported = api(client, "import", {"text": text, **extra})
    request = {key: value for key, value in imported["request"].items() if value is not None}
    payload = {**request, "scheme": imported["scheme"], "secret": secret}
    if imported["variant"]:
        payload["variant"] = imported["variant"]
    payload["signature"] = imported["signature"]
    return imported, api(client, "diagnose", payload)


def explained_by(diagnosis: dict[str, Any]) -> list[list[str]]:
    return [explanation["mistakes"] for explanation in diagnosis["explanations"]]
