"""The OpenAPI description is valid, covers every route, and matches what the API really says.

Real answers from the Flask test client are validated against the description's schemas with
a Draft 2020-12 validator: a field the API adds or drops without the description following
fails here.
"""

from __future__ import annotations

import base64
import re
from typing import Any

import jsonschema
import pydantic
import pytest
from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate as validate_spec

from app import create_app
from app.core.contract.answers import ANSWERS

SECRET = "as-test-secret-0123456789"
# Statuses every path can answer (unknown path, wrong method), described once in `info`.
GLOBAL_STATUSES = {404, 405}
IGNORED_METHODS = {"HEAD", "OPTIONS"}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    answer = create_app({"TESTING": True}).test_client().get("/api/v1/openapi.json")
    assert answer.status_code == 200
    assert answer.mimetype == "application/json"
    document: dict[str, Any] = answer.get_json()
    return document


def schema_of(spec: dict[str, Any], name: str) -> dict[str, Any]:
    """A component schema as a standalone Draft 2020-12 schema whose ``$ref``s resolve."""
    return schema_at(spec, f"#/components/schemas/{name}")


def schema_at(spec: dict[str, Any], reference: str) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": spec["components"],
        "$ref": reference,
    }


def response_schema(spec: dict[str, Any], path: str, method: str, status: int) -> dict[str, Any]:
    """The schema the description gives for this answer; fails if the status is undocumented."""
    if status in GLOBAL_STATUSES:
        return schema_of(spec, "Error")
    responses = spec["paths"][path][method.lower()]["responses"]
    assert str(status) in responses, f"{method} {path} answered {status}, which is undocumented"
    response = responses[str(status)]
    if "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    reference = response["content"]["application/json"]["schema"]["$ref"]
    return schema_of(spec, reference.rsplit("/", 1)[1])


#: The answer models, by the name the description gives their schemas.
MODELS = {model.__name__: model for model in ANSWERS}


def check(spec: dict[str, Any], client: FlaskClient, method: str, path: str, **kw: Any) -> Any:
    """Validate the real answer against the description's schema and its answer model."""
    answer = client.open(path, method=method, **kw)
    body = answer.get_json()
    schema = response_schema(spec, path, method, answer.status_code)
    jsonschema.Draft202012Validator(schema).validate(body)
    MODELS[schema["$ref"].rsplit("/", 1)[1]].model_validate_json(answer.get_data(), strict=True)
    return answer.status_code, body


