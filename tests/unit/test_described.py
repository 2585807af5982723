"""Described schemes: descriptions validate with Sigscope's words, the generated and the
providers' own mistakes are named by the diagnosis (signatures planted with the official
libraries), and the clock applies each provider's tolerance."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime

import pytest
import stripe
from slack_sdk.signature import SignatureVerifier
from standardwebhooks import Webhook
from twilio.request_validator import RequestValidator

from app.core.diagnose import diagnose
from app.core.errors import InputError
from app.core.inputs import parse_sign_input
from app.core.schemes import SCHEMES
from app.core.schemes.described import EXAMPLE, PROVIDERS, description_schema, load, provider
from app.core.signing import sign

SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
STRIPE_SECRET = "whsec_3fVq9Zk2tLr8pXw4bN7mYc1d"
JSON_BODY = '{\n  "id": "evt_1",\n  "object": "event"\n}'
COMPACT = '{"id":"evt_1","object":"event"}'


def _diagnosed(fields: dict[str, object], signature: str) -> list[list[str]]:
    given = parse_sign_input({**fields, "signature": signature}, extra_fields=("signature",))
    found = diagnose(given.scheme, given.recipe, signature, given.context)
    return [explanation.to_dict()["mistakes"] for explanation in found.explanations]  # type: ignore[misc]


def _match(fields: dict[str, object], signature: str) -> bool:
    given = parse_sign_input(fields)
    return diagnose(given.scheme, given.recipe, signature, given.context).match


# --- descriptions and their errors -----------------------------------------------------------


@pytest.mark.parametrize("name", PROVIDERS)
def test_every_provider_is_registered_and_loads_as_json(name: str) -> None:
    assert name in SCHEMES
    assert provider(name).title == SCHEMES[name].title


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{", "`description` is not JSON"),
        ("", "`description` is empty"),
        ('{"title": "x"}', "`description` `parts` is required"),
        (
            '{"title": "x", "parts": [{"kind": "body"}, {"kind": "query", "sort": "up"}]}',
            "`parts[1].sort` has a value that is not allowed",
        ),
        (
            '{"title": "x", "parts": [{"kind": "bodyy"}]}',
            "`parts[0]` names an unknown kind",
        ),
        (
            '{"title": "x", "parts": [{"kind": "method", "sort": "name"}]}',
            "`parts[0].sort` is not an option here",
        ),
        ('{"title": "x", "parts": [], "hash": "sha256"}', "`parts` must not be empty"),
        ('{"title": "x", "parts": [{"kind": "body"}], "hash": "crc32"}', "`hash` has a value"),
    ],
)
def test_a_bad_description_is_named_by_its_json_path(text: str, words: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_sign_input({"scheme": "custom", "secret": "s", "description": text})
    assert raised.value.field == "description"
    assert words in raised.value.message
    assert "Input should" not in raised.value.message  # pydantic's words never reach users


def test_the_schema_describes_every_part_kind() -> None:
    schema = description_schema()
    text = json.dumps(schema)
    for kind in ("method", "query", "body_hash", "form_params", "url", "message_id"):
        assert f'"const": "{kind}"' in text
    assert schema["$schema"].startswith("https://json-schema.org/")


def test_the_custom_example_signs_what_a_hand_written_client_signs() -> None:
    given = parse_sign_input(
        {
            "scheme": "custom",
            "description": json.dumps(EXAMPLE),
            "secret": "s3cret",
            "method": "post",
            "path": "/v1/orders",
            "params": [["b", "2 3"], ["a", "1"]],
            "timestamp": 1700000000,
            "body": '{"x":1}',
        }
    )
    outcome = sign(given.scheme, given.recipe, with_lens=False).outcome
    body_hash = hashlib.sha256(b'{"x":1}').hexdigest()
    string = f"POST\n/v1/orders\na=1&b=2%203\n1700000000\n{body_hash}"
    assert outcome.string_to_sign == string
    digest = hmac.new(b"s3cret", string.encode(), hashlib.sha256).digest()
    assert outcome.sent == base64.b64encode(digest).decode()


@pytest.mark.parametrize(("name", "size"), [("md5", 16), ("sha384", 48), ("sha1", 20)])
def test_every_hash_a_description_names_signs(name: str, size: int) -> None:
    description = json.dumps({"title": "t", "parts": [{"kind": "body"}], "hash": name})
    given = parse_sign_input(
        {"scheme": "custom", "description": description, "secret": "k", "body": "b"}
    )
    result = sign(given.scheme, given.recipe)
    assert result.outcome.signature.digest == hmac.new(b"k", b"b", name).digest()
    assert len(result.outcome.signature.digest) == size


def test_a_key_that_does_not_decode_is_refused_with_words() -> None:
    fields = {"scheme": "standard-webhooks", "secret": "whsec_not*base64", "body": "x"}
    given = parse_sign_input({**fields, "timestamp": 1, "message_id": "m"})
    with pytest.raises(InputError) as raised:
        sign(given.scheme, given.recipe)
    assert raised.value.field == "secret"
    assert "after its `whsec_` prefix is not base64" in raised.value.message


def test_loading_is_cached_and_canonical() -> None:
    text = json.dumps(EXAMPLE)
    assert load(text) is load(text)


# --- generated mistakes ----------------------------------------------------------------------


def _custom(parts: list[dict[str, object]], **more: object) -> dict[str, object]:
    description = {"title": "t", "parts": parts, "separator": "\n", **more}
    return {"scheme": "custom", "description": json.dumps(description), "secret": "k"}


def _hex(text: str, key: bytes = b"k") -> str:
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def test_unsorted_query_is_named() -> None:
    fields = {
        **_custom([{"kind": "method"}, {"kind": "query", "sort": "name"}]),
        "params": [["b", "2"], ["a", "1"]],
    }
    assert ["query_unsorted"] in _diagnosed(fields, _hex("GET\nb=2&a=1"))


def test_form_encoding_of_the_query_is_named() -> None:
    fields = {
        **_custom([{"kind": "path"}, {"kind": "query", "encoding": "rfc3986"}]),
        "path": "/x",
        "params": [["q", "a b"]],
    }
    assert ["query_form_encoded"] in _diagnosed(fields, _hex("/x\nq=a+b"))


def test_crlf_separator_and_trailing_newline_are_named() -> None:
    fields = {**_custom([{"kind": "method"}, {"kind": "path"}]), "path": "/x"}
    assert ["separator_crlf"] in _diagnosed(fields, _hex("GET\r\n/x"))
    assert ["trailing_separator_added"] in _diagnosed(fields, _hex("GET\n/x\n"))


def test_trailing_slash_kept_is_named() -> None:
    parts = [{"kind": "method"}, {"kind": "path", "trailing_slash": "strip"}]
    fields = {**_custom(parts), "path": "/x/"}
    assert ["path_trailing_slash_kept"] in _diagnosed(fields, _hex("GET\n/x/"))


def test_a_hex_key_used_as_text_is_named() -> None:
    fields = {
        **_custom([{"kind": "body"}], key={"encoding": "hex"}),
        "secret": "6b6579",
        "body": "b",
    }
    assert _match(fields, _hex("b", b"key"))
    assert ["key_not_decoded"] in _diagnosed(fields, _hex("b", b"6b6579"))


# --- the providers' own mistakes, planted with their libraries -------------------------------


def test_stripe_secret_decoded_as_standard_webhooks_is_named() -> None:
    key = base64.b64decode(STRIPE_SECRET.removeprefix("whsec_"))
    digest = hmac.new(key, f"1700000000.{JSON_BODY}".encode(), hashlib.sha256).hexdigest()
    fields = {"scheme": "stripe", "secret": STRIPE_SECRET, "timestamp": 1700000000}
    assert ["secret_as_standard_webhooks"] in _diagnosed({**fields, "body": JSON_BODY}, digest)


def test_stripe_body_re_serialized_is_named() -> None:
    header = stripe.WebhookSignature.generate_signature_header(
        COMPACT, STRIPE_SECRET, timestamp=1700000000
    )
    v1 = header.split("v1=")[1]
    fields = {"scheme": "stripe", "secret": STRIPE_SECRET, "timestamp": 1700000000}
    assert ["body_json_stringified"] in _diagnosed({**fields, "body": JSON_BODY}, v1)


def test_standard_webhooks_secret_used_like_stripes_is_named() -> None:
    digest = hmac.new(
        SW_SECRET.encode(), f"msg_1.1700000000.{JSON_BODY}".encode(), hashlib.sha256
    ).digest()
    fields = {
        "scheme": "standard-webhooks",
        "secret": SW_SECRET,
        "message_id": "msg_1",
        "timestamp": 1700000000,
        "body": JSON_BODY,
    }
    signature = base64.b64encode(digest).decode()
    assert ["secret_as_stripe"] in _diagnosed(fields, signature)
    good = Webhook(SW_SECRET).sign("msg_1", datetime.fromtimestamp(1700000000, UTC), JSON_BODY)
    assert _match(fields, good.removeprefix("v1,"))


def test_slack_form_body_re_encoded_is_named() -> None:
    sent = "text=hello%20world&user_id=U1"
    verifier = SignatureVerifier("8f742231b10e8888abcd99yyyzzz85a5")
    rewritten = verifier.generate_signature(
        timestamp="1700000000", body="text=hello+world&user_id=U1"
    )
    fields = {
        "scheme": "slack",
        "secret": "8f742231b10e8888abcd99yyyzzz85a5",
        "timestamp": 1700000000,
        "body": sent,
    }
    assert ["form_reencoded"] in _diagnosed(fields, str(rewritten))


def test_twilio_url_rebuilt_behind_a_proxy_is_named() -> None:
    validator = RequestValidator("12345")
    params = {"Body": "Hi", "From": "+14158675309"}
    body = "Body=Hi&From=%2B14158675309"
    fields = {"scheme": "twilio", "secret": "12345", "path": "/sms", "body": body}
    https = {**fields, "origin": "https://example.com"}
    as_http = validator.compute_signature("http://example.com/sms", params)
    assert ["url_http"] in _diagnosed(https, as_http)
    with_port = {**fields, "origin": "https://example.com:8443"}
    without = validator.compute_signature("https://example.com/sms", params)
    assert _match(with_port, without)  # the validator itself tries the URL without its port
    assert validator.validate("https://example.com:8443/sms", params, without)


def test_shopify_hex_instead_of_base64_is_named() -> None:
    digest = hmac.new(b"hush", b'{"id":1}', hashlib.sha256).hexdigest()
    fields = {"scheme": "shopify", "secret": "hush", "body": '{"id":1}'}
    found = _diagnosed(fields, digest)
    assert ["output_hex"] in found


def test_github_form_delivery_verified_over_its_json_is_named() -> None:
    body = "payload=%7B%22zen%22%3A%22Keep+it+logically+awesome.%22%7D"
    inner = '{"zen":"Keep it logically awesome."}'
    wrong = hmac.new(b"It's a Secret to Everybody", inner.encode(), hashlib.sha256).hexdigest()
    fields = {"scheme": "github", "secret": "It's a Secret to Everybody", "body": body}
    assert ["form_payload_json"] in _diagnosed(fields, "sha256=" + wrong)


# --- the clock -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scheme", "offset", "accepted"),
    [
        ("stripe", -301, False),  # too old
        ("stripe", -300, True),
        ("stripe", 3600, True),  # a future timestamp is not checked
        ("slack", 301, False),
        ("slack", -300, True),
        ("standard-webhooks", 301, False),
        ("standard-webhooks", -301, False),
    ],
)
def test_each_provider_applies_its_tolerance(scheme: str, offset: int, accepted: bool) -> None:
    timestamp, now = 1700000000, 1700000000 - offset
    fields = {
        "scheme": scheme,
        "secret": SW_SECRET,
        "timestamp": timestamp,
        "body": "{}",
        "message_id": "m",
        "server_time": now,
    }
    fields = {k: v for k, v in fields.items() if SCHEMES[scheme].input(k) or k == "scheme"}
    given = parse_sign_input(fields)
    result = sign(given.scheme, given.recipe, given.context, with_lens=False)
    assert result.verdict.accepted is accepted, result.verdict.reason
    assert _match(fields, result.outcome.sent) is accepted
    if scheme == "stripe":
        library = stripe.WebhookSignature.generate_signature_header("{}", SW_SECRET, timestamp)
        try:
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr("stripe._webhook.time.time", lambda: now)
                stripe.WebhookSignature.verify_header("{}", library, SW_SECRET, tolerance=300)
            verified = True
        except stripe.SignatureVerificationError:
            verified = False
        assert verified is accepted


def test_a_mistakes_words_may_name_only_known_fields() -> None:
    description = {
        "title": "t",
        "parts": [{"kind": "body"}],
        "mistakes": [
            {
                "id": "m",
                "step": "body",
                "title": "T",
                "explanation": "E",
                "clause": "signed {type: 1}",
                "fix": "F",
                "transform": "json_python",
            }
        ],
    }
    with pytest.raises(InputError) as raised:
        parse_sign_input(
            {"scheme": "custom", "secret": "k", "description": json.dumps(description)}
        )
    assert "`mistakes[0].clause` names unknown fields ['type']" in raised.value.message


def test_the_api_serves_the_schema_and_the_openapi_document_lists_it() -> None:
    from app import create_app

    client = create_app().test_client()
    answer = client.get("/api/v1/schemes/description-schema")
    assert answer.status_code == 200
    assert answer.get_json() == description_schema()
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/schemes/description-schema" in paths


def test_a_custom_descriptions_own_mistake_is_named() -> None:
    description = {
        "title": "t",
        "parts": [{"kind": "timestamp"}, {"kind": "body"}],
        "separator": ".",
        "mistakes": [
            {
                "id": "python_dumps",
                "step": "body",
                "title": "Body re-serialized by json.dumps {sic}",
                "explanation": 'Flask\'s `request.json` was written back with `{"a": 1}` spacing.',
                "clause": "signed the body as json.dumps writes it, `{signed}`",
                "fix": "Sign `request.get_data()`.",
                "harmless": "the body is already spaced like that",
                "transform": "json_python",
            },
            {
                "id": "dot",
                "step": "join",
                "title": "Parts joined with a dot",
                "explanation": "E",
                "clause": "joined with a dot",
                "fix": "F",
                "harmless": "the parts are already joined with a dot",
                "set": {"separator": "."},
            },
        ],
    }
    fields = {
        **_custom([]),
        "description": json.dumps(description),
        "timestamp": 5,
        "body": '{"a":1}',
    }
    signature = _hex('5.{"a": 1}')
    assert ["own:python_dumps"] in _diagnosed(fields, signature)
    # In the description's own words: the diagnosis's sentence and fix, the lens's card.
    given = parse_sign_input({**fields, "signature": signature}, extra_fields=("signature",))
    [found] = diagnose(given.scheme, given.recipe, signature, given.context).explanations
    assert found.summary == 'Your client signed the body as json.dumps writes it, `{"a": 1}`.'
    assert found.fix == "Sign `request.get_data()`."
    result = sign(given.scheme, given.recipe, given.context)
    [card] = [entry for entry in result.mistakes or () if entry.instance.id == "own:python_dumps"]
    assert card.instance.title == "Body re-serialized by json.dumps {sic}"
    assert card.instance.explanation.startswith("Flask's `request.json`")
    assert card.to_dict({})["step"] == "body"
    [same] = [entry for entry in result.mistakes or () if entry.instance.id == "own:dot"]
    assert not same.changes_signature
    assert same.instance.harmless == "the parts are already joined with a dot"


def test_transform_names_are_the_engines() -> None:
    from typing import get_args

    from app.core.schemes.described.model import TransformName
    from app.core.schemes.described.transforms import TRANSFORMS

    assert set(get_args(TransformName)) == set(TRANSFORMS)


def test_a_svix_delivery_is_read_as_standard_webhooks() -> None:
    from app import create_app

    body = '{"test": 2432232314}'
    signature = Webhook(SW_SECRET).sign(
        "msg_p5jXN8AQM9LWM0D4loKWxJek", datetime.fromtimestamp(1614265330, UTC), body
    )
    text = (
        "curl https://hooks.example.com/in -H 'Content-Type: application/json' "
        "-H 'svix-id: msg_p5jXN8AQM9LWM0D4loKWxJek' -H 'svix-timestamp: 1614265330' "
        f"-H 'svix-signature: v1a,bm9wZQ== {signature}' --data-raw '{body}'"
    )
    client = create_app().test_client()
    imported = client.post("/api/v1/import", json={"text": text}).get_json()
    assert imported["scheme"] == "standard-webhooks"
    assert imported["signature"] == signature.removeprefix("v1,")
    request = imported["request"]
    assert (request["message_id"], request["timestamp"]) == (
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1614265330,
    )
    answer = client.post(
        "/api/v1/sign", json={**request, "scheme": "standard-webhooks", "secret": SW_SECRET}
    ).get_json()
    assert ["webhook-signature", signature] in [
        [travel["name"], travel["value"]] for travel in answer["travels"]
    ]


def test_a_stripe_header_with_spaces_is_read_and_flagged() -> None:
    from app import create_app

    header = stripe.WebhookSignature.generate_signature_header(
        JSON_BODY, STRIPE_SECRET, timestamp=1700000000
    ).replace(",", ", ")
    raw = (
        "POST /hooks HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/json\r\n"
        f"Stripe-Signature: {header}\r\n\r\n{JSON_BODY}"
    )
    imported = create_app().test_client().post("/api/v1/import", json={"text": raw}).get_json()
    assert imported["scheme"] == "stripe"
    assert imported["signature"] == header.split("v1=")[1]
    assert any("spaces after its commas" in note for note in imported["notes"])
    with pytest.raises(stripe.SignatureVerificationError):  # Stripe's own parser finds none
        stripe.WebhookSignature.verify_header(JSON_BODY, header, STRIPE_SECRET, tolerance=None)
