"""The Dockerfile builds a small, non-root image that serves what the app needs.

There is no Docker engine here, so the file is read and checked instruction by instruction,
and its HEALTHCHECK command is run for real against a live Sigscope.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import threading
import tomllib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.cli import parser
from tests.e2e_server.server import free_port

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
BUILD_TOOLS = {"build-essential", "gcc", "g++", "make", "cc", "clang", "curl", "wget", "git"}


def instructions(text: str) -> list[tuple[str, str]]:
    """``(INSTRUCTION, arguments)`` pairs, continuation lines joined, comments dropped."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    found = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            found.append((keyword.upper(), " ".join(arguments.split())))
    return found


STEPS = instructions(DOCKERFILE)


def arguments(keyword: str) -> list[str]:
    return [args for name, args in STEPS if name == keyword]


def env() -> dict[str, str]:
    pairs = (pair.split("=", 1) for args in arguments("ENV") for pair in shlex.split(args))
    return dict(pairs)  # type: ignore[arg-type]


def test_slim_python_base_that_meets_requires_python() -> None:
    (base,) = arguments("FROM")
    match = re.fullmatch(r"python:(3\.\d+)-slim", base)
    assert match, base
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    required = project["project"]["requires-python"].removeprefix(">=")
    assert tuple(map(int, match.group(1).split("."))) >= tuple(map(int, required.split(".")))


def test_runs_as_a_non_root_user_it_creates() -> None:
    users = arguments("USER")
    assert users, "no USER: the image would run as root"
    user = users[-1]
    assert user not in {"root", "0", "0:0"}
    keywords = [name for name, _ in STEPS]
    assert keywords.index("USER") < keywords.index("CMD")
    assert any(re.search(rf"useradd\b.*\b{user}$", run) for run in arguments("RUN"))


def copied() -> Iterator[tuple[str, str]]:
    for args in arguments("COPY"):
        *sources, destination = args.split()
        for source in sources:
            yield source, destination


def test_copies_the_app_templates_and_static_beside_each_other() -> None:
    sources = {source: destination for source, destination in copied()}
    for needed in ("pyproject.toml", "app", "templates", "static"):
        assert needed in sources, f"{needed} is not copied into the image"
        assert (ROOT / needed).exists()
    # The app finds templates/ and static/ in the directory that holds app/.
    assert sources["app"] == "./app"
    assert sources["templates"] == "./templates"
    assert sources["static"] == "./static"


def test_no_build_tools_or_downloaders_are_installed() -> None:
    words = {word for run in arguments("RUN") for word in run.split()}
    assert not words & BUILD_TOOLS
    assert not {"apt-get", "apk"} & words, "a package manager run leaves its cache behind"
    assert "--no-compile" in words


def test_listens_on_port_and_host_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    variables = env()
    assert variables["PORT"] == "8000"
    assert variables["HOST"] == "0.0.0.0"  # noqa: S104 (inside the container, on purpose)
    assert arguments("EXPOSE") == [variables["PORT"]]
    (command,) = arguments("CMD")
    assert command == '["sigscope"]', "a --host or --port here would override HOST and PORT"
    monkeypatch.setenv("PORT", "9123")
    monkeypatch.setenv("HOST", "127.0.0.2")
    given = parser().parse_args([])
    assert (given.host, given.port) == ("127.0.0.2", 9123)


def healthcheck_command() -> str:
    (check,) = arguments("HEALTHCHECK")
    options, _, command = check.partition(" CMD ")
    assert "--interval" in options
    assert "--timeout" in options
    assert "/healthz" in command
    return command


def run_healthcheck(port: int) -> int:
    """The HEALTHCHECK command, as Docker runs it (``/bin/sh -c``), with this Python."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        ["/bin/sh", "-c", healthcheck_command()],
        env={**os.environ, "PORT": str(port), "PATH": path},
        capture_output=True,
        timeout=30,
        check=False,
    ).returncode


def recording(app: Callable[..., Iterable[bytes]], seen: list[str]) -> Callable[..., Any]:
    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        seen.append(f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}")
        return app(environ, start_response)

    return wsgi


def test_healthcheck_probes_healthz_and_fails_when_nothing_answers() -> None:
    seen: list[str] = []
    server = make_server("127.0.0.1", 0, recording(create_app(), seen))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert run_healthcheck(server.server_port) == 0
    finally:
        server.shutdown()
        thread.join()
    assert seen == ["GET /healthz"]
    assert run_healthcheck(free_port()) != 0
