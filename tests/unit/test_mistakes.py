"""The mistake lens: each mistake's string is the one a client making it would sign.

Every expected string is written out by hand here; every expected signature comes from the
JavaScript reference. Each table must name every lens entry the core produces for its
request, so a new catalogue entry without a test fails here.
"""

from __future__ import annotations

import base64
import gc
from dataclasses import dataclass

import pytest

from app.core.inputs import parse_sign_input
from app.core.mistakes import common_mistakes
from app.core.recipe import Recipe
from app.core.schemes.actionstreamer import mistakes as actionstreamer_mistakes
from app.core.schemes.base import Scheme
from app.core.signing import SignResult, sign
from tests.reference import node
from tests.unit.test_oauth1_lens import OAUTH1_CASES
from tests.unit.test_rfc9421_lens import LENS_REQUEST, LENS_TABLE


def tutorial(method: str, path: str, headers: str, params: str, body: str) -> str:
    return "\n".join([method, path, headers, params, body])


@dataclass(frozen=True)
class Expect:
    string: str
    changes: bool = True
    key: str | bytes | None = None  # None: the request's own secret; bytes: the key itself
    algorithm: str | None = None  # None: the scheme's own hash
    message: bytes | None = None  # None: the string as UTF-8
    sent: str = "hex"  # how the signature is written when sent


def _result(payload: dict[str, object]) -> SignResult:
    given = parse_sign_input(payload)
    return sign(given.scheme, given.recipe, given.context)


def _key_bytes(key: str | bytes) -> bytes:
    return key if isinstance(key, bytes) else key.encode("utf-8")


def check_lens(payload: dict[str, object], table: dict[str, Expect], algorithm: str) -> None:
    result = _result(payload)
    lens = {entry.instance.id: entry for entry in result.mistakes}
    assert set(lens) == set(table), "every lens entry must be checked, and only those"
    secret = str(payload["secret"])
    digests = node.hmac_hex(
        [
            (
                e.algorithm or algorithm,
                _key_bytes(e.key if e.key is not None else secret),
                e.message if e.message is not None else e.string.encode("utf-8"),
            )
            for e in table.values()
        ]
    )
    for (mistake_id, expect), hex_value in zip(table.items(), digests, strict=True):
        entry = lens[mistake_id]
        assert entry.outcome.string_to_sign == expect.string, mistake_id
        assert entry.outcome.signature.hex == hex_value, mistake_id
        sent = {
            "hex": hex_value,
            "hex_upper": hex_value.upper(),
            "base64": base64.b64encode(bytes.fromhex(hex_value)).decode(),
        }[expect.sent]
        assert entry.outcome.sent == sent, mistake_id
        assert entry.changes_signature is expect.changes, mistake_id
    answer = result.to_dict()
    for mistake in answer["mistakes"]:  # type: ignore[attr-defined]
        patched = apply_edits(str(answer["string_to_sign"]), mistake["edits"])
        assert patched == table[mistake["id"]].string, mistake["id"]


def apply_edits(correct: str, edits: list[dict[str, object]]) -> str:
    """What the API's documentation tells a client to do with a lens entry's ``edits``."""
    out, position = "", 0
    for edit in edits:
        at, delete, insert = edit["at"], edit["delete"], edit["insert"]
        assert isinstance(at, int)
        assert isinstance(delete, int)
        assert isinstance(insert, str)
        assert at >= position, "edits are in order and do not overlap"
        out += correct[position:at] + insert
        position = at + delete
    return out + correct[position:]


SECRET = "as-test-secret-0123456789"
H = "Accept: application/json\nContent-Type: application/json\nX-Nonce: n-1"
P = "Z: 9\na: 1\nb: x y"
B = '{"name": "cam-\u00e9", "id": 7}'
CORRECT = tutorial("POST", "/v1/devices", H, P, B)

