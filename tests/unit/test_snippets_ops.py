"""Each operation of the program IR, in every language, against plain Python written here.

The schemes' programs use some operations only for some requests (a description that
sorts by name and value, a key in base64 behind a prefix); these programs use every one, on
values that test them (repeated and mixed-case names, inner whitespace runs, characters
to percent-encode, non-ASCII), so every emitter's version of each is run.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from urllib.parse import quote, quote_plus

import pytest

from app.core.snippets import LANGUAGES, Snippet, written_in
from app.core.snippets.evaluate import output
from app.core.snippets.ir import Builder, Program
from tests.snippets import run

PAIRS = (
    ("B-Name", "  two\t words  "),
    ("a", "x y/z"),
    ("b-name", "é~*'!"),
    ("a", "x y/z"),
    ("A", "1+1=2&3"),
    ("Zeta", "\u3000wide\u3000"),
)
BODY = '{"amount": 10, "note": "caf\u00e9 \u20ac"}'
RAW_KEY = b"\x00key bytes\xff"
#: Each program's secret as the environment holds it, and the key bytes it decodes to.
SECRETS = {
    "base64": "whsec_" + base64.b64encode(RAW_KEY).decode().rstrip("="),
    "hex": RAW_KEY.hex(),
    "text": "whsec_text s\u00e9cret",
}


def _first() -> tuple[Program, str]:
    """rfc3986, name-then-value order, SHA-256 hex and MD5 base64 of the body, a base64 key
    behind a stripped prefix, HMAC-SHA384 in base64url."""
    build = Builder("ops", "pairs")
    pairs = build.pairs("pairs", PAIRS)
    lowered = build.lower_names("lowered", pairs)
    trimmed = build.trim_values("trimmed", lowered)
    unique = build.unique_pairs("unique", trimmed)
    encoded = build.encode_pairs("encoded", unique, "rfc3986")
    ordered = build.sort_pairs("ordered", encoded, "name_value")
    query = build.render_pairs("query", ordered, "=", "&")
    build.step = "body"
    body = build.text("body", BODY)
    body_hex = build.hash("body_hex", "sha256", body, "hex")
    body_md5 = build.hash("body_md5", "md5", body, "base64")
    method = build.upper("method", build.text("verb", "pOst"))
    host = build.lower("host", build.text("host_given", "API.Example.COM"))
    message = build.join("message", "\n", [method, host, query, body_hex, body_md5])
    build.step = "hmac"
    digest = build.hmac("sha384", build.secret_key("base64", "whsec_"), message)
    return build.build(build.encode("signature", digest, "base64url"), ()), SECRETS["base64"]


def _second() -> tuple[Program, str]:
    """form encoding, case-insensitive order, HMAC-MD5 in upper-case hex, a hex key."""
    build = Builder("ops", "pairs")
    pairs = build.pairs("pairs", PAIRS)
    encoded = build.encode_pairs("encoded", pairs, "form")
    ordered = build.sort_pairs("ordered", encoded, "name_insensitive")
    message = build.render_pairs("message", ordered, ":", "", "\n")
    digest = build.hmac("md5", build.secret_key("hex"), message)
    return build.build(build.encode("signature", digest, "hex_upper"), ()), SECRETS["hex"]


def _third() -> tuple[Program, str]:
    """code-point order by name, HMAC-SHA512 in base64, a text key whose prefix stays."""
    build = Builder("ops", "pairs")
    ordered = build.sort_pairs("ordered", build.pairs("pairs", PAIRS), "name")
    message = build.render_pairs("message", ordered, "=", "&")
    digest = build.hmac("sha512", build.secret_key("text"), message)
    return build.build(build.encode("signature", digest, "base64"), ()), SECRETS["text"]


def _fourth() -> tuple[Program, str]:
    """an empty string to sign: a shell group with nothing in it is a syntax error."""
    build = Builder("ops", "body")
    digest = build.hmac("sha256", build.secret_key("text"), build.text("body", ""))
    return build.build(build.encode("signature", digest, "hex"), ()), SECRETS["text"]


TOKEN = "TOKEN_SECRET_FOR_TEST"


def _fifth() -> tuple[Program, dict[str, str]]:
    """a key built as text from two secrets, each percent-encoded (OAuth 1.0a's), and the
    signature percent-encoded into its header (RFC 3986 and form)."""
    build = Builder("ops", "signing_key")
    consumer = build.percent_encode_bytes("consumer", build.secret_key("base64"))
    token = build.percent_encode("token", build.env("token_text", TOKEN), "form")
    key = build.utf8("key", build.concat("key_text", consumer, "&", token))
    digest = build.hmac("sha1", key, build.text("base", "GET&a b&\u00e9"))
    signature = build.encode("signature", digest, "base64")
    carried = build.concat(
        "header", 'OAuth oauth_signature="', build.percent_encode("quoted", signature), '"'
    )
    secret = base64.b64encode(b"s&e=c r+t\xff").decode()
    return build.build(carried, ()), {"SIGSCOPE_SECRET": secret, TOKEN: "t/k n"}


def _sixth() -> tuple[Program, str]:
    """a derived key: a prefix before the secret's bytes, then HMACs chained (SigV4's)."""
    build = Builder("ops", "k_date")
    key = build.prefix_bytes("aws4_key", "AWS4", build.secret_key("text"))
    for message in ("20150830", "us-east-1", "iam", "aws4_request"):
        key = build.hmac("sha256", key, build.text("scope_part", message))
    digest = build.hmac("sha256", key, build.text("string", "AWS4-HMAC-SHA256\n..."))
    return build.build(build.encode("signature", digest, "hex"), ()), SECRETS["text"]


#: A multipart body: its text, and a chunk of it, start with `-`, which `printf` would
#: read as an option.
DASHES = "--frontier\r\n" + "-" * 100


def _seventh() -> tuple[Program, str]:
    """a string to sign whose pieces start with `-` (a multipart body)."""
    build = Builder("ops", "body")
    digest = build.hmac("sha256", build.secret_key("text"), build.text("body", DASHES))
    return build.build(build.encode("signature", digest, "hex"), ()), SECRETS["text"]


def _by_hand() -> list[str]:
    """The three signatures, computed here with the standard library alone."""
    lowered = [(name.lower(), re.sub(r"\s+", " ", value.strip())) for name, value in PAIRS]
    unique = list(dict.fromkeys(lowered))
    encoded = sorted((quote(n, safe="-_.~"), quote(v, safe="-_.~")) for n, v in unique)
    query = "&".join(f"{n}={v}" for n, v in encoded)
    data = BODY.encode()
    message = "\n".join(
        [
            "POST",
            "api.example.com",
            query,
            hashlib.sha256(data).hexdigest(),
            base64.b64encode(hashlib.md5(data).digest()).decode(),  # noqa: S324 - tested
        ]
    )
    first = base64.urlsafe_b64encode(hmac.digest(RAW_KEY, message.encode(), "sha384")).decode()
    form = [(quote_plus(n, safe="-_.~"), quote_plus(v, safe="-_.~")) for n, v in PAIRS]
    form.sort(key=lambda pair: pair[0].lower())
    second_message = "".join(f"{n}:{v}\n" for n, v in form)
    second = hmac.digest(RAW_KEY, second_message.encode(), "md5").hex().upper()
    third_message = "&".join(f"{n}={v}" for n, v in sorted(PAIRS, key=lambda pair: pair[0]))
    third_key = SECRETS["text"].encode()
    third = base64.b64encode(hmac.digest(third_key, third_message.encode(), "sha512")).decode()
    fourth = hmac.digest(SECRETS["text"].encode(), b"", "sha256").hex()
    consumer = quote(b"s&e=c r+t\xff", safe="-_.~")
    fifth_key = f"{consumer}&{quote_plus('t/k n', safe='-_.~')}"
    fifth_digest = hmac.digest(fifth_key.encode(), "GET&a b&\u00e9".encode(), "sha1")
    fifth = f'OAuth oauth_signature="{quote(base64.b64encode(fifth_digest).decode(), safe="")}"'
    sixth_key = b"AWS4" + SECRETS["text"].encode()
    for message in ("20150830", "us-east-1", "iam", "aws4_request"):
        sixth_key = hmac.digest(sixth_key, message.encode(), "sha256")
    sixth = hmac.digest(sixth_key, b"AWS4-HMAC-SHA256\n...", "sha256").hex()
    seventh = hmac.digest(SECRETS["text"].encode(), DASHES.encode(), "sha256").hex()
    return [first, second, third, fourth, fifth, sixth, seventh]


PROGRAMS: list[tuple[Program, run.Secrets]] = [
    _first(),
    _second(),
    _third(),
    _fourth(),
    _fifth(),
    _sixth(),
    _seventh(),
]
EXPECTED = _by_hand()


def test_the_programs_mean_what_plain_python_computes() -> None:
    assert [output(program, secret) for program, secret in PROGRAMS] == EXPECTED


#: WebCrypto has no MD5: its programs say so instead (``test_webcrypto_says_it_has_no_md5``).
USES_MD5 = {0, 1}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_operation_in_every_language(language: str) -> None:
    if not run.required(language):
        return  # reported in the run's summary: see run.OPTIONAL
    chosen = [i for i in range(len(PROGRAMS)) if language != "webcrypto" or i not in USES_MD5]
    printed = run.batch(language, [PROGRAMS[i] for i in chosen])
    assert printed == [EXPECTED[i] for i in chosen]


def snippets_of(program: Program) -> list[Snippet]:
    return [
        Snippet(lang.id, lang.label, lang.filename, written_in(lang, program), lang.command)
        for lang in LANGUAGES.values()
    ]


def test_webcrypto_says_it_has_no_md5() -> None:
    program, _ = PROGRAMS[1]
    snippet = next(s for s in snippets_of(program) if s.language == "webcrypto")
    assert snippet.code.startswith("// WebCrypto has no HMAC-MD5")


def test_the_shell_says_what_of_a_secret_it_cannot_compute() -> None:
    build = Builder("ops", "signing_key")
    key = build.utf8("key", build.lower("lowered", build.env("token_text", TOKEN)))
    digest = build.hmac("sha256", key, build.text("message", "m"))
    program = build.build(build.encode("signature", digest, "hex"), ())
    snippet = next(s for s in snippets_of(program) if s.language == "shell")
    assert snippet.code.startswith("# A shell program cannot compute `lower` of a secret value")
