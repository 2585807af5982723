"""Run a recipe through its scheme: the trace, the string to sign, the HMAC, and the lens.

Answers never grow faster than the request: a lens entry carries its ``edits`` against the
correct string (``LENS_FORMS``), and a long window keeps the seconds worth seeing.
"""

from __future__ import annotations

from bisect import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.core.digest import HASH_TITLES, Signature, same_signature, secret_bytes, signature_of
from app.core.mistakes import MistakeInstance
from app.core.recipe import Recipe
from app.core.schemes.base import NO_CONTEXT, Scheme, Verdict, WindowEntry
from app.core.schemes.clock import Context
from app.core.secretcheck import SecretCheck
from app.core.secretcheck import check as secret_check
from app.core.textdiff import edits
from app.core.trace import Step

#: How a lens entry carries its mistaken string: ``edits`` against the correct string (the
#: default: a few bytes per mistake), or ``full``, a copy of it per mistake.
LENS_FORMS = ("edits", "full")

#: Character pairs each mistake's diff may compare before it falls back to lines (a changed
#: block past that is one edit): small, since a request has dozens of mistakes.
EDIT_BUDGET = 10_000

#: A window of more seconds than this is shown in part: the seconds around the server's,
#: the client's and the accepted one, and the window's edges, ``WINDOW_CONTEXT`` either side.
WINDOW_SHOWN = 64
WINDOW_CONTEXT = 3


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

    def to_dict(self, change: dict[str, object]) -> dict[str, object]:
        """``change`` says what the mistaken string is: ``{"edits": [...]}`` or
        ``{"string_to_sign": "..."}`` (see ``SignResult.to_dict``)."""
        return {
            "id": self.instance.id,
            "step": self.instance.words.step,
            "title": self.instance.title,
            "explanation": self.instance.explanation,
            "changes_signature": self.changes_signature,
            **change,
            "signature": self.outcome.signature.to_dict(),
            "sent": self.outcome.sent,
        }


@dataclass(frozen=True)
class Elided:
    """A run of consecutive seconds of a window left out of the answer."""

    first: int
    last: int
    count: int

    def to_dict(self) -> dict[str, int]:
        return {"from": self.first, "to": self.last, "count": self.count}


@dataclass(frozen=True)
class ShownWindow:
    """The part of a window an answer shows (in the server's order), and what it leaves out
    (in time order): at most ``WINDOW_SHOWN`` seconds whatever the window's setting."""

    entries: tuple[WindowEntry, ...]
    tried: int
    elided: tuple[Elided, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "window": [entry.to_dict() for entry in self.entries],
            "window_tried": self.tried,
            "window_elided": [run.to_dict() for run in self.elided],
        }


def shown_window(entries: tuple[WindowEntry, ...], marks: Iterable[int] = ()) -> ShownWindow:
    """Keep every second of a short window; of a long one, ``WINDOW_CONTEXT`` seconds either
    side of the server's second (tried first), the first accepted one, the ``marks`` (the
    client's second) and both edges. Linear in the window."""
    if len(entries) <= WINDOW_SHOWN:
        return ShownWindow(entries, len(entries), ())
    low = min(entry.epoch for entry in entries)
    high = max(entry.epoch for entry in entries)
    accepted = next((entry.epoch for entry in entries if entry.accepted), None)
    anchors = {entries[0].epoch, low, high, *marks, *([] if accepted is None else [accepted])}
    keep = {
        epoch
        for anchor in anchors
        for epoch in range(anchor - WINDOW_CONTEXT, anchor + WINDOW_CONTEXT + 1)
        if low <= epoch <= high
    }
    kept = tuple(entry for entry in entries if entry.epoch in keep)
    bounds = sorted(entry.epoch for entry in kept)
    runs: dict[int, list[int]] = {}  # the gap between two kept seconds -> [first, last, count]
    for entry in entries:
        if entry.epoch not in keep:
            run = runs.setdefault(bisect(bounds, entry.epoch), [entry.epoch, entry.epoch, 0])
            run[0], run[1], run[2] = min(run[0], entry.epoch), max(run[1], entry.epoch), run[2] + 1
    elided = tuple(Elided(*runs[gap]) for gap in sorted(runs))
    return ShownWindow(kept, len(entries), elided)


