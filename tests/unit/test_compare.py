"""Comparing two strings to sign: the first difference (offset, line, column, section), each
whole-string finding, and a diff that rebuilds both strings."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from itertools import pairwise

import pytest

from app.core.compare import FINDINGS, Comparison, compare, diff
from app.core.schemes import SCHEMES
from app.core.schemes import layout as layout_module
from app.core.schemes.layout import Reading
from app.core.textdiff import Segment


def rebuilt(segments: tuple[Segment, ...]) -> tuple[str, str]:
    """(expected, actual) as the segments spell them."""
    expected = "".join(s.text for s in segments if s.op in ("equal", "delete"))
    actual = "".join(s.text for s in segments if s.op in ("equal", "insert"))
    return expected, actual


def test_equal_strings() -> None:
    result = compare("GET\n/\n\n\n", "GET\n/\n\n\n", "actionstreamer", "tutorial")
    assert result.to_dict() == {
        "equal": True,
        "first_difference": None,
        "findings": [],
        "diff": [{"op": "equal", "text": "GET\n/\n\n\n"}],
        "notes": [],
    }


def test_first_difference_counts_bytes_characters_lines_and_columns() -> None:
    # "é" is one character and two UTF-8 bytes; "€" three bytes.
    result = compare("line one\nvalé€ 10\n", "line one\nvalé€ 11\n")
    first = result.first_difference
    assert first is not None
    assert (first.char_index, first.offset, first.line, first.column) == (16, 19, 2, 8)
    assert first.sections == ()
    assert first.section is None


def test_a_difference_at_the_very_end() -> None:
    first = compare("abc", "abcd").first_difference
    assert first is not None
    assert (first.char_index, first.offset, first.line, first.column) == (3, 3, 1, 4)


# --- the section of the first difference -------------------------------------------------

TUTORIAL = 'POST\n/v1/p\nContent-Type: x\nX-Nonce: n\nalpha: a\nlimit: 10\n{"a": 1}'


@pytest.mark.parametrize(
    ("actual", "sections"),
    [
        (TUTORIAL.replace("POST", "post"), ("method",)),
        (TUTORIAL.replace("/v1/p", "/v1/p/"), ("path",)),
        (TUTORIAL.replace("Content-Type: x", "Content-Type: y"), ("headers",)),
        # headers and params both sort upper-case first: the string cannot tell where the
        # headers end, so a middle line may be either
        (TUTORIAL.replace("X-Nonce: n", "X-Nonce: m"), ("headers", "params")),
        (TUTORIAL.replace("alpha: a", "alpha: b"), ("headers", "params")),
        (TUTORIAL.replace("limit: 10", "limit: 11"), ("params",)),
        (TUTORIAL.replace('{"a": 1}', '{"a":1}'), ("body",)),
        (TUTORIAL + "\n", ("body",)),
    ],
)
def test_tutorial_sections(actual: str, sections: tuple[str, ...]) -> None:
    first = compare(TUTORIAL, actual, "actionstreamer", "tutorial").first_difference
    assert first is not None
    assert first.sections == sections
    assert first.section == (sections[0] if len(sections) == 1 else None)


def test_tutorial_sort_order_and_empty_sections_decide_the_split() -> None:
    # `a-h` sorts after `Z`: the headers must end there.
    sorted_break = "GET\n/\na-h: 1\nZ: 2\n"
    first = compare(sorted_break, sorted_break.replace("Z: 2", "Z: 3"), "actionstreamer")
    assert first.first_difference is not None
    assert first.first_difference.sections == ("params",)
    # no headers, no params: each leaves an empty line
    empty = "GET\n/\n\n\n"
    for actual, section in (("GET\n/\nA: 1\n\n", "headers"), ("GET\n/\n\nx: 1\n", "params")):
        found = compare(empty, actual, "actionstreamer", "tutorial").first_difference
        assert found is not None
        assert found.section == section, actual
    # the published example: empty headers, three params, empty body
    published = "GET\n/users\n\nZeta: z\nalpha: a\nlimit: 10\n"
    found = compare(published, published.replace("Zeta: z", "Zeta: Z"), "actionstreamer")
    assert found.first_difference is not None
    assert found.first_difference.section == "params"


SDK = "POST\n/v1/p\nAccept: x\nX-Nonce: n\n\nalpha: a\n\n{}"


@pytest.mark.parametrize(
    ("actual", "section"),
    [
        (SDK.replace("POST", "PUT"), "method"),
        (SDK.replace("/v1/p", "/v2/p"), "path"),
        (SDK.replace("X-Nonce: n", "X-Nonce: m"), "headers"),
        (SDK.replace("alpha: a", "alpha: b"), "params"),
        (SDK.replace("{}", "{ }"), "body"),
    ],
)
def test_sdk_sections(actual: str, section: str) -> None:
    first = compare(SDK, actual, "actionstreamer", "sdk").first_difference
    assert first is not None
    assert first.section == section


def test_sdk_strip_removes_trailing_sections() -> None:
    # "GET\n/" is the whole SDK string for a bare GET: only method and path remain.
    first = compare("GET\n/", "GET\n/x", "actionstreamer", "sdk").first_difference
    assert first is not None
    assert first.section == "path"


@pytest.mark.parametrize(
    ("actual", "section"),
    [
        ("17000000011234", "epoch"),
        ("1700000000123", "api_key"),
        ("17000000001235", "api_key"),
        ("1700000000000" + "1234", "api_key"),  # milliseconds: differs right after 10 digits
    ],
)
def test_apiaxle_sections(actual: str, section: str) -> None:
    first = compare("17000000001234", actual, "apiaxle").first_difference
    assert first is not None
    assert first.section == section


def test_unknown_layout_is_refused() -> None:
    with pytest.raises(ValueError, match="no layout"):
        compare("a", "b", "actionstreamer", "v3")


def test_a_scheme_without_a_layout_reads_as_one_section(monkeypatch: pytest.MonkeyPatch) -> None:
    bare = replace(SCHEMES["apiaxle"], name="bare", layout=None)
    monkeypatch.setitem(SCHEMES, "bare", bare)
    first = compare("one\ntwo", "one\ntwo!", "bare").first_difference
    assert first is not None
    assert first.sections == ("string_to_sign",)
    assert (first.line, first.column) == (2, 4)


def test_the_layout_is_the_schemes_own(monkeypatch: pytest.MonkeyPatch) -> None:
    def halves(text: str, variant: str) -> list[Reading]:
        middle = len(text) // 2
        return [(("front", 0, middle), ("back", middle, len(text) + 1))]

    monkeypatch.setitem(SCHEMES, "halves", replace(SCHEMES["apiaxle"], layout=halves))
    first = compare("abcdef", "abcxef", "halves").first_difference
    assert first is not None
    assert first.sections == ("back",)


# --- whole-string findings ---------------------------------------------------------------

FINDING_CASES = [
    (
        "line_endings",
        "GET\n/p\n\n\n",
        "GET\r\n/p\r\n\r\n\r\n",
        "expected uses LF, actual uses CRLF",
    ),
    ("line_endings", "a\r\nb\r\nc", "a\r\nb\nc", "actual uses mixed CRLF and LF"),
    ("trailing_newline", '{"a": 1}\n', '{"a": 1}', "expected string ends with a newline"),
    ("unicode_normalization", "café", "cafe\u0301", "expected is NFC, actual is NFD"),
    ("json_unicode_escapes", '{"n": "é"}', '{"n": "\\u00e9"}', "actual string writes `é` as"),
    ("json_unicode_escapes", '{"e": "\\ud83d\\ude00"}', '{"e": "😀"}', "writes `😀` as"),
    ("json_slash_escapes", '{"u": "a\\/b"}', '{"u": "a/b"}', "writes `/` as `\\/` (1 times"),
    ("leading_whitespace", "  GET\n/", "GET\n/", "expected has `  `, actual has nothing"),
    ("trailing_whitespace", "v: 1 \n", "v: 1\n", "expected has ` `, actual has nothing"),
    ("tabs_vs_spaces", '{\n\t"a": 1\n}', '{\n    "a": 1\n}', "expected string has `\\t`"),
    ("letter_case", "GET\n/p", "get\n/p", "differ only in letter case"),
    (
        "json_formatting",
        'POST\n/p\n\n\n{"a":1,"b":[true,null]}',
        'POST\n/p\n\n\n{"a": 1, "b": [true, null]}',
        "written as `JSON.stringify(body)` writes it, the actual one as Python's default",
    ),
    (
        "json_formatting",
        '{"a":1,"b":2}',
        '{\n  "b": 2,\n  "a": 1\n}',
        "the actual one as `JSON.stringify(body, null, 2)` writes it, with the keys in another",
    ),
]


@pytest.mark.parametrize(
    ("finding", "expected", "actual", "words"),
    FINDING_CASES,
    ids=[f"{case[0]}-{index}" for index, case in enumerate(FINDING_CASES)],
)
def test_each_whole_string_difference_is_recognised(
    finding: str, expected: str, actual: str, words: str
) -> None:
    found = {item.id: item.message for item in compare(expected, actual).findings}
    assert finding in found
    assert words in found[finding]


def test_every_finding_has_a_case() -> None:
    assert {finding for finding, _ in FINDINGS} == {case[0] for case in FINDING_CASES}


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        ("GET\n/a\n", "GET\n/b\n"),  # same endings, same newline at the end
        ("abc", "é"),  # nothing to normalize on one side
        ("a\nb", "ab"),  # one side has no line endings at all
        ('{"a": "\\u00e9"}', '{"a": "\\u00e8"}'),  # escaped on both sides
        ("x\n", "x\r\n"),  # CRLF vs LF, not a missing trailing newline
        ('P\n{"a": 1}', 'P\n{"a": 2}'),  # JSON bodies with different values
        ('P\n{"a": 1}', 'P\n{"a": 1.0}'),  # numbers are compared as written
    ],
)
def test_findings_do_not_fire_on_ordinary_differences(expected: str, actual: str) -> None:
    ids = {item.id for item in compare(expected, actual).findings}
    assert ids <= {"line_endings"}
    assert ("line_endings" in ids) == (actual == "x\r\n")


def test_several_findings_at_once() -> None:
    result: Comparison = compare("a\nb", "a\r\nb\r\n")
    assert [item.id for item in result.findings] == ["line_endings", "trailing_newline"]


# --- the diff ----------------------------------------------------------------------------

PAIRS = [
    ("", ""),
    ("", "abc"),
    ("abc", ""),
    ("GET\n/users\n\nZeta: z\n", "GET\n/users/\n\nzeta: z\n"),
    ("café\tx", "cafe\u0301    x"),
    ("same start and end", "same middle start and end"),
]


@pytest.mark.parametrize(("expected", "actual"), PAIRS)
def test_the_diff_rebuilds_both_strings(expected: str, actual: str) -> None:
    segments = compare(expected, actual).diff
    assert rebuilt(segments) == (expected, actual)
    assert all(segment.text for segment in segments)
    assert all(a.op != b.op for a, b in pairwise(segments))


def test_the_diff_is_character_level() -> None:
    assert [s.to_dict() for s in compare("limit: 10", "limit: 11").diff] == [
        {"op": "equal", "text": "limit: 1"},
        {"op": "delete", "text": "0"},
        {"op": "insert", "text": "1"},
    ]


def test_past_its_budget_the_diff_goes_line_by_line_and_still_rebuilds() -> None:
    lines = [f"line {n}: value {n * 7}\n" for n in range(400)]
    changed = [*lines]
    changed[10] = "line 10: changed\n"
    changed[300] = "line 300: value 2100 \n"
    expected, actual = "".join(lines), "".join(changed)
    coarse = diff(expected, actual, budget=100)
    assert rebuilt(coarse) == (expected, actual)
    # The common prefix and suffix are trimmed first; the 9 x 8 pairs left of line 10 fit the
    # budget and are diffed by character, the 20 x 21 of line 300 do not: shown whole.
    assert [(s.op, s.text) for s in coarse if s.op != "equal"] == [
        ("delete", "v"),
        ("insert", "ch"),
        ("delete", "lu"),
        ("insert", "ng"),
        ("delete", " 70"),
        ("insert", "d"),
        ("delete", "line 300: value 2100"),
        ("insert", "line 300: value 2100 "),
    ]
    fine = diff(expected, actual)
    assert rebuilt(fine) == (expected, actual)
    assert [(s.op, s.text) for s in fine if s.op != "equal"][-1] == ("insert", " ")


def test_long_strings_with_crlf_everywhere_stay_exact_where_it_matters() -> None:
    expected = "".join(f"header-{n}: {n}\n" for n in range(20_000))
    actual = expected.replace("\n", "\r\n")
    result = compare(expected, actual)
    assert rebuilt(result.diff) == (expected, actual)
    assert [item.id for item in result.findings] == ["line_endings"]
    assert result.first_difference is not None
    assert (result.first_difference.line, result.first_difference.column) == (1, 12)


def test_many_name_value_lines_are_read_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """16,000 `name: value` lines before a body: each line could end the headers, and every
    such reading used to be laid out by another pass over the whole string (33 s)."""
    lines = "\n".join(f"x-h{n:05d}: v" for n in range(16_000))
    expected = f"GET\n/x\n{lines}\nbody"
    actual = expected.replace("x-h08000: v", "x-h08000: w")
    passes = []
    real = layout_module.line_offsets
    monkeypatch.setattr(layout_module, "line_offsets", lambda text: passes.append(1) or real(text))
    started = time.perf_counter()
    result = compare(expected, actual, "actionstreamer")
    # A tenth of a second here; the quadratic readings took about 30 s. The cap is generous.
    assert time.perf_counter() - started < 10
    assert len(passes) == 1
    assert result.first_difference is not None
    assert result.first_difference.line == 8003
    # Any split of the pair lines leaves a body, so the line is a header or a param.
    assert result.first_difference.sections == ("headers", "params")


def test_a_megabyte_json_body_in_another_formatting_is_recognised_in_linear_time() -> None:
    value = [{"id": n, "name": f"item-{n}", "tags": ["a", "b"]} for n in range(12_000)]
    expected = "POST\n/x\n\n\n" + json.dumps(value, separators=(",", ":"))
    actual = "POST\n/x\n\n\n" + json.dumps(value, indent=2)
    assert len(actual) > 1_000_000
    started = time.perf_counter()
    found = {item.id: item.message for item in compare(expected, actual).findings}
    # About a second on a loaded machine; the cap is generous.
    assert time.perf_counter() - started < 30
    assert "the actual one as `JSON.stringify(body, null, 2)`" in found["json_formatting"]
