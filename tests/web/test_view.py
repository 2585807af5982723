"""The answer where the user is looking, through Flask's client: the string to sign before the
secret, the verdict banner, the lens that follows a live update, the field asked for next."""

from __future__ import annotations

import json

from flask.testing import FlaskClient

from app.core.presets import OPENING
from app.core.received import Received
from app.core.schemes import SCHEMES
from app.web.view import HEADLINE_SCHEMES, received_view
from tests.expected import PRESET_STRINGS, REGISTER_BODY
from tests.reference import node

SECRET = "as-test-secret-0123456789"
FORM = {
    "scheme": "actionstreamer:tutorial",
    "method": "POST",
    "path": "/v1/devices",
    "headers": "Accept: application/json",
    "params": "",
    "body": '{"a": 1}',
    "line_endings": "lf",
    "api_key": "AKID",
}
STRING = 'POST\n/v1/devices\nAccept: application/json\n\n{"a": 1}'
HX = {"HX-Request": "true"}


def test_without_a_secret_the_string_to_sign_and_steps_show_but_no_hmac(
    client: FlaskClient,
) -> None:
    html = client.post("/", data={**FORM, "signature": "ab" * 32}).get_data(as_text=True)
    assert 'id="string-to-sign"' in html
    assert 'id="step-normalize_path"' in html
    assert 'id="sig-hex"' not in html
    assert 'id="verdict"' not in html
    assert 'class="title"' not in html, "no lens without the secret"
    assert "Type the <strong>Secret key</strong> to see the HMAC and check the signature" in html
    assert 'class="verdict-bar waiting"' in html


def test_the_verdict_banner_names_the_mistake(client: FlaskClient) -> None:
    # The client signed the body re-serialized compactly: what the banner must name.
    compact = STRING.replace('{"a": 1}', '{"a":1}')
    [sent] = node.hmac_hex([("sha256", SECRET.encode(), compact.encode())])
    data = {**FORM, "secret": SECRET, "signature": sent}
    html = client.post("/", data=data).get_data(as_text=True)
    bar = html.split('id="verdict-bar"')[1].split("</div>")[0]
    assert "✖ Mismatch:" in bar
    assert "without spaces" in bar
    assert 'href="#verdict"' in bar
    assert html.index('id="verdict-bar"') < html.index('id="verdict"')


def test_a_live_update_brings_the_hmac_and_the_lens_follows(client: FlaskClient) -> None:
    data = {**FORM, "secret": SECRET}
    [expected] = node.hmac_hex([("sha256", SECRET.encode(), STRING.encode())])
    whole = client.post("/", data=data).get_data(as_text=True)
    live = client.post("/", data=data, headers=HX).get_data(as_text=True)
    assert f'<code id="sig-hex">{expected}</code>' in live
    assert 'id="lens-slot"' in live
    assert 'class="title"' not in live
    assert len(live) < len(whole) / 2
    # Without JavaScript the page renders everything in one go.
    assert 'id="lens-slot"' not in whole
    assert 'class="title"' in whole
    lens = client.post("/", data={**data, "part": "1", "expand": "lens-section"}, headers=HX)
    assert lens.status_code == 200
    assert 'id="mistake-keep_trailing_slash"' in lens.get_data(as_text=True)


def test_a_part_of_the_lens_without_the_secret_is_an_error_not_a_lens(
    client: FlaskClient,
) -> None:
    response = client.post("/", data={**FORM, "part": "1", "expand": "lens-section"}, headers=HX)
    assert response.status_code == 400
    assert 'class="title"' not in response.get_data(as_text=True)


def test_an_import_asks_for_the_secret_next(client: FlaskClient) -> None:
    evidence = "curl https://api.example.com/v1/devices -H 'X-Signature: " + "ab" * 32 + "'"
    html = client.post("/import", data={**FORM, "evidence": evidence}).get_data(as_text=True)
    secret = html.split('id="f-secret"')[1].split(">")[0]
    assert "autofocus" in secret
    assert "data-needed" in secret
    assert 'id="need-secret"' in html
    signature = html.split('id="f-signature"')[1].split(">")[0]
    assert "autofocus" not in signature


def test_an_import_with_the_secret_asks_for_the_signature(client: FlaskClient) -> None:
    evidence = "curl https://api.example.com/v1/devices"
    data = {**FORM, "secret": SECRET, "evidence": evidence}
    html = client.post("/import", data=data).get_data(as_text=True)
    assert 'id="need-signature"' in html
    assert "autofocus" not in html.split('id="f-secret"')[1].split(">")[0]


def test_the_page_opens_on_a_rejected_signature_already_diagnosed(client: FlaskClient) -> None:
    algorithm, secret, string = PRESET_STRINGS[OPENING.id]
    # The demo signature is what a client signing the body re-serialized compactly sends.
    compact = string.replace(
        REGISTER_BODY, json.dumps(json.loads(REGISTER_BODY), separators=(",", ":"))
    )
    [sent] = node.hmac_hex([(algorithm, secret.encode(), compact.encode())])
    assert OPENING.fields["signature"] == sent
    html = client.get("/").get_data(as_text=True)
    assert "HMAC request signatures" in html
    # The headline names the first schemes and counts the rest, which the menu lists.
    more = len(SCHEMES) - HEADLINE_SCHEMES
    assert "For ActionStreamer, ApiAxle, " in html
    assert f" and {more} more in the Scheme menu: see exactly what gets signed" in html
    bar = html.split('id="verdict-bar"')[1].split("</div>")[0]
    assert "✖ Mismatch:" in bar
    assert "re-serialized without spaces" in bar
    assert 'name="opening"' in html


