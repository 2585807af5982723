"""The mistake catalogue: data plus pure ``Recipe -> Recipe`` transforms.

Each entry says which step it touches, what it is called, why people make it, and how a
client making it would change its recipe. ``apply`` returns the mistaken recipes for one
request: none when the mistake cannot happen to it (no params to leave out, a body that is
not JSON), one for most mistakes, one per target for families ("each parameter left out").
A mistake that applies but changes nothing is kept: the lens shows it as harmless.

Shared entries (secret, hash, encodings) live here; scheme-specific ones in their scheme.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.core.digest import ALGORITHMS, decode_secret
from app.core.recipe import Recipe
from app.core.schemes.declare import SECRET_ENCODINGS

Apply = Callable[[Recipe], Iterable[tuple[str, Recipe]]]


@dataclass(frozen=True)
class Mistake:
    """A catalogue entry. ``title`` and ``explanation`` may use ``{target}``.

    ``cost`` is what applying it costs per byte of the request, against hashing that byte:
    the diagnosis charges it to its work budget (a JSON re-serialization costs dozens).

    ``clause`` and ``fix`` are how a diagnosis says it: a clause after "Your client", and
    what to change. Both are ``str.format`` templates over: ``signed`` and ``expected`` (the
    touched step's output in the mistaken and the correct run), ``target``, ``variant`` and
    ``mistaken_variant``, ``algorithm`` and ``scheme_algorithm``, ``form`` and
    ``expected_form``, ``secret_encoding``, ``prefix``, ``received`` (the headers the server
    received that the mistaken client signed otherwise, or not at all), ``title``, and for
    the clock ``value``, ``sent`` and ``skew``. A mistake without them is explained by its
    title alone.

    ``harmless`` says why the mistake changes nothing when a request gives it nothing to
    change ("your headers are already sorted"), a phrase over ``{target}``; the lens shows it
    on a harmless card, and a generic reason when it is empty.

    ``together`` holds ``(other mistake id, clause)``: when a diagnosis finds both, that one
    clause says them (a pair that is one well-known habit, such as Python's default
    ``json.dumps``).
    """

    id: str
    step: str
    title: str
    explanation: str
    apply: Apply
    cost: int = 1
    clause: str = ""
    fix: str = ""
    harmless: str = ""
    together: tuple[tuple[str, str], ...] = ()
    #: For a family whose words come with each request (``custom``'s own mistakes, which its
    #: description lists): the entry that says one target, given the mistaken recipe.
    speaks: Callable[[str, Recipe], Mistake] | None = None

    def instances(self, recipe: Recipe) -> list[MistakeInstance]:
        return [MistakeInstance(self, target, mistaken) for target, mistaken in self.apply(recipe)]


@dataclass(frozen=True)
class MistakeInstance:
    """A mistake applied to one request (and, for families, to one target)."""

    mistake: Mistake
    target: str
    recipe: Recipe

    @property
    def id(self) -> str:
        return f"{self.mistake.id}:{self.target}" if self.target else self.mistake.id

    @property
    def words(self) -> Mistake:
        """The entry whose words say this instance: its mistake, or for a family that
        ``speaks``, the entry for this target."""
        speaks = self.mistake.speaks
        return self.mistake if speaks is None else speaks(self.target, self.recipe)

    @property
    def title(self) -> str:
        return _fill(self.words.title, self.target)

    @property
    def explanation(self) -> str:
        return _fill(self.words.explanation, self.target)

    @property
    def harmless(self) -> str:
        return _fill(self.words.harmless, self.target)


class _Kept(dict[str, str]):
    """Template fields the lens cannot fill stay as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(template: str, target: str) -> str:
    return template.format_map(_Kept(target=target))


def never(recipe: Recipe) -> list[tuple[str, Recipe]]:
    """For a mistake no transform produces: the diagnosis finds it another way (the clock
    search, the pasted signature's form), and only its words are needed."""
    return []


#: Fixes several mistakes share.
TRIM_FIX = "Trim the secret where it is read or templated."
FORM_FIX = "Send the digest as {expected_form}: the server compares strings."


def single(transform: Callable[[Recipe], Recipe | None]) -> Apply:
    """Lift a transform that applies once (or not at all, returning ``None``)."""

    def apply(recipe: Recipe) -> list[tuple[str, Recipe]]:
        mistaken = transform(recipe)
        return [] if mistaken is None else [("", mistaken)]

    return apply


#: The secret encoding that reads the secret as its text.
AS_TEXT = SECRET_ENCODINGS[0]


def _keyable(recipe: Recipe) -> Recipe | None:
    """``recipe``, if its secret decodes as its ``secret_encoding`` says (a mistaken secret
    that does not could never have keyed an HMAC)."""
    try:
        decode_secret(recipe.secret, recipe.secret_encoding)
    except ValueError:
        return None
    return recipe


def _secret(edit: Callable[[str], str]) -> Apply:
    return single(lambda r: _keyable(r.with_(secret=edit(r.secret))))


def _api_key_as_secret(recipe: Recipe) -> Recipe | None:
    if not recipe.request.api_key:
        return None
    return _keyable(recipe.with_(secret=recipe.request.api_key))


def _secret_as_text(recipe: Recipe) -> Recipe | None:
    if recipe.secret_encoding == AS_TEXT:
        return None
    return recipe.with_(secret_encoding=AS_TEXT)


def _secret_decoded(recipe: Recipe) -> list[tuple[str, Recipe]]:
    if recipe.secret_encoding != AS_TEXT:
        return []
    found = (_keyable(recipe.with_(secret_encoding=name)) for name in ("base64", "hex"))
    return [(r.secret_encoding, r) for r in found if r is not None]


def _other_hashes(recipe: Recipe) -> list[tuple[str, Recipe]]:
    return [(name, recipe.with_(algorithm=name)) for name in ALGORITHMS if name != recipe.algorithm]


def common_mistakes(sent_as: str) -> tuple[Mistake, ...]:
    """Mistakes every HMAC scheme is open to. ``sent_as`` names the expected output form."""
    return (
        Mistake(
            "secret_trailing_newline",
            "hmac",
            "Secret with a trailing newline",
            "The secret was read from a file, `echo` or a container secret and kept its "
            "final newline, so the key has one byte more than the server's.",
            _secret(lambda s: s + "\n"),
            clause="signed with the secret plus a trailing newline",
            fix="Strip the newline where the secret is read (a file, `echo`, a container secret).",
        ),
        Mistake(
            "secret_surrounding_spaces",
            "hmac",
            "Secret with surrounding spaces",
            "The secret was pasted or templated with a space before and after it.",
            _secret(lambda s: f" {s} "),
            clause="signed with the secret wrapped in spaces",
            fix=TRIM_FIX,
        ),
        Mistake(
            "secret_not_decoded",
            "hmac",
            "Secret used as text, not decoded",
            "The secret is written in base64 or hex and the key is its decoded bytes; the "
            "client keyed the HMAC with the text itself (RFC 9421's test key and Standard "
            "Webhooks' `whsec_` secrets are base64).",
            single(_secret_as_text),
            clause="keyed the HMAC with the secret's text instead of its decoded bytes",
            fix="Decode the secret ({secret_encoding}) and key the HMAC with the bytes.",
        ),
        Mistake(
            "secret_decoded",
            "hmac",
            "Secret decoded as {target}",
            "The key is the secret's text as UTF-8; the client decoded it as {target} first "
            "(Stripe's `whsec_` secret is used whole, unlike Standard Webhooks').",
            _secret_decoded,
            clause="decoded the secret as {target} instead of using its text",
            fix="Key the HMAC with the secret's text, as UTF-8 bytes.",
        ),
        Mistake(
            "api_key_as_secret",
            "hmac",
            "API key used as the secret",
            "The client passed the API key where the secret key belongs.",
            single(_api_key_as_secret),
            clause="signed with the API key instead of the secret",
            fix="Use the secret key as the HMAC key; the API key only identifies the client.",
        ),
        Mistake(
            "wrong_hash",
            "hmac",
            "Wrong hash ({target})",
            "The client hashed with {target} instead of the scheme's hash function.",
            _other_hashes,
            clause="hashed with {algorithm}, not {scheme_algorithm}",
            fix="Use {scheme_algorithm}.",
        ),
        Mistake(
            "message_latin1",
            "hmac",
            "String hashed as latin-1, not UTF-8",
            "Non-ASCII characters were hashed one byte each (latin-1, as Node 5 and older "
            "did by default, or a platform charset) instead of as UTF-8.",
            single(lambda r: r.with_(message_encoding="latin-1")),
            clause="hashed the string as latin-1, not UTF-8",
            fix="Encode the string to sign as UTF-8 before hashing.",
            harmless="the string to sign is plain ASCII, the same bytes in both encodings",
        ),
        Mistake(
            "output_hex_upper",
            "hmac",
            "Upper-case hex sent",
            f"The server expects {sent_as} and compares strings, so `A1B2…` is not `a1b2…`.",
            single(lambda r: r.with_(output="hex_upper")),
            clause="sent the signature in upper-case hex",
            fix=FORM_FIX,
        ),
        Mistake(
            "output_base64",
            "hmac",
            "Base64 sent instead of hex",
            f"The server expects {sent_as}; the client sent the same digest in base64.",
            single(lambda r: r.with_(output="base64")),
            clause="sent the signature in base64",
            fix=FORM_FIX,
        ),
    )
