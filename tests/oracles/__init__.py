"""Independent oracles for the vector files: the official libraries, run only in tests.

``ORACLES`` maps a scheme's name to a function that takes one vector case's ``input`` and
returns its ``expected`` (the steps by id, ``string_to_sign``, ``signature`` ``{hex,
base64}``), computed by that scheme's official library (botocore, oauthlib...). Schemes
without one here are computed by the Node reference (``tests/reference/reference.mjs``).
Each oracle module lives beside this one; ``regenerate.py`` rewrites a vector file from its
oracle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.oracles import (
    custom,
    github,
    oauth1,
    rfc9421,
    shopify,
    sigv4,
    slack,
    standard_webhooks,
    stripe,
    twilio,
)

Oracle = Callable[[dict[str, Any]], dict[str, Any]]

ORACLES: dict[str, Oracle] = {
    "stripe": stripe.oracle,
    "github": github.oracle,
    "slack": slack.oracle,
    "standard-webhooks": standard_webhooks.oracle,
    "twilio": twilio.oracle,
    "shopify": shopify.oracle,
    "custom": custom.oracle,
    "oauth1": oauth1.expected,
    "aws-sigv4": sigv4.sign,
    "rfc9421": rfc9421.expected,
}
