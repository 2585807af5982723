"""Every JSON answer, written by orjson.

A sign answer carries the string to sign once per mistake in the lens (26 copies of a 1 MiB
body), and orjson writes long strings about thirty times faster than the standard library.
Keys keep their order, which is the order the API documents. orjson writes UTF-8 rather
than ``\\uXXXX`` escapes; both are the same JSON.

Anything orjson refuses (an integer beyond 64 bits, a lone surrogate) is written by Flask's
own provider instead, so an unusual answer is never an error.
"""

from __future__ import annotations

from typing import Any

import orjson
from flask import Response
from flask.json.provider import DefaultJSONProvider


class JSONProvider(DefaultJSONProvider):
    sort_keys = False

    def _options(self) -> int:
        compact = self.compact if self.compact is not None else not self._app.debug
        return 0 if compact else orjson.OPT_INDENT_2

    def _encode(self, obj: Any, *, newline: bool = False) -> bytes:
        options = self._options() | (orjson.OPT_APPEND_NEWLINE if newline else 0)
        try:
            return orjson.dumps(obj, default=self.default, option=options)
        except orjson.JSONEncodeError:
            indent = None if self._options() == 0 else 2
            text = super().dumps(obj, indent=indent) + ("\n" if newline else "")
            return text.encode("utf-8")

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs:  # a caller asking for ``json.dumps`` options gets them
            return super().dumps(obj, **kwargs)
        return self._encode(obj).decode("utf-8")

    def response(self, *args: Any, **kwargs: Any) -> Response:
        body = self._encode(self._prepare_response_obj(args, kwargs), newline=True)
        return Response(body, mimetype=self.mimetype)
