"""Each mistake in plain words: a clause after "Your client", and the fix."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.diagnose.hypotheses import PREFIX_MISTAKE


@dataclass(frozen=True)
class Words:
    """How an explanation says one mistake: a clause after "Your client", and the fix.

    Both are ``str.format`` templates over: ``signed`` and ``expected`` (the touched step's
    output in the mistaken and the correct run), ``target``, ``variant`` and
    ``mistaken_variant``, ``algorithm`` and ``scheme_algorithm``, ``form`` and
    ``expected_form``, ``prefix``, ``received`` (the headers the server received that the
    mistaken client signed otherwise, or not at all), and for the clock ``value``, ``sent``
    and ``skew``.
    """

    clause: str
    fix: str


_JSON_FIX = (
    "Sign the body bytes exactly as sent. Two places can re-serialize a JSON body: the client "
    "(serializing once to sign and again to send) or something in between (a proxy, or the "
    "server's framework parsing it before the check). Log the raw body your client sends and "
    "compare it with the bytes the server hashes: if they differ, verify the raw bytes received."
)
_IN_BETWEEN = (
    " To tell which, log the raw request your client sends and compare it with what the "
    "server logs: if they differ, something in between changed it."
)
_ADDED = (
    "Sign only the headers the client signs: leave {what} out of the string the server builds "
    "(un-tick it in the import). It was added after signing, by the client's HTTP library "
    "(`requests`, curl and `fetch` add `Accept: */*`, `User-Agent`, `Accept-Encoding`...) or by "
    "a proxy on the way." + _IN_BETWEEN
)
_TRIM_FIX = "Trim the secret where it is read or templated."
_FORM_FIX = "Send the digest as {expected_form}: the server compares strings."

WORDS: dict[str, Words] = {
    "path_with_query": Words(
        "signed the path with its query string (`{signed}`)",
        "Sign the bare path: the query parameters have their own section.",
    ),
    "path_url_decoded": Words(
        "signed the path URL-decoded (`{signed}`, not `{expected}`)",
        "Sign the path exactly as it is sent, `%XX` escapes included.",
    ),
    "no_leading_slash": Words(
        "signed the path without its leading slash (`{signed}`)",
        "Start the signed path with `/`.",
    ),
    "keep_trailing_slash": Words(
        "signed the path with its trailing slash (`{signed}`)",
        "Strip one trailing `/` from the path before signing.",
    ),
    "method_case": Words(
        "signed the method as `{signed}`, not `{expected}`",
        "Sign the method as the server does: `{expected}`.",
    ),
    "headers_unsorted": Words(
        "signed the headers in the order it sent them",
        "Sort the headers by name, by code point, before signing.",
    ),
    "lowercase_header_names": Words(
        "signed the header names in lower case",
        "Sign the header names in the case the server signs them; if a proxy or HTTP/2 "
        "lower-cases them on the way, make both sides agree on one case.",
    ),
    "case_insensitive_sort": Words(
        "sorted the names ignoring case",
        "Sort names by code point: upper-case before lower-case (`Zeta` before `alpha`).",
    ),
    "params_unsorted": Words(
        "signed the query parameters in URL order",
        "Sort the query parameters by name, by code point, before signing.",
    ),
    "omit_param": Words(
        "left the query parameter `{target}` out of the string to sign",
        "Sign every query parameter you send, `{target}` included.",
    ),
    "params_form_encoded": Words(
        "signed the parameter values URL-encoded",
        "Sign the raw parameter values, before URL-encoding them.",
    ),
    "body_trailing_newline_added": Words(
        "signed the body with an extra final newline",
        "Sign the body bytes exactly as sent: drop the newline an editor, `echo` or a "
        "heredoc added.",
    ),
    "body_trailing_newline_removed": Words(
        "signed the body without its final newline",
        "Sign the body bytes exactly as sent, final newline included.",
    ),
    "body_crlf": Words(
        "signed the body with CRLF line endings",
        "Sign the body with the line endings it is sent with (`\\n`, not `\\r\\n`).",
    ),
    "json_compact": Words("signed the JSON body re-serialized without spaces", _JSON_FIX),
    "json_spaced": Words(
        "signed the JSON body re-serialized with `, ` and `: ` separators", _JSON_FIX
    ),
    "json_sorted_keys": Words("signed the JSON body re-serialized with sorted keys", _JSON_FIX),
    "json_ascii_escaped": Words(
        "signed the JSON body with its non-ASCII characters escaped as `\\uXXXX`", _JSON_FIX
    ),
    "header_not_signed": Words(
        "did not sign the header {received} the server received",
        _ADDED.replace("{what}", "`{target}`"),
    ),
    "library_headers_not_signed": Words(
        "did not sign the headers HTTP libraries add on their own ({received})",
        _ADDED.replace("{what}", "them"),
    ),
    "header_changed_in_transit": Words(
        "signed `{target}`, but the server received {received}",
        "Make both sides sign the value the client sent: a proxy may have rewritten it (have "
        "the server read the original from `X-Forwarded-Host` or `Forwarded`, or the proxy "
        "pass it through), or the client signed another value than it sent." + _IN_BETWEEN,
    ),
    "other_variant": Words(
        "built the string the `{mistaken_variant}` way, not the server's `{variant}` way",
        "Build the string as the `{variant}` variant does: the variants differ in blank lines "
        "between sections, the final `str.strip()` and the `Content-Type` header.",
    ),
    "epoch_milliseconds": Words(
        "signed the epoch in milliseconds (`{value}`){skew}",
        "Sign whole seconds: `Math.floor(Date.now() / 1000)`, not `Date.now()`.",
    ),
    "epoch_fractional": Words(
        "signed a fractional epoch (`{value}`){skew}",
        "Floor the epoch to whole seconds before signing: `Math.floor(Date.now() / 1000)`.",
    ),
    "clock_outside_window": Words(
        "signed the epoch `{value}`{skew}",
        "Sync the client's clock (NTP) and sign UTC epoch seconds: the gateway tries only a "
        "few seconds either way.",
    ),
    "key_url_encoded": Words(
        "signed the API key URL-encoded (`{signed}`)",
        "Sign the decoded key, as the gateway does (`+` is a space).",
    ),
    "key_first": Words(
        "put the API key before the epoch (`{signed}`)",
        "Sign the epoch followed by the API key.",
    ),
    "timestamp_changed": Words(
        "signed `X-Timestamp: {value}` instead of the `{sent}` it sent{skew}",
        "Sign the `X-Timestamp` value you send: read the clock once, in UTC epoch seconds.",
    ),
    "timestamp_milliseconds": Words(
        "signed `X-Timestamp` in milliseconds (`{value}`) but sent seconds (`{sent}`){skew}",
        "Sign the `X-Timestamp` exactly as sent, in whole seconds.",
    ),
    "timestamp_fractional": Words(
        "signed a fractional `X-Timestamp` (`{value}`) but sent `{sent}`{skew}",
        "Floor the timestamp to whole seconds, and sign the value you send.",
    ),
    "secret_trailing_newline": Words(
        "signed with the secret plus a trailing newline",
        "Strip the newline where the secret is read (a file, `echo`, a container secret).",
    ),
    "secret_surrounding_spaces": Words("signed with the secret wrapped in spaces", _TRIM_FIX),
    "secret_trailing_crlf": Words(
        "signed with the secret plus a trailing `\\r\\n`",
        "Strip the line ending where the secret is read (the file has Windows line endings).",
    ),
    "secret_trailing_space": Words("signed with the secret plus a trailing space", _TRIM_FIX),
    "secret_leading_space": Words("signed with the secret after a leading space", _TRIM_FIX),
    "api_key_as_secret": Words(
        "signed with the API key instead of the secret",
        "Use the secret key as the HMAC key; the API key only identifies the client.",
    ),
    "wrong_hash": Words(
        "hashed with {algorithm}, not {scheme_algorithm}", "Use {scheme_algorithm}."
    ),
    "message_latin1": Words(
        "hashed the string as latin-1, not UTF-8",
        "Encode the string to sign as UTF-8 before hashing.",
    ),
    "output_hex_upper": Words("sent the signature in upper-case hex", _FORM_FIX),
    "output_hex_mixed": Words("sent the signature in mixed-case hex", _FORM_FIX),
    "output_base64": Words("sent the signature in base64", _FORM_FIX),
    "output_base64url": Words("sent the signature in base64url", _FORM_FIX),
    PREFIX_MISTAKE: Words(
        "sent the signature behind a `{prefix}` prefix",
        "Send the bare digest, without `{prefix}`.",
    ),
}

#: For a mistake added to a catalogue without words: its title still reaches the user.
FALLBACK = Words("made the mistake “{title}”", "Undo “{title}” in the client.")
RIGHT = "signed the right string with the right secret"


def code(text: str, limit: int = 80) -> str:
    """A value shown inside backticks: line breaks visible, long values cut."""
    shown = text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def and_(clauses: list[str]) -> str:
    return clauses[0] if len(clauses) == 1 else f"{', '.join(clauses[:-1])} and {clauses[-1]}"
