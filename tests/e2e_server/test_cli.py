"""The ``sigscope`` command: its help documents every option and setting; ``--dev`` stays on
loopback; addresses are written the way servers expect."""

from __future__ import annotations

import json
import subprocess

import pytest

from app.cli import main
from app.serving import bind_address, server_error_body, withhold_details
from app.settings import SETTINGS
from tests.e2e_server.server import SIGSCOPE


@pytest.fixture(autouse=True)
def never_serve(monkeypatch: pytest.MonkeyPatch) -> None:
    """A check that regresses fails the test instead of starting a server that never stops."""

    def serve(*_: object) -> None:
        raise AssertionError("sigscope started serving")

    monkeypatch.setattr("app.cli.serve_dev", serve)
    monkeypatch.setattr("app.cli.SERVERS", {"gunicorn": serve, "waitress": serve})


def test_help_documents_every_option_and_setting() -> None:
    shown = subprocess.run([*SIGSCOPE, "--help"], capture_output=True, text=True, check=True).stdout
    for option in ("--host", "--port", "--workers", "--threads", "--server", "--dev"):
        assert option in shown
    for words in ("127.0.0.1", "8000", "PORT", "HOST", "WEB_CONCURRENCY", "gunicorn", "waitress"):
        assert words in shown
    for setting in SETTINGS:
        assert f"SIGSCOPE_{setting.name} (default {setting.default})" in shown
    assert "never a query string, body or header" in " ".join(shown.split())


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.1", "sigscope.example"])  # noqa: S104
def test_dev_refuses_to_serve_the_debugger_beyond_loopback(
    host: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--dev", "--host", host])
    assert exited.value.code == 2
    assert "loopback" in capsys.readouterr().err


@pytest.mark.parametrize("option", ["--workers", "--threads"])
def test_worker_and_thread_counts_must_be_positive(
    option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([option, "0"])
    assert "must be at least 1" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("host", "bound"),
    [("127.0.0.1", "127.0.0.1:8000"), ("::1", "[::1]:8000"), ("localhost", "localhost:8000")],
)
def test_bind_addresses(host: str, bound: str) -> None:
    assert bind_address(host, 8000) == bound


def test_gunicorn_warnings_keep_the_kind_of_error_but_not_the_request() -> None:
    warning = "Invalid request from ip=127.0.0.1: Invalid HTTP request line: 'GET /?k=SECRET'"
    withheld = withhold_details(warning)
    assert withheld.startswith("Invalid request from ip=127.0.0.1: Invalid HTTP request line")
    assert "SECRET" not in withheld


@pytest.mark.parametrize(
    ("code", "detail", "message"),
    [
        (400, "Invalid chunk size", "The request is not valid HTTP/1.1: Invalid chunk size."),
        (
            400,
            'Malformed header line "X-Key: SECRET"',
            "The request is not valid HTTP/1.1: Malformed header line.",
        ),
        (
            413,
            "exceeds max_body of 9",
            "The request is too large: raise SIGSCOPE_MAX_CONTENT_LENGTH (see the README).",
        ),
    ],
)
def test_the_servers_own_errors_are_json_quoting_nothing(
    code: int, detail: str, message: str
) -> None:
    assert json.loads(server_error_body(code, detail)) == {
        "error": {"field": None, "message": message}
    }


def test_gunicorn_is_refused_when_not_installed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("app.cli.installed", lambda name: name != "gunicorn")
    with pytest.raises(SystemExit):
        main(["--server", "gunicorn"])
    assert "install it first" in capsys.readouterr().err
