"""Hostile request values still make programs that compile and print the right signature.

Hypothesis writes requests full of what breaks generated code (quotes, backslashes, ``${...}``,
``#{...}``, ``</script>``, ``?>``, ``\\u000a`` as text, NUL, non-ASCII and Python-only
whitespace, long lines); every language's program for each must print the signature the
independent JavaScript reference computes. The examples are drawn first, with a fixed seed,
then run in one batch per language (compiling each example on its own would take minutes).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.inputs import parse_sign_input
from app.core.recipe import Recipe
from app.core.request import SignRequest
from app.core.schemes import SCHEMES
from app.core.snippets import LANGUAGES, program_of
from app.core.snippets.evaluate import output
from app.core.snippets.ir import Program
from tests.oracles import ORACLES
from tests.reference import node
from tests.snippets import run
from tests.unit.test_snippets import CASES, FORMS, secrets_of

EXAMPLES = 25
SECRET = "s\u00e9\"cr'et $HOME \\ `id` \U0001f600"

HOSTILE = st.sampled_from(
    [
        '"',
        "'",
        "\\",
        "${HOME}",
        "#{1}",
        "{{x}}",
        "</script>",
        "?>",
        "\\u000a",
        "*/",
        "%s",
        "$(id)",
        "`id`",
        "\x00",
        "\x7f",
        "\u00e9",
        "\u20ac",
        "\U0001f600",
        "\u3000",
        "\x85",
        "\x1c",
        "\ufeff",
        " ",
        "\t",
        "\n",
        "\r\n",
        "/",
    ]
)
CHARS = st.characters(exclude_categories=("Cs",))
TEXT = st.lists(st.one_of(HOSTILE, st.text(CHARS, max_size=6)), max_size=6).map("".join)
#: Now and then a line far longer than a program's chunk, so literals are split.
LONG = st.one_of(TEXT, TEXT.map(lambda text: (text or "x") * 300))
PAIRS = st.lists(st.tuples(TEXT, LONG), max_size=4).map(tuple)

ACTIONSTREAMER = st.fixed_dictionaries(
    {
        "scheme": st.just("actionstreamer"),
        "variant": st.sampled_from(["tutorial", "sdk"]),
        "method": TEXT,
        "path": TEXT,
        "headers": PAIRS,
        "params": PAIRS,
        "body": LONG,
    }
)
APIAXLE = st.fixed_dictionaries(
    {
        "scheme": st.just("apiaxle"),
        "api_key": LONG,
        "timestamp": st.integers(min_value=0, max_value=2**33),
    }
)


def _recipe(case: dict[str, Any]) -> Recipe:
    scheme = SCHEMES[case["scheme"]]
    fields = {name: value for name, value in case.items() if name not in ("scheme", "variant")}
    request = SignRequest(**fields)
    return Recipe(request, SECRET, scheme.algorithm, case.get("variant", ""))


def _draw() -> list[dict[str, Any]]:
    drawn: list[dict[str, Any]] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.one_of(ACTIONSTREAMER, APIAXLE))
    def collect(case: dict[str, Any]) -> None:
        drawn.append(case)

    collect()
    return drawn[-EXAMPLES:]


@pytest.fixture(scope="module")
def hostile() -> list[tuple[Program, str]]:
    """Each drawn request's program, and its signature by the JavaScript reference."""
    cases = _draw()
    payload = {
        "cases": [
            {
                "input": {
                    **case,
                    "secret": SECRET,
                    "headers": list(case.get("headers", ())),
                    "params": list(case.get("params", ())),
                }
            }
            for case in cases
        ]
    }
    signed = node.run("vectors", payload)
    expected = [case["expected"]["signature"]["hex"] for case in signed["cases"]]  # type: ignore[index]
    programs = []
    for case, hex_signature in zip(cases, expected, strict=True):
        recipe = _recipe(case)
        programs.append((program_of(SCHEMES[case["scheme"]], recipe), hex_signature))
    return programs


def test_hostile_programs_compute_the_reference_signature_here(
    hostile: list[tuple[Program, str]],
) -> None:
    assert len(hostile) == EXAMPLES
    for program, expected in hostile:
        assert output(program, SECRET) == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_hostile_programs_run_in_every_language(
    language: str, hostile: list[tuple[Program, str]]
) -> None:
    if not run.required(language):
        return  # reported in the run's summary: see run.OPTIONAL
    printed = run.batch(language, [(program, SECRET) for program, _ in hostile])
    wrong = [
        f"example {index}: printed {got!r}, the reference signs {want!r}"
        for index, ((_, want), got) in enumerate(zip(hostile, printed, strict=True))
        if got != want
    ]
    assert not wrong, "\n".join(wrong)


# --- hostile secrets, for the schemes whose key is built from them ---------------------------

#: A token secret as hostile as the secret: `%`, `&`, `=`, `+`, `~`, non-ASCII, a newline.
TOKEN_SECRET = "t%k &=+ ~\u20ac\n"


