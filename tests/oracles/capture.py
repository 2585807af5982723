"""Read what an official library really hashes: its module's ``hmac`` is swapped for a
recorder while it signs, so a vector's string to sign comes from the library, not from us."""

from __future__ import annotations

import base64
import hmac
from collections.abc import Callable
from types import ModuleType
from typing import Any
from unittest import mock


class _Recorder:
    """Stands in for the ``hmac`` module: records each message, then signs as ``hmac``."""

    compare_digest = staticmethod(hmac.compare_digest)

    def __init__(self) -> None:
        self.messages: list[bytes] = []

    def new(self, key: bytes, msg: bytes | None = None, digestmod: Any = None) -> hmac.HMAC:
        self.messages.append(msg or b"")
        return hmac.new(key, msg, digestmod)


def signed(module: ModuleType, sign: Callable[[], Any]) -> tuple[str, Any]:
    """The one string ``sign()`` hashed through ``module.hmac``, and what it returned."""
    recorder = _Recorder()
    with mock.patch.object(module, "hmac", recorder):
        result = sign()
    assert len(recorder.messages) == 1, "the library signed more than once"
    return recorder.messages[0].decode("utf-8"), result


def signature(digest: bytes) -> dict[str, str]:
    return {"hex": digest.hex(), "base64": base64.b64encode(digest).decode("ascii")}


def expected(steps: dict[str, str], string: str, digest: bytes) -> dict[str, object]:
    """A vector case's ``expected``: every step's output, the string, the signature."""
    return {
        "steps": {**steps, "join": string, "hmac": digest.hex()},
        "string_to_sign": string,
        "signature": signature(digest),
    }
