"""Compare two strings to sign, the client's and the server's: whether, where and how they differ.

Pure. The answer has three parts:

- the first difference: its UTF-8 byte ``offset`` (what a hex dump of the signed bytes shows),
  its ``char_index`` (in code points, what a Python or JavaScript index shows), its 1-based
  ``line`` and ``column`` (the column counts code points; a ``\\r`` counts as one), and, given
  a scheme, the section of the *expected* string it falls in (the scheme's ``layout``);
- whole-string findings: differences that are one cause spread over the string (CRLF vs LF,
  a trailing newline, NFC vs NFD, escaped vs raw JSON...), each a detector in ``FINDINGS``;
- a character-level diff as ``equal``/``delete``/``insert`` segments (``delete`` is text only
  in the expected string, ``insert`` only in the actual one);
- ``notes``: how the strings were read (a log's quotes taken off, see ``logged``).

``actual_signature`` answers the question a comparison raises next: with the same secret,
does the client's logged string reproduce the signature the server rejected?

The diff is ``difflib.SequenceMatcher`` on characters, which is quadratic: beyond
``CHAR_BUDGET`` compared character pairs it works line by line and shows a changed block whole
(the first difference and the findings stay exact: they do not depend on the diff).
"""

from __future__ import annotations

import hmac
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from app.core.digest import Signature, signature_of
from app.core.errors import InputError
from app.core.jsonstyle import same_json
from app.core.recipe import Recipe
from app.core.s3error import line_up
from app.core.schemes import SCHEMES
from app.core.schemes.base import Scheme
from app.core.schemes.layout import Reading, whole
from app.core.sigformat import parse_signature
from app.core.textdiff import Segment, common_prefix_length, segments

#: Character pairs the character-level matcher may compare in one answer (a few tenths of a
#: second of work); past it, changed blocks are shown whole.
CHAR_BUDGET = 4_000_000


@dataclass(frozen=True)
class Position:
    """Where the strings first differ. ``sections`` holds every section of the expected
    string the position can be in: one when the layout decides it, several when the string
    alone cannot tell (a ``name: value`` line between the headers and the params)."""

    offset: int
    char_index: int
    line: int
    column: int
    sections: tuple[str, ...]

    @property
    def section(self) -> str | None:
        return self.sections[0] if len(self.sections) == 1 else None

    def to_dict(self) -> dict[str, object]:
        return {
            "offset": self.offset,
            "char_index": self.char_index,
            "line": self.line,
            "column": self.column,
            "section": self.section,
            "sections": list(self.sections),
        }


@dataclass(frozen=True)
class Finding:
    id: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "message": self.message}


@dataclass(frozen=True)
class Comparison:
    equal: bool
    first_difference: Position | None
    findings: tuple[Finding, ...]
    diff: tuple[Segment, ...]
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        first = self.first_difference
        return {
            "equal": self.equal,
            "first_difference": None if first is None else first.to_dict(),
            "findings": [finding.to_dict() for finding in self.findings],
            "diff": [segment.to_dict() for segment in self.diff],
            "notes": list(self.notes),
        }


# --- which section of the string to sign the first difference falls in -----------------


def _layout(scheme_name: str, variant: str) -> Callable[[str], list[Reading]]:
    """The readings of a string to sign as ``scheme_name`` (``variant``) builds it. A scheme
    that declares no layout reads as one section, the whole string."""
    scheme = SCHEMES.get(scheme_name)
    variant = variant or (scheme.default_variant if scheme else "")
    if scheme is None or variant not in (scheme.variant_ids() or ("",)):
        raise ValueError(f"no layout for {scheme_name}/{variant}: the scheme or variant is unknown")
    read = scheme.layout
    return whole if read is None else lambda text: read(text, variant)


def sections_at(text: str, index: int, read: Callable[[str], list[Reading]]) -> tuple[str, ...]:
    """Every section ``index`` can fall in, over every reading of ``text``, in the order the
    string holds them."""
    found: dict[str, int] = {}
    for reading in read(text):
        for place, (name, start, end) in enumerate(reading):
            if start <= index < end:
                found.setdefault(name, place)
    return tuple(sorted(found, key=found.__getitem__))


def first_difference(
    expected: str, actual: str, read: Callable[[str], list[Reading]] | None
) -> Position | None:
    if expected == actual:
        return None
    index = common_prefix_length(expected, actual)
    before = expected[:index]
    line_start = before.rfind("\n") + 1
    return Position(
        offset=len(before.encode("utf-8", "surrogatepass")),
        char_index=index,
        line=before.count("\n") + 1,
        column=index - line_start + 1,
        sections=sections_at(expected, index, read) if read else (),
    )


