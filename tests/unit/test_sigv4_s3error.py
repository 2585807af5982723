"""S3's ``SignatureDoesNotMatch`` error body pasted into Compare: read as the part of the
same kind as the other side, byte for byte, and refused safely when it is not plain XML."""

from __future__ import annotations

import pytest

from app.core.compare import compare
from app.core.errors import InputError
from app.core.s3error import line_up, read_s3_error, signed_text, wanted_part

# What S3 computed for a GET of /examplebucket/my%20file (the request it received).
S3_CANONICAL = (
    "GET\n/examplebucket/my%20file\n\nhost:s3.amazonaws.com\n"
    "x-amz-content-sha256:UNSIGNED-PAYLOAD\nx-amz-date:20150830T123600Z\n\n"
    "host;x-amz-content-sha256;x-amz-date\nUNSIGNED-PAYLOAD"
)
S3_STRING = (
    "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/s3/aws4_request\n"
    "0f4d7ba4a6fbf37e0d3a0b3f0f56d9c2ab3a36e0de6c1e4a1a8d8c1e4d2c9e11"
)


def error_body(canonical: str = S3_CANONICAL, *, with_bytes: bool = False) -> str:
    hex_bytes = " ".join(f"{byte:02x}" for byte in canonical.encode())
    extra = f"<CanonicalRequestBytes>{hex_bytes}</CanonicalRequestBytes>" if with_bytes else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code>'
        "<Message>The request signature we calculated does not match the signature you "
        "provided. Check your key and signing method.</Message>"
        "<AWSAccessKeyId>AKIDEXAMPLE</AWSAccessKeyId>"
        f"<StringToSign>{S3_STRING}</StringToSign>"
        "<SignatureProvided>5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        f"</SignatureProvided><CanonicalRequest>{canonical}</CanonicalRequest>{extra}"
        "<RequestId>4442587FB7D0A2F9</RequestId></Error>"
    )


def test_the_error_is_read_whole() -> None:
    found = read_s3_error(error_body(), "actual")
    assert found is not None
    assert (found.code, found.canonical_request, found.string_to_sign) == (
        "SignatureDoesNotMatch",
        S3_CANONICAL,
        S3_STRING,
    )


def test_the_bytes_win_over_the_text_xml_reflows() -> None:
    # XML turns a CR LF in the text into LF; the hex bytes keep the CR.
    canonical = S3_CANONICAL.replace("\nhost;", "\r\nhost;")
    found = read_s3_error(error_body(canonical, with_bytes=True), "actual")
    assert found is not None
    assert found.canonical_request == canonical
    assert found.canonical_source == "`<CanonicalRequestBytes>`"


def test_a_canonical_request_lines_up_against_the_error_canonical_request() -> None:
    ours = S3_CANONICAL.replace("my%20file", "my%2520file")
    left, right = line_up(ours, error_body())
    assert (left.text, right.text) == (ours, S3_CANONICAL)
    assert right.note is not None
    assert "canonical request" in right.note
    answer = compare(ours, error_body())
    assert answer.first_difference is not None
    assert answer.first_difference.line == 2
    assert any("S3's `SignatureDoesNotMatch` error" in note for note in answer.notes)


def test_a_string_to_sign_lines_up_against_the_error_string_to_sign() -> None:
    ours = S3_STRING[:-1] + "0"
    left, right = line_up(error_body(), ours)
    assert (left.text, right.text) == (S3_STRING, ours)
    assert left.note is not None
    assert left.note.startswith("Expected: S3's")


def test_text_that_is_no_s3_error_is_compared_as_pasted() -> None:
    left, right = line_up("GET\n/", "<b>GET</b>")
    assert (left.text, right.text, left.note, right.note) == ("GET\n/", "<b>GET</b>", None, None)


@pytest.mark.parametrize(
    "text",
    [
        '<?xml version="1.0"?><!DOCTYPE e [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        "<Error><StringToSign>&b;</StringToSign></Error>",
        "<Error><StringToSign>unclosed</Error>",
    ],
    ids=["entity declarations", "broken xml"],
)
def test_a_hostile_or_broken_body_is_refused_and_compared_as_pasted(text: str) -> None:
    with pytest.raises(InputError):
        read_s3_error(text, "actual")
    _, right = line_up("GET", text)
    assert right.text == text
    assert right.note is not None
    assert "compared as pasted" in right.note


def test_bad_hex_bytes_are_named() -> None:
    body = error_body().replace(
        "</Error>", "<CanonicalRequestBytes>zz</CanonicalRequestBytes></Error>"
    )
    with pytest.raises(InputError, match="CanonicalRequestBytes"):
        read_s3_error(body, "actual")


def test_the_page_compares_the_canonical_request_and_signs_the_string_to_sign() -> None:
    assert wanted_part(error_body()) == "canonical_request"
    assert wanted_part("GET\n/") is None
    assert signed_text(error_body()) == S3_STRING
    assert signed_text("GET\n/") == "GET\n/"


def test_a_large_canonical_request_is_read_whole() -> None:
    canonical = "GET\n/" + "a" * 500_000 + "\n\nhost:x\n\nhost\nUNSIGNED-PAYLOAD"
    found = read_s3_error(error_body(canonical, with_bytes=True), "actual")
    assert found is not None
    assert found.canonical_request == canonical


@pytest.mark.parametrize(
    ("ours", "theirs", "section"),
    [
        (S3_CANONICAL.replace("my%20file", "my%2520file"), error_body(), "canonical_uri"),
        (
            S3_CANONICAL,
            error_body(S3_CANONICAL.replace("\n\nhost:", "\nx=1\nhost:")),
            "canonical_query",
        ),
        (
            S3_CANONICAL.replace("UNSIGNED-PAYLOAD\nx-amz-date", "e3b0\nx-amz-date"),
            error_body(),
            "canonical_headers",
        ),
        (S3_CANONICAL.replace("host;", "host;range;"), error_body(), "signed_headers"),
        (S3_CANONICAL[:-1], error_body(), "payload_hash"),
        (S3_STRING.replace("us-east-1", "eu-west-1"), error_body(), "credential_scope"),
        (S3_STRING.replace("T123600Z", "T123700Z"), error_body(), "request_date"),
        (S3_STRING[:-1] + "f", error_body(), "canonical_request_hash"),
    ],
    ids=["uri", "query", "headers", "signed headers", "payload", "scope", "date", "hash"],
)
def test_the_first_difference_is_named_by_sigv4_section(
    ours: str, theirs: str, section: str
) -> None:
    answer = compare(ours, theirs, "aws-sigv4", "header")
    assert answer.first_difference is not None
    assert answer.first_difference.sections == (section,)
