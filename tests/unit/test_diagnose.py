"""Diagnose: given the signature a mistaken client sent, name the mistake first.

Every observed signature here is computed independently of ``app/``: the mistaken string and
key are written out by hand (here, or in ``test_mistakes.py``'s hand-built tables) and signed
by the JavaScript reference. Diagnose must then put that mistake in its first explanation,
with that very string to sign.
"""

from __future__ import annotations

import base64
import tracemalloc
from dataclasses import dataclass

import pytest

from app.core import diagnose as diagnose_module
from app.core.diagnose import Diagnosis, diagnose
from app.core.diagnose import search as search_module
from app.core.errors import InputError
from app.core.header_mistakes import HEADER_MISTAKES
from app.core.inputs import Limits, parse_sign_input
from app.core.mistakes import common_mistakes
from app.core.schemes import SCHEMES, described
from app.core.sigformat import parse_signature
from tests.reference import node
from tests.unit.test_mistakes import (
    CASES,
    JSON_REQUEST,
    SECRET,
    B,
    Expect,
    H,
    P,
    tutorial,
)
from tests.unit.test_mistakes import CORRECT as JSON_CORRECT
from tests.unit.test_sigv4 import FIRST_ON_THEIR_OWN as SIGV4_FIRST


@dataclass(frozen=True)
class Signed:
    """A hand-built string, signed by a mistaken client: what it sent, and how."""

    message: bytes
    key: str | bytes
    algorithm: str
    form: str = "hex"

    def triple(self) -> tuple[str, bytes, bytes]:
        key = self.key if isinstance(self.key, bytes) else self.key.encode("utf-8")
        return self.algorithm, key, self.message


def written(hex_value: str, form: str) -> str:
    """The digest as a client writes it; ``form`` is how, or a prefix then ``:hex``."""
    digest = bytes.fromhex(hex_value)
    forms = {
        "hex": hex_value,
        "hex_upper": hex_value.upper(),
        "base64": base64.b64encode(digest).decode(),
        "base64url_unpadded": base64.urlsafe_b64encode(digest).decode().rstrip("="),
        "sha256_prefix": "sha256=" + hex_value,
        "hmac_prefix_base64": "HMAC-SHA256 " + base64.b64encode(digest).decode(),
        "whitespace": f"  {hex_value[:30]}\n{hex_value[30:]} \n",
    }
    return forms[form]


def run(payload: dict[str, object], signature: str) -> Diagnosis:
    given = parse_sign_input(payload)
    return diagnose(given.scheme, given.recipe, signature, given.context)


def first_mistakes(result: Diagnosis) -> list[str]:
    assert result.explanations, result.message
    return [cause.id for cause in result.explanations[0].causes]


# --- every catalogue mistake, from test_mistakes.py's hand-built tables -------------------


def _signed(expect: Expect, payload: dict[str, object], algorithm: str) -> Signed:
    return Signed(
        expect.message if expect.message is not None else expect.string.encode("utf-8"),
        expect.key if expect.key is not None else str(payload["secret"]),
        expect.algorithm or algorithm,
        expect.sent,
    )


CATALOGUE = [
    (case, mistake_id, _signed(expect, payload, algorithm))
    for case, (payload, table, algorithm) in CASES.items()
    for mistake_id, expect in table.items()
    if expect.changes  # a harmless mistake signs the correct signature: nothing to find
]


def _twins(case: str, mistake_id: str) -> set[str]:
    """The mistakes whose hand-built outcome in ``case`` is identical to ``mistake_id``'s."""
    payload, table, algorithm = CASES[case]
    mine = _signed(table[mistake_id], payload, algorithm)
    return {
        other
        for other, expect in table.items()
        if expect.changes and _signed(expect, payload, algorithm) == mine
    }


# --- pairs, the secret mistakes only diagnose knows, the clock, the formats ---------------

