"""Diagnose a rejected signature: which mistake, or pair of mistakes, reproduces it.

Pure like the rest of ``app.core``: no Flask, no I/O, no clock (the server's time is an input).

Given the request as the server saw it, the secret and the signature the client sent, the
search replays the scheme's mistake catalogue until one hypothesis signs to the same digest:

1. the correct recipe (and, for a time-based scheme, each second the server tries): a match
   there means the right string and secret, only written in the wrong form or hashed with the
   wrong hash;
2. every single mistake, and the clock: every second within a range of the server time, epochs
   in milliseconds, fractional epochs as ``Date.now() / 1000`` writes them;
3. every pair of mistakes, the second applied to the first's mistaken recipe.

It stops after the first stage that explains the signature, since a deeper hypothesis signing
a different string could only match by an HMAC collision; explanations are ranked by how many
mistakes they need, then by catalogue order.

What keeps it fast: digests are compared as *bytes*. The pasted signature's form says how it
was written (upper-case hex, base64, a ``sha256=`` prefix) and its length names the hash, so
each hypothesis costs one HMAC whatever the encoding or hash, and the catalogue's
``wrong_hash`` and ``output_*`` entries are read off the signature instead of multiplying the
search. Each distinct key is set up once (``hmac.new(key).copy()``), each distinct request
canonicalized once, and the clock search hashes only a template's varying middle and its tail,
from a state that already absorbed the head.

Every explanation is re-run through ``signing.run`` before it is reported, so the string, the
steps and the signature shown are the ones the catalogue itself produces.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, groupby, islice

from app.core import signing
from app.core.digest import ALGORITHMS, MESSAGE_ENCODINGS
from app.core.header_mistakes import HEADER_MISTAKES
from app.core.mistakes import Mistake, MistakeInstance, single
from app.core.recipe import Recipe
from app.core.schemes.apiaxle import window_offsets
from app.core.schemes.base import Scheme
from app.core.sigformat import FORM_NAMES, ParsedSignature, parse_signature
from app.core.signing import Outcome

#: Catalogue entries the search reads off the pasted signature instead of trying them.
OBSERVED = frozenset({"wrong_hash", "output_hex_upper", "output_base64"})

#: A pasted form the server does not take is the mistake ``output_<form>`` (the catalogue's
#: ``output_hex_upper`` and ``output_base64``, and ``output_hex_mixed``, ``output_base64url``).
PREFIX_MISTAKE = "signature_prefix"

HALF_HOUR = 1800


def _secret(edit: Callable[[str], str]) -> Callable[[Recipe], Iterable[tuple[str, Recipe]]]:
    return single(lambda recipe: recipe.with_(secret=edit(recipe.secret)))


#: Secret mistakes the catalogue leaves to the diagnosis: each costs the search one key.
EXTRA_MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "secret_trailing_crlf",
        "hmac",
        "Secret with a trailing CRLF",
        "The secret was read from a file saved with Windows line endings and kept its `\\r\\n`.",
        _secret(lambda secret: secret + "\r\n"),
    ),
    Mistake(
        "secret_trailing_space",
        "hmac",
        "Secret with a trailing space",
        "The secret was pasted or templated with a space after it.",
        _secret(lambda secret: secret + " "),
    ),
    Mistake(
        "secret_leading_space",
        "hmac",
        "Secret with a leading space",
        "The secret was pasted or templated with a space before it.",
        _secret(lambda secret: " " + secret),
    ),
)


# --- the clock ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    """Where a scheme signs the time, and how far the search looks around the server's.

    ``read`` gives the decimal time the request signs (``None``: no time to vary) and
    ``write`` the recipe that signs ``text`` instead. The search tries every second within
    ``seconds`` of the centre, then ``near`` seconds around each half hour up to
    ``half_hours`` away (timezones), and, within ``near`` seconds, every millisecond and
    every ``Date.now() / 1000`` fraction. ``mistakes`` names what each kind of finding is.
    """

    read: Callable[[Recipe], str | None]
    write: Callable[[Recipe, str], Recipe]
    step: str
    seconds: int
    half_hours: int
    near: int
    mistakes: Mapping[str, str]
    #: What the offset is measured from when the server's time is not given.
    reference: str
    #: Catalogue entries this search generalizes: left out of the single-mistake stage.
    replaces: frozenset[str] = frozenset()
    #: The server's window setting -> its offsets from ``now``, in the order it tries them
    #: (time-based schemes): the search tries them itself, within its budget.
    offsets: Callable[[int | None], list[int]] | None = None


def _epoch_read(recipe: Recipe) -> str | None:
    timestamp = recipe.request.timestamp
    return None if timestamp is None else str(timestamp)


def _epoch_write(recipe: Recipe, text: str) -> Recipe:
    seconds, _, fraction = text.partition(".")
    written = recipe.with_request(timestamp=int(seconds))
    return written.with_flag(f"epoch_fraction={fraction}") if fraction else written


TIMESTAMP_HEADER = "x-timestamp"


def _header_read(recipe: Recipe) -> str | None:
    values = [value for name, value in recipe.request.headers if name.lower() == TIMESTAMP_HEADER]
    if values and values[-1].isascii() and values[-1].isdigit():
        return values[-1]
    return None


def _header_write(recipe: Recipe, text: str) -> Recipe:
    headers = tuple(
        (name, text if name.lower() == TIMESTAMP_HEADER else value)
        for name, value in recipe.request.headers
    )
    return recipe.with_request(headers=headers)


#: Scheme name -> its clock. ApiAxle is searched a whole day either way; ActionStreamer's
#: ``X-Timestamp`` sits before a body of any size, so each try hashes the rest of the request
#: and its range is smaller (the README gives the measured costs).
CLOCKS: dict[str, Clock] = {
    "apiaxle": Clock(
        read=_epoch_read,
        write=_epoch_write,
        step="epoch",
        seconds=86_400,
        half_hours=0,
        near=5,
        mistakes={
            "seconds": "clock_outside_window",
            "milliseconds": "epoch_milliseconds",
            "fraction": "epoch_fractional",
        },
        reference="the request's `timestamp`",
        replaces=frozenset({"clock_outside_window", "epoch_milliseconds", "epoch_fractional"}),
        offsets=window_offsets,
    ),
    "actionstreamer": Clock(
        read=_header_read,
        write=_header_write,
        step="header_string",
        seconds=3600,
        half_hours=28,
        near=1,
        mistakes={
            "seconds": "timestamp_changed",
            "milliseconds": "timestamp_milliseconds",
            "fraction": "timestamp_fractional",
        },
        reference="the value sent",
    ),
}

#: Bytes one diagnosis may hash, or work as costly as hashing them (about 0.5 s here; see
#: ``_size`` and ``Mistake.cost``): every stage on a
#: typical request; a huge body, key or window is searched in part, and the answer says so.
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

#: ``Date.now() / 1000`` written by JavaScript: 1 to 3 decimals, trailing zeros trimmed.
FRACTIONS = tuple(f"{milli:03d}".rstrip("0").encode() for milli in range(1, 1000))

#: Decimal markers put where the time goes to split the string to sign around it.
_MARKERS = ("9081726354453627", "1928374655647382")


def skew_words(offset: int, reference: str) -> tuple[str, str | None]:
    """``(" (3600 s ahead of the server's clock)", "Off by 1 h: a timezone bug?")``.

    Timezones are whole or half hours away from UTC, so an offset within a few seconds of a
    multiple of 30 minutes earns the hint; ``offset`` 0 has no words at all.
    """
    if offset == 0:
        return "", None
    direction = "ahead of" if offset > 0 else "behind"
    words = f" ({abs(offset)} s {direction} {reference})"
    zones = round(offset / HALF_HOUR)
    if not zones or abs(offset - zones * HALF_HOUR) > 5:
        return words, None
    about = "" if offset == zones * HALF_HOUR else "about "
    return words, f"Off by {about}{abs(zones) / 2:g} h: a timezone bug?"


# --- hypotheses --------------------------------------------------------------------------


@dataclass(frozen=True)
class Cause:
    """One mistake in an explanation: its id as the lens names it, and its words' fields."""

    id: str
    mistake: str
    step: str
    title: str
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Hypothesis:
    """Mistakes a client may have made, and the recipe a client making them would sign."""

    causes: tuple[Cause, ...]
    recipe: Recipe


