"""How SigV4's strings read, section by section: the string to sign, and the canonical
request it hashes (what S3's ``SignatureDoesNotMatch`` error shows). Pure, one pass.

String to sign: ``AWS4-HMAC-SHA256``, the date, the scope, the canonical request's hash,
one per line. Canonical request: the method, canonical URI and query on a line each, the
canonical headers (one ``name:value`` line each, then an empty line), the signed headers'
list, the payload hash.
"""

from __future__ import annotations

from app.core.schemes.layout import Reading, line_offsets, line_spans
from app.core.schemes.sigv4.inputs import ALGORITHM_NAME

STRING_TO_SIGN = ("algorithm", "request_date", "credential_scope", "canonical_request_hash")
REQUEST = ("method", "canonical_uri", "canonical_query", "canonical_headers")


def read(text: str, variant: str = "") -> list[Reading]:
    lines = text.split("\n")
    offsets = line_offsets(lines)
    if lines[0] == ALGORITHM_NAME:
        count = min(len(lines), len(STRING_TO_SIGN))
        starts = [*range(count - 1), count - 1]
        return [line_spans(offsets, STRING_TO_SIGN[:count], starts)]
    if len(lines) < 4:
        count = len(lines)
        return [line_spans(offsets, REQUEST[:count], list(range(count)))]
    blank = next((index for index in range(3, len(lines)) if not lines[index]), len(lines) - 1)
    names = [*REQUEST, "signed_headers", "payload_hash"]
    starts = [0, 1, 2, 3, blank + 1, blank + 2]
    kept = [(name, start) for name, start in zip(names, starts, strict=True) if start < len(lines)]
    return [line_spans(offsets, [name for name, _ in kept], [start for _, start in kept])]
