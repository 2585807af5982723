"""A recipe: everything that decides the signature a client sends.

A correct client and a mistaken one differ only in their recipe, so a mistake is a pure
``Recipe -> Recipe`` transform (see ``mistakes.py``) and two mistakes compose by applying one
after the other. The scheme reads the recipe; nothing else does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.request import Pairs, SignRequest


@dataclass(frozen=True)
class Recipe:
    request: SignRequest
    secret: str = field(repr=False)
    algorithm: str
    variant: str = ""
    #: Canonicalization deviations the scheme understands, e.g. ``keep_trailing_slash``.
    #: A flag may carry a value after ``=`` (``epoch_fraction=5``).
    flags: frozenset[str] = frozenset()
    #: How the string to sign becomes bytes: a key of ``digest.MESSAGE_ENCODINGS``.
    message_encoding: str = "utf-8"
    #: How the digest is written when sent: a key of ``digest.OUTPUT_ENCODINGS``.
    output: str = "hex"
    #: How ``secret``'s text becomes key bytes: ``declare.SECRET_ENCODINGS``.
    secret_encoding: str = "text"  # noqa: S105 (a name of an encoding, not a secret)
    #: The scheme's other secrets (``Input.secret``), by input name, as text: never shown.
    secrets: Pairs = field(default=(), repr=False)

    @property
    def canonical_inputs(self) -> tuple[SignRequest, str, frozenset[str]]:
        """All that canonicalization reads: recipes equal here sign the same string, so the
        lens and the diagnosis build each string once per distinct value of this key."""
        return (self.request, self.variant, self.flags)

    @property
    def key_inputs(self) -> tuple[str, str, Pairs]:
        """All that reading the key takes beyond ``canonical_inputs`` (a derived key, like
        SigV4's, also reads the request)."""
        return (self.secret, self.secret_encoding, self.secrets)

    # The lens and the diagnosis copy recipes by the dozen per request: rebuilding from
    # ``__dict__`` is a third quicker than ``dataclasses.replace`` and checks names the same way.
    def with_(self, **changes: object) -> Recipe:
        return Recipe(**{**self.__dict__, **changes})

    def with_request(self, **changes: object) -> Recipe:
        return self.with_(request=self.request.with_(**changes))

    def with_flag(self, flag: str) -> Recipe:
        return self.with_(flags=self.flags | {flag})

    def secret_input(self, name: str) -> str:
        """The scheme's secret input ``name`` (``""`` when not given)."""
        return next((value for given, value in self.secrets if given == name), "")

    def flag_value(self, name: str) -> str | None:
        """The value of a ``name=value`` flag, or ``None`` when it is not set."""
        prefix = name + "="
        for flag in self.flags:
            if flag.startswith(prefix):
                return flag[len(prefix) :]
        return None