@dataclass(frozen=True)
class SignResult:
    scheme: Scheme
    recipe: Recipe
    outcome: Outcome
    #: ``None`` when the caller asked for the signature alone.
    mistakes: tuple[LensEntry, ...] | None
    #: The server's verdict on the correct signature, given the server-side inputs.
    verdict: Verdict

    @property
    def window(self) -> tuple[WindowEntry, ...] | None:
        """Every second the server tries, in its order (time-based schemes); answers show
        ``shown_window`` of it."""
        return self.verdict.window

    def secret_check(self) -> SecretCheck:
        """What the secret looks like, and its key's fingerprint (never the secret)."""
        recipe = self.recipe
        return secret_check(recipe.secret, recipe.secret_encoding, secret_bytes(recipe))

    def shown_window(self) -> ShownWindow | None:
        if self.window is None:
            return None
        return shown_window(self.window, [self.recipe.request.timestamp or 0])

    def to_dict(self, lens: str = "edits") -> dict[str, object]:
        """The API's answer; ``lens`` (one of ``LENS_FORMS``) picks how each mistake carries
        its string."""
        answer: dict[str, object] = {
            "scheme": self.scheme.name,
            "variant": self.recipe.variant or None,
            "algorithm": HASH_TITLES[self.recipe.algorithm],
            "steps": [step.to_dict() for step in self.outcome.steps],
            "string_to_sign": self.outcome.string_to_sign,
            "signature": self.outcome.signature.to_dict(),
            "travels": [
                {"name": name, "value": value}
                for name, value in self.scheme.travel(self.recipe, self.outcome.sent)
            ],
            "secret_check": self.secret_check().to_dict(),
        }
        if self.mistakes is not None:
            changes = self._changes(lens)
            answer["mistakes"] = [entry.to_dict(changes(entry)) for entry in self.mistakes]
        shown = self.shown_window()
        if shown is not None:
            answer.update(shown.to_dict())
        return answer

    def _changes(self, lens: str) -> Callable[[LensEntry], dict[str, object]]:
        """How each entry's string goes into the answer. Edits are computed once per string
        object: the lens shares one object among the mistakes that sign the same string (a
        third of the catalogue signs the correct one), and keying by identity spares hashing
        a megabyte string to find it."""
        if lens == "full":
            return lambda entry: {"string_to_sign": entry.outcome.string_to_sign}
        correct = self.outcome.string_to_sign
        found: dict[int, list[dict[str, object]]] = {}

        def change(entry: LensEntry) -> dict[str, object]:
            text = entry.outcome.string_to_sign
            if id(text) not in found:  # the entries keep every string alive: ids stay unique
                found[id(text)] = [edit.to_dict() for edit in edits(correct, text, EDIT_BUDGET)]
            return {"edits": found[id(text)]}

        return change


def _hmac_step(scheme: Scheme, recipe: Recipe, text: str, signature: Signature) -> Step:
    encoding = "UTF-8" if recipe.message_encoding == "utf-8" else "latin-1"
    message, key = scheme.message(recipe, text), scheme.key(recipe)
    return Step(
        "hmac",
        "HMAC",
        f"{HASH_TITLES[recipe.algorithm]} over {len(message)} bytes ({encoding}) "
        f"with a {len(key)}-byte key",
        signature.hex,
        None,
        keyed=True,
    )


def run(scheme: Scheme, recipe: Recipe) -> Outcome:
    """Canonicalize, encode and sign one recipe, keeping every step."""
    steps = scheme.canonicalize(recipe)
    string_to_sign = steps[-1].output
    signature = signature_of(scheme, recipe, string_to_sign)
    steps.append(_hmac_step(scheme, recipe, string_to_sign, signature))
    sent = signature.encoded(recipe.output)
    return Outcome(string_to_sign, signature, sent, tuple(steps))


def lens(scheme: Scheme, recipe: Recipe, correct: Outcome) -> tuple[LensEntry, ...]:
    """Every catalogue mistake applied to ``recipe``, harmless ones included.

    The lens shows strings and signatures, not traces, so it asks the scheme for the string
    alone. Both are memoized for this call only (nothing outlives the request): the string by
    ``Recipe.canonical_inputs``, the HMAC by that plus what the key, the message and the hash
    read (everything but the output form). So a third of the
    catalogue (key, hash and output mistakes) reuses the correct string, and the output
    mistakes reuse its HMAC too.
    """
    text_key = recipe.canonical_inputs
    strings = {text_key: correct.string_to_sign}
    digests = {
        (text_key, recipe.message_encoding, recipe.algorithm, recipe.key_inputs): correct.signature
    }
    entries = []
    for mistake in scheme.mistakes:
        for instance in mistake.instances(recipe):
            mistaken = instance.recipe
            text_key = mistaken.canonical_inputs
            text = strings.get(text_key)
            if text is None:
                text = strings[text_key] = scheme.string_to_sign(mistaken)
            digest_key = (
                text_key,
                mistaken.message_encoding,
                mistaken.algorithm,
                mistaken.key_inputs,
            )
            signature = digests.get(digest_key)
            if signature is None:
                signature = digests[digest_key] = signature_of(scheme, mistaken, text)
            sent = signature.encoded(mistaken.output)
            changed = not same_signature(sent, correct.sent)
            entries.append(LensEntry(instance, Signed(text, signature, sent), changed))
    return tuple(entries)


def sign(
    scheme: Scheme, recipe: Recipe, context: Context = NO_CONTEXT, *, with_lens: bool = True
) -> SignResult:
    """The whole answer for one request: trace, signature, lens and the server's verdict
    (with its window, for a time-based scheme), ``context`` holding the server-side inputs.

    The lens costs about as much again as everything else (a re-canonicalization and an
    HMAC per mistake): ``with_lens=False`` is for callers that want the signature alone.
    """
    outcome = run(scheme, recipe)
    verdict = scheme.verdict(recipe, outcome.sent, context, expected=outcome.sent)
    mistakes = lens(scheme, recipe, outcome) if with_lens else None
    return SignResult(scheme, recipe, outcome, mistakes, verdict)
