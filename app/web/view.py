"""What the page's templates show, decided here so that the templates only render: the form
built from the registry, the lens cards, names of formats and algorithms."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from flask import Flask

from app.core.diagnose import Diagnosis, Explanation
from app.core.digest import HASH_TITLES
from app.core.errors import InputError
from app.core.importers import ImportResult
from app.core.received import SIGNATURE, Received
from app.core.schemes import SCHEMES
from app.core.schemes.declare import Input, secrets_needed
from app.core.signing import LensEntry, SignResult
from app.core.trace import Step
from app.web.fields import choices, groups, menu_value
from app.web.form import FormState
from app.web.render import LENS_INLINE_CHARS, Tick, WindowView, lens_groups

if TYPE_CHECKING:
    from app.web.pages import PageResult

#: How the import summary names each format it reads.
FORMAT_NAMES = {
    "curl": "a curl command",
    "http": "a raw HTTP request",
    "har": "a HAR file",
    "url": "a URL",
}


@dataclass(frozen=True)
class HeaderButton:
    """A button adding the headers a menu entry's clients add on their own ("Add the SDK's
    own headers"). ``headers`` is JSON ``[[name, value], ...]`` for the page's script."""

    value: str
    label: str
    headers: str


def header_buttons() -> list[HeaderButton]:
    return [
        HeaderButton(
            menu_value(scheme.name, variant.id),
            f"Add the {variant.title}'s own headers",
            json.dumps(variant.own_headers),
        )
        for scheme in SCHEMES.values()
        for variant in scheme.variants
        if variant.own_headers
    ]


def form_context(form: FormState) -> dict[str, object]:
    """The form's menu and fieldsets, from the registry as it is now."""
    return {
        "scheme_choices": choices(),
        "groups": groups(),
        "header_buttons": header_buttons(),
    }


@dataclass(frozen=True)
class LensCard:
    """One mistake's card: ``same`` when it signs the correct string (nothing to diff),
    ``lazy`` when its diff is fetched as it opens (a long string), ``opened`` when asked."""

    entry: LensEntry
    same: bool
    opened: bool
    lazy: bool
    #: "Show all" was pressed in its diff: the diff is shown whole.
    whole: bool

    @property
    def id(self) -> str:
        return self.entry.instance.id

    @property
    def dom_id(self) -> str:
        return "mistake-" + self.id.replace(":", "-")


@dataclass(frozen=True)
class LensView:
    groups: list[tuple[Step, list[LensCard]]]
    changing: int
    total: int


def lens_view(result: SignResult, expand: str) -> LensView:
    """The lens cards grouped by step. Small strings: every card carries its diff (this also
    serves pages without JavaScript); long ones: a card fetches its diff when opened."""
    correct = result.outcome.string_to_sign
    inline = len(correct) <= LENS_INLINE_CHARS

    def card(entry: LensEntry) -> LensCard:
        key = entry.instance.id
        same = entry.outcome.string_to_sign == correct
        whole = expand == f"lens-all:{key}"
        opened = whole or expand == f"lens:{key}"
        return LensCard(entry, same, opened, not (same or inline or opened), whole)

    entries = result.mistakes or ()
    grouped = [(step, [card(entry) for entry in group]) for step, group in lens_groups(result)]
    changing = sum(1 for entry in entries if entry.changes_signature)
    return LensView(grouped, changing, len(entries))


#: The verdict lists this many explanations; the API has them all.
SHOWN_EXPLANATIONS = 5


@dataclass(frozen=True)
class ExplanationView:
    """One explanation of a mismatch, and whether its string differs from the form's (then
    the verdict shows the diff)."""

    explanation: Explanation
    differs: bool


def explanations_view(
    diagnosis: Diagnosis, result: SignResult
) -> tuple[list[ExplanationView], int]:
    """The explanations the verdict lists, and how many more the API has."""
    correct = result.outcome.string_to_sign
    shown = diagnosis.explanations[:SHOWN_EXPLANATIONS]
    views = [ExplanationView(e, e.outcome.string_to_sign != correct) for e in shown]
    return views, len(diagnosis.explanations) - len(shown)


def status_text(
    error: InputError | None, diagnosis: Diagnosis | None, result: SignResult | None
) -> str:
    """What the page's polite status region announces after each update."""
    if error:
        return f"Error: {error.message}"
    if diagnosis:
        if diagnosis.match:
            return "Signature matches."
        first = diagnosis.explanations[0].summary if diagnosis.explanations else diagnosis.message
        return f"Signature does not match. {first}"
    if result:
        return f"Signature updated: {result.outcome.signature.hex[:12]}…"
    return ""


@dataclass(frozen=True)
class VerdictBar:
    """The result in one line: ``tone`` good, bad or waiting; ``link`` the id of the details."""

    tone: str
    word: str
    summary: str = ""
    link: str = ""
    link_text: str = "Details"


