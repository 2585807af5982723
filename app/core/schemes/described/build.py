"""A ``Scheme`` built from a description: its inputs, steps, key, mistakes and verdict."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator

from app.core.digest import same_signature, signature_of
from app.core.mistakes import Apply, Mistake, common_mistakes, never, single
from app.core.recipe import Recipe
from app.core.schemes.base import Scheme, SignedHeaders, Verdict
from app.core.schemes.clock import Context
from app.core.schemes.declare import (
    API_KEY,
    BODY,
    HEADERS,
    METHOD,
    ORIGIN,
    PARAMS,
    PATH,
    SECRET,
    SECRET_ENCODING,
    Input,
    Location,
    Transport,
)
from app.core.schemes.described import engine, options
from app.core.schemes.described.clock import SERVER_TIME, TIMESTAMP, build_clock, outside
from app.core.schemes.described.engine import Source, effective
from app.core.schemes.described.model import DescribedMistake, Description
from app.core.schemes.described.parts import NONCE_INPUT, carried_body_hash
from app.core.schemes.described.program import program
from app.core.schemes.described.transforms import TRANSFORMS
from app.core.schemes.described.transport import reader, signatures_in, travels
from app.core.schemes.layout import Reading
from app.core.trace import Step

#: The inputs every described scheme reads besides its parts'.
KEY_INPUTS = (SECRET, SECRET_ENCODING)

NONCE = Input(
    NONCE_INPUT, "Client nonce", "text", "The one-time value the client signed.", default=""
)
MESSAGE_ID = Input(
    "message_id", "Message id", "text", "The delivery's unique id (`webhook-id`).", default=""
)

#: The inputs each part kind reads.
READS: dict[str, tuple[Input, ...]] = {
    "method": (METHOD,),
    "path": (PATH,),
    "query": (PARAMS,),
    "headers": (HEADERS,),
    "header": (HEADERS,),
    "body": (BODY,),
    "body_hash": (BODY,),
    "timestamp": (TIMESTAMP,),
    "nonce": (NONCE,),
    "message_id": (MESSAGE_ID,),
    "api_key": (API_KEY,),
    "literal": (),
    "url": (ORIGIN, PATH, PARAMS),
    "form_params": (BODY,),
}

#: Output forms, as ``Transport.forms`` and the diagnosis name them.
FORM_WORDS = {
    "hex": "lower-case hex",
    "hex_upper": "upper-case hex",
    "base64": "base64",
    "base64url": "base64url",
}

_OUTPUTS = {
    "hex": (
        "Hex sent instead of {form}",
        "The server expects {form}; the client sent the digest in lower-case hex.",
        "sent the signature in lower-case hex",
    ),
    "hex_upper": (
        "Upper-case hex sent",
        "The server expects {form} and compares strings, so `A1B2…` is not `a1b2…`.",
        "sent the signature in upper-case hex",
    ),
    "base64": (
        "Base64 sent instead of {form}",
        "The server expects {form}; the client sent the same digest in base64.",
        "sent the signature in base64",
    ),
    "base64url": (
        "Base64url sent instead of {form}",
        "The server expects {form}; the client sent the digest in base64url (`-_`).",
        "sent the signature in base64url",
    ),
}


def inputs_of(description: Description, *extra: Input) -> tuple[Input, ...]:
    found = [given for part in description.parts for given in READS[part.kind]]
    if description.clock is not None:
        found.append(SERVER_TIME)
    return tuple(dict.fromkeys([*found, *extra, *KEY_INPUTS]))


def output_mistakes(output: str) -> tuple[Mistake, ...]:
    """A digest sent in another form than ``output``, one mistake per form. (``custom``
    has none: its form is each request's description's; the diagnosis reads it from the
    recipe, ``Scheme.forms``, and names another form by itself.)"""
    form = FORM_WORDS[output]
    return tuple(
        Mistake(
            f"output_{other}",
            "hmac",
            title.format(form=form),
            explanation.format(form=form),
            single(lambda r, other=other: r.with_(output=other)),  # type: ignore[misc]
            clause=clause,
            fix=f"Send the digest as {form}: the server compares strings.",
        )
        for other, (title, explanation, clause) in _OUTPUTS.items()
        if other != output
    )


def _described_apply(
    mistake: DescribedMistake, source: Source
) -> Callable[[Recipe], Iterator[tuple[str, Recipe]]]:
    transform = TRANSFORMS[mistake.transform] if mistake.transform else None

    def apply(recipe: Recipe) -> Iterator[tuple[str, Recipe]]:
        mistaken: Recipe | None = recipe
        for path, value in mistake.set.items():
            mistaken = options.with_setting(mistaken, path, value) if mistaken else None
        if mistaken is not None and transform is not None:
            mistaken = transform(mistaken)
        if mistaken is None:
            return
        if mistake.set and (
            engine.overridden_or_none(source, mistaken) is None
            or not engine.key_decodes(effective(source, mistaken), mistaken)
        ):
            return
        yield "", mistaken

    return apply


def _each_own(source: Source) -> Callable[[Recipe], Iterator[tuple[str, Recipe]]]:
    """``custom``'s own mistakes: whatever its description lists, each by its id."""

    def apply(recipe: Recipe) -> Iterator[tuple[str, Recipe]]:
        for mistake in effective(source, recipe).mistakes:
            for _, mistaken in _described_apply(mistake, source)(recipe):
                yield mistake.id, mistaken

    return apply


