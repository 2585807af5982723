"""Jinja filters that render core values for people: invisible characters made visible,
diffs highlighted, bytes in hex. Markup is built from escaped pieces only.

Anything as long as the input (a body, the string to sign, its hex view, a diff) is rendered
as a ``Pane``: its first ``PANE_CHARS`` characters, and a count of the rest, which the page
fetches only when asked ("Show all"). So a fragment costs the same for a 200 KB body as for
a small one, and so does the browser's work on each keystroke.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from operator import attrgetter

from flask import Flask
from markupsafe import Markup, escape

from app.core.schemes.base import WindowEntry
from app.core.signing import LensEntry, SignResult
from app.core.textdiff import Segment, segments
from app.core.trace import Step
from app.core.visible import Token, hex_dump, literal, tokens

#: Characters an HTML page cannot carry as they are: its parser turns a CR into a LF and
#: drops a NUL. A CR travels as a character reference; a NUL as ``data-cp``, its code point,
#: which the copy script puts back.
_RAW_HTML = {"\r": ("&#13;", ""), "\0": ("", ' data-cp="0"')}


@lru_cache(maxsize=1024)
def _marker(kind: str, shown: str, title: str, raw: str) -> str:
    """A marker: the character itself (``raw``), drawn at no width, and its symbol as CSS
    generated content (``data-m``), which selecting and copying never take. So copying the
    text copies its real bytes. ``raw`` is empty where a diff deleted a line feed: the
    symbol is drawn in place, the line does not break."""
    css = f"ch-{kind.replace('_', '-')}"
    if kind == "non_ascii":
        return f'<span class="{css}" title="{escape(title)}">{escape(raw)}</span>'
    held, attribute = _RAW_HTML.get(raw, (str(escape(raw)), ""))
    marked = f'class="{css}" data-m="{escape(shown)}"{attribute} title="{escape(title)}"'
    return f"<span {marked}>{held}</span>"


def _piece(kind: str, run: list[Token], breaks: bool) -> str:
    """One run of same-kind tokens as markup; a run of significant spaces is one marker (an
    indented JSON body has hundreds of thousands: one span each would weigh megabytes)."""
    if kind == "text":
        return "".join(str(escape(token.raw)) for token in run)
    if kind == "space" and len(run) > 1:
        return _marker(kind, run[0].shown * len(run), f"{len(run)} spaces", " " * len(run))
    return "".join(
        _marker(t.kind, t.shown, t.title, t.raw if breaks or not t.newline else "") for t in run
    )


def visible(text: str, every_space: bool = False, breaks: bool = True) -> Markup:
    """``text`` with every invisible or ambiguous character shown as a titled marker.

    ``every_space`` marks lone spaces too (text a diff changed); without ``breaks``, a line
    feed is drawn as its marker only (a deleted one, in a diff showing both strings).

    Bodies can be a megabyte with a marker every few characters, so markers (a few distinct
    shapes) are rendered once each and the pieces joined as strings, every one escaped.
    """
    parts = [
        _piece(kind, list(run), breaks)
        for kind, run in groupby(tokens(text, every_space), attrgetter("kind"))
    ]
    return Markup("".join(parts))  # noqa: S704 - every piece above is escaped


#: A long pane shows this many characters (a hex view, this many lines) until "Show all".
PANE_CHARS = 1_500
HEX_LINES = 32
#: Lens cards carry their diff when the string to sign is this short; else they fetch it.
LENS_INLINE_CHARS = 2_000
#: In a diff, unchanged runs longer than this are shortened to their ends.
CONTEXT = 160


@dataclass(frozen=True)
class Pane:
    """Rendered text, cut when long: ``hidden`` counts what was left out, in ``unit``.
    ``exact``: the pane holds its text's characters and nothing else (no diff of two
    strings, no elision), so the page may copy a selection of it as exactly those."""

    html: Markup
    hidden: int = 0
    unit: str = "characters"
    exact: bool = False


def _cut(text: str, limit: float) -> int:
    """Where to cut ``text`` to show at most ``limit`` characters: at a line end if one is
    in the second half (a cut line would show its last spaces as significant)."""
    if len(text) <= limit:
        return len(text)
    end = int(limit)
    newline = text.rfind("\n", end // 2, end)
    return newline + 1 if newline >= 0 else end


def visible_pane(text: str, full: bool = False) -> Pane:
    """``visible(text)``, only its first ``PANE_CHARS`` characters unless ``full``."""
    end = len(text) if full else _cut(text, PANE_CHARS)
    return Pane(visible(text[:end]), len(text) - end, exact=True)


def hex_pane(text: str, full: bool = False) -> Pane:
    """The hex view of ``text`` as UTF-8, its first ``HEX_LINES`` lines unless ``full``."""
    data = text.encode("utf-8")
    shown = data if full else data[: HEX_LINES * 16]
    hidden = -(-(len(data) - len(shown)) // 16)
    return Pane(escape(hex_dump(shown)), hidden, "lines")


def _elided(
    text: str, first: bool, last: bool, render: Callable[[str], Markup] = visible
) -> tuple[Markup, int]:
    """An unchanged run, its middle left out when long (a diff is about what changed), and
    how many of its characters are shown."""
    if len(text) <= 2 * CONTEXT + 40:
        return render(text), len(text)
    head = "" if first else text[:CONTEXT]
    tail = "" if last else text[-CONTEXT:]
    hidden = len(text) - len(head) - len(tail)
    gap = Markup('<span class="elided">… {:,} unchanged characters …</span>').format(hidden)
    return render(head) + gap + render(tail), len(head) + len(tail)


_WRAPPERS = {"delete": Markup("<del>{}</del>"), "insert": Markup("<ins>{}</ins>")}
_SIDES = {"before": {"equal", "delete"}, "after": {"equal", "insert"}}


def segments_pane(pieces: Sequence[Segment], side: str = "both", full: bool = False) -> Pane:
    """Diff segments with deletions in ``<del>`` and insertions in ``<ins>``.

    ``side`` picks what to show: ``before`` (deletions only), ``after`` (insertions only),
    or ``both`` (then long unchanged runs are shortened to their ends, and a deleted line
    feed is drawn in place without breaking the line: the line it joins is the new one).
    Every space a diff changed is marked. Unless ``full``, rendering stops after
    ``PANE_CHARS`` characters and the rest is counted.
    """
    keep = _SIDES.get(side, {"equal", "delete", "insert"})
    shown = [segment for segment in pieces if segment.op in keep]
    room: float = float("inf") if full else PANE_CHARS
    parts: list[Markup] = []
    hidden = 0
    for index, segment in enumerate(shown):
        if room <= 0:
            hidden += len(segment.text)
            continue
        if segment.op == "equal" and side == "both":
            html, used = _elided(segment.text, index == 0, index == len(shown) - 1)
            parts.append(html)
            room -= used
            continue
        end = _cut(segment.text, room)
        wrapper = _WRAPPERS.get(segment.op)
        if wrapper:
            joined = segment.op == "delete" and side == "both"
            parts.append(wrapper.format(visible(segment.text[:end], True, not joined)))
        else:
            parts.append(visible(segment.text[:end]))
        hidden += len(segment.text) - end
        room -= end
    return Pane(Markup("").join(parts), hidden, exact=side != "both")


def _literal(text: str) -> Markup:
    return escape(literal(text))


def literal_pane(pieces: Sequence[Segment], side: str) -> Pane:
    """One side of a diff as it really is: a JSON string literal on one line (``"GET\\n/users
    \\n..."``), what the diff changed in ``<del>`` or ``<ins>``, long unchanged runs shortened
    to their ends, at most ``PANE_CHARS`` characters (the diff beside it has them all)."""
    shown = [segment for segment in pieces if segment.op in _SIDES[side]]
    room = PANE_CHARS
    parts: list[Markup] = [Markup('"')]
    hidden = 0
    for index, segment in enumerate(shown):
        if room <= 0:
            hidden += len(segment.text)
        elif segment.op == "equal":
            html, used = _elided(segment.text, index == 0, index == len(shown) - 1, _literal)
            parts.append(html)
            room -= used
        else:
            end = min(len(segment.text), room)
            parts.append(_WRAPPERS[segment.op].format(_literal(segment.text[:end])))
            hidden += len(segment.text) - end
            room -= end
    parts.append(Markup('"') if not hidden else Markup("…"))
    return Pane(Markup("").join(parts), hidden)


def diff_pane(before: str, after: str, side: str = "both", full: bool = False) -> Pane:
    """``before`` -> ``after`` as a ``segments_pane``."""
    return segments_pane(segments(before, after), side, full)


def diff_segments(before: str, after: str) -> list[Segment]:
    """The page's diff of ``before`` -> ``after``, for a template that shows it twice."""
    return segments(before, after)


def diff(before: str, after: str, side: str = "both") -> Markup:
    """The whole diff of ``before`` -> ``after`` (see ``segments_pane``)."""
    return diff_pane(before, after, side, full=True).html


#: Panes a step shows as text; the others show what the step changed.
PLAIN_STEPS = frozenset(
    {"join", "concat", "hmac"}
    # SigV4: hashes, derived keys and strings built from several inputs
    | {"payload_hash", "canonical_request", "canonical_request_hash", "credential_scope"}
    | {"k_date", "k_region", "k_service", "k_signing", "string_to_sign"}
    # RFC 9421 and OAuth 1.0a: a digest, and steps whose input is a description of what they
    # gather; a described scheme's body hash
    | {"content_digest", "signature_params", "signature_base"}
    | {"collect_params", "signing_key", "base_string", "body_hash"}
)


def step_pane(step: Step, side: str, full: bool = False) -> Pane:
    """A step's ``input`` or ``output``: as text, or with what the step changed marked."""
    if step.id in PLAIN_STEPS:
        return visible_pane(step.input if side == "before" else step.output, full)
    return diff_pane(step.input, step.output, side, full)


def lens_groups(result: SignResult) -> list[tuple[Step, list[LensEntry]]]:
    """The lens entries grouped under the step each mistake touches, in step order."""
    by_step: dict[str, list[LensEntry]] = {}
    ids = {step.id for step in result.outcome.steps}
    for entry in result.mistakes or ():
        # A family's entry may name a step this trace lacks: then under the family's own.
        step = entry.instance.words.step
        by_step.setdefault(step if step in ids else entry.instance.mistake.step, []).append(entry)
    return [(step, by_step[step.id]) for step in result.outcome.steps if step.id in by_step]


# --- the gateway's window -------------------------------------------------------------

#: Seconds shown either side of the server's second and of the client's.
AROUND = 3


@dataclass(frozen=True)
class Tick:
    """A second the gateway tries, with its place in the gateway's order (1-based)."""

    entry: WindowEntry
    order: int
    client: bool


@dataclass(frozen=True)
class Gap:
    """Seconds of the window left out of the picture."""

    seconds: int


@dataclass(frozen=True)
class WindowView:
    items: list[Tick | Gap] = field(default_factory=list)
    accepted: Tick | None = None
    tries: int = 0


def _spans(centres: Iterable[int], first: int, last: int) -> set[int]:
    shown: set[int] = set()
    for centre in centres:
        shown.update(range(max(first, centre - AROUND), min(last, centre + AROUND) + 1))
    return shown


def window_view(entries: Sequence[WindowEntry], client: int | None) -> WindowView:
    """The window in time order, drawn around the server's second, the client's and the one
    that accepts, plus the window's two ends; the seconds between are counted in gaps.

    One pass over the entries (a window can be 86,400 seconds either way); what is drawn is
    bounded whatever the window.
    """
    if not entries:
        return WindowView()
    epochs = [entry.epoch for entry in entries]
    first, last = min(epochs), max(epochs)
    accepted = next((index for index, entry in enumerate(entries) if entry.accepted), None)
    centres = [entries[0].epoch, first, last]
    if client is not None:
        centres.append(client)
    if accepted is not None:
        centres.append(entries[accepted].epoch)
    wanted = _spans(centres, first, last)
    ticks: dict[int, Tick] = {}
    shown: list[int] = sorted(wanted)
    hidden = [0] * (len(shown) + 1)
    for index, entry in enumerate(entries):
        if entry.epoch in wanted:
            ticks[entry.epoch] = Tick(entry, index + 1, entry.epoch == client)
        else:
            hidden[bisect_left(shown, entry.epoch)] += 1
    items: list[Tick | Gap] = []
    for position, epoch in enumerate(shown):
        if hidden[position]:
            items.append(Gap(hidden[position]))
        if epoch in ticks:
            items.append(ticks[epoch])
    if hidden[-1]:
        items.append(Gap(hidden[-1]))
    found = ticks.get(entries[accepted].epoch) if accepted is not None else None
    return WindowView(items, found, len(entries))


# --- small filters ---------------------------------------------------------------------


def code_spans(text: str) -> Markup:
    """Escape ``text`` and show its `backticked` parts as code, as the core writes them."""
    pieces = text.split("`")
    if len(pieces) % 2 == 0:  # an unpaired backtick: show the text as it is
        return escape(text)
    code = Markup("<code>{}</code>")
    return Markup("").join(
        code.format(piece) if index % 2 else escape(piece) for index, piece in enumerate(pieces)
    )


def byte_length(text: str) -> int:
    return len(text.encode("utf-8"))


def register(app: Flask) -> None:
    for name, function in (
        ("visible", visible),
        ("code_spans", code_spans),
        ("diff", diff),
        ("byte_length", byte_length),
        ("visible_pane", visible_pane),
        ("hex_pane", hex_pane),
        ("diff_pane", diff_pane),
        ("segments_pane", segments_pane),
        ("literal_pane", literal_pane),
        ("diff_segments", diff_segments),
    ):
        app.add_template_filter(function, name)
    app.jinja_env.globals["LENS_INLINE_CHARS"] = LENS_INLINE_CHARS
    app.add_template_global(step_pane)
    app.add_template_global(lens_groups)
    app.add_template_global(window_view)
