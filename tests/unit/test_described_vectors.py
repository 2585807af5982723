"""The webhook providers' published values, asserted literally against their vector files.

``test_vectors.py`` checks each file against its oracle (the official library, or the
documentation's HMAC for GitHub and Shopify) and the core against every stored step; the
values the providers publish are written out here, so neither can drift from them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.inputs import parse_sign_input
from app.core.signing import sign

VECTORS = Path(__file__).resolve().parent.parent / "vectors"


def _cases(scheme: str) -> list[dict[str, object]]:
    data = json.loads((VECTORS / f"{scheme}.json").read_text(encoding="utf-8"))
    assert data["scheme"] == scheme
    cases: list[dict[str, object]] = data["cases"]
    return cases


#: Published values, as the providers' documents and libraries' tests print them.
PUBLISHED = {
    ("github", "docs_example"): (
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    ),
    ("standard-webhooks", "spec_vector"): "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    ("twilio", "library_example"): "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
    ("twilio", "json_body_sha256"): "a9nBmqA0ju/hNViExpshrM61xv4=",
    ("twilio", "json_only_hash"): "y77kIzt2vzLz71DgmJGsen2scGs=",
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
    # and it travels exactly as published, prefix included
    assert sent in [value for _, value in given.scheme.travel(given.recipe, outcome.sent)]
    assert sent.endswith(case["expected"]["signature"]["hex"]) or sent.endswith(  # type: ignore[index]
        case["expected"]["signature"]["base64"]  # type: ignore[index]
    )


def test_octokit_published_prefix() -> None:
    case = next(case for case in _cases("github") if case["id"] == "octokit_example")
    assert case["expected"]["signature"]["hex"].startswith("4864d275")  # type: ignore[index]