def _cause(instance: MistakeInstance) -> Cause:
    mistake = instance.mistake
    fields = (("target", instance.target),)
    return Cause(instance.id, mistake.id, mistake.step, instance.title, fields)


#: Clock finding -> the whole second it was read at.
_SECONDS_OF: dict[str, Callable[[str], int]] = {
    "seconds": int,
    "milliseconds": lambda value: int(value) // 1000,
    "fraction": lambda value: int(value.partition(".")[0]),
}


@dataclass(frozen=True)
class _Timing:
    """Where the clock search looks, for one request: the time sent and the centre."""

    clock: Clock
    sent: str
    centre: int
    reference: str

    def cause(self, kind: str, value: str) -> Cause:
        offset = _SECONDS_OF[kind](value) - self.centre
        skew, hint = skew_words(offset, self.reference)
        mistake = self.clock.mistakes[kind]
        fields = (("value", value), ("sent", self.sent), ("skew", skew))
        return Cause(
            mistake, mistake, self.clock.step, mistake, fields + ((("hint", hint),) if hint else ())
        )

    def texts(self, covered: Container[int]) -> tuple[tuple[str, Iterator[bytes]], ...]:
        """Each kind of finding and the decimal times to try, most likely first: seconds
        nearest the centre, then the timezones, then milliseconds and fractions around the
        centre and the time sent. The order matters when the work budget cuts the search.
        Seconds the server tries (``covered``) and the time sent were tried already."""
        clock, centre, sent = self.clock, self.centre, int(self.sent)
        near = range(-clock.near, clock.near + 1)
        nearest = chain(
            (centre,),
            chain.from_iterable(
                zip(
                    range(centre - 1, centre - clock.seconds - 1, -1),
                    range(centre + 1, centre + clock.seconds + 1),
                    strict=True,
                )
            ),
        )
        zones = (
            centre + zone * HALF_HOUR + second
            for zone in sorted(range(-clock.half_hours, clock.half_hours + 1), key=abs)
            for second in near
            if abs(zone * HALF_HOUR + second) > clock.seconds
        )
        around = sorted({start + second for start in {centre, sent} for second in near})
        return (
            (
                "seconds",
                (b"%d" % s for s in chain(nearest, zones) if s != sent and s not in covered),
            ),
            ("milliseconds", (b"%d" % (s * 1000 + milli) for s in around for milli in range(1000))),
            ("fraction", (b"%d.%s" % (s, fraction) for s in around for fraction in FRACTIONS)),
        )


