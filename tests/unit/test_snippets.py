"""The signing programs: every scheme has one, and in every language it prints the vector
files' signatures (computed by the reference implementations, not by Sigscope).

Each language whose toolchain is missing fails with the package to install, never skips:
``bash .ci/ensure-tools`` installs them all from Debian's packages. The one exception is C#,
whose Mono toolchain a Debian release may not package: without it its tests are reported as
not run, in the summary at the end of the run.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from app.core.inputs import parse_sign_input
from app.core.recipe import Recipe
from app.core.schemes import SCHEMES
from app.core.schemes.base import Scheme
from app.core.snippets import LANGUAGES, program_of, snippets
from app.core.snippets.evaluate import output
from app.core.snippets.ir import SECRET_VARIABLE, Program, input_for
from app.core.snippets.source import Unsupported
from tests.snippets import run

VECTORS = Path(__file__).resolve().parent.parent / "vectors"
FILES = sorted(VECTORS.glob("*.json"))

#: How a digest is written in each output form, from the vector files' hex and base64.
FORMS = {
    "hex": lambda signature: signature["hex"],
    "hex_upper": lambda signature: signature["hex"].upper(),
    "base64": lambda signature: signature["base64"],
    "base64url": lambda signature: base64.urlsafe_b64encode(
        base64.b64decode(signature["base64"])
    ).decode(),
}


def _cases() -> list[tuple[str, dict[str, object]]]:
    return [
        (path.stem, case)
        for path in FILES
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]
    ]


CASES = _cases()


def _encoded_secret(case: dict[str, object], encoding: str) -> dict[str, object]:
    """``case`` with its secret written in ``encoding``: the same key bytes, so the same
    signature as the vector file's."""
    given = dict(case["input"])  # type: ignore[call-overload]
    raw = str(given["secret"]).encode("utf-8")
    given["secret"] = base64.b64encode(raw).decode() if encoding == "base64" else raw.hex()
    given["secret_encoding"] = encoding
    return {**case, "id": f"{case['id']}_{encoding}_secret", "input": given}


#: The seed schemes' first cases again with the secret in base64, and in hex (the newer
#: schemes' vector files have such cases of their own).
ENCODED = [
    (scheme, _encoded_secret(case, encoding))
    for scheme, case in {scheme: case for scheme, case in reversed(CASES)}.items()
    if scheme in ("actionstreamer", "apiaxle")
    for encoding in ("base64", "hex")
]


def secrets_of(program: Program, recipe: Recipe) -> dict[str, str]:
    """The environment a program reads its secrets from, for ``recipe``."""
    found = {SECRET_VARIABLE: recipe.secret}
    for variable in program.variables:
        name = input_for(variable)
        if name is not None:
            found[variable] = recipe.secret_input(name)
    return found


def _program(case: dict[str, object]) -> tuple[Program, dict[str, str], str]:
    """The case's program, its secret, and the vector file's signature as it travels: in the
    scheme's output form, in the header (or parameter) that carries it, the last if several."""
    given = parse_sign_input(case["input"])
    expected = case["expected"]["signature"]  # type: ignore[index]
    sent = FORMS[given.recipe.output](expected)
    carried = given.scheme.travel(given.recipe, sent)
    travels = carried[-1][1] if carried else sent
    program = program_of(given.scheme, given.recipe)
    return program, secrets_of(program, given.recipe), travels


@pytest.mark.parametrize("scheme", SCHEMES.values(), ids=lambda s: s.name)
def test_every_scheme_has_a_program(scheme: Scheme) -> None:
    assert scheme.program is not None, f"{scheme.name}: write its program.py (app/core/snippets)"


@pytest.mark.parametrize(
    ("scheme", "case"), CASES + ENCODED, ids=[case["id"] for _, case in CASES + ENCODED]
)
def test_the_program_computes_the_vector_signature(scheme: str, case: dict[str, object]) -> None:
    program, secret, travels = _program(case)
    assert output(program, secret) == travels, f"{scheme}: {case['catches']}"


def test_no_program_holds_the_secret() -> None:
    given = parse_sign_input(
        {"scheme": "actionstreamer", "secret": "s3cr3t-in-no-file", "body": "x"}
    )
    for snippet in snippets(given.scheme, given.recipe):
        assert "s3cr3t-in-no-file" not in snippet.code + snippet.run
        assert "SIGSCOPE_SECRET" in snippet.code


#: What a language's standard library cannot write, by scheme: its snippet says so instead.
#: None today: the shell writes a derived key (SigV4's four HMACs, OAuth's two encoded
#: secrets) one value at a time. (WebCrypto has no MD5: ``test_snippets_ops``.)
CANNOT: frozenset[tuple[str, str]] = frozenset()


def _writable(language: str, scheme: str, program: Program) -> bool:
    """Whether ``language`` writes ``program``; where it cannot, that is declared above."""
    try:
        LANGUAGES[language].source(program)
    except Unsupported:
        assert (language, scheme) in CANNOT, f"{language} cannot write {scheme}'s program"
        return False
    assert (language, scheme) not in CANNOT, f"{language} writes {scheme}: update CANNOT"
    return True


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_prints_every_vector_signature(language: str) -> None:
    if not run.required(language):
        return  # reported in the run's summary: see run.OPTIONAL
    cases = [
        (case, made)
        for scheme, case in CASES + ENCODED
        if _writable(language, scheme, (made := _program(case))[0])
    ]
    printed = run.batch(language, [(program, secret) for _, (program, secret, _) in cases])
    wrong = [
        f"{case['id']}: printed {got!r}, the reference signs {want!r}"
        for (case, (_, _, want)), got in zip(cases, printed, strict=True)
        if got != want
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_downloaded_file_runs_with_the_command_shown(language: str) -> None:
    """The very file and command a user gets, for one case of each vector file."""
    if not run.required(language):
        return  # reported in the run's summary: see run.OPTIONAL
    firsts = {scheme: case for scheme, case in reversed(CASES)}
    for scheme, case in firsts.items():
        program, secret, travels = _program(case)
        if _writable(language, scheme, program):
            assert run.standalone(language, program, secret) == travels, case["id"]
