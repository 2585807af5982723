from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app


@pytest.fixture
def app() -> Flask:
    return create_app({"TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say which snippet languages could not run here, and why (never silently)."""
    from tests.snippets.run import UNAVAILABLE

    for language, reason in sorted(UNAVAILABLE.items()):
        terminalreporter.write_line(f"NOT RUN: the {language} snippets: {reason}", yellow=True)
