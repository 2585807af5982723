"""One table of the headers HTTP stacks add, read by the import and by the diagnosis."""

from __future__ import annotations

import pytest

from app.core.header_mistakes import HEADER_MISTAKES
from app.core.http_stack import HTTP_STACK, added_by_library, stack_reason
from app.core.recipe import Recipe
from app.core.request import SignRequest


@pytest.mark.parametrize(
    ("name", "value", "stack", "library"),
    [
        ("Accept", "*/*", True, True),
        ("accept", " */* ", True, True),
        ("Accept", "application/json", False, False),  # chosen by the client's code
        ("User-Agent", "curl/8.14.1", True, True),
        ("Expect", "100-continue", True, True),
        ("Host", "h:8000", True, True),
        ("Origin", "https://h", True, False),  # browsers only
        ("Sec-Fetch-Mode", "cors", True, False),
        (":authority", "h", True, False),
        ("X-Trace", "1", False, False),
    ],
)
def test_one_table_says_who_adds_a_header(
    name: str, value: str, stack: bool, library: bool
) -> None:
    assert (stack_reason(name, value) is not None) == stack
    assert added_by_library(name, value) == library


def test_every_library_header_is_a_stack_header_with_a_reason() -> None:
    for name, entry in HTTP_STACK.items():
        assert entry.reason
        assert name == name.lower()
        if entry.library:
            assert stack_reason(name, entry.value or "any") == entry.reason


def test_the_diagnosis_removes_exactly_the_library_headers() -> None:
    [mistake] = [m for m in HEADER_MISTAKES if m.id == "library_headers_not_signed"]
    headers = (
        ("Accept", "*/*"),
        ("Expect", "100-continue"),
        ("Origin", "https://h"),
        ("Accept", "text/plain"),
        ("X-Trace", "1"),
    )
    recipe = Recipe(SignRequest("GET", "/p", headers), "secret", "sha256")
    [(_, changed)] = list(mistake.apply(recipe))
    assert changed.request.headers == (
        ("Origin", "https://h"),
        ("Accept", "text/plain"),
        ("X-Trace", "1"),
    )