JSON_REQUEST: dict[str, object] = {
    "scheme": "actionstreamer",
    "variant": "tutorial",
    "method": "POST",
    "path": "/v1/devices/",
    "headers": [
        ["X-Nonce", "n-1"],
        ["Accept", "application/json"],
        ["Content-Type", "application/json"],
    ],
    "params": [["b", "x y"], ["a", "1"], ["Z", "9"]],
    "body": B,
    "api_key": "AKID",
    "secret": SECRET,
}

JSON_TABLE = {
    "path_with_query": Expect(tutorial("POST", "/v1/devices/?b=x+y&a=1&Z=9", H, P, B)),
    "no_leading_slash": Expect(CORRECT, changes=False),
    "keep_trailing_slash": Expect(tutorial("POST", "/v1/devices/", H, P, B)),
    "method_case": Expect(tutorial("post", "/v1/devices", H, P, B)),
    "headers_unsorted": Expect(
        tutorial(
            "POST",
            "/v1/devices",
            "X-Nonce: n-1\nAccept: application/json\nContent-Type: application/json",
            P,
            B,
        )
    ),
    "lowercase_header_names": Expect(
        tutorial(
            "POST",
            "/v1/devices",
            "accept: application/json\ncontent-type: application/json\nx-nonce: n-1",
            P,
            B,
        )
    ),
    "case_insensitive_sort": Expect(tutorial("POST", "/v1/devices", H, "a: 1\nb: x y\nZ: 9", B)),
    "params_unsorted": Expect(tutorial("POST", "/v1/devices", H, "b: x y\na: 1\nZ: 9", B)),
    "omit_param:b": Expect(tutorial("POST", "/v1/devices", H, "Z: 9\na: 1", B)),
    "omit_param:a": Expect(tutorial("POST", "/v1/devices", H, "Z: 9\nb: x y", B)),
    "omit_param:Z": Expect(tutorial("POST", "/v1/devices", H, "a: 1\nb: x y", B)),
    "params_form_encoded": Expect(tutorial("POST", "/v1/devices", H, "Z: 9\na: 1\nb: x+y", B)),
    "body_trailing_newline_added": Expect(tutorial("POST", "/v1/devices", H, P, B + "\n")),
    "json_compact": Expect(tutorial("POST", "/v1/devices", H, P, '{"name":"cam-\u00e9","id":7}')),
    "json_spaced": Expect(CORRECT, changes=False),
    "json_sorted_keys": Expect(
        tutorial("POST", "/v1/devices", H, P, '{"id": 7, "name": "cam-\u00e9"}')
    ),
    "json_ascii_escaped": Expect(
        tutorial("POST", "/v1/devices", H, P, '{"name": "cam-\\u00e9", "id": 7}')
    ),
    "other_variant": Expect(
        "POST\n/v1/devices\nAccept: application/json\nX-Nonce: n-1\n\nZ: 9\na: 1\nb: x y\n\n" + B
    ),
    "secret_trailing_newline": Expect(CORRECT, key=SECRET + "\n"),
    "secret_surrounding_spaces": Expect(CORRECT, key=f" {SECRET} "),
    "api_key_as_secret": Expect(CORRECT, key="AKID"),
    "wrong_hash:sha1": Expect(CORRECT, algorithm="sha1"),
    "wrong_hash:sha512": Expect(CORRECT, algorithm="sha512"),
    "message_latin1": Expect(CORRECT, message=CORRECT.encode("latin-1")),
    "output_hex_upper": Expect(CORRECT, sent="hex_upper"),
    "output_base64": Expect(CORRECT, sent="base64"),
}

