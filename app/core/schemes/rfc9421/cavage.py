"""draft-cavage-http-signatures' signing string, for the mistake of mixing it in. Pure.

Before RFC 9421, draft-cavage signed ``(request-target): post /path?query``, ``host: …`` and
``name: value`` lines, with ``(created)``/``(expires)`` pseudo-headers and no
``@signature-params`` line (SCHEMES2.md §2.5). A client or verifier still on it computes
this string for the same covered fields.
"""

from __future__ import annotations

from app.core.recipe import Recipe
from app.core.schemes.rfc9421.components import Component, Fields, Target, path_of
from app.core.schemes.rfc9421.params import INPUT_OF

#: The derived components draft-cavage folds into its ``(request-target)`` line.
_REQUEST_TARGET = frozenset({"@method", "@path", "@query", "@request-target", "@target-uri"})


def signing_string(
    recipe: Recipe, components: tuple[Component, ...], where: Target, fields: Fields
) -> str:
    request = recipe.request
    query = "" if where.query is None else "?" + where.query
    lines: list[str] = []
    target_written = False
    for component in components:
        if component.name in _REQUEST_TARGET:
            if not target_written:
                path = path_of(recipe, where)
                lines.append(f"(request-target): {request.method.lower()} {path}{query}")
                target_written = True
        elif component.name == "@authority":
            lines.append(f"host: {where.authority.lower()}")
        elif not component.derived:
            lines.append(f"{component.name}: {', '.join(fields.get(component.name, []))}")
    for name in ("created", "expires"):
        value = request.input(INPUT_OF[name])
        if value:
            lines.append(f"({name}): {value}")
    return "\n".join(lines)
