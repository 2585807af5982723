"""``app/core`` is pure: no Flask or Werkzeug, no I/O, no clock, no randomness.

Read from the source (every module's syntax tree), so a new import anywhere in the core is
caught whether or not a test happens to import that module. The web layer, the server and the
tests do the I/O and pass the time in.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "app" / "core"
MODULES = sorted(CORE.rglob("*.py"))

#: Import roots the core must never reach: the web framework, the app's own web side, and
#: every standard module that reads or writes the outside world or the clock.
FORBIDDEN_IMPORTS = frozenset(
    {
        "flask",
        "werkzeug",
        "jinja2",
        "app.web",
        "app.serving",
        "app.settings",
        "app.cli",
        "os",
        "sys",
        "io",
        "pathlib",
        "shutil",
        "tempfile",
        "glob",
        "socket",
        "ssl",
        "select",
        "selectors",
        "subprocess",
        "threading",
        "multiprocessing",
        "asyncio",
        "signal",
        "http",
        "urllib.request",
        "logging",
        "time",
        "datetime",
        "random",
        "secrets",
        "uuid",
        "requests",
    }
)

#: Builtins that do I/O or run code from text.
FORBIDDEN_CALLS = frozenset({"open", "print", "input", "eval", "exec", "__import__", "breakpoint"})


def _imports(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def _forbidden(name: str) -> bool:
    parts = name.split(".")
    return any(".".join(parts[:end]) in FORBIDDEN_IMPORTS for end in range(1, len(parts) + 1))


def test_the_core_has_modules() -> None:
    assert len(MODULES) > 20


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(CORE)))
def test_core_module_imports_no_web_framework_and_does_no_io(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    imported = [name for name in _imports(tree) if _forbidden(name)]
    assert not imported, f"{path.name} imports {imported}: keep the core pure"
    called = [
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in FORBIDDEN_CALLS
    ]
    assert not called, f"{path.name} calls {called}: keep the core pure"


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ("import flask", True),
        ("from werkzeug.datastructures import MultiDict", True),
        ("from app.web import render", True),
        ("import time", True),
        ("from datetime import datetime", True),
        ("import urllib.request", True),
        ("from urllib import request", True),
        ("from urllib.parse import quote", False),
        ("import hmac", False),
        ("from app.core.recipe import Recipe", False),
    ],
)
def test_the_check_itself_tells_pure_from_impure(source: str, caught: bool) -> None:
    assert any(_forbidden(name) for name in _imports(ast.parse(source))) is caught