CRLF_REQUEST: dict[str, object] = {
    "scheme": "actionstreamer",
    "method": "PUT",
    "path": "/v1/devices/",
    "body": "line1\nline2\n",
    "secret": SECRET,
}
AXLE: dict[str, object] = {
    "scheme": "apiaxle",
    "api_key": "my key",
    "secret": "bob-the-builder",
    "timestamp": 1700000000,
}
TIMED: dict[str, object] = {
    "scheme": "actionstreamer",
    "method": "GET",
    "path": "/v1/streams",
    "headers": [["X-Timestamp", "1700000000"], ["Accept", "*/*"]],
    "params": {"page": "2"},
    "secret": SECRET,
}


def timed(stamp: str) -> str:
    return tutorial("GET", "/v1/streams", f"Accept: */*\nX-Timestamp: {stamp}", "page: 2", "")


def sha256(message: str, key: str = SECRET, form: str = "hex") -> Signed:
    return Signed(message.encode("utf-8"), key, "sha256", form)


def sha1(message: str, key: str = "bob-the-builder", form: str = "hex") -> Signed:
    return Signed(message.encode("utf-8"), key, "sha1", form)


@dataclass(frozen=True)
class Case:
    payload: dict[str, object]
    signed: Signed
    first: list[str]
    #: Words the first explanation's summary must contain.
    says: tuple[str, ...] = ()


#: Mistakes test_mistakes.py's tables only show as harmless, or as twins of another.
ALONE_CASES = {
    "body without its final newline": Case(
        {**CRLF_REQUEST, "headers": {"Accept": "*/*"}},
        sha256("PUT\n/v1/devices\nAccept: */*\n\nline1\nline2"),
        ["body_trailing_newline_removed"],
    ),
    "JSON re-serialized with spaces": Case(
        {**CRLF_REQUEST, "body": '{"a":1,"b":[1,2]}'},
        sha256('PUT\n/v1/devices\n\n\n{"a": 1, "b": [1, 2]}'),
        ["json_spaced"],
    ),
}

EXTRA_CASES = {
    "secret with a trailing CRLF": Case(
        JSON_REQUEST, sha256(JSON_CORRECT, SECRET + "\r\n"), ["secret_trailing_crlf"]
    ),
    "secret with a trailing space": Case(
        JSON_REQUEST, sha256(JSON_CORRECT, SECRET + " "), ["secret_trailing_space"]
    ),
    "secret with a leading space": Case(
        JSON_REQUEST, sha256(JSON_CORRECT, " " + SECRET), ["secret_leading_space"]
    ),
}

PAIR_CASES = {
    "trailing slash and CRLF body": Case(
        CRLF_REQUEST,
        sha256("PUT\n/v1/devices/\n\n\nline1\r\nline2\r\n"),
        ["keep_trailing_slash", "body_crlf"],
        ("signed the path with its trailing slash (`/v1/devices/`)", "CRLF line endings"),
    ),
    "unsorted headers and a secret with a newline": Case(
        JSON_REQUEST,
        sha256(
            tutorial(
                "POST",
                "/v1/devices",
                "X-Nonce: n-1\nAccept: application/json\nContent-Type: application/json",
                P,
                B,
            ),
            SECRET + "\n",
        ),
        ["headers_unsorted", "secret_trailing_newline"],
    ),
    "trailing slash and the SDK's string": Case(
        JSON_REQUEST,
        sha256(
            "POST\n/v1/devices/\nAccept: application/json\nX-Nonce: n-1\n\n"
            "Z: 9\na: 1\nb: x y\n\n" + B
        ),
        ["keep_trailing_slash", "other_variant"],
    ),
    "a param left out, hashed with SHA-512": Case(
        JSON_REQUEST,
        Signed(tutorial("POST", "/v1/devices", H, "Z: 9\nb: x y", B).encode(), SECRET, "sha512"),
        ["omit_param:a", "wrong_hash:sha512"],
    ),
    "Python's default json.dumps, sent in base64": Case(
        {**CRLF_REQUEST, "body": '{"name":"caf\u00e9","n":1}'},
        sha256('PUT\n/v1/devices\n\n\n{"name": "caf\\u00e9", "n": 1}', form="base64"),
        ["json_spaced", "json_ascii_escaped", "output_base64"],
    ),
    "key before the epoch, secret with a newline": Case(
        AXLE,
        sha1("my key1700000000", "bob-the-builder\n"),
        ["key_first", "secret_trailing_newline"],
    ),
}

