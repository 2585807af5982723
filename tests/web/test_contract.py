"""The API's contract follows the registry at run time: a scheme registered after import is in
the OpenAPI document's enums and fields and is validated by its own declared inputs, with no
other edit; and it is gone again once unregistered (nothing snapshots the registry).
"""

from __future__ import annotations

import hmac
from typing import Any

import jsonschema
import pytest
from flask.testing import FlaskClient

from app.core.inputs import parse_sign_input
from app.core.recipe import Recipe
from app.core.schemes import SCHEMES
from app.core.schemes.base import Scheme, SignedHeaders, Variant
from app.core.schemes.declare import METHOD, PATH, SECRET, Input, Location, Transport
from app.core.trace import Step

STAMP = Input("timestamp", "Stamp", "epoch", "The second the toy client signed.", required=True)
SKEW = Input(
    "skew",
    "Skew",
    "integer",
    "Seconds the toy server tolerates.",
    signed=False,
    default=5,
    nullable=True,
    minimum=0,
    maximum=60,
)


def _canonicalize(recipe: Recipe) -> list[Step]:
    text = f"{recipe.request.method} {recipe.request.path} {recipe.request.timestamp}"
    return [Step("join", "Join", recipe.request.path, text)]


TOY = Scheme(
    name="toy",
    title="Toy",
    algorithm="sha256",
    variants=(Variant("plain", "Plain", "The only way."), Variant("loud", "Loud", "Shouted.")),
    inputs=(METHOD, PATH, SECRET, STAMP, SKEW),
    transport=Transport("`X-Toy-Sig` header", signature=Location(headers=("x-toy-sig",))),
    canonicalize=_canonicalize,
    mistakes=(),
    signed_headers=(
        SignedHeaders("plain", (), False, "none"),
        SignedHeaders("loud", (), False, "none"),
    ),
)


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> Scheme:
    monkeypatch.setitem(SCHEMES, "toy", TOY)
    return TOY


def spec_of(client: FlaskClient) -> dict[str, Any]:
    document: dict[str, Any] = client.get("/api/v1/openapi.json").get_json()
    return document


def request_validator(spec: dict[str, Any], name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "components": spec["components"],
            "$ref": f"#/components/schemas/{name}",
        }
    )


def test_a_scheme_registered_at_run_time_is_in_the_document(
    client: FlaskClient, toy: Scheme
) -> None:
    spec = spec_of(client)
    schemas = spec["components"]["schemas"]
    sign = schemas["SignRequest"]
    assert "toy" in sign["properties"]["scheme"]["enum"]
    assert sign["properties"]["skew"]["anyOf"][0] == {
        "type": "integer",
        "minimum": 0,
        "maximum": 60,
    }
    assert sign["properties"]["skew"]["default"] == 5
    rule = next(r for r in sign["allOf"] if r["if"]["properties"]["scheme"] == {"const": "toy"})
    assert rule["then"]["required"] == ["timestamp"]
    assert rule["then"]["properties"]["variant"]["enum"] == ["plain", "loud", None]
    assert "toy" in schemas["CompareRequest"]["properties"]["scheme"]["anyOf"][0]["enum"]
    validator = request_validator(spec, "SignRequest")
    assert validator.is_valid({"scheme": "toy", "secret": "s", "timestamp": 1, "variant": "loud"})
    assert not validator.is_valid({"scheme": "toy", "secret": "s"})
    assert not validator.is_valid({"scheme": "toy", "secret": "s", "timestamp": 1, "skew": 61})
    assert not validator.is_valid(
        {"scheme": "apiaxle", "secret": "s", "timestamp": 1, "variant": "loud"}
    )


def test_a_scheme_registered_at_run_time_is_validated_by_its_inputs(toy: Scheme) -> None:
    given = parse_sign_input({"scheme": "toy", "secret": "s", "timestamp": 7.0, "variant": "loud"})
    assert given.scheme is toy
    assert given.recipe.request.timestamp == 7
    assert given.recipe.variant == "loud"
    assert given.context == {"skew": 5}
    assert parse_sign_input(
        {"scheme": "toy", "secret": "s", "timestamp": 7, "skew": None}
    ).context == {"skew": None}
    with pytest.raises(ValueError, match="`timestamp` is required") as missing:
        parse_sign_input({"scheme": "toy", "secret": "s"})
    assert getattr(missing.value, "field", None) == "timestamp"
    with pytest.raises(ValueError, match="from 0 to 60") as wide:
        parse_sign_input({"scheme": "toy", "secret": "s", "timestamp": 1, "skew": 61})
    assert getattr(wide.value, "field", None) == "skew"
    with pytest.raises(ValueError, match="Unknown variant 'sdk' for Toy: use plain, loud"):
        parse_sign_input({"scheme": "toy", "secret": "s", "timestamp": 1, "variant": "sdk"})


def test_a_scheme_registered_at_run_time_signs_and_its_answer_matches_the_document(
    client: FlaskClient, toy: Scheme
) -> None:
    payload = {"scheme": "toy", "secret": "k", "method": "PUT", "path": "/a", "timestamp": 9}
    response = client.post("/api/v1/sign", json=payload)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    # An independent computation: HMAC-SHA256 of the toy string with the standard library.
    assert body["signature"]["hex"] == hmac.new(b"k", b"PUT /a 9", "sha256").hexdigest()
    validator = request_validator(spec_of(client), "SignResult")
    validator.validate(body)


def test_an_unregistered_scheme_leaves_the_contract(client: FlaskClient) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(SCHEMES, "toy", TOY)
        assert (
            "toy"
            in spec_of(client)["components"]["schemas"]["SignRequest"]["properties"]["scheme"][
                "enum"
            ]
        )
    spec = spec_of(client)
    assert "toy" not in spec["components"]["schemas"]["SignRequest"]["properties"]["scheme"]["enum"]
    assert "skew" not in spec["components"]["schemas"]["SignRequest"]["properties"]
    answer = client.post("/api/v1/sign", json={"scheme": "toy", "secret": "s"})
    assert answer.status_code == 400
    assert answer.get_json()["error"]["field"] == "scheme"
