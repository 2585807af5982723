"""The page's Code panel without a browser: asked for, it lists every language (the form
posted whole, as without JavaScript) or comes alone (htmx's ``part``); never the secret."""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient

from app import create_app
from app.core.presets import OPENING
from app.core.snippets import LANGUAGES


@pytest.fixture(scope="module")
def client() -> FlaskClient:
    return create_app({"TESTING": True}).test_client()


def _form(**changes: str) -> dict[str, str]:
    return {**OPENING.fields, "signature": "", **changes}


def test_the_panel_waits_to_be_asked(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'id="code-panel"' in page
    assert "Show the code" in page
    assert 'id="code-python"' not in page


def test_without_javascript_the_form_posts_and_every_language_is_listed(
    client: FlaskClient,
) -> None:
    answer = client.post("/", data=_form(expand="code"))
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    for language in LANGUAGES.values():
        assert f'id="code-{language.id}"' in page
        assert html.escape(language.command) in page
    assert "SIGSCOPE_SECRET" in page
    assert OPENING.fields["secret"] not in page.split('id="code-panel"')[1]


@pytest.mark.parametrize("secret", [OPENING.fields["secret"], ""])
def test_htmx_gets_the_panel_alone_with_or_without_a_secret(
    client: FlaskClient, secret: str
) -> None:
    answer = client.post("/", data=_form(part="1", expand="code", secret=secret))
    assert answer.status_code == 200
    fragment = answer.get_data(as_text=True)
    assert fragment.lstrip().startswith('<section class="card code" id="code-panel"')
    assert 'id="code-go"' in fragment
    assert not secret or secret not in fragment


def test_a_request_in_error_answers_the_error_in_the_panel(client: FlaskClient) -> None:
    answer = client.post("/", data=_form(part="1", expand="code", scheme="nope"))
    assert answer.status_code == 400
    assert 'role="alert"' in answer.get_data(as_text=True)
