"""The ``custom`` scheme's builder: the menus it offers, read from the description model.

The page's script (``static/js/builder.js``) draws one control per option this module lists,
so an option added to the model (``app/core/schemes/described/model.py``) appears in the
builder without a template edit: a ``Literal`` becomes a menu, a ``bool`` a checkbox, an
``int`` a number, a ``str`` a text field, a ``list[str]`` a list of names, a nested model a
fieldset (one that may be ``null`` is switched on and off), a ``dict`` keyed by a ``Literal``
one fieldset per key. Lists of objects (the description's own ``mistakes``) stay in the JSON.

Only the words are ours: labels, and what each choice means, where the field's own name and
value would read poorly.
"""

from __future__ import annotations

import json
import types
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

from flask import Flask
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from app.core.schemes.described import EXAMPLE, PROVIDERS, model, provider, provider_text
from app.core.schemes.described.parts import SORT_WORDS, TITLES

Spec = dict[str, Any]

#: Labels where the field's name alone reads poorly (by name, or by ``section.name``).
LABELS = {
    "case": "Letter case",
    "trim": "Trim surrounding whitespace",
    "empty": "When empty",
    "duplicates": "Repeated names",
    "pair": "Between name and value",
    "join": "Between pairs",
    "leading_slash": "Add a leading /",
    "trailing_slash": "Trailing /",
    "decoded": "Percent-decode first",
    "names": "Headers signed",
    "name_case": "Header name case",
    "values_trimmed": "Trim and fold values",
    "name": "Header name",
    "digest": "Digest written as",
    "separator": "Between parts",
    "trailing_separator": "The separator ends the string too",
    "key.prefix": "Secret's prefix",
    "key.strip_prefix": "Strip the prefix before reading the key",
    "key.encoding": "The key is the secret's",
    "output": "Signature written as",
    "headers": "Header (first one present)",
    "param": "Or query parameter",
    "template": "Value (with {signature})",
    "list": "Between several signatures",
    "tolerance": "Tolerance (seconds)",
    "direction": "Refuse a timestamp",
    "signer": "The signature to check comes from",
}

#: What a choice means, by value (``sort`` values take the engine's own words).
WORDS = {
    "as_is": "as is",
    "upper": "UPPER CASE",
    "lower": "lower case",
    "keep": "keep it",
    "empty=keep": "keep it (its separator stays)",
    "omit": "leave it out, with its separator",
    "raw": "raw (as given)",
    "rfc3986": "percent-encoded (%20)",
    "form": "form-encoded (+ for a space)",
    "all": "keep them all",
    "last": "keep the last value",
    "unique": "keep identical pairs once",
    "strip": "strip one",
    "sha1": "SHA-1",
    "sha256": "SHA-256",
    "sha384": "SHA-384",
    "sha512": "SHA-512",
    "md5": "MD5",
    "client": "your client",
    "verifier": "your webhook verifier",
    "hex": "hex",
    "hex_upper": "upper-case hex",
    "base64": "base64",
    "base64url": "base64url",
    "text": "text (UTF-8)",
    "past": "only when too old",
    "both": "too old or too new",
}

#: Sections of the description's own options, by path ("" for its top-level values).
LEGENDS = {
    "": "The string and the HMAC",
    "key": "The key",
    "travel": "Where the signature travels",
    "travel.place": "Carried in",
    "clock": "The server's clock",
}

#: The separators people use, offered first (the line endings, and `.`, `:`, `&`).
SEPARATORS = (("\n", "newline (LF)"), ("\r\n", "CRLF"), ("", "nothing"), (".", "."), (":", ":"))

#: A part's required options, given a value so that a part just added is valid.
PART_STARTERS: dict[str, Spec] = {
    "header": {"name": "X-Request-Id"},
    "literal": {"text": "v1"},
}

#: A section switched on starts with these values (its required options).
SECTION_STARTERS: dict[str, Spec] = {
    "travel": {"place": {"headers": ["X-Signature"]}},
    "clock": {"tolerance": 300, "direction": "both"},
}

#: Lists the builder leaves to the JSON: the server's extra tries, the scheme's own mistakes
#: and notes (sentences, not names).
JSON_ONLY = frozenset({"also_accept", "mistakes", "notes"})

#: Hashes the model keeps only for old in-house schemes (its `hash` says so): marked legacy.
LEGACY_HASHES = frozenset({"md5"})

_NONE = type(None)


def label(path: str) -> str:
    name = path.rpartition(".")[2]
    return LABELS.get(path) or LABELS.get(name) or name.replace("_", " ").capitalize()


def _words(name: str, value: object) -> str:
    if name == "sort" and isinstance(value, str):
        return SORT_WORDS[value]
    word = WORDS.get(f"{name}={value}") or WORDS.get(str(value), str(value))
    return f"{word} (legacy)" if value in LEGACY_HASHES else word


def _control(name: str, annotation: Any) -> Spec | None:
    """The control for one annotation, or ``None`` when the builder leaves it to the JSON."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Literal:
        return {"control": "choice", "choices": [[v, _words(name, v)] for v in args]}
    if annotation is bool:
        return {"control": "check"}
    if annotation is int:
        return {"control": "number"}
    if annotation is str:
        return {"control": "text"}
    if origin is list and args == (str,):
        return {"control": "names"}
    if origin in (Union, types.UnionType) and _NONE in args:
        inner = [arg for arg in args if arg is not _NONE]
        found = _control(name, inner[0]) if len(inner) == 1 else None
        return {**found, "nullable": True} if found else None
    return None


def _default(info: FieldInfo) -> object:
    if info.is_required():
        return None
    value = info.get_default(call_default_factory=True)
    return value.model_dump() if isinstance(value, BaseModel) else value


def option(path: str, info: FieldInfo) -> Spec | None:
    """One option's control, label, help and default; ``None`` for one left to the JSON."""
    name = path.rpartition(".")[2]
    found = _control(name, info.annotation)
    if found is None:
        return None
    found.update(path=path, label=label(path), help=info.description or "")
    found["default"] = _default(info)
    if path == "separator":
        found.update(control="separator", presets=[list(pair) for pair in SEPARATORS])
    return found


