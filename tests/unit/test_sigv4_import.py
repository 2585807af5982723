"""SigV4 from evidence, through the JSON API: what the import reads from a request botocore
signed (header and presigned forms), and the page before and after the secret is typed."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from tests.oracles.sigv4 import sign as botocore_sign

VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "aws-sigv4.json"
CASES = {case["id"]: case for case in json.loads(VECTORS.read_text("utf-8"))["cases"]}


def case(case_id: str) -> dict[str, Any]:
    return copy.deepcopy(CASES[case_id]["input"])


def post(client: FlaskClient, path: str, payload: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/api/v1/{path}", json=payload)
    body: dict[str, Any] = response.get_json()
    assert response.status_code == 200, body
    return body


def diagnosed(client: FlaskClient, imported: dict[str, Any], secret: str) -> dict[str, Any]:
    request = {key: value for key, value in imported["request"].items() if value is not None}
    payload = {**request, "scheme": imported["scheme"], "variant": imported["variant"]}
    return post(
        client, "diagnose", {**payload, "secret": secret, "signature": imported["signature"]}
    )


def test_a_curl_command_is_read_by_its_authorization(client: FlaskClient) -> None:
    given = case("api_gateway_at_path")
    [[_, authorization]] = botocore_sign(given)["travels"]
    curl = (
        "curl 'https://abcdef1234.execute-api.us-east-1.amazonaws.com"
        "/production/%40connections/R0oXAdfD0kwCH6w%3D' -X POST "
        "-H 'Content-Type: application/json' -H 'X-Amz-Date: 20150830T123600Z' "
        f"-H 'X-Trace: 7' -H 'Authorization: {authorization}' --data-raw '{given['body']}'"
    )
    imported = post(client, "import", {"text": curl})
    assert (imported["scheme"], imported["variant"]) == ("aws-sigv4", "header")
    request = imported["request"]
    assert (request["api_key"], request["region"], request["service"]) == (
        "AKIDEXAMPLE",
        "us-east-1",
        "execute-api",
    )
    assert request["amz_date"] == "20150830T123600Z"
    assert request["timestamp"] == 1440938160
    # Exactly what `SignedHeaders` lists: curl's URL gives `Host`, `X-Trace` was not signed.
    assert [name.lower() for name, _ in request["headers"]] == [
        "content-type",
        "x-amz-date",
        "host",
    ]
    assert diagnosed(client, imported, given["secret"])["match"] is True


def test_a_presigned_url_is_read_by_its_parameters(client: FlaskClient) -> None:
    given = case("presigned_s3_session_token")
    [[_, url]] = botocore_sign(given)["travels"]
    imported = post(client, "import", {"text": url})
    assert (imported["scheme"], imported["variant"]) == ("aws-sigv4", "presigned")
    request = imported["request"]
    assert request["params"] == []
    assert (request["expires"], request["session_token"]) == ("900", given["session_token"])
    assert (request["region"], request["service"]) == ("eu-west-1", "s3")
    assert imported["signature"] == url.rpartition("=")[2]
    assert diagnosed(client, imported, given["secret"])["match"] is True
    signed = post(
        client,
        "sign",
        {
            **{k: v for k, v in request.items() if v is not None},
            "scheme": "aws-sigv4",
            "variant": "presigned",
            "secret": given["secret"],
            "lens": False,
        },
    )
    assert signed["travels"] == [{"name": "URL", "value": url}]


def test_a_scope_date_that_is_not_the_requests_is_noted(client: FlaskClient) -> None:
    given = case("get_vanilla")
    [[_, authorization]] = botocore_sign(given)["travels"]
    raw = (
        "GET / HTTP/1.1\r\nHost: example.amazonaws.com\r\nX-Amz-Date: 20150831T000100Z\r\n"
        f"Authorization: {authorization}\r\n\r\n"
    )
    imported = post(client, "import", {"text": raw})
    assert any("`20150830` is not `X-Amz-Date`'s `20150831`" in note for note in imported["notes"])


def test_a_har_entry_is_read_too(client: FlaskClient) -> None:
    given = case("get_vanilla")
    [[_, authorization]] = botocore_sign(given)["travels"]
    entry = {
        "request": {
            "method": "GET",
            "url": "https://example.amazonaws.com/",
            "headers": [
                {"name": "X-Amz-Date", "value": "20150830T123600Z"},
                {"name": "Authorization", "value": authorization},
            ],
            "queryString": [],
        }
    }
    imported = post(client, "import", {"har": {"log": {"entries": [entry]}}})
    assert imported["scheme"] == "aws-sigv4"
    assert diagnosed(client, imported, given["secret"])["match"] is True


def test_before_the_secret_the_page_hides_what_the_secret_derives(client: FlaskClient) -> None:
    form = {
        "scheme": "aws-sigv4:header",
        "method": "GET",
        "path": "/",
        "headers": "Host: example.amazonaws.com\nX-Amz-Date: 20150830T123600Z",
        "api_key": "AKIDEXAMPLE",
        "region": "us-east-1",
        "service": "service",
        "payload": "auto",
        "secret_encoding": "text",
        "secret": "",
    }
    keyless = client.post("/", data=form).get_data(as_text=True)
    assert 'id="step-canonical_request"' in keyless
    for step in ("k_date", "k_region", "k_service", "k_signing", "hmac"):
        block = keyless.split(f'id="step-{step}"')[1].split("</li>")[0]
        assert "data-keyed" in block, step
    oracle = botocore_sign(case("get_vanilla"))
    assert oracle["steps"]["k_signing"] not in keyless
    typed = client.post("/", data={**form, "secret": case("get_vanilla")["secret"]})
    assert oracle["steps"]["k_signing"] in typed.get_data(as_text=True)


def test_the_page_imports_a_presigned_url_into_its_fields_and_matches(
    client: FlaskClient,
) -> None:
    given = case("presigned_s3_session_token")
    [[_, url]] = botocore_sign(given)["travels"]
    form = {"evidence": url, "scheme": "actionstreamer:tutorial", "secret": given["secret"]}
    html = client.post("/import", data=form).get_data(as_text=True)
    for name, value in (
        ("region", "eu-west-1"),
        ("amz_date", given["amz_date"]),
        ("expires", "900"),
        ("session_token", given["session_token"]),
    ):
        assert f'name="{name}" value="{value}"' in html, name
    bar = html.split('id="verdict-bar"')[1].split("</div>")[0]
    assert "✓ Match" in bar