@dataclass
class _Search:
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
    timing: _Timing | None
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
    #: Headers and params in a request with more of them than ``PAIRED_ITEMS``, else 0.
    items_capped: int = 0

    @property
    def spent_out(self) -> bool:
        return self.spent >= self.budget

    def key_state(self, key: bytes) -> tuple[int, hmac.HMAC]:
        """An HMAC state that absorbed ``key`` (copying it skips the key setup), and the key's
        number. Keys are the secret and the catalogue's few edits of it: a bounded map."""
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
        message = MESSAGE_ENCODINGS[recipe.message_encoding](self.string(recipe))
        number, key_state = self.key_state(recipe.secret.encode("utf-8"))
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
        head = self.key_state(self.recipe.secret.encode("utf-8"))[1].copy()
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
            hypothesis = Hypothesis((_cause(instance), *late), instance.recipe)
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

    def template(self, timing: _Timing) -> tuple[bytes, bytes] | None:
        """The string to sign split around the time, as bytes; ``None`` if it cannot be."""
        correct = self.string(self.recipe)
        encode = MESSAGE_ENCODINGS[self.recipe.message_encoding]
        for marker in _MARKERS:
            parts = self.string(timing.clock.write(self.recipe, marker)).split(marker)
            if len(parts) == 2 and parts[0] + timing.sent + parts[1] == correct:
                return encode(parts[0]), encode(parts[1])
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
                applied = dict(mistake.apply(first.recipe))
                for j in seconds:
                    recipe = applied.get(labels[j][1])
                    if recipe is None:
                        continue
                    second = MistakeInstance(mistake, labels[j][1], recipe)
                    hypothesis = Hypothesis((_cause(first), _cause(second), *late), recipe)
                    if self.test(hypothesis) and len(found) < MAX_EXPLANATIONS:
                        found.append(hypothesis)
        return found

    def run(self, base: list[Hypothesis]) -> list[Hypothesis]:
        """The hypotheses of the first stage that explains the signature, simplest first."""
        order = {m.id: i for i, m in enumerate(self.mistakes)}
        found = base or self.singles() or self.pairs()
        return sorted(
            found,
            key=lambda h: (len(h.causes), [order.get(c.mistake, len(order)) for c in h.causes]),
        )


