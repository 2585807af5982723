"""Property-based fuzzing of every endpoint: no 5xx, and every JSON error has the one shape.

Endpoints are discovered from ``app.url_map`` (JSON endpoints under ``/api/``, the page's forms
from its HTML), so an endpoint added later is fuzzed without touching this file. Request
bodies are drawn from the OpenAPI description's request schemas where one exists (so the
fuzzer gets past the first field check) mixed with arbitrary JSON, Unicode, control characters,
lone surrogates and huge values. Runs are derandomized and bounded, so CI is deterministic.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

import jsonschema
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from app import create_app

#: Small enough that some fuzzed bodies are refused with 413, large enough that most are not.
MAX_CONTENT_LENGTH = 256 * 1024
APP = create_app({"TESTING": True, "MAX_CONTENT_LENGTH": MAX_CONTENT_LENGTH})
SPEC: dict[str, Any] = APP.test_client().get("/api/v1/openapi.json").get_json()
WRITES = {"POST", "PUT", "PATCH", "DELETE"}

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=120,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def routes(*, api: bool, methods: set[str]) -> list[tuple[str, str]]:
    """``(method, path)`` for every rule without URL arguments, API or page side."""
    return sorted(
        (method, rule.rule)
        for rule in APP.url_map.iter_rules()
        if not rule.arguments and rule.rule.startswith("/api/") == api
        for method in rule.methods & methods  # type: ignore[operator]
    )


JSON_ENDPOINTS = routes(api=True, methods=WRITES)
FORM_ENDPOINTS = routes(api=False, methods=WRITES)
READ_ENDPOINTS = routes(api=True, methods={"GET"}) + routes(api=False, methods={"GET"})

# Every character class: letters, marks, symbols, controls (NUL, CR, LF, DEL...), format
# characters, private use, and lone surrogates.
CHARACTERS = st.characters(codec=None, categories=("L", "M", "N", "P", "S", "Z", "C"))
SHORT_TEXT = st.text(CHARACTERS, max_size=40)
HUGE_TEXT = st.tuples(st.text(CHARACTERS, min_size=1, max_size=3), st.integers(1, 90_000)).map(
    lambda parts: parts[0] * parts[1]
)
TEXT = st.one_of(SHORT_TEXT, SHORT_TEXT, HUGE_TEXT)
NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT)
ANY_JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(SHORT_TEXT, inner, max_size=6),
    max_leaves=25,
)


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SPEC["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values shaped like ``schema`` (OpenAPI 3.1 / JSON Schema 2020-12), often near its edges,
    and its ``examples`` where it gives some."""
    schema = resolve(schema)
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "const" in schema:
        return st.just(schema["const"])
    if "examples" in schema:
        return st.sampled_from(schema["examples"]) | from_schema(without(schema, "examples"))
    kinds = schema.get("type", [])
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if kinds:  # a typed schema's oneOf only picks required fields: the type says it all
        return st.one_of([BY_TYPE[kind](schema) for kind in kinds])
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return st.one_of([from_schema(option) for option in schema[key]])
    return ANY_JSON


def without(schema: dict[str, Any], key: str) -> dict[str, Any]:
    return {name: value for name, value in schema.items() if name != key}


def _array(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    if "prefixItems" in schema:
        return st.tuples(*map(from_schema, schema["prefixItems"])).map(list)
    return st.lists(from_schema(schema.get("items", {})), max_size=8)


def _object(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    properties = schema.get("properties")
    if properties is None:
        values = schema.get("additionalProperties", {})
        names = from_schema(schema["propertyNames"]) if "propertyNames" in schema else SHORT_TEXT
        return st.dictionaries(names, from_schema(values if values is not True else {}), max_size=8)
    required = set(schema.get("required", ()))
    field = {name: from_schema(sub) for name, sub in properties.items()}
    return st.fixed_dictionaries(
        {name: value for name, value in field.items() if name in required},
        optional={name: value for name, value in field.items() if name not in required},
    )


BY_TYPE: dict[str, Any] = {
    "string": lambda s: (
        st.text(CHARACTERS, min_size=s.get("minLength", 0), max_size=40)
        | st.from_regex(r"[A-Za-z0-9/_-]{1,20}", fullmatch=True)
        | (st.from_regex(s["pattern"], fullmatch=True) if "pattern" in s else st.nothing())
    ),
    "integer": lambda s: st.integers(s.get("minimum"), s.get("maximum")) | NUMBERS,
    "number": lambda _: NUMBERS,
    "boolean": lambda _: st.booleans(),
    "null": lambda _: st.none(),
    "array": _array,
    "object": _object,
}


def request_body(method: str, path: str) -> st.SearchStrategy[Any]:
    """Bodies shaped by the description where there is one, the same with one field set to
    anything (a huge string, a wrong type), and arbitrary JSON."""
    operation = SPEC["paths"].get(path, {}).get(method.lower(), {})
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return ANY_JSON
    schema = resolve(content["schema"])
    shaped = from_schema(schema)
    mutated = st.tuples(shaped, st.sampled_from(sorted(schema["properties"])), ANY_JSON | HUGE_TEXT)
    return st.one_of(shaped, mutated.map(lambda t: {**t[0], t[1]: t[2]}), ANY_JSON)


def request_schema(method: str, path: str) -> dict[str, Any] | None:
    """The description's schema for this endpoint's request body, standalone."""
    operation = SPEC["paths"].get(path, {}).get(method.lower(), {})
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return None
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": SPEC["components"],
        **content["schema"],
    }


def wire(text: str) -> bytes:
    """``text`` as a client might send it: UTF-8, lone surrogates and all."""
    return text.encode("utf-8", "surrogatepass")


def assert_error_shape(body: object) -> None:
    assert isinstance(body, dict)
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"field", "message"}, error
    assert error["field"] is None or isinstance(error["field"], str)
    assert isinstance(error["message"], str)
    assert error["message"]


