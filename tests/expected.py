"""Expected strings to sign for the page's presets, written out by hand from SCHEMES.md."""

from __future__ import annotations

import base64

NONCE = "3f2b8c1e-7d4a-4f0e-9b6c-2a1d5e8f7c90"
REGISTER_BODY = '{\n  "device_name": "cam-lobby-01",\n  "serial": "AS-0042"\n}'

PRESET_STRINGS = {
    "actionstreamer-rejected": (
        "sha256",
        "as-test-secret-0123456789",
        "POST\n/v1/devices\nContent-Type: application/json\nX-Nonce: "
        + NONCE
        + "\n\n"
        + REGISTER_BODY,
    ),
    "actionstreamer-register-device": (
        "sha256",
        "as-test-secret-0123456789",
        "POST\n/v1/devices\nContent-Type: application/json\nX-Nonce: "
        + NONCE
        + "\n\n"
        + REGISTER_BODY,
    ),
    "actionstreamer-sdk": (
        "sha256",
        "as-test-secret-0123456789",
        "GET\n/v1/devices\n"
        "Authorization: HMAC-SHA256 AKIDEXAMPLE\nX-AccessKey: AKIDEXAMPLE\n"
        "X-Nonce: 6f1c2a8e-0b7d-4c55-9d0e-3b5f7e1a2c44\nX-Timestamp: 1700000000\n"
        "\nZeta: z\nalpha: a\nlimit: 10",
    ),
    "apiaxle-docs": ("sha1", "bob-the-builder", "17000000001234"),
    "github-docs": ("sha256", "It's a Secret to Everybody", "Hello, World!"),
    "slack-docs": (
        "sha256",
        "8f742231b10e8888abcd99yyyzzz85a5",
        "v0:1531420618:token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
        "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
        "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2F"
        "commands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
        "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
    ),
    "standard-webhooks-spec": (
        "sha256",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        'msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}',
    ),
    "twilio-library": (
        "sha1",
        "12345",
        "https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDE"
        "Caller+14158675309Digits1234From+14158675309To+18005551212",
    ),
    "stripe-event": (
        "sha256",
        "whsec_test_secret",
        '1700000000.{\n  "id": "evt_1",\n  "object": "event"\n}',
    ),
    "shopify-escaped-json": (
        "sha256",
        "hush",
        '{"id":820982911946154508,"url":"https:\\/\\/shop.example\\/a?x=1\\u0026y=2"}',
    ),
}

#: The HMAC key of a preset whose scheme decodes its secret (Standard Webhooks: base64 after
#: `whsec_`); the others are keyed with the secret's UTF-8 bytes.
PRESET_KEYS = {"standard-webhooks-spec": base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")}

#: SCHEMES.md's published value for the ApiAxle documentation example.
APIAXLE_DOCS_HEX = "9c6e757352befb2a764cdb619e6e86179de67595"
