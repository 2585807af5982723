"""Pasted evidence -> the fields ``/api/v1/sign`` takes: a curl command, a raw HTTP/1.1
request, a HAR file or a bare URL, each detected from the text itself.

Pure: no I/O (a ``curl -d @file`` is reported, never read) and no clock. One module per
seam: ``detect`` (which format, and the entry points), ``shell`` (bash's words), ``curl``,
``http`` (a raw request), ``har``; every format ends in the same ``rules``, which find the
signature, the key and the timestamp where the registered schemes declare they travel
(``carried``, ``places``). ``notes`` says what was moved, copied or guessed; ``unused`` what
was left out, and why.
"""

from __future__ import annotations

from app.core.importers.curl import CURL_OPTIONS, CURL_SHORT
from app.core.importers.detect import FORMATS, MAX_CURL_LENGTH, detect, import_text
from app.core.importers.har import import_har
from app.core.importers.result import HarEntry, ImportResult, Unused
from app.core.importers.shell import shell_words

__all__ = [
    "CURL_OPTIONS",
    "CURL_SHORT",
    "FORMATS",
    "MAX_CURL_LENGTH",
    "HarEntry",
    "ImportResult",
    "Unused",
    "detect",
    "import_har",
    "import_text",
    "shell_words",
]
