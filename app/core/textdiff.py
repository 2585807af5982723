"""A character-level diff as segments, for highlighting what changed between two strings."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"op": self.op, "text": self.text}


def segments(before: str, after: str) -> list[Segment]:
    """The edits that turn ``before`` into ``after``; a replacement is a delete then an insert."""
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
