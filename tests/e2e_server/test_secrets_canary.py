"""No secret, body, query string or header ever reaches a server's output.

Runs the real ``sigscope`` command (each production server, and ``--dev``), sends requests
whose every part carries a canary string (good requests, a 400, two 413s, every route, and
malformed HTTP that servers like to quote in their warnings), stops it, and searches all it
printed. Each canary names where it was planted, so a failure says what leaked.
"""

from __future__ import annotations

import json
import socket
from urllib.parse import urlencode

import pytest

from app import create_app
from tests.e2e_server.server import Server, running

SERVERS = {
    "gunicorn": ["--server", "gunicorn", "--workers", "1", "--threads", "2"],
    "waitress": ["--server", "waitress", "--workers", "1"],
    "waitress, 2 processes": ["--server", "waitress", "--workers", "2", "--threads", "2"],
    "dev": ["--dev"],
}
# Servers that write an access log: their log must show the requests, path only.
ACCESS_LOGS = {"gunicorn", "dev"}
MAX_CONTENT_LENGTH = 100_000


def canary(place: str) -> str:
    # Lower-case letters and digits only: valid in every position it is planted, and found
    # whatever case a server prints it in.
    return f"cnry{place.replace('_', '')}x7q"


PLANTED = [
    "secret",
    "body",
    "param",
    "header",
    "api_key",
    "path_field",
    "query",
    "authorization",
    "cookie",
    "bad_method",
    "big_body",
    "many_headers",
    "route_query",
    "route_header",
    "route_body",
    "form",
    "raw_line",
    "raw_header",
    "raw_method",
    "raw_long",
    "import",
    "compare",
    "gateway",
]

HEADERS = {
    "Content-Type": "application/json",
    "Authorization": f"Bearer {canary('authorization')}",
    "Cookie": f"session={canary('cookie')}",
}

SIGN = {
    "scheme": "actionstreamer",
    "method": "POST",
    "path": f"/devices/{canary('path_field')}",
    "headers": [["X-Api-Key", canary("header")]],
    "params": {"token": canary("param")},
    "body": json.dumps({"password": canary("body")}),
    "api_key": canary("api_key"),
    "secret": canary("secret"),
}


#: A body each API route answers 200 to, canaries inside; any other route gets ``SIGN``.
ROUTE_BODIES: dict[str, dict[str, object]] = {
    "/api/v1/diagnose": {**SIGN, "signature": "00" * 32},
    "/api/v1/import": {
        "text": f"curl -X POST 'https://api.example.com/v1/x?token={canary('import')}' "
        f"-H 'Authorization: Bearer {canary('import')}' -d '{canary('import')}'"
    },
    "/api/v1/compare": {"expected": canary("compare"), "actual": canary("compare") + "x"},
    "/api/v1/apiaxle/gateway": {
        "url": f"https://gateway.example/v1/x?api_key={canary('gateway')}&api_sig=00",
        "secret": canary("gateway"),
        "server_time": 1700000000,
    },
}


def call(server: Server, method: str, path: str, body: bytes, headers: dict[str, str]) -> int:
    connection = server.connection()
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def send_api(server: Server) -> dict[str, int]:
    """The API: a signed request, a 400 and two 413s, each carrying canaries everywhere."""
    sign = f"/api/v1/sign?{urlencode({'secret': canary('query')})}"
    big = {**SIGN, "body": canary("big_body") * (MAX_CONTENT_LENGTH // 10)}
    many = {**SIGN, "headers": [["X-N", canary("many_headers")]] * 101}
    cases = {
        "sign": SIGN,
        "bad method": {**SIGN, "method": f"GET {canary('bad_method')}"},
        "too large": big,
        "too many headers": many,
    }
    return {
        name: call(server, "POST", sign, json.dumps(payload).encode(), HEADERS)
        for name, payload in cases.items()
    }


#: Fields a page route needs to answer 200, canaries inside; every form post also carries
#: a scheme and a canary secret.
FORM_FIELDS = {
    "/import": {
        "evidence": f"curl 'https://api.example.com/v1/x?token={canary('import_form')}' "
        f"-H 'X-Nonce: {canary('import_form')}' -d '{canary('import_form')}'"
    },
}


def send_every_route(server: Server) -> dict[str, int]:
    """Every route the app has, with a canary in its query, a header and its body."""
    statuses = {}
    form = {"scheme": "actionstreamer:tutorial", "secret": canary("form")}
    for rule in create_app().url_map.iter_rules():
        if rule.arguments:
            continue
        api = rule.rule.startswith("/api/")
        payload = ROUTE_BODIES.get(rule.rule, {**SIGN, "secret": canary("route_body")})
        body = json.dumps(payload) if api else urlencode({**form, **FORM_FIELDS.get(rule.rule, {})})
        headers = {
            "Content-Type": "application/json" if api else "application/x-www-form-urlencoded",
            "X-Trace": canary("route_header"),
        }
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):  # type: ignore[operator]
            target = f"{rule.rule}?{urlencode({'q': canary('route_query')})}"
            statuses[f"{method} {rule.rule}"] = call(
                server, method, target, body.encode() if method != "GET" else b"", headers
            )
    return statuses


MALFORMED = [
    f"GET /?q={canary('raw_line')} HTTP/1.1 junk\r\n\r\n",
    f"GET / HTTP/1.1\r\nHost: x\r\nbad header: {canary('raw_header')}\r\n\r\n",
    f"{canary('raw_method')}() / HTTP/1.1\r\nHost: x\r\n\r\n",
    f"GET /?q={canary('raw_long')}{'a' * 9000} HTTP/1.1\r\nHost: x\r\n\r\n",
]


def send_forged_log_line(server: Server) -> int:
    """A path whose decoded form holds a line break, to forge a log line if printed raw."""
    return call(server, "GET", "/nope%0D%0Aforged-line", b"", {})


def send_malformed(server: Server) -> None:
    """HTTP no client library would send; servers answer 400 and often quote it in a log."""
    for raw in MALFORMED:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(raw.encode())
            sock.shutdown(socket.SHUT_WR)
            while sock.recv(65536):
                pass


@pytest.mark.parametrize("name", SERVERS)
def test_no_canary_reaches_the_server_output(name: str) -> None:
    env = {"SIGSCOPE_MAX_CONTENT_LENGTH": str(MAX_CONTENT_LENGTH)}
    with running(SERVERS[name], env=env) as server:
        api = send_api(server)
        routes = send_every_route(server)
        send_malformed(server)
        assert send_forged_log_line(server) == 404
    assert api == {"sign": 200, "bad method": 400, "too large": 413, "too many headers": 413}
    assert all(status == 200 for status in routes.values()), routes
    assert f"127.0.0.1:{server.port}" in server.output, "the server's output was not captured"
    output = server.output.lower()
    leaked = [place for place in PLANTED if canary(place) in output]
    assert not leaked, f"{name} printed what was sent in: {leaked}\n{server.output}"
    if name in ACCESS_LOGS:
        assert '"POST /api/v1/sign"' in server.output, server.output
        assert "?" not in "".join(line for line in server.output.splitlines() if "GET /" in line)
        assert not any(line.startswith("forged-line") for line in server.output.splitlines())
        assert "forged-line" in server.output  # logged, escaped or still percent-encoded
