"""The API's answers as pydantic models: the OpenAPI document's response schemas, generated.

The core's result objects still write the answers (``to_dict``, then orjson: quick); these
models describe them, and ``tests/web/test_openapi.py`` validates real answers against both
the models and the schemas generated from them. Every model forbids unlisted fields, so an
answer that grows or drops a field without its model following fails there. Scheme names
and variants are read from the registry each time a schema is generated. The parts several
answers share are in ``answer_types.py``; the evidence endpoints' answers (import, compare,
the gateway) in ``evidence_answers.py``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.core.contract.answer_types import (
    Closed,
    Elided,
    Error,
    SchemeName,
    Signature,
    Step,
    VariantName,
    WindowEntry,
    optional,
)
from app.core.contract.evidence_answers import Comparison, GatewayAnswer, ImportResult
from app.core.schemes.declare import INPUT_KINDS


class Edit(Closed):
    at: int = Field(ge=0, description="Code points, not bytes.")
    delete: int = Field(ge=0)
    insert: str


class LensEntry(Closed):
    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["edits"]}, {"required": ["string_to_sign"]}]}
    )

    id: str = Field(description="Families are expanded: omit_param:limit.")
    step: str
    title: str
    explanation: str
    changes_signature: bool
    edits: list[Edit] = optional(
        "The mistaken string to sign as edits to the answer's `string_to_sign`, "
        "in order, offsets all into that string: copy up to `at`, write `insert`, skip "
        "`delete` characters; then the rest. Empty: the same string. The default; "
        '`lens: "full"` sends `string_to_sign` instead.'
    )
    string_to_sign: str = optional('With `lens: "full"` only.')
    signature: Signature
    sent: str = Field(description="The signature as the mistaken client sends it.")


class Travel(Closed):
    name: str = Field(description="A header's name, a query parameter's, or `URL`.")
    value: str


class SecretFinding(Closed):
    id: str
    message: str = Field(description="What the secret's text looks like; never quotes it.")


class SecretCheck(Closed):
    fingerprint: str = Field(
        pattern="^sha256:[0-9a-f]{8}$",
        description="The first 8 hex characters of SHA-256 of the key's bytes: compare it "
        "with the other side's (`printf '%s' \"$SECRET\" | sha256sum | cut -c1-8`).",
    )
    key_bytes: int = Field(ge=0)
    findings: list[SecretFinding]


class SignResult(Closed):
    scheme: SchemeName
    variant: VariantName
    algorithm: str = Field(pattern="^HMAC-SHA")
    steps: list[Step] = Field(min_length=1)
    string_to_sign: str
    signature: Signature
    travels: list[Travel] = Field(
        description="The signature as it travels: the header(s) that carry it (an "
        "`Authorization` header, `Signature-Input` and `Signature`...) or the signed URL."
    )
    secret_check: SecretCheck = Field(
        description="What the secret looks like (a trailing newline, a known prefix, base64 "
        "used as text, too short) and the key's fingerprint."
    )
    mistakes: list[LensEntry] = optional(
        "Every catalogue mistake applied to the request; left out when the request says "
        "`lens: false`."
    )
    window: list[WindowEntry] = optional(
        "Time-based schemes only: the seconds the server tries, in its order; of more than "
        "64, those around the server's, the client's and the accepted second, and the edges."
    )
    window_tried: int = optional(ge=1)
    window_elided: list[Elided] = optional("In time order.")


class SchemeVariant(Closed):
    id: str
    title: str
    description: str


class SchemeInput(Closed):
    name: str
    label: str
    kind: Literal[INPUT_KINDS]  # type: ignore[valid-type]
    help: str
    signed: bool
    required: bool
    default: str | int | None
    nullable: bool
    minimum: int | None
    maximum: int | None
    secret: bool = Field(description="A second secret (OAuth's token secret): never shown.")
    choices: list[str] = Field(description="A `choice` input's values.")


class SignedHeader(Closed):
    name: str
    signed: bool
    why: str


class SignedHeaders(Closed):
    variant: str
    headers: list[SignedHeader]
    others: bool
    others_why: str


class CatalogueEntry(Closed):
    id: str
    step: str
    title: str
    explanation: str


class Scheme(Closed):
    scheme: SchemeName
    title: str
    algorithm: str
    variants: list[SchemeVariant]
    inputs: list[str]
    fields: list[SchemeInput] = Field(
        description="Each input the scheme reads: its kind, default, range and help."
    )
    signature_transport: str
    signed_headers: list[SignedHeaders] = Field(
        description="Per variant: which received headers the clients sign. `headers` names "
        "some (lower-case); `others` is the rule for the client's other headers. What the "
        "HTTP stack adds is never signed."
    )
    mistakes: list[CatalogueEntry]


class SchemeList(Closed):
    schemes: list[Scheme]


class SignatureFormat(Closed):
    form: str = Field(description="hex, hex_upper, hex_mixed, base64 or base64url.")
    prefix: str | None = Field(description="As written, e.g. `sha256=`.")
    padded: bool | None = Field(description="base64 only.")
    hash: str = Field(description="The hash its length implies.")
    bytes: int = Field(ge=1)
    accepted: bool = Field(description="Whether the server takes it.")
    description: str


class Explanation(Closed):
    mistakes: list[str] = Field(min_length=1)
    steps: list[str]
    summary: str
    fix: str
    string_to_sign: str = Field(description="What the mistaken client signed.")
    signature: Signature


class Diagnosis(Closed):
    signature_format: SignatureFormat
    match: bool = Field(description="The signature is already right.")
    explanations: list[Explanation]
    tried: int = Field(ge=0)
    message: str


class Health(Closed):
    status: Literal["ok"]


class OpenAPI(BaseModel):
    model_config = ConfigDict(extra="allow")

    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]


class DescriptionSchema(BaseModel):
    """The JSON Schema of a scheme description: the ``custom`` scheme's ``description``."""

    model_config = ConfigDict(extra="allow")

    title: str
    properties: dict[str, Any]


class Snippet(Closed):
    language: str = Field(description="An id: python, node, webcrypto, go, java, php, ruby...")
    label: str = Field(description="The language's name, for people.")
    filename: str = Field(description="The file to save it as (the run command names it).")
    code: str = Field(description="The program: it reads the secret from SIGSCOPE_SECRET.")
    run: str = Field(description="The shell command that runs it, the secret typed unseen.")


class SnippetList(Closed):
    snippets: list[Snippet]


#: Every answer the API gives, by the name the OpenAPI document gives its schema.
ANSWERS: tuple[type[BaseModel], ...] = (
    Error,
    SignResult,
    SchemeList,
    Diagnosis,
    ImportResult,
    Comparison,
    GatewayAnswer,
    SnippetList,
    Health,
    OpenAPI,
    DescriptionSchema,
)
