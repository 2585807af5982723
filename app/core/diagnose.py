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
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, islice

from app.core import signing
from app.core.digest import ALGORITHMS, MESSAGE_ENCODINGS
from app.core.mistakes import Mistake, MistakeInstance, single
from app.core.recipe import Recipe
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

#: Bytes the clock search may hash for one request (about 0.2 s of SHA-256 here): enough for
#: every range above on a typical request; a huge body or key narrows the search instead.
CLOCK_BUDGET = 64 * 2**20

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

    def texts(self, exclude: set[int]) -> tuple[tuple[str, Iterator[bytes]], ...]:
        """Each kind of finding and the decimal times to try, most likely first: seconds
        nearest the centre, then the timezones, then milliseconds and fractions around the
        centre and the time sent. The order matters when the work budget cuts the search."""
        clock, centre = self.clock, self.centre
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
        around = sorted({start + second for start in {centre, int(self.sent)} for second in near})
        return (
            ("seconds", (b"%d" % s for s in chain(nearest, zones) if s not in exclude)),
            ("milliseconds", (b"%d" % (s * 1000 + milli) for s in around for milli in range(1000))),
            ("fraction", (b"%d.%s" % (s, fraction) for s in around for fraction in FRACTIONS)),
        )


@dataclass
class _Search:
    """One diagnosis: the request, the observed digest, caches and the count of tries."""

    scheme: Scheme
    recipe: Recipe
    observed: bytes
    algorithm: str
    timing: _Timing | None
    #: Seconds the server itself tries (time-based schemes), else empty.
    epochs: tuple[int, ...]
    keys: dict[bytes, hmac.HMAC] = field(default_factory=dict)
    strings: dict[tuple[object, ...], str] = field(default_factory=dict)
    seen: dict[tuple[bytes, bytes], tuple[int, bool]] = field(default_factory=dict)
    tried: int = 0
    #: Whether the clock search stopped at ``CLOCK_BUDGET`` before its full range.
    narrowed: bool = False

    def key_state(self, key: bytes) -> hmac.HMAC:
        """An HMAC state that absorbed ``key``: copying it skips the key setup."""
        state = self.keys.get(key)
        if state is None:
            state = self.keys[key] = hmac.new(key, digestmod=self.algorithm)
        return state

    def string(self, recipe: Recipe) -> str:
        """The string to sign, canonicalized once per distinct request, variant and flags."""
        cache_key = recipe.canonical_inputs
        text = self.strings.get(cache_key)
        if text is None:
            text = self.strings[cache_key] = self.scheme.string_to_sign(recipe)
        return text

    def test(self, hypothesis: Hypothesis) -> bool:
        """Whether ``hypothesis`` signs to the observed digest.

        One that signs the same bytes with the same key as a simpler one (fewer mistakes) is
        not tried again: it could only match where the simpler one already did.
        """
        depth = len(hypothesis.causes)
        recipe = hypothesis.recipe
        message = MESSAGE_ENCODINGS[recipe.message_encoding](self.string(recipe))
        key = recipe.secret.encode("utf-8")
        first = self.seen.get((message, key))
        if first is not None and first[0] < depth:
            return False
        self.tried += 1
        if first is not None:
            return first[1]
        state = self.key_state(key).copy()
        state.update(message)
        matched = hmac.compare_digest(state.digest(), self.observed)
        self.seen[(message, key)] = (depth, matched)
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
        return found

    # The stages, simplest first.

    def base(self) -> list[Hypothesis]:
        """No mistake: the right string (for each second the server tries, if it tries some)."""
        if self.timing is None or not self.epochs:
            recipes = [self.recipe]
        else:
            recipes = [self.timing.clock.write(self.recipe, str(epoch)) for epoch in self.epochs]
        return [h for h in (Hypothesis((), recipe) for recipe in recipes) if self.test(h)]

    @cached_property
    def instances(self) -> list[MistakeInstance]:
        """Every catalogue mistake the search enumerates, as applied to this request."""
        mistakes = self.scheme.mistakes + EXTRA_MISTAKES
        return [
            instance
            for mistake in mistakes
            if mistake.id not in OBSERVED
            for instance in mistake.instances(self.recipe)
        ]

    def late(self) -> tuple[Cause, ...]:
        """A time-based request signed outside the server's window is late whatever else."""
        timing = self.timing
        if timing is None or not self.epochs or int(timing.sent) in self.epochs:
            return ()
        return (timing.cause("seconds", timing.sent),)

    def singles(self) -> list[Hypothesis]:
        replaced = self.timing.clock.replaces if self.timing else frozenset()
        late = self.late()
        found = [Hypothesis(late, self.recipe)] if late else []
        found += [
            Hypothesis((_cause(instance), *late), instance.recipe)
            for instance in self.instances
            if instance.mistake.id not in replaced
        ]
        # A clock finding signs another string: once a mistake matched, it cannot.
        return [h for h in found if self.test(h)] or self.clock()

    def clock(self) -> list[Hypothesis]:
        """Every time the clock search covers, signed by an otherwise correct client."""
        timing = self.timing
        template = None if timing is None else self.template(timing)
        if timing is None or template is None:
            return []
        head_bytes, tail = template
        head = self.key_state(self.recipe.secret.encode("utf-8")).copy()
        head.update(head_bytes)
        # Tried already: the server's seconds, and the time sent (by itself, or late).
        exclude = {*self.epochs, int(timing.sent)}
        # Each try hashes the tail again (plus a block for the time and the padding): a huge
        # body or key gets fewer tries rather than a slow answer.
        budget = CLOCK_BUDGET // (len(tail) + 64)
        found = []
        for kind, texts in timing.texts(exclude):
            start = self.tried
            found += [(kind, text) for text in self.scan(head, tail, islice(texts, budget))]
            budget -= self.tried - start
            self.narrowed = self.narrowed or next(texts, None) is not None
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
        late = self.late()
        found = (Hypothesis((*h.causes, *late), h.recipe) for h in _pairs(self.instances))
        return [h for h in found if self.test(h)]

    def run(self) -> list[Hypothesis]:
        """The hypotheses of the first stage that explains the signature, simplest first."""
        order = {m.id: i for i, m in enumerate(self.scheme.mistakes + EXTRA_MISTAKES)}
        for stage in (self.base, self.singles, self.pairs):
            found = stage()
            if found:
                return sorted(
                    found,
                    key=lambda h: (
                        len(h.causes),
                        [order.get(c.mistake, len(order)) for c in h.causes],
                    ),
                )
        return []


