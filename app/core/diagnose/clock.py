"""Where a scheme signs the time, and which times the search tries around the server's."""

from __future__ import annotations

from collections.abc import Callable, Container, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain

from app.core.diagnose.hypotheses import Cause
from app.core.recipe import Recipe
from app.core.schemes.apiaxle import window_offsets

HALF_HOUR = 1800


@dataclass(frozen=True)
class Clock:
    """Where a scheme signs the time, and how far the search looks around the server's.

    ``read`` gives the decimal time the request signs (``None``: no time to vary) and
    ``write`` the recipe that signs ``text`` instead. The search tries every second within
    ``seconds`` of the centre, then ``near`` seconds around each half hour up to
    ``half_hours`` away (timezones), and, within ``near`` seconds, every millisecond and
    every ``Date.now() / 1000`` fraction. ``mistakes`` names what each kind of finding is.
    """

    read: Callable[[Recipe], str | None]
    write: Callable[[Recipe, str], Recipe]
    step: str
    seconds: int
    half_hours: int
    near: int
    mistakes: Mapping[str, str]
    #: What the offset is measured from when the server's time is not given.
    reference: str
    #: Catalogue entries this search generalizes: left out of the single-mistake stage.
    replaces: frozenset[str] = frozenset()
    #: The server's window setting -> its offsets from ``now``, in the order it tries them
    #: (time-based schemes): the search tries them itself, within its budget.
    offsets: Callable[[int | None], list[int]] | None = None


def _epoch_read(recipe: Recipe) -> str | None:
    timestamp = recipe.request.timestamp
    return None if timestamp is None else str(timestamp)


def _epoch_write(recipe: Recipe, text: str) -> Recipe:
    seconds, _, fraction = text.partition(".")
    written = recipe.with_request(timestamp=int(seconds))
    return written.with_flag(f"epoch_fraction={fraction}") if fraction else written


TIMESTAMP_HEADER = "x-timestamp"


def _header_read(recipe: Recipe) -> str | None:
    values = [value for name, value in recipe.request.headers if name.lower() == TIMESTAMP_HEADER]
    if values and values[-1].isascii() and values[-1].isdigit():
        return values[-1]
    return None


def _header_write(recipe: Recipe, text: str) -> Recipe:
    headers = tuple(
        (name, text if name.lower() == TIMESTAMP_HEADER else value)
        for name, value in recipe.request.headers
    )
    return recipe.with_request(headers=headers)


#: Scheme name -> its clock. ApiAxle is searched a whole day either way; ActionStreamer's
#: ``X-Timestamp`` sits before a body of any size, so each try hashes the rest of the request
#: and its range is smaller (the README gives the measured costs).
CLOCKS: dict[str, Clock] = {
    "apiaxle": Clock(
        read=_epoch_read,
        write=_epoch_write,
        step="epoch",
        seconds=86_400,
        half_hours=0,
        near=5,
        mistakes={
            "seconds": "clock_outside_window",
            "milliseconds": "epoch_milliseconds",
            "fraction": "epoch_fractional",
        },
        reference="the request's `timestamp`",
        replaces=frozenset({"clock_outside_window", "epoch_milliseconds", "epoch_fractional"}),
        offsets=window_offsets,
    ),
    "actionstreamer": Clock(
        read=_header_read,
        write=_header_write,
        step="header_string",
        seconds=3600,
        half_hours=28,
        near=1,
        mistakes={
            "seconds": "timestamp_changed",
            "milliseconds": "timestamp_milliseconds",
            "fraction": "timestamp_fractional",
        },
        reference="the value sent",
    ),
}


#: ``Date.now() / 1000`` written by JavaScript: 1 to 3 decimals, trailing zeros trimmed.
FRACTIONS = tuple(f"{milli:03d}".rstrip("0").encode() for milli in range(1, 1000))

#: Decimal markers put where the time goes to split the string to sign around it.
MARKERS = ("9081726354453627", "1928374655647382")


def skew_words(offset: int, reference: str) -> tuple[str, str | None]:
    """``(" (3600 s ahead of the server's clock)", "Off by 1 h: a timezone bug?")``.

    Timezones are whole or half hours away from UTC, so an offset within a few seconds of a
    multiple of 30 minutes earns the hint; ``offset`` 0 has no words at all.
    """
    if offset == 0:
        return "", None
    direction = "ahead of" if offset > 0 else "behind"
    words = f" ({abs(offset)} s {direction} {reference})"
    zones = round(offset / HALF_HOUR)
    if not zones or abs(offset - zones * HALF_HOUR) > 5:
        return words, None
    about = "" if offset == zones * HALF_HOUR else "about "
    return words, f"Off by {about}{abs(zones) / 2:g} h: a timezone bug?"


#: Clock finding -> the whole second it was read at.
SECONDS_OF: dict[str, Callable[[str], int]] = {
    "seconds": int,
    "milliseconds": lambda value: int(value) // 1000,
    "fraction": lambda value: int(value.partition(".")[0]),
}


@dataclass(frozen=True)
class Timing:
    """Where the clock search looks, for one request: the time sent and the centre."""

    clock: Clock
    sent: str
    centre: int
    reference: str

    def cause(self, kind: str, value: str) -> Cause:
        offset = SECONDS_OF[kind](value) - self.centre
        skew, hint = skew_words(offset, self.reference)
        mistake = self.clock.mistakes[kind]
        fields = (("value", value), ("sent", self.sent), ("skew", skew))
        return Cause(
            mistake, mistake, self.clock.step, mistake, fields + ((("hint", hint),) if hint else ())
        )

    def texts(self, covered: Container[int]) -> tuple[tuple[str, Iterator[bytes]], ...]:
        """Each kind of finding and the decimal times to try, most likely first: seconds
        nearest the centre, then the timezones, then milliseconds and fractions around the
        centre and the time sent. The order matters when the work budget cuts the search.
        Seconds the server tries (``covered``) and the time sent were tried already."""
        clock, centre, sent = self.clock, self.centre, int(self.sent)
        near = range(-clock.near, clock.near + 1)
        nearest = chain(
            (centre,),
            chain.from_iterable(
                zip(
                    range(centre - 1, centre - clock.seconds - 1, -1),
                    range(centre + 1, centre + clock.seconds + 1),
                    strict=True,
                )
            ),
        )
        zones = (
            centre + zone * HALF_HOUR + second
            for zone in sorted(range(-clock.half_hours, clock.half_hours + 1), key=abs)
            for second in near
            if abs(zone * HALF_HOUR + second) > clock.seconds
        )
        around = sorted({start + second for start in {centre, sent} for second in near})
        return (
            (
                "seconds",
                (b"%d" % s for s in chain(nearest, zones) if s != sent and s not in covered),
            ),
            ("milliseconds", (b"%d" % (s * 1000 + milli) for s in around for milli in range(1000))),
            ("fraction", (b"%d.%s" % (s, fraction) for s in around for fraction in FRACTIONS)),
        )
