"""RFC 9421's time, and the verifier's policy: ``created``, ``expires`` and the body digest.

The RFC signs ``created`` and ``expires`` but leaves their enforcement to the verifier
(§2.3, §7.2.2). Sigscope applies http-message-signatures 3.0.0's ``HTTPMessageVerifier``
policy, stated here as policy: ``created`` and ``keyid`` are required, a ``created`` more than
5 s ahead of the verifier's clock or an ``expires`` more than 5 s behind it is rejected, and
so is a ``created`` older than ``max_age`` (default one day) plus those 5 s. A covered
``Content-Digest`` that is not the body's is rejected too, as that verifier does when given the
body. Pure: the verifier's clock is an input (``server_time``).
"""

from __future__ import annotations

from app.core.digest import same_signature, signature_of
from app.core.mistakes import Mistake, never
from app.core.recipe import Recipe
from app.core.schemes.base import Scheme, Verdict
from app.core.schemes.clock import Clock, Context, Tolerance
from app.core.schemes.rfc9421.components import COMPONENTS, parse_components
from app.core.schemes.rfc9421.digest import matches_body
from app.core.schemes.rfc9421.mistakes import with_input
from app.core.schemes.rfc9421.params import INPUT_OF

#: The clock skew http-message-signatures' verifier tolerates (``max_clock_skew``).
SKEW = 5
#: Its default ``max_age``: one day.
DEFAULT_MAX_AGE = 86_400
MAX_AGE = "max_age"
SERVER_TIME = "server_time"


def _epoch(recipe: Recipe, name: str) -> int | None:
    text = recipe.request.input(name)
    return int(text) if text.isascii() and text.isdigit() else None


def max_age(context: Context) -> int | None:
    value = context.get(MAX_AGE, DEFAULT_MAX_AGE)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def policy(recipe: Recipe, context: Context) -> str | None:
    """Why the verifier's policy rejects a signature that matches, or ``None``."""
    created, expires = _epoch(recipe, "created"), _epoch(recipe, INPUT_OF["expires"])
    if created is None:
        return "it has no `created` parameter, which the verifier requires"
    if not recipe.request.input("keyid"):
        return "it has no `keyid` parameter, which the verifier requires to find the key"
    now = CLOCK.server_time(context)
    now = created if now is None else now
    if created > now + SKEW:
        return (
            f"`created` is {created - now} s ahead of the verifier's clock "
            f"(it allows {SKEW} s of skew)"
        )
    if expires is not None and expires < now - SKEW:
        return f"it expired {now - expires} s before the verifier's clock (`expires={expires}`)"
    age = max_age(context)
    if age is not None and created + age < now - SKEW:
        return f"`created` is {now - created} s old, past the verifier's `max_age` of {age} s"
    covered = {component.name for component in parse_components(recipe.request.input(COMPONENTS))}
    if "content-digest" in covered and matches_body(recipe) is False:
        return (
            "the covered `Content-Digest` is not the body's digest: the body changed after "
            "signing, or the digest is stale"
        )
    return None


def verify(scheme: Scheme, recipe: Recipe, sent: str, context: Context) -> Verdict:
    """The verifier's verdict: the signature it computes (the scheme's own rules, the
    recipe's deviations left out) compared in constant time, then its policy."""
    server = recipe.with_(
        algorithm=scheme.algorithm, flags=frozenset(), message_encoding="utf-8", output="base64"
    )
    expected = signature_of(scheme, server, scheme.string_to_sign(server)).encoded("base64")
    if not same_signature(sent, expected):
        return Verdict(False, "It differs from the signature the verifier computes.")
    rejected = policy(recipe, context)
    if rejected is not None:
        return Verdict(False, f"But the verifier's policy rejects it: {rejected}.")
    return Verdict(True, "It equals the signature the verifier computes, within its policy.")


def _created_read(recipe: Recipe) -> str | None:
    created = recipe.request.input("created")
    return created if created.isascii() and created.isdigit() else None


def _created_write(recipe: Recipe, text: str) -> Recipe:
    return with_input(recipe, "created", text)


#: What the clock search finds: `created` signed with another value than the one sent.
CLOCK_MISTAKES = {
    "seconds": Mistake(
        "created_changed",
        "signature_params",
        "`created` signed with another time",
        "The client signed one `created` and sent another in `Signature-Input` (its clock "
        "read twice, or another clock).",
        never,
        clause="signed `created={value}` but sent `created={sent}`{skew}",
        fix="Read the clock once: sign and send the same `created`, in UTC epoch seconds.",
    ),
    "milliseconds": Mistake(
        "created_milliseconds",
        "signature_params",
        "`created` signed in milliseconds",
        "The client signed `Date.now()` (milliseconds) as `created` but sent seconds.",
        never,
        clause="signed `created` in milliseconds (`{value}`) but sent `{sent}`{skew}",
        fix="Sign `created` in whole seconds, as sent: `Math.floor(Date.now() / 1000)`.",
    ),
    "fraction": Mistake(
        "created_fractional",
        "signature_params",
        "Fractional `created` signed",
        "The client signed `Date.now() / 1000` unfloored as `created` but sent whole seconds.",
        never,
        clause="signed a fractional `created` (`{value}`) but sent `{sent}`{skew}",
        fix="Floor `created` to whole seconds (an RFC 8941 Integer), and sign the value sent.",
    ),
}

CLOCK = Clock(
    unit="whole seconds since the Unix epoch (UTC), the `created` signature parameter",
    tolerance=Tolerance(
        f"policy, not the RFC: `created` at most {SKEW} s ahead, `expires` at most {SKEW} s "
        "past, `created` at most `max_age` old (default one day); http-message-signatures' "
        "verifier",
        seconds=SKEW,
    ),
    read=_created_read,
    write=_created_write,
    step="signature_params",
    seconds=3600,
    half_hours=28,
    near=1,
    mistakes=CLOCK_MISTAKES,
    reference="the `created` sent",
    server=SERVER_TIME,
)
