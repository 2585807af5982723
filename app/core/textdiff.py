"""A character-level diff as segments, for highlighting what changed between two strings.

``SequenceMatcher`` is quadratic, and the strings here can be a megabyte (a body), so the
common prefix and suffix are taken off first (linear) and the rest is compared within a
budget of character pairs: by character while it lasts, else line by line, comparing the
characters of a changed block of lines only while the budget allows, else showing it whole.

``edits`` turns the same segments into a compact patch against the first string, for answers
that must not repeat a long string to say what changed in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

#: Character pairs one diff may weigh by default (the page's diffs: fast enough to type).
BUDGET = 250_000

#: Edits closer than this many unchanged characters are merged into one: a separate edit
#: costs about this much in JSON, so merging never makes a patch longer than needed.
MERGE_GAP = 32

#: Changes that fit in this many characters are one edit: diffing them finer costs more
#: time than it saves bytes.
WHOLE_EDIT = 256


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"op": self.op, "text": self.text}


@dataclass(frozen=True)
class Edit:
    """Replace ``delete`` characters of the original string, starting at ``at``, by ``insert``.

    Offsets count code points (Python ``str`` indices) of the *original* string, so a patch's
    edits never shift one another: apply them in order, copying what lies between.
    """

    at: int
    delete: int
    insert: str

    def to_dict(self) -> dict[str, object]:
        return {"at": self.at, "delete": self.delete, "insert": self.insert}


def common_prefix_length(first: str, second: str) -> int:
    """How many leading characters the strings share.

    Slices of doubling size are compared (at C speed) until one differs, then a binary
    search inside it: the work is linear in the shared prefix, not in the strings.
    """
    most = min(len(first), len(second))
    low, size = 0, 64
    while low < most:
        high = min(low + size, most)
        if first[low:high] != second[low:high]:
            break
        low, size = high, size * 2
    else:
        return most
    while low < high:  # the first ``low`` agree; a character before ``high`` differs
        middle = (low + high) // 2
        if first[low : middle + 1] == second[low : middle + 1]:
            low = middle + 1
        else:
            high = middle
    return low


def common_suffix_length(first: str, second: str, limit: int | None = None) -> int:
    """How many trailing characters the strings share, at most ``limit``: as
    ``common_prefix_length``, from the end."""
    size_1, size_2 = len(first), len(second)
    most = min(size_1, size_2, size_1 if limit is None else limit)
    low, size = 0, 64
    while low < most:
        high = min(low + size, most)
        if first[size_1 - high : size_1 - low] != second[size_2 - high : size_2 - low]:
            break
        low, size = high, size * 2
    else:
        return most
    while low < high:
        middle = (low + high) // 2
        if first[size_1 - middle - 1 : size_1 - low] == second[size_2 - middle - 1 : size_2 - low]:
            low = middle + 1
        else:
            high = middle
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
    tail = common_suffix_length(rest_before, rest_after)
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


def edits(before: str, after: str, budget: int = BUDGET) -> list[Edit]:
    """The patch that turns ``before`` into ``after``: edits in increasing ``at``, none
    overlapping, each ending at least ``MERGE_GAP`` characters before the next begins; empty
    when the strings are equal.

    Linear: past the common prefix and suffix, what is left is one edit if either side is
    short (a single change: the common case) or both are under ``WHOLE_EDIT``; else it is
    compared line for line if both sides have as many lines (a change on every line: header
    names lower-cased); else by character, or by line, while that costs at most ``budget``
    pairs; else it is one edit.
    """
    head = common_prefix_length(before, after)
    tail = common_suffix_length(before, after, min(len(before), len(after)) - head)
    old, new = before[head : len(before) - tail], after[head : len(after) - tail]
    if min(len(old), len(new)) <= MERGE_GAP or max(len(old), len(new)) <= WHOLE_EDIT:
        return [Edit(head, len(old), new)] if old or new else []
    old_lines, new_lines = old.count("\n") + 1, new.count("\n") + 1
    pieces: Iterable[Segment]
    if old_lines == new_lines > 1:
        pieces = _line_for_line(old, new)
    elif len(old) * len(new) <= budget or old_lines * new_lines <= budget:
        pieces = _blocks(old, new, _Budget(budget))
    else:
        pieces = [Segment("delete", old), Segment("insert", new)]
    found: list[tuple[int, int, list[str]]] = []  # (start, end) in ``before``, inserted parts
    position = head
    for segment in pieces:
        size = len(segment.text) if segment.op != "insert" else 0
        if segment.op != "equal" and segment.text:
            if found and position - found[-1][1] < MERGE_GAP:
                start, end, parts = found[-1]
                parts.append(before[end:position])
                found[-1] = (start, position + size, parts)
            else:
                found.append((position, position + size, []))
            if segment.op == "insert":
                found[-1][2].append(segment.text)
        position += size
    return [Edit(start, end - start, "".join(parts)) for start, end, parts in found]


def _line_for_line(old: str, new: str) -> Iterator[Segment]:
    """Segments pairing the n-th line of ``old`` with the n-th of ``new``, each pair cut to
    what lies between its common prefix and suffix."""
    for number, (first, second) in enumerate(zip(old.split("\n"), new.split("\n"), strict=True)):
        head = common_prefix_length(first, second)
        tail = common_suffix_length(first, second, min(len(first), len(second)) - head)
        yield Segment("equal", ("\n" if number else "") + first[:head])
        yield Segment("delete", first[head : len(first) - tail])
        yield Segment("insert", second[head : len(second) - tail])
        yield Segment("equal", first[len(first) - tail :])


def apply_edits(before: str, patch: list[Edit]) -> str:
    """``before`` with ``patch`` applied: what a client of the API does with ``edits``."""
    out, position = [], 0
    for edit in patch:
        out += [before[position : edit.at], edit.insert]
        position = edit.at + edit.delete
    out.append(before[position:])
    return "".join(out)
