"""The page through Flask's client: full page vs fragment, and the no-JavaScript form post."""

from __future__ import annotations

import json
import time
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient
from markupsafe import escape

from app.core.errors import InputError
from app.core.presets import PRESETS
from app.core.schemes import SCHEMES
from app.core.schemes.base import WindowEntry
from app.web.form import FormState
from app.web.render import Tick, window_view
from tests.expected import APIAXLE_DOCS_HEX, PRESET_SIGNATURES, PRESET_STRINGS
from tests.reference import node
from tests.web.toy_scheme import TOY, TOY_WITH_INPUTS, expected_hex

LABELS = [
    "Scheme",
    "Method",
    "Path",
    "Headers",
    "Query parameters",
    "Body",
    "API key",
    "Secret key",
    "Timestamp",
    "Server time",
]

FORM = {
    "scheme": "actionstreamer:tutorial",
    "method": "POST",
    "path": "v1/devices/",
    "headers": "X-Nonce: n-1\r\nAccept: application/json",
    "params": "limit=10",
    "body": '{\r\n  "a": 1\r\n}',
    "line_endings": "lf",
    "api_key": "AKID",
    "secret": "as-test-secret-0123456789",
}
FORM_STRING = 'POST\n/v1/devices\nAccept: application/json\nX-Nonce: n-1\nlimit: 10\n{\n  "a": 1\n}'


