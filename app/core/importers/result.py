"""What an import finds: the request, the signature, and what was left out and why. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.received import Received
from app.core.request import Pairs, SignRequest
from app.core.schemes import SCHEMES

#: The field an error about pasted text names.
FIELD = "text"


@dataclass(frozen=True)
class Unused:
    """Something in the evidence that did not become a field, and why. ``header``: a
    received header (``received`` says more about each)."""

    what: str
    why: str
    header: bool = False

    def to_dict(self) -> dict[str, str]:
        return {"what": self.what, "why": self.why}


@dataclass(frozen=True)
class HarEntry:
    index: int
    method: str
    url: str

    def to_dict(self) -> dict[str, object]:
        return {"index": self.index, "method": self.method, "url": self.url}


@dataclass(frozen=True)
class ImportResult:
    """The request found in the evidence. ``scheme`` is a guess from where the signature or
    key travelled (``None`` when nothing tells); ``entries`` and ``entry`` are a HAR's."""

    format: str
    request: SignRequest
    signature: str | None = None
    scheme: str | None = None
    unused: tuple[Unused, ...] = ()
    notes: tuple[str, ...] = ()
    entries: tuple[HarEntry, ...] = ()
    entry: int | None = None
    variant: str | None = None
    received: tuple[Received, ...] = ()

    @property
    def unused_besides_headers(self) -> tuple[Unused, ...]:
        return tuple(item for item in self.unused if not item.header)

    def to_dict(self) -> dict[str, object]:
        request = self.request
        return {
            "format": self.format,
            "request": {
                "method": request.method,
                "path": request.path,
                "headers": [list(pair) for pair in request.headers],
                "params": [list(pair) for pair in request.params],
                "body": request.body,
                "api_key": request.api_key,
                "timestamp": request.timestamp,
                **_typed(self.scheme, request.inputs),
            },
            "signature": self.signature,
            "scheme": self.scheme,
            "unused": [item.to_dict() for item in self.unused],
            "notes": list(self.notes),
            "entries": [entry.to_dict() for entry in self.entries],
            "entry": self.entry,
            "variant": self.variant,
            "received": [item.to_dict() for item in self.received],
        }


def _typed(scheme: str | None, inputs: Pairs) -> dict[str, object]:
    """A scheme's own inputs as ``/api/v1/sign`` takes them: a number input as a number."""
    declared = SCHEMES.get(scheme) if scheme else None
    typed: dict[str, object] = {}
    for name, value in inputs:
        given = declared.input(name) if declared else None
        numeric = given is not None and given.kind in ("epoch", "integer")
        typed[name] = int(value) if numeric and value.lstrip("-").isdigit() else value
    return typed


@dataclass
class Draft:
    """A request as one format found it, before the rules above are applied."""

    method: str = "GET"
    url: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""
    unused: list[Unused] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def skip(self, what: str, why: str, *, header: bool = False) -> None:
        self.unused.append(Unused(what, why, header))
