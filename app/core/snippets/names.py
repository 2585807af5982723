"""Names no program's value may take: a keyword, or a module or function the programs use,
in one of the languages. ``Builder`` appends ``_value`` to a hint among them (``base_value``).
"""

from __future__ import annotations

_WORDS = (
    "abstract and arguments as async await base base64 begin bool break byte bytes case",
    "catch chan char checked class console const continue crypto debugger decimal def",
    "default defer delegate delete dict do double else elif end ensure enum eval event",
    "except explicit export extends extern false final finally fixed float fmt for func",
    "function global go goto hash hex hmac if implements implicit import in instanceof int",
    "interface internal is lambda let list lock long map module namespace new next nil none",
    "not null object operator or os out override package params pass private process",
    "protected public raise range re readonly ref require rescue return sbyte sealed select",
    "self short sizeof sort stackalloc static str string strings struct super switch this",
    "throw true try type typeof uint ulong unchecked unsafe urllib ushort using var virtual",
    "void volatile while with yield",
)

RESERVED = frozenset(" ".join(_WORDS).split())
