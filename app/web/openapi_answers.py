"""The schemas of the API's answers, for the OpenAPI document (``app/web/openapi.py``).

Response objects forbid unlisted properties, so ``tests/web/test_openapi.py`` (which validates
real answers against these schemas) fails when the API grows a field this file does not
describe. Scheme names and variants are read from the registry when the document is built.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.core.gateway import ACCEPTED, ERRORS
from app.core.importers import FORMATS
from app.core.received import CLASSES
from app.core.schemes import SCHEMES

TEXT = {"type": "string"}
NULLABLE_TEXT = {"type": ["string", "null"]}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: Mapping[str, object], *, optional: tuple[str, ...] = ()) -> dict[str, object]:
    """A closed object: every property but ``optional`` ones required, no others allowed."""
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


#: Beside a window: how many seconds it has, and which runs of them the answer leaves out.
WINDOW_PARTS = {
    "window_tried": {"type": "integer", "minimum": 1},
    "window_elided": {"type": "array", "items": ref("Elided"), "description": "In time order."},
}

_PAIR_LIST = {
    "type": "array",
    "items": {"type": "array", "prefixItems": [TEXT, TEXT], "minItems": 2, "maxItems": 2},
}


def answer_schemas() -> dict[str, object]:
    """Every answer's schema, with the registry's schemes and variants as they are now."""
    variants = sorted({variant.id for scheme in SCHEMES.values() for variant in scheme.variants})
    return {
        "Error": obj(
            {
                "error": obj(
                    {
                        "field": {
                            "type": ["string", "null"],
                            "description": "The input at fault, or null when the whole request is.",
                        },
                        "message": {**TEXT, "description": "What was wrong and how to fix it."},
                    }
                )
            }
        ),
        "Signature": obj(
            {
                "hex": {"type": "string", "pattern": "^[0-9a-f]+$"},
                "base64": {"type": "string", "pattern": "^[A-Za-z0-9+/]+=*$"},
            }
        ),
        "Step": obj(
            {
                "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                "title": TEXT,
                "input": TEXT,
                "output": TEXT,
                "note": NULLABLE_TEXT,
            }
        ),
        "LensEntry": {
            **obj(
                {
                    "id": {**TEXT, "description": "Families are expanded: omit_param:limit."},
                    "step": TEXT,
                    "title": TEXT,
                    "explanation": TEXT,
                    "changes_signature": {"type": "boolean"},
                    "edits": {
                        "type": "array",
                        "items": ref("Edit"),
                        "description": "The mistaken string to sign as edits to the answer's "
                        "`string_to_sign`, in order, offsets all into that string: copy up to "
                        "`at`, write `insert`, skip `delete` characters; then the rest. "
                        'Empty: the same string. The default; `lens: "full"` sends '
                        "`string_to_sign` instead.",
                    },
                    "string_to_sign": {**TEXT, "description": 'With `lens: "full"` only.'},
                    "signature": ref("Signature"),
                    "sent": {
                        **TEXT,
                        "description": "The signature as the mistaken client sends it.",
                    },
                },
                optional=("edits", "string_to_sign"),
            ),
            "oneOf": [{"required": ["edits"]}, {"required": ["string_to_sign"]}],
        },
        "Edit": obj(
            {
                "at": {"type": "integer", "minimum": 0, "description": "Code points, not bytes."},
                "delete": {"type": "integer", "minimum": 0},
                "insert": TEXT,
            }
        ),
        "Elided": obj(
            {"from": {"type": "integer"}, "to": {"type": "integer"}, "count": {"type": "integer"}}
        ),
        "WindowEntry": obj(
            {
                "epoch": {"type": "integer"},
                "offset": {"type": "integer"},
                "signature": ref("Signature"),
                "accepted": {"type": "boolean"},
            }
        ),
        "SignResult": obj(
            {
                "scheme": {"enum": list(SCHEMES)},
                "variant": {"type": ["string", "null"], "enum": [*variants, None]},
                "algorithm": {"type": "string", "pattern": "^HMAC-SHA"},
                "steps": {"type": "array", "items": ref("Step"), "minItems": 1},
                "string_to_sign": TEXT,
                "signature": ref("Signature"),
                "mistakes": {
                    "type": "array",
                    "items": ref("LensEntry"),
                    "description": "Every catalogue mistake applied to the request; left out when "
                    "the request says `lens: false`.",
                },
                "window": {
                    "type": "array",
                    "items": ref("WindowEntry"),
                    "description": "ApiAxle only: the seconds the gateway tries, in its order; "
                    "of more than 64, those around the server's, the client's and the accepted "
                    "second, and the edges.",
                },
                **WINDOW_PARTS,
            },
            optional=("mistakes", "window", *WINDOW_PARTS),
        ),
        "Scheme": obj(
            {
                "scheme": {"enum": list(SCHEMES)},
                "title": TEXT,
                "algorithm": TEXT,
                "variants": {
                    "type": "array",
                    "items": obj({"id": TEXT, "title": TEXT, "description": TEXT}),
                },
                "inputs": {"type": "array", "items": TEXT},
                "fields": {
                    "type": "array",
                    "description": "Each input the scheme reads: its kind, default, range "
                    "and help.",
                    "items": obj(
                        {
                            "name": TEXT,
                            "label": TEXT,
                            "kind": {"enum": ["text", "pairs", "epoch", "integer"]},
                            "help": TEXT,
                            "signed": {"type": "boolean"},
                            "required": {"type": "boolean"},
                            "default": {"type": ["string", "integer", "null"]},
                            "nullable": {"type": "boolean"},
                            "minimum": {"type": ["integer", "null"]},
                            "maximum": {"type": ["integer", "null"]},
                        }
                    ),
                },
                "signature_transport": TEXT,
                "signed_headers": {
                    "type": "array",
                    "description": "Per variant: which received headers the clients sign. "
                    "`headers` names some (lower-case); `others` is the rule for the client's "
                    "other headers. What the HTTP stack adds is never signed.",
                    "items": obj(
                        {
                            "variant": TEXT,
                            "headers": {
                                "type": "array",
                                "items": obj(
                                    {"name": TEXT, "signed": {"type": "boolean"}, "why": TEXT}
                                ),
                            },
                            "others": {"type": "boolean"},
                            "others_why": TEXT,
                        }
                    ),
                },
                "mistakes": {
                    "type": "array",
                    "items": obj({"id": TEXT, "step": TEXT, "title": TEXT, "explanation": TEXT}),
                },
            }
        ),
        "SchemeList": obj({"schemes": {"type": "array", "items": ref("Scheme")}}),
        "SignatureFormat": obj(
            {
                "form": {**TEXT, "description": "hex, HEX, base64 or base64url."},
                "prefix": {**NULLABLE_TEXT, "description": "As written, e.g. `sha256=`."},
                "padded": {"type": ["boolean", "null"], "description": "base64 only."},
                "hash": {**TEXT, "description": "The hash its length implies."},
                "bytes": {"type": "integer", "minimum": 1},
                "accepted": {"type": "boolean", "description": "Whether the server takes it."},
                "description": TEXT,
            }
        ),
        "Explanation": obj(
            {
                "mistakes": {"type": "array", "items": TEXT, "minItems": 1},
                "steps": {"type": "array", "items": TEXT},
                "summary": TEXT,
                "fix": TEXT,
                "string_to_sign": {**TEXT, "description": "What the mistaken client signed."},
                "signature": ref("Signature"),
            }
        ),
        "Diagnosis": obj(
            {
                "signature_format": ref("SignatureFormat"),
                "match": {"type": "boolean", "description": "The signature is already right."},
                "explanations": {"type": "array", "items": ref("Explanation")},
                "tried": {"type": "integer", "minimum": 0},
                "message": TEXT,
            }
        ),
        "ImportResult": obj(
            {
                "format": {"enum": list(FORMATS)},
                "request": obj(
                    {
                        "method": TEXT,
                        "path": TEXT,
                        "headers": _PAIR_LIST,
                        "params": _PAIR_LIST,
                        "body": TEXT,
                        "api_key": TEXT,
                        "timestamp": {"type": ["integer", "null"]},
                    }
                ),
                "signature": {
                    **NULLABLE_TEXT,
                    "description": "Taken out of the request, if found.",
                },
                "scheme": {
                    "enum": [*SCHEMES, None],
                    "description": "A guess; null if nothing tells.",
                },
                "unused": {"type": "array", "items": obj({"what": TEXT, "why": TEXT})},
                "notes": {"type": "array", "items": TEXT},
                "entries": {
                    "type": "array",
                    "items": obj({"index": {"type": "integer"}, "method": TEXT, "url": TEXT}),
                },
                "entry": {"type": ["integer", "null"]},
                "variant": {
                    "enum": ["sdk", None],
                    "description": "`sdk` when the request carries the ActionStreamer SDK's own "
                    "headers; null if nothing tells.",
                },
                "received": {
                    "type": "array",
                    "description": "Each header as received, in order: whether the client signed "
                    "it, and why. Only signed ones are in `request.headers`.",
                    "items": obj(
                        {
                            "name": TEXT,
                            "value": {**NULLABLE_TEXT, "description": "null for `Cookie`."},
                            "class": {"enum": list(CLASSES)},
                            "reason": TEXT,
                            "signed": {"type": "boolean"},
                        }
                    ),
                },
            }
        ),
        "Position": obj(
            {
                "offset": {"type": "integer", "minimum": 0},
                "char_index": {"type": "integer", "minimum": 0},
                "line": {"type": "integer", "minimum": 1},
                "column": {"type": "integer", "minimum": 1},
                "section": NULLABLE_TEXT,
                "sections": {"type": "array", "items": TEXT},
            }
        ),
        "Comparison": obj(
            {
                "equal": {"type": "boolean"},
                "first_difference": {"oneOf": [ref("Position"), {"type": "null"}]},
                "findings": {"type": "array", "items": obj({"id": TEXT, "message": TEXT})},
                "diff": {
                    "type": "array",
                    "items": obj({"op": {"enum": ["equal", "insert", "delete"]}, "text": TEXT}),
                },
            }
        ),
        "GatewayAnswer": obj(
            {
                "outcome": {"enum": [ACCEPTED, *ERRORS]},
                "status": {"type": "integer"},
                "type": NULLABLE_TEXT,
                "message": NULLABLE_TEXT,
                "body": {
                    "description": "ApiAxle's error envelope as the gateway sends it; null "
                    "on success.",
                    "oneOf": [
                        obj(
                            {
                                "meta": obj(
                                    {
                                        "version": {"type": "integer"},
                                        "status_code": {"type": "integer"},
                                    }
                                ),
                                "results": obj({"error": obj({"type": TEXT, "message": TEXT})}),
                            }
                        ),
                        {"type": "null"},
                    ],
                },
                "explanation": {"type": "array", "items": TEXT},
                "api_key": NULLABLE_TEXT,
                "signature": NULLABLE_TEXT,
                "window": {
                    "oneOf": [{"type": "array", "items": ref("WindowEntry")}, {"type": "null"}]
                },
                **WINDOW_PARTS,
            },
            optional=tuple(WINDOW_PARTS),
        ),
        "Health": obj({"status": {"const": "ok"}}),
        "OpenAPI": {"type": "object", "required": ["openapi", "info", "paths"]},
    }
