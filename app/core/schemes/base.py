"""What every signing scheme provides. A new scheme is one module that builds a ``Scheme``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.core.digest import MESSAGE_ENCODINGS, same_signature, secret_bytes, signature_of
from app.core.mistakes import Mistake
from app.core.recipe import Recipe
from app.core.request import Pairs, SignRequest
from app.core.schemes.clock import Clock, Context
from app.core.schemes.declare import Input, Transport
from app.core.schemes.evidence import Evidence, Reading
from app.core.schemes.layout import Layout
from app.core.snippets.ir import Program
from app.core.trace import Step

#: No server-side inputs given: every one takes its default.
NO_CONTEXT: Context = {}


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
class Verdict:
    """What the server decides about a sent signature, and why (one sentence).

    ``window`` lists the seconds a time-based server tried, in its order (``None`` for a
    server that checks one signature). ``mistake`` names the catalogue entry that explains a
    refusal of the right signature (SigV4's clock skew), with its words' ``fields``."""

    accepted: bool
    reason: str
    window: tuple[WindowEntry, ...] | None = None
    mistake: str | None = None
    fields: tuple[tuple[str, str], ...] = ()


def compare_verdict(sent: str, expected: str) -> Verdict:
    """The verdict of a server that computes one signature and compares it with the sent one."""
    if same_signature(sent, expected):
        return Verdict(True, "It equals the signature the server computes.")
    return Verdict(False, "It differs from the signature the server computes.")


def secret_key(recipe: Recipe) -> bytes:
    """The default HMAC key: the shared secret's bytes (UTF-8 text unless the recipe's
    ``secret_encoding`` says base64 or hex)."""
    return secret_bytes(recipe)


def encoded_message(recipe: Recipe, text: str) -> bytes:
    """The default message: the string to sign in the recipe's encoding."""
    return MESSAGE_ENCODINGS[recipe.message_encoding](text)


@dataclass(frozen=True)
class Variant:
    """One way of building the scheme's string.

    ``own_headers`` are the headers its clients add to every request on their own,
    ``(Name, value)`` as sent; in a value, ``{api_key}`` is the API key, ``{now}`` the epoch
    second, ``{nonce}`` a fresh random id. The page's button adds them, and the importers
    recognise the variant's requests by them (``markers``).
    """

    id: str
    title: str
    description: str
    own_headers: tuple[tuple[str, str], ...] = ()

    @property
    def markers(self) -> tuple[tuple[str, str], ...]:
        """``(lower-case name, value prefix)``: a request carrying all of them was sent by
        this variant's clients (the prefix is the value's text before its first ``{``)."""
        return tuple((name.lower(), value.partition("{")[0]) for name, value in self.own_headers)


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
    its trace. ``signed_headers`` states, per variant (``""`` for a scheme without
    variants), which received headers its clients sign.

    ``key`` turns a recipe into the HMAC key (default: the secret as UTF-8; a scheme with a
    derived key, like SigV4, derives it here) and ``message`` the string to sign into the
    bytes hashed (default: the recipe's ``message_encoding``); ``digest.signature_of`` applies
    the hash to both, for the trace, the lens, the diagnosis and the verdict alike.

    ``verify(scheme, recipe, sent, context)`` is the server's verdict on a sent signature,
    ``context`` holding the server-side inputs (``Input.signed`` false); leave it out and
    ``verdict`` compares the sent signature with the one the server computes. ``clock`` says
    where the scheme signs the time, what it means and how far the server tolerates it.

    ``read`` (optional) recognises a received request as the scheme's own and reads what its
    signature declares (``evidence.py``); ``travels`` (optional) writes the signature as it
    travels: the header(s) or URL that carry it. Without it, ``travel`` writes the
    transport's first header (or param) with its first prefix.
    """

    name: str
    title: str
    algorithm: str
    variants: tuple[Variant, ...]
    inputs: tuple[Input, ...]
    transport: Transport
    canonicalize: Callable[[Recipe], list[Step]]
    mistakes: tuple[Mistake, ...]
    key: Callable[[Recipe], bytes] = secret_key
    message: Callable[[Recipe, str], bytes] = encoded_message
    verify: Callable[[Scheme, Recipe, str, Context], Verdict] | None = None
    clock: Clock | None = None
    string_only: Callable[[Recipe], str] | None = None
    signed_headers: tuple[SignedHeaders, ...] = ()
    #: How its strings to sign read, section by section (``app/core/schemes/layout.py``);
    #: without one, a comparison reads the whole string as one section.
    layout: Layout | None = None
    #: Its signing as a program (``app/core/snippets``), which the page and the API write in
    #: each language; ``None`` only while a scheme is being written (a test requires one).
    program: Callable[[Recipe], Program] | None = None
    read: Callable[[Evidence], Reading | None] | None = None
    travels: Callable[[Recipe, str], Pairs] | None = None
    #: The hash a request names, for a scheme whose request picks it (OAuth's
    #: ``oauth_signature_method``); without it, always ``algorithm``.
    algorithm_of: Callable[[SignRequest], str] | None = None

    def hash_for(self, request: SignRequest) -> str:
        """The hash a correct client signs ``request`` with."""
        return self.algorithm if self.algorithm_of is None else self.algorithm_of(request)

    #: For a scheme whose hash and output form the request itself says (``custom``, from
    #: its description): the correct client's recipe, given the one built from the scheme's.
    correct: Callable[[Recipe], Recipe] | None = None
    #: Who computed the signature a diagnosis explains, as its sentence opens: a client
    #: signing requests, or (a webhook) the user's own verifier recomputing the provider's.
    signer: str = "Your client"
    #: For a scheme whose header may carry several signatures (a secret rotation): those a
    #: pasted header value holds, when it holds more than one; the server accepts any one.
    signatures: Callable[[str], tuple[str, ...]] | None = None

    def forms(self, recipe: Recipe) -> tuple[str, ...]:
        """The output forms the server takes for ``recipe``: its transport's, or for a scheme
        whose request says its form (``correct``: a description's `output`), that one."""
        return (recipe.output,) if self.correct is not None else self.transport.forms

    def travel(self, recipe: Recipe, sent: str) -> Pairs:
        """Where ``sent`` (the signature as sent) travels: ``(name, value)`` pairs, a header's
        name or ``URL``/a query param's name."""
        if self.travels is not None:
            return self.travels(recipe, sent)
        location = self.transport.signature
        prefix = location.prefixes[0] if location.prefixes else ""
        if location.headers:
            header = location.headers[0]
            name = "-".join(part.capitalize() for part in header.split("-"))
            return ((name, prefix + sent),)
        if location.params:
            return ((location.params[0], prefix + sent),)
        return ()

    def string_to_sign(self, recipe: Recipe) -> str:
        """The string ``recipe`` signs: the last step of ``canonicalize``, built directly."""
        if self.string_only is not None:
            return self.string_only(recipe)
        return self.canonicalize(recipe)[-1].output

    def verdict(
        self, recipe: Recipe, sent: str, context: Context = NO_CONTEXT, expected: str | None = None
    ) -> Verdict:
        """The server's verdict on ``sent`` for the correct ``recipe``: the scheme's ``verify``,
        or a comparison with the server's signature (``expected``, when the caller has it)."""
        if self.verify is not None:
            return self.verify(self, recipe, sent, context)
        if expected is None:
            signature = signature_of(self, recipe, self.string_to_sign(recipe))
            expected = signature.encoded(recipe.output)
        return compare_verdict(sent, expected)

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
