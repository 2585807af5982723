"""What a scheme's time means, how far the server tolerates it, and where it is signed.

Pure data plus small callables, like the rest of a scheme's declaration. The diagnosis reads
a scheme's ``Clock`` to search the times around the server's for the one the client signed;
nothing outside the scheme knows where its time travels or what it is called.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from app.core.mistakes import Mistake
from app.core.recipe import Recipe

#: What a scheme's verdict reads besides the request: its server-side inputs by name
#: (``Input.signed`` false), as given or defaulted; a name left out takes its default.
Context = Mapping[str, object]


@dataclass(frozen=True)
class Tolerance:
    """How far from its own clock the server accepts a signed time.

    ``seconds`` is the default either way (``None``: not published, so Sigscope reports the
    skew and invents no window); ``most`` the widest a server setting allows.
    """

    words: str
    seconds: int | None = None
    most: int | None = None


@dataclass(frozen=True)
class Clock:
    """Where a scheme signs the time, and how far the search looks around the server's.

    ``read`` gives the decimal time the request signs (``None``: no time to vary) and
    ``write`` the recipe that signs ``text`` instead. The search tries every second within
    ``seconds`` of the centre, then ``near`` seconds around each half hour up to
    ``half_hours`` away (timezones), and, within ``near`` seconds, every millisecond and
    every ``Date.now() / 1000`` fraction. ``mistakes`` says what each kind of finding
    (``seconds``, ``milliseconds``, ``fraction``) is, with its words.
    """

    #: What the signed time is, e.g. "whole seconds since the Unix epoch, UTC".
    unit: str
    tolerance: Tolerance
    read: Callable[[Recipe], str | None]
    write: Callable[[Recipe, str], Recipe]
    step: str
    seconds: int
    half_hours: int
    near: int
    mistakes: Mapping[str, Mistake]
    #: What the offset is measured from when the server's time is not given.
    reference: str
    #: The context entry holding the server's clock (epoch seconds; ``None``: not given).
    server: str = "server_time"
    #: Catalogue entries this search generalizes: left out of the single-mistake stage.
    replaces: frozenset[str] = frozenset()
    #: The context -> the server's offsets from its clock, in the order it tries them
    #: (schemes whose verdict tries a window): the search tries them itself, within its budget.
    offsets: Callable[[Context], list[int]] | None = None

    def server_time(self, context: Context) -> int | None:
        value = context.get(self.server)
        return value if isinstance(value, int) and not isinstance(value, bool) else None