def _model_of(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model an annotation holds, and whether it may be ``null``."""
    args = get_args(annotation)
    if get_origin(annotation) in (Union, types.UnionType) and _NONE in args:
        inner = [arg for arg in args if arg is not _NONE]
        found, _ = _model_of(inner[0]) if len(inner) == 1 else (None, False)
        return found, True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


def sections(cls: type[BaseModel], path: str = "", optional: bool = False) -> list[Spec]:
    """The fieldsets for ``cls``'s options at ``path``, then those of its nested models."""
    options: list[Spec] = []
    nested: list[Spec] = []
    for name, info in cls.model_fields.items():
        here = f"{path}.{name}" if path else name
        inner, nullable = _model_of(info.annotation)
        args = get_args(info.annotation)
        if name in JSON_ONLY:
            continue
        if inner is not None and path and not nullable:
            # A nested model that is always there (the travel's place) is part of its section.
            [merged, *deeper] = sections(inner, here)
            options += merged["options"]
            nested += deeper
        elif inner is not None:
            nested += sections(inner, here, nullable)
        elif get_origin(info.annotation) is dict and get_origin(args[0]) is Literal:
            value_model, _ = _model_of(args[1])
            for key in get_args(args[0]) if value_model else ():
                nested += [
                    {**section, "legend": f"Where the {_value_name(key)} travels"}
                    for section in sections(value_model, f"{here}.{key}", True)  # type: ignore[arg-type]
                ]
        elif path or name != "parts":
            found = option(here, info)
            if found is not None:
                options.append(found)
    own = {
        "path": path,
        "legend": LEGENDS.get(path, label(path)),
        "help": _summary(cls) if path else "",
        "optional": optional,
        "starter": (SECTION_STARTERS.get(path) or _starter_headers(path)) if optional else {},
        "options": options,
    }
    return [own, *nested]


def _value_name(key: str) -> str:
    """A signed value's name in a sentence: `timestamp`, `API key`."""
    title = TITLES.get(key, key.replace("_", " "))
    return title if title[:3].isupper() else title.lower()


def _starter_headers(path: str) -> Spec:
    """A value's place, switched on: a header named after it (`X-Timestamp`)."""
    key = path.rpartition(".")[2]
    return {"headers": ["X-" + "-".join(w.capitalize() for w in key.split("_"))]} if key else {}


def _part_classes() -> dict[str, type[BaseModel]]:
    """Each part kind's model, by kind, in the order the model's ``Part`` union lists them."""
    union = get_args(model.Part)[0]
    found = {}
    for cls in get_args(union):
        [kind] = get_args(cls.model_fields["kind"].annotation)
        found[kind] = cls
    return found


def _order(name: str) -> tuple[bool, bool]:
    """A part's own options first, then the pair options, then what every part has."""
    return name in model._Part.model_fields, name in model._Pairs.model_fields


def part_kind(kind: str, cls: type[BaseModel], shared: dict[str, Spec]) -> Spec:
    """One part kind: its title and help, and its options' names and defaults (the options
    themselves go to ``shared``, by name: most are the same for every kind)."""
    names = sorted((n for n in cls.model_fields if n != "kind"), key=_order)
    defaults = {}
    for name in names:
        found = option(name, cls.model_fields[name])
        if found is None:
            continue
        defaults[name] = found.pop("default")
        known = shared.setdefault(name, found)
        known["help"] = known["help"] or found["help"]
    return {
        "kind": kind,
        "title": TITLES[kind],
        "help": _summary(cls),
        "starter": {"kind": kind, **PART_STARTERS.get(kind, {})},
        "options": list(defaults),
        "defaults": defaults,
    }


def _summary(cls: type[BaseModel]) -> str:
    """A model's docstring's first paragraph, on one line."""
    return " ".join((cls.__doc__ or "").strip().split("\n\n")[0].split()).replace("``", "`")


@cache
def builder_model() -> Spec:
    """Everything the builder offers: the part kinds and their options, the description's
    own options by section, and the descriptions it can start from."""
    classes = _part_classes()
    title = f"Example: {EXAMPLE['title']}"
    starts = [{"id": "example", "title": title, "text": json.dumps(EXAMPLE)}]
    starts += [
        {"id": name, "title": provider(name).title, "text": provider_text(name)}
        for name in PROVIDERS
    ]
    shared: dict[str, Spec] = {}
    kinds = [part_kind(kind, cls, shared) for kind, cls in classes.items()]
    return {
        "kinds": kinds,
        "part_options": shared,
        "sections": sections(model.Description),
        "starts": starts,
    }


@cache
def builder_json() -> Markup:
    """``builder_model`` as the page's script reads it: JSON safe in a single-quoted HTML
    attribute (`<`, `>`, `&` and `'` escaped as JSON escapes)."""
    return htmlsafe_json_dumps(builder_model(), dumps=json.dumps, separators=(",", ":"))


def register(app: Flask) -> None:
    app.add_template_global(builder_model)
    app.add_template_global(builder_json)
