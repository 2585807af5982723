"""RFC 9421's mistake lens, written out by hand: for one request that gives every mistake
something to change, the base each mistaken client signs, line by line.

``tests/unit/test_mistakes.py`` checks the lens against this table (every entry, signed by the
JavaScript reference's HMAC) and ``tests/unit/test_diagnose.py`` diagnoses each mistaken
signature. This module imports neither, so both can import it.
"""

from __future__ import annotations

from typing import Any

from app.core.inputs import parse_sign_input
from app.core.signing import sign

SECRET = "rfc9421 demo secret!"  # neither base64 nor hex: read as text only
BODY = '{"id": 7, "qty": 2}'
DIGEST = "sha-256=:oKkFeLUHn7Repgt6MxTDgXPmcS9ifRKB1V8kND5uGio=:"

LENS_REQUEST: dict[str, object] = {
    "scheme": "rfc9421",
    "method": "POST",
    "path": "/v1/items/%7Ea",
    "origin": "https://api.example.com",
    "query": "b=x%20y&a=1",
    "params": [["b", "x y"], ["a", "1"]],
    "headers": [
        ["X-Multi", " first"],
        ["X-Multi", "second"],
        ["X-Forwarded-Host", "internal.example"],
        ["Content-Digest", DIGEST],
    ],
    "body": BODY,
    "components": (
        '"@method" "@authority" "@target-uri" "@path" "@query" "x-multi" "content-digest"'
    ),
    "created": 1700000000,
    "keyid": "shop-key",
    "secret": SECRET,
}

M = '"@method": POST'
A = '"@authority": api.example.com'
T = '"@target-uri": https://api.example.com/v1/items/%7Ea?b=x%20y&a=1'
P = '"@path": /v1/items/%7Ea'
Q = '"@query": ?b=x%20y&a=1'
X = '"x-multi": first, second'
C = f'"content-digest": {DIGEST}'
LIST = '("@method" "@authority" "@target-uri" "@path" "@query" "x-multi" "content-digest")'
S = f'"@signature-params": {LIST};created=1700000000;keyid="shop-key"'


def base(*lines: str) -> str:
    return "\n".join(lines)


CORRECT = base(M, A, T, P, Q, X, C, S)

CAVAGE = base(
    "(request-target): post /v1/items/%7Ea?b=x%20y&a=1",
    "host: api.example.com",
    "x-multi: first, second",
    f"content-digest: {DIGEST}",
    "(created): 1700000000",
)

#: mistake id -> ``Expect`` fields: the string signed, and how it is keyed, hashed and sent.
LENS_TABLE: dict[str, dict[str, Any]] = {
    "components_sorted": {"string": base(A, M, P, Q, T, C, X, S)},
    "alg:added": {"string": base(M, A, T, P, Q, X, C, S + ';alg="hmac-sha256"')},
    "content_digest_uncovered": {
        "string": base(
            M,
            A,
            T,
            P,
            Q,
            X,
            S.replace(' "content-digest"', ""),
        )
    },
    "authority_default_port": {
        "string": base(M, A + ":443", T, P, Q, X, C, S),
    },
    "authority_forwarded": {
        "string": base(M, '"@authority": internal.example', T, P, Q, X, C, S),
    },
    "target_uri_port": {
        "string": base(M, A, T.replace(".com/", ".com:443/"), P, Q, X, C, S),
    },
    "field_untrimmed": {"string": base(M, A, T, P, Q, '"x-multi":  first, second', C, S)},
    "field_lines_not_joined": {"string": base(M, A, T, P, Q, '"x-multi": second', C, S)},
    "query_reencoded": {
        "string": base(M, A, T.replace("x%20y", "x+y"), P, '"@query": ?b=x+y&a=1', X, C, S),
    },
    "path_decoded": {
        "string": base(M, A, T.replace("%7Ea", "~a"), '"@path": /v1/items/~a', Q, X, C, S),
    },
    "base_trailing_newline": {"string": CORRECT + "\n"},
    "draft_cavage": {"string": CAVAGE},
    "keyid_as_key": {"string": CORRECT, "key": "shop-key"},
    "output_hex": {"string": CORRECT, "sent": "hex"},
    "secret_trailing_newline": {"string": CORRECT, "key": SECRET + "\n"},
    "secret_surrounding_spaces": {"string": CORRECT, "key": f" {SECRET} "},
    "wrong_hash:sha1": {"string": CORRECT, "algorithm": "sha1"},
    "wrong_hash:sha512": {"string": CORRECT, "algorithm": "sha512"},
    "message_latin1": {"string": CORRECT, "changes": False},
    "output_hex_upper": {"string": CORRECT, "sent": "hex_upper"},
}
for _entry in LENS_TABLE.values():
    _entry.setdefault("sent", "base64")


def test_the_table_starts_from_the_correct_base() -> None:
    given = parse_sign_input(LENS_REQUEST)
    assert sign(given.scheme, given.recipe, with_lens=False).outcome.string_to_sign == CORRECT


def test_a_request_without_what_a_mistake_changes_keeps_it_out_of_the_lens() -> None:
    plain = {**LENS_REQUEST, "components": '"@method" "@path"', "headers": [], "query": ""}
    given = parse_sign_input({**plain, "params": []})
    lens = {entry.instance.id for entry in sign(given.scheme, given.recipe).mistakes or ()}
    absent = {
        "authority_default_port",
        "authority_forwarded",
        "target_uri_port",
        "field_untrimmed",
        "field_lines_not_joined",
        "query_reencoded",
        "content_digest_uncovered",
    }
    assert not lens & absent
    assert {"components_sorted", "alg:added", "draft_cavage", "path_decoded"} <= lens
