"""GitHub's oracle: the HMAC its documentation gives (no official Python library).

"The hash signature is calculated using the webhook's secret and the payload body":
``"sha256=" + hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()``. Anchored to
the documentation's published example in ``test_described_vectors.py``.
"""

from __future__ import annotations

import hashlib
import hmac

from tests.oracles.capture import expected


def oracle(case: dict[str, object]) -> dict[str, object]:
    body = str(case.get("body", ""))
    header = (
        "sha256="
        + hmac.new(
            str(case["secret"]).encode("utf-8"), body.encode("utf-8"), hashlib.sha256
        ).hexdigest()
    )
    return expected({"body": body}, body, bytes.fromhex(header.removeprefix("sha256=")))
