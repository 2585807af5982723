"""The search: its stages, simplest first, streamed under a work budget."""

from __future__ import annotations

import hmac
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby, islice

from app.core.diagnose.clock import MARKERS, Timing
from app.core.diagnose.hypotheses import OBSERVED, Cause, Hypothesis, cause_of
from app.core.mistakes import Mistake, MistakeInstance
from app.core.recipe import Recipe
from app.core.schemes.base import Scheme

#: Bytes one diagnosis may hash, or work as costly as hashing them (about 0.5 s here; see
#: ``_size`` and ``Mistake.cost``): every stage on a typical request; a huge body, key or
#: window is searched in part, and the answer says so.
BUDGET = 768 * 2**20

#: Bytes of ``BUDGET`` the clock search may hash: enough for every range above on a typical
#: request; a huge body or key narrows the search instead.
CLOCK_BUDGET = 64 * 2**20

#: The server's own window may take ``BUDGET // WINDOW_SHARE``: a day-wide window over an
#: 8 KB key would otherwise hash 1.4 GB before any mistake is tried.
WINDOW_SHARE = 4

#: Bytes of hashing one header or param line's canonicalization is charged as.
ITEM_COST = 2048

#: Two per-item mistakes (a header, a param) are paired only among this many items.
PAIRED_ITEMS = 16

#: Explanations kept per diagnosis: each is re-run through the full trace to be shown.
MAX_EXPLANATIONS = 10


