"""Recognise an OAuth 1.0a request in evidence, and read every value its signature declares.

The protocol parameters travel in the ``Authorization: OAuth …`` header (RFC 5849 §3.5.1,
values percent-encoded and quoted), else in the query (§3.5.3) or the form body (§3.5.2).
Each ``oauth_*`` value goes to its input; ``oauth_signature``, decoded, is what the diagnosis
checks; ``realm`` is read though never signed. Only ``Content-Type`` is kept of the headers:
it decides whether the body is signed.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from app.core.request import Pairs
from app.core.schemes.evidence import Evidence, Reading
from app.core.schemes.oauth1.params import (
    BODY,
    FORM_TYPE,
    HEADER,
    NO_VERSION,
    PROTOCOL,
    QUERY,
    SIGNATURE_METHODS,
    form_pairs,
)
from app.core.schemes.oauth1.travel import SIGNATURE_PARAM

_SCHEME = "oauth "
#: A ``%XX`` escape left after one decoding: the value was percent-encoded twice.
_ESCAPED = re.compile(r"%[0-9A-Fa-f]{2}")
#: The inputs ``Reading`` carries in fields of its own.
_OWN_FIELDS = {"oauth_consumer_key", "oauth_timestamp"}
_KNOWN = {parameter for parameter, _ in PROTOCOL} | {SIGNATURE_PARAM}


def header_items(value: str) -> Pairs:
    """``name="value"`` items of an ``Authorization: OAuth`` value, quotes taken off and
    values as written, in order: commas inside quotes do not split (one pass)."""
    items: list[str] = []
    current: list[str] = []
    quoted = False
    for character in value:
        if character == '"':
            quoted = not quoted
        if character == "," and not quoted:
            items.append("".join(current))
            current = []
        else:
            current.append(character)
    items.append("".join(current))
    found = []
    for item in items:
        name, equals, written = item.strip().partition("=")
        written = written.strip()
        if len(written) >= 2 and written[0] == written[-1] == '"':
            written = written[1:-1]
        if equals:
            found.append((name.strip(), written))
    return tuple(found)


def _authorization(evidence: Evidence) -> Pairs | None:
    for name, value in evidence.headers:
        if name.lower() == "authorization" and value[: len(_SCHEME)].lower() == _SCHEME:
            return header_items(value[len(_SCHEME) :])
    return None


def _is_form(evidence: Evidence) -> bool:
    content_type = evidence.header("content-type") or ""
    return content_type.partition(";")[0].strip().lower() == FORM_TYPE


def _carrier(evidence: Evidence) -> tuple[str, Pairs, bool, str] | None:
    """Where the ``oauth_*`` parameters travel: the placement, its pairs, whether their
    values are still percent-encoded (the header's), and the source in words."""
    header = _authorization(evidence)
    if header is not None and any(name == SIGNATURE_PARAM for name, _ in header):
        return HEADER, header, True, "`oauth_signature=` in the `Authorization: OAuth` header"
    if evidence.param(SIGNATURE_PARAM) is not None:
        return QUERY, evidence.params, False, "the `oauth_signature` query parameter"
    if _is_form(evidence) and SIGNATURE_PARAM in evidence.body:
        pairs = form_pairs(evidence.body)
        if any(name == SIGNATURE_PARAM for name, _ in pairs):
            return BODY, pairs, False, "the `oauth_signature` field of the form body"
    return None


def _signature(written: str, decoded: str, where: str) -> tuple[str, tuple[str, ...]]:
    """The signature the diagnosis checks, and what its encoding shows, in words."""
    if _ESCAPED.search(decoded):
        return unquote(decoded), (
            "`oauth_signature` was percent-encoded twice (`%252B`, `%253D`): the server "
            "decodes it once and compares `…%2B…%3D` with its base64, a mismatch. Sigscope "
            "checks it decoded twice; encode it once.",
        )
    if where == HEADER and any(character in written for character in "+/="):
        return decoded, (
            "`oauth_signature` is not percent-encoded in the header (`+`, `/` or `=` raw): "
            "a server that form-decodes it reads `+` as a space. Encode it (RFC 5849 §3.5.1).",
        )
    if where != HEADER and " " in decoded:
        return decoded.replace(" ", "+"), (
            f"`oauth_signature` in the {where} holds a space: a `+` the client did not "
            "percent-encode, which form decoding reads as a space, so the server rejects it. "
            "Sigscope checks it with the `+` back; send `%2B`.",
        )
    return decoded, ()


def _values(pairs: Pairs, encoded: bool) -> dict[str, str]:
    """The ``oauth_*`` values by name, decoded (the first of a repeated one)."""
    values: dict[str, str] = {}
    for name, value in pairs:
        if name.startswith("oauth_"):
            values.setdefault(name, unquote(value) if encoded else value)
    return values


def _notes(values: dict[str, str], timestamp: int | None) -> tuple[str, ...]:
    notes = []
    extra = [name for name in values if name not in _KNOWN]
    if extra:
        notes.append(f"{', '.join(extra)}: not a protocol parameter Sigscope signs, left out.")
    method = values.get("oauth_signature_method", "")
    if method and method not in SIGNATURE_METHODS:
        notes.append(
            f"`oauth_signature_method` is `{method}`: Sigscope checks HMAC-SHA1 and "
            "HMAC-SHA256 only."
        )
    if timestamp is None:
        notes.append("`oauth_timestamp` is not whole seconds: fill in Timestamp.")
    return tuple(notes)


def read(evidence: Evidence) -> Reading | None:
    """The reading of an OAuth 1.0a request, or ``None`` when no ``oauth_signature`` travels."""
    carrier = _carrier(evidence)
    if carrier is None:
        return None
    where, pairs, encoded, source = carrier
    values = _values(pairs, encoded)
    written = next(value for name, value in pairs if name == SIGNATURE_PARAM)
    signature, signature_notes = _signature(written, values[SIGNATURE_PARAM], where)
    stamp = values.get("oauth_timestamp", "")
    timestamp = int(stamp) if stamp.isascii() and stamp.isdigit() else None
    inputs = [
        (name, values.get(parameter, ""))
        for parameter, name in PROTOCOL
        if parameter not in _OWN_FIELDS
    ]
    if not values.get("oauth_version"):
        inputs = [
            (name, NO_VERSION if name == "oauth_version" else value) for name, value in inputs
        ]
    realm = dict(pairs).get("realm", "") if where == HEADER else ""
    removed = tuple(dict.fromkeys(n for n, _ in evidence.params if n.startswith("oauth_")))
    return Reading(
        signature=signature,
        source=source,
        carriers=("authorization",) if where == HEADER else (),
        params_removed=removed if where == QUERY else (),
        api_key=values.get("oauth_consumer_key", ""),
        timestamp=timestamp,
        inputs=(*inputs, ("realm", realm), ("placement", where)),
        notes=signature_notes + _notes(values, timestamp),
        signed_headers=("content-type",) if evidence.header("content-type") is not None else (),
    )