TEXT_BODY = "line1\nline2\n"
T_CORRECT = tutorial("PUT", "/v1/a%20b", "", "", TEXT_BODY)
TEXT_REQUEST: dict[str, object] = {
    "scheme": "actionstreamer",
    "variant": "tutorial",
    "method": "PUT",
    "path": "v1/a%20b",
    "body": TEXT_BODY,
    "secret": SECRET,
}
TEXT_TABLE = {
    "path_url_decoded": Expect(tutorial("PUT", "/v1/a b", "", "", TEXT_BODY)),
    "no_leading_slash": Expect(tutorial("PUT", "v1/a%20b", "", "", TEXT_BODY)),
    "keep_trailing_slash": Expect(T_CORRECT, changes=False),
    "method_case": Expect(tutorial("put", "/v1/a%20b", "", "", TEXT_BODY)),
    "headers_unsorted": Expect(T_CORRECT, changes=False),
    "lowercase_header_names": Expect(T_CORRECT, changes=False),
    "case_insensitive_sort": Expect(T_CORRECT, changes=False),
    "params_unsorted": Expect(T_CORRECT, changes=False),
    "body_trailing_newline_added": Expect(T_CORRECT + "\n"),
    "body_trailing_newline_removed": Expect(T_CORRECT[:-1]),
    "body_crlf": Expect(tutorial("PUT", "/v1/a%20b", "", "", "line1\r\nline2\r\n")),
    "other_variant": Expect("PUT\n/v1/a%20b\n\n\nline1\nline2"),
    "secret_trailing_newline": Expect(T_CORRECT, key=SECRET + "\n"),
    "secret_surrounding_spaces": Expect(T_CORRECT, key=f" {SECRET} "),
    "wrong_hash:sha1": Expect(T_CORRECT, algorithm="sha1"),
    "wrong_hash:sha512": Expect(T_CORRECT, algorithm="sha512"),
    "message_latin1": Expect(T_CORRECT, changes=False),
    "output_hex_upper": Expect(T_CORRECT, sent="hex_upper"),
    "output_base64": Expect(T_CORRECT, sent="base64"),
}

SDK_CORRECT = "GET\n/v1/devices\nAccept: */*\n\npage: 2"
SDK_REQUEST: dict[str, object] = {
    "scheme": "actionstreamer",
    "variant": "sdk",
    "method": "GET",
    "path": "/v1/devices",
    "headers": [["Content-Type", "application/json"], ["Accept", "*/*"]],
    "params": {"page": "2"},
    "secret": SECRET,
}
SDK_TABLE = {
    "path_with_query": Expect("GET\n/v1/devices?page=2\nAccept: */*\n\npage: 2"),
    "no_leading_slash": Expect(SDK_CORRECT, changes=False),
    "keep_trailing_slash": Expect(SDK_CORRECT, changes=False),
    "method_case": Expect("get\n/v1/devices\nAccept: */*\n\npage: 2"),
    "headers_unsorted": Expect(SDK_CORRECT, changes=False),
    "lowercase_header_names": Expect("GET\n/v1/devices\naccept: */*\n\npage: 2"),
    "case_insensitive_sort": Expect(SDK_CORRECT, changes=False),
    "params_unsorted": Expect(SDK_CORRECT, changes=False),
    "omit_param:page": Expect("GET\n/v1/devices\nAccept: */*"),
    "params_form_encoded": Expect(SDK_CORRECT, changes=False),
    "body_trailing_newline_added": Expect(SDK_CORRECT, changes=False),
    "other_variant": Expect(
        tutorial("GET", "/v1/devices", "Accept: */*\nContent-Type: application/json", "page: 2", "")
    ),
    "secret_trailing_newline": Expect(SDK_CORRECT, key=SECRET + "\n"),
    "secret_surrounding_spaces": Expect(SDK_CORRECT, key=f" {SECRET} "),
    "wrong_hash:sha1": Expect(SDK_CORRECT, algorithm="sha1"),
    "wrong_hash:sha512": Expect(SDK_CORRECT, algorithm="sha512"),
    "message_latin1": Expect(SDK_CORRECT, changes=False),
    "output_hex_upper": Expect(SDK_CORRECT, sent="hex_upper"),
    "output_base64": Expect(SDK_CORRECT, sent="base64"),
}