# --- the diff ----------------------------------------------------------------------------


def diff(expected: str, actual: str, budget: int = CHAR_BUDGET) -> tuple[Segment, ...]:
    """Segments that rebuild ``expected`` (equal + delete) and ``actual`` (equal + insert)."""
    return tuple(segments(expected, actual, budget))


# --- whole-string findings ---------------------------------------------------------------


def _shown(text: str) -> str:
    """``text`` in backticks with its invisible characters escaped (`\\r\\n`, `\\t`)."""
    return f"`{json.dumps(text, ensure_ascii=False)[1:-1]}`" if text else "nothing"


def _line_ending_style(text: str) -> str | None:
    newlines, crlf = text.count("\n"), text.count("\r\n")
    if not newlines:
        return None
    return {newlines: "CRLF", 0: "LF"}.get(crlf, "mixed CRLF and LF")


def _line_endings(expected: str, actual: str, _: Sequence[Segment]) -> str | None:
    ours, theirs = _line_ending_style(expected), _line_ending_style(actual)
    if ours is None or theirs is None or ours == theirs:
        return None
    return (
        f"Line endings differ: expected uses {ours}, actual uses {theirs} (Windows line "
        "endings, or a browser textarea: browsers submit CRLF)."
    )


def _trailing_newline(expected: str, actual: str, _: Sequence[Segment]) -> str | None:
    if expected.endswith("\n") == actual.endswith("\n"):
        return None
    has, lacks = ("expected", "actual") if expected.endswith("\n") else ("actual", "expected")
    return (
        f"The {has} string ends with a newline and the {lacks} one does not (an editor, "
        "`echo` or a heredoc adds one; `str.strip()` removes it)."
    )


def _normal_form(text: str) -> str | None:
    composed = unicodedata.is_normalized("NFC", text)
    decomposed = unicodedata.is_normalized("NFD", text)
    if composed and decomposed:
        return None  # nothing in it composes or decomposes
    return "NFC" if composed else "NFD" if decomposed else "a mix of NFC and NFD"


def _normalization(expected: str, actual: str, _: Sequence[Segment]) -> str | None:
    ours, theirs = _normal_form(expected), _normal_form(actual)
    if ours is None or theirs is None or ours == theirs:
        return None
    composed = unicodedata.normalize("NFC", expected + actual)
    example = next(c for c in composed if unicodedata.normalize("NFD", c) != c)
    parts = " + ".join(f"U+{ord(c):04X}" for c in unicodedata.normalize("NFD", example))
    return (
        f"Unicode normalization differs: expected is {ours}, actual is {theirs}, so the same "
        f"text has different code points and bytes (`{example}` is U+{ord(example):04X} "
        f"composed, {parts} decomposed; macOS file names and some keyboards give NFD)."
    )


_ESCAPE_RUN = re.compile(r"(?<!\\)(?:\\u[0-9a-fA-F]{4})+")


def _escaped(text: str) -> set[str]:
    """Non-ASCII characters written as JSON ``\\uXXXX`` escapes (surrogate pairs joined)."""
    chars: set[str] = set()
    for run in _ESCAPE_RUN.findall(text):
        decoded = json.loads(f'"{run}"')
        chars |= {char for char in decoded if not char.isascii()}
    return chars


def _json_unicode_escapes(expected: str, actual: str, _: Sequence[Segment]) -> str | None:
    for side, escaped, other in (("expected", expected, actual), ("actual", actual, expected)):
        both = sorted(_escaped(escaped) & set(other))
        if both:
            char = both[0]
            twin = "actual" if side == "expected" else "expected"
            return (
                f"JSON escaping differs: the {side} string writes `{char}` as "
                f"`\\u{ord(char):04x}`, the {twin} one writes it raw (Python's `json.dumps` "
                "escapes non-ASCII by default; `ensure_ascii=False` and JavaScript do not)."
            )
    return None


def _json_slash_escapes(expected: str, actual: str, _: Sequence[Segment]) -> str | None:
    ours, theirs = expected.count("\\/"), actual.count("\\/")
    if bool(ours) == bool(theirs):
        return None
    side, count = ("expected", ours) if ours else ("actual", theirs)
    return (
        f"JSON escaping differs: the {side} string writes `/` as `\\/` ({count} times; PHP's "
        "`json_encode` does), the other never does."
    )


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    """Trailing whitespace, leaving out one final newline (``_trailing_newline``'s case)."""
    body = text.removesuffix("\n").removesuffix("\r")
    return body[len(body.rstrip()) :]


