"""Which times the search tries around the server's, for a scheme's ``Clock``.

Where the time is signed, what it means and how far the search looks are the scheme's
declaration (``app/core/schemes/clock.py``); this module turns them into candidate times.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from itertools import chain

from app.core.diagnose.hypotheses import Cause
from app.core.schemes.clock import Clock

HALF_HOUR = 1800


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
        hinted = fields + ((("hint", hint),) if hint else ())
        return Cause(mistake.id, mistake, self.clock.step, mistake.title, hinted)

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
