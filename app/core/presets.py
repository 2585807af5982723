"""Demo requests for onboarding sessions: one click fills the form.

The secrets here are public demo values (from the schemes' own documentation), never a user's.
Values are the form's raw text fields, so a preset renders exactly as if typed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    id: str
    title: str
    fields: dict[str, str]


_REGISTER_DEVICE = {
    "scheme": "actionstreamer:tutorial",
    "method": "POST",
    "path": "/v1/devices/",
    "headers": "Content-Type: application/json\nX-Nonce: 3f2b8c1e-7d4a-4f0e-9b6c-2a1d5e8f7c90",
    "params": "",
    "body": '{\n  "device_name": "cam-lobby-01",\n  "serial": "AS-0042"\n}',
    "api_key": "AKIDEXAMPLE",
    "secret": "as-test-secret-0123456789",
}

PRESETS: tuple[Preset, ...] = (
    Preset(
        "actionstreamer-rejected",
        "ActionStreamer: a rejected signature, diagnosed",
        {
            **_REGISTER_DEVICE,
            # What a client sends when it signs the body re-serialized compactly
            # (`json.dumps(body, separators=(",", ":"))`): HMAC-SHA256 of that string.
            "signature": "74abb70cc413d25743ae965c73c66f70491fc65885d8f9b3cf1a9439a61e77ac",
        },
    ),
    Preset("actionstreamer-register-device", "ActionStreamer: register a device", _REGISTER_DEVICE),
    Preset(
        "actionstreamer-sdk",
        "ActionStreamer: SDK request with its own headers",
        {
            "scheme": "actionstreamer:sdk",
            "method": "GET",
            "path": "/v1/devices",
            "headers": (
                "Content-Type: application/json\n"
                "Authorization: HMAC-SHA256 AKIDEXAMPLE\n"
                "X-AccessKey: AKIDEXAMPLE\n"
                "X-Nonce: 6f1c2a8e-0b7d-4c55-9d0e-3b5f7e1a2c44\n"
                "X-Timestamp: 1700000000"
            ),
            "params": "limit=10\nZeta=z\nalpha=a",
            "body": "",
            "api_key": "AKIDEXAMPLE",
            "secret": "as-test-secret-0123456789",
        },
    ),
    Preset(
        "aws-sigv4-get-vanilla",
        "AWS SigV4: the test suite's get-vanilla",
        {
            # The AWS SigV4 test suite's example credentials and its published signature.
            "scheme": "aws-sigv4:header",
            "method": "GET",
            "path": "/",
            "headers": "Host: example.amazonaws.com\nX-Amz-Date: 20150830T123600Z",
            "params": "",
            "body": "",
            "api_key": "AKIDEXAMPLE",
            "secret": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "region": "us-east-1",
            "service": "service",
            "amz_date": "20150830T123600Z",
            "signature": "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        },
    ),
    Preset(
        "apiaxle-docs",
        "ApiAxle: the documentation's example",
        {
            "scheme": "apiaxle",
            "api_key": "1234",
            "secret": "bob-the-builder",
            "timestamp": "1700000000",
            "server_time": "1700000002",
            "window": "3",
        },
    ),
    Preset(
        "oauth1-rfc5849",
        "OAuth 1.0a: RFC 5849 §3.4.1's example (erratum 2550)",
        {
            "scheme": "oauth1",
            "method": "POST",
            "origin": "http://example.com",
            "path": "/request",
            "headers": "Content-Type: application/x-www-form-urlencoded",
            "params": "b5==%3D\na3=a\nc@=\na2=r b",
            "body": "c2&a3=2+q",
            "api_key": "9djdj82h48djs9d2",
            "oauth_token": "kkk9d7dh3k39sjv7",
            "oauth_nonce": "7d8f3e4a",
            "timestamp": "137131201",
            "oauth_signature_method": "HMAC-SHA1",
            "oauth_version": "none",
            "realm": "Example",
            "placement": "header",
            # RFC 5849 §3.1's demo secrets. The RFC prints bYT5CMsGcbgUdFHObYMEfcx6bsw=;
            # erratum 2550 corrects it to this, which oauthlib computes too.
            "secret": "j49sk3j29djd",
            "token_secret": "dh893hdasih9",
            "signature": "r6/TJjbCOr97/+UU0NsvSne7s5g=",
        },
    ),
)

#: RFC 9421 Appendix B.2.5: the RFC's own request and shared key (base64, 64 bytes decoded),
#: no ``alg``; its published signature.
_RFC9421_B25 = {
    "scheme": "rfc9421",
    "method": "POST",
    "path": "/foo",
    "origin": "https://example.com",
    "query": "param=Value&Pet=dog",
    "params": "param=Value\nPet=dog",
    "headers": (
        "Host: example.com\n"
        "Date: Tue, 20 Apr 2021 02:07:55 GMT\n"
        "Content-Type: application/json\n"
        "Content-Digest: sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BN"
        "NyealdVLvRwEmTHWXvJwew==:\n"
        "Content-Length: 18"
    ),
    "body": '{"hello": "world"}',
    "components": '"date" "@authority" "content-type"',
    "created": "1618884473",
    "keyid": "test-shared-secret",
    "alg": "omitted",
    "label": "sig-b25",
    "secret": (
        "uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ=="
    ),
    "secret_encoding": "base64",
    "signature": "pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=",
}

PRESETS += (Preset("rfc9421-b25", "RFC 9421: the RFC's HMAC example (B.2.5)", _RFC9421_B25),)

PRESETS_BY_ID = {preset.id: preset for preset in PRESETS}

#: The example the page opens on: a demo secret and a rejected signature, already diagnosed.
OPENING = PRESETS[0]