def _surrounding_whitespace(
    where: str, cut: Callable[[str], str]
) -> Callable[[str, str, Sequence[Segment]], str | None]:
    def detect(expected: str, actual: str, _: Sequence[Segment]) -> str | None:
        ours, theirs = cut(expected), cut(actual)
        if ours == theirs:
            return None
        return (
            f"{where.capitalize()} whitespace differs: expected has {_shown(ours)}, actual "
            f"has {_shown(theirs)} (values trimmed on one side only; a `str.strip()` of the "
            "whole string trims both ends)."
        )

    return detect


def _tabs_vs_spaces(_: str, __: str, diff_: Sequence[Segment]) -> str | None:
    for first, second in pairwise(diff_):
        pair = {first.op: first.text, second.op: second.text}
        deleted, inserted = pair.get("delete"), pair.get("insert")
        if deleted is None or inserted is None:
            continue
        kinds = {frozenset(deleted), frozenset(inserted)}
        if kinds == {frozenset("\t"), frozenset(" ")}:
            tabs = "expected" if "\t" in deleted else "actual"
            return (
                f"Tabs and spaces differ: the {tabs} string has {_shown(pair['delete'])} "
                f"where the other has {_shown(pair['insert'])} (an editor converted them)."
            )
    return None


def _letter_case(expected: str, actual: str, _: Sequence[Segment]) -> str | None:
    if expected == actual or expected.lower() != actual.lower():
        return None
    return (
        "The strings differ only in letter case: hex digits, a header name or the method "
        "(HTTP/2 lower-cases header names; HTTP clients upper-case the method)."
    )


Detector = Callable[[str, str, Sequence[Segment]], str | None]

#: Each whole-string difference Sigscope recognises: (id, detector). A detector reads both
#: strings (and the diff) and says what it found, or ``None``.
FINDINGS: tuple[tuple[str, Detector], ...] = (
    ("line_endings", _line_endings),
    ("trailing_newline", _trailing_newline),
    ("unicode_normalization", _normalization),
    ("json_unicode_escapes", _json_unicode_escapes),
    ("json_slash_escapes", _json_slash_escapes),
    ("json_formatting", lambda expected, actual, _: same_json(expected, actual)),
    ("leading_whitespace", _surrounding_whitespace("leading", _leading)),
    ("trailing_whitespace", _surrounding_whitespace("trailing", _trailing)),
    ("tabs_vs_spaces", _tabs_vs_spaces),
    ("letter_case", _letter_case),
)


def compare(
    expected: str,
    actual: str,
    scheme: str | None = None,
    variant: str = "",
    notes: Sequence[str] = (),
) -> Comparison:
    """Compare the expected string to sign with the actual one.

    ``scheme`` and ``variant`` (as ``/api/v1/sign`` names them; the variant defaults to the
    scheme's first) pick the scheme's layout, which names the section of the first
    difference; without a scheme, ``sections`` is empty. ``notes`` say how the strings were
    read, and travel with the answer. A side that is S3's ``SignatureDoesNotMatch`` error
    body is read as its canonical request or string to sign (``s3error.line_up``).
    """
    read = _layout(scheme, variant) if scheme else None
    left, right = line_up(expected, actual)  # an S3 error body: its part of the same kind
    expected, actual = left.text, right.text
    notes = [*notes, *(side.note for side in (left, right) if side.note)]
    segments = diff(expected, actual)
    findings = tuple(
        Finding(finding_id, message)
        for finding_id, detect in FINDINGS
        if (message := detect(expected, actual, segments)) is not None
    )
    return Comparison(
        expected == actual,
        first_difference(expected, actual, read),
        findings,
        segments,
        tuple(notes),
    )


# --- does the actual string reproduce the signature? -------------------------------------


@dataclass(frozen=True)
class ActualSignature:
    """The HMAC of the actual string, with the recipe's key, hash and output form, and
    whether it is the signature to check (``None``: none given, or none readable)."""

    signature: Signature
    sent: str
    matches: bool | None


def actual_signature(scheme: Scheme, recipe: Recipe, text: str, observed: str) -> ActualSignature:
    """Sign ``text`` (the string the client logged) as ``recipe`` signs its own string, and
    compare the digest with the ``observed`` signature, in constant time: a match says the
    client signed exactly ``text``, so the comparison above is the whole story."""
    signature = signature_of(scheme, recipe, text)
    matches = None
    if observed.strip():
        try:
            digest = parse_signature(observed).digest
        except InputError:
            digest = None
        if digest is not None:
            matches = hmac.compare_digest(digest, signature.digest)
    return ActualSignature(signature, signature.encoded(recipe.output), matches)