CLOCK_CASES = {
    "apiaxle 5 s ahead": Case(
        AXLE, sha1("1700000005my key"), ["clock_outside_window"], ("5 s ahead",)
    ),
    "apiaxle 5 s behind": Case(
        AXLE, sha1("1699999995my key"), ["clock_outside_window"], ("5 s behind",)
    ),
    "apiaxle 3600 s ahead": Case(
        AXLE,
        sha1("1700003600my key"),
        ["clock_outside_window"],
        ("3600 s ahead", "a timezone bug?"),
    ),
    "apiaxle a day behind": Case(
        AXLE, sha1("1699913600my key"), ["clock_outside_window"], ("86400 s behind",)
    ),
    "apiaxle milliseconds": Case(
        AXLE, sha1("1700000000123my key"), ["epoch_milliseconds"], ("`1700000000123`",)
    ),
    "apiaxle milliseconds 3 s ahead": Case(
        AXLE, sha1("1700000003999my key"), ["epoch_milliseconds"], ("3 s ahead",)
    ),
    "apiaxle Date.now() / 1000": Case(
        AXLE, sha1("1700000000.125my key"), ["epoch_fractional"], ("`1700000000.125`",)
    ),
    "apiaxle client signed its own time, 2 h off the server's": Case(
        {**AXLE, "timestamp": 1700007200, "server_time": 1700000000},
        sha1("1700007200my key"),
        ["clock_outside_window"],
        ("7200 s ahead of the server's clock", "Off by 2 h: a timezone bug?"),
    ),
    "apiaxle inside the window, upper-case hex": Case(
        AXLE, sha1("1700000002my key", form="hex_upper"), ["output_hex_upper"]
    ),
    "X-Timestamp 5 s ahead": Case(
        TIMED, sha256(timed("1700000005")), ["timestamp_changed"], ("5 s ahead",)
    ),
    "X-Timestamp 5 s behind": Case(
        TIMED, sha256(timed("1699999995")), ["timestamp_changed"], ("5 s behind",)
    ),
    "X-Timestamp 3600 s ahead": Case(
        TIMED,
        sha256(timed("1700003600")),
        ["timestamp_changed"],
        ("3600 s ahead", "a timezone bug?"),
    ),
    "X-Timestamp 5.5 h behind": Case(
        TIMED, sha256(timed("1699980200")), ["timestamp_changed"], ("Off by 5.5 h",)
    ),
    "X-Timestamp in milliseconds": Case(
        TIMED, sha256(timed("1700000000456")), ["timestamp_milliseconds"], ("milliseconds",)
    ),
    "X-Timestamp fractional": Case(
        TIMED, sha256(timed("1700000000.5")), ["timestamp_fractional"], ("`1700000000.5`",)
    ),
}

FORM_CASES = {
    form: Case(JSON_REQUEST, sha256(JSON_CORRECT, form=form), first)
    for form, first in {
        "hex_upper": ["output_hex_upper"],
        "base64": ["output_base64"],
        "base64url_unpadded": ["output_base64url"],
        "sha256_prefix": ["signature_prefix"],
        "hmac_prefix_base64": ["signature_prefix", "output_base64"],
    }.items()
}

#: What the server received from a `requests` client behind a proxy that added a port.
RECEIVED: dict[str, object] = {
    "scheme": "actionstreamer",
    "method": "GET",
    "path": "/v1/streams",
    "headers": [
        ["Host", "api.example.com:8443"],
        ["X-Forwarded-Host", "api.example.com"],
        ["User-Agent", "python-requests/2.31.0"],
        ["Accept-Encoding", "gzip, deflate"],
        ["Accept", "*/*"],
        ["Connection", "keep-alive"],
        ["X-Nonce", "n-1"],
    ],
    "params": {"page": "2"},
    "secret": SECRET,
}
LIBRARY = "Accept-Encoding: gzip, deflate\nConnection: keep-alive\n"
AGENT = "User-Agent: python-requests/2.31.0\nX-Forwarded-Host: api.example.com\nX-Nonce: n-1"


