"""The page's diff: exact for small changes, bounded for megabyte bodies."""

from __future__ import annotations

import pytest

from app.core.textdiff import BUDGET, segments
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
