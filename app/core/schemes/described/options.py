"""The mistakes a description generates: each option it fixes, flipped.

Each ``Flip`` of ``flips.FLIPS`` is one such mistake; ``mistakes(source)`` turns the table
into catalogue entries for one scheme; an entry applies to every part of its kind whose
option holds another value, so the same table serves every description, the ``custom``
scheme's included, with no code per scheme.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from app.core.mistakes import Mistake
from app.core.recipe import Recipe
from app.core.schemes.described.engine import Source, effective, key_decodes, step_ids
from app.core.schemes.described.flips import FLIPS, Flip
from app.core.schemes.described.load import SET, set_flag
from app.core.schemes.described.model import Description


def with_setting(recipe: Recipe, path: str, value: object) -> Recipe:
    """``recipe`` with ``path`` set to ``value`` (an earlier setting of it replaced)."""
    stale = SET + path + "="
    flags = frozenset(flag for flag in recipe.flags if not flag.startswith(stale))
    return recipe.with_(flags=flags | {set_flag(path, value)})


def _current(description: Description, path: str) -> object:
    node: object = json.loads(description.model_dump_json())
    for name in path.split("."):
        node = node[int(name)] if isinstance(node, list) else node.get(name)  # type: ignore[attr-defined]
    return node


def targets(flip: Flip, description: Description) -> Iterator[tuple[str, str]]:
    """``(target, path)`` for each place ``flip`` sets a value other than the current one."""
    if not flip.kinds:
        if flip.option == "key.strip_prefix" and not description.key.prefix:
            return
        if flip.option in ("separator", "trailing_separator") and len(description.parts) < 2:
            return
        if flip.option == "trailing_separator" and not description.separator:
            return
        current = _current(description, flip.option)
        if current != flip.value and (not flip.when or current in flip.when):
            yield "", flip.option
        return
    ids = step_ids(description)
    matching = [i for i, part in enumerate(description.parts) if part.kind in flip.kinds]
    for i in matching:
        part = description.parts[i]
        if flip.option in type(part).model_fields and getattr(part, flip.option) != flip.value:
            if flip.when and getattr(part, flip.option) not in flip.when:
                continue
            yield ("" if len(matching) == 1 else ids[i]), f"parts.{i}.{flip.option}"


def applies(flip: Flip, description: Description) -> bool:
    return next(targets(flip, description), None) is not None


def _apply(flip: Flip, source: Source) -> Mistake:
    def apply(recipe: Recipe) -> Iterator[tuple[str, Recipe]]:
        description = effective(source, recipe)
        for target, path in targets(flip, description):
            mistaken = with_setting(recipe, path, flip.value)
            if flip.step == "hmac" and not key_decodes(effective(source, mistaken), mistaken):
                continue
            yield target, mistaken

    return Mistake(
        flip.id,
        flip.step,
        flip.title,
        flip.explanation,
        apply,
        clause=flip.clause,
        fix=flip.fix,
        harmless=flip.harmless,
    )


def mistakes(source: Source, only: Description | None = None) -> tuple[Mistake, ...]:
    """The generated mistakes for a scheme whose description ``source`` gives; with ``only``
    (a provider's fixed description), just the ones that can apply to it."""
    return tuple(_apply(flip, source) for flip in FLIPS if only is None or applies(flip, only))
