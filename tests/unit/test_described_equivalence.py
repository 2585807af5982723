"""The ActionStreamer tutorial, written as a description, signs exactly what the hand-written
scheme signs: every tutorial case of its vector file (values from the Node reference)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.inputs import parse_sign_input
from app.core.schemes.described import provider_text
from app.core.signing import sign

VECTORS = Path(__file__).resolve().parent.parent / "vectors"
TUTORIAL = [
    case
    for case in json.loads((VECTORS / "actionstreamer.json").read_text("utf-8"))["cases"]
    if case["input"].get("variant", "tutorial") == "tutorial"
]


def test_the_file_has_tutorial_cases() -> None:
    assert len(TUTORIAL) >= 10


@pytest.mark.parametrize("case", TUTORIAL, ids=lambda case: case["id"])
def test_description_signs_as_the_tutorial(case: dict[str, object]) -> None:
    fields = {k: v for k, v in case["input"].items() if k not in ("scheme", "variant")}  # type: ignore[attr-defined]
    described = parse_sign_input(
        {**fields, "scheme": "custom", "description": provider_text("actionstreamer-tutorial")}
    )
    outcome = sign(described.scheme, described.recipe, with_lens=False).outcome
    expected = case["expected"]
    assert outcome.string_to_sign == expected["string_to_sign"]  # type: ignore[index]
    assert outcome.signature.to_dict() == expected["signature"]  # type: ignore[index]
    hand_written = parse_sign_input(case["input"])
    assert outcome.sent == sign(hand_written.scheme, hand_written.recipe).outcome.sent