def assert_json_answer(method: str, path: str, response: Any) -> None:
    event(f"status {response.status_code}")  # see them with --hypothesis-show-statistics
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    body = response.get_json()
    if response.status_code >= 400:
        assert_error_shape(body)
        return
    answers = SPEC["paths"].get(path, {}).get(method.lower(), {}).get("responses", {})
    described = answers.get(str(response.status_code), {}).get("content", {})
    if "application/json" in described:
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "components": SPEC["components"],
            **described["application/json"]["schema"],
        }
        jsonschema.Draft202012Validator(schema).validate(body)


def test_the_fuzzer_found_the_endpoints() -> None:
    assert ("POST", "/api/v1/sign") in JSON_ENDPOINTS
    assert ("GET", "/api/v1/schemes") in READ_ENDPOINTS


@pytest.mark.parametrize(("method", "path"), JSON_ENDPOINTS)
@FUZZ
@given(data=st.data())
def test_json_endpoints_never_fail_on_any_json(method: str, path: str, data: st.DataObject) -> None:
    payload = data.draw(request_body(method, path), label="payload")
    raw = json.dumps(payload, ensure_ascii=data.draw(st.booleans(), label="ascii"))
    encoded = wire(raw)
    response = APP.test_client().open(
        path, method=method, data=encoded, content_type="application/json"
    )
    assert_json_answer(method, path, response)


#: Refusals no schema can state, by endpoint: the fields whose meaning the core reads (a
#: signature that is no digest, a paste that is no request, a URL that does not parse, a
#: secret that is no base64 or hex when `secret_encoding` says it is, an origin OAuth cannot
#: read, or none and no `Host` header to read it from). Their descriptions say so. A request
#: the schema refuses is always refused.
#: RFC 9421: which components a request can cover, the origin they need, and parameters
#: RFC 8941 can write (ASCII strings, integers of at most 15 digits, a label that is a key).
RFC9421_MEANING = {
    "components",
    "origin",
    "param_order",
    "label",
    "keyid",
    "sig_nonce",
    "tag",
    "created",
    "sig_expires",
}
MEANING = {
    # A scheme description that is no JSON description (`custom`).
    "/api/v1/sign": {"secret", "description", *RFC9421_MEANING},
    "/api/v1/diagnose": {"signature", "secret", "description", *RFC9421_MEANING},
    "/api/v1/snippets": {"secret", "description", *RFC9421_MEANING},
    "/api/v1/import": {"text", "har", "entry", "signed"},
    "/api/v1/apiaxle/gateway": {"url"},
}


