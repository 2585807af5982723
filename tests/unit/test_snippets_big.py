"""A 1 MiB body still makes programs that compile and sign, in every language.

A megabyte is some 21,000 literal pieces: one ``String.join`` call of them all is more than
a Java method may hold (64 KB of bytecode), and one chain of ``+`` overflows the stack of
Mono's C# compiler and of Ruby's. The programs join runs of pieces instead; each language
must print the signature the independent JavaScript reference computes.
"""

from __future__ import annotations

import pytest

from app.core.inputs import parse_sign_input
from app.core.snippets import LANGUAGES, program_of
from app.core.snippets.ir import Program
from tests.reference import node
from tests.snippets import run

SECRET = "big-body-secret"
#: A JSON-ish megabyte with non-ASCII, quotes and line breaks in it.
BODY = ('{"note": "caf\u00e9 \\"quoted\\"", "n": 12345}\n' * 30_000)[: 1 << 20]
FIELDS = {"scheme": "actionstreamer", "variant": "tutorial", "method": "POST", "path": "/v1/x"}


@pytest.fixture(scope="module")
def big() -> tuple[Program, str]:
    given = parse_sign_input({**FIELDS, "body": BODY, "secret": SECRET})
    payload = {"cases": [{"input": {**FIELDS, "body": BODY, "secret": SECRET}}]}
    [case] = node.run("vectors", payload)["cases"]  # type: ignore[index]
    return program_of(given.scheme, given.recipe), case["expected"]["signature"]["hex"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_megabyte_body_signs_in_every_language(language: str, big: tuple[Program, str]) -> None:
    if not run.required(language):
        return  # reported in the run's summary: see run.OPTIONAL
    program, expected = big
    assert run.batch(language, [(program, SECRET)]) == [expected]