def _pairs(instances: list[MistakeInstance]) -> Iterator[Hypothesis]:
    """Every pair in catalogue order, the second mistake applied to the first's recipe.

    Each mistake is applied once per first recipe and its targets looked up, so a family
    (``omit_param``) costs one application, not one per target.
    """
    for index, first in enumerate(instances):
        applied: dict[str, dict[str, Recipe]] = {}
        for second in instances[index + 1 :]:
            mistake = second.mistake
            if mistake.id not in applied:
                applied[mistake.id] = dict(mistake.apply(first.recipe))
            recipe = applied[mistake.id].get(second.target)
            if recipe is not None:
                yield Hypothesis((_cause(first), _cause(second)), recipe)


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


_JSON_FIX = "Sign the raw body bytes you send, before any JSON middleware re-serializes them."
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
            return f"{count} explanation{plural} found among {self.tried} hypotheses tried."
        searched = "every mistake and every pair" + (", the clock" if self.clock else "")
        narrowed = (
            " The clock search was cut short to bound the work on this large request."
            if self.narrowed
            else ""
        )
        return (
            f"Nothing in the catalogue explains this signature: {self.tried} hypotheses tried "
            f"({searched}, with any hash and output form).{narrowed} Next step: log the exact "
            "string your client signs and compare it with the string to sign shown here, line "
            "by line; if they are equal, the two sides hold different secrets."
        )

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
    if scheme.window is None:
        epochs: tuple[int, ...] = ()
        match = hmac.compare_digest(parsed.text.encode(), correct.sent.encode())
    else:
        now = server_time if server_time is not None else recipe.request.timestamp or 0
        entries = scheme.window(recipe, parsed.text, now, window)
        epochs = tuple(entry.epoch for entry in entries)
        match = any(entry.accepted for entry in entries)
    timing = _timing(recipe, CLOCKS.get(scheme.name), server_time)
    if accepted and match:
        return Diagnosis(parsed, accepted, True, (), 0, timing is not None)
    search = _Search(scheme, recipe, parsed.digest, parsed.algorithm, timing, epochs)
    found = search.run()
    explanations = [_explain(scheme, recipe, correct, h, parsed) for h in found]
    return Diagnosis(
        parsed,
        accepted,
        False,
        tuple(e for e in explanations if e is not None),
        search.tried,
        timing is not None,
        search.narrowed,
    )


def _timing(recipe: Recipe, clock: Clock | None, server_time: int | None) -> _Timing | None:
    sent = None if clock is None else clock.read(recipe)
    if clock is None or sent is None:
        return None
    if server_time is None:
        return _Timing(clock, sent, int(sent), clock.reference)
    return _Timing(clock, sent, server_time, "the server's clock")
