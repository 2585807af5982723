"""A character-level diff as segments, for highlighting what changed between two strings.

``SequenceMatcher`` is quadratic, and the strings here can be a megabyte (a body), so the
common prefix and suffix are taken off first (linear), characters are compared only while
the rest is small, lines while the lines are few, and beyond that the changed middle is shown
as one deleted and one inserted block.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

#: The most character (or line) pairs ``SequenceMatcher`` may weigh for one diff.
BUDGET = 250_000


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"op": self.op, "text": self.text}


def _common_prefix(a: str, b: str) -> int:
    limit = min(len(a), len(b))
    index = 0
    while index < limit and a[index] == b[index]:
        index += 1
    return index


def _opcodes(before: list[str] | str, after: list[str] | str) -> list[Segment]:
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    out: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(Segment("equal", "".join(before[i1:i2])))
            continue
        if i2 > i1:
            out.append(Segment("delete", "".join(before[i1:i2])))
        if j2 > j1:
            out.append(Segment("insert", "".join(after[j1:j2])))
    return out


def _middle(before: str, after: str) -> list[Segment]:
    if len(before) * len(after) <= BUDGET:
        return _opcodes(before, after)
    lines_before = before.splitlines(keepends=True)
    lines_after = after.splitlines(keepends=True)
    if len(lines_before) * len(lines_after) <= BUDGET:
        return _opcodes(lines_before, lines_after)
    return [Segment("delete", before), Segment("insert", after)]


def segments(before: str, after: str) -> list[Segment]:
    """The edits that turn ``before`` into ``after``; a replacement is a delete then an insert."""
    head = _common_prefix(before, after)
    tail = _common_prefix(before[head:][::-1], after[head:][::-1])
    middle = _middle(before[head : len(before) - tail], after[head : len(after) - tail])
    pieces = [
        Segment("equal", before[:head]),
        *middle,
        Segment("equal", before[len(before) - tail :]),
    ]
    out: list[Segment] = []
    for piece in pieces:
        if not piece.text:
            continue
        if out and out[-1].op == piece.op:
            out[-1] = Segment(piece.op, out[-1].text + piece.text)
        else:
            out.append(piece)
    return out