def received(headers: str) -> str:
    return tutorial("GET", "/v1/streams", headers, "page: 2", "")


HEADER_CASES = {
    "Accept: */* added by the HTTP library": Case(
        RECEIVED,
        sha256(received(LIBRARY + "Host: api.example.com:8443\n" + AGENT)),
        ["header_not_signed:Accept"],
        ("did not sign the header `Accept: */*`",),
    ),
    "all the HTTP library's headers": Case(
        RECEIVED,
        sha256(received("X-Forwarded-Host: api.example.com\nX-Nonce: n-1")),
        ["library_headers_not_signed"],
        ("`Accept: */*`", "`User-Agent: python-requests/2.31.0`"),
    ),
    "Host rewritten by a proxy": Case(
        RECEIVED,
        sha256(received("Accept: */*\n" + LIBRARY + "Host: api.example.com\n" + AGENT)),
        ["header_changed_in_transit:Host: api.example.com"],
        ("signed `Host: api.example.com`, but the server received `Host: api.example.com:8443`",),
    ),
    "Host rewritten, and Accept added": Case(
        RECEIVED,
        sha256(received(LIBRARY + "Host: api.example.com\n" + AGENT)),
        ["header_not_signed:Accept", "header_changed_in_transit:Host: api.example.com"],
    ),
    "Host from Forwarded: host=": Case(
        {
            **RECEIVED,
            "headers": [
                ["Host", "internal:8080"],
                ["Forwarded", 'for=192.0.2.1;host="shop.example";proto=https'],
            ],
        },
        sha256(
            received('Forwarded: for=192.0.2.1;host="shop.example";proto=https\nHost: shop.example')
        ),
        ["header_changed_in_transit:Host: shop.example"],
    ),
    "a port the proxy stripped": Case(
        {**RECEIVED, "headers": [["Host", "api.example.com"], ["X-Nonce", "n-1"]]},
        sha256(received("Host: api.example.com:443\nX-Nonce: n-1")),
        ["header_changed_in_transit:Host: api.example.com:443"],
    ),
    "X-Original-Accept restored": Case(
        {**RECEIVED, "headers": [["Accept", "*/*"], ["X-Original-Accept", "application/json"]]},
        sha256(received("Accept: application/json\nX-Original-Accept: application/json")),
        ["header_changed_in_transit:Accept: application/json"],
    ),
}

NAMED = {**HEADER_CASES, **ALONE_CASES, **EXTRA_CASES, **PAIR_CASES, **CLOCK_CASES, **FORM_CASES}


@pytest.fixture(scope="module")
def hexes() -> dict[Signed, str]:
    """Every signature in this module, from the JavaScript reference in one run."""
    signed = list(
        dict.fromkeys([s for _, _, s in CATALOGUE] + [case.signed for case in NAMED.values()])
    )
    return dict(zip(signed, node.hmac_hex([s.triple() for s in signed]), strict=True))


@pytest.mark.parametrize(
    ("case", "mistake_id", "signed"), CATALOGUE, ids=[f"{c}-{m}" for c, m, _ in CATALOGUE]
)
def test_every_catalogue_mistake_is_named_first(
    hexes: dict[Signed, str], case: str, mistake_id: str, signed: Signed
) -> None:
    payload = CASES[case][0]
    result = run(payload, written(hexes[signed], signed.form))
    assert result.match is False
    first = result.explanations[0] if result.explanations else None
    assert first is not None, result.message
    twins = _twins(case, mistake_id)
    assert [cause.id for cause in first.causes] in [[twin] for twin in twins]
    assert [mistake_id] in [[c.id for c in e.causes] for e in result.explanations]
    assert first.outcome.string_to_sign == CASES[case][1][mistake_id].string
    assert first.outcome.signature.hex == hexes[signed]


