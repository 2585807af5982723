"""How an OAuth 1.0a base string reads: ``METHOD&enc(URI)&enc(parameters)``. Pure.

The two encoded parts hold no raw ``&`` (it is ``%26`` there), so the first two ``&`` end the
method and the base string URI.
"""

from __future__ import annotations

from app.core.schemes.layout import Reading


def read(text: str, variant: str = "") -> list[Reading]:
    first = text.find("&")
    second = text.find("&", first + 1) if first >= 0 else -1
    end = len(text) + 1
    if first < 0:
        return [(("method", 0, end),)]
    if second < 0:
        return [(("method", 0, first + 1), ("base_uri", first + 1, end))]
    return [
        (
            ("method", 0, first + 1),
            ("base_uri", first + 1, second + 1),
            ("params", second + 1, end),
        )
    ]
