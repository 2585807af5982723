"""The scheme description: a signing scheme written as data (JSON), checked by pydantic.

A description says how the string to sign is built (an ordered list of ``parts``, each with
its canonicalization, joined by ``separator``), how the key is read, which hash signs, how
the digest is written and where it travels, and how far the server's clock tolerates the
signed time. Every option it fixes is also a mistake to try flipped (``options.py``), so one
description gives the trace, the lens and the diagnosis without code.

Pure data: no I/O. ``Description.model_json_schema()`` is the JSON Schema the API serves.
"""

from __future__ import annotations

from string import Formatter
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Case = Literal["as_is", "upper", "lower"]
Sort = Literal["none", "name", "name_value", "name_insensitive"]
Encoding = Literal["raw", "rfc3986", "form"]
Duplicates = Literal["all", "last", "unique"]
Hash = Literal["sha1", "sha256", "sha384", "sha512", "md5"]
#: The request transforms a mistake or ``also_accept`` may name (``transforms.TRANSFORMS``).
TransformName = Literal[
    "json_stringified",
    "json_python",
    "form_reencoded",
    "form_decoded",
    "payload_json",
    "payload_form",
    "body_base64",
    "json_as_params",
    "url_http",
    "url_port_removed",
    "url_port_added",
]
Output = Literal["hex", "hex_upper", "base64", "base64url"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Part(_Strict):
    """What every part may say: how its text is finished, and what an empty part does."""

    case: Case = Field("as_is", description="Letter case of the part's text.")
    trim: bool = Field(False, description="Strip surrounding whitespace from the part's text.")
    empty: Literal["keep", "omit"] = Field(
        "keep",
        description="An empty part is still joined (`keep`: its separators stay, an empty "
        "line for a newline separator) or leaves the string with its separator (`omit`).",
    )


class _Pairs(_Part):
    """A part made of `name`/`value` pairs (query parameters, headers, form parameters)."""

    sort: Sort = Field(
        "none",
        description="`none`: in the order sent; `name`: by name (code point order, ties in "
        "sent order); `name_value`: by name, then value; `name_insensitive`: by name ignoring "
        "case.",
    )
    encoding: Encoding = Field(
        "raw",
        description="How names and values are written: `raw` as given (decoded); `rfc3986` "
        "percent-encoded keeping only `A-Z a-z 0-9 - _ . ~` (space is `%20`); `form` as an "
        "HTML form writes them (space is `+`).",
    )
    duplicates: Duplicates = Field(
        "all",
        description="A name given more than once: `all` its pairs are kept; `last` only its "
        "last value (a dictionary); `unique` identical pairs are kept once.",
    )
    pair: str = Field("=", description="Written between a name and its value.")
    join: str = Field("&", description="Written between two pairs.")


class MethodPart(_Part):
    kind: Literal["method"]


class PathPart(_Part):
    kind: Literal["path"]
    leading_slash: bool = Field(False, description="Add a leading `/` when it is missing.")
    trailing_slash: Literal["keep", "strip"] = Field(
        "keep", description="`strip` removes one trailing `/` (never from `/` itself)."
    )
    decoded: bool = Field(False, description="Percent-decode the path before signing.")


class QueryPart(_Pairs):
    """The query parameters (the request's `params`)."""

    kind: Literal["query"]


class HeadersPart(_Pairs):
    """Request headers as `name: value` lines (by default)."""

    kind: Literal["headers"]
    names: list[str] | None = Field(
        None,
        description="The headers signed, in this order unless sorted (names ignore case); "
        "`null` signs every header of the request.",
    )
    name_case: Literal["as_is", "lower"] = Field("as_is", description="Case of header names.")
    values_trimmed: bool = Field(
        False,
        description="Trim each value and fold every run of whitespace inside it to one space.",
    )
    pair: str = ": "
    join: str = "\n"


class HeaderPart(_Part):
    """The value of one header (its last value when repeated; empty when absent)."""

    kind: Literal["header"]
    name: str = Field(min_length=1, description="The header's name (case ignored).")


class BodyPart(_Part):
    kind: Literal["body"]


class BodyHashPart(_Part):
    """A hash of the body's UTF-8 bytes."""

    kind: Literal["body_hash"]
    hash: Hash = "sha256"
    digest: Literal["hex", "base64"] = "hex"


class TimestampPart(_Part):
    """The time the client signed (the request's `timestamp`), as decimal text."""

    kind: Literal["timestamp"]


class NoncePart(_Part):
    kind: Literal["nonce"]


class MessageIdPart(_Part):
    """A delivery's unique id (Standard Webhooks' `webhook-id`): the `message_id` input."""

    kind: Literal["message_id"]


class ApiKeyPart(_Part):
    kind: Literal["api_key"]


class LiteralPart(_Part):
    """Fixed text, such as a version tag (`v0`)."""

    kind: Literal["literal"]
    text: str = Field(min_length=1)


class UrlPart(_Pairs):
    """The full URL: `origin` + path, then `?` and the query when there are parameters."""

    kind: Literal["url"]
    encoding: Encoding = "rfc3986"


class FormParamsPart(_Pairs):
    """The body read as an HTML form (`a=1&b=2`), its pairs written back by these rules."""

    kind: Literal["form_params"]
    sort: Sort = "name_value"
    pair: str = ""
    join: str = ""
    body_hash_param: str | None = Field(
        None,
        description="When the query carries this parameter, the body is not read as a form: "
        "it is signed through its SHA-256 (lower-case hex) in that parameter, which the "
        "verifier checks against the body (Twilio's `bodySHA256`, for a JSON body).",
    )


Part = Annotated[
    MethodPart
    | PathPart
    | QueryPart
    | HeadersPart
    | HeaderPart
    | BodyPart
    | BodyHashPart
    | TimestampPart
    | NoncePart
    | MessageIdPart
    | ApiKeyPart
    | LiteralPart
    | UrlPart
    | FormParamsPart,
    Field(discriminator="kind"),
]


class Key(_Strict):
    """How the secret becomes the HMAC key."""

    prefix: str = Field("", description="A prefix the secret carries, such as `whsec_`.")
    strip_prefix: bool = Field(
        True, description="Whether the prefix is removed before the key is read."
    )
    encoding: Literal["text", "hex", "base64"] = Field(
        "text", description="`text`: the secret's UTF-8 bytes; `hex`/`base64`: decoded."
    )


class Place(_Strict):
    """Where one value travels: a header (the first of ``headers`` present) or a param."""

    headers: list[str] = Field(default_factory=list)
    param: str | None = None


class Travel(_Strict):
    """How the signature travels.

    ``template`` is the carrying value with ``{signature}`` (and optionally ``{timestamp}``,
    ``{message_id}``, ``{nonce}``, ``{api_key}``): `sha256={signature}`,
    `t={timestamp},v1={signature}`. ``list`` is the separator between the value's items
    when it may carry several signatures (`,` for Stripe, a space for Standard Webhooks).
    ``values`` says where the other signed values travel (`timestamp`, `message_id`, ...).
    """

    place: Place
    template: str = Field("{signature}", pattern=r"\{signature\}")
    list: str | None = None
    values: dict[Literal["timestamp", "message_id", "nonce", "api_key"], Place] = Field(
        default_factory=dict
    )


class Clock(_Strict):
    """How far from its own clock the server accepts the signed timestamp (seconds)."""

    tolerance: int = Field(ge=0, le=86_400)
    direction: Literal["past", "both"] = Field(
        "both", description="`past`: only a timestamp too old is refused (Stripe)."
    )


#: The fields a mistake's words may name in braces (see ``app.core.mistakes.Mistake``).
WORD_FIELDS = frozenset({"signed", "expected", "target", "title", "value", "prefix"})


class DescribedMistake(_Strict):
    """A scheme's own mistake: options set otherwise and/or a named request transform."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    step: str
    title: str
    explanation: str
    clause: str
    fix: str
    harmless: str = ""
    set: dict[str, str | bool | int | None] = Field(default_factory=dict)
    transform: TransformName | None = None

    @field_validator("clause", "fix", "harmless")
    @classmethod
    def _known_fields(cls, text: str) -> str:
        """The words are templates: only the diagnosis's fields may appear in braces."""
        try:
            names = {name for _, name, _, _ in Formatter().parse(text) if name is not None}
        except ValueError:
            raise ValueError("has an unmatched brace: write `{{` and `}}` for braces") from None
        unknown = names - WORD_FIELDS
        if unknown:
            raise ValueError(
                f"names unknown fields {sorted(unknown)}: use {sorted(WORD_FIELDS)}, "
                "or write `{{` and `}}` for braces"
            )
        return text


class Description(_Strict):
    """A signing scheme, as data."""

    title: str = Field(min_length=1)
    parts: list[Part] = Field(min_length=1)
    separator: str = Field("\n", description="Written between two parts.")
    trailing_separator: bool = Field(False, description="The separator also ends the string.")
    hash: Hash = Field(
        "sha256", description="The HMAC's hash; `md5` only for old in-house schemes (legacy)."
    )
    key: Key = Field(default_factory=lambda: Key.model_validate({}))
    output: Output = "hex"
    travel: Travel | None = None
    clock: Clock | None = None
    #: Request transforms after which the server still accepts the signature (Twilio tries
    #: its URL without the port and with the default port).
    also_accept: list[TransformName] = Field(default_factory=list)
    mistakes: list[DescribedMistake] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    signer: Literal["client", "verifier"] = Field(
        "client",
        description="Whose signature a diagnosis explains: `client` (yours, signing requests) "
        "or `verifier` (a webhook: the provider signs, your verifier recomputes it).",
    )
