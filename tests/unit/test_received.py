"""Signed vs sent: each received header's class, per scheme and variant."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.core.importers.places import recognise
from app.core.received import SIGNED, STACK, UNKNOWN, classify_one, declared
from app.core.schemes import SCHEMES


@pytest.mark.parametrize(
    ("scheme", "variant"),
    [(name, v) for name, s in SCHEMES.items() for v in (s.variant_ids() or ("",))],
)
def test_every_scheme_states_which_headers_its_clients_sign(scheme: str, variant: str) -> None:
    signs = SCHEMES[scheme].signs(variant)
    assert signs.variant == variant
    assert signs.others_why


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Accept", "*/*"),  # requests, curl and fetch
        ("accept", " */* "),
        ("Accept-Encoding", "gzip, deflate"),
        ("User-Agent", "python-requests/2.33.0"),
        ("user-agent", "curl/8.14.1"),
        ("Connection", "keep-alive"),
        ("Host", "127.0.0.1:8000"),
        ("Content-Length", "12"),
        ("Sec-Fetch-Mode", "cors"),
        (":authority", "example.com"),
    ],
)
def test_what_the_http_stack_adds_is_never_signed(name: str, value: str) -> None:
    readers = (("actionstreamer", "tutorial"), ("actionstreamer", "sdk"), (None, None))
    for scheme, variant in readers:
        item = classify_one(name, value, declared(scheme, variant))
        assert (item.kind, item.signed) == (STACK, False)


def test_an_accept_the_client_chose_is_its_own() -> None:
    item = classify_one("Accept", "application/json", declared("actionstreamer", "tutorial"))
    assert (item.kind, item.signed) == (UNKNOWN, True)


def test_the_sdk_signs_its_own_headers_and_deletes_content_type() -> None:
    sdk = declared("actionstreamer", "sdk")
    for name in ("Authorization", "X-AccessKey", "X-Nonce", "X-Timestamp"):
        assert (classify_one(name, "v", sdk).kind, classify_one(name, "v", sdk).signed) == (
            SIGNED,
            True,
        )
    content_type = classify_one("Content-Type", "application/json", sdk)
    assert content_type.signed is False
    assert "deletes `Content-Type`" in content_type.reason


def test_apiaxle_signs_no_header() -> None:
    item = classify_one("X-Trace", "1", declared("apiaxle", None))
    assert (item.kind, item.signed) == (UNKNOWN, False)


SDK_HEADERS = [
    ("Authorization", "HMAC-SHA256 AKID"),
    ("X-AccessKey", "AKID"),
    ("X-Nonce", "n"),
    ("X-Timestamp", "1700000000"),
]


def test_the_sdk_variant_needs_all_four_of_its_headers() -> None:
    def variant(scheme: str | None, headers: list[tuple[str, str]]) -> str | None:
        found = recognise(scheme, headers)
        return f"{found.scheme.name}:{found.variant.id}" if found else None

    assert variant("actionstreamer", SDK_HEADERS) == "actionstreamer:sdk"
    assert variant(None, SDK_HEADERS) == "actionstreamer:sdk"
    assert variant("apiaxle", SDK_HEADERS) is None
    for missing in range(4):
        fewer = SDK_HEADERS[:missing] + SDK_HEADERS[missing + 1 :]
        assert variant("actionstreamer", fewer) is None
    other_auth = [("Authorization", "Bearer AKID"), *SDK_HEADERS[1:]]
    assert variant("actionstreamer", other_auth) is None


def test_a_scheme_stating_nothing_for_a_variant_falls_back_on_the_generic_rule() -> None:
    generic = declared(None, None)
    assert declared("apiaxle", "v9") == generic
    assert declared("no-such-scheme", None) == generic


def test_the_schemes_answer_states_what_clients_sign(client: FlaskClient) -> None:
    schemes = {s["scheme"]: s for s in client.get("/api/v1/schemes").get_json()["schemes"]}
    sdk = next(d for d in schemes["actionstreamer"]["signed_headers"] if d["variant"] == "sdk")
    assert {h["name"] for h in sdk["headers"] if h["signed"]} == {
        "authorization",
        "x-accesskey",
        "x-nonce",
        "x-timestamp",
    }
    [apiaxle] = schemes["apiaxle"]["signed_headers"]
    assert (apiaxle["headers"], apiaxle["others"]) == ([], False)
