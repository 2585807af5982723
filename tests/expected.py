"""Expected strings to sign for the page's presets, written out by hand from SCHEMES.md."""

from __future__ import annotations

NONCE = "3f2b8c1e-7d4a-4f0e-9b6c-2a1d5e8f7c90"
REGISTER_BODY = '{\n  "device_name": "cam-lobby-01",\n  "serial": "AS-0042"\n}'

#: Presets whose key is derived from the secret (SigV4), by their published signature.
PRESET_SIGNATURES = {
    # The AWS SigV4 test suite's get-vanilla.
    "aws-sigv4-get-vanilla": "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    # RFC 9421 Appendix B.2.5: `pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=` in hex (its key is
    # the base64-decoded test-shared-secret).
    "rfc9421-b25": "a71710c3a1b7023b4c0508f0a3c5f39197ff6f0b392de95b68c939ac6206b44f",
    # The Standard Webhooks specification's vector (`v1,g0hM9SsE…`), in hex.
    "standard-webhooks-spec": "83484cf52b04f8e4cf2531adfed9882ad4b2665137b852442d594d20e2c9d4e1",
}

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
    # RFC 5849 §3.4.1's base string, as the RFC prints it; the key is its §3.1 secrets.
    "oauth1-rfc5849": (
        "sha1",
        "j49sk3j29djd&dh893hdasih9",
        "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D"
        "%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce"
        "%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26"
        "oauth_token%3Dkkk9d7dh3k39sjv7",
    ),
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

#: SCHEMES.md's published value for the ApiAxle documentation example.
APIAXLE_DOCS_HEX = "9c6e757352befb2a764cdb619e6e86179de67595"
