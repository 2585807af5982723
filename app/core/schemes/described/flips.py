"""The table of generated mistakes: each option a description fixes, set to another value.

A description fixes choices (the sort, the encoding, the separator, how the key is read);
the classic mistakes are the other choice. Each ``Flip`` is one: the option it sets, the
value it sets it to, and its words (``options.py`` applies them).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Flip:
    """One option set to one value, as a mistake. ``kinds`` are the part kinds whose option
    it sets (empty: ``option`` is a path in the description itself, `key.encoding`)."""

    id: str
    option: str
    value: object
    title: str
    explanation: str
    clause: str
    fix: str
    harmless: str = ""
    kinds: tuple[str, ...] = ()
    step: str = "join"
    #: The current values it applies to (empty: any other than ``value``).
    when: tuple[object, ...] = ()


def _pair_flips(kind: str, label: str) -> tuple[Flip, ...]:
    noun = label if label.startswith("URL") else label.lower()
    return (
        Flip(
            f"{kind}_unsorted",
            "sort",
            "none",
            f"{label} not sorted",
            f"The client wrote the {noun} in the order it sent them; the server sorts them.",
            f"left the {noun} unsorted (`{{signed}}`)",
            f"Sort the {noun} as the server does (`{{expected}}`).",
            f"the {noun} are already in sorted order",
            (kind,),
            kind,
        ),
        Flip(
            f"{kind}_sorted",
            "sort",
            "name",
            f"{label} sorted",
            f"The client (or its framework) sorted the {noun} by name; the server "
            "signs them in the order sent.",
            f"sorted the {noun} by name (`{{signed}}`)",
            f"Sign the {noun} in the order they are sent, unsorted.",
            f"the {noun} are already in sorted order",
            (kind,),
            kind,
            ("none",),
        ),
        Flip(
            f"{kind}_sorted_ignoring_case",
            "sort",
            "name_insensitive",
            f"{label} sorted ignoring case",
            f"The client sorted the {noun} case-insensitively; the server sorts by "
            "code point, upper-case first.",
            f"sorted the {noun} ignoring case (`{{signed}}`)",
            f"Sort the {noun} by code point (`Zeta` before `alpha`).",
            "no two names differ only in case order",
            (kind,),
            kind,
            ("name", "name_value"),
        ),
        Flip(
            f"{kind}_values_unsorted",
            "sort",
            "name",
            f"{label}: repeated names' values not sorted",
            f"The client sorted the {noun} by name but left the values of a repeated "
            "name in the order sent; the server sorts them too.",
            f"left the values of repeated {noun} unsorted (`{{signed}}`)",
            f"Sort the {noun} by name, then by value.",
            "no name is repeated with values out of order",
            (kind,),
            kind,
            ("name_value",),
        ),
        Flip(
            f"{kind}_form_encoded",
            "encoding",
            "form",
            f"{label} form-encoded (`+` for a space)",
            f"The client re-encoded the {noun} as an HTML form does: a space "
            "becomes `+`, where the server writes `%20`.",
            f"form-encoded the {noun} (`{{signed}}`)",
            "Percent-encode as the server does: a space is `%20`, never `+`.",
            "no space or character the two encodings write differently",
            (kind,),
            kind,
        ),
        Flip(
            f"{kind}_percent_encoded",
            "encoding",
            "rfc3986",
            f"{label} percent-encoded",
            f"The client percent-encoded the {noun} (`%20` for a space); the server "
            "signs them otherwise.",
            f"percent-encoded the {noun} (`{{signed}}`)",
            f"Write the {noun} as the server does (`{{expected}}`).",
            "no character that needs encoding",
            (kind,),
            kind,
        ),
        Flip(
            f"{kind}_not_encoded",
            "encoding",
            "raw",
            f"{label} signed decoded",
            f"The client signed the {noun} decoded; the server signs them encoded.",
            f"signed the {noun} without encoding them (`{{signed}}`)",
            f"Encode the {noun} before signing (`{{expected}}`).",
            "no character that needs encoding",
            (kind,),
            kind,
        ),
        Flip(
            f"{kind}_repeats_kept",
            "duplicates",
            "all",
            f"{label}: repeated pairs all signed",
            f"The client signed every repeated {noun[:-1]}; the server keeps one.",
            f"signed every repeated {noun[:-1]} (`{{signed}}`)",
            "Sign a repeated name as the server does (`{expected}`).",
            "no name is repeated",
            (kind,),
            kind,
        ),
    )


FLIPS: tuple[Flip, ...] = (
    Flip(
        "method_lower_case",
        "case",
        "lower",
        "Method in lower case",
        "The client signed the method as its code wrote it (`get`); HTTP sends it upper-case.",
        "signed the method in lower case (`{signed}`)",
        "Sign the method upper-case, as it is sent.",
        "the method is already lower case",
        ("method",),
        "method",
    ),
    Flip(
        "path_trailing_slash_kept",
        "trailing_slash",
        "keep",
        "Trailing slash not stripped",
        "The server strips one trailing `/` from the path before signing; the client did not.",
        "signed the path with its trailing slash (`{signed}`)",
        "Strip one trailing `/` from the path before signing.",
        "the path has no trailing slash",
        ("path",),
        "path",
    ),
    Flip(
        "path_trailing_slash_stripped",
        "trailing_slash",
        "strip",
        "Trailing slash stripped",
        "The client stripped the path's trailing `/`; the server signs the path as sent.",
        "stripped the path's trailing slash (`{signed}`)",
        "Sign the path exactly as sent, trailing `/` included.",
        "the path has no trailing slash",
        ("path",),
        "path",
    ),
    Flip(
        "path_decoded",
        "decoded",
        True,
        "Path percent-decoded",
        "The client signed the path decoded (`%20` as a space); the server signs it as sent.",
        "signed the path percent-decoded (`{signed}`)",
        "Sign the path as it is sent, `%XX` escapes included.",
        "the path has no `%XX` escapes",
        ("path",),
        "path",
    ),
    Flip(
        "path_not_decoded",
        "decoded",
        False,
        "Path signed encoded",
        "The client signed the path with its `%XX` escapes; the server decodes it first.",
        "signed the path encoded (`{signed}`)",
        "Percent-decode the path before signing, as the server does.",
        "the path has no `%XX` escapes",
        ("path",),
        "path",
    ),
    *_pair_flips("query", "Query parameters"),
    *_pair_flips("form_params", "Form parameters"),
    *_pair_flips("url", "URL query parameters"),
    *(flip for flip in _pair_flips("headers", "Headers") if "encoded" not in flip.id),
    Flip(
        "headers_names_as_sent",
        "name_case",
        "as_is",
        "Header names not lower-cased",
        "The server lower-cases header names before signing; the client signed them as sent.",
        "signed the header names as sent (`{signed}`)",
        "Lower-case header names before signing.",
        "the header names are already lower-case",
        ("headers",),
        "headers",
    ),
    Flip(
        "headers_values_untrimmed",
        "values_trimmed",
        False,
        "Header values not trimmed",
        "The server trims header values and folds inner whitespace; the client did not.",
        "signed the header values untrimmed (`{signed}`)",
        "Trim each header value and fold runs of whitespace to one space.",
        "no header value has extra whitespace",
        ("headers",),
        "headers",
    ),
    Flip(
        "body_hash_base64",
        "digest",
        "base64",
        "Body hash in base64",
        "The client wrote the body's hash in base64; the server writes it in hex.",
        "wrote the body hash in base64 (`{signed}`)",
        "Write the body hash as lower-case hex.",
        kinds=("body_hash",),
        step="body_hash",
    ),
    Flip(
        "body_hash_hex",
        "digest",
        "hex",
        "Body hash in hex",
        "The client wrote the body's hash in hex; the server writes it in base64.",
        "wrote the body hash in hex (`{signed}`)",
        "Write the body hash in base64.",
        kinds=("body_hash",),
        step="body_hash",
    ),
    Flip(
        "separator_crlf",
        "separator",
        "\r\n",
        "Parts joined with CRLF",
        "The client joined the lines with `\\r\\n` (a Windows or HTTP habit); the server uses "
        "`\\n`.",
        "joined the parts with `\\r\\n`",
        "Join the parts with `\\n` alone.",
        when=("\n",),
    ),
    Flip(
        "separator_newline",
        "separator",
        "\n",
        "Parts joined with newlines",
        "The client joined the parts with `\\n`; the server uses another separator.",
        "joined the parts with `\\n`",
        "Join the parts with the scheme's own separator, not a newline.",
    ),
    Flip(
        "trailing_separator_added",
        "trailing_separator",
        True,
        "Separator after the last part",
        "The client ended the string with one more separator (a trailing newline).",
        "ended the string with one more separator",
        "Do not add a separator after the last part.",
    ),
    Flip(
        "trailing_separator_missing",
        "trailing_separator",
        False,
        "No separator after the last part",
        "The server ends the string with the separator; the client did not.",
        "left out the separator that ends the string",
        "End the string with the separator, as the server does.",
    ),
    Flip(
        "key_not_decoded",
        "key.encoding",
        "text",
        "Secret's text used as the key, not decoded",
        "The server decodes the secret to get the key; the client used its text as the key.",
        "used the secret's text as the key instead of decoding it",
        "Decode the secret as the scheme says to get the key bytes.",
        step="hmac",
    ),
    Flip(
        "key_prefix_kept",
        "key.strip_prefix",
        False,
        "Secret's prefix kept",
        "The server strips the secret's prefix before reading the key; the client kept it.",
        "kept the secret's prefix in the key",
        "Remove the prefix from the secret before reading the key.",
        "the secret does not start with the prefix",
        step="hmac",
    ),
    Flip(
        "key_prefix_stripped",
        "key.strip_prefix",
        True,
        "Secret's prefix stripped",
        "The client removed the secret's prefix; the server keys the HMAC with the whole "
        "secret, prefix included.",
        "stripped the secret's prefix before keying the HMAC",
        "Use the whole secret, prefix included, as the key.",
        "the secret does not start with the prefix",
        step="hmac",
    ),
)
