"""Import reads the schemes' declarations: a scheme registered at run time, defined here and
nowhere else, has its signature, key, timestamp and variant found by ``/api/v1/import``."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from app.core.recipe import Recipe
from app.core.schemes import SCHEMES
from app.core.schemes.base import Scheme, SignedHeaders, Variant
from app.core.schemes.declare import API_KEY, METHOD, PATH, SECRET, Location, Transport
from app.core.trace import Step


def _canonicalize(recipe: Recipe) -> list[Step]:
    request = recipe.request
    text = f"{request.method}\n{request.path}"
    return [Step("concat", "Method and path", text, text)]


TOY = Scheme(
    name="toy",
    title="Toy",
    algorithm="sha256",
    variants=(
        Variant("plain", "Plain", "Signs the method and the path."),
        Variant(
            "kit",
            "Toy Kit",
            "What the toy kit sends.",
            own_headers=(("X-Toy-Client", "toykit/{api_key}"), ("X-Toy-Nonce", "{nonce}")),
        ),
    ),
    inputs=(METHOD, PATH, API_KEY, SECRET),
    transport=Transport(
        "`X-Toy-Sig` header, `v1=` then hex",
        signature=Location(headers=("x-toy-sig",), prefixes=("v1=",)),
        key=Location(params=("tk", "toy_key"), repeated="the toy server answers 409"),
        timestamp=Location(headers=("x-toy-time",)),
    ),
    canonicalize=_canonicalize,
    mistakes=(),
    signed_headers=(
        SignedHeaders("plain", (), False, "the plain toy signs no header"),
        SignedHeaders(
            "kit",
            (
                ("x-toy-client", True, "the toy kit adds it and signs it"),
                ("x-toy-nonce", True, "the toy kit adds it and signs it"),
                ("x-toy-time", True, "the toy kit signs the time it sends"),
            ),
            False,
            "the toy kit signs only its own headers",
        ),
    ),
)

RAW = (
    "POST /things?tk=&toy_key=k%201&x=1 HTTP/1.1\r\n"
    "Host: toy.example\r\n"
    "X-Toy-Client: toykit/2.1\r\n"
    "X-Toy-Nonce: n-1\r\n"
    "X-Toy-Time: 1700000000\r\n"
    "X-Toy-Sig: v1=0badc0de\r\n"
    "Accept: */*\r\n"
    "\r\n"
    "{}"
)
CURL = "curl 'https://toy.example/things?toy_key=k1&toy_key=k2' -H 'X-Toy-Sig: v1=abc123'"


def _import(client: FlaskClient, text: str) -> dict[str, Any]:
    response = client.post("/api/v1/import", json={"text": text})
    assert response.status_code == 200, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> Scheme:
    monkeypatch.setitem(SCHEMES, TOY.name, TOY)
    return TOY


def test_unregistered_the_toy_places_mean_nothing(client: FlaskClient) -> None:
    body = _import(client, RAW)
    assert (body["signature"], body["scheme"], body["variant"]) == (None, None, None)
    assert body["request"]["api_key"] == ""


def test_a_raw_request_of_a_registered_scheme(client: FlaskClient, toy: Scheme) -> None:
    body = _import(client, RAW)
    assert body["signature"] == "0badc0de"  # the `v1=` prefix stripped
    assert (body["scheme"], body["variant"]) == ("toy", "kit")
    request = body["request"]
    assert request["api_key"] == "k 1"  # `tk` is empty: the next declared param is read
    assert request["timestamp"] == 1700000000
    # the key is copied (it stays in the params); the signature leaves the headers
    assert request["params"] == [["tk", ""], ["toy_key", "k 1"], ["x", "1"]]
    assert request["headers"] == [
        ["X-Toy-Client", "toykit/2.1"],
        ["X-Toy-Nonce", "n-1"],
        ["X-Toy-Time", "1700000000"],
    ]
    classes = {item["name"]: item["class"] for item in body["received"]}
    assert classes == {
        "Host": "stack",
        "X-Toy-Client": "signed",
        "X-Toy-Nonce": "signed",
        "X-Toy-Time": "signed",
        "X-Toy-Sig": "signature",
        "Accept": "stack",
    }
    notes = " ".join(body["notes"])
    assert "`v1=` removed from the start of the signature in the `X-Toy-Sig` header" in notes
    assert "`tk` is empty, so Toy falls through to `toy_key`" in notes
    assert "Read as Toy (Toy Kit)" in notes
    assert "the Toy Kit's own headers (`X-Toy-Client: toykit/ …`, `X-Toy-Nonce`)" in notes
    assert "which stays in the headers: the toy kit signs the time it sends" in notes


def test_a_curl_command_of_a_registered_scheme(client: FlaskClient, toy: Scheme) -> None:
    body = _import(client, CURL)
    assert body["format"] == "curl"
    assert body["signature"] == "abc123"
    assert (body["scheme"], body["variant"]) == ("toy", None)  # no kit headers: no variant
    assert body["request"]["api_key"] == "k1,k2"
    assert body["request"]["headers"] == []
    assert "`toy_key` is given 2 times: the toy server answers 409" in body["notes"]


def test_the_variant_alone_names_the_scheme(client: FlaskClient, toy: Scheme) -> None:
    body = _import(client, "GET /p HTTP/1.1\nX-Toy-Client: toykit/1\nX-Toy-Nonce: n\n")
    assert (body["scheme"], body["variant"]) == ("toy", "kit")
    assert body["signature"] is None
    marker_only = _import(client, "GET /p HTTP/1.1\nX-Toy-Client: other/1\nX-Toy-Nonce: n\n")
    assert (marker_only["scheme"], marker_only["variant"]) == (None, None)


def test_two_schemes_declaring_one_header_name_neither(
    client: FlaskClient, toy: Scheme, monkeypatch: pytest.MonkeyPatch
) -> None:
    twin = Scheme(**{**vars(TOY), "name": "twin", "title": "Twin", "variants": ()})
    monkeypatch.setitem(SCHEMES, twin.name, twin)
    body = _import(client, "GET /p HTTP/1.1\nX-Toy-Sig: v1=ff\n")
    assert (body["signature"], body["scheme"]) == ("ff", None)
