"""``POST /api/v1/snippets``: one program per language for a sign request, as described in
the OpenAPI document; the secret is not needed, and one given never comes back."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from flask.testing import FlaskClient

from app import create_app
from app.core.contract.answers import SnippetList
from app.core.snippets import LANGUAGES
from tests.snippets import run
from tests.web.test_openapi import response_schema

REQUEST = {
    "scheme": "actionstreamer",
    "variant": "sdk",
    "method": "POST",
    "path": "/v1/events/",
    "headers": [["X-Timestamp", "1700000000"], ["Content-Type", "application/json"]],
    "params": [["b", "2"], ["a", "1"]],
    "body": '{"name": "x"}',
}


@pytest.fixture(scope="module")
def client() -> FlaskClient:
    return create_app({"TESTING": True}).test_client()


def test_every_language_is_answered_and_described(client: FlaskClient) -> None:
    spec: dict[str, Any] = client.get("/api/v1/openapi.json").get_json()
    answer = client.post("/api/v1/snippets", json=REQUEST)
    assert answer.status_code == 200
    schema = response_schema(spec, "/api/v1/snippets", "POST", 200)
    jsonschema.Draft202012Validator(schema).validate(answer.get_json())
    SnippetList.model_validate_json(answer.get_data(), strict=True)
    languages = [snippet["language"] for snippet in answer.get_json()["snippets"]]
    assert languages == list(LANGUAGES)
    for snippet in answer.get_json()["snippets"]:
        assert snippet["filename"] in snippet["run"]
        assert "SIGSCOPE_SECRET" in snippet["code"]


@pytest.mark.parametrize("encoding", ["text", "base64", "hex"])
def test_no_secret_is_needed_whatever_its_encoding(client: FlaskClient, encoding: str) -> None:
    answer = client.post("/api/v1/snippets", json={**REQUEST, "secret_encoding": encoding})
    assert answer.status_code == 200
    python = answer.get_json()["snippets"][0]["code"]
    assert {"text": ".encode(", "base64": "b64decode", "hex": "fromhex"}[encoding] in python


def test_a_secret_given_is_neither_needed_nor_echoed(client: FlaskClient) -> None:
    without = client.post("/api/v1/snippets", json=REQUEST)
    given = client.post("/api/v1/snippets", json={**REQUEST, "secret": "never-echoed-9f1c"})
    assert without.status_code == given.status_code == 200
    assert b"never-echoed-9f1c" not in given.get_data()
    assert without.get_json() == given.get_json()


def test_the_python_program_prints_what_sign_answers(client: FlaskClient) -> None:
    secret = "as-test-secret-0123456789"
    signed = client.post("/api/v1/sign", json={**REQUEST, "secret": secret, "lens": False})
    python = client.post("/api/v1/snippets", json=REQUEST).get_json()["snippets"][0]
    with_secret = run.standalone_code("python", python["code"], secret)
    assert with_secret == signed.get_json()["signature"]["hex"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**REQUEST, "scheme": "nope"}, "scheme"),
        ({**REQUEST, "variant": "cli"}, "variant"),
        ([1, 2], None),
    ],
)
def test_bad_requests_are_clear_errors(client: FlaskClient, body: object, field: str) -> None:
    answer = client.post("/api/v1/snippets", json=body)
    assert answer.status_code == 400
    assert answer.get_json()["error"]["field"] == field
