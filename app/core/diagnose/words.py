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


def one_sentence(clauses: list[str]) -> str:
    """Clauses after "Your client" as one predicate: neighbours that open with the same verb
    share it ("signed the path … and the body …"), and the groups are joined with "and"."""
    groups: list[list[str]] = []
    for clause in clauses:
        verb, _, rest = clause.partition(" ")
        if groups and groups[-1][0].partition(" ")[0] == verb and rest:
            groups[-1].append(rest)
        else:
            groups.append([clause])
    parts = [and_(group) for group in groups]
    if len(parts) > 1 and any(len(group) > 1 for group in groups):
        return f"{', '.join(parts[:-1])}, and {parts[-1]}"
    return and_(parts)


def paired(mistakes: list[Mistake]) -> dict[int, tuple[int, str]]:
    """Which causes one clause says together: ``{first: (second, clause)}`` for each mistake
    that declares a ``together`` clause with another one present (indexes into ``mistakes``)."""
    where = {mistake.id: i for i, mistake in enumerate(mistakes)}
    pairs: dict[int, tuple[int, str]] = {}
    taken: set[int] = set()
    for i, mistake in enumerate(mistakes):
        for other, clause in mistake.together:
            j = where.get(other)
            if j is not None and i not in taken and j not in taken:
                pairs[i] = (j, clause)
                taken.update((i, j))
    return pairs