def test_the_description_is_valid_openapi_3_1(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.1")
    validate_spec(spec)


def openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def described_routes(app: Flask) -> list[tuple[str, str]]:
    return [
        (openapi_path(rule.rule), method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") or rule.rule == "/healthz"
        for method in sorted(rule.methods - IGNORED_METHODS)  # type: ignore[operator]
    ]


def test_every_api_route_is_described(spec: dict[str, Any]) -> None:
    routes = described_routes(create_app({"TESTING": True}))
    assert ("/api/v1/sign", "POST") in routes
    missing = [
        f"{method} {path}"
        for path, method in routes
        if method.lower() not in spec["paths"].get(path, {})
    ]
    assert not missing, f"add these to app/web/openapi.py: {missing}"


def test_nothing_is_described_that_does_not_exist(spec: dict[str, Any]) -> None:
    routes = set(described_routes(create_app({"TESTING": True})))
    for path, operations in spec["paths"].items():
        for method in operations:
            assert (path, method.upper()) in routes, f"{method} {path} is described but not served"


ACTIONSTREAMER = {
    "scheme": "actionstreamer",
    "method": "POST",
    "path": "users/",
    "headers": [["Content-Type", "application/json"], ["X-B", "1"], ["X-B", 2]],
    "params": {"limit": "10", "Zeta": "z"},
    "body": '{"a": 1}',
    "secret": SECRET,
}

SIGN_CASES = {
    "actionstreamer tutorial": ACTIONSTREAMER,
    "actionstreamer sdk": {**ACTIONSTREAMER, "variant": "sdk"},
    "apiaxle with a window": {
        "scheme": "apiaxle",
        "api_key": "1234",
        "secret": "bob-the-builder",
        "timestamp": 1700000000,
        "server_time": 1700000002,
    },
    "apiaxle with no window setting": {
        "scheme": "apiaxle",
        "secret": "s",
        "timestamp": 5,
        "window": None,
    },
    "actionstreamer without the lens": {**ACTIONSTREAMER, "lens": False},
    "actionstreamer with whole mistaken strings": {**ACTIONSTREAMER, "lens": "full"},
    "apiaxle with a long window": {
        "scheme": "apiaxle",
        "secret": "s",
        "timestamp": 5000,
        "window": 500,
    },
}


@pytest.mark.parametrize("payload", SIGN_CASES.values(), ids=SIGN_CASES.keys())
def test_sign_answers_match_the_description(
    spec: dict[str, Any], client: FlaskClient, payload: dict[str, object]
) -> None:
    jsonschema.Draft202012Validator(schema_of(spec, "SignRequest")).validate(payload)
    status, body = check(spec, client, "POST", "/api/v1/sign", json=payload)
    assert status == 200
    assert ("window" in body) == (payload["scheme"] == "apiaxle")
    assert ("mistakes" in body) == (payload.get("lens") is not False)


def test_diagnose_does_not_take_the_lens_switch(spec: dict[str, Any]) -> None:
    assert "lens" not in spec["components"]["schemas"]["DiagnoseRequest"]["properties"]


# SCHEMES.md's published check value for this request.
PUBLISHED_REQUEST = {
    "scheme": "actionstreamer",
    "path": "users/",
    "params": {"limit": "10", "Zeta": "z", "alpha": "a"},
    "secret": SECRET,
}
PUBLISHED_HEX = "0741b2aeda24e29a4f9a29d169a24f501cb748f4d2cbb28f16f8536ca637702d"

DIAGNOSE_CASES = {
    "the right signature": PUBLISHED_HEX,
    "nothing explains it": "00" * 32,
    "prefixed base64": "sha256=" + base64.b64encode(bytes.fromhex(PUBLISHED_HEX)).decode(),
}


@pytest.mark.parametrize("signature", DIAGNOSE_CASES.values(), ids=DIAGNOSE_CASES.keys())
def test_diagnose_answers_match_the_description(
    spec: dict[str, Any], client: FlaskClient, signature: str
) -> None:
    payload = {**PUBLISHED_REQUEST, "signature": signature}
    jsonschema.Draft202012Validator(schema_of(spec, "DiagnoseRequest")).validate(payload)
    status, body = check(spec, client, "POST", "/api/v1/diagnose", json=payload)
    assert status == 200
    assert body["match"] is (signature == PUBLISHED_HEX)
    assert bool(body["explanations"]) is signature.startswith("sha256=")


HAR = {
    "log": {
        "entries": [
            {
                "request": {
                    "method": "POST",
                    "url": "https://api.example.com/v1/users/?limit=10",
                    "headers": [{"name": "X-Signature", "value": "abc"}],
                    "queryString": [{"name": "limit", "value": "10"}],
                    "postData": {"mimeType": "application/json", "text": "{}"},
                }
            }
        ]
    }
}
GATEWAY_URL = "https://gateway.example/v1/things?api_key=1234"
# SCHEMES.md's ApiAxle check value: key 1234, secret bob-the-builder, epoch 1700000000.
APIAXLE_SIGNATURE = "9c6e757352befb2a764cdb619e6e86179de67595"

EVIDENCE_CASES = {
    "import curl": (
        "/api/v1/import",
        {"text": "curl -X POST 'https://api.example.com/v1/users/?limit=10' -H 'X-Sig: ab' -d x"},
    ),
    "import url": ("/api/v1/import", {"text": f"{GATEWAY_URL}&api_sig={APIAXLE_SIGNATURE}"}),
    "import http": ("/api/v1/import", {"text": "GET /v1/users HTTP/1.1\nHost: a.example\n\n"}),
    "import har": ("/api/v1/import", {"har": HAR, "entry": 0}),
    "compare, different, by section": (
        "/api/v1/compare",
        {"expected": "GET\n/users\n", "actual": "GET\n/users/\n", "scheme": "actionstreamer"},
    ),
    "compare, equal": ("/api/v1/compare", {"expected": "same", "actual": "same"}),
    "gateway accepts": (
        "/api/v1/apiaxle/gateway",
        {
            "url": f"{GATEWAY_URL}&api_sig={APIAXLE_SIGNATURE}",
            "secret": "bob-the-builder",
            "server_time": 1700000002,
        },
    ),
    "gateway wants a signature": (
        "/api/v1/apiaxle/gateway",
        {"url": GATEWAY_URL, "secret": "bob-the-builder", "server_time": 1700000002},
    ),
    "gateway, disabled key": (
        "/api/v1/apiaxle/gateway",
        {"url": GATEWAY_URL, "server_time": 1, "key_status": "disabled"},
    ),
}


@pytest.mark.parametrize(("path", "payload"), EVIDENCE_CASES.values(), ids=EVIDENCE_CASES.keys())
def test_evidence_answers_match_the_description(
    spec: dict[str, Any], client: FlaskClient, path: str, payload: dict[str, object]
) -> None:
    content = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    jsonschema.Draft202012Validator(schema_at(spec, content["schema"]["$ref"])).validate(payload)
    status, _ = check(spec, client, "POST", path, json=payload)
    assert status == 200


@pytest.mark.parametrize("path", ["/api/v1/schemes", "/api/v1/openapi.json", "/healthz"])
def test_get_answers_match_the_description(
    spec: dict[str, Any], client: FlaskClient, path: str
) -> None:
    status, _ = check(spec, client, "GET", path)
    assert status == 200


ERROR_CASES = {
    "bad field": ("POST", "/api/v1/sign", {"json": {"scheme": "nope", "secret": "s"}}, 400),
    "not JSON": ("POST", "/api/v1/sign", {"data": b"{", "content_type": "application/json"}, 400),
    "too many headers": (
        "POST",
        "/api/v1/sign",
        {"json": {**ACTIONSTREAMER, "headers": [["X-A", "1"]] * 101}},
        413,
    ),
    "too large": (
        "POST",
        "/api/v1/sign",
        {"data": b"x" * (1024 * 1024 + 1), "content_type": "application/json"},
        413,
    ),
    "bad signature": (
        "POST",
        "/api/v1/diagnose",
        {"json": {**ACTIONSTREAMER, "signature": "zz"}},
        400,
    ),
    "empty import": ("POST", "/api/v1/import", {"json": {"text": " "}}, 400),
    "import of both": ("POST", "/api/v1/import", {"json": {"text": "x", "har": HAR}}, 400),
    "compare without actual": ("POST", "/api/v1/compare", {"json": {"expected": "x"}}, 400),
    "gateway without a clock": (
        "POST",
        "/api/v1/apiaxle/gateway",
        {"json": {"url": GATEWAY_URL}},
        400,
    ),
    "wrong method": ("GET", "/api/v1/sign", {}, 405),
    "unknown path": ("GET", "/api/v1/nope", {}, 404),
}


@pytest.mark.parametrize(
    ("method", "path", "kw", "status"), ERROR_CASES.values(), ids=ERROR_CASES.keys()
)
def test_error_answers_match_the_description(
    spec: dict[str, Any],
    client: FlaskClient,
    method: str,
    path: str,
    kw: dict[str, Any],
    status: int,
) -> None:
    answered, body = check(spec, client, method, path, **kw)
    assert answered == status
    assert body["error"]["message"]


def test_the_schemas_reject_an_answer_that_drifts(
    spec: dict[str, Any], client: FlaskClient
) -> None:
    """The validation above bites: an extra or missing field fails it."""
    body = client.post("/api/v1/sign", json=ACTIONSTREAMER).get_json()
    validator = jsonschema.Draft202012Validator(schema_of(spec, "SignResult"))
    validator.validate(body)
    with pytest.raises(jsonschema.ValidationError, match="extra"):
        validator.validate({**body, "extra": 1})
    del body["mistakes"][0]["sent"]
    with pytest.raises(jsonschema.ValidationError, match="sent"):
        validator.validate(body)
    with pytest.raises(pydantic.ValidationError, match="sent"):
        MODELS["SignResult"].model_validate(body)
    body["mistakes"][1]["string_to_sign"] = "both forms at once"
    with pytest.raises(jsonschema.ValidationError, match="valid under each of"):
        validator.validate({**body, "mistakes": body["mistakes"][1:]})
