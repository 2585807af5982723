"""Run a recipe through its scheme: the trace, the string to sign, the HMAC, and the lens."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.digest import ALGORITHMS, MESSAGE_ENCODINGS, Signature, compute_hmac, same_signature
from app.core.mistakes import MistakeInstance
from app.core.recipe import Recipe
from app.core.schemes.base import Scheme, WindowEntry
from app.core.trace import Step


@dataclass(frozen=True)
class Signed:
    """What one recipe produces: the string to sign, its HMAC, and the signature as sent."""

    string_to_sign: str
    signature: Signature
    sent: str


@dataclass(frozen=True)
class Outcome(Signed):
    """A ``Signed`` with its trace: every step from the request to the HMAC."""

    steps: tuple[Step, ...]


@dataclass(frozen=True)
class LensEntry:
    """One mistake applied to the user's request, and what it does to the signature."""

    instance: MistakeInstance
    outcome: Signed
    changes_signature: bool

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.instance.id,
            "step": self.instance.mistake.step,
            "title": self.instance.title,
            "explanation": self.instance.explanation,
            "changes_signature": self.changes_signature,
            "string_to_sign": self.outcome.string_to_sign,
            "signature": self.outcome.signature.to_dict(),
            "sent": self.outcome.sent,
        }


@dataclass(frozen=True)
class SignResult:
    scheme: Scheme
    recipe: Recipe
    outcome: Outcome
    #: ``None`` when the caller asked for the signature alone.
    mistakes: tuple[LensEntry, ...] | None
    window: tuple[WindowEntry, ...] | None

    def to_dict(self) -> dict[str, object]:
        answer: dict[str, object] = {
            "scheme": self.scheme.name,
            "variant": self.recipe.variant or None,
            "algorithm": ALGORITHMS[self.recipe.algorithm],
            "steps": [step.to_dict() for step in self.outcome.steps],
            "string_to_sign": self.outcome.string_to_sign,
            "signature": self.outcome.signature.to_dict(),
        }
        if self.mistakes is not None:
            answer["mistakes"] = [entry.to_dict() for entry in self.mistakes]
        if self.window is not None:
            answer["window"] = [entry.to_dict() for entry in self.window]
        return answer


def _hmac_step(recipe: Recipe, message: bytes, key: bytes, signature: Signature) -> Step:
    encoding = "UTF-8" if recipe.message_encoding == "utf-8" else "latin-1"
    return Step(
        "hmac",
        "HMAC",
        f"{ALGORITHMS[recipe.algorithm]} over {len(message)} bytes ({encoding}) "
        f"with a {len(key)}-byte key",
        signature.hex,
        None,
    )


def run(scheme: Scheme, recipe: Recipe) -> Outcome:
    """Canonicalize, encode and sign one recipe, keeping every step."""
    steps = scheme.canonicalize(recipe)
    string_to_sign = steps[-1].output
    message = MESSAGE_ENCODINGS[recipe.message_encoding](string_to_sign)
    key = recipe.secret.encode("utf-8")
    signature = compute_hmac(recipe.algorithm, key, message)
    steps.append(_hmac_step(recipe, message, key, signature))
    sent = signature.encoded(recipe.output)
    return Outcome(string_to_sign, signature, sent, tuple(steps))


def lens(scheme: Scheme, recipe: Recipe, correct: Outcome) -> tuple[LensEntry, ...]:
    """Every catalogue mistake applied to ``recipe``, harmless ones included.

    The lens shows strings and signatures, not traces, so it asks the scheme for the string
    alone. Both are memoized for this call only (nothing outlives the request): the string by
    ``Recipe.canonical_inputs``, the HMAC by that plus what signing reads. So a third of the
    catalogue (key, hash and output mistakes) reuses the correct string, and the output
    mistakes reuse its HMAC too.
    """
    text_key = recipe.canonical_inputs
    strings = {text_key: correct.string_to_sign}
    digests = {
        (text_key, recipe.message_encoding, recipe.algorithm, recipe.secret): correct.signature
    }
    entries = []
    for mistake in scheme.mistakes:
        for instance in mistake.instances(recipe):
            mistaken = instance.recipe
            text_key = mistaken.canonical_inputs
            text = strings.get(text_key)
            if text is None:
                text = strings[text_key] = scheme.string_to_sign(mistaken)
            digest_key = (text_key, mistaken.message_encoding, mistaken.algorithm, mistaken.secret)
            signature = digests.get(digest_key)
            if signature is None:
                message = MESSAGE_ENCODINGS[mistaken.message_encoding](text)
                key = mistaken.secret.encode("utf-8")
                signature = digests[digest_key] = compute_hmac(mistaken.algorithm, key, message)
            sent = signature.encoded(mistaken.output)
            changed = not same_signature(sent, correct.sent)
            entries.append(LensEntry(instance, Signed(text, signature, sent), changed))
    return tuple(entries)


def sign(
    scheme: Scheme,
    recipe: Recipe,
    server_time: int | None = None,
    window: int | None = None,
    *,
    with_lens: bool = True,
) -> SignResult:
    """The whole answer for one request: trace, signature, lens and (if timed) the window.

    The lens costs about as much again as everything else (a re-canonicalization and an
    HMAC per mistake, and a copy of the string to sign in each entry): ``with_lens=False``
    is for callers that want the signature alone.
    """
    outcome = run(scheme, recipe)
    entries = None
    if scheme.window is not None:
        now = server_time if server_time is not None else recipe.request.timestamp or 0
        entries = scheme.window(recipe, outcome.sent, now, window)
    mistakes = lens(scheme, recipe, outcome) if with_lens else None
    return SignResult(scheme, recipe, outcome, mistakes, entries)