AXLE = "bob-the-builder"
AXLE_REQUEST: dict[str, object] = {
    "scheme": "apiaxle",
    "api_key": "my key",
    "secret": AXLE,
    "timestamp": 1700000000,
}
AXLE_TABLE = {
    "epoch_milliseconds": Expect("1700000000000my key"),
    "epoch_fractional": Expect("1700000000.5my key"),
    "clock_outside_window": Expect("1700000004my key"),
    "key_url_encoded": Expect("1700000000my+key"),
    "key_first": Expect("my key1700000000"),
    "secret_trailing_newline": Expect("1700000000my key", key=AXLE + "\n"),
    "secret_surrounding_spaces": Expect("1700000000my key", key=f" {AXLE} "),
    "api_key_as_secret": Expect("1700000000my key", key="my key"),
    # "bob-the-builder" happens to be URL-safe base64 too: a client may have decoded it.
    "secret_decoded:base64": Expect("1700000000my key", key=base64.b64decode("bob+the+builder=")),
    "wrong_hash:sha256": Expect("1700000000my key", algorithm="sha256"),
    "wrong_hash:sha512": Expect("1700000000my key", algorithm="sha512"),
    "message_latin1": Expect("1700000000my key", changes=False),
    "output_hex_upper": Expect("1700000000my key", sent="hex_upper"),
    "output_base64": Expect("1700000000my key", sent="base64"),
}

AXLE_LATIN1_REQUEST = {**AXLE_REQUEST, "api_key": "cl\u00e9"}
AXLE_LATIN1_TABLE = {
    "epoch_milliseconds": Expect("1700000000000cl\u00e9"),
    "epoch_fractional": Expect("1700000000.5cl\u00e9"),
    "clock_outside_window": Expect("1700000004cl\u00e9"),
    "key_url_encoded": Expect("1700000000cl%C3%A9"),
    "key_first": Expect("cl\u00e91700000000"),
    "secret_trailing_newline": Expect("1700000000cl\u00e9", key=AXLE + "\n"),
    "secret_surrounding_spaces": Expect("1700000000cl\u00e9", key=f" {AXLE} "),
    "api_key_as_secret": Expect("1700000000cl\u00e9", key="cl\u00e9"),
    "secret_decoded:base64": Expect("1700000000cl\u00e9", key=base64.b64decode("bob+the+builder=")),
    "wrong_hash:sha256": Expect("1700000000cl\u00e9", algorithm="sha256"),
    "wrong_hash:sha512": Expect("1700000000cl\u00e9", algorithm="sha512"),
    "message_latin1": Expect("1700000000cl\u00e9", message=b"1700000000cl\xe9"),
    "output_hex_upper": Expect("1700000000cl\u00e9", sent="hex_upper"),
    "output_base64": Expect("1700000000cl\u00e9", sent="base64"),
}

# The same secret written in hex: the key is its decoded bytes. Whitespace around hex is
# read past, so the secret mistakes that add some change nothing.
AXLE_HEX = b"bob-the-builder".hex()
AXLE_HEX_REQUEST = {**AXLE_REQUEST, "secret": AXLE_HEX, "secret_encoding": "hex"}
AXLE_HEX_TABLE = {
    "epoch_milliseconds": Expect("1700000000000my key", key=AXLE),
    "epoch_fractional": Expect("1700000000.5my key", key=AXLE),
    "clock_outside_window": Expect("1700000004my key", key=AXLE),
    "key_url_encoded": Expect("1700000000my+key", key=AXLE),
    "key_first": Expect("my key1700000000", key=AXLE),
    "secret_trailing_newline": Expect("1700000000my key", changes=False, key=AXLE),
    "secret_surrounding_spaces": Expect("1700000000my key", changes=False, key=AXLE),
    "secret_not_decoded": Expect("1700000000my key", key=AXLE_HEX),
    "wrong_hash:sha256": Expect("1700000000my key", key=AXLE, algorithm="sha256"),
    "wrong_hash:sha512": Expect("1700000000my key", key=AXLE, algorithm="sha512"),
    "message_latin1": Expect("1700000000my key", changes=False, key=AXLE),
    "output_hex_upper": Expect("1700000000my key", key=AXLE, sent="hex_upper"),
    "output_base64": Expect("1700000000my key", key=AXLE, sent="base64"),
}

