"""The request being signed, exactly as the client holds it.

Headers and params are *ordered* lists of ``(name, value)`` pairs: duplicates are kept and
order is preserved, because several mistakes ("headers signed in sent order") depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Pairs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SignRequest:
    """What a client signs. ``timestamp`` is the epoch the client signed (ApiAxle)."""

    method: str = "GET"
    path: str = ""
    headers: Pairs = ()
    params: Pairs = ()
    body: str = ""
    api_key: str = ""
    timestamp: int | None = None

    def with_(self, **changes: object) -> SignRequest:
        return SignRequest(**{**self.__dict__, **changes})


@dataclass(frozen=True)
class Credentials:
    """The shared secret. Kept out of ``repr`` so it never lands in a log or traceback."""

    secret: str = field(repr=False)