def utf8(payload: object) -> bool:
    """JSON can write a lone UTF-16 surrogate; no text holds one (a documented refusal)."""
    try:
        json.dumps(payload, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize(("method", "path"), JSON_ENDPOINTS)
@settings(FUZZ, max_examples=200, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_the_schema_and_the_validation_agree(method: str, path: str, data: st.DataObject) -> None:
    """Both ways: what the description refuses is refused (400, or 413 over a limit), and
    what it accepts is served, or refused only for what a field means (``MEANING``)."""
    schema = request_schema(method, path)
    assert schema is not None, f"{method} {path} has no request schema"
    payload = data.draw(request_body(method, path), label="payload")
    assume(utf8(payload))
    valid = jsonschema.Draft202012Validator(schema).is_valid(payload)
    event(f"schema {'accepts' if valid else 'refuses'}")
    response = APP.test_client().open(
        path, method=method, data=json.dumps(payload), content_type="application/json"
    )
    status, body = response.status_code, response.get_json()
    if status == 413 and body["error"]["field"] is None:
        return  # the whole request over MAX_CONTENT_LENGTH: the description says so
    if not valid:
        assert status in (400, 413), (status, body)
        return
    assert status == 200 or (
        status == 400 and body["error"]["field"] in MEANING.get(path, set())
    ), (status, body)


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("/api/v1/sign", {"scheme": "apiaxle", "secret": "s", "timestamp": 766124.0}),
        ("/api/v1/sign", {"scheme": "apiaxle", "secret": "s", "timestamp": 1, "window": 3.0}),
        ("/api/v1/sign", {"scheme": "apiaxle", "secret": "s", "timestamp": 1, "server_time": None}),
        ("/api/v1/sign", {"scheme": "actionstreamer", "secret": "s", "params": {"a": 10.0}}),
        ("/api/v1/apiaxle/gateway", {"url": "/", "server_time": 1700000000.0}),
        ("/api/v1/import", {"har": {"log": {"entries": []}}, "entry": 0.0}),
    ],
)
def test_the_two_old_disagreements_are_settled(path: str, payload: dict[str, object]) -> None:
    """``server_time: null`` means absent, and the schema says so; an integral float is an
    integer, as JSON Schema counts it."""
    schema = request_schema("POST", path)
    assert schema is not None
    jsonschema.Draft202012Validator(schema).validate(payload)
    response = APP.test_client().post(path, json=payload)
    assert response.status_code != 400 or response.get_json()["error"]["field"] in MEANING.get(
        path, set()
    ), response.get_json()


@pytest.mark.parametrize(("method", "path"), JSON_ENDPOINTS)
@FUZZ
@given(
    raw=st.one_of(
        st.binary(max_size=2000), st.binary(min_size=1, max_size=2).map(lambda b: b * 150_000)
    )
)
def test_json_endpoints_refuse_any_bytes_cleanly(method: str, path: str, raw: bytes) -> None:
    content_type = "application/json" if len(raw) % 2 else "text/plain"
    response = APP.test_client().open(path, method=method, data=raw, content_type=content_type)
    assert_json_answer(method, path, response)


@pytest.mark.parametrize(("method", "path"), READ_ENDPOINTS)
@settings(FUZZ, max_examples=40)
@given(query=st.dictionaries(SHORT_TEXT, SHORT_TEXT, max_size=5), header=SHORT_TEXT)
def test_read_endpoints_ignore_any_query(
    method: str, path: str, query: dict[str, str], header: str
) -> None:
    # A header cannot carry a line break over HTTP/1.1; everything else goes.
    value = wire(header.replace("\r", "").replace("\n", "")).decode("latin-1")
    response = APP.test_client().open(
        path,
        method=method,
        query_string=urlencode({wire(k): wire(v) for k, v in query.items()}),
        headers={"X-Fuzz": value},
    )
    assert response.status_code < 500


class FormFields(HTMLParser):
    """The names of a page's form fields, with the values its menus offer."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self._select: str | None = None
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        name = found.get("name")
        self._in_form = self._in_form or tag == "form"
        if self._in_form and tag in {"input", "textarea", "select"} and name:
            self.fields.setdefault(name, [])
            self._select = name if tag == "select" else None
        if tag == "option" and self._select and found.get("value") is not None:
            self.fields[self._select].append(str(found["value"]))

    def handle_endtag(self, tag: str) -> None:
        self._in_form = self._in_form and tag != "form"


def form_fields(path: str) -> dict[str, list[str]]:
    """The fields of the form that posts to ``path``: its own page's, or, for a route only a
    button's ``formaction`` reaches (``/import``), the fields of the page that holds it."""
    client = APP.test_client()
    page = client.get(path)
    if page.status_code == 405:
        page = client.get("/")
        html = page.get_data(as_text=True)
        assert f'formaction="{path}"' in html or f'action="{path}"' in html, path
    parser = FormFields()
    parser.feed(page.get_data(as_text=True))
    return parser.fields


def form_data(fields: dict[str, list[str]]) -> st.SearchStrategy[dict[str, str]]:
    """Form posts built from the page's own fields: real menu choices or anything at all."""
    values = {
        name: (st.sampled_from(choices) | TEXT if choices else TEXT)
        for name, choices in fields.items()
    }
    return st.fixed_dictionaries({}, optional=values)


@pytest.mark.parametrize(("method", "path"), FORM_ENDPOINTS)
@settings(FUZZ, max_examples=80)
@given(data=st.data())
def test_form_posts_never_fail(method: str, path: str, data: st.DataObject) -> None:
    fields = form_fields(path)
    assert fields, f"{path} accepts {method} but its page has no form fields"
    form = data.draw(form_data(fields), label="form")
    encoded = {wire(name): wire(value) for name, value in form.items()}
    headers = {"HX-Request": "true"} if data.draw(st.booleans(), label="htmx") else {}
    response = APP.test_client().open(
        path,
        method=method,
        data=urlencode(encoded),
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )
    event(f"status {response.status_code}")
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
