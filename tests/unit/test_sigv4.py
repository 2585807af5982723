"""AWS SigV4 against botocore and AWS's published values: the signature, how it travels,
AWS's clock, and every catalogue mistake named by the diagnosis when it is planted.

Planted mistakes are written by hand on botocore's own canonical request (the oracle), and
signed by the few lines of HMAC chain below, never by Sigscope.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.core.diagnose import diagnose
from app.core.inputs import parse_sign_input
from app.core.mistakes import common_mistakes
from app.core.schemes.sigv4.mistakes import CLOCK_MISTAKES
from app.core.signing import sign
from tests.oracles.sigv4 import sign as botocore_sign

VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "aws-sigv4.json"
CASES = {case["id"]: case for case in json.loads(VECTORS.read_text("utf-8"))["cases"]}

#: AWS's published signatures: the SigV4 test suite's get-vanilla, the S3 documentation's GET
#: Object (header) and presigned URL examples.
PUBLISHED = {
    "get_vanilla": "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    "s3_get_object_published": "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    "presigned_s3_published": "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
}


def given(case_id: str, **changes: object) -> dict[str, Any]:
    return {**copy.deepcopy(CASES[case_id]["input"]), **changes}


def signed(payload: dict[str, Any]) -> Any:
    parsed = parse_sign_input(payload)
    return parsed, sign(parsed.scheme, parsed.recipe, parsed.context, with_lens=False)


@pytest.mark.parametrize(("case_id", "hex_value"), PUBLISHED.items())
def test_published_signatures(case_id: str, hex_value: str) -> None:
    _, result = signed(given(case_id))
    assert result.outcome.signature.hex == hex_value
    assert botocore_sign(given(case_id))["signature"]["hex"] == hex_value


@pytest.mark.parametrize("case_id", CASES)
def test_the_signature_travels_as_botocore_sends_it(case_id: str) -> None:
    parsed, result = signed(given(case_id))
    travels = parsed.scheme.travel(parsed.recipe, result.outcome.sent)
    assert [list(pair) for pair in travels] == botocore_sign(given(case_id))["travels"]


# --- planted mistakes, signed by hand ------------------------------------------------------


def hand_signed(secret: str, canonical_request: str, amz_date: str, scope: str) -> tuple[str, str]:
    """SigV4's last steps, written out: the string to sign and, by the HMAC chain, its
    signature."""
    digest = hashlib.sha256(canonical_request.encode()).hexdigest()
    string = f"AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{digest}"
    key = f"AWS4{secret}".encode()
    for part in scope.split("/"):
        key = hmac.digest(key, part.encode(), "sha256")
    return string, hmac.new(key, string.encode(), "sha256").hexdigest()


def planted(mistake_id: str) -> tuple[dict[str, Any], str, str]:
    """The case a mistake is planted in, and the string and signature a client making it
    sends, written by hand on botocore's canonical request."""
    case_id, edit_request, edit_scope, edit_secret = PLANTED[mistake_id]
    payload = given(case_id)
    oracle = botocore_sign(payload)
    amz_date, scope = oracle["string_to_sign"].split("\n")[1:3]
    string, signature = hand_signed(
        edit_secret(payload["secret"]),
        edit_request(oracle["steps"]["canonical_request"]),
        amz_date,
        edit_scope(scope),
    )
    assert signature != oracle["signature"]["hex"], "the edit must change the signature"
    return payload, string, signature


Edit = Callable[[str], str]


def line(index: int, edit: Edit) -> Edit:
    def apply(text: str) -> str:
        lines = text.split("\n")
        lines[index] = edit(lines[index])
        return "\n".join(lines)

    return apply


def same(text: str) -> str:
    return text


UNSORTED_QUERY = "Param2=a%2Bb&Param1=value%201&Param1=a%20value&~tilde=%2A%21%27%28%29&empty="

