"""What a view needs to know about the request it serves, asked in one place."""

from __future__ import annotations

from flask import current_app, request

from app.core.inputs import Limits

#: Where ``create_app`` keeps the input limits it read from the settings, once.
LIMITS = "sigscope.limits"


def limits() -> Limits:
    """The input limits of the app serving this request."""
    found: Limits = current_app.extensions[LIMITS]
    return found


def wants_fragment() -> bool:
    """htmx's live updates get the result fragment; its history restores, the whole page."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )
