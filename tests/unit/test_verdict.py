"""The server's verdict (``Scheme.verify``) and the one path from key to signature.

Expected signatures are published values or computed here with ``hmac``/``hashlib`` from
strings and keys written out by hand, never read back from Sigscope.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace

import pytest

from app.core.diagnose import diagnose
from app.core.mistakes import common_mistakes
from app.core.recipe import Recipe
from app.core.request import SignRequest
from app.core.schemes import SCHEMES
from app.core.schemes.base import Scheme, secret_key
from app.core.schemes.declare import API_KEY, BODY, METHOD, PATH, SECRET, Location, Transport
from app.core.signing import sign
from app.core.trace import Step

# SCHEMES.md §2: secret `bob-the-builder`, key `1234`, epoch 1700000000.
AXLE_SECRET = "bob-the-builder"
PUBLISHED = "9c6e757352befb2a764cdb619e6e86179de67595"


def axle(epoch: int) -> str:
    return hmac.new(AXLE_SECRET.encode(), f"{epoch}1234".encode(), hashlib.sha1).hexdigest()


def axle_recipe(timestamp: int = 1700000000) -> Recipe:
    return Recipe(SignRequest(api_key="1234", timestamp=timestamp), AXLE_SECRET, "sha1")


def test_apiaxle_accepts_a_second_within_its_window_and_lists_each_it_tried() -> None:
    scheme = SCHEMES["apiaxle"]
    verdict = scheme.verdict(axle_recipe(), PUBLISHED, {"server_time": 1700000002, "window": 3})
    assert verdict.accepted is True
    assert verdict.reason == "It matches epoch 1700000000 (offset -2)."
    entries = verdict.window or ()
    assert [entry.offset for entry in entries] == [0, -1, 1, -2, 2, -3, 3]
    assert [entry.hex for entry in entries] == [axle(entry.epoch) for entry in entries]
    assert [entry.epoch for entry in entries if entry.accepted] == [1700000000]


@pytest.mark.parametrize(
    ("context", "tried"),
    [
        ({"server_time": 1700000004, "window": 3}, [1700000001, 1700000007]),
        ({"server_time": 1700000001, "window": None}, [1700000001, 1700000001]),
        ({"server_time": 1700000004}, [1700000001, 1700000007]),  # absent: the default, 3
    ],
    ids=["outside", "no setting: the exact second only", "default window"],
)
def test_apiaxle_refuses_a_second_outside_its_window(
    context: dict[str, object], tried: list[int]
) -> None:
    verdict = SCHEMES["apiaxle"].verdict(axle_recipe(), PUBLISHED, context)
    assert verdict.accepted is False
    assert verdict.reason.startswith("No second the gateway tries")
    epochs = [entry.epoch for entry in verdict.window or ()]
    assert [min(epochs), max(epochs)] == tried
    assert not any(entry.accepted for entry in verdict.window or ())


def test_apiaxle_compares_strings_so_upper_case_hex_is_refused() -> None:
    verdict = SCHEMES["apiaxle"].verdict(axle_recipe(), PUBLISHED.upper(), {"window": 0})
    assert verdict.accepted is False


def test_sign_answers_the_verdict_window_as_documented() -> None:
    result = sign(SCHEMES["apiaxle"], axle_recipe(), {"server_time": 1700000002, "window": 3})
    assert result.verdict.accepted is True
    answer = result.to_dict()
    assert answer["window_tried"] == 7
    assert answer["window_elided"] == []


# SCHEMES.md §1: `GET`, path "", nothing else, tutorial string "GET\n/\n\n\n".
TUTORIAL_EMPTY = "79cb748bd6902ab9a0fc616b2f6d827de6eafec64e7cd9ee43415cde8eff44c5"


def test_a_scheme_without_verify_compares_the_one_signature() -> None:
    scheme = SCHEMES["actionstreamer"]
    assert scheme.verify is None
    recipe = Recipe(SignRequest(), "as-test-secret-0123456789", "sha256", "tutorial")
    accepted = scheme.verdict(recipe, TUTORIAL_EMPTY)
    assert (accepted.accepted, accepted.window) == (True, None)
    assert scheme.verdict(recipe, TUTORIAL_EMPTY.upper()).accepted is False
    assert scheme.verdict(recipe, "0" * 64).accepted is False
    # ``sign`` goes through the same verdict: no window in the answer.
    result = sign(scheme, recipe)
    assert result.verdict.accepted is True
    assert "window" not in result.to_dict()


# --- a scheme whose key is derived from the secret ----------------------------------------


def derived(secret: str) -> bytes:
    return hmac.new(b"toy" + secret.encode(), b"derived", hashlib.sha256).digest()


def _toy_canonicalize(recipe: Recipe) -> list[Step]:
    request = recipe.request
    text = f"{request.method}\n{request.path}\n{request.body}"
    return [Step("join", "Method, path and body", repr(request.path), text)]


TOY = Scheme(
    name="toy_derived",
    title="Toy (derived key)",
    algorithm="sha256",
    variants=(),
    inputs=(METHOD, PATH, BODY, API_KEY, SECRET),
    transport=Transport("`X-Toy-Sig` header", signature=Location(headers=("x-toy-sig",))),
    canonicalize=_toy_canonicalize,
    mistakes=common_mistakes("lower-case hex"),
    key=lambda recipe: derived(recipe.secret),
)

TOY_SECRET = "toy-secret"
TOY_MESSAGE = b'POST\n/v1/toys\n{"a": 1}'


def toy_recipe() -> Recipe:
    request = SignRequest(method="POST", path="/v1/toys", body='{"a": 1}')
    return Recipe(request, TOY_SECRET, "sha256")


def toy_hex(secret: str) -> str:
    return hmac.new(derived(secret), TOY_MESSAGE, hashlib.sha256).hexdigest()


def test_a_derived_key_signs_through_sign_and_its_trace() -> None:
    result = sign(TOY, toy_recipe())
    assert result.outcome.string_to_sign.encode() == TOY_MESSAGE
    assert result.outcome.signature.hex == toy_hex(TOY_SECRET)
    assert result.outcome.steps[-1].input.endswith("with a 32-byte key")
    assert result.verdict.accepted is True


def test_the_lens_signs_each_mistake_with_the_derived_key() -> None:
    result = sign(TOY, toy_recipe())
    entries = {entry.instance.id: entry for entry in result.mistakes or ()}
    newline = entries["secret_trailing_newline"]
    assert newline.outcome.signature.hex == toy_hex(TOY_SECRET + "\n")
    assert newline.changes_signature is True
    spaces = entries["secret_surrounding_spaces"]
    assert spaces.outcome.signature.hex == toy_hex(f" {TOY_SECRET} ")
    latin1 = entries["message_latin1"]  # an ASCII string: harmless, same derived key
    assert (latin1.outcome.signature.hex, latin1.changes_signature) == (
        toy_hex(TOY_SECRET),
        False,
    )


def test_the_diagnosis_matches_and_names_a_secret_mistake_under_a_derived_key() -> None:
    assert diagnose(TOY, toy_recipe(), toy_hex(TOY_SECRET)).match is True
    found = diagnose(TOY, toy_recipe(), toy_hex(TOY_SECRET + "\n"))
    assert found.match is False
    first = found.explanations[0]
    assert [cause.id for cause in first.causes] == ["secret_trailing_newline"]
    assert first.summary == "Your client signed with the secret plus a trailing newline."
    assert first.outcome.signature.hex == toy_hex(TOY_SECRET + "\n")


def test_the_diagnosis_reads_a_wrong_hash_off_a_derived_key_signature() -> None:
    sha1 = hmac.new(derived(TOY_SECRET), TOY_MESSAGE, hashlib.sha1).hexdigest()
    found = diagnose(TOY, toy_recipe(), sha1)
    assert [cause.id for cause in found.explanations[0].causes] == ["wrong_hash:sha1"]


PREFIXED = replace(
    TOY,
    name="toy_prefixed",
    key=secret_key,
    message=lambda r, t: b"v1:" + t.encode(),
)


def test_a_scheme_of_its_own_message_bytes_signs_and_is_diagnosed_with_them() -> None:
    def expected(secret: str) -> str:
        return hmac.new(secret.encode(), b"v1:" + TOY_MESSAGE, hashlib.sha256).hexdigest()

    assert sign(PREFIXED, toy_recipe()).outcome.signature.hex == expected(TOY_SECRET)
    assert diagnose(PREFIXED, toy_recipe(), expected(TOY_SECRET)).match is True
    found = diagnose(PREFIXED, toy_recipe(), expected(f" {TOY_SECRET} "))
    assert [c.id for c in found.explanations[0].causes] == ["secret_surrounding_spaces"]


def test_each_clock_declares_what_its_time_means_and_the_tolerance() -> None:
    axle_clock, stream_clock = SCHEMES["apiaxle"].clock, SCHEMES["actionstreamer"].clock
    assert axle_clock is not None
    assert stream_clock is not None
    assert (axle_clock.tolerance.seconds, axle_clock.tolerance.most) == (3, 86_400)
    assert stream_clock.tolerance.seconds is None  # not published: no window invented
    assert "epoch" in axle_clock.unit
    assert "X-Timestamp" in stream_clock.unit