#: ``custom``'s own mistakes, as one family: the id ``own:<yours>``, and your words for each
#: (these only when a description no longer lists the one named).
OWN_FAMILY = (
    "own",
    "join",
    "Your description's mistake `{target}`",
    "A mistake your description lists (`mistakes`), applied to this request.",
    "made the mistake your description calls `{target}`",
    "Undo `{target}`, as your description's own words for it say.",
)


def _literal(text: str) -> str:
    """A title or explanation, which are text, as the template ``Mistake`` keeps."""
    return text.replace("{", "{{").replace("}", "}}")


def _entry(m: DescribedMistake, apply: Apply, mistake_id: str | None = None) -> Mistake:
    return Mistake(
        mistake_id or m.id,
        m.step,
        _literal(m.title),
        _literal(m.explanation),
        apply,
        clause=m.clause,
        fix=m.fix,
        harmless=m.harmless,
    )


def own_mistakes(description: Description | None, source: Source) -> tuple[Mistake, ...]:
    """The description's own mistakes, as catalogue entries (for ``custom``, whose
    description comes with each request, one family that applies whichever it lists and
    says each in its description's words)."""
    if description is not None:
        return tuple(_entry(m, _described_apply(m, source)) for m in description.mistakes)
    own_id, step, title, explanation, clause, fix = OWN_FAMILY

    def speaks(target: str, recipe: Recipe) -> Mistake:
        listed = {m.id: m for m in effective(source, recipe).mistakes}
        return _entry(listed[target], never, own_id) if target in listed else family

    family = Mistake(
        own_id, step, title, explanation, _each_own(source), clause=clause, fix=fix, speaks=speaks
    )
    return (family,)


def layout(description: Description | None) -> Callable[[str, str], list[Reading]]:
    """Compare's sections: the parts in order, split at the separator (the last part takes
    the rest, so a body holding the separator stays one section). Linear in the string.
    Without a fixed description (``custom``), or without a separator, one section."""

    def read(text: str, variant: str) -> list[Reading]:
        if description is None or not description.separator:
            return [(("string_to_sign", 0, len(text) + 1),)]
        separator = description.separator
        ids = engine.step_ids(description)
        spans, start = [], 0
        for step_id in ids[:-1]:
            end = text.find(separator, start)
            if end < 0:
                break
            spans.append((step_id, start, end + len(separator)))
            start = end + len(separator)
        spans.append((ids[len(spans)], start, len(text) + 1))
        return [tuple(spans)]

    return read


def _stale_body_hash(description: Description, recipe: Recipe) -> str:
    """Why the verifier refuses a body whose hash the URL carries (Twilio's `bodySHA256`)
    though the signature matches: that hash is not the body's. Empty when it is."""
    for part in description.parts:
        carried = carried_body_hash(part, recipe)
        if carried is not None and not hmac.compare_digest(*carried):
            name = getattr(part, "body_hash_param", "")
            return (
                f"the URL's `{name}` is not the body's SHA-256 (`{carried[1]}`): the body is "
                "not the one that was hashed (re-serialized, or changed on the way)"
            )
    return ""