def test_every_catalogue_mistake_is_first_on_its_own_somewhere() -> None:
    """No mistake is only ever found through a twin that signs the same string."""
    alone: dict[str, set[str]] = {name: set() for name in SCHEMES}
    for case, mistake_id, _ in CATALOGUE:
        if _twins(case, mistake_id) == {mistake_id}:
            alone[str(CASES[case][0]["scheme"])].add(mistake_id.split(":")[0])
    for named in ALONE_CASES.values():
        alone[str(named.payload["scheme"])].update(named.first)
    alone["aws-sigv4"].update(SIGV4_FIRST)  # planted on botocore's strings in test_sigv4.py
    shared = {m.id for m in common_mistakes("hex")}  # one piece of code for every scheme
    anywhere = set().union(*alone.values()) & shared
    for scheme in SCHEMES.values():
        if scheme in described.SCHEMES:  # test_described_mistakes.py exercises them
            continue
        assert {m.id for m in scheme.mistakes} - anywhere == alone[scheme.name] - anywhere


@pytest.mark.parametrize("name", NAMED)
def test_pairs_clock_and_formats_are_named_first(hexes: dict[Signed, str], name: str) -> None:
    case = NAMED[name]
    result = run(case.payload, written(hexes[case.signed], case.signed.form))
    assert result.match is False
    assert first_mistakes(result) == case.first
    first = result.explanations[0]
    assert first.outcome.string_to_sign.encode("utf-8") == case.signed.message
    assert first.outcome.signature.hex == hexes[case.signed]
    for words in case.says:
        assert words in first.summary


def test_a_pair_is_explained_in_plain_words(hexes: dict[Signed, str]) -> None:
    case = PAIR_CASES["trailing slash and CRLF body"]
    result = run(case.payload, hexes[case.signed])
    first = result.explanations[0]
    assert first.summary == (
        "Your client signed the path with its trailing slash (`/v1/devices/`) and the body "
        "with CRLF line endings."
    )
    assert "Strip one trailing `/`" in first.fix
    assert [cause.step for cause in first.causes] == ["normalize_path", "body"]
    assert first.to_dict()["steps"] == ["normalize_path", "body"]


@pytest.mark.parametrize(
    ("name", "summary"),
    [
        (
            "Python's default json.dumps, sent in base64",
            "Your client signed Python's default `json.dumps(body)` (`, ` and `: ` separators, "
            "non-ASCII characters escaped as `\\uXXXX`) and sent the signature in base64.",
        ),
        (
            "unsorted headers and a secret with a newline",
            "Your client signed the headers in the order it sent them and with the secret plus "
            "a trailing newline.",
        ),
    ],
)
def test_pairs_read_as_one_sentence(hexes: dict[Signed, str], name: str, summary: str) -> None:
    case = PAIR_CASES[name]
    result = run(case.payload, written(hexes[case.signed], case.signed.form))
    assert result.explanations[0].summary == summary


def test_the_right_signature_matches_whitespace_and_all(hexes: dict[Signed, str]) -> None:
    right = hexes[FORM_CASES["hex_upper"].signed]  # the correct string, signed by Node
    for signature in (right, written(right, "whitespace")):
        result = run(JSON_REQUEST, signature)
        assert result.match is True
        assert result.explanations == ()
        assert result.to_dict()["signature_format"]["accepted"] is True  # type: ignore[index]


def test_apiaxle_matches_any_second_in_the_gateway_window(hexes: dict[Signed, str]) -> None:
    inside = CLOCK_CASES["apiaxle inside the window, upper-case hex"].signed
    assert run(AXLE, hexes[inside]).match is True
    assert run({**AXLE, "window": None}, hexes[inside]).match is False


def test_nothing_explains_a_random_signature() -> None:
    result = run(TIMED, "5f" * 32)
    assert result.match is False
    assert result.explanations == ()
    assert result.tried > 1000
    assert f"{result.tried} hypotheses tried" in result.message
    assert "compare it with the string to sign" in result.message


