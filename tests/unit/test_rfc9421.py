"""RFC 9421 (``rfc9421``): the published B.2.5 value, each catalogue mistake named when planted,
the verifier's policy, and the component errors.

Every planted signature is computed here by http-message-signatures 3.0.0 (``tests/oracles``),
on the request a mistaken client would have signed, or by ``hmac`` over the oracle's own base
edited as that client would: never by Sigscope.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from app.core.diagnose import diagnose
from app.core.errors import InputError
from app.core.inputs import parse_sign_input
from app.core.signing import sign
from tests.oracles.rfc9421 import expected, key_bytes

B25_KEY = "uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ=="
#: RFC 9421 Appendix B.2.5's signature, as published.
B25_SIGNATURE = "pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8="

BODY = '{"id": 7, "qty": 2}'
BODY_DIGEST = "sha-256=:" + base64.b64encode(hashlib.sha256(BODY.encode()).digest()).decode() + ":"

#: A request that gives every mistake something to change.
REQUEST: dict[str, Any] = {
    "scheme": "rfc9421",
    "method": "POST",
    "path": "/v1/items/%7Ea",
    "origin": "https://api.example.com",
    "query": "b=x%20y&a=1",
    "params": [["b", "x y"], ["a", "1"]],
    "headers": [
        ["Content-Type", "application/json"],
        ["Content-Digest", BODY_DIGEST],
        ["X-Multi", " first"],
        ["X-Multi", "second"],
        ["X-Forwarded-Host", "internal.example"],
    ],
    "body": BODY,
    "components": (
        '"@method" "@authority" "@target-uri" "@path" "@query" "content-type" "content-digest" '
        '"x-multi"'
    ),
    "created": 1700000000,
    "keyid": "shop-key",
    "secret": B25_KEY,
    "secret_encoding": "base64",
}


def b64_hmac(key: bytes, message: str, hash_name: str = "sha256") -> str:
    return base64.b64encode(hmac.digest(key, message.encode(), hash_name)).decode()


def oracle_base(case: dict[str, Any]) -> str:
    base: str = expected(case)["string_to_sign"]
    return base


def key_of(case: dict[str, Any]) -> bytes:
    return key_bytes(case["secret"], case.get("secret_encoding", "text"))


def replaced(case: dict[str, Any], old: str, new: str) -> str:
    """The oracle's base for ``case`` with one edit a mistaken client makes, signed."""
    base = oracle_base(case)
    assert old in base
    return b64_hmac(key_of(case), base.replace(old, new, 1))


def resigned(case: dict[str, Any], **changes: Any) -> str:
    """The oracle's signature of the request a mistaken client signed."""
    signature: str = expected({**case, **changes})["signature"]["base64"]
    return signature


def _sorted_lines(case: dict[str, Any]) -> str:
    *lines, params = oracle_base(case).split("\n")
    return b64_hmac(key_of(case), "\n".join([*sorted(lines), params]))


CAVAGE = (
    "(request-target): post /v1/items/%7Ea?b=x%20y&a=1\n"
    "host: api.example.com\n"
    "content-type: application/json\n"
    f"content-digest: {BODY_DIGEST}\n"
    "x-multi: first, second\n"
    "(created): 1700000000"
)

#: mistake id -> the signature a client making it sends, computed independently.
PLANTED = {
    "components_sorted": lambda: _sorted_lines(REQUEST),
    "alg:added": lambda: resigned(REQUEST, alg="hmac-sha256"),
    "content_digest_uncovered": lambda: resigned(
        REQUEST, components=REQUEST["components"].replace(' "content-digest"', "")
    ),
    "authority_default_port": lambda: replaced(
        REQUEST, '"@authority": api.example.com', '"@authority": api.example.com:443'
    ),
    "authority_forwarded": lambda: replaced(
        REQUEST, '"@authority": api.example.com', '"@authority": internal.example'
    ),
    "target_uri_port": lambda: replaced(
        REQUEST, "https://api.example.com/", "https://api.example.com:443/"
    ),
    "field_untrimmed": lambda: replaced(
        REQUEST, '"x-multi": first, second', '"x-multi":  first, second'
    ),
    "field_lines_not_joined": lambda: replaced(
        REQUEST, '"x-multi": first, second', '"x-multi": second'
    ),
    "query_reencoded": lambda: resigned(REQUEST, query="b=x+y&a=1"),
    "path_decoded": lambda: resigned(REQUEST, path="/v1/items/~a"),
    "base_trailing_newline": lambda: b64_hmac(key_of(REQUEST), oracle_base(REQUEST) + "\n"),
    "draft_cavage": lambda: b64_hmac(key_of(REQUEST), CAVAGE),
    "secret_not_decoded": lambda: resigned(REQUEST, secret_encoding="text"),
    "keyid_as_key": lambda: resigned(REQUEST, secret="shop-key", secret_encoding="text"),
    "wrong_hash:sha512": lambda: b64_hmac(key_of(REQUEST), oracle_base(REQUEST), "sha512"),
}


