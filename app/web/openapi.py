"""The OpenAPI 3.1 description of Sigscope's JSON API, served at ``/api/v1/openapi.json``.

Assembled when asked: the request schemas are generated from the contract's pydantic models
(``app/core/contract``), the ones that validate the requests, with this server's limits and
the registry's schemes as they are now; the answers' schemas from the answer models
(``app/core/contract/answers.py``), which real answers are validated against in the tests.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from app.core.contract.answers import ANSWERS
from app.core.contract.fields import Limits
from app.core.contract.models import (
    Registry,
    compare_contract,
    gateway_contract,
    import_contract,
    sign_contract,
)

JSON = "application/json"
REF_TEMPLATE = "#/components/schemas/{model}"


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def answer(description: str, schema: dict[str, Any]) -> dict[str, object]:
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


def request_models(limits: Limits) -> list[type[BaseModel]]:
    return [
        sign_contract(("lens",), limits).model,
        sign_contract(("signature",), limits).model,
        import_contract().model,
        compare_contract().model,
        gateway_contract(limits).model,
    ]


def schemas_of(models: list[type[BaseModel]]) -> dict[str, Any]:
    """Each model's JSON Schema under its name, and the schemas they refer to."""
    schemas: dict[str, Any] = {}
    for model in models:
        schema = model.model_json_schema(ref_template=REF_TEMPLATE)
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return schemas


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


def spec(limits: Limits) -> dict[str, object]:
    """The document for a server with these ``limits``, its registry as it is now."""
    return _spec(Registry(), limits)


def snippets_request(sign: dict[str, Any]) -> dict[str, Any]:
    """``/api/v1/snippets`` takes a sign request whose secret may be left out."""
    required = [name for name in sign["required"] if name != "secret"]
    return {**sign, "title": "SnippetsRequest", "required": required}


@lru_cache(maxsize=8)
def _spec(_: Registry, limits: Limits) -> dict[str, object]:
    """Built once per registry state and limits (generating it takes some 20 ms)."""
    schemas = schemas_of([*ANSWERS, *request_models(limits)])
    schemas["SnippetsRequest"] = snippets_request(schemas["SignRequest"])
    return {**SPEC, "components": {"schemas": schemas, "responses": RESPONSES}}


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
        "/api/v1/snippets": operation(
            "snippets",
            "The request as a program that signs it, in each language (no secret needed).",
            "SnippetsRequest",
            "One program per language: it reads the secret from SIGSCOPE_SECRET.",
            "SnippetList",
        ),
        "/api/v1/schemes": {
            "get": {
                "operationId": "schemes",
                "summary": "Each scheme with its variants, inputs and mistake catalogue.",
                "responses": {"200": answer("The schemes.", ref("SchemeList"))},
            }
        },
        "/api/v1/schemes/description-schema": {
            "get": {
                "operationId": "descriptionSchema",
                "summary": "The JSON Schema of a scheme description (the `custom` scheme's "
                "`description`).",
                "responses": {"200": answer("JSON Schema 2020-12.", ref("DescriptionSchema"))},
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
}
