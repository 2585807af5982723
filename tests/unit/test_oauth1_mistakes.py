"""Each OAuth 1.0a catalogue mistake, planted, is the diagnosis's first explanation.

Every planted signature is oauthlib's (4.0.1), computed from the request as the mistaken
client would build it: the request itself changed (a parameter left out, a version added),
or one of oauthlib's own functions swapped for the mistaken rule (its ``utils.escape`` for
``encodeURIComponent``, its ``base_string_uri`` keeping the port). Never Sigscope's output.
"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import pytest
from flask.testing import FlaskClient
from oauthlib.oauth1.rfc5849 import utils

from tests.oracles.oauth1 import body_hash, expected
from tests.oracles.oauth1_swapped import (
    base_uri_edited,
    encode_uri_component,
    escaping,
    form_encoded,
    planted,
    realm_collected,
)
from tests.unit.test_oauth1_lens import QUERY_IN_URI

Case = dict[str, Any]

#: A GET whose query holds what the encodings disagree on, a repeated name, and a realm.
QUERY_CASE: Case = {
    "scheme": "oauth1",
    "method": "GET",
    "origin": "https://api.example.com",
    "path": "/%7Euser/photos",
    "params": [["q", "it's (very) good!"], ["tag", "b"], ["tag", "a"]],
    "api_key": "consumer-key-0123456789",
    "secret": "consumer-secret-0123",
    "oauth_token": "token-key-abcdefghij",
    "token_secret": "token-secret-9876",
    "oauth_nonce": "n0nce0123456789abcdef",
    "timestamp": 1700000000,
    "realm": "Photos",
}
#: A form POST by a client with no token yet.
FORM_CASE: Case = {
    **QUERY_CASE,
    "method": "POST",
    "path": "/statuses/update.json",
    "params": [],
    "headers": [["Content-Type", "application/x-www-form-urlencoded"]],
    "body": "status=Hello+Ladies&lang=en",
    "oauth_token": "",
    "token_secret": "",
    "realm": "",
}
#: A POST whose body reads as pairs but is sent as text, and a JSON-like body.
TEXT_CASE: Case = {
    **FORM_CASE,
    "headers": [["Content-Type", "text/plain"]],
    "body": "a=1&b=2",
    "oauth_token": "token-key-abcdefghij",
    "token_secret": "token-secret-9876",
}


def sent(case: Case) -> str:
    return str(expected(case, client=False)["signature"]["base64"])


def changed(**changes: Any) -> Callable[[Case], str]:
    return lambda case: sent({**case, **changes})


def collapsed(case: Case) -> str:
    return sent({**case, "params": list(dict(case["params"]).items())})


def ampersand_dropped(case: Case) -> str:
    base = expected(case)["string_to_sign"]
    key = utils.escape(case["secret"]).encode()
    return base64.b64encode(hmac.digest(key, base.encode(), "sha1")).decode()


def output_hex(case: Case) -> str:
    return str(expected(case)["signature"]["hex"])


#: mistake id -> (the request, how the mistaken client signs it).
PLANTED: dict[str, tuple[Case, Callable[[Case], str]]] = {
    "encode_uri_component": (QUERY_CASE, planted(lambda: escaping(encode_uri_component), sent)),
    "form_encoding": (QUERY_CASE, planted(lambda: escaping(form_encoded), sent)),
    "query_left_out": (QUERY_CASE, changed(params=[])),
    "query_in_uri": (
        QUERY_CASE,
        planted(lambda: base_uri_edited(lambda uri: uri + QUERY_IN_URI), sent),
    ),
    "body_left_out": (FORM_CASE, changed(headers=[])),
    "body_included": (TEXT_CASE, changed(headers=FORM_CASE["headers"])),
    "realm_signed": (QUERY_CASE, planted(realm_collected, sent)),
    "params_collapsed": (QUERY_CASE, collapsed),
    "version_added": ({**QUERY_CASE, "oauth_version": "none"}, changed(oauth_version="1.0")),
    "version_left_out": (QUERY_CASE, changed(oauth_version="none")),
    "body_hash_added": (TEXT_CASE, changed(oauth_body_hash=body_hash(TEXT_CASE["body"]))),
    "default_port_kept": (
        QUERY_CASE,
        planted(
            lambda: base_uri_edited(
                lambda uri: uri.replace("api.example.com", "api.example.com:443")
            ),
            sent,
        ),
    ),
    "scheme_swapped": (QUERY_CASE, changed(origin="http://api.example.com")),
    "path_unreserved_decoded": (QUERY_CASE, changed(path=unquote(QUERY_CASE["path"]))),
    "token_secret_forgotten": (QUERY_CASE, changed(token_secret="")),
    "ampersand_dropped": (FORM_CASE, ampersand_dropped),
    "output_hex": (QUERY_CASE, output_hex),
    "secret_trailing_newline": (QUERY_CASE, changed(secret=QUERY_CASE["secret"] + "\n")),
    "secret_surrounding_spaces": (QUERY_CASE, changed(secret=f" {QUERY_CASE['secret']} ")),
    "api_key_as_secret": (QUERY_CASE, changed(secret=QUERY_CASE["api_key"])),
}


def diagnosis(client: FlaskClient, case: Case, signed: str) -> dict[str, Any]:
    response = client.post("/api/v1/diagnose", json={**case, "signature": signed})
    answer: dict[str, Any] = response.get_json()
    assert response.status_code == 200, answer
    return answer


@pytest.mark.parametrize("mistake", PLANTED)
def test_each_planted_mistake_is_found_first(client: FlaskClient, mistake: str) -> None:
    case, plant = PLANTED[mistake]
    signed = plant(case)
    assert signed != sent(case), "the planted mistake changes nothing here"
    answer = diagnosis(client, case, signed)
    assert answer["match"] is False
    assert answer["explanations"], answer["message"]
    assert answer["explanations"][0]["mistakes"] == [mistake]


@pytest.mark.parametrize("case", [QUERY_CASE, FORM_CASE, TEXT_CASE], ids=["query", "form", "text"])
def test_the_right_signature_matches(client: FlaskClient, case: Case) -> None:
    assert diagnosis(client, case, sent(case))["match"] is True


def test_a_timestamp_signed_in_milliseconds_is_found_by_the_clock(client: FlaskClient) -> None:
    signed = sent({**QUERY_CASE, "timestamp": QUERY_CASE["timestamp"] * 1000})
    answer = diagnosis(client, QUERY_CASE, signed)
    assert answer["explanations"][0]["mistakes"] == ["timestamp_milliseconds"]


def test_the_wrong_hash_is_read_off_the_signature(client: FlaskClient) -> None:
    """The base string says HMAC-SHA1; the client hashed it with SHA-256."""
    base = expected(QUERY_CASE)["string_to_sign"]
    key = f"{QUERY_CASE['secret']}&{QUERY_CASE['token_secret']}".encode()
    signed = base64.b64encode(hmac.digest(key, base.encode(), "sha256")).decode()
    sha1_declared = diagnosis(client, QUERY_CASE, signed)
    assert sha1_declared["match"] is False
    assert "wrong_hash:sha256" in sha1_declared["explanations"][0]["mistakes"]


def test_the_printed_rfc_signature_is_refused(client: FlaskClient) -> None:
    """RFC 5849 §3.4.1 prints bYT5CMsGcbgUdFHObYMEfcx6bsw=; erratum 2550 corrects it."""
    case: Case = {
        "scheme": "oauth1",
        "method": "POST",
        "origin": "http://example.com",
        "path": "/request",
        "params": [["b5", "=%3D"], ["a3", "a"], ["c@", ""], ["a2", "r b"]],
        "headers": [["Content-Type", "application/x-www-form-urlencoded"]],
        "body": "c2&a3=2+q",
        "api_key": "9djdj82h48djs9d2",
        "oauth_token": "kkk9d7dh3k39sjv7",
        "oauth_nonce": "7d8f3e4a",
        "timestamp": 137131201,
        "oauth_version": "none",
        "realm": "Example",
        "secret": "j49sk3j29djd",
        "token_secret": "dh893hdasih9",
    }
    assert expected(case)["signature"]["base64"] == "r6/TJjbCOr97/+UU0NsvSne7s5g="
    assert diagnosis(client, case, "r6/TJjbCOr97/+UU0NsvSne7s5g=")["match"] is True
    assert diagnosis(client, case, "bYT5CMsGcbgUdFHObYMEfcx6bsw=")["match"] is False


def test_a_token_secret_not_given_is_said_first(client: FlaskClient) -> None:
    """The request carries a token, the token secret was not typed: oauthlib's signature
    (keyed with it) is not explained, and the answer says what to type."""
    untyped = {**QUERY_CASE, "token_secret": ""}
    answer = diagnosis(client, untyped, sent(QUERY_CASE))
    assert answer["match"] is False
    assert "the request needs the Token secret, which was not given" in answer["message"]
    # Without a token there is no token secret to ask for.
    tokenless = {**untyped, "oauth_token": ""}
    other = diagnosis(client, tokenless, base64.b64encode(b"\x5f" * 20).decode())
    assert other["explanations"] == []
    assert "Token secret" not in other["message"]
