"""How ApiAxle's string to sign reads: ``str(epoch) + api_key``. Pure."""

from __future__ import annotations

import re

from app.core.schemes.layout import Reading

#: An epoch in seconds has at most 10 digits until 2286 (a fraction if not floored).
_EPOCH = re.compile(r"-?\d{1,10}(?:\.\d+)?")


def read(text: str, variant: str = "") -> list[Reading]:
    """The epoch, then the API key: a key that starts with digits is not read as part of
    the epoch, since an epoch in seconds has at most 10 digits."""
    epoch = _EPOCH.match(text)
    end = epoch.end() if epoch else 0
    return [(("epoch", 0, end), ("api_key", end, len(text) + 1))]