def test_a_huge_request_narrows_the_clock_search(
    hexes: dict[Signed, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each try costs the string's tail plus a block: this budget buys about 30 tries.
    monkeypatch.setattr(search_module, "CLOCK_BUDGET", 30 * (len(timed("x")) + 64))
    near = run(TIMED, hexes[CLOCK_CASES["X-Timestamp 5 s ahead"].signed])
    assert first_mistakes(near) == ["timestamp_changed"]
    far = run(TIMED, hexes[CLOCK_CASES["X-Timestamp 3600 s ahead"].signed])
    assert far.explanations == ()
    assert "cut short" in far.message


FORMATS = [
    # (written as, form, prefix, padded, whitespace)
    ("hex", "hex", None, None, False),
    ("hex_upper", "hex_upper", None, None, False),
    ("base64", "base64", None, True, False),
    ("base64url_unpadded", "base64url", None, False, False),
    ("sha256_prefix", "hex", "sha256=", None, False),
    ("hmac_prefix_base64", "base64", "HMAC-SHA256 ", True, False),
    ("whitespace", "hex", None, None, True),
]


@pytest.mark.parametrize(("how", "form", "prefix", "padded", "whitespace"), FORMATS)
def test_signature_formats_are_read(
    how: str, form: str, prefix: str | None, padded: bool | None, whitespace: bool
) -> None:
    digest = b"\xfb\xff" * 16  # base64 `+/+/`, base64url `-_-_`
    parsed = parse_signature(written(digest.hex(), how))
    assert parsed.digest == digest
    assert (parsed.form, parsed.prefix, parsed.padded, parsed.whitespace) == (
        form,
        prefix,
        padded,
        whitespace,
    )
    assert parsed.algorithm == "sha256"


@pytest.mark.parametrize(
    ("text", "algorithm"),
    [
        ("SHA1=" + "ab" * 20, "sha1"),
        ("v0=" + "ab" * 64, "sha512"),
        ("v1=" + base64.b64encode(b"\1" * 20).decode().rstrip("="), "sha1"),
        ("hmac-sha512\t" + "0" * 128, "sha512"),
    ],
)
def test_prefixes_are_case_insensitive_and_the_length_names_the_hash(
    text: str, algorithm: str
) -> None:
    assert parse_signature(text).algorithm == algorithm


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "required"),
        (42, "must be a string"),
        ("   \n", "empty"),
        ("sha256=", "empty"),
        ("ab" * 31, "62 hex characters"),
        ("zz" * 20, "decodes to 30 bytes"),
        ('"' + "ab" * 32 + '"', "'\"'"),
        ("ab+c_" * 8, "mix"),
        ("a" * 2000, "2000 characters"),
    ],
    ids=[
        "missing",
        "number",
        "blank",
        "prefix only",
        "hex one byte short",
        "base64 of no digest size",
        "quoted",
        "mixed alphabets",
        "huge",
    ],
)
def test_garbage_is_an_input_error_not_a_search(value: object, words: str) -> None:
    with pytest.raises(InputError) as caught:
        run(JSON_REQUEST, value)  # type: ignore[arg-type]
    assert caught.value.field == "signature"
    assert words in caught.value.message


def test_a_re_serialized_body_names_both_places_without_assuming_middleware(
    hexes: dict[Signed, str],
) -> None:
    case = ALONE_CASES["JSON re-serialized with spaces"]
    fix = run(case.payload, hexes[case.signed]).explanations[0].fix
    assert "the client" in fix
    assert "something in between" in fix
    assert "Log the raw body your client sends" in fix
    added = HEADER_CASES["Accept: */* added by the HTTP library"]
    header_fix = run(added.payload, hexes[added.signed]).explanations[0].fix
    assert "HTTP library" in header_fix
    assert "or by a proxy" in header_fix
    assert "log the raw request your client sends" in header_fix


