"""The webhook providers' vector files: their expectations come from the official libraries
(or the documentation's HMAC), the published values are asserted literally, and the core
reproduces every step of every case."""

from __future__ import annotations

import copy
import importlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.inputs import parse_sign_input
from app.core.schemes.described import PROVIDERS
from app.core.signing import sign

VECTORS = Path(__file__).resolve().parent.parent / "vectors"

Oracle = Callable[[dict[str, object]], dict[str, object]]


def _oracle(scheme: str) -> Oracle:
    module = importlib.import_module(f"tests.oracles.{scheme.replace('-', '_')}")
    oracle: Oracle = module.oracle
    return oracle


def _cases(scheme: str) -> list[dict[str, object]]:
    data = json.loads((VECTORS / f"{scheme}.json").read_text(encoding="utf-8"))
    assert data["scheme"] == scheme
    cases: list[dict[str, object]] = data["cases"]
    return cases


ALL = [(scheme, case) for scheme in PROVIDERS for case in _cases(scheme)]


def _id(value: object) -> str:
    return value if isinstance(value, str) else str(value["id"])  # type: ignore[index]


@pytest.mark.parametrize(("scheme", "case"), ALL, ids=_id)
def test_oracle_reproduces_stored_expectations(scheme: str, case: dict[str, object]) -> None:
    assert case["catches"]
    given = copy.deepcopy(case["input"])
    assert _oracle(scheme)(given) == case["expected"]  # type: ignore[arg-type]


@pytest.mark.parametrize(("scheme", "case"), ALL, ids=_id)
def test_core_reproduces_every_step(scheme: str, case: dict[str, object]) -> None:
    expected: dict[str, object] = case["expected"]  # type: ignore[assignment]
    given = parse_sign_input(case["input"])
    result = sign(given.scheme, given.recipe, given.context)
    steps = {step.id: step.output for step in result.outcome.steps}
    for step_id, output in expected["steps"].items():  # type: ignore[attr-defined]
        assert steps[step_id] == output, f"step {step_id} of {case['id']} ({case['catches']})"
    assert result.outcome.string_to_sign == expected["string_to_sign"]
    assert result.outcome.signature.to_dict() == expected["signature"]
    assert result.verdict.accepted


#: Published values, as the providers' documents and libraries' tests print them.
PUBLISHED = {
    ("github", "docs_example"): (
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    ),
    ("standard-webhooks", "spec_vector"): "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    ("twilio", "library_example"): "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
    ("slack", "docs_example"): (
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    ),
}


@pytest.mark.parametrize(("key", "sent"), PUBLISHED.items(), ids=lambda v: "/".join(v))
def test_published_values(key: tuple[str, str], sent: str) -> None:
    scheme, case_id = key
    case = next(case for case in _cases(scheme) if case["id"] == case_id)
    given = parse_sign_input(case["input"])
    outcome = sign(given.scheme, given.recipe, with_lens=False).outcome
    assert sent.endswith(outcome.sent)
    assert sent.endswith(case["expected"]["signature"]["hex"]) or sent.endswith(  # type: ignore[index]
        case["expected"]["signature"]["base64"]  # type: ignore[index]
    )


def test_octokit_published_prefix() -> None:
    case = next(case for case in _cases("github") if case["id"] == "octokit_example")
    assert case["expected"]["signature"]["hex"].startswith("4864d275")  # type: ignore[index]
