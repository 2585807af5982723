"""Where a described scheme's signature travels: reading a delivery, and writing one.

``reader`` recognises a received request by the header (or param) its description's
``travel`` names, and reads the signature and the values the template and ``values`` say
travel with it (Stripe's `t=…,v1=…`, Standard Webhooks' `webhook-id`...). ``travels`` writes
the carrying header(s) back for a signature. Linear in the request.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable

from app.core.recipe import Recipe
from app.core.request import Pairs
from app.core.schemes.described.engine import Source, effective
from app.core.schemes.described.model import Description, Place, Travel
from app.core.schemes.described.parts import ENCODE, NONCE_INPUT, timestamp_text
from app.core.schemes.evidence import Evidence, Reading

#: Inputs a template or ``values`` may carry, by name, and the request input each fills.
CARRIED = {"message_id": "message_id", "nonce": NONCE_INPUT}


def _found(evidence: Evidence, place: Place) -> tuple[str, str] | None:
    """``(where, value)`` of the first of the place's headers present, or its param."""
    for name in place.headers:
        value = evidence.header(name.lower())
        if value is not None:
            return name, value
    if place.param is not None:
        value = evidence.param(place.param)
        if value is not None:
            return place.param, value
    return None


def _is_digest(sent: str, description: Description) -> bool:
    """Whether ``sent`` decodes, in the scheme's output form, to a digest of its hash."""
    size = hashlib.new(description.hash).digest_size
    try:
        if description.output.startswith("hex"):
            return len(bytes.fromhex(sent)) == size
        standard = sent.replace("-", "+").replace("_", "/")
        decoded = base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
    except ValueError:
        return False
    return len(decoded) == size


def _template_items(travel: Travel) -> list[tuple[str, str, str]]:
    """``(field, before, after)`` per item of the template: `t={timestamp}` gives
    ``("timestamp", "t=", "")``."""
    items = travel.template.split(travel.list) if travel.list else [travel.template]
    found = []
    for item in items:
        before, brace, rest = item.partition("{")
        name, _, after = rest.partition("}")
        if brace:
            found.append((name, before, after))
    return found


def _read_value(value: str, travel: Travel) -> tuple[dict[str, list[str]], list[str]]:
    """The template's fields as the value carries them (each may repeat), and notes."""
    sent = value.split(travel.list) if travel.list else [value]
    fields: dict[str, list[str]] = {}
    notes = []
    for name, before, after in _template_items(travel):
        for item in (item.strip() for item in sent):  # read leniently; the note says it
            if item.startswith(before) and item.endswith(after) and len(item) >= len(before):
                fields.setdefault(name, []).append(item[len(before) : len(item) - len(after)])
    if travel.list == "," and any(item != item.strip() for item in sent):
        notes.append(
            "The header has spaces after its commas: a parser that splits on `,` and does "
            "not trim (Stripe's) finds no signature in it."
        )
    return fields, notes


def signatures_in(description: Description) -> Callable[[str], tuple[str, ...]]:
    """``Scheme.signatures``: the signatures a header value carries (Stripe's `v1=` items,
    Standard Webhooks' `v1,` ones), read by the description's template."""
    travel = description.travel

    def split(text: str) -> tuple[str, ...]:
        if travel is None or not travel.list:
            return ()
        return tuple(_read_value(text.strip(), travel)[0].get("signature", ()))

    return split


def reader(description: Description) -> Callable[[Evidence], Reading | None]:
    """The scheme's ``read``: a delivery carrying its signature header, read as it travels."""
    travel = description.travel

    def read(evidence: Evidence) -> Reading | None:
        if travel is None:
            return None
        carrier = _found(evidence, travel.place)
        if carrier is None:
            return None
        where, value = carrier
        fields, notes = _read_value(value.strip(), travel)
        signatures = fields.get("signature") or [value.strip()]
        if len(signatures) > 1:
            digests = [sent for sent in signatures if _is_digest(sent, description)]
            signatures = digests + [sent for sent in signatures if sent not in digests]
            notes.append(
                f"`{where}` carries {len(signatures)} signatures (a secret rotation, or "
                "several schemes): Signature to check holds the header's value, and a match "
                "with any one of them is a match, as the server accepts any one; a mismatch "
                "is explained for the first that is a digest of this scheme's hash."
            )
        inputs: list[tuple[str, str]] = []
        values = dict(fields)
        for carried_name, place in travel.values.items():
            extra = _found(evidence, place)
            if extra is not None:
                values.setdefault(carried_name, []).append(extra[1].strip())
        for name, request_input in CARRIED.items():
            if values.get(name):
                inputs.append((request_input, values[name][0]))
        stamp = (values.get("timestamp") or [""])[0]
        timestamp = int(stamp) if stamp.isascii() and stamp.isdigit() else None
        if stamp and timestamp is None:
            notes.append(f"The timestamp `{stamp[:40]}` is not whole epoch seconds.")
        query_notes = _query_note(description, evidence)
        notes.extend(query_notes)
        return Reading(
            signature=value.strip() if len(signatures) > 1 else signatures[0],
            source=f"the `{where}` header" if where in travel.place.headers else f"`{where}`",
            carriers=(where.lower(),) if where in travel.place.headers else (),
            params_removed=(where,) if where == travel.place.param else (),
            api_key=values["api_key"][0] if values.get("api_key") else None,
            timestamp=timestamp,
            inputs=tuple(inputs),
            notes=tuple(notes),
            query_as_sent=bool(query_notes),
        )

    return read


def _query_note(description: Description, evidence: Evidence) -> list[str]:
    """A URL-signing scheme would re-encode the query from its decoded params: when that is
    not the query as sent, the import keeps it as sent (the signature is over the URL as the
    sender wrote it), and says so."""
    url = next((part for part in description.parts if part.kind == "url"), None)
    if url is None or not evidence.query:
        return []
    encode = ENCODE[url.encoding]
    written = "&".join(f"{encode(name)}={encode(value)}" for name, value in evidence.params)
    if written == evidence.query:
        return []
    return [
        f"The query is kept in the path as sent (`{evidence.query[:60]}`): the URL is signed "
        f"as the sender wrote it, and its values written again would read `{written[:60]}`."
    ]


def travels(source: Source) -> Callable[[Recipe, str], Pairs]:
    """Where the signature goes: the values that travel beside it, then the carrying header
    (or param) with its template filled."""

    def carried(recipe: Recipe, signature: str) -> Pairs:
        travel = effective(source, recipe).travel
        if travel is None:
            return ()
        values = {
            "signature": signature,
            "timestamp": timestamp_text(recipe),
            "message_id": recipe.request.input("message_id"),
            "nonce": recipe.request.input(NONCE_INPUT),
            "api_key": recipe.request.api_key,
        }
        found = [
            (place.headers[0], values[name])
            for name, place in travel.values.items()
            if place.headers and values[name]
        ]
        value = travel.template.format_map(values)
        if travel.place.headers:
            return (*found, (travel.place.headers[0], value))
        if travel.place.param:
            return (*found, (travel.place.param, value))
        return tuple(found)

    return carried
