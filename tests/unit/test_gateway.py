"""The ApiAxle gateway's answer: every row of SCHEMES.md §2's error table, its precedence and
decoding rules, and its window, with every expected signature from the Node reference."""

from __future__ import annotations

import pytest

from app.core.errors import InputError
from app.core.schemes.apiaxle.gateway import gateway_answer
from tests.reference import node

SECRET = "bob-the-builder"
NOW = 1700000000
PUBLISHED = "9c6e757352befb2a764cdb619e6e86179de67595"  # secret bob-the-builder, 1234, NOW


@pytest.fixture(scope="module")
def sig() -> dict[str, str]:
    """Signatures from Node's crypto, by message (epoch + key)."""
    messages = [f"{NOW + offset}1234" for offset in range(-4, 5)]
    messages += [f"{NOW}a b+c", f"{NOW}a+b%2Bc", f"{NOW}other", f"{NOW}k1", f"{NOW + 100}1234"]
    messages += [f"{NOW + 7200}1234", f"{NOW - 5}1234"]
    hexes = node.hmac_hex([("sha1", SECRET.encode(), m.encode()) for m in messages])
    return dict(zip(messages, hexes, strict=True))


def envelope(status: int, error_type: str, message: str) -> dict[str, object]:
    return {
        "meta": {"version": 1, "status_code": status},
        "results": {"error": {"type": error_type, "message": message}},
    }


# Every error row of SCHEMES.md §2: (id, query, key_status, status, type, message).
ERROR_ROWS = [
    ("no key", "?api_sig=abc", "valid", 403, "KeyError", "No api_key specified."),
    (
        "empty key params fall through to nothing",
        "?apiaxle_key=&api_key=&key=&api_sig=abc",
        "valid",
        403,
        "KeyError",
        "No api_key specified.",
    ),
    ("repeated key", "?api_key=1234&api_key=1234", "valid", 400, "Error", "Api key is malformed."),
    (
        "repeated key, even empty: an array is truthy",
        "?api_key=&api_key=",
        "valid",
        400,
        "Error",
        "Api key is malformed.",
    ),
    (
        "unknown key",
        "?api_key=1234",
        "unknown",
        403,
        "KeyError",
        "'1234' is not a valid key.",
    ),
    (
        "unknown key is named decoded",
        "?key=a+b%2Bc",
        "unknown",
        403,
        "KeyError",
        "'a b+c' is not a valid key.",
    ),
    (
        "disabled key",
        "?api_key=1234&api_sig=" + PUBLISHED,
        "disabled",
        401,
        "KeyDisabled",
        "This API key has been disabled.",
    ),
    (
        "secret set, no signature",
        "?api_key=1234",
        "valid",
        403,
        "KeyError",
        "A signature is required for this API.",
    ),
    (
        "secret set, signatures empty",
        "?api_key=1234&apiaxle_sig=&api_sig=",
        "valid",
        403,
        "KeyError",
        "A signature is required for this API.",
    ),
    (
        "wrong signature",
        "?api_key=1234&api_sig=deadbeef",
        "valid",
        403,
        "KeyError",
        "Invalid signature (got deadbeef).",
    ),
    (
        "repeated signature reads as an array",
        "?api_key=1234&api_sig=a&api_sig=b",
        "valid",
        403,
        "KeyError",
        "Invalid signature (got a,b).",
    ),
]


@pytest.mark.parametrize(
    ("query", "key_status", "status", "error_type", "message"),
    [row[1:] for row in ERROR_ROWS],
    ids=[row[0] for row in ERROR_ROWS],
)
def test_every_error_row_is_reproduced(
    query: str, key_status: str, status: int, error_type: str, message: str
) -> None:
    answer = gateway_answer(
        f"https://facebook.api.example.com/v1/x{query}", SECRET, NOW, 3, key_status
    )
    assert (answer.status, answer.type, answer.message) == (status, error_type, message)
    assert answer.body == envelope(status, error_type, message)
    assert answer.explanation  # always says why


def test_out_of_window_signature_is_invalid(sig: dict[str, str]) -> None:
    late = sig[f"{NOW - 4}1234"]
    answer = gateway_answer(f"/?api_key=1234&api_sig={late}", SECRET, NOW)
    assert answer.status == 403
    assert answer.message == f"Invalid signature (got {late})."
    assert [entry.offset for entry in answer.window or ()] == [0, -1, 1, -2, 2, -3, 3]
    assert not any(entry.accepted for entry in answer.window or ())
    assert any("4 s behind the gateway's" in line for line in answer.explanation)