def _size(recipe: Recipe) -> int:
    """What building a string from ``recipe``, or applying a mistake to it, is charged: its
    text, plus ``ITEM_COST`` per header and param (sorting and formatting each line costs
    far more than hashing it); a mistake's application is charged this times its ``cost``."""
    request = recipe.request
    items = request.headers + request.params
    lines = sum(len(name) + len(value) + ITEM_COST for name, value in items)
    return len(request.body) + len(request.path) + len(request.api_key) + lines


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


# --- the words ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """How an explanation says one mistake: a clause after "Your client", and the fix.

    Both are ``str.format`` templates over: ``signed`` and ``expected`` (the touched step's
    output in the mistaken and the correct run), ``target``, ``variant`` and
    ``mistaken_variant``, ``algorithm`` and ``scheme_algorithm``, ``form`` and
    ``expected_form``, ``prefix``, and for the clock ``value``, ``sent`` and ``skew``.
    """

    clause: str
    fix: str


_JSON_FIX = (
    "Sign the body bytes exactly as sent. Two places can re-serialize a JSON body: the client "
    "(serializing once to sign and again to send) or something in between (a proxy, or the "
    "server's framework parsing it before the check). Log the raw body your client sends and "
    "compare it with the bytes the server hashes: if they differ, verify the raw bytes received."
)
_IN_BETWEEN = (
    " To tell which, log the raw request your client sends and compare it with what the "
    "server logs: if they differ, something in between changed it."
)
_ADDED = (
    "Sign only the headers the client signs: leave {what} out of the string the server builds "
    "(un-tick it in the import). It was added after signing, by the client's HTTP library "
    "(`requests`, curl and `fetch` add `Accept: */*`, `User-Agent`, `Accept-Encoding`...) or by "
    "a proxy on the way." + _IN_BETWEEN
)
_TRIM_FIX = "Trim the secret where it is read or templated."
_FORM_FIX = "Send the digest as {expected_form}: the server compares strings."

WORDS: dict[str, Words] = {
    "path_with_query": Words(
        "signed the path with its query string (`{signed}`)",
        "Sign the bare path: the query parameters have their own section.",
    ),
    "path_url_decoded": Words(
        "signed the path URL-decoded (`{signed}`, not `{expected}`)",
        "Sign the path exactly as it is sent, `%XX` escapes included.",
    ),
    "no_leading_slash": Words(
        "signed the path without its leading slash (`{signed}`)",
        "Start the signed path with `/`.",
    ),
    "keep_trailing_slash": Words(
        "signed the path with its trailing slash (`{signed}`)",
        "Strip one trailing `/` from the path before signing.",
    ),
    "method_case": Words(
        "signed the method as `{signed}`, not `{expected}`",
        "Sign the method as the server does: `{expected}`.",
    ),
    "headers_unsorted": Words(
        "signed the headers in the order it sent them",
        "Sort the headers by name, by code point, before signing.",
    ),
    "lowercase_header_names": Words(
        "signed the header names in lower case",
        "Sign the header names in the case the server signs them; if a proxy or HTTP/2 "
        "lower-cases them on the way, make both sides agree on one case.",
    ),
    "case_insensitive_sort": Words(
        "sorted the names ignoring case",
        "Sort names by code point: upper-case before lower-case (`Zeta` before `alpha`).",
    ),
    "params_unsorted": Words(
        "signed the query parameters in URL order",
        "Sort the query parameters by name, by code point, before signing.",
    ),
    "omit_param": Words(
        "left the query parameter `{target}` out of the string to sign",
        "Sign every query parameter you send, `{target}` included.",
    ),
    "params_form_encoded": Words(
        "signed the parameter values URL-encoded",
        "Sign the raw parameter values, before URL-encoding them.",
    ),
    "body_trailing_newline_added": Words(
        "signed the body with an extra final newline",
        "Sign the body bytes exactly as sent: drop the newline an editor, `echo` or a "
        "heredoc added.",
    ),
    "body_trailing_newline_removed": Words(
        "signed the body without its final newline",
        "Sign the body bytes exactly as sent, final newline included.",
    ),
    "body_crlf": Words(
        "signed the body with CRLF line endings",
        "Sign the body with the line endings it is sent with (`\\n`, not `\\r\\n`).",
    ),
    "json_compact": Words("signed the JSON body re-serialized without spaces", _JSON_FIX),
    "json_spaced": Words(
        "signed the JSON body re-serialized with `, ` and `: ` separators", _JSON_FIX
    ),
    "json_sorted_keys": Words("signed the JSON body re-serialized with sorted keys", _JSON_FIX),
    "json_ascii_escaped": Words(
        "signed the JSON body with its non-ASCII characters escaped as `\\uXXXX`", _JSON_FIX
    ),
    "header_not_signed": Words(
        "did not sign the header {received} the server received",
        _ADDED.replace("{what}", "`{target}`"),
    ),
    "library_headers_not_signed": Words(
        "did not sign the headers HTTP libraries add on their own ({received})",
        _ADDED.replace("{what}", "them"),
    ),
    "header_changed_in_transit": Words(
        "signed `{target}`, but the server received {received}",
        "Make both sides sign the value the client sent: a proxy may have rewritten it (have "
        "the server read the original from `X-Forwarded-Host` or `Forwarded`, or the proxy "
        "pass it through), or the client signed another value than it sent." + _IN_BETWEEN,
    ),
    "other_variant": Words(
        "built the string the `{mistaken_variant}` way, not the server's `{variant}` way",
        "Build the string as the `{variant}` variant does: the variants differ in blank lines "
        "between sections, the final `str.strip()` and the `Content-Type` header.",
    ),
    "epoch_milliseconds": Words(
        "signed the epoch in milliseconds (`{value}`){skew}",
        "Sign whole seconds: `Math.floor(Date.now() / 1000)`, not `Date.now()`.",
    ),
    "epoch_fractional": Words(
        "signed a fractional epoch (`{value}`){skew}",
        "Floor the epoch to whole seconds before signing: `Math.floor(Date.now() / 1000)`.",
    ),
    "clock_outside_window": Words(
        "signed the epoch `{value}`{skew}",
        "Sync the client's clock (NTP) and sign UTC epoch seconds: the gateway tries only a "
        "few seconds either way.",
    ),
    "key_url_encoded": Words(
        "signed the API key URL-encoded (`{signed}`)",
        "Sign the decoded key, as the gateway does (`+` is a space).",
    ),
    "key_first": Words(
        "put the API key before the epoch (`{signed}`)",
        "Sign the epoch followed by the API key.",
    ),
    "timestamp_changed": Words(
        "signed `X-Timestamp: {value}` instead of the `{sent}` it sent{skew}",
        "Sign the `X-Timestamp` value you send: read the clock once, in UTC epoch seconds.",
    ),
    "timestamp_milliseconds": Words(
        "signed `X-Timestamp` in milliseconds (`{value}`) but sent seconds (`{sent}`){skew}",
        "Sign the `X-Timestamp` exactly as sent, in whole seconds.",
    ),
    "timestamp_fractional": Words(
        "signed a fractional `X-Timestamp` (`{value}`) but sent `{sent}`{skew}",
        "Floor the timestamp to whole seconds, and sign the value you send.",
    ),
    "secret_trailing_newline": Words(
        "signed with the secret plus a trailing newline",
        "Strip the newline where the secret is read (a file, `echo`, a container secret).",
    ),
    "secret_surrounding_spaces": Words("signed with the secret wrapped in spaces", _TRIM_FIX),
    "secret_trailing_crlf": Words(
        "signed with the secret plus a trailing `\\r\\n`",
        "Strip the line ending where the secret is read (the file has Windows line endings).",
    ),
    "secret_trailing_space": Words("signed with the secret plus a trailing space", _TRIM_FIX),
    "secret_leading_space": Words("signed with the secret after a leading space", _TRIM_FIX),
    "api_key_as_secret": Words(
        "signed with the API key instead of the secret",
        "Use the secret key as the HMAC key; the API key only identifies the client.",
    ),
    "wrong_hash": Words(
        "hashed with {algorithm}, not {scheme_algorithm}", "Use {scheme_algorithm}."
    ),
    "message_latin1": Words(
        "hashed the string as latin-1, not UTF-8",
        "Encode the string to sign as UTF-8 before hashing.",
    ),
    "output_hex_upper": Words("sent the signature in upper-case hex", _FORM_FIX),
    "output_hex_mixed": Words("sent the signature in mixed-case hex", _FORM_FIX),
    "output_base64": Words("sent the signature in base64", _FORM_FIX),
    "output_base64url": Words("sent the signature in base64url", _FORM_FIX),
    PREFIX_MISTAKE: Words(
        "sent the signature behind a `{prefix}` prefix",
        "Send the bare digest, without `{prefix}`.",
    ),
}

#: For a mistake added to a catalogue without words: its title still reaches the user.
_FALLBACK = Words("made the mistake “{title}”", "Undo “{title}” in the client.")
_RIGHT = "signed the right string with the right secret"


def _code(text: str, limit: int = 80) -> str:
    """A value shown inside backticks: line breaks visible, long values cut."""
    shown = text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _and(clauses: list[str]) -> str:
    return clauses[0] if len(clauses) == 1 else f"{', '.join(clauses[:-1])} and {clauses[-1]}"


# --- the answer --------------------------------------------------------------------------


@dataclass(frozen=True)
class Explanation:
    """One hypothesis that reproduces the signature, in plain words."""

    causes: tuple[Cause, ...]
    summary: str
    fix: str
    outcome: Outcome

    def to_dict(self) -> dict[str, object]:
        return {
            "mistakes": [cause.id for cause in self.causes],
            "steps": list(dict.fromkeys(cause.step for cause in self.causes)),
            "summary": self.summary,
            "fix": self.fix,
            "string_to_sign": self.outcome.string_to_sign,
            "signature": self.outcome.signature.to_dict(),
        }


@dataclass(frozen=True)
class Diagnosis:
    """The verdict on a pasted signature and, on a mismatch, what explains it."""

    signature: ParsedSignature
    accepted: bool
    match: bool
    explanations: tuple[Explanation, ...]
    tried: int
    #: Whether the clock was searched, and whether the work budget cut that search short.
    clock: bool
    narrowed: bool = False
    #: Hypotheses left untried when the work budget ran out.
    skipped: int = 0
    #: The request's headers and params, when there were too many to pair with each other.
    items_capped: int = 0

    @property
    def message(self) -> str:
        if self.match:
            return (
                "The signature is right for this request and secret, in the form the server "
                "takes. If the server still rejects it, it saw a different request or holds a "
                "different secret: compare its canonical string with the string to sign here."
            )
        count = len(self.explanations)
        if count:
            plural = "s" if count > 1 else ""
            found = f"{count} explanation{plural} found among {self.tried} hypotheses tried."
            return found + self.bounds
        searched = "every mistake and every pair" + (", the clock" if self.clock else "")
        searched = "" if self.skipped else f" ({searched}, with any hash and output form)"
        return (
            f"Nothing in the catalogue explains this signature: {self.tried} hypotheses tried"
            f"{searched}.{self.bounds} Next step: log the "
            "exact string your client signs and compare it with the string to sign shown here, "
            "line by line; if they are equal, the two sides hold different secrets."
        )

    @property
    def bounds(self) -> str:
        """What the search left out to bound its work, in words (empty when nothing)."""
        words = ""
        if self.skipped:
            total = self.tried + self.skipped
            words += (
                f" The search was cut short to bound the work on this large request: it "
                f"searched {self.tried} of {total} hypotheses"
                + (", the clock search included" if self.narrowed else "")
                + "."
            )
        if self.items_capped:
            words += (
                f" This request has {self.items_capped} headers and params: pairs of two of "
                f"them were tried among the first {PAIRED_ITEMS} only."
            )
        return words

    def to_dict(self) -> dict[str, object]:
        return {
            "signature_format": self.signature.to_dict(self.accepted),
            "match": self.match,
            "explanations": [explanation.to_dict() for explanation in self.explanations],
            "tried": self.tried,
            "message": self.message,
        }


def _observed(recipe: Recipe, parsed: ParsedSignature) -> tuple[Cause, ...]:
    """The mistakes the pasted signature itself shows: its hash, its prefix, its form."""
    causes = []
    if parsed.algorithm != recipe.algorithm:
        name = ALGORITHMS[parsed.algorithm]
        causes.append(
            Cause(
                f"wrong_hash:{parsed.algorithm}",
                "wrong_hash",
                "hmac",
                f"Wrong hash ({parsed.algorithm})",
                (("algorithm", name),),
            )
        )
    if parsed.prefix is not None:
        causes.append(
            Cause(
                PREFIX_MISTAKE, PREFIX_MISTAKE, "hmac", "Prefix sent", (("prefix", parsed.prefix),)
            )
        )
    if parsed.form != recipe.output:
        mistake = f"output_{parsed.form}"
        causes.append(Cause(mistake, mistake, "hmac", f"{FORM_NAMES[parsed.form]} sent"))
    return tuple(causes)


def _received(correct: Recipe, mistaken: Recipe) -> str:
    """The headers the server received that the mistaken client did not sign as such."""
    signed = set(mistaken.request.headers)
    return ", ".join(
        f"`{_code(f'{name}: {value}')}`"
        for name, value in correct.request.headers
        if (name, value) not in signed
    )


def _explain(
    scheme: Scheme,
    recipe: Recipe,
    correct: Outcome,
    hypothesis: Hypothesis,
    parsed: ParsedSignature,
) -> Explanation | None:
    """Words for ``hypothesis``, re-run through ``signing.run``; ``None`` if that run does not
    reproduce the digest (a cache or template gone wrong must not reach the user)."""
    outcome = signing.run(scheme, hypothesis.recipe.with_(algorithm=parsed.algorithm))
    if not hmac.compare_digest(outcome.signature.digest, parsed.digest):
        return None
    signed = {step.id: step.output for step in outcome.steps}
    expected = {step.id: step.output for step in correct.steps}
    causes = hypothesis.causes + _observed(recipe, parsed)
    clauses = [] if hypothesis.causes else [_RIGHT]
    fixes, hints = [], []
    for cause in causes:
        fields = {
            "signed": _code(signed.get(cause.step, "")),
            "expected": _code(expected.get(cause.step, "")),
            "value": _code(signed.get(cause.step, "")),
            "skew": "",
            "title": cause.title,
            "variant": recipe.variant,
            "mistaken_variant": hypothesis.recipe.variant,
            "received": _received(recipe, hypothesis.recipe),
            "scheme_algorithm": ALGORITHMS[recipe.algorithm],
            "expected_form": FORM_NAMES[recipe.output],
            **dict(cause.fields),
        }
        words = WORDS.get(cause.mistake, _FALLBACK)
        clauses.append(words.clause.format_map(fields))
        fixes.append(words.fix.format_map(fields))
        if "hint" in fields:
            hints.append(fields["hint"])
    summary = " ".join([f"Your client {_and(clauses)}.", *hints])
    return Explanation(causes, summary, " ".join(dict.fromkeys(fixes)), outcome)


def diagnose(
    scheme: Scheme,
    recipe: Recipe,
    signature: object,
    server_time: int | None = None,
    window: int | None = None,
) -> Diagnosis:
    """Check ``signature`` (as pasted) against ``recipe`` and, on a mismatch, explain it.

    ``server_time`` (default: the request's own time) centres the clock search and, for a
    time-based scheme, picks the seconds the server tries under its ``window`` setting (as in
    ``signing.sign``). Raises ``InputError`` for a signature that is no digest at all.
    """
    parsed = parse_signature(signature)
    accepted = parsed.form == recipe.output and parsed.prefix is None
    correct = signing.run(scheme, recipe)
    clock = CLOCKS.get(scheme.name)
    timing = _timing(recipe, clock, server_time)
    now = server_time if server_time is not None else recipe.request.timestamp or 0
    match: bool | None = None  # ``None``: the search's first stage decides
    epochs: Sequence[int] = ()
    if scheme.window is None:
        match = hmac.compare_digest(parsed.text.encode(), correct.sent.encode())
    elif timing is not None and clock is not None and clock.offsets is not None:
        epochs = [now + offset for offset in clock.offsets(window)]
    else:
        entries = scheme.window(recipe, parsed.text, now, window)
        epochs = [entry.epoch for entry in entries]
        match = any(entry.accepted for entry in entries)
    if accepted and match:
        return Diagnosis(parsed, accepted, True, (), 0, timing is not None)
    mistakes = scheme.mistakes + EXTRA_MISTAKES
    if "headers" in scheme.inputs:
        mistakes += HEADER_MISTAKES
    search = _Search(
        scheme, recipe, parsed.digest, parsed.algorithm, timing, epochs, mistakes, BUDGET
    )
    base = search.base()
    if match is None and accepted and parsed.algorithm == recipe.algorithm and base:
        return Diagnosis(parsed, accepted, True, (), 0, timing is not None)
    found = search.run(base)
    explanations = [_explain(scheme, recipe, correct, h, parsed) for h in found]
    return Diagnosis(
        parsed,
        accepted,
        False,
        tuple(e for e in explanations if e is not None),
        search.tried,
        timing is not None,
        search.narrowed,
        search.skipped,
        search.items_capped,
    )


def _timing(recipe: Recipe, clock: Clock | None, server_time: int | None) -> _Timing | None:
    sent = None if clock is None else clock.read(recipe)
    if clock is None or sent is None:
        return None
    if server_time is None:
        return _Timing(clock, sent, int(sent), clock.reference)
    return _Timing(clock, sent, server_time, "the server's clock")
