"""One scheme, one module: a scheme defined in this file alone works on every surface.

The toy below is registered at run time with nothing edited elsewhere, and must then sign,
show its lens, be diagnosed, be compared section by section, be recognised on import, appear
in the OpenAPI document, and be offered and signed by the page. Every expected signature is
computed here with ``hmac``, never by Sigscope. (The live page in Chromium, with its share
link, is ``tests/e2e/test_registry.py``.)

The toy signs ``METHOD path\\nnonce\\nbody`` with HMAC-SHA256, base64 in
``X-Toy-Signature: v1=<signature>``; its key is the secret, and its server forgives a
``tolerance`` of reused nonces (a server-side input that never enters the string).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

import pytest
from flask.testing import FlaskClient

from app.core.mistakes import Mistake, single
from app.core.recipe import Recipe
from app.core.schemes import SCHEMES
from app.core.schemes.base import Scheme
from app.core.schemes.declare import BODY, METHOD, PATH, SECRET, Input, Location, Transport
from app.core.schemes.layout import Reading
from app.core.trace import Step

SECRET_KEY = "toy-secret"


def _string(method: str, path: str, nonce: str, body: str) -> str:
    return f"{method} {path}\n{nonce}\n{body}"


def _canonicalize(recipe: Recipe) -> list[Step]:
    request = recipe.request
    nonce = request.input("nonce")
    if "nonce_left_out" in recipe.flags:
        nonce = ""
    line = f"{request.method} {request.path}"
    return [
        Step("request_line", "Method and path", f"{request.method!r}, {request.path!r}", line),
        Step("nonce", "Nonce", request.input("nonce"), nonce),
        Step("joined", "Joined with LF", "3 parts", f"{line}\n{nonce}\n{request.body}"),
    ]


def _layout(text: str, variant: str) -> list[Reading]:
    first = text.find("\n")
    second = text.find("\n", first + 1)
    if first < 0 or second < 0:
        return [(("request_line", 0, len(text) + 1),)]
    return [
        (
            ("request_line", 0, first + 1),
            ("nonce", first + 1, second + 1),
            ("body", second + 1, len(text) + 1),
        )
    ]


NONCE_LEFT_OUT = Mistake(
    "nonce_left_out",
    "nonce",
    "Nonce left out",
    "The client signed an empty line where the nonce goes.",
    single(lambda r: r.with_flag("nonce_left_out") if r.request.input("nonce") else None),
    clause="left the nonce out of the string to sign",
    fix="Sign the nonce you send, on its own line.",
)

TOY = Scheme(
    name="toy",
    title="Toy",
    algorithm="sha256",
    variants=(),
    inputs=(
        METHOD,
        PATH,
        BODY,
        SECRET,
        Input("nonce", "Nonce", "text", "The one-time value the toy client signs."),
        Input(
            "tolerance",
            "Tolerance",
            "integer",
            "How many reused nonces the toy server forgives.",
            signed=False,
            default=1,
            minimum=0,
            maximum=5,
            initial="1",
        ),
    ),
    transport=Transport(
        "`X-Toy-Signature: v1=<base64>`",
        signature=Location(headers=("x-toy-signature",), prefixes=("v1=",)),
        forms=("base64",),
    ),
    canonicalize=_canonicalize,
    mistakes=(NONCE_LEFT_OUT,),
    layout=_layout,
)


def expected(method: str, path: str, nonce: str, body: str, secret: str = SECRET_KEY) -> bytes:
    message = _string(method, path, nonce, body).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).digest()


def b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode()


REQUEST = {"method": "POST", "path": "/toys", "nonce": "n-42", "body": '{"a":1}'}


@pytest.fixture(autouse=True)
def toy(monkeypatch: pytest.MonkeyPatch) -> Scheme:
    monkeypatch.setitem(SCHEMES, TOY.name, TOY)
    return TOY


def _sign_body(**changes: object) -> dict[str, object]:
    return {"scheme": "toy", **REQUEST, "secret": SECRET_KEY, **changes}


def test_sign_reads_its_own_inputs_and_signs_as_hmac_does(client: FlaskClient) -> None:
    answer = client.post("/api/v1/sign", json=_sign_body(tolerance=3)).get_json()
    digest = expected("POST", "/toys", "n-42", '{"a":1}')
    assert answer["signature"] == {"hex": digest.hex(), "base64": b64(digest)}
    assert answer["string_to_sign"] == 'POST /toys\nn-42\n{"a":1}'
    assert [step["id"] for step in answer["steps"]][:3] == ["request_line", "nonce", "joined"]
    lens = {entry["id"]: entry for entry in answer["mistakes"]}
    left_out = expected("POST", "/toys", "", '{"a":1}')
    assert lens["nonce_left_out"]["signature"]["hex"] == left_out.hex()
    assert lens["nonce_left_out"]["changes_signature"] is True


def test_its_inputs_are_validated_from_their_declarations(client: FlaskClient) -> None:
    response = client.post("/api/v1/sign", json=_sign_body(tolerance=9))
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "tolerance"


def test_diagnose_names_the_toys_own_mistake_in_its_words(client: FlaskClient) -> None:
    sent = "v1=" + b64(expected("POST", "/toys", "", '{"a":1}'))
    answer = client.post("/api/v1/diagnose", json=_sign_body(signature=sent)).get_json()
    assert answer["match"] is False
    first = answer["explanations"][0]
    assert first["mistakes"] == ["nonce_left_out"]
    assert "left the nonce out of the string to sign" in first["summary"]
    assert "Sign the nonce you send" in first["fix"]


def test_diagnose_matches_the_right_signature(client: FlaskClient) -> None:
    sent = "v1=" + b64(expected("POST", "/toys", "n-42", '{"a":1}'))
    answer = client.post("/api/v1/diagnose", json=_sign_body(signature=sent)).get_json()
    assert answer["match"] is True


def test_compare_reads_the_toys_sections(client: FlaskClient) -> None:
    answer = client.post(
        "/api/v1/compare",
        json={
            "expected": 'POST /toys\nn-42\n{"a":1}',
            "actual": 'POST /toys\nn-43\n{"a":1}',
            "scheme": "toy",
        },
    ).get_json()
    assert answer["first_difference"]["section"] == "nonce"


def test_import_finds_the_toys_signature_where_it_travels(client: FlaskClient) -> None:
    sent = b64(expected("POST", "/toys", "n-42", '{"a":1}'))
    raw = (
        "POST /toys HTTP/1.1\r\nHost: toy.example\r\nContent-Type: application/json\r\n"
        f'X-Toy-Signature: v1={sent}\r\n\r\n{{"a":1}}'
    )
    answer = client.post("/api/v1/import", json={"text": raw}).get_json()
    assert answer["scheme"] == "toy"
    assert answer["signature"] == sent


def test_the_openapi_document_lists_the_toy_and_its_inputs(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_data(as_text=True)
    assert '"toy"' in document
    assert "How many reused nonces the toy server forgives." in document


def test_the_page_offers_the_toy_renders_its_fields_and_signs_it(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'<option value="toy"[^>]*>Toy</option>', page)
    assert "The one-time value the toy client signs." in page
    html = client.post(
        "/", data={"scheme": "toy", **REQUEST, "secret": SECRET_KEY, "tolerance": "2"}
    ).get_data(as_text=True)
    digest = expected("POST", "/toys", "n-42", '{"a":1}')
    assert f'<code id="sig-hex">{digest.hex()}</code>' in html
