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

_SLACK_BODY = (
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
    "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
    "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands"
    "%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)

#: The webhook providers, each from its published value (Stripe and Shopify publish none:
#: their signatures are stripe-python's and the documented HMAC's, as in their vector files).
WEBHOOK_PRESETS: tuple[Preset, ...] = (
    Preset(
        "github-docs",
        "GitHub webhooks: the documentation's example",
        {
            "scheme": "github",
            "body": "Hello, World!",
            "secret": "It's a Secret to Everybody",
            "signature": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        },
    ),
    Preset(
        "slack-docs",
        "Slack: the documentation's slash command",
        {
            "scheme": "slack",
            "timestamp": "1531420618",
            "server_time": "1531420618",
            "body": _SLACK_BODY,
            "secret": "8f742231b10e8888abcd99yyyzzz85a5",
            "signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
        },
    ),
    Preset(
        "standard-webhooks-spec",
        "Standard Webhooks: the specification's example",
        {
            "scheme": "standard-webhooks",
            "message_id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "timestamp": "1614265330",
            "server_time": "1614265330",
            "body": '{"test": 2432232314}',
            "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "signature": "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        },
    ),
    Preset(
        "twilio-library",
        "Twilio: twilio-python's test request",
        {
            "scheme": "twilio",
            "origin": "https://mycompany.com",
            "path": "/myapp.php",
            "params": "foo=1\nbar=2",
            "body": "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234"
            "&From=%2B14158675309&To=%2B18005551212",
            "secret": "12345",
            "signature": "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
        },
    ),
    Preset(
        "stripe-event",
        "Stripe: an event signed by stripe-python",
        {
            "scheme": "stripe",
            "timestamp": "1700000000",
            "server_time": "1700000060",
            "body": '{\n  "id": "evt_1",\n  "object": "event"\n}',
            "secret": "whsec_test_secret",
            "signature": "91acffc5fd9481359c7485a5ac4320ff27a55e89b69fe182c45a3a8782e61c39",
        },
    ),
    Preset(
        "shopify-escaped-json",
        "Shopify: a delivery whose JSON escapes `/` and `&`",
        {
            "scheme": "shopify",
            "body": '{"id":820982911946154508,"url":"https:\\/\\/shop.example\\/a?x=1\\u0026y=2"}',
            "secret": "hush",
            "signature": "NrtrIDDy+96k83p42BSq0UKpY4sL0QBeKHAeNLCCk2M=",
        },
    ),
)

PRESETS += WEBHOOK_PRESETS

PRESETS_BY_ID = {preset.id: preset for preset in PRESETS}

#: The example the page opens on: a demo secret and a rejected signature, already diagnosed.
OPENING = PRESETS[0]
