"""The ``custom`` scheme's oracle: a description that is a provider's (or the ActionStreamer
tutorial) is signed by that provider's oracle (its official library), or by the Node
reference for the tutorial, and the step ids mapped to the description's parts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.oracles import github, shopify, slack, standard_webhooks, stripe, twilio
from tests.reference import node

PROVIDERS = Path(__file__).resolve().parents[2] / "app/core/schemes/described/providers"

BY_PROVIDER = {
    "stripe": stripe.oracle,
    "github": github.oracle,
    "slack": slack.oracle,
    "standard-webhooks": standard_webhooks.oracle,
    "twilio": twilio.oracle,
    "shopify": shopify.oracle,
}

#: The Node reference's ActionStreamer step ids -> the description's part step ids.
TUTORIAL_STEPS = {
    "method": "method",
    "normalize_path": "path",
    "header_string": "headers",
    "param_string": "query",
    "body": "body",
    "join": "join",
    "hmac": "hmac",
}


def _signing(description: dict[str, Any]) -> dict[str, Any]:
    """What of a description signs: all of it but whose signature a diagnosis names."""
    return {key: value for key, value in description.items() if key != "signer"}


def _description(name: str) -> object:
    return _signing(json.loads((PROVIDERS / f"{name}.json").read_text(encoding="utf-8")))


def _tutorial(case: dict[str, Any]) -> dict[str, Any]:
    given = {k: v for k, v in case.items() if k != "description"}
    payload = {
        "scheme": "actionstreamer",
        "cases": [
            {
                "id": "custom",
                "input": {**given, "scheme": "actionstreamer", "variant": "tutorial"},
                "expected": None,
            }
        ],
    }
    [found] = node.run("vectors", payload)["cases"]  # type: ignore[index]
    expected: dict[str, Any] = found["expected"]
    expected["steps"] = {TUTORIAL_STEPS[k]: v for k, v in expected["steps"].items()}
    return expected


def oracle(case: dict[str, Any]) -> dict[str, Any]:
    description = _signing(json.loads(case["description"]))
    if description == _description("actionstreamer-tutorial"):
        return _tutorial(case)
    for name, provider in BY_PROVIDER.items():
        if description == _description(name):
            return provider({k: v for k, v in case.items() if k != "description"})
    raise ValueError("the custom oracle knows the providers' and the tutorial's descriptions")
