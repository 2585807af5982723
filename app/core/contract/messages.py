"""pydantic's validation errors in Sigscope's words: ``InputError(field, message)``.

pydantic's own text ("Input should be a valid integer") never reaches a user: each error is
worded here by its type and by what the field is (a declared ``Input``'s kind and range), so a
message says what was wrong and how to fix it, as before the contract was declared.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from app.core.contract.fields import MAX_EPOCH, encodable, kind_of
from app.core.errors import InputError, excerpt
from app.core.schemes.declare import Input

#: Words for one field's wrong value, whatever pydantic found wrong with it.
Wording = Callable[[object], str]

#: What a text field must look like when its ``pattern`` refuses it.
PATTERNS = {
    "method": "`method` must be an HTTP method name, like GET or POST.",
    "path": "`path` cannot contain spaces, line breaks or NUL: encode them.",
}


@dataclass(frozen=True)
class Contract:
    """A request's model, and what its messages need: each field's declared ``Input`` (when
    it has one), words for fields with a rule of their own, and for a missing field."""

    model: type[BaseModel]
    inputs: Mapping[str, Input]
    wording: Mapping[str, Wording] = field(default_factory=dict)
    required: Mapping[str, Callable[[], str]] = field(default_factory=dict)

    def validate(self, data: object) -> tuple[dict[str, Any], frozenset[str]]:
        """The fields' values (defaults filled in) and the names the request gave."""
        try:
            found = self.model.model_validate(data)
        except ValidationError as error:
            raise self.translate(error.errors(include_url=False)) from None
        return dict(found), frozenset(found.model_fields_set)

    def translate(self, errors: list[ErrorDetails]) -> InputError:
        """The first error, unknown fields first (a typo explains what follows from it)."""
        ordered = sorted(errors, key=lambda error: error["type"] != "extra_forbidden")
        return self.worded(ordered[0])

    def unknown(self, name: str) -> str:
        """Why ``name`` is refused: the field it is closest to, if any, else the fields (a
        sign request's many are listed per scheme by ``GET /api/v1/schemes``)."""
        fields = list(self.model.model_fields)
        close = get_close_matches(excerpt(name).lower(), fields, n=1, cutoff=0.75)
        if close:
            return f"Unknown field `{excerpt(name)}`: did you mean `{close[0]}`?"
        if len(fields) > 20:
            return (
                f"Unknown field `{excerpt(name)}`: no scheme reads it (`GET /api/v1/schemes` "
                "lists each scheme's fields)."
            )
        return f"Unknown field `{excerpt(name)}`: the fields are {', '.join(fields)}."

    def worded(self, error: ErrorDetails) -> InputError:
        kind, value = error["type"], error.get("input")
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, InputError):
            return cause
        if not error["loc"] and not isinstance(value, str):
            return InputError(None, f"Send a JSON object, not {kind_of(value)}.")
        # A field name pydantic cannot read (a lone surrogate) is reported at no location.
        name = str(error["loc"][0]) if error["loc"] else str(value)
        if isinstance(value, str) and error["loc"]:
            # A lone surrogate fails a field's pattern before its own check: say what it is.
            try:
                encodable(name, value)
            except InputError as surrogate:
                return surrogate
        if kind == "extra_forbidden" or not error["loc"]:
            return InputError(name, self.unknown(name))
        model_field = self.model.model_fields.get(name)
        needed = model_field is not None and model_field.is_required()
        if kind == "missing" or (value is None and needed):
            return InputError(name, self.missing(name))
        if name in self.wording:
            return InputError(name, self.wording[name](value))
        if kind == "string_too_short":
            return InputError(name, self.missing(name))
        return InputError(name, *by_type(name, kind, value, self.inputs.get(name), error))

    def missing(self, name: str) -> str:
        if name in self.required:
            return self.required[name]()
        return required_message(self.inputs.get(name), name)


def required_message(given: Input | None, name: str) -> str:
    if given is not None and given.kind == "epoch":
        return f"`{name}` is required: the epoch in whole seconds."
    if given is not None and given.help:
        return f"`{name}` is required: {given.help[0].lower()}{given.help[1:]}"
    return f"`{name}` is required."


def by_type(
    name: str, kind: str, value: object, given: Input | None, error: ErrorDetails
) -> tuple[str, int]:
    """The message, and the status (413 for a limit), for an error of pydantic type ``kind``."""
    if kind == "string_unicode":
        return f"`{name}` contains a lone UTF-16 surrogate, which is not valid Unicode text.", 400
    if kind == "string_too_long" and isinstance(value, str):
        most = error.get("ctx", {}).get("max_length")
        return (
            f"`{name}` is {len(value)} characters long: at most {most} are accepted "
            "(the MAX_LINE_LENGTH setting).",
            413,
        )
    if kind == "string_pattern_mismatch" and name in PATTERNS:
        return PATTERNS[name], 400
    if given is not None and given.kind == "epoch":
        if kind in ("greater_than_equal", "less_than_equal"):
            return f"`{name}` is out of range: at most {MAX_EPOCH} in magnitude.", 400
        return (
            f"`{name}` must be a whole number of seconds, like 1700000000, not {kind_of(value)}.",
            400,
        )
    if given is not None and given.kind == "integer":
        null = ", or null" if given.nullable else ""
        return (
            f"`{name}` must be a whole number from {given.minimum} to {given.maximum}{null}.",
            400,
        )
    if kind == "string_type":
        return f"`{name}` must be a string, not {kind_of(value)}.", 400
    if kind == "int_type" or kind.startswith("int_"):
        return f"`{name}` must be a whole number, not {kind_of(value)}.", 400
    if kind == "bool_type":
        return f"`{name}` must be true or false, not {kind_of(value)}.", 400
    if kind == "dict_type":
        return f"`{name}` must be an object, not {kind_of(value)}.", 400
    return f"`{name}` is not valid here: see /api/v1/openapi.json for what it takes.", 400