@pytest.mark.parametrize("offset", [0, -1, 1, -2, 2, -3, 3])
def test_signature_within_the_window_is_accepted(sig: dict[str, str], offset: int) -> None:
    signed = sig[f"{NOW + offset}1234"]
    answer = gateway_answer(f"/?api_key=1234&api_sig={signed}", SECRET, NOW)
    assert (answer.status, answer.type, answer.message, answer.body) == (200, None, None, None)
    accepted = [entry for entry in answer.window or () if entry.accepted]
    assert [(entry.epoch, entry.offset) for entry in accepted] == [(NOW + offset, offset)]
    assert accepted[0].hex == signed


def test_published_check_value_is_accepted() -> None:
    answer = gateway_answer(f"/v1?api_key=1234&api_sig={PUBLISHED}", SECRET, NOW)
    assert answer.outcome == "accepted"


@pytest.mark.parametrize(
    ("window", "offset", "status"),
    [(None, 0, 200), (None, 1, 403), (0, 1, 200), (0, -1, 200), (0, 2, 403), (1, -1, 200)],
)
def test_window_setting_quirks(
    sig: dict[str, str], window: int | None, offset: int, status: int
) -> None:
    signed = sig[f"{NOW + offset}1234"]
    assert gateway_answer(f"/?api_key=1234&api_sig={signed}", SECRET, NOW, window).status == status


def test_key_precedence_apiaxle_key_then_api_key_then_key(sig: dict[str, str]) -> None:
    url = f"/?key=k1&api_key=other&apiaxle_key=1234&api_sig={sig[f'{NOW}1234']}"
    assert gateway_answer(url, SECRET, NOW).status == 200
    url = f"/?key=k1&api_key=other&api_sig={sig[f'{NOW}other']}"
    assert gateway_answer(url, SECRET, NOW).status == 200
    url = f"/?key=k1&api_key=&apiaxle_key=&api_sig={sig[f'{NOW}k1']}"
    answer = gateway_answer(url, SECRET, NOW)
    assert answer.status == 200
    assert answer.api_key == "k1"
    assert "`apiaxle_key` is empty" in answer.explanation[0]


def test_signature_precedence_and_empty_apiaxle_sig_falls_through(sig: dict[str, str]) -> None:
    good = sig[f"{NOW}1234"]
    assert gateway_answer(f"/?api_key=1234&apiaxle_sig={good}&api_sig=x", SECRET, NOW).status == 200
    wrong_first = gateway_answer(f"/?api_key=1234&apiaxle_sig=x&api_sig={good}", SECRET, NOW)
    assert wrong_first.message == "Invalid signature (got x)."
    fell = gateway_answer(f"/?api_key=1234&apiaxle_sig=&api_sig={good}", SECRET, NOW)
    assert fell.status == 200
    assert "`apiaxle_sig` is empty" in fell.explanation[1]


def test_the_decoded_key_is_what_is_signed(sig: dict[str, str]) -> None:
    decoded = gateway_answer(f"/?api_key=a+b%2Bc&api_sig={sig[f'{NOW}a b+c']}", SECRET, NOW)
    assert decoded.status == 200
    assert decoded.api_key == "a b+c"
    assert "written `a+b%2Bc`, form-decoded to `a b+c`" in decoded.explanation[0]
    as_written = gateway_answer(f"/?api_key=a+b%2Bc&api_sig={sig[f'{NOW}a+b%2Bc']}", SECRET, NOW)
    assert as_written.status == 403
    assert any("key as written in the URL (`a+b%2Bc`)" in line for line in as_written.explanation)


def test_upper_case_hex_is_refused_and_explained() -> None:
    answer = gateway_answer(f"/?api_key=1234&api_sig={PUBLISHED.upper()}", SECRET, NOW)
    assert answer.message == f"Invalid signature (got {PUBLISHED.upper()})."
    assert any("matches once lower-cased" in line for line in answer.explanation)


@pytest.mark.parametrize(
    ("offset", "words"),
    [(100, "100 s ahead of the gateway's"), (7200, "about 2 h: a timezone offset")],
)
def test_clock_skew_is_explained(sig: dict[str, str], offset: int, words: str) -> None:
    answer = gateway_answer(f"/?api_key=1234&api_sig={sig[f'{NOW + offset}1234']}", SECRET, NOW)
    assert answer.status == 403
    assert any(words in line for line in answer.explanation)


def test_a_key_without_a_secret_is_never_checked() -> None:
    answer = gateway_answer("/?api_key=1234&api_sig=nonsense", "", NOW)
    assert (answer.status, answer.window) == (200, None)
    assert "no shared secret" in answer.explanation[-1]


def test_the_secret_is_never_in_the_answer(sig: dict[str, str]) -> None:
    for url in (f"/?api_key=1234&api_sig={sig[f'{NOW}1234']}", "/?api_key=1234&api_sig=x"):
        assert SECRET not in repr(gateway_answer(url, SECRET, NOW).to_dict())


def test_unknown_key_status_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        gateway_answer("/?api_key=1", SECRET, NOW, key_status="expired")
    assert caught.value.field == "key_status"
