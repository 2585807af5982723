"""What the API's answer models share: the registry's enums, the closed base model, the
small parts several answers carry (a signature, a step, a window second), and the error.

``answers.py`` (signing, schemes, diagnosis) and ``evidence_answers.py`` (import, compare,
the ApiAxle gateway) build on these.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, GetJsonSchemaHandler
from pydantic.config import JsonDict
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from app.core.importers import FORMATS
from app.core.received import CLASSES
from app.core.schemes import SCHEMES
from app.core.schemes.apiaxle.gateway import ACCEPTED, ERRORS


class FromRegistry:
    """A JSON Schema ``enum`` read from the registry when the schema is generated."""

    def __init__(self, values: Callable[[], list[str | None]]) -> None:
        self.values = values

    def __get_pydantic_json_schema__(
        self, core: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**handler(core), "enum": self.values()}


def _variants() -> list[str | None]:
    return [*sorted({v.id for scheme in SCHEMES.values() for v in scheme.variants}), None]


SchemeName = Annotated[str, FromRegistry(lambda: list(SCHEMES))]
VariantName = Annotated[str | None, FromRegistry(_variants)]
#: Literal types for the enums the core declares as tuples.
Format = Literal[FORMATS]  # type: ignore[valid-type]
HeaderClass = Literal[CLASSES]  # type: ignore[valid-type]
Outcome = Literal[(ACCEPTED, *ERRORS)]  # type: ignore[valid-type]


class Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ErrorDetail(Closed):
    field: str | None = Field(description="The input at fault, or null when the whole request is.")
    message: str = Field(description="What was wrong and how to fix it.")


class Error(Closed):
    error: ErrorDetail


class Signature(Closed):
    hex: str = Field(pattern="^[0-9a-f]+$")
    base64: str = Field(pattern="^[A-Za-z0-9+/]+=*$")


class Step(Closed):
    id: str = Field(pattern="^[a-z][a-z0-9_]*$")
    title: str
    input: str
    output: str
    note: str | None


def _no_default(schema: JsonDict) -> None:
    schema.pop("default", None)


def optional(description: str = "", **constraints: Any) -> Any:
    """A field an answer may leave out: not required, and no default stated."""
    return Field(
        None, description=description or None, json_schema_extra=_no_default, **constraints
    )


class Elided(Closed):
    from_: int = Field(alias="from")
    to: int
    count: int


class WindowEntry(Closed):
    epoch: int
    offset: int
    signature: Signature
    accepted: bool
