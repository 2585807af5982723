"""The hooks a scheme with a richer signature uses, on a toy defined in this file alone.

SigV4, RFC 9421 and OAuth carry more than a signature: they declare in the request what was
signed and how. This toy does the same, as ``Authorization: Toy kid=<key>, nonce=<n>,
signed=<header;header>, sig=<base64>``, and so uses every hook such a scheme needs:

- ``read``: the importers hand it the evidence; it reads its own parameters;
- ``travels``: the answer says how the signature is sent;
- ``origin``: it signs where the request was sent (``declare.ORIGIN``);
- a second secret (``token_secret``), a choice input (``case``) and ``secret_encoding``.

It signs ``METHOD origin path\\nnonce\\n<signed headers>`` with HMAC-SHA256 keyed with
``secret & token_secret``; every expected value is computed here with ``hmac``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest
from flask.testing import FlaskClient

from app.core.digest import secret_bytes
from app.core.recipe import Recipe
from app.core.request import Pairs
from app.core.schemes import SCHEMES
from app.core.schemes.base import Scheme
from app.core.schemes.declare import (
    API_KEY,
    HEADERS,
    METHOD,
    ORIGIN,
    PATH,
    SECRET,
    SECRET_ENCODING,
    Input,
    Location,
    Transport,
)
from app.core.schemes.evidence import Evidence, Reading
from app.core.trace import Step

TOKEN_SECRET = Input("token_secret", "Token secret", "text", "The toy's second key.", secret=True)
CASE = Input(
    "case", "Method case", "choice", "How the toy signs the method.", choices=("upper", "lower")
)
NONCE = Input("nonce", "Nonce", "text", "The toy's one-time value.")


def _headers(recipe: Recipe) -> str:
    return "\n".join(f"{name.lower()}:{value}" for name, value in recipe.request.headers)


def _canonicalize(recipe: Recipe) -> list[Step]:
    request = recipe.request
    method = request.method.lower() if request.input("case") == "lower" else request.method
    line = f"{method} {request.input('origin')}{request.path}"
    text = f"{line}\n{request.input('nonce')}\n{_headers(recipe)}"
    return [Step("line", "Request line", request.method, line), Step("joined", "Joined", "", text)]


def _key(recipe: Recipe) -> bytes:
    return secret_bytes(recipe) + b"&" + recipe.secret_input("token_secret").encode()


def _read(evidence: Evidence) -> Reading | None:
    value = evidence.header("authorization") or ""
    if not value.startswith("Toy "):
        return None
    items = dict(item.strip().split("=", 1) for item in value[4:].split(","))
    return Reading(
        signature=items["sig"],
        source="`sig=` in the `Authorization` header",
        carriers=("authorization",),
        api_key=items["kid"],
        inputs=(("nonce", items["nonce"]),),
        signed_headers=tuple(items["signed"].split(";")),
    )


def _travels(recipe: Recipe, sent: str) -> Pairs:
    signed = ";".join(name.lower() for name, _ in recipe.request.headers)
    nonce = recipe.request.input("nonce")
    value = f"Toy kid={recipe.request.api_key}, nonce={nonce}, signed={signed}, sig={sent}"
    return (("Authorization", value),)


READER = Scheme(
    name="reader",
    title="Reader toy",
    algorithm="sha256",
    variants=(),
    inputs=(
        METHOD,
        PATH,
        HEADERS,
        ORIGIN,
        NONCE,
        CASE,
        API_KEY,
        SECRET,
        TOKEN_SECRET,
        SECRET_ENCODING,
    ),
    transport=Transport(
        "`sig=` in `Authorization: Toy …`",
        signature=Location(header_params=("sig",)),
        forms=("base64",),
    ),
    canonicalize=_canonicalize,
    mistakes=(),
    key=_key,
    read=_read,
    travels=_travels,
)


@pytest.fixture(autouse=True)
def reader(monkeypatch: pytest.MonkeyPatch) -> Scheme:
    monkeypatch.setitem(SCHEMES, READER.name, READER)
    return READER


def signed(text: str, key: bytes) -> str:
    return base64.b64encode(hmac.new(key, text.encode(), hashlib.sha256).digest()).decode()


STRING = "POST https://toy.example:8443/things\nn-1\naccept:*/*\nx-date:today"
KEY = b"s3cret&tok"
BODY = {
    "scheme": "reader",
    "method": "POST",
    "path": "/things",
    "headers": [["Accept", "*/*"], ["X-Date", "today"]],
    "origin": "https://toy.example:8443",
    "nonce": "n-1",
    "api_key": "kid-7",
    "secret": "s3cret",
    "token_secret": "tok",
}


def test_sign_uses_the_second_secret_and_says_how_the_signature_travels(
    client: FlaskClient,
) -> None:
    answer = client.post("/api/v1/sign", json=BODY).get_json()
    assert answer["string_to_sign"] == STRING
    sent = signed(STRING, KEY)
    assert answer["signature"]["base64"] == sent
    assert answer["travels"] == [
        {
            "name": "Authorization",
            "value": f"Toy kid=kid-7, nonce=n-1, signed=accept;x-date, sig={sent}",
        }
    ]


def test_the_secret_is_decoded_as_its_encoding_says(client: FlaskClient) -> None:
    as_hex = {**BODY, "secret": b"s3cret".hex(), "secret_encoding": "hex"}
    assert client.post("/api/v1/sign", json=as_hex).get_json()["signature"]["base64"] == signed(
        STRING, KEY
    )
    as_b64 = {**BODY, "secret": base64.b64encode(b"s3cret").decode(), "secret_encoding": "base64"}
    assert client.post("/api/v1/sign", json=as_b64).get_json()["signature"]["base64"] == signed(
        STRING, KEY
    )


def test_a_secret_that_is_not_its_encoding_is_refused_without_being_quoted(
    client: FlaskClient,
) -> None:
    response = client.post(
        "/api/v1/sign", json={**BODY, "secret": "zz-not-hex-zz", "secret_encoding": "hex"}
    )
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["field"] == "secret"
    assert "not hex" in error["message"]
    assert "zz-not-hex-zz" not in error["message"]


def test_a_choice_takes_one_of_its_values(client: FlaskClient) -> None:
    lower = client.post("/api/v1/sign", json={**BODY, "case": "lower"}).get_json()
    assert lower["string_to_sign"].startswith("post https://")
    response = client.post("/api/v1/sign", json={**BODY, "case": "title"})
    assert response.status_code == 400
    assert response.get_json()["error"] == {
        "field": "case",
        "message": "`case` must be one of upper, lower, not 'title'.",
    }


RAW = (
    "POST /things HTTP/1.1\r\nHost: toy.example:8443\r\nAccept: */*\r\nX-Date: today\r\n"
    "User-Agent: toy/1\r\nAuthorization: Toy kid=kid-7, nonce=n-1, signed=accept;x-date, "
    "sig={sig}\r\n\r\n"
)


def test_import_takes_the_schemes_reading_and_answers_a_complete_request(
    client: FlaskClient,
) -> None:
    sent = signed(STRING, KEY)
    answer = client.post("/api/v1/import", json={"text": RAW.format(sig=sent)}).get_json()
    assert answer["scheme"] == "reader"
    assert answer["signature"] == sent
    request = answer["request"]
    assert request["nonce"] == "n-1"
    assert request["origin"] == "https://toy.example:8443"
    assert request["api_key"] == "kid-7"
    # Exactly the headers the signature lists are signed: not Host, not User-Agent.
    assert request["headers"] == [["Accept", "*/*"], ["X-Date", "today"]]
    verdict = client.post(
        "/api/v1/diagnose",
        json={
            **request,
            "scheme": answer["scheme"],
            "secret": "s3cret",
            "token_secret": "tok",
            "signature": answer["signature"],
        },
    ).get_json()
    assert verdict["match"] is True


def test_import_reads_the_origin_from_a_curl_url(client: FlaskClient) -> None:
    curl = (
        "curl -X POST https://toy.example:8443/things -H 'Accept: */*' -H 'X-Date: today' "
        "-H 'Authorization: Toy kid=kid-7, nonce=n-1, signed=accept;x-date, sig=abc'"
    )
    answer = client.post("/api/v1/import", json={"text": curl}).get_json()
    assert answer["request"]["origin"] == "https://toy.example:8443"


def test_the_page_hides_the_second_secret_and_offers_the_choice(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    field = page[page.index('id="f-token-secret"') - 200 : page.index('id="f-token-secret"') + 300]
    assert 'type="password"' in field
    assert "data-share" not in field
    assert '<select id="f-case" name="case"' in page
    html = client.post(
        "/",
        data={
            "scheme": "reader",
            "method": "POST",
            "path": "/things",
            "headers": "Accept: */*\nX-Date: today",
            "origin": "https://toy.example:8443",
            "nonce": "n-1",
            "api_key": "kid-7",
            "secret": "s3cret",
            "token_secret": "tok",
            "case": "upper",
        },
    ).get_data(as_text=True)
    sent = signed(STRING, KEY)
    assert sent in html
    # The key's fingerprint, with the command the other side runs to compare it.
    assert "sha256:" + hashlib.sha256(b"s3cret").hexdigest()[:8] in html
    assert "| sha256sum | cut -c1-8" in html
    # Under the signature, the header that carries it.
    assert f"Authorization: Toy kid=kid-7, nonce=n-1, signed=accept;x-date, sig={sent}" in html
