"""What every signing scheme provides. A new scheme is one module that builds a ``Scheme``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.core.mistakes import Mistake
from app.core.recipe import Recipe
from app.core.schemes.declare import Input, Transport
from app.core.schemes.layout import Layout
from app.core.trace import Step


@dataclass(frozen=True)
class WindowEntry:
    """One second the server tries when it checks a time-based signature."""

    epoch: int
    offset: int
    hex: str
    base64: str
    accepted: bool

    def to_dict(self) -> dict[str, object]:
        return {
            "epoch": self.epoch,
            "offset": self.offset,
            "signature": {"hex": self.hex, "base64": self.base64},
            "accepted": self.accepted,
        }


@dataclass(frozen=True)
class Variant:
    """One way of building the scheme's string. ``markers`` recognise a request its clients
    sent: ``(lower-case header name, value prefix)`` pairs a request carries all of."""

    id: str
    title: str
    description: str
    markers: tuple[tuple[str, str], ...] = ()
    #: Headers its clients add on their own, ``(Name, value)`` as sent; in a value,
    #: ``{api_key}`` is the API key, ``{now}`` the epoch second, ``{nonce}`` a fresh random id.
    own_headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SignedHeaders:
    """Which of the headers a request arrives with its clients sign, for one variant.

    ``named`` lists headers by lower-case name: whether the clients sign them, and why.
    ``others`` says whether the clients sign the other headers their own code sets (the
    headers the HTTP stack adds on its own are never signed: ``app/core/received.py``).
    """

    variant: str
    named: tuple[tuple[str, bool, str], ...]
    others: bool
    others_why: str

    def named_reason(self, lower_name: str) -> tuple[bool, str] | None:
        return next(((signs, why) for name, signs, why in self.named if name == lower_name), None)

    def to_dict(self) -> dict[str, object]:
        return {
            "variant": self.variant,
            "headers": [
                {"name": name, "signed": signs, "why": why} for name, signs, why in self.named
            ],
            "others": self.others,
            "others_why": self.others_why,
        }


@dataclass(frozen=True)
class Scheme:
    """A signing scheme as data: its canonicalization and its mistake catalogue.

    ``canonicalize`` returns the steps from the request to the string to sign; the last
    step's output *is* the string to sign. ``string_only`` (optional) builds that same string
    without the steps and their notes: the lens and the diagnosis canonicalize dozens of
    mistaken recipes per request and need only the string. Leave it out and
    ``string_to_sign`` falls back on ``canonicalize``; a test holds every scheme's shortcut to
    its trace. ``window`` (time-based schemes only) lists the epochs the server tries, given
    ``(recipe, sent_signature, server_time, setting)``. ``signed_headers`` states, per
    variant (``""`` for a scheme without variants), which received headers its clients sign.
    """

    name: str
    title: str
    algorithm: str
    variants: tuple[Variant, ...]
    inputs: tuple[Input, ...]
    transport: Transport
    canonicalize: Callable[[Recipe], list[Step]]
    mistakes: tuple[Mistake, ...]
    window: Callable[[Recipe, str, int, int | None], tuple[WindowEntry, ...]] | None = None
    string_only: Callable[[Recipe], str] | None = None
    signed_headers: tuple[SignedHeaders, ...] = ()
    #: How its strings to sign read, section by section (``app/core/schemes/layout.py``);
    #: without one, a comparison reads the whole string as one section.
    layout: Layout | None = None

    def string_to_sign(self, recipe: Recipe) -> str:
        """The string ``recipe`` signs: the last step of ``canonicalize``, built directly."""
        if self.string_only is not None:
            return self.string_only(recipe)
        return self.canonicalize(recipe)[-1].output

    def signs(self, variant: str) -> SignedHeaders:
        """What this scheme's clients sign of the headers they send, for ``variant``."""
        wanted = variant or self.default_variant
        return next(declared for declared in self.signed_headers if declared.variant == wanted)

    @property
    def signature_transport(self) -> str:
        """Where the signature travels, in words."""
        return self.transport.description

    def input(self, name: str) -> Input | None:
        """The declared input called ``name``, or ``None`` when the scheme does not read it."""
        return next((given for given in self.inputs if given.name == name), None)

    @property
    def default_variant(self) -> str:
        return self.variants[0].id if self.variants else ""

    def variant_ids(self) -> tuple[str, ...]:
        return tuple(variant.id for variant in self.variants)

    def describe(self) -> dict[str, object]:
        return {
            "scheme": self.name,
            "title": self.title,
            "algorithm": self.algorithm,
            "variants": [
                {"id": v.id, "title": v.title, "description": v.description} for v in self.variants
            ],
            "inputs": [given.name for given in self.inputs],
            "fields": [given.to_dict() for given in self.inputs],
            "signature_transport": self.signature_transport,
            "signed_headers": [declared.to_dict() for declared in self.signed_headers],
            "mistakes": [
                {"id": m.id, "step": m.step, "title": m.title, "explanation": m.explanation}
                for m in self.mistakes
            ],
        }
