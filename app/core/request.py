"""The request being signed, exactly as the client holds it.

Headers and params are *ordered* lists of ``(name, value)`` pairs: duplicates are kept and
order is preserved, because several mistakes ("headers signed in sent order") depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass

Pairs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SignRequest:
    """What a client signs. ``timestamp`` is the epoch the client signed, for schemes that
    sign one; ``inputs`` holds the signed inputs a scheme declares beyond these fields (a
    nonce, a region...), by name, their values as text."""

    method: str = "GET"
    path: str = ""
    headers: Pairs = ()
    params: Pairs = ()
    body: str = ""
    api_key: str = ""
    timestamp: int | None = None
    inputs: Pairs = ()

    def with_(self, **changes: object) -> SignRequest:
        return SignRequest(**{**self.__dict__, **changes})

    def input(self, name: str, default: str = "") -> str:
        """The scheme's own signed input ``name``, or ``default`` when it was not given."""
        return next((value for given, value in self.inputs if given == name), default)