@dataclass
class Search:
    """One diagnosis: the request, the observed digest, the work budget and the count of tries.

    Candidates are streamed, never listed: one family of mistaken recipes is alive at a time,
    and what is remembered per hypothesis is a fixed-size fingerprint, not its string. Every
    byte hashed or canonicalized is charged to ``budget``; once it is spent the remaining
    candidates are counted in ``skipped`` instead of tried, and the answer says so.
    """

    scheme: Scheme
    recipe: Recipe
    observed: bytes
    algorithm: str
    timing: Timing | None
    #: Seconds the server itself tries (time-based schemes), else empty.
    epochs: Sequence[int]
    mistakes: tuple[Mistake, ...]
    budget: int
    keys: dict[bytes, tuple[int, hmac.HMAC]] = field(default_factory=dict)
    #: The correct string and the last one built: canonicalization's only cache.
    strings: list[tuple[tuple[object, ...], str]] = field(default_factory=list)
    seen: dict[tuple[int, int, int], tuple[int, bool]] = field(default_factory=dict)
    #: ``(mistake, target)`` of every single mistake, in catalogue order, for the pairs.
    labels: list[tuple[Mistake, str]] = field(default_factory=list)
    spent: int = 0
    tried: int = 0
    skipped: int = 0
    #: Whether the clock search stopped at ``CLOCK_BUDGET`` before its full range.
    narrowed: bool = False
    #: Per-header and per-param mistakes, when there are more than ``PAIRED_ITEMS``, else 0.
    items_capped: int = 0

    @property
    def spent_out(self) -> bool:
        return self.spent >= self.budget

    def key_state(self, recipe: Recipe) -> tuple[int, hmac.HMAC]:
        """An HMAC state that absorbed the scheme's key for ``recipe`` (copying it skips the
        key setup), and the key's number. States are kept by the key's bytes: the secret and
        the catalogue's few edits of it, a bounded map. The hash is the observed one (the
        search's recipe carries it), as ``digest.signature_of`` would apply it."""
        key = self.scheme.key(recipe)
        entry = self.keys.get(key)
        if entry is None:
            entry = self.keys[key] = (len(self.keys), hmac.new(key, digestmod=self.algorithm))
        return entry

    def string(self, recipe: Recipe) -> str:
        """The string to sign; the correct one and the last one are kept, nothing more."""
        cache_key = recipe.canonical_inputs
        for known, text in self.strings:
            if known == cache_key:
                return text
        text = self.scheme.string_to_sign(recipe)
        self.spent += _size(recipe)
        self.strings[1:] = [(cache_key, text)]
        return text

    def test(self, hypothesis: Hypothesis) -> bool:
        """Whether ``hypothesis`` signs to the observed digest (``False``, counted in
        ``skipped``, once the budget is spent).

        One that signs the same bytes with the same key as a simpler one (fewer mistakes) is
        not tried again: it could only match where the simpler one already did. The bytes are
        remembered by length and ``hash()`` (SipHash, keyed per process: a collision between
        two strings of one request is negligible and cannot be forced).
        """
        if self.spent_out:
            self.skipped += 1
            return False
        depth = len(hypothesis.causes)
        recipe = hypothesis.recipe
        message = self.scheme.message(recipe, self.string(recipe))
        number, key_state = self.key_state(recipe)
        fingerprint = (number, len(message), hash(message))
        first = self.seen.get(fingerprint)
        if first is not None and first[0] < depth:
            return False
        self.tried += 1
        if first is not None:
            return first[1]
        state = key_state.copy()
        state.update(message)
        self.spent += len(message)
        matched = hmac.compare_digest(state.digest(), self.observed)
        self.seen[fingerprint] = (depth, matched)
        return matched

    def scan(self, head: hmac.HMAC, tail: bytes, texts: Iterable[bytes]) -> list[bytes]:
        """The ``texts`` for which ``head`` (a state that absorbed the message's head) then
        ``text + tail`` signs to the observed digest: the clock search's inner loop."""
        observed, compare = self.observed, hmac.compare_digest
        found = []
        count = 0
        for text in texts:
            state = head.copy()
            state.update(text + tail)
            if compare(state.digest(), observed):
                found.append(text)
            count += 1
        self.tried += count
        self.spent += count * (len(tail) + 64)
        return found

    def tries_left(self, share: int, tail: bytes) -> int:
        """How many template tries (the tail, plus a block) ``share`` bytes buy now."""
        return max(0, min(share, self.budget - self.spent)) // (len(tail) + 64)

    def head_and_tail(self) -> tuple[hmac.HMAC, bytes] | None:
        timing = self.timing
        template = None if timing is None else self.template(timing)
        if template is None:
            return None
        head_bytes, tail = template
        head = self.key_state(self.recipe)[1].copy()
        head.update(head_bytes)
        return head, tail

    # The stages, simplest first.

    def base(self) -> list[Hypothesis]:
        """No mistake: the right string (for each second the server tries, if it tries some).

        A wide window over a long request is a lot of hashing: it gets ``WINDOW_SHARE`` of the
        budget, the server's own order (nearest seconds first) deciding what is tried."""
        timing, epochs = self.timing, self.epochs
        if timing is None or not epochs:
            return [h for h in [Hypothesis((), self.recipe)] if self.test(h)]
        split = self.head_and_tail()
        if split is None:
            recipes = (timing.clock.write(self.recipe, str(epoch)) for epoch in epochs)
            return [h for h in (Hypothesis((), recipe) for recipe in recipes) if self.test(h)]
        head, tail = split
        affordable = self.tries_left(self.budget // WINDOW_SHARE, tail)
        texts = (b"%d" % epoch for epoch in islice(epochs, affordable))
        found = self.scan(head, tail, texts)
        self.skipped += max(0, len(epochs) - affordable)
        return [Hypothesis((), timing.clock.write(self.recipe, t.decode())) for t in found]

    def stream(self, recipe: Recipe) -> Iterator[MistakeInstance]:
        """Every mistake the search enumerates, applied to ``recipe``, one at a time."""
        size = _size(recipe)
        for mistake in self.mistakes:
            if mistake.id not in OBSERVED:
                self.spent += size * mistake.cost
                for target, mistaken in mistake.apply(recipe):
                    yield MistakeInstance(mistake, target, mistaken)

    def late(self) -> tuple[Cause, ...]:
        """A time-based request signed outside the server's window is late whatever else."""
        timing = self.timing
        if timing is None or not self.epochs or int(timing.sent) in self.epochs:
            return ()
        return (timing.cause("seconds", timing.sent),)

    def singles(self) -> list[Hypothesis]:
        replaced = self.timing.clock.replaces if self.timing else frozenset()
        late = self.late()
        found = [h for h in [Hypothesis(late, self.recipe)] if late and self.test(h)]
        for instance in self.stream(self.recipe):
            self.labels.append((instance.mistake, instance.target))
            if instance.mistake.id in replaced:
                continue
            hypothesis = Hypothesis((cause_of(instance), *late), instance.recipe)
            if self.test(hypothesis) and len(found) < MAX_EXPLANATIONS:
                found.append(hypothesis)
        # A clock finding signs another string: once a mistake matched, it cannot.
        return found or self.clock()

    def clock(self) -> list[Hypothesis]:
        """Every time the clock search covers, signed by an otherwise correct client."""
        timing = self.timing
        split = None if timing is None else self.head_and_tail()
        if timing is None or split is None:
            return []
        head, tail = split
        # Each try hashes the tail again (plus a block for the time and the padding): a huge
        # body or key gets fewer tries rather than a slow answer.
        budget = self.tries_left(CLOCK_BUDGET, tail)
        found = []
        for kind, texts in timing.texts(_covering(self.epochs)):
            start = self.tried
            found += [(kind, text) for text in self.scan(head, tail, islice(texts, budget))]
            budget -= self.tried - start
            rest = sum(1 for _ in texts)
            self.skipped += rest
            self.narrowed = self.narrowed or rest > 0
        return [
            Hypothesis(
                (timing.cause(kind, text.decode()),), timing.clock.write(self.recipe, text.decode())
            )
            for kind, text in found
        ]

    def template(self, timing: Timing) -> tuple[bytes, bytes] | None:
        """The message split around the time, as bytes; ``None`` if it cannot be (the time
        is not where the clock writes it, or the scheme's message bytes are not the parts'
        bytes end to end, with the time as ASCII digits)."""
        recipe, correct = self.recipe, self.string(self.recipe)
        for marker in MARKERS:
            parts = self.string(timing.clock.write(recipe, marker)).split(marker)
            if len(parts) == 2 and parts[0] + timing.sent + parts[1] == correct:
                head, tail = (self.scheme.message(recipe, part) for part in parts)
                middle = self.scheme.message(recipe, timing.sent)
                if middle == timing.sent.encode() and head + middle + tail == (
                    self.scheme.message(recipe, correct)
                ):
                    return head, tail
        return None

    def pairs(self) -> list[Hypothesis]:
        """Every pair in catalogue order, the second mistake applied to the first's recipe.

        Each mistake is applied once per first recipe and its targets looked up, so a family
        (``omit_param``) costs one application, not one per target. Two per-item mistakes
        (a header, a param) pair only among the first ``PAIRED_ITEMS`` items, so the pairs
        grow linearly with the request's headers and params.
        """
        late, labels = self.late(), self.labels
        allowed = _pairable(labels)
        self.items_capped = 0 if allowed.items <= PAIRED_ITEMS else allowed.items
        found: list[Hypothesis] = []
        for index, first in enumerate(self.stream(self.recipe)):
            if self.spent_out:
                self.skipped += allowed.after(index)
                break
            size = _size(first.recipe)
            for group in _groups(labels, index + 1):
                seconds = [j for j in group if allowed(index, j)]
                if not seconds:
                    continue
                mistake = labels[seconds[0]][0]
                self.spent += size * mistake.cost
                # Keep only the targets paired here: a whole family (a recipe per header)
                # would cost memory quadratic in the request's headers.
                wanted = {labels[j][1] for j in seconds}
                applied = {t: r for t, r in mistake.apply(first.recipe) if t in wanted}
                for j in seconds:
                    recipe = applied.get(labels[j][1])
                    if recipe is None:
                        continue
                    second = MistakeInstance(mistake, labels[j][1], recipe)
                    hypothesis = Hypothesis((cause_of(first), cause_of(second), *late), recipe)
                    if self.test(hypothesis) and len(found) < MAX_EXPLANATIONS:
                        found.append(hypothesis)
        return found

    def run(self, base: list[Hypothesis]) -> list[Hypothesis]:
        """The hypotheses of the first stage that explains the signature, simplest first."""
        order = {m.id: i for i, m in enumerate(self.mistakes)}
        found = base or self.singles() or self.pairs()
        return sorted(
            found,
            key=lambda h: (len(h.causes), [order.get(c.mistake.id, len(order)) for c in h.causes]),
        )


def _size(recipe: Recipe) -> int:
    """What building a string from ``recipe``, or applying a mistake to it, is charged: its
    text, plus ``ITEM_COST`` per header and param, and per pair of a body that reads as a
    form (OAuth, Twilio and described schemes parse, sort and encode each: far more work
    than hashing it); a mistake's application is charged this times its ``cost``."""
    request = recipe.request
    items = request.headers + request.params
    lines = sum(len(name) + len(value) + ITEM_COST for name, value in items)
    body = request.body
    form = ITEM_COST * (body.count("&") + 1) if "=" in body else 0
    return len(body) + form + len(request.path) + len(request.api_key) + lines


def _covering(epochs: Sequence[int]) -> Container[int]:
    """The server's seconds as a container: a ``range`` when contiguous (a day-wide window
    is 172,801 seconds), else a set."""
    if not epochs:
        return ()
    low, high = min(epochs), max(epochs)
    return range(low, high + 1) if high - low + 1 == len(epochs) else set(epochs)


def _groups(labels: list[tuple[Mistake, str]], start: int) -> Iterator[list[int]]:
    """The label indexes from ``start`` on, in runs of one mistake."""
    for _, run in groupby(range(start, len(labels)), key=lambda j: labels[j][0].id):
        yield list(run)


@dataclass(frozen=True)
class _Pairable:
    """Which pairs of labels the pair stage tries, and how many from a given first on.

    A label with a target is an item (a header, a param: the hash family is read off the
    signature, not searched), one per item of the request. Two items pair only when both
    are among the first ``PAIRED_ITEMS``.
    """

    rank: tuple[int | None, ...]
    #: Items at or after each index, and among those the ones ranked below the cap.
    items_from: tuple[int, ...]
    capped_from: tuple[int, ...]

    @property
    def items(self) -> int:
        return self.items_from[0] if self.items_from else 0

    def __call__(self, first: int, second: int) -> bool:
        one, two = self.rank[first], self.rank[second]
        return one is None or two is None or max(one, two) < PAIRED_ITEMS

    def after(self, start: int) -> int:
        """How many pairs have their first label at ``start`` or later (linear time)."""
        total = 0
        for index in range(start, len(self.rank)):
            later = len(self.rank) - index - 1
            rank = self.rank[index]
            if rank is not None:
                pairable_items = self.capped_from[index + 1] if rank < PAIRED_ITEMS else 0
                later -= self.items_from[index + 1] - pairable_items
            total += later
        return total


def _pairable(labels: list[tuple[Mistake, str]]) -> _Pairable:
    ranks: list[int | None] = []
    count = 0
    for _, target in labels:
        ranks.append(count if target else None)
        count += bool(target)
    items_from = [0] * (len(labels) + 1)
    capped_from = [0] * (len(labels) + 1)
    for index in range(len(labels) - 1, -1, -1):
        rank = ranks[index]
        items_from[index] = items_from[index + 1] + (rank is not None)
        capped_from[index] = capped_from[index + 1] + (rank is not None and rank < PAIRED_ITEMS)
    return _Pairable(tuple(ranks), tuple(items_from), tuple(capped_from))
