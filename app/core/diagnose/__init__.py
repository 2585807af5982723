"""Diagnose a rejected signature: which mistake, or pair of mistakes, reproduces it.

Pure like the rest of ``app.core``: no Flask, no I/O, no clock (the server's time is an input).

Given the request as the server saw it, the secret and the signature the client sent, the
search replays the scheme's mistake catalogue until one hypothesis signs to the same digest:

1. the correct recipe (and, for a time-based scheme, each second the server tries): a match
   there means the right string and secret, only written in the wrong form or hashed with the
   wrong hash;
2. every single mistake, and the clock: every second within a range of the server time, epochs
   in milliseconds, fractional epochs as ``Date.now() / 1000`` writes them;
3. every pair of mistakes, the second applied to the first's mistaken recipe.

Schemes that sign headers also get the header hypotheses of ``header_mistakes.py``: a header
sent but never signed, the HTTP library's defaults, a header a proxy rewrote.

It stops after the first stage that explains the signature, since a deeper hypothesis signing
a different string could only match by an HMAC collision; explanations are ranked by how many
mistakes they need, then by catalogue order.

What keeps it fast: digests are compared as *bytes*. The pasted signature's form says how it
was written (upper-case hex, base64, a ``sha256=`` prefix) and its length names the hash, so
each hypothesis costs one HMAC whatever the encoding or hash, and the catalogue's
``wrong_hash`` and ``output_*`` entries are read off the signature instead of multiplying the
search. Each distinct key is set up once (``hmac.new(key).copy()``), and the clock search
hashes only a template's varying middle and its tail, from a state that already absorbed the
head. What keeps it bounded: candidates are streamed, never listed, and every byte hashed or
canonicalized is charged to a budget; past it the answer says how much was searched.

The package: ``hypotheses`` (causes, the extra secret mistakes), ``clock`` (which times to
try, around the server's, for the scheme's ``Clock``), ``search`` (the stages and the
budget), ``words`` (how each mistake's own ``clause`` and ``fix`` make an explanation) and
``answer`` (the verdict, and ``diagnose`` itself). What a scheme's time means and where it is
signed is the scheme's ``clock``; what its server accepts is its ``verdict``.

Every explanation is re-run through ``signing.run`` before it is reported, so the string, the
steps and the signature shown are the ones the catalogue itself produces.
"""

from __future__ import annotations

from app.core.diagnose.answer import Diagnosis, Explanation, diagnose
from app.core.diagnose.clock import skew_words
from app.core.diagnose.hypotheses import (
    EXTRA_MISTAKES,
    OBSERVED,
    OBSERVED_MISTAKES,
    Cause,
    Hypothesis,
)
from app.core.diagnose.search import BUDGET, CLOCK_BUDGET

__all__ = [
    "BUDGET",
    "CLOCK_BUDGET",
    "EXTRA_MISTAKES",
    "OBSERVED",
    "OBSERVED_MISTAKES",
    "Cause",
    "Diagnosis",
    "Explanation",
    "Hypothesis",
    "diagnose",
    "skew_words",
]
