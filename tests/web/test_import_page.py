"""The import summary on the page, without JavaScript: each received header with its class
and a checkbox; "Import again with these choices" re-runs the import with them."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.reference import node

SECRET = "as-test-secret-0123456789"
NONCE = "0b7e4c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b"
#: What the SDK signs for this request; `requests` then adds `Accept: */*` and the rest.
SIGNED = (
    "GET\n/v1/device\nAuthorization: HMAC-SHA256 AKID\nX-AccessKey: AKID\n"
    f"X-Nonce: {NONCE}\nX-Timestamp: 1700000000\n\nlimit: 10"
)
WITH_ACCEPT = SIGNED.replace("Authorization", "Accept: */*\nAuthorization")


def evidence(signature: str) -> str:
    return (
        "GET /v1/device?limit=10 HTTP/1.1\n"
        "Host: api.example.com\n"
        "User-Agent: python-requests/2.34.2\n"
        "Accept-Encoding: gzip, deflate\n"
        "Accept: */*\n"
        "Connection: keep-alive\n"
        f"X-Nonce: {NONCE}\n"
        "X-Timestamp: 1700000000\n"
        "Authorization: HMAC-SHA256 AKID\n"
        "X-AccessKey: AKID\n"
        f"X-Signature: {signature}\n"
    )


def hmac(message: str) -> str:
    return node.hmac_hex([("sha256", SECRET.encode(), message.encode())])[0]


def checked(html: str) -> dict[str, bool]:
    boxes = re.findall(
        r'<input type="checkbox" name="signed_header" value="([^"]+)" ?(checked)?', html
    )
    return {name: bool(tick) for name, tick in boxes}


def test_the_summary_lists_each_header_with_its_class_and_a_box(client: FlaskClient) -> None:
    data = {"evidence": evidence(hmac(SIGNED)), "secret": SECRET}
    html = client.post("/import", data=data).get_data(as_text=True)
    assert checked(html) == {
        "host": False,
        "user-agent": False,
        "accept-encoding": False,
        "accept": False,
        "connection": False,
        "x-nonce": True,
        "x-timestamp": True,
        "authorization": True,
        "x-accesskey": True,
    }
    assert "added by the HTTP stack" in html
    assert '<option value="actionstreamer:sdk" selected>' in html
    assert '<h3 id="verdict-title">✓ Match</h3>' in html


def test_ticking_accept_imports_again_with_it_signed(client: FlaskClient) -> None:
    text = evidence(hmac(WITH_ACCEPT))
    first = client.post("/import", data={"evidence": text, "secret": SECRET})
    assert '<h3 id="verdict-title">✖ Mismatch</h3>' in first.get_data(as_text=True)
    listed = list(checked(first.get_data(as_text=True)))
    ticked = ["accept", "x-nonce", "x-timestamp", "authorization", "x-accesskey"]
    data = {
        "evidence": text,
        "secret": SECRET,
        "reimport": "1",
        "received_header": listed,
        "signed_header": ticked,
    }
    html = client.post("/import", data=data).get_data(as_text=True)
    assert checked(html)["accept"] is True
    assert "Accept: */*" in html.split('id="f-headers"', 1)[1].split("</textarea>", 1)[0]
    assert "you marked it signed" in html
    assert '<h3 id="verdict-title">✓ Match</h3>' in html


def test_a_fresh_import_ignores_the_last_import_s_boxes(client: FlaskClient) -> None:
    """Pressing "Import" (no `reimport`) reads the new paste as classified."""
    data = {
        "evidence": evidence(hmac(SIGNED)),
        "secret": SECRET,
        "received_header": ["accept"],
        "signed_header": ["accept"],
    }
    html = client.post("/import", data=data).get_data(as_text=True)
    assert checked(html)["accept"] is False
    assert '<h3 id="verdict-title">✓ Match</h3>' in html