def test_get_renders_the_whole_page_with_every_label(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.startswith("<!doctype html>")
    for label in LABELS:
        assert f">{label}</label>" in html, label
    assert "vendor/htmx-2.0.11/htmx.min.js" in html
    assert "https://" not in html.split("<body>")[0], "no third-party assets"


def test_no_javascript_post_renders_the_whole_page_signed_with_lf(client: FlaskClient) -> None:
    response = client.post("/", data=FORM)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.startswith("<!doctype html>")
    [expected] = node.hmac_hex([("sha256", FORM["secret"].encode(), FORM_STRING.encode())])
    assert f'<code id="sig-hex">{expected}</code>' in html
    assert '<strong id="body-line-endings">LF</strong>' in html


def test_crlf_choice_signs_crlf(client: FlaskClient) -> None:
    response = client.post("/", data={**FORM, "line_endings": "crlf"})
    crlf = FORM_STRING.replace('{\n  "a": 1\n}', '{\r\n  "a": 1\r\n}')
    [expected] = node.hmac_hex([("sha256", FORM["secret"].encode(), crlf.encode())])
    html = response.get_data(as_text=True)
    assert f'<code id="sig-hex">{expected}</code>' in html
    assert '<strong id="body-line-endings">CRLF</strong>' in html


def test_htmx_request_gets_only_the_fragment(client: FlaskClient) -> None:
    response = client.post("/", data=FORM, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert "<form" not in html
    assert '<section id="result"' in html
    assert 'hx-swap-oob="true"' in html  # the polite status announcement


def test_history_restore_gets_the_whole_page(client: FlaskClient) -> None:
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = client.post("/", data=FORM, headers=headers)
    assert response.get_data(as_text=True).startswith("<!doctype html>")


@pytest.mark.parametrize("hx", [False, True], ids=["page", "fragment"])
def test_bad_input_shows_a_message_not_a_500(client: FlaskClient, hx: bool) -> None:
    data = {**FORM, "headers": "this line has no colon"}
    response = client.post("/", data=data, headers={"HX-Request": "true"} if hx else {})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Headers, line 1: `this line has no colon` is not `Name: value`." in html
    assert 'role="alert"' in html


#: The ApiAxle documentation's example as the page's form posts it, the server 2 s ahead.
APIAXLE_FORM = {
    "scheme": "apiaxle",
    "api_key": "1234",
    "secret": "bob-the-builder",
    "timestamp": "1700000000",
    "server_time": "1700000002",
}


def test_apiaxle_form_post_shows_the_window(client: FlaskClient) -> None:
    html = client.post("/", data={**APIAXLE_FORM, "window": "3"}).get_data(as_text=True)
    assert f'<code id="sig-hex">{APIAXLE_DOCS_HEX}</code>' in html
    assert "Accepted</strong> at offset -2 s (try 4 of 7)" in html


def test_the_clock_beside_the_picture_moves_it_without_javascript(client: FlaskClient) -> None:
    data = {**APIAXLE_FORM, "window": "3"}
    html = client.post("/", data=data).get_data(as_text=True)
    card = html.split('<div class="card window">')[1]
    # The server-side inputs sit in the window card, drawn with the form's values.
    assert (
        'id="clock-server-time" name="clock_server_time" form="sign-form" value="1700000002"'
        in card
    )
    assert 'name="clock_was_window" form="sign-form" value="3"' in card
    # A changed copy wins over the form's field; an unchanged one leaves the field alone.
    moved = {**data, "clock_server_time": "1700000005", "clock_was_server_time": "1700000002"}
    moved |= {"window": "5", "clock_window": "3", "clock_was_window": "3"}
    html = client.post("/", data=moved).get_data(as_text=True)
    assert "Accepted</strong> at offset -5 s" in html
    assert (
        'id="f-server-time" class="grow" name="server_time" inputmode="numeric" value="1700000005"'
        in html
    )
    assert 'id="f-window" name="window" value="5"' in html


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.id)
def test_preset_links_render_signed(client: FlaskClient, preset: object) -> None:
    expected = PRESET_SIGNATURES.get(preset.id)  # type: ignore[attr-defined]
    if expected is None:
        algorithm, secret, string = PRESET_STRINGS[preset.id]  # type: ignore[attr-defined]
        [expected] = node.hmac_hex([(algorithm, secret.encode(), string.encode())])
    html = client.get(f"/?preset={preset.id}").get_data(as_text=True)  # type: ignore[attr-defined]
    assert f'<code id="sig-hex">{expected}</code>' in html


def test_page_headers(client: FlaskClient) -> None:
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response.headers["Cache-Control"] == "no-store"


def test_unknown_page_is_an_html_404(client: FlaskClient) -> None:
    response = client.get("/nope")
    assert response.status_code == 404
    assert "<!doctype html>" in response.get_data(as_text=True)


SLASH_STRING = (
    'POST\n/v1/devices/\nAccept: application/json\nX-Nonce: n-1\nlimit: 10\n{\n  "a": 1\n}'
)


def test_pasted_signature_is_diagnosed_in_the_page(client: FlaskClient) -> None:
    [hex_value] = node.hmac_hex([("sha256", FORM["secret"].encode(), SLASH_STRING.encode())])
    html = client.post("/", data={**FORM, "signature": f"  {hex_value}\n"}).get_data(as_text=True)
    assert "✖ Mismatch" in html
    assert 'data-mistakes="keep_trailing_slash"' in html
    assert "trailing slash (<code>/v1/devices/</code>)" in html


def test_a_webhooks_diagnosis_speaks_of_the_verifier(client: FlaskClient) -> None:
    secret, compact = "whsecret", '{"action":"opened"}'
    [hex_value] = node.hmac_hex([("sha256", secret.encode(), compact.encode())])
    data = {
        "scheme": "github",
        "body": '{\n  "action": "opened"\n}',
        "secret": secret,
        "signature": f"sha256={hex_value}",
    }
    html = client.post("/", data=data).get_data(as_text=True)
    assert "Your verifier signed the body re-serialized" in html
    assert "The string your verifier must have signed" in html
    nothing = client.post("/", data={**data, "signature": "a" * 64}).get_data(as_text=True)
    assert "log the exact string your verifier signs" in nothing


def test_right_signature_matches(client: FlaskClient) -> None:
    [hex_value] = node.hmac_hex([("sha256", FORM["secret"].encode(), FORM_STRING.encode())])
    html = client.post("/", data={**FORM, "signature": hex_value}).get_data(as_text=True)
    assert "✓ Match" in html


def test_garbage_signature_gets_a_message_and_the_result_stays(client: FlaskClient) -> None:
    html = client.post("/", data={**FORM, "signature": "not a signature!"}).get_data(as_text=True)
    assert "Cannot read it:" in html
    assert '<code id="sig-hex">' in html


def test_break_it_works_without_javascript(client: FlaskClient) -> None:
    [hex_value] = node.hmac_hex([("sha256", FORM["secret"].encode(), SLASH_STRING.encode())])
    html = client.post("/", data={**FORM, "break_signature": hex_value}).get_data(as_text=True)
    assert f'name="signature" value="{hex_value}"' in html
    assert 'data-mistakes="keep_trailing_slash"' in html
    assert 'name="break_signature"' in html


CURL = (
    "curl 'https://api.example.com/v1/devices/?limit=10' -X POST "
    "-H 'Content-Type: application/json' -H 'X-Nonce: n-1' -H 'X-Signature: abc123' "
    "--data-raw $'{\"a\": 1}\\n'"
)


def test_import_fills_the_form_and_keeps_the_secret(client: FlaskClient) -> None:
    data = {"evidence": CURL, "secret": "s3cret", "scheme": "actionstreamer:tutorial"}
    response = client.post("/import", data=data, headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.startswith("<!doctype html>"), "an import answers the whole page"
    assert 'name="path" value="/v1/devices/"' in html
    assert 'name="signature" value="abc123"' in html
    assert 'type="password" value="s3cret"' in html
    assert "Imported from a curl command" in html
    expected = (
        'POST\n/v1/devices\nContent-Type: application/json\nX-Nonce: n-1\nlimit: 10\n{"a": 1}\n'
    )
    [hex_value] = node.hmac_hex([("sha256", b"s3cret", expected.encode())])
    assert f'<code id="sig-hex">{hex_value}</code>' in html


def test_import_error_names_what_is_wrong(client: FlaskClient) -> None:
    html = client.post("/import", data={"evidence": "curl --frobnicate x"}).get_data(as_text=True)
    assert 'id="import-error"' in html
    assert "--frobnicate" in html


def test_compare_panel_against_the_form_string(client: FlaskClient) -> None:
    data = {
        "secret": "s",
        "method": "GET",
        "path": "/a",
        "compare_expected_source": "form",
        "compare_actual": "GET\\r\\n/a\\r\\n\\r\\n\\r\\n",
        "compare_escapes": "1",
    }
    html = client.post("/", data=data).get_data(as_text=True)
    assert "First difference at byte 3 (character 3), line 1, column 4" in html
    assert 'data-finding="line_endings"' in html


def test_compare_signs_the_actual_string_with_the_form_secret(client: FlaskClient) -> None:
    client_string = "GET\n/a/\n\n\n"
    [client_hex] = node.hmac_hex([("sha256", b"s", client_string.encode())])
    data = {
        "secret": "s",
        "method": "GET",
        "path": "/a",
        "signature": client_hex,
        "compare_expected_source": "form",
        "compare_actual": "'GET\\n/a/\\n\\n\\n'",  # Python's repr of the client's string
        "compare_escapes": "1",
    }
    html = client.post("/", data=data).get_data(as_text=True)
    assert "line 2, column 3" in html
    assert "Python&#39;s <code>repr</code> of a <code>str</code>" in html
    assert f'<code id="actual-hmac-sent">{client_hex}</code>' in html
    assert "✓ The same as the Signature to check" in html
    other = client.post("/", data={**data, "signature": "00" * 32}).get_data(as_text=True)
    assert "✖ Not the Signature to check" in other
    typed = {"compare_expected_source": "typed", "compare_expected": "GET\\n/a\\n\\n\\n"}
    unsigned = client.post("/", data={**data, **typed, "secret": ""}).get_data(as_text=True)
    assert "line 2, column 3" in unsigned
    assert "Type the <strong>Secret key</strong> to sign the actual string too" in unsigned


def test_the_compare_fields_go_into_the_share_link(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    for name in (
        "compare_expected_source",
        "compare_expected",
        "compare_actual",
        "compare_escapes",
    ):
        tag = html[html.index(f'name="{name}"') :].split(">", 1)[0]
        assert "data-share" in tag, name


# --- big inputs: bounded fragments, panes fetched whole on demand --------------------------

#: A 200 KB pretty-printed JSON body: a marker on nearly every line (indents, line feeds).
BIG_BODY = json.dumps(
    [
        {"id": i, "name": f"device-{i}", "tags": ["a", "b"], "notes": "lorem ipsum " * 4}
        for i in range(2_000)
    ],
    indent=2,
)[:200_000]
BIG_FORM = {**FORM, "body": BIG_BODY, "headers": "", "params": "", "path": "/v1/devices"}
BIG_STRING = "POST\n/v1/devices\n\n\n" + BIG_BODY


def _part(client: FlaskClient, key: str, form: dict[str, str] | None = None) -> tuple[int, str]:
    data = {**(form or BIG_FORM), "part": "1", "expand": key}
    response = client.post("/", data=data, headers={"HX-Request": "true"})
    return response.status_code, response.get_data(as_text=True)


def test_a_200_kb_body_renders_a_small_fragment(client: FlaskClient) -> None:
    response = client.post("/", data=BIG_FORM, headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    [expected] = node.hmac_hex([("sha256", FORM["secret"].encode(), BIG_STRING.encode())])
    assert f'<code id="sig-hex">{expected}</code>' in html
    assert len(response.data) < 1_000_000
    assert f'<span id="sts-bytes">{len(BIG_STRING.encode())}</span>' in html
    # Each long pane is cut, with a "Show all" that fetches it whole.
    assert html.count('name="expand" value="sts"') == 1
    assert 'value="step:body:output"' in html
    assert 'value="hex"' in html
    # The lens follows in a second request; its cards fetch their diff when opened.
    assert '"expand": "lens-section"' in html
    assert 'class="title"' not in html
    status, lens = _part(client, "lens-section")
    assert status == 200
    assert 'hx-trigger="toggle once"' in lens
    assert "<del>" not in lens


def test_show_all_fetches_the_whole_string_to_sign(client: FlaskClient) -> None:
    status, html = _part(client, "sts")
    assert status == 200
    assert 'id="string-to-sign"' in html
    assert "Show all" not in html
    last_line = BIG_BODY.rsplit("\n", 1)[1].strip()
    assert str(escape(last_line)) in html


def test_show_all_without_javascript_renders_the_page_with_that_pane_whole(
    client: FlaskClient,
) -> None:
    html = client.post("/", data={**BIG_FORM, "expand": "hex"}).get_data(as_text=True)
    assert html.startswith("<!doctype html>")
    hex_view = html.split('class="hexdump"')[1].split("</pre>")[0]
    assert hex_view.count("\n") == -(-len(BIG_STRING.encode()) // 16) - 1
    assert 'value="sts"' in html, "the other panes stay cut"


def test_an_opened_lens_card_gets_its_diff(client: FlaskClient) -> None:
    status, html = _part(client, "lens:body_crlf")
    assert status == 200
    assert "Mistaken string" in html
    assert "<del>" in html
    assert "<ins>" in html
    assert 'value="lens-all:body_crlf"' in html, "a long diff is cut too"
    assert len(html) < 200_000
    status, whole = _part(client, "lens-all:body_crlf")
    assert status == 200
    assert "Show all" not in whole
    assert whole.count("ch-mark") > html.count("ch-mark")


def test_a_lens_card_opens_with_its_diff_without_javascript(client: FlaskClient) -> None:
    html = client.post("/", data={**BIG_FORM, "expand": "lens:body_crlf"}).get_data(as_text=True)
    card = html.split('id="mistake-body_crlf"')[1].split("</details>")[0]
    assert card.startswith(' data-mistake="body_crlf" open>')
    assert "<del>" in card


def test_small_requests_keep_their_lens_diffs_inline(client: FlaskClient) -> None:
    status, html = _part(client, "lens-section", FORM)
    assert status == 200
    card = html.split('id="mistake-keep_trailing_slash"')[1].split("</details>")[0]
    assert "hx-trigger" not in card
    assert "<ins>/</ins>" in card


@pytest.mark.parametrize(
    "key", ["nope", "lens:no_such_mistake", "step:join:sideways", "step:x:input"]
)
def test_an_unknown_part_is_a_404(client: FlaskClient, key: str) -> None:
    status, _ = _part(client, key)
    assert status == 404


def test_a_part_of_a_bad_request_says_what_is_wrong(client: FlaskClient) -> None:
    status, html = _part(client, "sts", {**BIG_FORM, "headers": "no colon"})
    assert status == 400
    assert 'role="alert"' in html
    assert "`Name: value`" in html or "<code>Name: value</code>" in html


# --- the gateway's window: drawn around the seconds that matter ---------------------------


def test_a_day_wide_window_draws_a_bounded_span_with_labelled_gaps(client: FlaskClient) -> None:
    data = {**APIAXLE_FORM, "window": "86400"}
    started = time.perf_counter()
    response = client.post("/", data=data, headers={"HX-Request": "true"})
    elapsed = time.perf_counter() - started
    html = response.get_data(as_text=True)
    # The quadratic version took about an hour; a linear one, well under a second.
    assert elapsed < 60
    assert f'<code id="sig-hex">{APIAXLE_DOCS_HEX}</code>' in html
    assert "Accepted</strong> at offset -2 s (try 4 of 172801)" in html
    # -86400..-86397, -5..+3 (the server's and the client's seconds), +86397..+86400.
    assert html.count('<li class="tick') == 17
    assert "… 86,391 seconds not shown …" in html
    assert "… 86,393 seconds not shown …" in html
    assert "try 172800" in html  # -86400 s is the last second tried
    assert len(response.data) < 200_000


def test_a_small_window_is_drawn_whole(client: FlaskClient) -> None:
    html = client.post("/", data={**APIAXLE_FORM, "window": "3"}).get_data(as_text=True)
    assert html.count('<li class="tick') == 7
    assert "not shown …" not in html
    assert '<li class="tick accepted client">' in html


def test_a_client_far_outside_the_window_is_rejected_and_the_span_stays_bounded(
    client: FlaskClient,
) -> None:
    data = {**APIAXLE_FORM, "timestamp": "1699000000", "window": "86400"}
    html = client.post("/", data=data, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "the client signed 1699000000, which is -1000002 s from the server" in html
    # -86400..-86397, -3..+3 around the server's second, +86397..+86400; and the client's
    # second, outside the window, drawn apart before it.
    assert html.count('<li class="tick') == 16
    timeline = html.split('class="timeline"')[1].split("</ol>")[0]
    assert timeline.count(" client") == 1
    outside = timeline.split('<li class="tick client outside">')[1].split("</li>")[0]
    assert "-1000002 s" in outside
    assert '<span class="when">08:26:40</span>' in outside
    assert "<strong>Client signed:</strong> 2023-11-03 08:26:40 UTC" in html
    assert "… 86,393 seconds not shown …" in html


def test_no_window_setting_draws_the_one_second_tried(client: FlaskClient) -> None:
    data = {**APIAXLE_FORM, "window": ""}
    html = client.post("/", data=data, headers={"HX-Request": "true"}).get_data(as_text=True)
    # The one second tried, and the client's (-2 s) drawn apart.
    assert html.count('<li class="tick') == 2
    assert html.count('<li class="tick client outside">') == 1
    assert "not shown" not in html
    assert "try 1" in html


def test_window_view_counts_gaps_in_the_entries_not_in_the_seconds() -> None:
    # Entries need not be contiguous: the gap counts the seconds tried, not the clock's.
    entries = [WindowEntry(epoch, epoch, "", "", epoch == 50) for epoch in (0, *range(10, 100))]
    view = window_view(entries, client=50)
    drawn = [item.entry.epoch if isinstance(item, Tick) else -item.seconds for item in view.items]
    assert drawn == [0, -37, 47, 48, 49, 50, 51, 52, 53, -42, 96, 97, 98, 99]
    assert view.accepted is not None
    assert view.accepted.order == 42
    assert view.tries == 91


def test_a_long_comparison_shows_its_changes_first_and_the_rest_on_demand(
    client: FlaskClient,
) -> None:
    expected = "".join(f"line {i}\n" for i in range(20_000))
    actual = expected.replace("line 19990\n", "line 19990 \n").replace("line 10\n", "line 10!\n")
    data = {
        "compare_expected_source": "paste",
        "compare_expected": expected,
        "compare_actual": actual,
    }
    html = client.post("/", data=data, headers={"HX-Request": "true"}).get_data(as_text=True)
    shown = html.split('id="comparison-diff"')[1].split("</pre>")[0]
    assert "<ins>!</ins>" in shown
    assert "unchanged characters" in shown
    assert len(html) < 100_000
    response = client.post(
        "/", data={**data, "part": "1", "expand": "comparison"}, headers={"HX-Request": "true"}
    )
    whole = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<ins>!</ins>" in whole
    assert '<ins><span class="ch-space" data-m="·" title="space"> </span></ins>' in whole


# --- the page built from the registry: a scheme registered at run time -------------------


@pytest.fixture
def toys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SCHEMES, TOY.name, TOY)
    monkeypatch.setitem(SCHEMES, TOY_WITH_INPUTS.name, TOY_WITH_INPUTS)


def _field(html: str, field_id: str) -> str:
    """The ``<div class="field">`` holding the element ``field_id``."""
    at = html.index(f'id="{field_id}"')
    start = html.rindex('<div class="field', 0, at)
    return html[start : html.index("</div>", at)]


@pytest.mark.usefixtures("toys")
def test_a_registered_scheme_is_in_the_menu_with_its_own_fields(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert '<option value="toy" >Toy</option>' in html
    assert '<option value="toyful" >Toy with inputs</option>' in html
    nonce = _field(html, "f-nonce")
    assert ">Nonce</label>" in nonce
    assert "A one-time value the toy client signs last." in nonce
    assert 'data-schemes="toyful"' in nonce
    assert " hidden>" in nonce  # the menu opens on another scheme
    tolerance = _field(html, "f-tolerance")
    assert ">Tolerance</label>" in tolerance
    assert "How many <code>nonce</code> reuses the toy server forgives." in tolerance
    assert 'value="2"' in tolerance  # the declared initial value
    assert 'inputmode="numeric"' in tolerance
    # the request fields show for the toys too, which read them
    assert "toy toyful" in _field(html, "f-body")


@pytest.mark.usefixtures("toys")
def test_the_fields_of_the_scheme_picked_are_shown(client: FlaskClient) -> None:
    data = {"scheme": "toyful", "nonce": "n-1", "tolerance": "5", "secret": "s"}
    html = client.post("/", data=data).get_data(as_text=True)
    assert '<option value="toyful" selected>' in html
    assert " hidden>" not in _field(html, "f-nonce")
    assert 'name="nonce" value="n-1"' in html
    assert 'name="tolerance" value="5"' in html
    assert " hidden>" in _field(html, "f-timestamp")  # ApiAxle's, not the toy's
    assert " hidden>" in _field(html, "f-headers")


@pytest.mark.usefixtures("toys")
def test_the_form_sends_the_inputs_its_scheme_declares() -> None:
    form = FormState.from_mapping(
        {"scheme": "toyful", "method": "put", "path": " /t ", "body": "a\r\nb", "secret": "s"}
        | {"nonce": "n-1", "tolerance": "", "timestamp": "1700000000", "headers": "X: 1"}
    )
    assert form.to_input() == {
        "scheme": "toyful",
        "method": "put",
        "path": "/t",
        "body": "a\nb",
        "secret": "s",
        "nonce": "n-1",
    }  # an empty non-nullable number takes the API's default; undeclared fields stay out
    assert (
        FormState.from_mapping({"scheme": "toyful", "tolerance": "x", "secret": "s"}).value(
            "tolerance"
        )
        == "x"
    )
    with pytest.raises(InputError, match="`x` is not a whole number"):
        FormState.from_mapping({"scheme": "toyful", "tolerance": "x", "secret": "s"}).to_input()


@pytest.mark.usefixtures("toys")
@pytest.mark.parametrize("hx", [False, True], ids=["page", "fragment"])
def test_posting_the_form_signs_a_registered_scheme(client: FlaskClient, hx: bool) -> None:
    data = {"scheme": "toy", "method": "PUT", "path": "/t/1", "body": "hi\r\nthere", "secret": "k"}
    html = client.post("/", data=data, headers={"HX-Request": "true"} if hx else {}).get_data(
        as_text=True
    )
    expected = expected_hex("k", "PUT", "/t/1", "hi\nthere")
    assert f'<code id="sig-hex">{expected}</code>' in html
    assert '<strong id="body-line-endings">LF</strong>' in html  # the toy signs a body


def test_a_scheme_without_a_body_says_nothing_of_line_endings(client: FlaskClient) -> None:
    html = client.get("/?preset=apiaxle-docs").get_data(as_text=True)
    assert 'id="sig-hex"' in html
    assert "body-line-endings" not in html


# --- what every page and fragment carries ----------------------------------------------


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value or "" for name, value in attrs if name == "id"]


def _ids(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return parser.ids


HX = {"HX-Request": "true"}
RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
SIGNED_CURL = "curl 'https://api.example.com/v1/x?a=1' -H 'X-Signature: abc'"


@pytest.mark.parametrize(
    ("path", "data", "headers"),
    [
        ("/", None, {}),
        ("/?preset=apiaxle-docs", None, {}),
        ("/", FORM, {}),
        ("/", FORM, HX),
        ("/", FORM, RESTORE),
        ("/", {**FORM, "signature": "00", "compare_actual": "x"}, HX),
        ("/", {**FORM, "part": "1", "expand": "sts"}, HX),
        ("/import", {**FORM, "evidence": SIGNED_CURL}, {}),
        ("/import", {**FORM, "evidence": SIGNED_CURL}, HX),
        ("/import", {**FORM, "evidence": "curl --frobnicate"}, HX),
        ("/nowhere", None, HX),
    ],
    ids=[
        "page",
        "preset",
        "post",
        "fragment",
        "history-restore",
        "fragment-verdict-compare",
        "part",
        "import",
        "import-htmx",
        "import-error-htmx",
        "404-htmx",
    ],
)
def test_every_id_is_unique_on_every_page_and_fragment(
    client: FlaskClient, path: str, data: dict[str, str] | None, headers: dict[str, str]
) -> None:
    if data is None:
        response = client.get(path, headers=headers)
    else:
        response = client.post(path, data=data, headers=headers)
    ids = _ids(response.get_data(as_text=True))
    assert ids, "the answer has ids"
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


@pytest.mark.parametrize("headers", [{}, HX, RESTORE], ids=["page", "fragment", "restore"])
def test_html_answers_vary_by_htmx_headers(client: FlaskClient, headers: dict[str, str]) -> None:
    for response in (
        client.get("/", headers=headers),
        client.post("/", data=FORM, headers=headers),
        client.post("/import", data={**FORM, "evidence": SIGNED_CURL}, headers=headers),
        client.get("/nowhere", headers=headers),
    ):
        assert {"HX-Request", "HX-History-Restore-Request"} <= set(response.vary), response
    assert "HX-Request" not in client.get("/api/v1/schemes").vary


def test_the_read_escapes_hint_shows_the_escapes_as_text(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    hint = html[html.index('name="compare_escapes"') : html.index("(for strings printed by a log)")]
    assert r"<code>\n</code>, <code>\r\n</code>, <code>\t</code>, <code>\u00e9</code>" in hint
    assert not {"\n", "\r", "\t"} & set(hint)


def test_a_right_signature_refused_by_the_clock_shows_no_empty_fix(client: FlaskClient) -> None:
    [preset] = [p for p in PRESETS if p.id == "stripe-event"]
    late = {**preset.fields, "server_time": str(int(preset.fields["timestamp"]) + 400)}
    html = client.post("/", data=late).get_data(as_text=True)
    verdict = html.split('id="verdict"')[1].split("</ol>")[0]
    assert "400 s old: more than the 300 s tolerated" in verdict
    assert "<strong>Fix:</strong> </p>" not in verdict
    assert "Mistakes: </p>" not in verdict


@pytest.mark.parametrize(
    ("preset_id", "step"),
    [
        ("rfc9421-b25", "content_digest"),
        ("rfc9421-b25", "signature_base"),
        ("oauth1-rfc5849", "signing_key"),
    ],
)
def test_a_step_that_derives_its_output_is_shown_plain(
    client: FlaskClient, preset_id: str, step: str
) -> None:
    """A digest, or a step whose input describes what it gathers: a character diff of the
    two would mark meaningless fragments."""
    html = client.get(f"/?preset={preset_id}").get_data(as_text=True)
    section = html.split(f'id="step-{step}"')[1].split('id="step-')[0]
    assert "<del" not in section
    assert "<ins" not in section