def _keyed_by_text(scheme: str, case: dict[str, Any]) -> bool:
    """Whether the case's key is its secret's text (a hostile text is no base64 key)."""
    given = case["input"]
    return (
        scheme not in ("actionstreamer", "apiaxle", "standard-webhooks")
        and given.get("secret_encoding", "text") == "text"
        and '"base64"' not in str(given.get("description", ""))
    )


#: A program, the environment it reads its secrets from, and what it must print.
Signed = tuple[Program, dict[str, str], str]


def _library_signed(given: dict[str, Any]) -> Signed:
    """``given``'s program, its secrets, and the signature as it travels, computed by the
    scheme's official library (``tests/oracles``)."""
    expected = ORACLES[given["scheme"]](given)["signature"]
    sign_input = parse_sign_input(given)
    sent = FORMS[sign_input.recipe.output](expected)
    carried = sign_input.scheme.travel(sign_input.recipe, sent)
    program = program_of(sign_input.scheme, sign_input.recipe)
    return program, secrets_of(program, sign_input.recipe), carried[-1][1] if carried else sent


def _printed_wrong(language: str, signed: list[Signed]) -> list[str]:
    """What ``language``'s programs print that their library does not sign."""
    printed = run.batch(language, [(program, secrets) for program, secrets, _ in signed])
    return [
        f"{program.scheme}: printed {got!r}, the library signs {want!r}"
        for (program, _, want), got in zip(signed, printed, strict=True)
        if got != want
    ]


@pytest.fixture(scope="module")
def hostile_secrets() -> list[Signed]:
    """Every newer scheme's vector cases signed with hostile secrets, and the signature as it
    travels by the scheme's official library (botocore, oauthlib, stripe...)."""
    programs = []
    for scheme, case in CASES:
        if not _keyed_by_text(scheme, case):
            continue
        given = {**case["input"], "secret": SECRET}
        if scheme == "oauth1":
            given["token_secret"] = TOKEN_SECRET
        programs.append(_library_signed(given))
    return programs


def test_hostile_secrets_cover_every_newer_scheme(
    hostile_secrets: list[Signed],
) -> None:
    covered = {program.scheme for program, _, _ in hostile_secrets}
    assert {"OAuth 1.0a", "AWS SigV4", "Stripe webhooks", "Twilio webhooks"} <= covered
    for program, secrets, expected in hostile_secrets:
        assert output(program, secrets) == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_hostile_secrets_sign_in_every_language(
    language: str, hostile_secrets: list[Signed]
) -> None:
    if not run.required(language):
        return  # reported in the run's summary: see run.OPTIONAL
    wrong = _printed_wrong(language, hostile_secrets)
    assert not wrong, "\n".join(wrong)


# --- hostile deliveries, for the webhook providers --------------------------------------------

#: A plain secret per provider (Standard Webhooks' is base64 after `whsec_`, as it must be).
PROVIDER_SECRETS = {
    "github": "gh-webhook-secret",
    "shopify": "shpss_0123456789abcdef",
    "slack": "8f742231b10e8888abcd99yyyzzz85a5",
    "standard-webhooks": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    "stripe": "whsec_test_secret",
}
MESSAGE_ID = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=12)
DELIVERY = st.fixed_dictionaries(
    {
        "body": LONG,
        "timestamp": st.integers(min_value=0, max_value=2**33),
        "message_id": MESSAGE_ID,
    }
)
#: The inputs each provider signs besides its body.
SIGNED = {
    "slack": ("timestamp",),
    "stripe": ("timestamp",),
    "standard-webhooks": ("timestamp", "message_id"),
}


def _deliveries() -> list[dict[str, Any]]:
    drawn: list[dict[str, Any]] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(DELIVERY)
    def collect(case: dict[str, Any]) -> None:
        drawn.append(case)

    collect()
    return drawn[-EXAMPLES:]


@pytest.fixture(scope="module")
def hostile_deliveries() -> list[Signed]:
    """Drawn deliveries (hostile bodies, any timestamp and message id), each provider's
    program, and the signature as it travels by the provider's library."""
    programs = []
    providers = sorted(PROVIDER_SECRETS)
    for index, case in enumerate(_deliveries()):
        scheme = providers[index % len(providers)]  # each provider, five drawn deliveries
        given = {"scheme": scheme, "secret": PROVIDER_SECRETS[scheme], "body": case["body"]}
        given.update({name: case[name] for name in SIGNED.get(scheme, ())})
        programs.append(_library_signed(given))
    return programs


def test_hostile_deliveries_cover_the_providers_here(
    hostile_deliveries: list[Signed],
) -> None:
    assert len({program.scheme for program, _, _ in hostile_deliveries}) == len(PROVIDER_SECRETS)
    for program, secrets, expected in hostile_deliveries:
        assert output(program, secrets) == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_hostile_deliveries_sign_in_every_language(
    language: str, hostile_deliveries: list[Signed]
) -> None:
    if not run.required(language):
        return  # reported in the run's summary: see run.OPTIONAL
    wrong = _printed_wrong(language, hostile_deliveries)
    assert not wrong, "\n".join(wrong)