def test_an_import_from_the_opening_example_drops_its_demo_secret(client: FlaskClient) -> None:
    evidence = "curl https://api.example.com/v1/devices"
    data = {**OPENING.fields, "opening": "1", "evidence": evidence}
    html = client.post("/import", data=data).get_data(as_text=True)
    assert html.split('id="f-secret"')[1].split(">")[0].count('value=""') == 1
    assert 'id="need-secret"' in html
    assert 'name="opening"' not in html
    # A secret typed over the demo one is the user's, and stays.
    typed = {**data, "secret": "my-own-secret"}
    html = client.post("/import", data=typed).get_data(as_text=True)
    assert 'value="my-own-secret"' in html


def test_step_titles_show_code_not_raw_markdown(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "<h4>Join the five parts with <code>\\n</code></h4>" in html
    assert "`" not in "".join(part.split("</h4>")[0] for part in html.split("<h4")[1:])


def test_a_millisecond_timestamp_is_called_out_in_the_window(client: FlaskClient) -> None:
    data = {
        "scheme": "apiaxle",
        "api_key": "1234",
        "secret": "bob-the-builder",
        "timestamp": "1700000000000",
        "server_time": "1700000002",
        "window": "3",
    }
    html = client.post("/", data=data).get_data(as_text=True)
    note = html.split('id="milliseconds"')[1].split("</p>")[0]
    assert "milliseconds" in note
    assert "<code>1700000000</code>, 2023-11-14 22:13:20 UTC" in note
    assert "beyond the calendar" in html  # the millisecond value read as seconds
    seconds = client.post("/", data={**data, "timestamp": "1700000000"}).get_data(as_text=True)
    assert 'id="milliseconds"' not in seconds


def test_the_headers_not_signed_fold_under_one_line() -> None:
    def item(name: str, kind: str, signed: bool) -> Received:
        return Received(name, "v", kind, "why", signed)

    received = [
        item("X-Nonce", "signed", True),
        item("Host", "stack", False),
        item("X-Signature", "signature", False),
        *(item(f"Sec-{n}", "stack", False) for n in range(4)),
    ]
    view = received_view(received)
    assert [r.name for r in view.shown] == ["X-Nonce", "X-Signature"]
    assert len(view.folded) == 5
    assert view.summary == "5 not signed: Host, Sec-0, Sec-1 and 2 more"
    assert received_view(received[:3]).summary == "1 not signed: Host"


def test_a_harmless_card_says_why(client: FlaskClient) -> None:
    # One header: signing it in sent order or sorted is the same string.
    html = client.post("/", data={**FORM, "secret": SECRET}).get_data(as_text=True)
    card = html.split('id="mistake-headers_unsorted"')[1].split("</details>")[0]
    assert "Harmless here" in card
    assert "signs the same string either way" in card
    assert "Harmless here: your headers are already sorted, so it signs the same" in card
    slash = html.split('id="mistake-keep_trailing_slash"')[1].split("</details>")[0]
    assert "Harmless here: the path has no trailing slash, so" in slash


def test_compare_needs_no_secret(client: FlaskClient) -> None:
    actual = STRING.replace('{"a": 1}', '{"a":1}')
    data = {**FORM, "compare_actual": actual, "compare_expected_source": "form"}
    html = client.post("/", data=data).get_data(as_text=True)
    assert 'id="comparison"' in html
    assert 'id="string-to-sign"' in html
    assert 'id="sig-hex"' not in html


#: An OAuth 1.0a request with a token: its key needs the token secret too.
OAUTH_CURL = (
    "curl https://photos.example.net/photos?size=original -H 'Authorization: OAuth "
    'oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk", '
    'oauth_signature_method="HMAC-SHA1", oauth_timestamp="1700000000", '
    'oauth_nonce="kllo9940pd9333jh", oauth_version="1.0", '
    'oauth_signature="tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D"\''
)


def test_an_import_with_a_token_asks_for_both_secrets(client: FlaskClient) -> None:
    html = client.post("/import", data={**FORM, "evidence": OAUTH_CURL}).get_data(as_text=True)
    need = html.split('id="need-secret"')[1].split("</p>")[0]
    assert "type the Secret key and the Token secret to get the HMAC" in need


def test_an_import_with_the_secret_asks_for_the_token_secret(client: FlaskClient) -> None:
    data = {**FORM, "secret": SECRET, "evidence": OAUTH_CURL}
    html = client.post("/import", data=data).get_data(as_text=True)
    token = html.split('id="f-token-secret"')[1].split(">")[0]
    assert "autofocus" in token
    assert 'id="need-token_secret"' in html
    assert "autofocus" not in html.split('id="f-secret"')[1].split(">")[0]
