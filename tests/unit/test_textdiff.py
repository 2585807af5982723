"""The page's segments and the API's edits: exact for small changes, bounded for huge ones."""

from __future__ import annotations

from itertools import pairwise

import pytest

from app.core.textdiff import (
    BUDGET,
    MERGE_GAP,
    Edit,
    apply_edits,
    common_prefix_length,
    common_suffix_length,
    edits,
    segments,
)
from app.web.render import diff

BODY = "".join(f'  {{"id": {i}, "name": "item-{i}"}},\n' for i in range(3000))


def rebuilt(before: str, after: str) -> tuple[str, str]:
    parts = segments(before, after)
    return (
        "".join(p.text for p in parts if p.op != "insert"),
        "".join(p.text for p in parts if p.op != "delete"),
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("GET\n/a/", "GET\n/a"),
        ("", "x"),
        ("same", "same"),
        (BODY, BODY + "\n"),
        (BODY, BODY.replace("\n", "\r\n")),
        (BODY, BODY.replace("item-1500", "item-X")),
        (BODY, BODY[::-1]),
    ],
    ids=["slash", "empty", "equal", "newline", "crlf", "one-change", "reversed"],
)
def test_segments_rebuild_both_strings(before: str, after: str) -> None:
    assert rebuilt(before, after) == (before, after)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("GET\n/a/", "GET\n/a"),
        ("", "x"),
        ("x", ""),
        ("same", "same"),
        ("aaaa", "aaaaaa"),
        (BODY, BODY + "\n"),
        (BODY, BODY.replace("\n", "\r\n")),
        (BODY, BODY.replace("item-1500", "item-X")),
        (BODY, BODY[::-1]),
        ("é😀\u0301x", "é😀x\u0301"),
    ],
    ids=[
        "slash",
        "insert-all",
        "delete-all",
        "equal",
        "repeats",
        "newline",
        "crlf",
        "one-change",
        "reversed",
        "astral",
    ],
)
def test_edits_rebuild_the_second_string_from_the_first(before: str, after: str) -> None:
    patch = edits(before, after)
    assert apply_edits(before, patch) == after
    assert (patch == []) is (before == after)
    for first, second in pairwise(patch):
        assert first.at + first.delete + MERGE_GAP <= second.at, "ordered, apart"


def test_edits_are_offsets_into_the_first_string() -> None:
    assert edits("GET\n/users\n\n", "GET\n/users/\n\n") == [Edit(10, 0, "/")]
    assert edits("a\nb", "a\r\nb") == [Edit(1, 0, "\r")]
    assert edits("x😀y", "x😀zy") == [Edit(2, 0, "z")]  # code points, not UTF-16 or bytes
    # Close changes make one edit: two edits would cost more than the text between them.
    assert edits("a,b,c", "a, b, c") == [Edit(2, 2, " b, ")]


def test_a_small_change_in_a_large_body_is_one_small_edit() -> None:
    patch = edits(BODY, BODY.replace('"item-1500"', '"item-X"'))
    at = BODY.index("item-1500") + len("item-")
    assert patch == [Edit(at, 4, "X")]


def test_a_change_everywhere_in_a_large_body_is_one_edit_not_a_slow_search() -> None:
    joined = BODY.replace("},\n", "}, ")  # one line: no line pairs up with another
    # Past the budget by characters and by lines: the middle is replaced whole.
    assert edits(BODY, joined, budget=1_000) == [Edit(30, len(BODY) - 30, joined[30:])]


def test_a_change_on_every_line_is_an_edit_per_line() -> None:
    headers = "".join(f"X-Header-{n}: {'v' * 40}\n" for n in range(100))
    lowered = headers.replace("X-Header-", "x-header-")
    patch = edits(headers, lowered, budget=1_000)
    assert apply_edits(headers, patch) == lowered
    line = len(headers) // 100 + 1
    assert patch[:2] == [Edit(0, 3, "x-h"), Edit(headers.index("X-Header-1:"), 3, "x-h")]
    assert len(patch) == 100
    assert line > MERGE_GAP


@pytest.mark.parametrize(
    ("first", "second", "prefix", "suffix"),
    [
        ("", "", 0, 0),
        ("abc", "abc", 3, 3),
        ("abc", "abd", 2, 0),
        ("xbc", "abc", 0, 2),
        ("a" * 5000 + "b", "a" * 5000 + "c", 5000, 0),
        ("b" + "a" * 5000, "c" + "a" * 5000, 0, 5000),
        ("a" * 100, "a" * 70, 70, 70),
    ],
)
def test_common_prefix_and_suffix(first: str, second: str, prefix: int, suffix: int) -> None:
    assert common_prefix_length(first, second) == prefix
    assert common_suffix_length(first, second) == suffix


def test_a_small_change_in_a_large_body_is_found_exactly() -> None:
    parts = segments(BODY, BODY.replace('"item-1500"', '"item-X"'))
    changed = [(p.op, p.text) for p in parts if p.op != "equal"]
    assert changed == [("delete", "1500"), ("insert", "X")]


def test_large_unrelated_middles_fall_back_to_lines_or_one_block() -> None:
    lines_before = [f"a{i}\n" for i in range(1000)]
    lines_after = [f"b{i}\n" for i in range(1000)]
    assert len(lines_before) * len(lines_after) > BUDGET
    parts = segments("".join(lines_before), "".join(lines_after))
    # One block each way, besides the common suffix ("999\n").
    assert [p.op for p in parts if p.op != "equal"] == ["delete", "insert"]


def test_page_diff_elides_long_unchanged_runs() -> None:
    html = str(diff(BODY, BODY.replace('"item-1500"', '"item-X"')))
    assert "unchanged characters" in html
    assert "<del>1500</del><ins>X</ins>" in html
    assert len(html) < 5_000
