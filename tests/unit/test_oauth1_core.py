"""OAuth 1.0a's pure pieces against oauthlib (4.0.1): the encoding, the base string URI."""

from __future__ import annotations

import pytest
from oauthlib.oauth1.rfc5849 import signature, utils

from app.core.request import SignRequest
from app.core.schemes.oauth1.encoding import ENCODERS, FORM, URI_COMPONENT, enc
from app.core.schemes.oauth1.layout import read
from app.core.schemes.oauth1.uri import base_uri, origin_of

#: Every ASCII character, a few of every UTF-8 length, and what encoders disagree on.
TEXTS = [chr(code) for code in range(128)] + ["é", "€", "𝄞", "a b+c", "it's (very) *good*!~"]


@pytest.mark.parametrize("text", TEXTS)
def test_enc_is_oauthlibs_escape(text: str) -> None:
    assert enc(text) == utils.escape(text)


def test_the_mistaken_encoders_differ_where_clients_do() -> None:
    assert ENCODERS[URI_COMPONENT]("!*'() ~") == "!*'()%20~"
    assert ENCODERS[FORM]("a b") == "a+b"
    assert enc("!*'() ~") == "%21%2A%27%28%29%20~"


@pytest.mark.parametrize(
    ("origin", "path"),
    [
        ("HTTP://Example.COM:80", "/request"),
        ("https://example.com:443", ""),
        ("https://example.com:8443", "/a%7Eb/c d"),
        ("http://[0:0::1]:8080", "/x;p"),
        ("http://127.0.0.1", "/?ignored=1"),
    ],
)
def test_base_uri_is_oauthlibs(origin: str, path: str) -> None:
    request = SignRequest(path=path, inputs=(("origin", origin),))
    assert base_uri(origin_of(request), path) == signature.base_string_uri(origin + path)


def test_the_host_header_stands_in_for_a_missing_origin() -> None:
    request = SignRequest(headers=(("Host", "API.example.com"),))
    assert base_uri(origin_of(request), "/v1") == "https://api.example.com/v1"


def test_the_layout_reads_method_uri_and_parameters() -> None:
    text = "POST&http%3A%2F%2Fexample.com%2Frequest&a%3D1"
    [reading] = read(text)
    assert [(name, text[start:end]) for name, start, end in reading] == [
        ("method", "POST&"),
        ("base_uri", "http%3A%2F%2Fexample.com%2Frequest&"),
        ("params", "a%3D1"),
    ]
