"""Read S3's ``SignatureDoesNotMatch`` error body, and line it up with a string to compare.

When S3 refuses a signature, its XML error carries what S3 itself computed:

    <Error><Code>SignatureDoesNotMatch</Code>...
      <StringToSign>AWS4-HMAC-SHA256&#10;20150830T123600Z&#10;...</StringToSign>
      <CanonicalRequest>GET&#10;/&#10;...</CanonicalRequest>
      <CanonicalRequestBytes>47 45 54 0a ...</CanonicalRequestBytes>
    </Error>

Pasted into Compare, the error is read as the string of the same kind as the other side:
its canonical request against a canonical request, its string to sign against a string to
sign. ``CanonicalRequestBytes`` (hex, byte for byte) wins over the ``CanonicalRequest`` text,
which XML may have reflowed (``\\r\\n`` becomes ``\\n``).

Pure, and safe on untrusted text: a document type declaration (the door to entity
expansion) is refused before parsing, and expat reads the rest in linear time.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

from app.core.errors import InputError

#: The first line of every SigV4 string to sign.
STRING_TO_SIGN_START = "AWS4-HMAC-SHA256\n"
#: A text is read as an S3 error only when it starts like one and names these elements.
_MARKERS = ("<StringToSign>", "<CanonicalRequest>", "<CanonicalRequestBytes>")


@dataclass(frozen=True)
class S3Error:
    """What S3's error body says it computed (``""`` for a part it left out)."""

    code: str
    canonical_request: str
    string_to_sign: str
    #: How the canonical request was read: from its bytes or its text.
    canonical_source: str


def _looks_like(text: str) -> bool:
    start = text.lstrip()[:200]
    return start.startswith(("<?xml", "<Error")) and any(mark in text for mark in _MARKERS)


def _from_hex(field: str, hex_bytes: str) -> str:
    try:
        return bytes.fromhex(hex_bytes).decode("utf-8")
    except ValueError:
        raise InputError(
            field, "`<CanonicalRequestBytes>` is not hex bytes of UTF-8 text (`47 45 54 0a …`)."
        ) from None


def read_s3_error(text: str, field: str) -> S3Error | None:
    """The S3 error ``text`` holds, or ``None`` when it is not one. An error body that does
    not parse, or declares a document type, is an ``InputError`` on ``field``."""
    if not _looks_like(text):
        return None
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        raise InputError(field, "The XML declares a document type: Sigscope does not read those.")
    try:
        # No DTD got this far, so no entity can be declared: expat reads the rest linearly.
        root = ElementTree.fromstring(text.strip())  # noqa: S314
    except ElementTree.ParseError as error:
        raise InputError(field, f"The S3 error's XML does not parse: {error}.") from None

    def child(name: str) -> str:
        found = root.find(name)
        return "" if found is None or found.text is None else found.text

    hex_bytes = child("CanonicalRequestBytes")
    canonical = _from_hex(field, hex_bytes) if hex_bytes.strip() else child("CanonicalRequest")
    source = "`<CanonicalRequestBytes>`" if hex_bytes.strip() else "`<CanonicalRequest>`"
    return S3Error(child("Code"), canonical, child("StringToSign"), source)


@dataclass(frozen=True)
class Side:
    """One side of a comparison, with how it was read (``None``: as pasted)."""

    text: str
    note: str | None = None


def _part(error: S3Error, other: str, side: str) -> Side:
    """The part of ``error`` of the same kind as ``other``."""
    wants_string = other.startswith(STRING_TO_SIGN_START) or not error.canonical_request
    code = f" `{error.code}`" if error.code else ""
    if wants_string and error.string_to_sign:
        return Side(
            error.string_to_sign,
            f"{side}: S3's{code} error, read as its `<StringToSign>` (the other side is a "
            "string to sign).",
        )
    if not error.canonical_request:
        return Side(
            error.string_to_sign, f"{side}: S3's{code} error, read as its `<StringToSign>`."
        )
    return Side(
        error.canonical_request,
        f"{side}: S3's{code} error, read as its canonical request ({error.canonical_source}); "
        "compared section by section with the other side's canonical request.",
    )


def _read(text: str, side: str) -> S3Error | Side | None:
    """``text``'s S3 error, or, for one that does not read, the text as pasted with why."""
    try:
        return read_s3_error(text, side.lower())
    except InputError as error:
        return Side(
            text,
            f"{side}: looks like an S3 error but {error.message[0].lower()}"
            f"{error.message[1:]} It is compared as pasted.",
        )


def line_up(expected: str, actual: str) -> tuple[Side, Side]:
    """Either side that is an S3 error, read as its part of the same kind as the other."""
    ours, theirs = _read(expected, "Expected"), _read(actual, "Actual")
    if ours is None and theirs is None:  # the common case: no XML at all, nothing parsed
        return Side(expected), Side(actual)
    left = ours if isinstance(ours, Side) else Side(expected)
    if isinstance(ours, S3Error):
        left = _part(ours, actual, "Expected")
    right = theirs if isinstance(theirs, Side) else Side(actual)
    if isinstance(theirs, S3Error):
        right = _part(theirs, left.text, "Actual")
    return left, right


def wanted_part(actual: str) -> str | None:
    """The step a comparison of ``actual`` should take the form's side from: S3's error
    holds a canonical request, so compare it with the canonical request (``None``: the
    string to sign, as for any other text). Never raises: the comparison reports errors."""
    try:
        error = read_s3_error(actual, "actual")
    except InputError:
        return None
    return "canonical_request" if error is not None and error.canonical_request else None


def signed_text(actual: str) -> str:
    """What the client's side signs: S3's ``<StringToSign>`` for an S3 error, else the text."""
    try:
        error = read_s3_error(actual, "actual")
    except InputError:
        return actual
    return error.string_to_sign if error is not None and error.string_to_sign else actual
