"""Shopify's oracle: the HMAC its documentation gives (no official Python library).

``base64.b64encode(hmac.new(secret.encode(), raw_body, hashlib.sha256).digest())``, compared
with the `X-Shopify-Hmac-Sha256` header.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from tests.oracles.capture import expected


def oracle(case: dict[str, object]) -> dict[str, object]:
    body = str(case.get("body", ""))
    header = base64.b64encode(
        hmac.new(str(case["secret"]).encode("utf-8"), body.encode("utf-8"), hashlib.sha256).digest()
    ).decode("ascii")
    return expected({"body": body}, body, base64.b64decode(header))