def test_a_day_wide_window_over_an_8_kb_key_is_bounded() -> None:
    """It took 15 s and 3 GB when every candidate string was kept: the cap is generous."""
    payload = {
        "scheme": "apiaxle",
        "api_key": "k" * 8192,
        "secret": "s" * 8192,
        "timestamp": 1700000000,
        "window": 86400,
    }
    given = parse_sign_input(payload)
    tracemalloc.start()
    try:
        result = diagnose(given.scheme, given.recipe, "0" * 40, given.context)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20
    assert result.explanations == ()
    assert result.skipped > 0
    total = result.tried + result.skipped
    assert f"it searched {result.tried} of up to {total} hypotheses" in result.message
    # The server's own window comes first: the client's very second is still found.
    found = diagnose(given.scheme, given.recipe, node_sha1(payload), given.context)
    assert found.match is True


def node_sha1(payload: dict[str, object]) -> str:
    message = f"{payload['timestamp']}{payload['api_key']}".encode()
    [hex_value] = node.hmac_hex([("sha1", str(payload["secret"]).encode(), message)])
    return hex_value


def test_500_headers_pair_linearly_not_quadratically() -> None:
    headers = [[f"X-H{index:03d}", "v"] for index in range(500)]
    given = parse_sign_input({**RECEIVED, "headers": headers}, limits=Limits(headers=500))
    result = diagnose(given.scheme, given.recipe, "5f" * 32)
    assert result.explanations == ()
    # 500 headers left unsigned, and the one param left out.
    assert "gives 501 per-header and per-param mistakes: pairs of two of them were tried " in (
        result.message
    )
    # Singles, plus each of ~30 catalogue mistakes with every header, plus 16 x 16 headers:
    # far from the 125,000 pairs of 500 headers.
    assert result.tried + result.skipped < 50 * 500


def test_every_mistake_declares_its_words() -> None:
    mistakes = [m for scheme in SCHEMES.values() for m in scheme.mistakes]
    mistakes += [*diagnose_module.EXTRA_MISTAKES, *diagnose_module.OBSERVED_MISTAKES]
    mistakes += HEADER_MISTAKES
    mistakes += [m for s in SCHEMES.values() if s.clock for m in s.clock.mistakes.values()]
    assert len(mistakes) > 40
    assert [m.id for m in mistakes if not (m.clause and m.fix)] == []


@pytest.mark.parametrize(
    ("headers", "targets"),
    [
        ([["Host", "[::1]:8443"]], ["Host: [::1]"]),
        (
            [["Host", "h"], ["X-Forwarded-Port", "8443"]],
            ["Host: h:8443", "Host: h:443", "Host: h:80"],
        ),
        (
            [["Host", "in:80"], ["X-Forwarded-Host", "a.example, b.example"]],
            ["Host: a.example", "Host: in"],
        ),
        (
            [["Host", "in"], ["Forwarded", "for=x;HOST=a.example, host=b"]],
            ["Host: a.example", "Host: in:443", "Host: in:80"],
        ),
        ([["x-original-accept", "text/html"], ["Accept", "*/*"]], ["Accept: text/html"]),
        ([["X-Forwarded-For", "192.0.2.1"], ["X-Forwarded-Proto", "https"]], []),
    ],
    ids=["ipv6 port", "forwarded port", "first proxy", "Forwarded host=", "any header", "none"],
)
def test_headers_changed_in_transit_are_restored(
    headers: list[list[str]], targets: list[str]
) -> None:
    given = parse_sign_input({**RECEIVED, "headers": headers})
    [changed] = [m for m in HEADER_MISTAKES if m.id == "header_changed_in_transit"]
    assert [target for target, _ in changed.apply(given.recipe)] == targets


def test_library_defaults_need_two_and_keep_a_chosen_accept() -> None:
    [library] = [m for m in HEADER_MISTAKES if m.id == "library_headers_not_signed"]
    one = parse_sign_input({**RECEIVED, "headers": [["Accept", "*/*"], ["X-Nonce", "n"]]})
    assert library.apply(one.recipe) == []
    many = parse_sign_input(
        {
            **RECEIVED,
            "headers": [["Accept", "application/json"], ["User-Agent", "curl/8"], ["TE", "x"]],
        }
    )
    [(_, recipe)] = library.apply(many.recipe)
    assert recipe.request.headers == (("Accept", "application/json"),)
