"""Sign it in your language: the request on screen as a short program per language. Pure.

A scheme writes its signing as a ``Program`` (``ir.py``) from a recipe; each emitter writes
that program as source code that builds the string to sign from the request's parts, keys
the HMAC with the secret read from ``SIGSCOPE_SECRET`` (never written into the code) and
prints the signature as it travels, as its last line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from app.core.snippets import (
    emit_csharp,
    emit_go,
    emit_java,
    emit_node,
    emit_php,
    emit_python,
    emit_ruby,
    emit_shell,
)
from app.core.snippets.ir import SECRET_VARIABLE, Program
from app.core.snippets.source import Language, Unsupported

if TYPE_CHECKING:  # the schemes import the programs' vocabulary from this package
    from app.core.recipe import Recipe
    from app.core.schemes.base import Scheme

LANGUAGES: dict[str, Language] = {
    language.id: language
    for language in (
        emit_python.LANGUAGE,
        emit_node.NODE,
        emit_node.WEBCRYPTO,
        emit_go.LANGUAGE,
        emit_java.LANGUAGE,
        emit_php.LANGUAGE,
        emit_ruby.LANGUAGE,
        emit_csharp.LANGUAGE,
        emit_shell.LANGUAGE,
    )
}


@dataclass(frozen=True)
class Snippet:
    language: str
    label: str
    filename: str
    code: str
    run: str

    def to_dict(self) -> dict[str, str]:
        return {
            "language": self.language,
            "label": self.label,
            "filename": self.filename,
            "code": self.code,
            "run": self.run,
        }


def program_of(scheme: Scheme, recipe: Recipe) -> Program:
    """The scheme's program for ``recipe``, its steps titled as the page's trace titles them."""
    if scheme.program is None:
        raise ValueError(f"{scheme.title} has no signing program")
    program = scheme.program(recipe)
    titles = tuple((step.id, step.title) for step in scheme.canonicalize(recipe))
    hmac_title = f"{scheme.algorithm.upper()} HMAC of the string to sign, keyed with the secret"
    return replace(program, scheme=scheme.title, titles=(*titles, ("hmac", hmac_title)))


def written_in(language: Language, program: Program) -> str:
    """The program in ``language``, or, where its standard library cannot sign it, a line
    that says why in the language's comment syntax."""
    try:
        return language.source(program)
    except Unsupported as why:
        return f"{_comment(language)} {why}: use another language for this scheme.\n"


def _comment(language: Language) -> str:
    return "#" if language.id in ("python", "ruby", "shell") else "//"


def snippets(scheme: Scheme, recipe: Recipe) -> list[Snippet]:
    """The request's signing program in every language."""
    try:
        program = program_of(scheme, recipe)
    except Unsupported as why:
        return [
            Snippet(lang.id, lang.label, lang.filename, f"{_comment(lang)} {why}.\n", "")
            for lang in LANGUAGES.values()
        ]
    run = program.variables or (SECRET_VARIABLE,)
    return [
        Snippet(
            lang.id, lang.label, lang.filename, written_in(lang, program), lang.command_for(run)
        )
        for lang in LANGUAGES.values()
    ]
