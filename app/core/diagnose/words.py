"""How an explanation is written: each mistake's ``clause`` and ``fix`` (declared beside the
mistake, see ``Mistake``), the fallback for a mistake that declares none, and helpers."""

from __future__ import annotations

from app.core.mistakes import Mistake

#: For a mistake declared without words: its title still reaches the user.
FALLBACK_CLAUSE = "made the mistake “{title}”"
FALLBACK_FIX = "Undo “{title}” in the client."
RIGHT = "signed the right string with the right secret"


def clause_and_fix(mistake: Mistake) -> tuple[str, str]:
    """The mistake's own ``clause`` and ``fix`` templates, or the fallback's."""
    if mistake.clause and mistake.fix:
        return mistake.clause, mistake.fix
    return FALLBACK_CLAUSE, FALLBACK_FIX


def code(text: str, limit: int = 80) -> str:
    """A value shown inside backticks: line breaks visible, long values cut."""
    shown = text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def and_(clauses: list[str]) -> str:
    return clauses[0] if len(clauses) == 1 else f"{', '.join(clauses[:-1])} and {clauses[-1]}"
