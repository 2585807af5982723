"""OAuth 1.0a through the API: where the signature travels, what an import reads, the
server's clock, and secrets kept out of every answer. Expected values are oauthlib's
(``Client.sign`` with a fixed nonce and timestamp), never Sigscope's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from flask.testing import FlaskClient
from oauthlib.oauth1 import Client

from tests.oracles.oauth1 import expected

CONSUMER_SECRET = "kd94hf93k423kf44-consumer"
TOKEN_SECRET = "pfkkdhi9sl3r4s00-token"
FORM = "application/x-www-form-urlencoded"

BASE: dict[str, Any] = {
    "scheme": "oauth1",
    "origin": "https://photos.example.net",
    "api_key": "dpf43f3p2l4k3l03",
    "secret": CONSUMER_SECRET,
    "oauth_token": "nnch734d00sl2jdk",
    "token_secret": TOKEN_SECRET,
    "oauth_nonce": "kllo9940pd9333jh",
    "timestamp": 1191242096,
}
GET: dict[str, Any] = {
    **BASE,
    "method": "GET",
    "path": "/photos",
    "params": [["file", "vacation.jpg"], ["size", "original"]],
    "realm": "Photos",
}
POST_FORM: dict[str, Any] = {
    **BASE,
    "method": "POST",
    "path": "/photos",
    "headers": [["Content-Type", FORM]],
    "body": "title=Caf%C3%A9+%21&tags=a&tags=b",
}


def client_for(case: dict[str, Any], placement: str) -> Client:
    return Client(
        case["api_key"],
        client_secret=case["secret"],
        resource_owner_key=case["oauth_token"],
        resource_owner_secret=case["token_secret"],
        realm=case.get("realm"),
        signature_type=placement,
        signature_method=case.get("oauth_signature_method", "HMAC-SHA1"),
        nonce=case["oauth_nonce"],
        timestamp=str(case["timestamp"]),
    )


def url(case: dict[str, Any]) -> str:
    query = "&".join(f"{name}={value}" for name, value in case.get("params", []))
    return case["origin"] + case["path"] + (f"?{query}" if query else "")


def sign(client: FlaskClient, case: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/sign", json=case)
    answer: dict[str, Any] = response.get_json()
    assert response.status_code == 200, answer
    return answer


def test_the_header_travels_as_oauthlibs_client_writes_it(client: FlaskClient) -> None:
    _, headers, _ = client_for(GET, "AUTH_HEADER").sign(url(GET), "GET")
    answer = sign(client, GET)
    assert answer["travels"] == [{"name": "Authorization", "value": headers["Authorization"]}]
    assert answer["signature"]["base64"] == expected(GET)["signature"]["base64"]


def test_the_query_travels_as_oauthlibs_client_writes_it(client: FlaskClient) -> None:
    uri, _, _ = client_for(GET, "QUERY").sign(url(GET), "GET")
    answer = sign(client, {**GET, "placement": "query"})
    assert answer["travels"] == [{"name": "URL", "value": uri}]


def test_the_form_body_travels_as_oauthlibs_client_writes_it(client: FlaskClient) -> None:
    _, _, body = client_for(POST_FORM, "BODY").sign(
        url(POST_FORM), "POST", POST_FORM["body"], {"Content-Type": FORM}
    )
    answer = sign(client, {**POST_FORM, "placement": "body"})
    assert {"name": "Body", "value": body} in answer["travels"]
    assert (
        answer["signature"]["base64"]
        == expected({**POST_FORM, "placement": "body"})["signature"]["base64"]
    )


def test_hmac_sha256_signs_with_sha256(client: FlaskClient) -> None:
    case = {**GET, "oauth_signature_method": "HMAC-SHA256"}
    answer = sign(client, case)
    assert answer["algorithm"] == "HMAC-SHA256"
    assert answer["signature"] == expected(case)["signature"]


def test_no_step_or_answer_shows_a_secret(client: FlaskClient) -> None:
    answer = json.dumps(sign(client, GET))
    for secret in (CONSUMER_SECRET, TOKEN_SECRET, "kd94hf93k423kf44", "pfkkdhi9sl3r4s00"):
        assert secret not in answer
    key = next(step for step in json.loads(answer)["steps"] if step["id"] == "signing_key")
    assert key["output"] == (
        "[consumer secret: 25 characters]&[token secret: 22 characters] = 48 bytes"
    )


def raw_request(case: dict[str, Any], placement: str) -> str:
    body = case.get("body") or None
    headers = {name: value for name, value in case.get("headers", [])}
    uri, signed, signed_body = client_for(case, placement).sign(
        url(case), case["method"], body, headers
    )
    parts = urlsplit(uri)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"{case['method']} {target} HTTP/1.1", f"Host: {parts.netloc}"]
    lines += [f"{name}: {value}" for name, value in signed.items()]
    return "\r\n".join(lines) + "\r\n\r\n" + (signed_body or "")


@pytest.mark.parametrize("placement", ["AUTH_HEADER", "QUERY", "BODY"])
def test_an_import_reads_every_value_and_makes_a_complete_request(
    client: FlaskClient, placement: str
) -> None:
    case = POST_FORM if placement == "BODY" else GET
    imported = client.post("/api/v1/import", json={"text": raw_request(case, placement)}).get_json()
    assert imported["scheme"] == "oauth1"
    request = imported["request"]
    assert request["api_key"] == case["api_key"]
    assert request["oauth_token"] == case["oauth_token"]
    assert request["oauth_nonce"] == case["oauth_nonce"]
    assert request["timestamp"] == case["timestamp"]
    assert request["oauth_version"] == "1.0"
    where = {"AUTH_HEADER": "header", "QUERY": "query", "BODY": "body"}[placement]
    assert request["placement"] == where
    assert imported["signature"] == expected({**case, "placement": where})["signature"]["base64"]
    payload = {
        **{key: value for key, value in request.items() if value is not None},
        "scheme": imported["scheme"],
        "secret": CONSUMER_SECRET,
        "token_secret": TOKEN_SECRET,
        "signature": imported["signature"],
    }
    answer = client.post("/api/v1/diagnose", json=payload).get_json()
    assert answer["match"] is True, answer


@pytest.mark.parametrize(("late", "accepted"), [(600, True), (601, False), (-600, True)])
def test_the_server_accepts_a_timestamp_within_its_lifetime(
    client: FlaskClient, late: int, accepted: bool
) -> None:
    sent = expected(GET)["signature"]["base64"]
    payload = {**GET, "server_time": GET["timestamp"] + late, "signature": sent}
    answer = client.post("/api/v1/diagnose", json=payload).get_json()
    assert answer["match"] is accepted
    if not accepted:
        [explanation] = answer["explanations"]
        assert explanation["mistakes"] == []
        assert (
            "601 s behind the server's clock: it accepts 600 s either way"
            in (explanation["summary"])
        )


#: RFC 5849's printed signatures (§1.2's three; §3.4.1's as erratum 2550 corrects it, not
#: the printed bYT5CMsGcbgUdFHObYMEfcx6bsw=), written out so the vector file cannot drift.
PUBLISHED = {
    "rfc5849_1_2_temporary_credentials": "74KNZJeDHnMBp0EMJ9ZHt/XKycU=",
    "rfc5849_1_2_token_credentials": "gKgrFCywp7rO0OXSjdot/IHF7IU=",
    "rfc5849_1_2_resource": "MdpQcU8iPSUjWoN/UDMsK2sui9I=",
    "rfc5849_3_4_1_erratum_2550": "r6/TJjbCOr97/+UU0NsvSne7s5g=",
}
RFC_3_4_1_BASE = (
    "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D"
    "%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce"
    "%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26"
    "oauth_token%3Dkkk9d7dh3k39sjv7"
)
VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "oauth1.json"


@pytest.mark.parametrize(("case_id", "printed"), PUBLISHED.items())
def test_the_rfcs_published_signatures(client: FlaskClient, case_id: str, printed: str) -> None:
    cases = json.loads(VECTORS.read_text(encoding="utf-8"))["cases"]
    case = next(case for case in cases if case["id"] == case_id)
    assert case["expected"]["signature"]["base64"] == printed
    assert sign(client, case["input"])["signature"]["base64"] == printed


def test_the_rfcs_base_string_byte_for_byte(client: FlaskClient) -> None:
    cases = json.loads(VECTORS.read_text(encoding="utf-8"))["cases"]
    case = next(case for case in cases if case["id"] == "rfc5849_3_4_1_erratum_2550")
    assert sign(client, case["input"])["string_to_sign"] == RFC_3_4_1_BASE


def _imported(client: FlaskClient, raw: str) -> dict[str, Any]:
    answer: dict[str, Any] = client.post("/api/v1/import", json={"text": raw}).get_json()
    return answer


def test_a_signature_encoded_twice_is_noted_and_checked_decoded(client: FlaskClient) -> None:
    raw = raw_request(GET, "AUTH_HEADER")
    sent = expected(GET)["signature"]["base64"]
    once = quote(sent, safe="")
    twice = raw.replace(f'oauth_signature="{once}"', f'oauth_signature="{quote(once, safe="")}"')
    assert twice != raw
    imported = _imported(client, twice)
    assert imported["signature"] == sent
    assert any("percent-encoded twice" in note for note in imported["notes"])


def test_a_signature_not_encoded_in_the_header_is_noted(client: FlaskClient) -> None:
    raw = raw_request(GET, "AUTH_HEADER")
    sent = expected(GET)["signature"]["base64"]
    bare = raw.replace(f'oauth_signature="{quote(sent, safe="")}"', f'oauth_signature="{sent}"')
    assert bare != raw
    imported = _imported(client, bare)
    assert imported["signature"] == sent
    assert any("not percent-encoded in the header" in note for note in imported["notes"])


def test_a_plus_read_as_a_space_in_the_query_is_noted(client: FlaskClient) -> None:
    raw = raw_request(GET, "QUERY")
    sent = expected(GET)["signature"]["base64"]
    assert "+" in sent  # 79RCPElVnpEo3EDS9ecRwiCe+lE=
    encoded = quote(sent, safe="")
    assert encoded in raw
    imported = _imported(client, raw.replace(encoded, sent))
    assert any("holds a space" in note for note in imported["notes"])
    assert imported["signature"] == sent


def test_compare_names_the_base_strings_section(client: FlaskClient) -> None:
    expected_string = RFC_3_4_1_BASE
    actual = expected_string.replace("a2%3Dr%2520b", "a2%3Dr%252Bb")  # `+` for the space
    answer = client.post(
        "/api/v1/compare",
        json={"expected": expected_string, "actual": actual, "scheme": "oauth1"},
    ).get_json()
    assert answer["first_difference"]["section"] == "params"
    uri_changed = expected_string.replace("example.com", "example.com%3A80")
    answer = client.post(
        "/api/v1/compare",
        json={"expected": expected_string, "actual": uri_changed, "scheme": "oauth1"},
    ).get_json()
    assert answer["first_difference"]["section"] == "base_uri"


def test_the_pages_import_fills_every_oauth_field_and_matches(client: FlaskClient) -> None:
    """The page's Import (no JavaScript): the fields the reading found, then "✓ Match"."""
    form = {
        "scheme": "actionstreamer:tutorial",
        "evidence": raw_request(GET, "AUTH_HEADER"),
        "secret": CONSUMER_SECRET,
        "token_secret": TOKEN_SECRET,
    }
    page = client.post("/import", data=form).get_data(as_text=True)
    for name, value in [
        ("oauth-nonce", GET["oauth_nonce"]),
        ("oauth-token", GET["oauth_token"]),
        ("realm", "Photos"),
        ("origin", "https://photos.example.net"),
    ]:
        assert f'id="f-{name}" name="{name.replace("-", "_")}" value="{value}"' in page
    assert '<option value="oauth1" selected' in page
    assert "✓ Match" in page
