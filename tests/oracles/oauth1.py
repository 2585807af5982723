"""The OAuth 1.0a oracle: oauthlib 4.0.1 computes each vector case's expected values.

The server side (``signature.collect_parameters``, ``normalize_parameters``,
``base_string_uri``, ``signature_base_string``, ``sign_hmac_sha1_with_client`` /
``sign_hmac_sha256_with_client``) builds every step from the request as it travels, its
``Authorization`` header written by oauthlib's ``parameters.prepare_headers`` (or its query
or body by ``prepare_request_uri_query`` / ``prepare_form_encoded_body``). Where oauthlib's
``Client`` can make the request (it always sends ``oauth_version=1.0``, and adds
``oauth_body_hash`` to a non-form body), ``Client.sign`` with the case's nonce and timestamp
signs it too, and must agree.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from oauthlib.common import extract_params, urldecode
from oauthlib.oauth1 import Client
from oauthlib.oauth1.rfc5849 import parameters, signature, utils

FORM = "application/x-www-form-urlencoded"

#: The protocol parameters in the order oauthlib's ``Client`` writes them.
PROTOCOL = (
    ("oauth_nonce", "oauth_nonce"),
    ("oauth_timestamp", "timestamp"),
    ("oauth_version", "oauth_version"),
    ("oauth_signature_method", "oauth_signature_method"),
    ("oauth_consumer_key", "api_key"),
    ("oauth_token", "oauth_token"),
    ("oauth_callback", "oauth_callback"),
    ("oauth_verifier", "oauth_verifier"),
    ("oauth_body_hash", "oauth_body_hash"),
)

SIGNERS = {
    "HMAC-SHA1": signature.sign_hmac_sha1_with_client,
    "HMAC-SHA256": signature.sign_hmac_sha256_with_client,
}

DECODERS = {
    "text": lambda secret: secret,
    "base64": lambda secret: base64.b64decode(secret).decode("utf-8"),
    "hex": lambda secret: bytes.fromhex(secret).decode("utf-8"),
}


def _pairs(value: Any) -> list[tuple[str, str]]:
    if not value:
        return []
    if isinstance(value, dict):
        return [(str(name), str(text)) for name, text in value.items()]
    return [(str(name), str(text)) for name, text in value]


def _oauth_params(case: dict[str, Any]) -> list[tuple[str, str]]:
    values = {
        "oauth_signature_method": case.get("oauth_signature_method", "HMAC-SHA1"),
        "oauth_version": ""
        if case.get("oauth_version") == "none"
        else case.get("oauth_version", "1.0"),
        "timestamp": str(case["timestamp"]),
    }
    found = []
    for parameter, name in PROTOCOL:
        value = values[name] if name in values else case.get(name, "")
        if value:
            found.append((parameter, str(value)))
    return found


def _masked(length: int, what: str) -> str:
    return f"[{what}: {length} characters]" if length else f"[{what}: empty]"


def _key_step(consumer: str, token: str) -> str:
    first, second = utils.escape(consumer), utils.escape(token)
    total = len(first) + 1 + len(second)
    return (
        f"{_masked(len(first), 'consumer secret')}&{_masked(len(second), 'token secret')}"
        f" = {total} bytes"
    )


def _client_signature(
    case: dict[str, Any], uri: str, headers: dict[str, str], body: str | None, secret: str
) -> str | None:
    """What ``Client.sign`` sends as ``oauth_signature`` (decoded), or ``None`` when the
    client cannot make this request."""
    placement = case.get("placement", "header")
    is_form = headers.get("Content-Type") == FORM
    expects_hash = bool(body) and "Content-Type" in headers and not is_form
    if (
        case.get("oauth_version", "1.0") != "1.0"
        or bool(case.get("oauth_body_hash")) != expects_hash
    ):
        return None
    if not is_form and (placement == "body" or extract_params(body or None)):
        return None  # the client refuses a body of pairs sent as another type
    client = Client(
        case.get("api_key", ""),
        client_secret=secret,
        resource_owner_key=case.get("oauth_token") or None,
        resource_owner_secret=case.get("token_secret") or None,
        callback_uri=case.get("oauth_callback") or None,
        verifier=case.get("oauth_verifier") or None,
        realm=case.get("realm") or None,
        signature_method=case.get("oauth_signature_method", "HMAC-SHA1"),
        signature_type={"header": "AUTH_HEADER", "query": "QUERY", "body": "BODY"}[placement],
        nonce=case.get("oauth_nonce") or None,
        timestamp=str(case["timestamp"]),
    )
    signed_uri, signed_headers, signed_body = client.sign(
        uri, case.get("method", "GET"), body or None, dict(headers)
    )
    if placement == "header":
        items = dict(utils.parse_authorization_header(signed_headers["Authorization"]))
        return utils.unescape(items["oauth_signature"])
    source = urlsplit(signed_uri).query if placement == "query" else signed_body
    return dict(urldecode(source))["oauth_signature"]


def expected(case: dict[str, Any], client: bool = True) -> dict[str, Any]:
    """The case's ``expected``: every step, the base string and the signature. ``client``
    false skips ``Client.sign`` (a test that swaps one of oauthlib's functions for a
    mistaken rule changes the server side only)."""
    method = case.get("method", "GET")
    headers = dict(_pairs(case.get("headers")))
    params = _pairs(case.get("params"))
    body = case.get("body", "")
    secret = DECODERS[case.get("secret_encoding", "text")](case["secret"])
    token_secret = case.get("token_secret", "")
    placement = case.get("placement", "header")
    origin = case["origin"]
    query = urlencode(params, quote_via=quote)
    uri = origin + case.get("path", "") + (f"?{query}" if query else "")
    oauth = _oauth_params(case)
    is_form = headers.get("Content-Type") == FORM
    sent_headers, sent_uri, sent_body = dict(headers), uri, body if is_form else None
    if placement == "header":
        sent_headers = parameters.prepare_headers(oauth, headers, realm=case.get("realm"))
    elif placement == "query":
        sent_uri = parameters.prepare_request_uri_query(oauth, uri)
    else:
        sent_body = parameters.prepare_form_encoded_body(oauth, urldecode(body or ""))
    collected = signature.collect_parameters(
        uri_query=urlsplit(sent_uri).query, body=sent_body, headers=sent_headers
    )
    normalized = signature.normalize_parameters(collected)
    base_uri = signature.base_string_uri(sent_uri)
    base_string = signature.signature_base_string(method, base_uri, normalized)
    method_name = case.get("oauth_signature_method", "HMAC-SHA1")
    keys = SimpleNamespace(client_secret=secret, resource_owner_secret=token_secret)
    sent = SIGNERS[method_name](base_string, keys)
    by_client = _client_signature(case, uri, headers, body, secret) if client else None
    if by_client is not None:
        assert by_client == sent, "oauthlib's Client and its server side disagree"
    digest = binascii.a2b_base64(sent)
    return {
        "steps": {
            "collect_params": "\n".join(f"{k}={v}" for k, v in collected),
            "encode_params": "\n".join(
                f"{utils.escape(k)}={utils.escape(v)}" for k, v in collected
            ),
            "normalize_params": normalized,
            "base_uri": base_uri,
            "signing_key": _key_step(secret, token_secret),
            "base_string": base_string,
        },
        "string_to_sign": base_string,
        "signature": {"hex": digest.hex(), "base64": sent},
        "client_agrees": by_client is not None,
    }


def body_hash(body: str) -> str:
    """draft-eaton-oauth-bodyhash's value, as oauthlib's ``Client`` computes it."""
    return base64.b64encode(hashlib.sha1(body.encode("utf-8")).digest()).decode()  # noqa: S324
