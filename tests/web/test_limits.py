"""Every limit: at the limit the request is served, one over it is a 413 naming the field and
the setting to raise, never a 500. Limits come from settings, so the environment moves them.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.cli import main
from app.core.errors import excerpt, shortened
from app.settings import SETTINGS, SettingError, check

GOOD = {"scheme": "actionstreamer", "secret": "as-test-secret-0123456789"}


def client_with(**config: object) -> FlaskClient:
    return create_app({"TESTING": True, **config}).test_client()


def pairs(count: int) -> list[list[str]]:
    return [[f"X-H{index}", "v"] for index in range(count)]


LIMITS = {
    # case: (setting, limit, field, payload at the limit, payload one over it)
    "header count": (
        "MAX_HEADERS",
        5,
        "headers",
        {**GOOD, "headers": pairs(5)},
        {**GOOD, "headers": pairs(6)},
    ),
    "param count": (
        "MAX_PARAMS",
        5,
        "params",
        {**GOOD, "params": pairs(5)},
        {**GOOD, "params": pairs(6)},
    ),
    "header value length": (
        "MAX_LINE_LENGTH",
        64,
        "headers",
        {**GOOD, "headers": {"X-A": "v" * 64}},
        {**GOOD, "headers": {"X-A": "v" * 65}},
    ),
    "param name length": (
        "MAX_LINE_LENGTH",
        64,
        "params",
        {**GOOD, "params": [["p" * 64, "1"]]},
        {**GOOD, "params": [["p" * 65, "1"]]},
    ),
    "path length": (
        "MAX_LINE_LENGTH",
        64,
        "path",
        {**GOOD, "path": "/" + "a" * 63},
        {**GOOD, "path": "/" + "a" * 64},
    ),
    "secret length": (
        "MAX_LINE_LENGTH",
        64,
        "secret",
        {**GOOD, "secret": "s" * 64},
        {**GOOD, "secret": "s" * 65},
    ),
    "api_key length": (
        "MAX_LINE_LENGTH",
        64,
        "api_key",
        {"scheme": "apiaxle", "secret": "s", "timestamp": 1, "api_key": "k" * 64},
        {"scheme": "apiaxle", "secret": "s", "timestamp": 1, "api_key": "k" * 65},
    ),
}


@pytest.mark.parametrize(
    ("setting", "limit", "field", "at_limit", "over"), LIMITS.values(), ids=LIMITS.keys()
)
def test_over_a_limit_is_a_413_naming_field_and_setting(
    setting: str, limit: int, field: str, at_limit: object, over: object
) -> None:
    client = client_with(**{setting: limit})
    assert client.post("/api/v1/sign", json=at_limit).status_code == 200
    response = client.post("/api/v1/sign", json=over)
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["field"] == field
    assert setting in error["message"]
    assert str(limit) in error["message"]


def test_the_body_is_bounded_by_the_request_size_alone() -> None:
    client = client_with(MAX_LINE_LENGTH=64)
    assert client.post("/api/v1/sign", json={**GOOD, "body": "b" * 10_000}).status_code == 200


def test_default_limits_accept_a_generous_request(client: FlaskClient) -> None:
    payload = {
        **GOOD,
        "headers": pairs(100),
        "params": [[f"p{i}", "v" * 8192] for i in range(3)],
        "path": "/" + "a" * 8191,
    }
    assert client.post("/api/v1/sign", json=payload).status_code == 200
    over = client.post("/api/v1/sign", json={**payload, "headers": pairs(101)})
    assert over.status_code == 413


@pytest.mark.parametrize(
    ("variable", "payload"),
    [
        ("SIGSCOPE_MAX_HEADERS", {**GOOD, "headers": pairs(3)}),
        ("SIGSCOPE_MAX_PARAMS", {**GOOD, "params": pairs(3)}),
        ("SIGSCOPE_MAX_LINE_LENGTH", {**GOOD, "path": "/abc"}),
    ],
)
def test_limits_are_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, variable: str, payload: object
) -> None:
    monkeypatch.setenv(variable, "2")
    response = create_app({"TESTING": True}).test_client().post("/api/v1/sign", json=payload)
    assert response.status_code == 413


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_a_form_post_over_the_request_size_is_a_413_said_in_the_page(htmx: bool) -> None:
    client = client_with(MAX_CONTENT_LENGTH=1000)
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post("/", data={"secret": "s", "body": "b" * 2000}, headers=headers)
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert "MAX_CONTENT_LENGTH" in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ["lots", 0, -5, True, 1.5, None])
def test_an_unusable_setting_is_refused_at_startup(value: object) -> None:
    for setting in SETTINGS:
        config = {s.name: s.default for s in SETTINGS} | {setting.name: value}
        with pytest.raises(SettingError, match=f"SIGSCOPE_{setting.name} must be a positive"):
            check(config)


def test_the_command_refuses_an_unusable_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    def serve(*_: object) -> None:
        raise AssertionError("sigscope served despite an unusable setting")

    monkeypatch.setattr("app.cli.SERVERS", {"gunicorn": serve})
    monkeypatch.setenv("SIGSCOPE_MAX_PARAMS", '"many"')
    with pytest.raises(SystemExit, match="SIGSCOPE_MAX_PARAMS must be a positive whole number"):
        main(["--server", "gunicorn"])


@pytest.mark.parametrize("value", [0, -1, "lots", True])
def test_create_app_refuses_an_unusable_setting_at_once(value: object) -> None:
    with pytest.raises(SettingError, match="SIGSCOPE_MAX_HEADERS"):
        create_app({"MAX_HEADERS": value})


GATEWAY = {"url": "/v1/x?api_key=1234&api_sig=00", "secret": "s", "server_time": 1700000000}


@pytest.mark.parametrize(
    ("field", "at_limit", "over"),
    [
        ("url", {**GATEWAY, "url": "/" + "a" * 63}, {**GATEWAY, "url": "/" + "a" * 64}),
        ("secret", {**GATEWAY, "secret": "s" * 64}, {**GATEWAY, "secret": "s" * 65}),
    ],
)
def test_the_gateways_url_and_secret_are_bounded_by_the_line_length(
    field: str, at_limit: object, over: object
) -> None:
    client = client_with(MAX_LINE_LENGTH=64)
    assert client.post("/api/v1/apiaxle/gateway", json=at_limit).status_code == 200
    response = client.post("/api/v1/apiaxle/gateway", json=over)
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["field"] == field
    assert "MAX_LINE_LENGTH" in error["message"]
    assert "64" in error["message"]


DEEP = "[" * 1000 + "]" * 1000


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("/api/v1/sign", {**GOOD, "body": DEEP}),
        ("/api/v1/sign", {**GOOD, "body": '{"a":' * 990 + "1" + "}" * 990}),
        ("/api/v1/diagnose", {**GOOD, "body": DEEP, "signature": "00" * 32}),
    ],
    ids=["sign, 1,000 deep", "sign, 990 deep", "diagnose"],
)
def test_a_deeply_nested_json_body_is_signed_as_text(
    client: FlaskClient, path: str, payload: object
) -> None:
    response = client.post(path, json=payload)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]


@pytest.mark.parametrize("path", ["/api/v1/sign", "/api/v1/import", "/api/v1/apiaxle/gateway"])
def test_a_deeply_nested_request_is_a_400(client: FlaskClient, path: str) -> None:
    response = client.post(path, data=DEEP, content_type="application/json")
    assert response.status_code == 400
    assert set(response.get_json()["error"]) == {"field", "message"}


def test_a_recursion_anywhere_is_a_400_not_a_500(app: Flask) -> None:
    def deep() -> str:
        raise RecursionError("maximum recursion depth exceeded")

    app.add_url_rule("/api/v1/deep", "deep", deep)
    response = app.test_client().get("/api/v1/deep")
    assert response.status_code == 400
    assert "nested too deeply" in response.get_json()["error"]["message"]


HUGE = "Q" * 1_000_000

QUOTING = {
    "unknown field": ("/api/v1/sign", {HUGE: 1}),
    "unknown scheme": ("/api/v1/sign", {"scheme": HUGE}),
    "unknown variant": ("/api/v1/sign", {**GOOD, "variant": HUGE}),
    "header name": ("/api/v1/sign", {**GOOD, "headers": [[HUGE[:8000] + ":", "v"]]}),
    "import url": ("/api/v1/import", {"text": "https://x.example/" + HUGE[:500_000] + " y"}),
    "import json": ("/api/v1/import", {"text": "{" + HUGE[:500_000]}),
    "gateway url": ("/api/v1/apiaxle/gateway", {**GATEWAY, "url": "http://[" + HUGE[:8000]}),
    "gateway key_status": ("/api/v1/apiaxle/gateway", {**GATEWAY, "key_status": HUGE}),
}


@pytest.mark.parametrize(("path", "payload"), QUOTING.values(), ids=QUOTING.keys())
def test_an_error_quotes_an_excerpt_of_the_input_never_all_of_it(
    path: str, payload: dict[str, object]
) -> None:
    client = client_with(MAX_CONTENT_LENGTH=4 * 1024 * 1024)
    response = client.post(path, json=payload)
    assert 400 <= response.status_code < 500
    error = response.get_json()["error"]
    assert len(error["message"]) <= 600, error["message"][:200]
    assert error["field"] is None or len(error["field"]) <= 100


def test_an_excerpt_says_how_long_the_whole_was() -> None:
    assert excerpt("short") == "short"
    cut = excerpt("Q" * 1000)
    assert cut == "Q" * 60 + "… (1000 characters)"
    assert len(shortened("x" * 100_000)) < 600


def test_the_description_states_this_servers_limits() -> None:
    """The limits are declared once, in the contract: the OpenAPI document built from it says
    what this server, with its settings, accepts."""
    client = client_with(MAX_HEADERS=5, MAX_PARAMS=7, MAX_LINE_LENGTH=64)
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    sign = schemas["SignRequest"]["properties"]
    header_list = next(form for form in sign["headers"]["anyOf"] if form["type"] == "array")
    param_list = next(form for form in sign["params"]["anyOf"] if form["type"] == "array")
    assert (header_list["maxItems"], param_list["maxItems"]) == (5, 7)
    assert header_list["items"]["prefixItems"][0]["maxLength"] == 64
    assert sign["path"]["anyOf"][0]["maxLength"] == 64
    assert sign["secret"]["maxLength"] == 64
    assert "maxLength" not in sign["body"]["anyOf"][0]
    assert schemas["GatewayRequest"]["properties"]["url"]["maxLength"] == 64
    at_limit = {**GOOD, "headers": pairs(5), "path": "/" + "a" * 63}
    assert client.post("/api/v1/sign", json=at_limit).status_code == 200
