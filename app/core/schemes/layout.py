"""How a scheme reads its own string to sign: which section each character belongs to. Pure.

A scheme declares ``Scheme.layout(text, variant) -> list[Reading]``; the comparison of two
strings to sign names the section of their first difference from it. A string can have
several readings (where the string alone cannot tell where one section ends), and each must
cost O(1) beyond one pass over the string: a string can have as many readings as lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import accumulate

#: One way to read a string: (section id, first character, end) spans, in order. The last
#: span reaches one past the end, so a difference at the very end has a section too.
Reading = tuple[tuple[str, int, int], ...]

#: A scheme's layout: the readings of ``text`` signed by ``variant`` (``""`` without variants).
Layout = Callable[[str, str], list[Reading]]

#: The one section of a string whose scheme declares no layout.
WHOLE = "string_to_sign"


def whole(text: str) -> list[Reading]:
    """The reading of a string whose scheme declares no layout: one section, all of it."""
    return [((WHOLE, 0, len(text) + 1),)]


def line_offsets(lines: Sequence[str]) -> list[int]:
    """Where each line starts in the text they were split from (and one past its end)."""
    return list(accumulate((len(line) + 1 for line in lines), initial=0))


def line_spans(offsets: Sequence[int], names: Sequence[str], line_starts: Sequence[int]) -> Reading:
    """Sections that begin on the given lines (a section owns the newline that ends it).
    ``offsets`` comes from ``line_offsets``, computed once per string, so each reading costs
    O(sections), not a pass over the string."""
    starts = [offsets[line] for line in line_starts]
    ends = [*starts[1:], offsets[-1]]
    return tuple(zip(names, starts, ends, strict=True))