#: mistake id -> (vector case, edit of botocore's canonical request, edit of its scope,
#: edit of the secret).
PLANTED: dict[str, tuple[str, Edit, Edit, Edit]] = {
    "path_encoded_once": (
        "api_gateway_at_path",
        line(1, lambda _: "/production/%40connections/R0oXAdfD0kwCH6w%3D"),
        same,
        same,
    ),
    "path_encoded_twice": (
        "s3_key_with_plus_and_space",
        line(1, lambda _: "/examplebucket/my%2520file%252Bv1.txt"),
        same,
        same,
    ),
    "path_normalized": (
        "s3_path_not_normalized",
        line(1, lambda _: "/examplebucket/a/c/d"),
        same,
        same,
    ),
    "query_space_plus": (
        "get_vanilla_query_space_and_plus",
        line(2, lambda text: text.replace("%20", "+")),
        same,
        same,
    ),
    "query_uri_component": (
        "get_vanilla_query_space_and_plus",
        line(2, lambda text: text.replace("%2A%21%27%28%29", "*!'()")),
        same,
        same,
    ),
    "query_bare_key": (
        "get_vanilla_query_space_and_plus",
        line(2, lambda text: text.replace("empty=", "empty")),
        same,
        same,
    ),
    "query_unsorted": (
        "get_vanilla_query_space_and_plus",
        line(2, lambda _: UNSORTED_QUERY),
        same,
        same,
    ),
    "host_port_added": (
        "get_vanilla",
        line(3, lambda _: "host:example.amazonaws.com:443"),
        same,
        same,
    ),
    "host_port_dropped": ("origin_with_port", line(3, lambda _: "host:localhost"), same, same),
    "headers_not_trimmed": (
        "repeated_and_spaced_headers",
        lambda text: text.replace("my-header1:a b c", "my-header1:  a   b   c  ").replace(
            'my-header2:"a b c"', 'my-header2:"a   b   c"'
        ),
        same,
        same,
    ),
    "header_names_not_lowercased": (
        "get_vanilla",
        lambda text: text.replace("host", "Host").replace("x-amz-date", "X-Amz-Date"),
        same,
        same,
    ),
    "token_unsigned": (
        "session_token",
        lambda text: "\n".join(
            part for part in text.split("\n") if not part.startswith("x-amz-security-token:")
        ).replace(";x-amz-security-token", ""),
        same,
        same,
    ),
    "payload_empty_hash": (
        "api_gateway_at_path",
        line(-1, lambda _: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        same,
        same,
    ),
    "payload_unsigned": ("api_gateway_at_path", line(-1, lambda _: "UNSIGNED-PAYLOAD"), same, same),
    "scope_region:us-east-1": (
        "presigned_s3_session_token",
        lambda text: text.replace("%2Feu-west-1%2F", "%2Fus-east-1%2F"),
        lambda scope: scope.replace("eu-west-1", "us-east-1"),
        same,
    ),
    "scope_service:apigateway": (
        "api_gateway_at_path",
        same,
        lambda scope: scope.replace("execute-api", "apigateway"),
        same,
    ),
    "scope_date_local:20150829": (
        "get_vanilla",
        same,
        lambda scope: scope.replace("20150830", "20150829"),
        same,
    ),
    "secret_trailing_newline": ("get_vanilla", same, same, lambda secret: secret + "\n"),
}


@pytest.mark.parametrize("mistake_id", PLANTED)
def test_each_planted_mistake_is_in_the_lens_as_written_by_hand(mistake_id: str) -> None:
    payload, string, signature = planted(mistake_id)
    parsed = parse_sign_input(payload)
    lens = sign(parsed.scheme, parsed.recipe, parsed.context).mistakes or ()
    entry = next(entry for entry in lens if entry.instance.id == mistake_id)
    assert entry.outcome.string_to_sign == string
    assert entry.outcome.signature.hex == signature
    assert entry.changes_signature is True


@pytest.mark.parametrize("mistake_id", PLANTED)
def test_each_planted_mistake_is_named_first(mistake_id: str) -> None:
    payload, _, signature = planted(mistake_id)
    parsed = parse_sign_input(payload)
    found = diagnose(parsed.scheme, parsed.recipe, signature, parsed.context)
    assert found.match is False
    assert found.explanations, found.message
    assert [cause.id for cause in found.explanations[0].causes] == [mistake_id]


def test_every_mistake_with_a_transform_is_planted_here() -> None:
    parsed = parse_sign_input(given("get_vanilla"))
    elsewhere = [*CLOCK_MISTAKES, *common_mistakes("")]  # the clock's, below; every scheme's
    ids = {m.id for m in parsed.scheme.mistakes} - {m.id for m in elsewhere}
    planted = {mistake_id.partition(":")[0] for mistake_id in PLANTED}
    assert ids <= planted, f"plant these too: {sorted(ids - planted)}"


def test_the_right_signature_matches() -> None:
    parsed = parse_sign_input(given("get_vanilla"))
    found = diagnose(parsed.scheme, parsed.recipe, PUBLISHED["get_vanilla"], parsed.context)
    assert found.match is True


# --- AWS's clock --------------------------------------------------------------------------

#: 20150830T123600Z, the get-vanilla time, in epoch seconds.
VANILLA_EPOCH = 1440938160

CLOCK = {
    "16 minutes behind": ("get_vanilla", {"server_time": VANILLA_EPOCH + 960}, "clock_skew"),
    "16 minutes ahead": ("get_vanilla", {"server_time": VANILLA_EPOCH - 960}, "clock_skew"),
    "expired URL": (
        "presigned_s3_published",
        {"server_time": 1369353600 + 86401},
        "presigned_expired",
    ),
    "a URL asking for 8 days": (
        "presigned_non_s3",
        {"expires": str(8 * 86400), "server_time": VANILLA_EPOCH},
        "presigned_expired",
    ),
}

#: Every SigV4 mistake some test here finds first, on its own.
FIRST_ON_THEIR_OWN = {m.partition(":")[0] for m in PLANTED} | {c[2] for c in CLOCK.values()}


@pytest.mark.parametrize("name", CLOCK)
def test_a_right_signature_refused_by_the_clock_names_why(name: str) -> None:
    case_id, changes, mistake_id = CLOCK[name]
    payload = given(case_id, **changes)
    oracle = botocore_sign({**payload, "server_time": None})
    parsed = parse_sign_input(payload)
    assert (
        parsed.scheme.verdict(parsed.recipe, oracle["signature"]["hex"], parsed.context).accepted
        is False
    )
    found = diagnose(parsed.scheme, parsed.recipe, oracle["signature"]["hex"], parsed.context)
    assert found.match is False
    assert [cause.id for cause in found.explanations[0].causes] == [mistake_id]


@pytest.mark.parametrize("seconds", [-900, 0, 900])
def test_fifteen_minutes_either_way_is_accepted(seconds: int) -> None:
    payload = given("get_vanilla", server_time=VANILLA_EPOCH + seconds)
    parsed = parse_sign_input(payload)
    found = diagnose(parsed.scheme, parsed.recipe, PUBLISHED["get_vanilla"], parsed.context)
    assert found.match is True
