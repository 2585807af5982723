"""Twilio's oracle: ``twilio.request_validator.RequestValidator.compute_signature``.

The URL is what Twilio requested (the case's origin, path and query, as sent); the POST
parameters are the form body, read as Flask reads it (a ``MultiDict``, repeats kept).
"""

from __future__ import annotations

import base64
from urllib.parse import parse_qsl, quote

from twilio import request_validator
from werkzeug.datastructures import MultiDict

from tests.oracles.capture import expected, signed


def url_of(case: dict[str, object]) -> str:
    params = [(str(n), str(v)) for n, v in case.get("params", []) or []]  # type: ignore[attr-defined]
    query = "&".join(f"{quote(n, safe='-_.~')}={quote(v, safe='-_.~')}" for n, v in params)
    return f"{case.get('origin', '')}{case.get('path', '')}" + (f"?{query}" if query else "")


def oracle(case: dict[str, object]) -> dict[str, object]:
    body, url = str(case.get("body", "")), url_of(case)
    params = MultiDict(parse_qsl(body, keep_blank_values=True))
    validator = request_validator.RequestValidator(str(case["secret"]))
    if "bodySHA256" in dict(case.get("params", []) or []):  # type: ignore[arg-type]
        # `validate` on a JSON delivery: the URL carries the body's hash, which it checks,
        # and signs the URL with no parameters.
        assert validator.validate(url, body, validator.compute_signature(url, {}))
        params = MultiDict()
    string, computed = signed(request_validator, lambda: validator.compute_signature(url, params))
    form = string[len(url) :]
    return expected({"url": url, "form_params": form}, string, base64.b64decode(computed))