def _diagnosed(request: dict[str, Any], signature: str) -> list[str]:
    given = parse_sign_input(request)
    answer = diagnose(given.scheme, given.recipe, signature, given.context).to_dict()
    assert answer["match"] is False
    explanations: list[dict[str, Any]] = answer["explanations"]  # type: ignore[assignment]
    assert explanations, answer["message"]
    mistakes: list[str] = explanations[0]["mistakes"]
    return mistakes


def test_the_rfcs_published_hmac_example() -> None:
    case = {
        "scheme": "rfc9421",
        "method": "POST",
        "path": "/foo",
        "origin": "https://example.com",
        "query": "param=Value&Pet=dog",
        "headers": [
            ["Host", "example.com"],
            ["Date", "Tue, 20 Apr 2021 02:07:55 GMT"],
            ["Content-Type", "application/json"],
            ["Content-Length", "18"],
        ],
        "body": '{"hello": "world"}',
        "components": '"date" "@authority" "content-type"',
        "created": 1618884473,
        "keyid": "test-shared-secret",
        "label": "sig-b25",
        "secret": B25_KEY,
        "secret_encoding": "base64",
    }
    given = parse_sign_input(case)
    result = sign(given.scheme, given.recipe, given.context, with_lens=False)
    assert result.outcome.signature.base64 == B25_SIGNATURE
    assert result.outcome.string_to_sign.endswith(';created=1618884473;keyid="test-shared-secret"')
    assert result.verdict.accepted


def test_the_request_matches_its_oracle_signature() -> None:
    given = parse_sign_input(REQUEST)
    answer = diagnose(given.scheme, given.recipe, resigned(REQUEST), given.context)
    assert answer.match is True


@pytest.mark.parametrize("mistake", PLANTED)
def test_each_planted_mistake_is_named_first(mistake: str) -> None:
    assert _diagnosed(REQUEST, PLANTED[mistake]()) == [mistake]


def test_alg_left_out_of_the_signed_parameters_is_named() -> None:
    sent_with_alg = {**REQUEST, "alg": "hmac-sha256"}
    planted = resigned(sent_with_alg, alg="omitted")
    assert _diagnosed(sent_with_alg, planted) == ["alg:omitted"]


def test_a_text_key_decoded_as_base64_is_named() -> None:
    text_key = {**REQUEST, "secret": "c2hvcC1zZWNyZXQta2V5", "secret_encoding": "text"}
    planted = resigned(text_key, secret_encoding="base64")
    assert _diagnosed(text_key, planted) == ["secret_decoded:base64"]


def test_hex_sent_instead_of_base64_is_named() -> None:
    digest = base64.b64decode(resigned(REQUEST))
    assert _diagnosed(REQUEST, digest.hex()) == ["output_hex"]


def _verdict(**changes: Any) -> tuple[bool, str]:
    given = parse_sign_input({**REQUEST, **changes})
    verdict = sign(given.scheme, given.recipe, given.context, with_lens=False).verdict
    return verdict.accepted, verdict.reason


