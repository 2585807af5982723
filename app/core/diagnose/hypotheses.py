"""What an explanation is made of: causes, hypotheses, and the mistakes only diagnosis tries."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.core.mistakes import FORM_FIX, TRIM_FIX, Mistake, MistakeInstance, never, single
from app.core.recipe import Recipe

#: Catalogue entries the search reads off the pasted signature instead of trying them.
OBSERVED = frozenset({"wrong_hash", "output_hex_upper", "output_base64"})

#: A pasted form the server does not take is the mistake ``output_<form>`` (the catalogue's
#: ``output_hex_upper`` and ``output_base64``, and ``output_hex_mixed``, ``output_base64url``).
PREFIX_MISTAKE = "signature_prefix"

#: What only the pasted signature shows: forms no client is asked to produce, and a prefix.
OBSERVED_MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "output_hex_mixed",
        "hmac",
        "Mixed-case hex sent",
        "The digest was sent in hex with upper- and lower-case letters mixed.",
        never,
        clause="sent the signature in mixed-case hex",
        fix=FORM_FIX,
    ),
    Mistake(
        "output_base64url",
        "hmac",
        "Base64url sent",
        "The digest was sent in base64url (`-` and `_` for `+` and `/`).",
        never,
        clause="sent the signature in base64url",
        fix=FORM_FIX,
    ),
    Mistake(
        PREFIX_MISTAKE,
        "hmac",
        "Prefix sent",
        "The digest was sent behind a prefix such as `sha256=`.",
        never,
        clause="sent the signature behind a `{prefix}` prefix",
        fix="Send the bare digest, without `{prefix}`.",
    ),
)


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
        clause="signed with the secret plus a trailing `\\r\\n`",
        fix="Strip the line ending where the secret is read (the file has Windows line endings).",
    ),
    Mistake(
        "secret_trailing_space",
        "hmac",
        "Secret with a trailing space",
        "The secret was pasted or templated with a space after it.",
        _secret(lambda secret: secret + " "),
        clause="signed with the secret plus a trailing space",
        fix=TRIM_FIX,
    ),
    Mistake(
        "secret_leading_space",
        "hmac",
        "Secret with a leading space",
        "The secret was pasted or templated with a space before it.",
        _secret(lambda secret: " " + secret),
        clause="signed with the secret after a leading space",
        fix=TRIM_FIX,
    ),
)


@dataclass(frozen=True)
class Cause:
    """One mistake in an explanation: its id as the lens names it, the catalogue entry (whose
    ``clause`` and ``fix`` say it), and its words' fields."""

    id: str
    mistake: Mistake
    step: str
    title: str
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Hypothesis:
    """Mistakes a client may have made, and the recipe a client making them would sign."""

    causes: tuple[Cause, ...]
    recipe: Recipe


def cause_of(instance: MistakeInstance) -> Cause:
    mistake = instance.words
    fields = (("target", instance.target),)
    return Cause(instance.id, mistake, mistake.step, instance.title, fields)
