"""The verdict on a pasted signature, its explanations in words, and ``diagnose`` itself."""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.core import signing
from app.core.diagnose.clock import Timing
from app.core.diagnose.hypotheses import (
    EXTRA_MISTAKES,
    OBSERVED_MISTAKES,
    PREFIX_MISTAKE,
    Cause,
    Hypothesis,
)
from app.core.diagnose.search import BUDGET, PAIRED_ITEMS, Search
from app.core.diagnose.words import RIGHT, clause_and_fix, code, one_sentence, paired
from app.core.digest import HASH_TITLES
from app.core.errors import InputError
from app.core.header_mistakes import HEADER_MISTAKES
from app.core.mistakes import FORM_FIX, Mistake, never
from app.core.recipe import Recipe
from app.core.schemes.base import NO_CONTEXT, Scheme, Verdict
from app.core.schemes.clock import Clock, Context
from app.core.schemes.declare import secrets_needed
from app.core.sigformat import FORM_NAMES, USUAL, ParsedSignature, parse_signature
from app.core.signing import Outcome


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
    #: Hypotheses left untried when the work budget ran out (pairs counted by their labels,
    #: so an upper bound: a second mistake may not apply to the first's recipe).
    skipped: int = 0
    #: Per-header and per-param mistakes, when there were too many to pair with each other.
    items_capped: int = 0
    #: Who computed the signature (``Scheme.signer``), as the next step names it.
    signer: str = "Your client"
    #: Second secrets the request needs but was not given (labels): the first thing to check.
    missing: tuple[str, ...] = ()

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
        if self.missing:
            return (
                f"Nothing in the catalogue explains this signature, and the request needs the "
                f"{' and the '.join(self.missing)}, which was not given: type it, then check "
                "again."
            )
        searched = "every mistake and every pair" + (", the clock" if self.clock else "")
        searched = "" if self.skipped else f" ({searched}, with any hash and output form)"
        return (
            f"Nothing in the catalogue explains this signature: {self.tried} hypotheses tried"
            f"{searched}.{self.bounds} Next step: log the "
            f"exact string {self.signer.lower()} signs and compare it with the string to sign "
            "shown here, "
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
                f"searched {self.tried} of up to {total} hypotheses"
                + (", the clock search included" if self.narrowed else "")
                + "."
            )
        if self.items_capped:
            words += (
                f" This request gives {self.items_capped} per-header and per-param mistakes: "
                f"pairs of two of them were tried among the first {PAIRED_ITEMS} only."
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


def _observed(scheme: Scheme, recipe: Recipe, parsed: ParsedSignature) -> tuple[Cause, ...]:
    """The mistakes the pasted signature itself shows: its hash, its prefix, its form."""
    known = {mistake.id: mistake for mistake in scheme.mistakes + OBSERVED_MISTAKES}

    def mistake(mistake_id: str, title: str) -> Mistake:
        return known.get(mistake_id) or Mistake(mistake_id, "hmac", title, title, never)

    causes = []
    if parsed.algorithm != recipe.algorithm:
        name = HASH_TITLES[parsed.algorithm]
        title = f"Wrong hash ({parsed.algorithm})"
        causes.append(
            Cause(
                f"wrong_hash:{parsed.algorithm}",
                mistake("wrong_hash", title),
                "hmac",
                title,
                (("algorithm", name),),
            )
        )
    if parsed.prefix is not None and not _declared_prefix(scheme, parsed):
        prefix = mistake(PREFIX_MISTAKE, "Prefix sent")
        causes.append(
            Cause(PREFIX_MISTAKE, prefix, "hmac", prefix.title, (("prefix", parsed.prefix),))
        )
    if parsed.form not in scheme.forms(recipe):
        form_id, title = f"output_{parsed.form}", f"{FORM_NAMES[parsed.form]} sent"
        # A form the catalogue does not list (`custom`'s is its description's): plain words.
        sent = known.get(form_id) or Mistake(
            form_id,
            "hmac",
            title.capitalize(),
            title.capitalize(),
            never,
            clause=f"sent the signature in {FORM_NAMES[parsed.form]}",
            fix=FORM_FIX,
        )
        causes.append(Cause(form_id, sent, "hmac", sent.title))
    return tuple(causes)


def _the_one(
    scheme: Scheme, recipe: Recipe, several: tuple[str, ...], hashes: tuple[str, ...]
) -> str:
    """Of the signatures one header carries, the one a diagnosis checks: the one equal to
    the right signature if any (the server accepts any one), else the first that is a
    digest, else the first (whose error then says why)."""
    digest = signing.run(scheme, recipe).signature.digest
    readable = []
    for sent in several:
        try:
            parsed = parse_signature(sent, hashes)
        except InputError:
            continue
        if hmac.compare_digest(parsed.digest, digest):
            return sent
        readable.append(sent)
    return (readable or list(several))[0]


def missing_secrets(scheme: Scheme, recipe: Recipe) -> tuple[str, ...]:
    """The labels of the second secrets ``recipe``'s request needs but were left empty."""

    def value_of(name: str) -> str:
        return recipe.request.input(name) or recipe.secret_input(name)

    return tuple(given.label for given in secrets_needed(scheme.inputs, value_of))


def _declared_prefix(scheme: Scheme, parsed: ParsedSignature) -> bool:
    """Whether the pasted signature has no prefix, or one its scheme sends it behind
    (``v1=``, ``sha256=``): the server reads that prefix, so it is no mistake."""
    return parsed.prefix is None or parsed.prefix in scheme.transport.signature.prefixes


def _accepted(scheme: Scheme, recipe: Recipe, parsed: ParsedSignature) -> bool:
    """Whether the server would read the signature's form at all (it compares strings)."""
    return parsed.form in scheme.forms(recipe) and _declared_prefix(scheme, parsed)


def _received(correct: Recipe, mistaken: Recipe) -> str:
    """The headers the server received that the mistaken client did not sign as such."""
    signed = set(mistaken.request.headers)
    return ", ".join(
        f"`{code(f'{name}: {value}')}`"
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
    causes = hypothesis.causes + _observed(scheme, recipe, parsed)
    clauses = [] if hypothesis.causes else [RIGHT]
    fixes, hints = [], []
    pairs = paired([cause.mistake for cause in causes])
    second = {j for j, _ in pairs.values()}
    for i, cause in enumerate(causes):
        fields = {
            "signed": code(signed.get(cause.step, "")),
            "expected": code(expected.get(cause.step, "")),
            "value": code(signed.get(cause.step, "")),
            "skew": "",
            "title": cause.title,
            "variant": recipe.variant,
            "mistaken_variant": hypothesis.recipe.variant,
            "received": _received(recipe, hypothesis.recipe),
            "scheme_algorithm": HASH_TITLES[recipe.algorithm],
            "expected_form": FORM_NAMES[recipe.output],
            "secret_encoding": recipe.secret_encoding,
            **dict(cause.fields),
        }
        clause, fix = clause_and_fix(cause.mistake)
        clause = pairs[i][1] if i in pairs else clause
        if i not in second:
            clauses.append(clause.format_map(fields))
        fixes.append(fix.format_map(fields))
        if "hint" in fields:
            hints.append(fields["hint"])
    summary = " ".join([f"{scheme.signer} {one_sentence(clauses)}.", *hints])
    return Explanation(causes, summary, " ".join(dict.fromkeys(fixes)), outcome)


def diagnose(
    scheme: Scheme,
    recipe: Recipe,
    signature: object,
    context: Context = NO_CONTEXT,
) -> Diagnosis:
    """Check ``signature`` (as pasted) against ``recipe`` and, on a mismatch, explain it.

    ``context`` holds the server-side inputs, as ``signing.sign`` takes them: the scheme's
    verdict reads them, and the server's clock (default: the request's own time) centres the
    clock search. Raises ``InputError`` for a signature that is no digest at all.
    """
    hashes = tuple(dict.fromkeys((*USUAL, recipe.algorithm)))
    split = scheme.signatures
    several = split(signature) if split is not None and isinstance(signature, str) else ()
    if len(several) > 1:
        return diagnose(scheme, recipe, _the_one(scheme, recipe, several, hashes), context)
    parsed = parse_signature(signature, hashes)
    accepted = _accepted(scheme, recipe, parsed)
    correct = signing.run(scheme, recipe)
    clock = scheme.clock
    timing = _timing(recipe, clock, context)
    match: bool | None = None  # ``None``: the search's first stage decides
    refused = ""  # the server's reason when it refuses the very signature it computes
    epochs: Sequence[int] = ()
    refusal: Cause | None = None  # why the server refuses even the right signature
    if timing is not None and clock is not None and clock.offsets is not None:
        # The server tries a window: the search tries it itself, within its budget.
        now = clock.server_time(context)
        now = now if now is not None else recipe.request.timestamp or 0
        epochs = [now + offset for offset in clock.offsets(context)]
    else:
        verdict = scheme.verdict(recipe, parsed.text, context, expected=correct.sent)
        epochs = [entry.epoch for entry in verdict.window or ()]
        match = verdict.accepted
        refusal = _refusal(scheme, verdict)
        refused = "" if match else verdict.reason
    if accepted and match:
        return Diagnosis(parsed, accepted, True, (), 0, timing is not None)
    mistakes = scheme.mistakes + EXTRA_MISTAKES
    if scheme.input("headers") is not None:
        mistakes += HEADER_MISTAKES
    searched = recipe.with_(algorithm=parsed.algorithm)
    search = Search(
        scheme, searched, parsed.digest, parsed.algorithm, timing, epochs, mistakes, BUDGET
    )
    base = search.base()
    if match is None and accepted and parsed.algorithm == recipe.algorithm and base:
        return Diagnosis(parsed, accepted, True, (), 0, timing is not None)
    found = search.run(base)
    if refusal is not None:  # the right signature, refused by the verdict: say why
        found = [h if h.causes else replace(h, causes=(refusal,)) for h in found]
    explanations = [_explain(scheme, recipe, correct, h, parsed) for h in found]
    if base and accepted and parsed.algorithm == recipe.algorithm and refused:
        # The right signature, refused for another reason (OAuth's timestamp lifetime).
        explanations = [
            replace(e, summary=f"{e.summary} {refused}") if e is not None and not e.causes else e
            for e in explanations
        ]
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
        scheme.signer,
        missing_secrets(scheme, recipe),
    )


def _refusal(scheme: Scheme, verdict: Verdict) -> Cause | None:
    """The catalogue entry the verdict names for refusing the right signature, if any."""
    mistake = next((m for m in scheme.mistakes if m.id == verdict.mistake), None)
    if verdict.accepted or mistake is None:
        return None
    return Cause(mistake.id, mistake, mistake.step, mistake.title, verdict.fields)


def _timing(recipe: Recipe, clock: Clock | None, context: Context) -> Timing | None:
    sent = None if clock is None else clock.read(recipe)
    if clock is None or sent is None:
        return None
    server_time = clock.server_time(context)
    if server_time is None:
        return Timing(clock, sent, int(sent), clock.reference)
    return Timing(clock, sent, server_time, "the server's clock")
