"""ActionStreamer's canonicalization: the string to sign, in two variants.

``tutorial`` is the string the published tutorial's code builds (the ActionStreamer seed)::

    "\\n".join([method, normalize_path(path), dict_string(headers), dict_string(params),
               body or ""])
    dict_string(d) = "\\n".join(f"{k}: {d[k]}" for k in sorted(d))

``sdk`` is what the published Python SDK really signs (SCHEMES.md §1b): every entry ends with
its own newline, ``Content-Type`` is deleted first, and the whole string goes through
``str.strip()``. Both sort keys by code point and treat headers and params as dicts (a name
given twice keeps its last value).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from app.core.recipe import Recipe
from app.core.request import Pairs
from app.core.trace import Step, join_notes

TUTORIAL = "tutorial"
SDK = "sdk"

#: The SDK deletes exactly this header name (case-sensitive) before signing.
SDK_DROPPED_HEADER = "Content-Type"

SortKey = Callable[[str], str]


def normalize_path(path: str, *, add_leading: bool = True, strip_trailing: bool = True) -> str:
    """The seed's ``normalize_path``: prepend ``/`` if missing, strip ONE trailing ``/``."""
    if add_leading and not path.startswith("/"):
        path = "/" + path
    if strip_trailing and path.endswith("/") and len(path) > 1:
        path = path[:-1]
    return path


def _path_notes(raw: str, normalized: str, recipe: Recipe) -> str | None:
    notes = []
    added = not raw.startswith("/") and normalized.startswith("/")
    if added:
        notes.append("leading `/` added")
    if len(normalized) == len(raw) + added - 1:
        notes.append("one trailing `/` stripped")
    if normalized.endswith("/") and len(normalized) > 1:
        if "keep_trailing_slash" in recipe.flags:
            notes.append("trailing `/` kept")
        else:
            notes.append("only ONE trailing `/` is stripped: the path still ends with `/`")
    if "?" in raw:
        notes.append("the path contains `?`: the query string is signed as part of the path")
    return join_notes(*notes)


def dict_string(pairs: Pairs, *, sdk: bool, sort: SortKey | None) -> str:
    """The seed's ``build_dictionary_string`` (tutorial) or the SDK's per-line variant."""
    values = dict(pairs)
    keys = sorted(values, key=sort) if sort else list(values)
    if sdk:
        return "".join(f"{key}: {values[key]}\n" for key in keys)
    return "\n".join(f"{key}: {values[key]}" for key in keys)


def _sort_key(recipe: Recipe, unsorted_flag: str) -> SortKey | None:
    if unsorted_flag in recipe.flags:
        return None
    return str.lower if "case_insensitive_sort" in recipe.flags else str


def _section_notes(kind: str, pairs: Pairs, sort: SortKey | None, sdk: bool) -> str | None:
    notes = []
    counts = Counter(name for name, _ in pairs)
    for name, count in counts.items():
        if count > 1:
            notes.append(f"`{name}` given {count} times: only its last value is signed")
    unique = list(counts)
    if sort is str:
        by_code_point = sorted(unique)
        by_case = sorted(unique, key=str.lower)
        if by_code_point != by_case:
            first, second = next(
                (a, b) for a, b in zip(by_code_point, by_case, strict=True) if a != b
            )
            notes.append(
                f"keys sorted by code point: upper-case first, `{first}` before `{second}`"
            )
        elif by_code_point != unique:
            notes.append("keys sorted by code point")
    elif sort is None and len(unique) > 1:
        notes.append("keys left in sent order, not sorted")
    elif sort is not None:
        notes.append("keys sorted case-insensitively")
    if not pairs:
        notes.append(
            f"no {kind}: an empty line is still signed"
            if not sdk
            else f"no {kind}: nothing is signed for them"
        )
    return join_notes(*notes)


def _pair_lines(pairs: Pairs, separator: str) -> str:
    return "\n".join(f"{name}{separator}{value}" for name, value in pairs)


@dataclass(frozen=True)
class _Sections:
    """The five parts a recipe signs, and the string they make (before and after the SDK's
    strip). ``canonicalize`` and ``string_to_sign`` both read this, so they cannot disagree."""

    headers: Pairs
    dropped_content_type: bool
    method: str
    path: str
    header_sort: SortKey | None
    param_sort: SortKey | None
    header_string: str
    param_string: str
    body: str
    joined: str
    final: str

    @property
    def parts(self) -> tuple[str, str, str, str, str]:
        return (self.method, self.path, self.header_string, self.param_string, self.body)


def _sections(recipe: Recipe) -> _Sections:
    request, flags = recipe.request, recipe.flags
    sdk = recipe.variant == SDK
    headers = request.headers
    dropped = sdk and any(name == SDK_DROPPED_HEADER for name, _ in headers)
    if dropped:
        headers = tuple(pair for pair in headers if pair[0] != SDK_DROPPED_HEADER)
    if "lowercase_header_names" in flags:
        headers = tuple((name.lower(), value) for name, value in headers)
    path = normalize_path(
        request.path,
        add_leading="no_leading_slash" not in flags,
        strip_trailing="keep_trailing_slash" not in flags,
    )
    header_sort = _sort_key(recipe, "headers_unsorted")
    param_sort = _sort_key(recipe, "params_unsorted")
    header_string = dict_string(headers, sdk=sdk, sort=header_sort)
    param_string = dict_string(request.params, sdk=sdk, sort=param_sort)
    body = request.body or ""
    joined = "\n".join((request.method, path, header_string, param_string, body))
    return _Sections(
        headers,
        dropped,
        request.method,
        path,
        header_sort,
        param_sort,
        header_string,
        param_string,
        body,
        joined,
        joined.strip() if sdk else joined,
    )


def string_to_sign(recipe: Recipe) -> str:
    """The string to sign alone: what the lens and the diagnosis need, many times over."""
    return _sections(recipe).final


def canonicalize(recipe: Recipe) -> list[Step]:
    request = recipe.request
    sdk = recipe.variant == SDK
    built = _sections(recipe)
    method = built.method
    method_note = None
    if method != method.upper():
        method_note = f"signed as typed; HTTP clients send it upper-cased (`{method.upper()}`)"
    dropped_note = (
        "`Content-Type` removed by the SDK before signing (and so never sent)"
        if built.dropped_content_type
        else None
    )
    steps = [
        Step("method", "Method", request.method, method, method_note),
        Step(
            "normalize_path",
            "Normalize the path",
            request.path,
            built.path,
            _path_notes(request.path, built.path, recipe),
        ),
        Step(
            "header_string",
            "Headers, sorted",
            _pair_lines(request.headers, ": "),
            built.header_string,
            join_notes(
                dropped_note, _section_notes("headers", built.headers, built.header_sort, sdk)
            ),
        ),
        Step(
            "param_string",
            "Query parameters, sorted",
            _pair_lines(request.params, "="),
            built.param_string,
            join_notes(_section_notes("params", request.params, built.param_sort, sdk)),
        ),
        Step(
            "body",
            "Body",
            request.body,
            built.body,
            None if built.body else "no body: an empty string is signed",
        ),
        Step(
            "join",
            "Join the five parts with `\\n`",
            "\n".join(repr(part) for part in built.parts),
            built.joined,
            None,
        ),
    ]
    if sdk:
        removed = len(built.joined) - len(built.final)
        steps.append(
            Step(
                "strip",
                "Strip surrounding whitespace (`str.strip()`)",
                built.joined,
                built.final,
                f"{removed} whitespace character(s) removed from the ends" if removed else None,
            )
        )
    return steps
