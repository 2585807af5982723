"""The answers of the evidence endpoints, as pydantic models: import, compare and the
ApiAxle gateway (see ``answers.py`` for how the models are checked against real answers)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.core.contract.answer_types import (
    Closed,
    Elided,
    Format,
    HeaderClass,
    Outcome,
    SchemeName,
    VariantName,
    WindowEntry,
    optional,
)

Pair = tuple[str, str]


class ImportedRequest(BaseModel):
    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "additionalProperties": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "description": "The fields of a `/api/v1/sign` request, plus the scheme's own "
            "inputs its signature declares (`region`, `created`, `oauth_nonce`...) by name.",
        },
    )

    method: str
    path: str
    headers: list[Pair]
    params: list[Pair]
    body: str
    api_key: str
    timestamp: int | None


class Unused(Closed):
    what: str
    why: str


class HarEntry(Closed):
    index: int
    method: str
    url: str


class Received(Closed):
    name: str
    value: str | None = Field(description="null for `Cookie`.")
    class_: HeaderClass = Field(alias="class")
    reason: str
    signed: bool


class ImportResult(Closed):
    format: Format
    request: ImportedRequest
    signature: str | None = Field(description="Taken out of the request, if found.")
    scheme: SchemeName | None = Field(description="A guess; null if nothing tells.")
    unused: list[Unused]
    notes: list[str]
    entries: list[HarEntry]
    entry: int | None
    variant: VariantName = Field(
        description="The variant whose clients' own headers the request carries; null if "
        "nothing tells."
    )
    received: list[Received] = Field(
        description="Each header as received, in order: whether the client signed it, and "
        "why. Only signed ones are in `request.headers`."
    )


class Position(Closed):
    offset: int = Field(ge=0)
    char_index: int = Field(ge=0)
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    section: str | None
    sections: list[str]


class Finding(Closed):
    id: str
    message: str


class Segment(Closed):
    op: Literal["equal", "insert", "delete"]
    text: str


class Comparison(Closed):
    equal: bool
    first_difference: Position | None
    findings: list[Finding]
    diff: list[Segment]
    notes: list[str] = Field(
        description="How the strings were read: with `escapes`, the quotes a log put "
        "around one, taken off. Empty otherwise."
    )


class GatewayMeta(Closed):
    version: int
    status_code: int


class GatewayError(Closed):
    type: str
    message: str


class GatewayResults(Closed):
    error: GatewayError


class GatewayBody(Closed):
    meta: GatewayMeta
    results: GatewayResults


class GatewayAnswer(Closed):
    outcome: Outcome
    status: int
    type: str | None
    message: str | None
    body: GatewayBody | None = Field(
        description="ApiAxle's error envelope as the gateway sends it; null on success."
    )
    explanation: list[str]
    api_key: str | None
    signature: str | None
    window: list[WindowEntry] | None
    window_tried: int = optional(ge=1)
    window_elided: list[Elided] = optional("In time order.")
