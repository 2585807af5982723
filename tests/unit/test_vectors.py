"""The vector files: every step's expected output, computed independently of Sigscope.

Two checks per file: its oracle reproduces the stored expectations from the stored inputs
(the scheme's official library in ``tests/oracles``, else the JavaScript reference: so they
are not Sigscope's values), and Sigscope's core reproduces them step by step (so a failure
names the step that broke).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from app.core.inputs import parse_sign_input
from app.core.signing import sign
from tests.oracles import ORACLES
from tests.reference import node

VECTORS = Path(__file__).resolve().parent.parent / "vectors"
FILES = sorted(VECTORS.glob("*.json"))


def _load(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _cases() -> list[tuple[str, dict[str, object]]]:
    return [
        (path.stem, case)
        for path in FILES
        for case in _load(path)["cases"]  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_oracle_reproduces_stored_expectations(path: Path) -> None:
    stored = _load(path)
    if path.stem in ORACLES:
        for case in stored["cases"]:  # type: ignore[attr-defined]
            expected = ORACLES[path.stem](copy.deepcopy(case["input"]))
            assert expected == case["expected"], f"{case['id']} ({case['catches']})"
        return
    inputs = copy.deepcopy(stored)
    for case in inputs["cases"]:  # type: ignore[attr-defined]
        case["expected"] = None
    assert node.run("vectors", inputs) == stored


def test_the_seed_files_cover_their_variants() -> None:
    assert {"actionstreamer", "apiaxle"} <= {path.stem for path in FILES}
    variants = {
        case["input"].get("variant")  # type: ignore[attr-defined]
        for _, case in _cases()
        if case["input"]["scheme"] == "actionstreamer"  # type: ignore[index]
    }
    assert variants == {"tutorial", "sdk"}


# The published check values (SCHEMES.md), written out here so the vector files cannot drift.
PUBLISHED = {
    "empty_get_tutorial": "79cb748bd6902ab9a0fc616b2f6d827de6eafec64e7cd9ee43415cde8eff44c5",
    "empty_get_sdk": "08a563fbaf74bc8ed5af93963fe53c142c231ec2fd53206d927949da6a905b32",
    "users_params_code_point_sort_tutorial": (
        "0741b2aeda24e29a4f9a29d169a24f501cb748f4d2cbb28f16f8536ca637702d"
    ),
    "documentation_example": "9c6e757352befb2a764cdb619e6e86179de67595",
    "independent_client": "3e75a94a5bb87f5d3f1c89cb45e0224bfe4d0283",
}


@pytest.mark.parametrize(("case_id", "hex_value"), PUBLISHED.items())
def test_published_values(case_id: str, hex_value: str) -> None:
    case = next(case for _, case in _cases() if case["id"] == case_id)
    given = parse_sign_input(case["input"])
    assert sign(given.scheme, given.recipe).outcome.signature.hex == hex_value
    assert case["expected"]["signature"]["hex"] == hex_value  # type: ignore[index]


@pytest.mark.parametrize(
    ("scheme", "case"), _cases(), ids=lambda c: c if isinstance(c, str) else c["id"]
)
def test_core_reproduces_every_step(scheme: str, case: dict[str, object]) -> None:
    expected = case["expected"]
    given = parse_sign_input(case["input"])
    result = sign(given.scheme, given.recipe, given.context)
    steps = {step.id: step.output for step in result.outcome.steps}
    for step_id, output in expected["steps"].items():  # type: ignore[index]
        assert steps[step_id] == output, f"step {step_id} of {case['id']} ({case['catches']})"
    assert result.outcome.string_to_sign == expected["string_to_sign"]  # type: ignore[index]
    assert result.outcome.signature.to_dict() == expected["signature"]  # type: ignore[index]
    if scheme == "apiaxle":
        window = [entry.to_dict() for entry in result.window or ()]
        assert window == expected["window"]  # type: ignore[index]
