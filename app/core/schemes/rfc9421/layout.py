"""How a signature base reads: one section per line, named by its component. Pure.

Each line is ``"identifier": value``; its section is the identifier as written (``"@method"``,
``"content-type"``, ``"@signature-params"``), so a comparison names the component its first
difference falls in. A line that is not one (a draft-cavage string's) is ``line <n>``.
"""

from __future__ import annotations

from app.core.schemes import layout
from app.core.schemes.layout import Reading


def _section(line: str, number: int) -> str:
    identifier, colon, _ = line.partition(": ")
    return identifier if colon and identifier.startswith('"') else f"line {number}"


def read(text: str, variant: str) -> list[Reading]:
    """The one reading of a base: each line its own section (a line owns its LF)."""
    lines = text.split("\n")
    offsets = layout.line_offsets(lines)
    names = [_section(line, number) for number, line in enumerate(lines, start=1)]
    return [layout.line_spans(offsets, names, range(len(lines)))]
