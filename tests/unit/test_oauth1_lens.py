"""OAuth 1.0a's lens tables, for ``test_mistakes.py`` (the lens) and ``test_diagnose.py``
(each mistake named first): every mistaken base string and key, for three requests.

Each string is oauthlib's (4.0.1): its ``signature_base_string`` of the request as the
mistaken client builds it, the request changed (a parameter left out, a version added) or
one of oauthlib's functions swapped for the mistaken rule (``utils.escape`` for
``encodeURIComponent``, ``base_string_uri`` keeping the port). Each key is written out by
hand, ``enc(consumer secret)&enc(token secret)``. The signatures come from the JavaScript
reference, as for the other schemes.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from tests.oracles.oauth1 import body_hash, expected
from tests.oracles.oauth1_swapped import (
    base_uri_edited,
    encode_uri_component,
    escaping,
    form_encoded,
    planted,
    realm_collected,
)

Case = dict[str, Any]


@dataclass(frozen=True)
class Expect:
    """What ``test_mistakes.Expect`` holds (its tables read these fields)."""

    string: str
    changes: bool = True
    key: str | bytes | None = None
    algorithm: str | None = None
    message: bytes | None = None
    sent: str = "base64"


CONSUMER, TOKEN = "consumer-secret-0123", "token-secret-9876"
KEY = f"{CONSUMER}&{TOKEN}"

QUERY: Case = {
    "scheme": "oauth1",
    "method": "GET",
    "origin": "https://api.example.com",
    "path": "/%7Euser/photos",
    "params": [["q", "it's (very) good!"], ["tag", "b"], ["tag", "a"]],
    "api_key": "consumer-key-0123456789",
    "secret": CONSUMER,
    "oauth_token": "token-key-abcdefghij",
    "token_secret": TOKEN,
    "oauth_nonce": "n0nce0123456789abcdef",
    "timestamp": 1700000000,
    "realm": "Photos",
}
FORM: Case = {
    **QUERY,
    "method": "POST",
    "path": "/statuses/update.json",
    "params": [],
    "headers": [["Content-Type", "application/x-www-form-urlencoded"]],
    "body": "status=Hello+Ladies&lang=en",
    "oauth_token": "",
    "token_secret": "",
    "realm": "",
    "oauth_version": "none",
}
TEXT: Case = {
    **QUERY,
    "method": "PUT",
    "path": "/notes/1",
    "params": [],
    "realm": "",
    "headers": [["Content-Type", "text/plain"]],
    "body": "a=1&b=2",
}


#: The origin with the other scheme, as a client behind a TLS-ending proxy saw it.
HTTP = "http://api.example.com"

#: The query, as a client that left it in the base string URI wrote it.
QUERY_IN_URI = "?q=it%27s%20%28very%29%20good%21&tag=b&tag=a"


def base(case: Case) -> str:
    """oauthlib's signature base string for ``case``."""
    return str(expected(case, client=False)["string_to_sign"])


URI_COMPONENT = planted(lambda: escaping(encode_uri_component), base)
FORM_ENCODED = planted(lambda: escaping(form_encoded), base)
PORT_KEPT = planted(
    lambda: base_uri_edited(lambda uri: uri.replace("api.example.com", "api.example.com:443")),
    base,
)
REALM_SIGNED = planted(realm_collected, base)
#: ``consumer-secret-0123`` also reads as URL-safe base64: a client may have decoded it.
DECODED = quote(base64.urlsafe_b64decode(CONSUMER), safe="~")


def _common(case: Case, key: str, token: str) -> dict[str, Expect]:
    """The shared mistakes: the secret's, the hash's; ``key`` is the correct key, ``token``
    its part after the ``&``."""
    right = base(case)
    return {
        "secret_trailing_newline": Expect(right, key=f"{CONSUMER}%0A&{token}"),
        "secret_surrounding_spaces": Expect(right, key=f"%20{CONSUMER}%20&{token}"),
        "secret_decoded:base64": Expect(right, key=f"{DECODED}&{token}"),
        "api_key_as_secret": Expect(right, key=f"{case['api_key']}&{token}"),
        "wrong_hash:sha256": Expect(right, key=key, algorithm="sha256"),
        "wrong_hash:sha512": Expect(right, key=key, algorithm="sha512"),
        "message_latin1": Expect(right, changes=False, key=key),
        "output_hex": Expect(right, key=key, sent="hex"),
    }


QUERY_TABLE = {
    "encode_uri_component": Expect(URI_COMPONENT(QUERY), key=KEY),
    "form_encoding": Expect(FORM_ENCODED(QUERY), key=KEY),
    "query_left_out": Expect(base({**QUERY, "params": []}), key=KEY),
    "query_in_uri": Expect(
        planted(lambda: base_uri_edited(lambda uri: uri + QUERY_IN_URI), base)(QUERY),
        key=KEY,
    ),
    "realm_signed": Expect(REALM_SIGNED(QUERY), key=KEY),
    "params_collapsed": Expect(
        base({**QUERY, "params": [["q", "it's (very) good!"], ["tag", "a"]]}), key=KEY
    ),
    "version_left_out": Expect(base({**QUERY, "oauth_version": "none"}), key=KEY),
    "default_port_kept": Expect(PORT_KEPT(QUERY), key=KEY),
    "scheme_swapped": Expect(base({**QUERY, "origin": HTTP}), key=KEY),
    "path_unreserved_decoded": Expect(base({**QUERY, "path": "/~user/photos"}), key=KEY),
    "token_secret_forgotten": Expect(base(QUERY), key=f"{CONSUMER}&"),
    **_common(QUERY, KEY, TOKEN),
}

FORM_KEY = f"{CONSUMER}&"
FORM_TABLE = {
    "encode_uri_component": Expect(base(FORM), changes=False, key=FORM_KEY),
    "form_encoding": Expect(FORM_ENCODED(FORM), key=FORM_KEY),
    "body_left_out": Expect(base({**FORM, "headers": []}), key=FORM_KEY),
    "version_added": Expect(base({**FORM, "oauth_version": "1.0"}), key=FORM_KEY),
    "default_port_kept": Expect(PORT_KEPT(FORM), key=FORM_KEY),
    "scheme_swapped": Expect(base({**FORM, "origin": HTTP}), key=FORM_KEY),
    "ampersand_dropped": Expect(base(FORM), key=CONSUMER),
    **_common(FORM, FORM_KEY, ""),
}

TEXT_TABLE = {
    "encode_uri_component": Expect(base(TEXT), changes=False, key=KEY),
    "form_encoding": Expect(base(TEXT), changes=False, key=KEY),
    "body_included": Expect(base({**TEXT, "headers": FORM["headers"]}), key=KEY),
    "body_hash_added": Expect(base({**TEXT, "oauth_body_hash": body_hash("a=1&b=2")}), key=KEY),
    "version_left_out": Expect(base({**TEXT, "oauth_version": "none"}), key=KEY),
    "default_port_kept": Expect(PORT_KEPT(TEXT), key=KEY),
    "scheme_swapped": Expect(base({**TEXT, "origin": HTTP}), key=KEY),
    "token_secret_forgotten": Expect(base(TEXT), key=f"{CONSUMER}&"),
    **_common(TEXT, KEY, TOKEN),
}

#: For ``test_mistakes.CASES``: (request, table, the hash).
OAUTH1_CASES = {
    "oauth1_query": (QUERY, QUERY_TABLE, "sha1"),
    "oauth1_form": (FORM, FORM_TABLE, "sha1"),
    "oauth1_text_body": (TEXT, TEXT_TABLE, "sha1"),
}
