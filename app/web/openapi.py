"""The OpenAPI 3.1 description of Sigscope's JSON API, served at ``/api/v1/openapi.json``.

Written as data beside the code it describes; scheme names and variants come from the
registry so a new scheme is described at once. Response objects forbid unlisted properties,
so ``tests/web/test_openapi.py`` (which validates real answers against these schemas) fails
when the API grows a field this file does not describe.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.core.importers import FORMATS
from app.core.received import CLASSES
from app.core.schemes import SCHEMES
from app.core.schemes.apiaxle.gateway import ACCEPTED, ERRORS, KEY_STATUSES

JSON = "application/json"

_VARIANTS = sorted({variant.id for scheme in SCHEMES.values() for variant in scheme.variants})


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


def answer(description: str, schema: Mapping[str, object]) -> dict[str, object]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def operation(
    operation_id: str, summary: str, request: str, description: str, result: str
) -> dict[str, object]:
    """A ``POST`` taking and answering JSON, with the standard 400 and 413."""
    return {
        "post": {
            "operationId": operation_id,
            "summary": summary,
            "requestBody": {"required": True, "content": {JSON: {"schema": ref(request)}}},
            "responses": {
                "200": answer(description, ref(result)),
                "400": error("BadRequest"),
                "413": error("TooLarge"),
            },
        }
    }


def error(description: str) -> dict[str, object]:
    return {"$ref": f"#/components/responses/{description}"}


TEXT = {"type": "string"}
NULLABLE_TEXT = {"type": ["string", "null"]}

_PAIRS = {
    "description": 'Either {"name": "value"} or [["name", "value"], ...]; the list form keeps '
    "order and duplicates. Values are strings; integers are accepted. At most MAX_HEADERS "
    "headers / MAX_PARAMS params (default 100), each name and value at most MAX_LINE_LENGTH "
    "characters (default 8192).",
    "oneOf": [
        {"type": "object", "additionalProperties": {"type": ["string", "integer"]}},
        {
            "type": "array",
            "items": {
                "type": "array",
                "prefixItems": [TEXT, {"type": ["string", "integer"]}],
                "minItems": 2,
                "maxItems": 2,
            },
        },
        {"type": "null"},
    ],
}

_EPOCH = {"type": "integer", "minimum": -(2**53), "maximum": 2**53}

#: The fields that describe a request to sign: ``/sign`` and ``/diagnose`` both take them.
_SIGNED_REQUEST: dict[str, Any] = {
    "type": "object",
    "required": ["scheme", "secret"],
    "additionalProperties": False,
    "properties": {
        "scheme": {"enum": list(SCHEMES)},
        "variant": {
            "type": ["string", "null"],
            "enum": [*_VARIANTS, "", None],
            "description": "ActionStreamer only; defaults to tutorial.",
        },
        "method": {**TEXT, "default": "GET"},
        "path": {**TEXT, "default": ""},
        "headers": _PAIRS,
        "params": _PAIRS,
        "body": {**TEXT, "default": ""},
        "api_key": {**TEXT, "default": ""},
        "secret": {
            **TEXT,
            "minLength": 1,
            "description": "Used for this answer only: never stored or logged.",
        },
        "timestamp": {**_EPOCH, "description": "Required for ApiAxle: the epoch signed."},
        "server_time": {**_EPOCH, "description": "ApiAxle: the gateway's clock."},
        "window": {
            "type": ["integer", "null"],
            "minimum": 0,
            "maximum": 86_400,
            "default": 3,
            "description": "ApiAxle's tokenSkewProtectionCount; null is no setting.",
        },
    },
}

SIGN_REQUEST: dict[str, Any] = {
    **_SIGNED_REQUEST,
    "properties": {
        **_SIGNED_REQUEST["properties"],
        "lens": {
            "enum": [True, False, None, "edits", "full"],
            "default": True,
            "description": 'How `mistakes` carry each mistaken string: `true` (or `"edits"`) '
            'as `edits` against `string_to_sign`; `"full"` as a whole `string_to_sign`, one '
            "copy per mistake (the answer before edits became the default); `false` leaves "
            "`mistakes` out: the signature alone, quicker.",
        },
    },
}

DIAGNOSE_REQUEST: dict[str, Any] = {
    **_SIGNED_REQUEST,
    "required": [*_SIGNED_REQUEST["required"], "signature"],
    "properties": {
        **_SIGNED_REQUEST["properties"],
        "signature": {
            **TEXT,
            "description": "The signature the client sent, as pasted: hex or base64 "
            "(base64url, unpadded, or behind a prefix such as `sha256=` are recognised).",
            "examples": [
                "0741b2aeda24e29a4f9a29d169a24f501cb748f4d2cbb28f16f8536ca637702d",
                "sha256=B0Gyrtok4ppPminRaaJPUBy3SPTSy7KPFvhTbKY3cC0=",
            ],
        },
    },
}

IMPORT_REQUEST = {
    "type": "object",
    "additionalProperties": False,
    "description": "Either `text` (a curl command, a raw HTTP request, a URL, or a HAR as text) "
    "or `har` (a HAR as JSON); `entry` picks one of a HAR's requests.",
    "properties": {
        "text": {**TEXT, "minLength": 1},
        "har": {"type": "object"},
        "entry": {"type": ["integer", "null"], "minimum": 0},
        "signed": {
            "type": "object",
            "additionalProperties": {"type": "boolean"},
            "description": "Which received headers the client signed, overriding the "
            'classification: {"Accept": true, "X-Trace-Id": false}. Names ignore case; each '
            "must be a header of the request, and not the one carrying the signature.",
        },
    },
    "oneOf": [{"required": ["text"]}, {"required": ["har"]}],
}

COMPARE_REQUEST = {
    "type": "object",
    "additionalProperties": False,
    "required": ["expected", "actual"],
    "properties": {
        "expected": {**TEXT, "description": "The string to sign Sigscope built (or yours)."},
        "actual": {**TEXT, "description": "The string the server logged."},
        "scheme": {
            "enum": [*SCHEMES, None],
            "description": "Names each difference's section.",
        },
        "variant": SIGN_REQUEST["properties"]["variant"],
    },
}

GATEWAY_REQUEST = {
    "type": "object",
    "additionalProperties": False,
    "required": ["url", "server_time"],
    "properties": {
        "url": {**TEXT, "description": "The URL the client called, api_key and api_sig included."},
        "secret": {**TEXT, "description": "The key's shared secret; empty for a key without one."},
        "server_time": {**_EPOCH, "description": "The gateway's clock, epoch seconds."},
        "window": SIGN_REQUEST["properties"]["window"],
        "key_status": {"enum": list(KEY_STATUSES), "default": "valid"},
    },
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

SCHEMAS: dict[str, object] = {
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
    "SignRequest": SIGN_REQUEST,
    "DiagnoseRequest": DIAGNOSE_REQUEST,
    "ImportRequest": IMPORT_REQUEST,
    "CompareRequest": COMPARE_REQUEST,
    "GatewayRequest": GATEWAY_REQUEST,
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
                    "`string_to_sign`, in order, offsets all into that string: copy up to `at`, "
                    "write `insert`, skip `delete` characters; then the rest. Empty: the same "
                    'string. The default; `lens: "full"` sends `string_to_sign` instead.',
                },
                "string_to_sign": {**TEXT, "description": 'With `lens: "full"` only.'},
                "signature": ref("Signature"),
                "sent": {**TEXT, "description": "The signature as the mistaken client sends it."},
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
            "variant": {"type": ["string", "null"], "enum": [*_VARIANTS, None]},
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
                "description": "Each input the scheme reads: its kind, default, range and help.",
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
            "signature": {**NULLABLE_TEXT, "description": "Taken out of the request, if found."},
            "scheme": {"enum": [*SCHEMES, None], "description": "A guess; null if nothing tells."},
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
                "description": "ApiAxle's error envelope as the gateway sends it; null on success.",
                "oneOf": [
                    obj(
                        {
                            "meta": obj(
                                {"version": {"type": "integer"}, "status_code": {"type": "integer"}}
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
            "window": {"oneOf": [{"type": "array", "items": ref("WindowEntry")}, {"type": "null"}]},
            **WINDOW_PARTS,
        },
        optional=tuple(WINDOW_PARTS),
    ),
    "Health": obj({"status": {"const": "ok"}}),
    "OpenAPI": {"type": "object", "required": ["openapi", "info", "paths"]},
}

RESPONSES: dict[str, object] = {
    "BadRequest": answer(
        "Bad input: `field` names it, `message` says how to fix it.", ref("Error")
    ),
    "TooLarge": answer(
        "Over a limit: the request size (MAX_CONTENT_LENGTH), a header or param count "
        "(MAX_HEADERS, MAX_PARAMS) or a line length (MAX_LINE_LENGTH).",
        ref("Error"),
    ),
}

SPEC: dict[str, object] = {
    "openapi": "3.1.0",
    "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
    "info": {
        "title": "Sigscope",
        "version": "1",
        "description": "An interactive debugger for HMAC request signatures. Every error has "
        'the shape {"error": {"field", "message"}}; 404 and 405 answers have it too.',
    },
    "paths": {
        "/api/v1/sign": operation(
            "sign",
            "Trace a signature step by step, with every catalogue mistake.",
            "SignRequest",
            "The trace, signature, mistake lens and window.",
            "SignResult",
        ),
        "/api/v1/diagnose": operation(
            "diagnose",
            "Which mistake, or pair of mistakes, reproduces the signature sent.",
            "DiagnoseRequest",
            "The verdict and every explanation found.",
            "Diagnosis",
        ),
        "/api/v1/import": operation(
            "import",
            "Read a pasted curl command, raw HTTP request, URL or HAR into a request to sign.",
            "ImportRequest",
            "The request found, the signature taken out of it, and what was left aside.",
            "ImportResult",
        ),
        "/api/v1/compare": operation(
            "compare",
            "Compare two strings to sign: the first difference, its section, and a diff.",
            "CompareRequest",
            "Where the strings differ and what that usually means.",
            "Comparison",
        ),
        "/api/v1/apiaxle/gateway": operation(
            "apiaxleGateway",
            "What the ApiAxle gateway would answer to this URL, and why.",
            "GatewayRequest",
            "The gateway's status and body (the 200 is Sigscope's; `status` is the gateway's).",
            "GatewayAnswer",
        ),
        "/api/v1/schemes": {
            "get": {
                "operationId": "schemes",
                "summary": "Each scheme with its variants, inputs and mistake catalogue.",
                "responses": {"200": answer("The schemes.", ref("SchemeList"))},
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This description.",
                "responses": {"200": answer("OpenAPI 3.1.", ref("OpenAPI"))},
            }
        },
        "/healthz": {
            "get": {
                "operationId": "healthz",
                "summary": "Liveness, for container health checks.",
                "responses": {"200": answer("The app answers.", ref("Health"))},
            }
        },
    },
    "components": {"schemas": SCHEMAS, "responses": RESPONSES},
}
