"""A character-level diff as segments, for highlighting what changed between two strings.

``SequenceMatcher`` is quadratic, and the strings here can be a megabyte (a body), so the
common prefix and suffix are taken off first (linear) and the rest is compared within a
budget of character pairs: by character while it lasts, else line by line, comparing the
characters of a changed block of lines only while the budget allows, else showing it whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

#: Character pairs one diff may weigh by default (the page's diffs: fast enough to type).
BUDGET = 250_000


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"op": self.op, "text": self.text}


def common_prefix_length(first: str, second: str) -> int:
    """How many leading characters the strings share: a binary search over slice equality,
    so the comparisons run at C speed even on long strings."""
    low, high = 0, min(len(first), len(second))
    while low < high:
        middle = (low + high + 1) // 2
        if first[:middle] == second[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _characters(before: str, after: str) -> list[Segment]:
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    out: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(Segment("equal", before[i1:i2]))
            continue
        if i2 > i1:
            out.append(Segment("delete", before[i1:i2]))
        if j2 > j1:
            out.append(Segment("insert", after[j1:j2]))
    return out


class _Budget:
    """Character pairs the character-level matcher may still compare."""

    def __init__(self, cells: int) -> None:
        self.cells = cells

    def spend(self, first: str, second: str) -> bool:
        cost = len(first) * len(second)
        if cost > self.cells:
            return False
        self.cells -= cost
        return True


def _blocks(before: str, after: str, budget: _Budget) -> list[Segment]:
    """Character-level segments; line by line first when the strings are too long for that.

    The line-level matcher lets popular lines be junk (``autojunk``): without it, a string of
    many identical lines makes it quadratic in the number of lines.
    """
    if budget.spend(before, after):
        return _characters(before, after)
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    out = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new).get_opcodes():
        first, second = "".join(old[i1:i2]), "".join(new[j1:j2])
        if tag == "equal":
            out.append(Segment("equal", first))
        elif tag == "replace" and budget.spend(first, second):
            out += _characters(first, second)
        else:
            out += [Segment("delete", first), Segment("insert", second)]
    return out


def segments(before: str, after: str, budget: int = BUDGET) -> list[Segment]:
    """The edits that turn ``before`` into ``after`` (a replacement is a delete, then an
    insert). ``equal`` + ``delete`` rebuild ``before``; ``equal`` + ``insert`` rebuild ``after``."""
    head = common_prefix_length(before, after)
    rest_before, rest_after = before[head:], after[head:]
    tail = common_prefix_length(rest_before[::-1], rest_after[::-1])
    pieces = [
        Segment("equal", before[:head]),
        *_blocks(
            rest_before[: len(rest_before) - tail],
            rest_after[: len(rest_after) - tail],
            _Budget(budget),
        ),
        Segment("equal", rest_before[len(rest_before) - tail :]),
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
