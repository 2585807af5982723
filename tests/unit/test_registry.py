"""Every registered scheme is complete: what the rest of Sigscope reads from it is there.

A scheme is one module (or package) plus one vector file. This test names what is missing
when a scheme is registered half-done: its vector file (with a case for every variant), the
independent reference implementation that computes those vectors, the words the diagnosis
says for each of its mistakes, and the layout compare reads its strings with.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.schemes import SCHEMES
from app.core.schemes.base import Scheme
from app.core.schemes.declare import Input
from tests.oracles import ORACLES
from tests.reference import node

VECTORS = Path(__file__).resolve().parent.parent / "vectors"


@pytest.fixture(scope="module")
def reference_schemes() -> list[str]:
    return node.schemes()


@pytest.mark.parametrize("scheme", SCHEMES.values(), ids=lambda s: s.name)
def test_every_scheme_has_a_vector_file_covering_its_variants(scheme: Scheme) -> None:
    path = VECTORS / f"{scheme.name}.json"
    assert path.is_file(), f"add tests/vectors/{scheme.name}.json"
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    assert cases, f"{path.name} has no cases"
    assert all(case["input"]["scheme"] == scheme.name for case in cases)
    assert all(case.get("catches") for case in cases), "each case names what it catches"
    variants = {case["input"].get("variant", scheme.default_variant) for case in cases}
    assert set(scheme.variant_ids() or [""]) <= variants


@pytest.mark.parametrize("scheme", SCHEMES.values(), ids=lambda s: s.name)
def test_every_scheme_has_its_reference_implementation(
    scheme: Scheme, reference_schemes: list[str]
) -> None:
    assert scheme.name in reference_schemes or scheme.name in ORACLES, (
        f"add {scheme.name}'s official library to tests/oracles (or it to "
        "tests/reference/reference.mjs)"
    )


@pytest.mark.parametrize("scheme", SCHEMES.values(), ids=lambda s: s.name)
def test_every_mistake_of_every_scheme_has_its_words(scheme: Scheme) -> None:
    missing = [m.id for m in scheme.mistakes if not (m.clause and m.fix)]
    assert not missing, f"{scheme.name}: give these mistakes a clause and a fix: {missing}"


@pytest.mark.parametrize("scheme", SCHEMES.values(), ids=lambda s: s.name)
def test_every_scheme_has_its_layout(scheme: Scheme) -> None:
    assert scheme.layout is not None, f"{scheme.name}: declare the sections compare reads"
    for variant in scheme.variant_ids() or ("",):
        readings = scheme.layout("GET\n/x\n\n\n", variant)
        assert readings, f"{scheme.name}/{variant}: the layout reads no sections"


@pytest.mark.parametrize("scheme", SCHEMES.values(), ids=lambda s: s.name)
def test_every_scheme_declares_its_inputs_and_transport(scheme: Scheme) -> None:
    names = [given.name for given in scheme.inputs]
    assert "secret" in names
    assert "secret_encoding" in names, f"{scheme.name}: list declare.SECRET_ENCODING"
    assert len(names) == len(set(names)), f"{scheme.name} declares an input twice"
    assert scheme.transport.signature, f"{scheme.name}: say where the signature travels"
    assert scheme.transport.description


def test_inputs_of_one_name_mean_one_thing_in_every_scheme() -> None:
    """The API has one field per name, validated and defaulted as its first declaration
    says: a second scheme declaring the name with another kind or default would have its
    requests read by the first one's rules (SigV4's `expires` once signed `;expires=3600`
    into RFC 9421 requests). Give such an input its own name."""
    first: dict[str, tuple[str, Input]] = {}
    for scheme in SCHEMES.values():
        for given in scheme.inputs:
            owner, known = first.setdefault(given.name, (scheme.name, given))
            assert (given.kind, given.default, given.choices, given.secret) == (
                known.kind,
                known.default,
                known.choices,
                known.secret,
            ), f"{scheme.name} declares `{given.name}` otherwise than {owner}: rename one"
