"""The README is the user's guide: it must stay true to the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from app.settings import SETTINGS

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert commands == ["make run", "make test"]
    assert README.index("```sh") < README.index("\n## ")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting: object) -> None:
    name = f"SIGSCOPE_{setting.name}"  # type: ignore[attr-defined]
    assert name in README
    assert str(setting.default) in README  # type: ignore[attr-defined]


def test_every_api_route_is_documented() -> None:
    rules = [r for r in create_app().url_map.iter_rules() if r.rule.startswith("/api/")]
    assert rules
    for rule in rules:
        for method in rule.methods - {"HEAD", "OPTIONS"}:  # type: ignore[operator]
            assert f"`{method} {rule.rule}`" in README, rule.rule


def test_cli_help_explains_its_options() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "app", "--help"], capture_output=True, text=True, check=True
    )
    for option in ("--host", "--port", "127.0.0.1", "8000", "SIGSCOPE_"):
        assert option in completed.stdout