def verdict_bar(page: PageResult) -> VerdictBar:
    """What the verdict banner says for a ``pages.PageResult``."""
    if page.error:
        field = page.error.field.replace("_", " ").capitalize() if page.error.field else "Input"
        return VerdictBar("bad", f"✖ {field}:", page.error.message)
    if page.result is None:
        return VerdictBar("waiting", "Fill in the request", "to see its string to sign.")
    if page.keyless:
        return VerdictBar(
            "waiting", "Type the Secret key", "to see the HMAC.", "f-secret", "Go to the field"
        )
    if page.diagnosis_error:
        return VerdictBar("bad", "✖ Cannot read the signature to check:", "", "verdict")
    if page.diagnosis:
        found = page.diagnosis
        if found.match:
            return VerdictBar(
                "good", "✓ Match", "the signature to check is this request's.", "verdict"
            )
        first = found.explanations[0].summary if found.explanations else found.message
        return VerdictBar("bad", "✖ Mismatch:", first, "verdict")
    hmac = page.result.outcome.signature.hex
    return VerdictBar(
        "waiting", f"HMAC {hmac[:16]}…", "Paste the rejected signature in Signature to check."
    )


def utc_time(epoch: int) -> str:
    """An epoch second as people read it: ``22:13:20 UTC`` (the date when it is not 1970's)."""
    try:
        moment = datetime.fromtimestamp(epoch, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return "beyond the calendar"
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def in_milliseconds(epoch: int | None) -> bool:
    """An epoch beyond the year 5000 in seconds is a timestamp in milliseconds, as
    JavaScript's ``Date.now()`` gives: the window picture says so."""
    return epoch is not None and epoch >= 100_000_000_000


def client_outside(window: WindowView, client: int | None, server: int) -> int | None:
    """The client's offset from the server's second when the window's picture does not hold
    it (it is outside the window): the picture then draws it apart. ``None`` otherwise."""
    if client is None or any(isinstance(item, Tick) and item.client for item in window.items):
        return None
    return client - server


#: The headline names this many schemes; the rest are counted (the menu lists them all).
HEADLINE_SCHEMES = 5


def scheme_titles() -> str:
    """The schemes the page knows, as the headline names them: "ActionStreamer and ApiAxle",
    or the first few and how many more."""
    titles = [scheme.title for scheme in SCHEMES.values()]
    if len(titles) > HEADLINE_SCHEMES + 1:
        more = len(titles) - HEADLINE_SCHEMES
        titles = [*titles[:HEADLINE_SCHEMES], f"{more} more in the Scheme menu"]
    return ", ".join(titles[:-1]) + " and " + titles[-1] if len(titles) > 1 else "".join(titles)


@dataclass(frozen=True)
class ReceivedView:
    """An import's received headers: the signed ones (and the signature) listed, the rest
    folded under a one-line ``summary`` ("12 not signed: Host, Accept, User-Agent and 9 more")."""

    shown: list[Received]
    folded: list[Received]
    summary: str


def received_view(received: Sequence[Received]) -> ReceivedView:
    shown: list[Received] = []
    folded: list[Received] = []
    for item in received:
        (shown if item.signed or item.kind == SIGNATURE else folded).append(item)
    names = [item.name for item in folded[:3]]
    more = f" and {len(folded) - 3} more" if len(folded) > 3 else ""
    return ReceivedView(shown, folded, f"{len(folded)} not signed: {', '.join(names)}{more}")


def needed_secrets(form: FormState) -> list[Input]:
    """The second secrets the form's request needs (``Input.needed_with`` holds a value, as
    OAuth's `oauth_token`) but that are empty."""
    scheme = SCHEMES.get(form.scheme_name)
    return secrets_needed(scheme.inputs, form.value) if scheme is not None else []


def needed_field(form: FormState, found: ImportResult | None) -> str:
    """After an import, the field still to fill (usually the secret, then a second one such
    as OAuth's token secret): the page focuses it."""
    if found is None:
        return ""
    if not form.secret:
        return "secret"
    also = needed_secrets(form)
    if also:
        return also[0].name
    return "signature" if not form.signature else ""


def section_names(sections: Sequence[str]) -> str:
    """``("headers", "params")`` as the comparison says it: "headers or the params"."""
    return " or the ".join(name.replace("_", " ") for name in sections)


def algorithm_name(result: SignResult) -> str:
    return HASH_TITLES[result.recipe.algorithm]


def hash_name(algorithm: str) -> str:
    """``sha256`` as people write it: ``SHA-256``."""
    return algorithm.upper().replace("SHA", "SHA-")


def body_line_endings(result: SignResult) -> str | None:
    """The line endings of the body signed, for a scheme that signs a body."""
    if result.scheme.input("body") is None:
        return None
    return "CRLF" if "\r\n" in result.recipe.request.body else "LF"


def register(app: Flask) -> None:
    for function in (
        lens_view,
        explanations_view,
        status_text,
        algorithm_name,
        body_line_endings,
        verdict_bar,
        scheme_titles,
        client_outside,
        in_milliseconds,
        received_view,
    ):
        app.add_template_global(function)
    app.add_template_filter(hash_name, "hash_name")
    app.add_template_filter(utc_time, "utc_time")
    app.add_template_filter(section_names, "section_names")
    app.jinja_env.globals["FORMAT_NAMES"] = FORMAT_NAMES