def verify(source: Source) -> Callable[[Scheme, Recipe, str, Context], Verdict]:
    """The server's verdict: the signature over the request (and over each variant of it the
    server also accepts) compared with the sent one, then the timestamp's age."""

    def verdict(scheme: Scheme, recipe: Recipe, sent: str, context: Context) -> Verdict:
        server = recipe.with_(flags=frozenset(), message_encoding="utf-8")
        description = effective(source, server)
        engine.key_bytes(description, recipe.secret, recipe.secret_encoding, strict=True)
        server = server.with_(algorithm=description.hash, output=description.output)
        tries: list[tuple[str, Recipe]] = [("the request", server)]
        for name in description.also_accept:
            changed = TRANSFORMS[name](server)
            if changed is not None:
                tries.append((name.replace("_", " "), changed))
        matched = None
        for label, tried in tries:
            text = scheme.string_to_sign(tried)
            expected = signature_of(scheme, tried, text).encoded(tried.output)
            if same_signature(sent, expected):
                matched = label
                break
        if matched is None:
            return Verdict(False, "It differs from the signature the server computes.")
        how = "" if matched == "the request" else f" (as the server also tries: {matched})"
        stale = _stale_body_hash(description, recipe)
        if stale:
            return Verdict(False, f"The signature matches{how}, but {stale}.")
        clock, timestamp = description.clock, recipe.request.timestamp
        now = context.get(SERVER_TIME.name)
        if clock is not None and timestamp is not None and isinstance(now, int):
            late = outside(clock, timestamp, now)
            if late is not None:
                return Verdict(False, f"The signature matches{how}, but {late}.")
        return Verdict(True, f"It equals the signature the server computes{how}.")

    return verdict


def transport(description: Description) -> Transport:
    travel = description.travel
    form = FORM_WORDS[description.output]
    if travel is None:
        return Transport(f"not said: {form}", Location(), forms=(description.output,))
    place = travel.place
    where = " or ".join(f"`{name}`" for name in place.headers) or f"`{place.param}` parameter"
    head = travel.template.partition("{signature}")[0]
    prefix = head.rpartition(travel.list or "\n")[2] if travel.list else head
    words = f"{where}: `{travel.template}`, the signature in {form}"
    timestamp = travel.values.get("timestamp")
    return Transport(
        words,
        Location(
            headers=tuple(name.lower() for name in place.headers),
            params=(place.param,) if place.param else (),
            prefixes=(prefix,) if prefix else (),
        ),
        timestamp=Location(headers=tuple(name.lower() for name in timestamp.headers))
        if timestamp
        else Location(),
        forms=(description.output,),
    )


def build(
    name: str,
    source: Source,
    description: Description,
    *,
    extra_inputs: tuple[Input, ...] = (),
    generated: Description | None = None,
) -> Scheme:
    """The scheme named ``name`` whose description ``source`` gives (``description`` is
    that of a correct recipe: its title, inputs, transport and own mistakes). ``generated``
    narrows the generated mistakes to those that apply to it."""

    def canonicalize(recipe: Recipe) -> list[Step]:
        return engine.canonicalize(effective(source, recipe), recipe)

    def string_only(recipe: Recipe) -> str:
        return engine.string_to_sign(effective(source, recipe), recipe)

    def key(recipe: Recipe) -> bytes:
        description = effective(source, recipe)
        return engine.key_bytes(description, recipe.secret, recipe.secret_encoding)

    # The shared mistakes, but their output forms (``output_mistakes``) and, for a secret
    # the description decodes, decoding it.
    skip = {"output_hex_upper", "output_base64"}
    if description.key.encoding != "text":
        # Its own key mistakes say it; and a decoder skips a trailing newline.
        skip |= {"secret_decoded", "secret_not_decoded", "secret_trailing_newline"}
    common = tuple(m for m in common_mistakes(FORM_WORDS[description.output]) if m.id not in skip)
    signs_headers = any(part.kind in ("headers", "header") for part in description.parts)
    return Scheme(
        name=name,
        title=description.title,
        signer="Your verifier" if description.signer == "verifier" else "Your client",
        signatures=signatures_in(description),
        algorithm=description.hash,
        variants=(),
        inputs=inputs_of(description, *extra_inputs),
        transport=transport(description),
        canonicalize=canonicalize,
        string_only=string_only,
        key=key,
        mistakes=own_mistakes(generated, source)
        + options.mistakes(source, generated)
        + common
        + (output_mistakes(description.output) if generated is not None else ()),
        verify=verify(source),
        clock=build_clock(description.clock) if description.clock else None,
        signed_headers=(
            SignedHeaders(
                "",
                (),
                signs_headers,
                "the description's `headers` parts sign the headers they name"
                if signs_headers
                else "this scheme signs no header",
            ),
        ),
        layout=layout(generated),
        read=reader(description) if generated is not None else None,
        travels=travels(source),
        program=program(name, source),
    )
