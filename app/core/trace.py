"""A trace: each canonicalization step's input, output and note.

Step ids are stable snake_case and the same everywhere: in the trace, the vector files, the
page's DOM ids and the mistake catalogue's ``step`` field.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    input: str
    output: str
    note: str | None = None
    #: Whether ``output`` depends on the secret (the HMAC, SigV4's derived keys): a page that
    #: signs with a stand-in key before the secret is typed must not show it.
    keyed: bool = False

    def to_dict(self) -> dict[str, str | None]:
        return {
            "id": self.id,
            "title": self.title,
            "input": self.input,
            "output": self.output,
            "note": self.note,
        }


def join_notes(*notes: str | None) -> str | None:
    """Join the notes that apply to one step; ``None`` when nothing noteworthy happened."""
    present = [note for note in notes if note]
    return "; ".join(present) if present else None
