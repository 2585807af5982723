"""Reading a string as a log printed it: one pair of quotes taken off, escapes read by the
rules of the language that wrote them; and the HMAC of such a string, against Node's."""

from __future__ import annotations

import pytest

from app.core.compare import actual_signature
from app.core.errors import InputError
from app.core.inputs import parse_sign_input
from app.core.logged import read_escapes
from app.core.schemes import SCHEMES
from tests.reference import node

STRING = 'GET\n/v1/x\nX-A: a\tb\n{"k": "é"}\n'


@pytest.mark.parametrize(
    ("printed", "words"),
    [
        # What JSON.stringify prints, written out by hand.
        ('"GET\\n/v1/x\\nX-A: a\\tb\\n{\\"k\\": \\"é\\"}\\n"', "a JSON string"),
        # Python's own repr, of the str and of its UTF-8 bytes.
        (repr(STRING), "Python's `repr` of a `str`"),
        (repr(STRING.encode()), "`repr` of `bytes`"),
    ],
)
def test_quoted_log_lines_are_read_whole(printed: str, words: str) -> None:
    found = read_escapes(printed, "Actual", "compare_actual")
    assert found.text == STRING
    assert found.note is not None
    assert found.note.startswith("Actual: read as ")
    assert words in found.note


def test_python_single_quotes_and_escapes_json_cannot_read() -> None:
    text = "a\x00b\n'c'"
    printed = repr(text.replace("'", "")) + "\n"  # a log line ends in a newline
    assert printed.startswith("'")
    found = read_escapes(printed, "Actual", "f")
    assert found.text == "a\x00b\nc"
    assert found.note is not None
    assert "`'…'`" in found.note


def test_a_json_surrogate_pair_is_one_character() -> None:
    assert read_escapes('"\\ud83d\\ude00"', "Actual", "f").text == "😀"


def test_repr_of_a_str_with_a_quote_in_it() -> None:
    text = "GET\n/it's\x01\n"
    printed = repr(text)
    assert printed.startswith('"')  # repr picked double quotes; JSON cannot read `\x01`
    found = read_escapes(printed, "Actual", "f")
    assert found.text == text
    assert found.note is not None
    assert "a Python string literal" in found.note


@pytest.mark.parametrize(
    ("printed", "text", "noted"),
    [
        ("GET\\n/x", "GET\n/x", False),  # no quotes: escapes only, nothing noted
        ('"abc', '"abc', False),  # one quote is no pair
        ('"a"b"', 'a"b', True),  # a pair that is no literal: the quotes go, the rest stays
        ('""', "", True),
        # Looks like code: never run (ast reads literals only), read as text.
        ("'a' + __import__('os').name + 'b'", "a' + __import__('os').name + 'b", True),
    ],
)
def test_other_pastes(printed: str, text: str, noted: bool) -> None:
    found = read_escapes(printed, "Expected", "f")
    assert found.text == text
    assert (found.note is not None) == noted


@pytest.mark.parametrize(
    ("printed", "words"),
    [("b'\\xff'", "not UTF-8"), ("GET\\x4", "incomplete")],
)
def test_unreadable_pastes_name_their_field(printed: str, words: str) -> None:
    with pytest.raises(InputError) as raised:
        read_escapes(printed, "Actual", "compare_actual")
    assert raised.value.field == "compare_actual"
    assert words in raised.value.message


# --- the HMAC of the actual string --------------------------------------------------------

SECRET = "as-test-secret-0123456789"


def test_the_actual_string_signed_as_the_form_signs_and_checked_against_the_signature() -> None:
    given = parse_sign_input({"scheme": "actionstreamer", "secret": SECRET, "method": "GET"})
    [hex_value] = node.hmac_hex([("sha256", SECRET.encode(), STRING.encode())])
    scheme = SCHEMES["actionstreamer"]
    found = actual_signature(scheme, given.recipe, STRING, f"sha256={hex_value.upper()}")
    assert found.sent == hex_value
    assert found.matches is True
    assert actual_signature(scheme, given.recipe, STRING + " ", hex_value).matches is False
    assert actual_signature(scheme, given.recipe, STRING, "").matches is None
    assert actual_signature(scheme, given.recipe, STRING, "not a signature").matches is None


def test_the_actual_string_of_a_sha1_scheme() -> None:
    payload = {"scheme": "apiaxle", "secret": "bob-the-builder", "timestamp": 1, "api_key": "k"}
    given = parse_sign_input(payload)
    # SCHEMES.md's check value: epoch 1700000000, key 1234.
    found = actual_signature(SCHEMES["apiaxle"], given.recipe, "17000000001234", "")
    assert found.sent == "9c6e757352befb2a764cdb619e6e86179de67595"