@pytest.mark.parametrize(
    ("changes", "accepted", "words"),
    [
        ({"server_time": 1700000005}, True, "within its policy"),
        ({"server_time": 1699999994}, False, "6 s ahead"),
        ({"sig_expires": 1700000010, "server_time": 1700000015}, True, "within its policy"),
        ({"sig_expires": 1700000010, "server_time": 1700000016}, False, "expired 6 s"),
        ({"server_time": 1700000000 + 86_405}, True, "within its policy"),
        ({"server_time": 1700000000 + 86_406}, False, "max_age"),
        ({"server_time": 1700000000 + 86_406, "max_age": None}, True, "within its policy"),
        ({"keyid": ""}, False, "no `keyid`"),
        ({"body": BODY + " "}, False, "not the body's digest"),
    ],
)
def test_the_verifiers_policy(changes: dict[str, Any], accepted: bool, words: str) -> None:
    verdict = _verdict(**changes)
    assert verdict[0] is accepted
    assert words in verdict[1]


@pytest.mark.parametrize(
    ("components", "words"),
    [
        ('"@method" "@method"', "listed twice"),
        ('"Content-Type"', "lower-case"),
        ('"x-missing"', "no `x-missing` header"),
        ('"@status"', "not a derived component"),
        ('"@query-param";name="nope"', "not in the query"),
        ('"content-type";req', "`;req`"),
        ('"x-multi";sf', "registered structured type"),
        ('"@method" (', "not a list of component names"),
    ],
)
def test_components_that_cannot_be_signed_name_their_field(components: str, words: str) -> None:
    given = parse_sign_input({**REQUEST, "components": components})
    with pytest.raises(InputError) as raised:
        sign(given.scheme, given.recipe, given.context, with_lens=False)
    assert raised.value.field == "components"
    assert words in raised.value.message


def test_bare_names_read_as_components() -> None:
    quoted = parse_sign_input({**REQUEST, "components": '"@method" "@path"'})
    bare = parse_sign_input({**REQUEST, "components": "@method @path"})
    one, two = (sign(g.scheme, g.recipe, with_lens=False) for g in (quoted, bare))
    assert one.outcome.string_to_sign == two.outcome.string_to_sign


def test_a_right_signature_the_policy_refuses_is_diagnosed_as_such() -> None:
    given = parse_sign_input({**REQUEST, "server_time": 1700000000 + 90_000})
    answer = diagnose(given.scheme, given.recipe, resigned(REQUEST), given.context)
    assert answer.match is False
    summary = answer.explanations[0].summary
    assert summary.startswith("Your client signed the right string with the right secret.")
    assert "`created` is 90000 s old, past the verifier's `max_age` of 86400 s" in summary


@pytest.mark.parametrize(
    ("signed", "mistake", "words"),
    [
        ("1700003600", "created_changed", "a timezone bug?"),
        ("1700000000123", "created_milliseconds", "in milliseconds"),
        ("1700000000.25", "created_fractional", "fractional"),
    ],
)
def test_created_signed_otherwise_than_sent_is_found_by_the_clock_search(
    signed: str, mistake: str, words: str
) -> None:
    planted = replaced(REQUEST, "created=1700000000", f"created={signed}")
    given = parse_sign_input({**REQUEST, "server_time": 1700000001})
    answer = diagnose(given.scheme, given.recipe, planted, given.context)
    first = answer.explanations[0]
    assert [cause.id for cause in first.causes] == [mistake]
    assert words in first.summary


def test_sign_answers_the_headers_the_signature_travels_in(client: FlaskClient) -> None:
    response = client.post("/api/v1/sign", json={**REQUEST, "label": "shop", "lens": False})
    answer = response.get_json()
    assert response.status_code == 200, answer
    signature = resigned(REQUEST)
    assert answer["signature"]["base64"] == signature
    params = '"x-multi");created=1700000000;keyid="shop-key"'
    assert answer["travels"][0]["name"] == "Signature-Input"
    assert answer["travels"][0]["value"].startswith('shop=("@method" "@authority"')
    assert answer["travels"][0]["value"].endswith(params)
    assert answer["travels"][1] == {"name": "Signature", "value": f"shop=:{signature}:"}


def test_the_vector_files_rfc_case_holds_the_published_signature() -> None:
    path = Path(__file__).resolve().parent.parent / "vectors" / "rfc9421.json"
    cases = {case["id"]: case for case in json.loads(path.read_text(encoding="utf-8"))["cases"]}
    assert cases["rfc_b25"]["expected"]["signature"]["base64"] == B25_SIGNATURE
