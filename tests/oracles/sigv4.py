"""The AWS SigV4 oracle: botocore 1.44.8 signs each vector case (test-only dependency).

``SigV4Auth`` / ``S3SigV4Auth`` sign the header form, ``SigV4QueryAuth`` /
``S3SigV4QueryAuth`` presign a URL; ``botocore.auth.get_current_datetime`` is patched to the
case's ``amz_date``. Every step comes from botocore's own functions: the canonical request
it builds (read line by line into its parts), its string to sign, its key chain
(``SigV4Auth._sign``) and the signature it puts in the ``Authorization`` header or the URL.
"""

from __future__ import annotations

import base64
import datetime
from types import SimpleNamespace
from typing import Any
from unittest import mock
from urllib.parse import parse_qsl, urlsplit

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SIGNERS = {
    ("header", False): botocore.auth.SigV4Auth,
    ("header", True): botocore.auth.S3SigV4Auth,
    ("presigned", False): botocore.auth.SigV4QueryAuth,
    ("presigned", True): botocore.auth.S3SigV4QueryAuth,
}


def _origin(case: dict[str, Any]) -> str:
    if case.get("origin"):
        return str(case["origin"])
    host = next(value for name, value in case.get("headers", []) if name.lower() == "host")
    return f"https://{host}"


def _request(case: dict[str, Any]) -> AWSRequest:
    headers = case.get("headers", [])
    params = [tuple(pair) for pair in case.get("params", [])]
    request = AWSRequest(
        method=case.get("method", "GET"),
        url=_origin(case) + case.get("path", ""),
        data=case.get("body", "").encode("utf-8"),
        params=dict(params) if case.get("variant") == "presigned" else params,
    )
    for name, value in headers:
        request.headers[name] = value  # HTTPHeaders: setting a name again adds a line
    if case.get("payload") == "UNSIGNED-PAYLOAD":
        request.context["payload_signing_enabled"] = False
        request.context["client_config"] = SimpleNamespace(s3={"payload_signing_enabled": False})
    return request


def _parts(canonical_request: str) -> dict[str, str]:
    """botocore's canonical request, read back into the steps it is joined from."""
    lines = canonical_request.split("\n")
    blank = lines.index("", 3)
    return {
        "canonical_uri": lines[1],
        "canonical_query": lines[2],
        "canonical_headers": "".join(line + "\n" for line in lines[3:blank]),
        "signed_headers": lines[blank + 1],
        "payload_hash": lines[blank + 2],
    }


def _secret(case: dict[str, Any]) -> str:
    """botocore takes the secret access key as text: an encoded one is decoded first."""
    decode = {
        "text": lambda text: text.encode("utf-8"),
        "base64": base64.b64decode,
        "hex": bytes.fromhex,
    }
    return decode[case.get("secret_encoding", "text")](case["secret"]).decode("utf-8")


def sign(case: dict[str, Any]) -> dict[str, Any]:
    """What botocore signs for ``case`` (an ``/api/v1/sign`` body): every step, the string
    to sign, the signature, and how it travels (the header or the URL)."""
    variant = case.get("variant", "header")
    service, region = case.get("service", "s3"), case.get("region", "us-east-1")
    secret = _secret(case)
    credentials = Credentials(case.get("api_key", ""), secret, case.get("session_token") or None)
    signer_class = SIGNERS[(variant, service == "s3")]
    extra = {"expires": int(case.get("expires", 3600))} if variant == "presigned" else {}
    signer = signer_class(credentials, service, region, **extra)
    request = _request(case)
    captured: dict[str, str] = {}
    canonical_request, string_to_sign = signer.canonical_request, signer.string_to_sign

    def capture_request(given: AWSRequest) -> str:
        captured["canonical_request"] = canonical_request(given)
        return captured["canonical_request"]

    def capture_string(given: AWSRequest, text: str) -> str:
        captured["string_to_sign"] = string_to_sign(given, text)
        return captured["string_to_sign"]

    when = datetime.datetime.strptime(case["amz_date"], "%Y%m%dT%H%M%SZ")
    with (
        mock.patch.object(botocore.auth, "get_current_datetime", return_value=when),
        mock.patch.object(signer, "canonical_request", capture_request),
        mock.patch.object(signer, "string_to_sign", capture_string),
    ):
        signer.add_auth(request)
    if variant == "presigned":
        query = dict(parse_qsl(urlsplit(request.url).query, keep_blank_values=True))
        signature = query["X-Amz-Signature"]
        travels = [["URL", request.url]]
    else:
        signature = request.headers["Authorization"].rpartition("Signature=")[2]
        travels = [["Authorization", request.headers["Authorization"]]]
    cr, sts = captured["canonical_request"], captured["string_to_sign"]
    scope_line = sts.split("\n")[2]
    key = f"AWS4{secret}".encode()
    keys = {}
    for step_id, message in zip(
        ("k_date", "k_region", "k_service", "k_signing"), scope_line.split("/"), strict=True
    ):
        key = signer._sign(key, message)
        keys[step_id] = key.hex()
    assert signer._sign(key, sts, hex=True) == signature
    digest = bytes.fromhex(signature)
    return {
        "steps": {
            **_parts(cr),
            "canonical_request": cr,
            "canonical_request_hash": sts.split("\n")[3],
            "credential_scope": scope_line,
            **keys,
            "string_to_sign": sts,
            "hmac": signature,
        },
        "string_to_sign": sts,
        "signature": {"hex": signature, "base64": base64.b64encode(digest).decode("ascii")},
        "travels": travels,
    }
