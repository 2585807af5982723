"""The JSON API's contract, declared once: request models that validate and that the OpenAPI
document is generated from. Pure: pydantic and the registry, no web framework, no I/O."""