CASES = {
    "actionstreamer_json_body": (JSON_REQUEST, JSON_TABLE, "sha256"),
    "actionstreamer_text_body": (TEXT_REQUEST, TEXT_TABLE, "sha256"),
    "actionstreamer_sdk": (SDK_REQUEST, SDK_TABLE, "sha256"),
    "apiaxle": (AXLE_REQUEST, AXLE_TABLE, "sha1"),
    "apiaxle_non_ascii_key": (AXLE_LATIN1_REQUEST, AXLE_LATIN1_TABLE, "sha1"),
    "apiaxle_hex_secret": (AXLE_HEX_REQUEST, AXLE_HEX_TABLE, "sha1"),
    **OAUTH1_CASES,
    "rfc9421": (LENS_REQUEST, {k: Expect(**v) for k, v in LENS_TABLE.items()}, "sha256"),
}


@pytest.mark.parametrize("name", CASES)
def test_lens(name: str) -> None:
    check_lens(*CASES[name])


def test_every_catalogue_entry_is_exercised() -> None:
    from app.core.schemes import SCHEMES, described

    seen = {
        scheme: {
            key.split(":")[0]
            for request, table, _ in CASES.values()
            for key in table
            if request["scheme"] == scheme
        }
        for scheme in SCHEMES
    }
    from tests.unit.test_sigv4 import FIRST_ON_THEIR_OWN  # written by hand on botocore's strings

    seen["aws-sigv4"] |= FIRST_ON_THEIR_OWN
    # The mistakes every scheme shares are one piece of code: a case of any scheme covers them.
    shared = {m.id for m in common_mistakes("hex")}
    anywhere = set().union(*seen.values()) & shared
    for scheme in SCHEMES.values():
        if scheme in described.SCHEMES:  # test_described_mistakes.py exercises them
            continue
        assert {m.id for m in scheme.mistakes} - anywhere == seen[scheme.name] - anywhere


def test_sdk_request_drops_content_type_and_the_tutorial_keeps_it() -> None:
    result = _result(SDK_REQUEST)
    assert result.outcome.string_to_sign == SDK_CORRECT
    header_step = next(s for s in result.outcome.steps if s.id == "header_string")
    assert header_step.note is not None
    assert "Content-Type` removed by the SDK" in header_step.note


def _recipes_under_test() -> list[tuple[str, Scheme, Recipe]]:
    """Every request above, and every mistaken recipe the lens builds from it."""
    found = []
    for name, (payload, _, _) in CASES.items():
        given = parse_sign_input(payload)
        found.append((name, given.scheme, given.recipe))
        for mistake in given.scheme.mistakes:
            for instance in mistake.instances(given.recipe):
                found.append((f"{name}/{instance.id}", given.scheme, instance.recipe))
    return found


def test_the_lens_shortcut_builds_the_string_the_trace_ends_with() -> None:
    # The lens asks each scheme for the string alone (``string_only``); the page and the
    # vectors read the trace. The tables above check the shortcut's strings by hand; this
    # holds the two paths to each other for every recipe, mistaken ones included.
    recipes = _recipes_under_test()
    assert len(recipes) > 60
    for name, scheme, recipe in recipes:
        assert scheme.string_to_sign(recipe) == scheme.canonicalize(recipe)[-1].output, name


def test_no_body_outlives_its_request() -> None:
    # The JSON mistakes parse a body once per request and keep it beside that request only.
    gc.collect()
    before = len(actionstreamer_mistakes._JSON_STYLES)  # requests other code still holds, if any
    result = _result({**JSON_REQUEST, "body": '{"seen": "by this test only"}'})
    assert "json_compact" in {entry.instance.id for entry in result.mistakes or ()}
    assert len(actionstreamer_mistakes._JSON_STYLES) == before + 1
    del result
    gc.collect()
    assert len(actionstreamer_mistakes._JSON_STYLES) == before
