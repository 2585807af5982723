"""What a scheme reads from a received request it recognises as its own. Pure data.

The generic importers find a signature, a key and a timestamp where a scheme's ``Transport``
says they travel. Some schemes carry more, and say so in the request itself: SigV4's
``Authorization`` names the credential scope and the signed headers, RFC 9421's
``Signature-Input`` the covered components and their parameters, OAuth's header every
``oauth_*`` value. Such a scheme declares ``Scheme.read``: given the ``Evidence``, it returns a
``Reading`` (or ``None`` when the request is not its own), and the importers take it whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.request import Pairs


@dataclass(frozen=True)
class Evidence:
    """A received request, as the importers found it."""

    method: str
    #: ``https://host[:port]`` from the URL, or from the ``Host`` header (raw HTTP, read as
    #: https); ``""`` when neither tells.
    origin: str
    #: As sent, without the query.
    path: str
    #: The raw query, without ``?``, never re-encoded.
    query: str
    #: The query, form-decoded, in order, repeats kept.
    params: Pairs
    #: Every received header as sent, in order.
    headers: Pairs
    body: str

    def header(self, lower_name: str) -> str | None:
        """The first value of header ``lower_name``, or ``None``."""
        return next((v for n, v in self.headers if n.lower() == lower_name), None)

    def param(self, name: str) -> str | None:
        """The first value of query parameter ``name``, or ``None``."""
        return next((v for n, v in self.params if n == name), None)


@dataclass(frozen=True)
class Reading:
    """What a scheme read from evidence it recognised as its own."""

    #: As ``/api/v1/diagnose`` takes it (the scheme's transport form).
    signature: str
    #: Where it was found, in words: "`Signature=` in the `Authorization` header".
    source: str
    #: Lower-case names of the headers that only carry the signature: they leave the request.
    carriers: tuple[str, ...] = ()
    #: Query parameters that leave the request (``X-Amz-Signature``).
    params_removed: tuple[str, ...] = ()
    api_key: str | None = None
    #: The epoch second the client signed, for the clock.
    timestamp: int | None = None
    #: The scheme's own inputs read from the evidence: ``(("region", "us-east-1"),)``.
    inputs: Pairs = ()
    variant: str | None = None
    notes: tuple[str, ...] = ()
    #: Lower-case names of the headers the evidence itself says are signed (SigV4's
    #: ``SignedHeaders``, RFC 9421's covered fields): exactly these are kept as signed.
    signed_headers: tuple[str, ...] | None = None
    #: Headers the scheme needs that the wire format leaves implicit (SigV4's ``Host`` from a
    #: curl URL), added to the received headers.
    headers_added: Pairs = ()
    #: The scheme signs the query exactly as sent and re-encoding its values would change it
    #: (Twilio's `a+b`): the import keeps the query in the path, as received.
    query_as_sent: bool = False
