"""The page's text boxes: what the form reads, and what an import writes into them."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.importers import import_text
from app.core.schemes import SCHEMES
from app.web.form import FormState, imported, line_endings_note, param_text, parse_param_text
from tests.reference import node

# Form posts are UTF-8, so the boxes never hold lone surrogates.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)


@settings(derandomize=True, database=None, deadline=None, max_examples=300)
@given(st.lists(st.tuples(TEXT, TEXT), max_size=4))
def test_param_text_reads_back_as_the_same_pairs(pairs: list[tuple[str, str]]) -> None:
    assert parse_param_text(param_text(pairs)) == [list(pair) for pair in pairs]


@pytest.mark.parametrize(
    ("pairs", "text"),
    [
        ([("limit", "10"), ("q", "a&b")], "limit=10\nq=a&b"),  # several lines: as typed
        ([("q", "a b")], "q=a b"),
        ([("q", "a&b")], "?q=a%26b"),  # one line with `&` would be read as a query string
        ([("?q", "1")], "?%3Fq=1"),
        ([("a=b", "c")], "?a%3Db=c"),
        ([("note", "two\nlines")], "?note=two%0Alines"),
    ],
)
def test_param_text_stays_readable_where_it_can(pairs: list[tuple[str, str]], text: str) -> None:
    assert param_text(pairs) == text


def test_an_imported_param_with_an_ampersand_is_signed_as_imported(client: FlaskClient) -> None:
    # The page signs the form as it shows it. Writing the param as `q=tom&jerry` made the
    # box read a query string, q=tom and jerry=, and sign that.
    evidence = "curl 'https://api.example.com/v1/search?q=tom%26jerry'"
    data = {"evidence": evidence, "secret": "s3cret", "scheme": "actionstreamer:tutorial"}
    html = client.post("/import", data=data).get_data(as_text=True)
    assert ">?q=tom%26jerry</textarea>" in html
    expected = "GET\n/v1/search\n\nq: tom&jerry\n"
    [hex_value] = node.hmac_hex([("sha256", b"s3cret", expected.encode())])
    assert f'<code id="sig-hex">{hex_value}</code>' in html


@pytest.mark.parametrize(
    ("body", "counts"),
    [
        ("a\r\nb\nc", "1 CRLF, 1 LF"),
        ("a\rb", "1 lone CR"),
        ("--x\r\nfile\nline\n--x--\r\n", "2 CRLF, 2 LF"),
    ],
)
def test_an_imported_body_with_mixed_line_endings_is_flagged(
    client: FlaskClient, body: str, counts: str
) -> None:
    # A text area holds one kind of line ending; a HAR can carry a body with both.
    entry = {
        "request": {
            "method": "POST",
            "url": "https://api.example.com/v1/upload",
            "headers": [],
            "postData": {"mimeType": "text/plain", "text": body},
        }
    }
    evidence = json.dumps({"log": {"entries": [entry]}})
    html = client.post("/import", data={"evidence": evidence}).get_data(as_text=True)
    assert 'id="import-summary"' in html
    assert f"The body mixes line endings ({counts})" in html


@pytest.mark.parametrize("body", ["", "a\nb\n", "a\r\nb\r\n", "no newline"])
def test_a_body_with_one_kind_of_line_ending_is_not_flagged(body: str) -> None:
    assert line_endings_note(body) is None


def test_the_own_headers_buttons_add_what_the_variants_markers_recognise() -> None:
    """The "Add the SDK's own headers" button adds a variant's ``own_headers``; a request
    carrying them must be recognised as that variant's (its ``markers``)."""
    declared = [v for scheme in SCHEMES.values() for v in scheme.variants if v.own_headers]
    assert declared, "a variant declares its clients' own headers"
    for variant in declared:
        added = {name.lower(): value.partition("{")[0] for name, value in variant.own_headers}
        for name, prefix in variant.markers:
            assert name in added, (variant.id, name)
            assert added[name].startswith(prefix), (variant.id, name)


def test_an_import_fills_the_scheme_and_the_inputs_it_found() -> None:
    evidence = (
        "curl https://api.example.com/v1/x -H 'Authorization: HMAC-SHA256 AK' "
        "-H 'X-AccessKey: AK' -H 'X-Nonce: n-1' -H 'X-Timestamp: 1700000000' "
        "-H 'X-Signature: abc'"
    )
    form = FormState.from_mapping({"scheme": "apiaxle", "secret": "s", "timestamp": "5"})
    after = imported(form, import_text(evidence))
    assert after.scheme == "actionstreamer:sdk"
    assert (after.secret, after.api_key, after.signature) == ("s", "AK", "abc")
    assert after.value("timestamp") == "1700000000"
    # the menu stays on the scheme when the evidence does not name a variant
    plain = "curl https://api.example.com/v1/x -H 'X-Signature: abc'"
    sdk = FormState.from_mapping({"scheme": "actionstreamer:sdk", "secret": "s"})
    assert imported(sdk, import_text(plain)).scheme == "actionstreamer:sdk"
    assert imported(form, import_text(plain)).scheme == "actionstreamer:tutorial"
