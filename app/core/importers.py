"""Pasted evidence -> the fields ``/api/v1/sign`` takes: a curl command, a raw HTTP/1.1
request, a HAR file or a bare URL, each detected from the text itself.

Pure: no I/O (a ``curl -d @file`` is reported, never read) and no clock.

Every format lands in the same fields, by the same rules:

- ``method`` as sent; ``path`` as sent, without the query (percent-escapes are kept: that is
  what a client signs); ``params`` from the query, form-decoded (``+`` is a space, ``%XX`` is
  UTF-8), in order, repeats kept; ``body`` byte for byte as sent.
- ``headers``: the ones the client signed. Every received header is classified in
  ``received`` (``received.py``: signed by the scheme's clients, added by the HTTP stack on
  its own, the client's own, or the signature's carrier); the unsigned ones are listed in
  ``unused`` with the reason. The user's ``Choices`` override the classification.
- A signature travels beside what it signs, never inside it, so it is *moved* out of the
  request into ``signature``: the ``X-Signature`` header (ActionStreamer), an ``Authorization``
  value with a ``signature=`` parameter, the ``apiaxle_sig``/``api_sig`` params (ApiAxle's
  precedence, see ``gateway.py``).
- Values a scheme signs are *copied*: ``X-AccessKey`` -> ``api_key`` and ``X-Timestamp`` ->
  ``timestamp`` stay in the headers (the ActionStreamer SDK signs both), and
  ``apiaxle_key``/``api_key``/``key`` -> ``api_key`` stay in the params.

``notes`` says what was moved, copied or guessed; ``unused`` what was left out, and why.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from app.core.errors import InputError, excerpt
from app.core.gateway import read_param
from app.core.inputs import HTTP_TOKEN
from app.core.received import SIGNATURE, Choices, Received, classify, declared, sdk_variant
from app.core.request import Pairs, SignRequest
from app.core.schemes.actionstreamer import SDK
from app.core.schemes.apiaxle import KEY_PARAMS, SIGNATURE_PARAMS

#: An HTTP field name or method: RFC 9110 §5.6.2 ``token``.
NAME = HTTP_TOKEN.pattern

FORMATS = ("curl", "http", "har", "url")

#: curl commands are typed or copied, not uploads: a longer one is refused, and its body is
#: better pasted into the Body field. (Reading one is linear in its length.)
MAX_CURL_LENGTH = 128 * 1024

_FIELD = "text"


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


@dataclass
class _Draft:
    """A request as one format found it, before the rules above are applied."""

    method: str = "GET"
    url: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""
    unused: list[Unused] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def skip(self, what: str, why: str, *, header: bool = False) -> None:
        self.unused.append(Unused(what, why, header))


# --- from a draft to the sign fields: the rules every format shares ---------------------

#: ``Authorization: Signature keyId="k",signature="..."`` (HTTP Signatures), Kong's
#: ``hmac ... signature="..."``, AWS's ``..., Signature=abc``: the value of ``signature=``.
#: Linear: each start is a space or comma, and the value's class excludes both.
_AUTHORIZATION_SIGNATURE = re.compile(r'(?i)(?:^|[\s,])signature="?([^",\s]+)"?')


def _authorization_signature(value: str) -> str | None:
    found = _AUTHORIZATION_SIGNATURE.search(value)
    return found.group(1) if found else None


def _unsigned(received: tuple[Received, ...], draft: _Draft) -> list[tuple[str, str]]:
    """The signed headers; the others go to ``unused`` with their reason."""
    kept = []
    for item in received:
        if item.signed:
            kept.append((item.name, item.value))
        elif item.kind != SIGNATURE:
            value = item.shown_value
            shown = f"`{item.name}`" if value is None else f"`{item.name}: {value}`"
            draft.skip(f"header {shown}", item.reason, header=True)
    return kept


def _split_url(draft: _Draft) -> tuple[str, Pairs]:
    """The path as sent and the decoded params; what else the URL holds goes to ``unused``."""
    try:
        parts = urlsplit(draft.url)
    except ValueError as error:
        raise InputError(_FIELD, f"`{excerpt(draft.url)}` is not a URL: {error}.") from None
    if parts.netloc:
        _, at, host = parts.netloc.rpartition("@")
        origin = f"{parts.scheme}://{host}" if parts.scheme else host
        draft.skip(f"`{origin}`", "the scheme and host: neither scheme signs them, only the path")
        if at:
            draft.skip("credentials in the URL", "sent as `Authorization: Basic`; not shown")
    if parts.fragment:
        draft.skip(f"`#{parts.fragment}`", "the fragment never leaves the client")
    try:
        params = parse_qsl(parts.query, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        params = parse_qsl(parts.query, keep_blank_values=True)
        draft.notes.append(
            "The query holds `%XX` bytes that are not UTF-8: they were decoded as U+FFFD, as "
            "the servers' decoders do."
        )
    return parts.path, tuple(params)


@dataclass(frozen=True)
class _Signature:
    value: str
    source: str
    scheme: str | None


def _signature_headers(headers: list[tuple[str, str]]) -> tuple[set[int], list[_Signature]]:
    """Which headers carry a signature (by position), and the signatures they carry."""
    carriers, found = set(), []
    for index, (name, value) in enumerate(headers):
        lower = name.lower()
        carried = _authorization_signature(value) if lower == "authorization" else None
        if lower == "x-signature":
            found.append(_Signature(value, f"the `{name}` header", "actionstreamer"))
        elif carried:
            found.append(_Signature(carried, f"`signature=` in `{name}`", None))
        else:
            continue
        carriers.add(index)
    return carriers, found


def _signature_params(params: Pairs, draft: _Draft) -> tuple[Pairs, list[_Signature]]:
    """ApiAxle's signature params all leave the params; the one the gateway reads is kept."""
    kept = tuple(pair for pair in params if pair[0] not in SIGNATURE_PARAMS)
    chosen = read_param(params, SIGNATURE_PARAMS)
    if chosen is None:
        return kept, []
    if chosen.repeated:
        draft.notes.append(
            f"`{chosen.param}` is given {len(chosen.values)} times: the ApiAxle gateway reads "
            f"`{chosen.value}`, which can never match."
        )
    for name, value in params:
        if name in SIGNATURE_PARAMS and name != chosen.param and value:
            draft.skip(f"query parameter `{name}={value}`", f"ApiAxle reads `{chosen.param}` first")
    source = f"the query parameter `{chosen.param}`"
    if chosen.skipped:
        draft.notes.append(f"{chosen.fell_through()}.")
    return kept, [_Signature(chosen.value, source, "apiaxle")]


def _signature(
    headers: list[tuple[str, str]], params: Pairs, draft: _Draft
) -> tuple[set[int], Pairs, _Signature | None]:
    carriers, in_headers = _signature_headers(headers)
    params, in_params = _signature_params(params, draft)
    found = in_headers + in_params
    for other in found[1:]:
        draft.skip(f"the signature in {other.source}", f"{found[0].source} was taken first")
    if not found:
        return carriers, params, None
    draft.notes.append(
        f"Signature taken from {found[0].source} and removed from the request: a signature "
        "is never part of what it signs."
    )
    return carriers, params, found[0]


def _api_key(
    headers: list[tuple[str, str]], params: Pairs, draft: _Draft
) -> tuple[str, str | None]:
    """The key and the scheme its place implies: a copy, the original stays where it was."""
    for name, value in headers:
        if name.lower() == "x-accesskey":
            draft.notes.append(
                f"API key copied from the `{name}` header, which stays in the headers: the "
                "ActionStreamer SDK signs it."
            )
            return value, "actionstreamer"
    found = read_param(params, KEY_PARAMS)
    if found is None:
        return "", None
    draft.notes.append(
        f"API key copied from the query parameter `{found.param}`, which stays in the params."
    )
    if found.skipped:
        draft.notes.append(f"{found.fell_through()}.")
    if found.repeated:
        draft.notes.append(
            f"`{found.param}` is given {len(found.values)} times: the ApiAxle gateway answers "
            '400 "Api key is malformed."'
        )
    return found.value, "apiaxle"


def _timestamp(headers: list[tuple[str, str]], draft: _Draft) -> int | None:
    for name, value in headers:
        if name.lower() == "x-timestamp":
            if not re.fullmatch(r"[0-9]{1,16}", value):
                draft.notes.append(f"`{name}: {value}` is not whole epoch seconds: not copied.")
                return None
            draft.notes.append(
                f"Timestamp copied from the `{name}` header, which stays in the headers: the "
                "ActionStreamer SDK signs it."
            )
            return int(value)
    return None


def _check(method: str, path: str, headers: list[tuple[str, str]]) -> None:
    """Refuse what no HTTP/1.1 client could send, naming it."""
    if not re.fullmatch(NAME, method):
        raise InputError(_FIELD, f"The method `{excerpt(method)}` is not an HTTP method name.")
    if any(char in path for char in " \r\n\0"):
        raise InputError(
            _FIELD,
            f"The path `{excerpt(path)}` contains a space or line break: a client sends it "
            "%-encoded.",
        )
    for name, value in headers:
        if any(char in value for char in "\r\n\0"):
            raise InputError(
                _FIELD, f"The value of header `{excerpt(name)}` contains a line break or NUL."
            )


def _finish(
    format_: str,
    draft: _Draft,
    choices: Choices,
    entries: tuple[HarEntry, ...] = (),
    entry: int | None = None,
) -> ImportResult:
    path, params = _split_url(draft)
    carriers, params, signature = _signature(draft.headers, params, draft)
    own = [pair for index, pair in enumerate(draft.headers) if index not in carriers]
    api_key, key_scheme = _api_key(own, params, draft)
    timestamp = _timestamp(own, draft)
    scheme = signature.scheme if signature and signature.scheme else key_scheme
    sdk = sdk_variant(scheme, own)
    if sdk:
        draft.notes.append(sdk)
    variant = SDK if sdk else None
    signs = declared(scheme, variant)
    received = classify(draft.headers, carriers, signs, choices)
    headers = _unsigned(received, draft)
    _check(draft.method, path, headers)
    request = SignRequest(
        draft.method, path, tuple(headers), params, draft.body, api_key, timestamp
    )
    return ImportResult(
        format_,
        request,
        signature.value if signature else None,
        scheme,
        tuple(draft.unused),
        tuple(draft.notes),
        entries,
        entry,
        variant,
        received,
    )


# --- curl: bash quoting, then curl's options --------------------------------------------

#: bash's ANSI-C quoting ``$'...'``: a backslash escapes anything, ``'`` ends it.
_ANSI_C = re.compile(r"\$'((?:[^'\\]|\\.)*)'", re.S)
_DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"', re.S)
_SINGLE = re.compile(r"'([^']*)'")
#: Inside double quotes a backslash only escapes these (bash manual, "Double Quotes").
_DOUBLE_ESCAPE = re.compile(r'\\([$`"\\\n])')
#: ``${...}`` stops at the next ``$``: tried at every unquoted ``$``, a scan to the end of
#: the text would make ``${${${…`` quadratic.
_VARIABLE = re.compile(r"\$(?:[A-Za-z_]\w*|\{[^}$]*\}|\(|[0-9#?@*!$-])|`")
#: Unquoted, these end the simple command (a pipe, a list, a redirection, a subshell).
_OPERATORS = ";&|<>()"

#: bash's ANSI-C escapes (bash manual, "ANSI-C Quoting"): \\nnn and \\xHH are *bytes*,
#: \\uHHHH and \\UHHHHHHHH are characters, \\cx is control-x; any other backslash is kept.
_ANSI_C_ESCAPE = re.compile(
    r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8})|c(.)|(.))",
    re.S,
)
_ANSI_C_SIMPLE = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}


def _control(char: str) -> str:
    # bash's TOCTRL: `\c?` is DEL, otherwise the upper-cased letter's low five bits.
    return "\x7f" if char == "?" else chr(ord(char.upper()) & 0x1F)


class _Bytes:
    """A run of byte escapes, decoded as UTF-8 when it is; else as Latin-1, Firefox's intent
    (it writes `é` as `\\xe9`, which bash turns into the lone byte 0xE9)."""

    def __init__(self, notes: list[str]) -> None:
        self.pending = bytearray()
        self.notes = notes

    def flush(self, out: list[str]) -> None:
        if not self.pending:
            return
        try:
            out.append(self.pending.decode("utf-8"))
        except UnicodeDecodeError:
            text = self.pending.decode("latin-1")
            escapes = "".join(f"\\x{byte:02x}" for byte in self.pending)
            self.notes.append(
                f"`{escapes}` in a `$'…'` string is not UTF-8: bash would send those bytes as "
                f"they are, but Firefox writes `{text}` that way, so it was read as `{text}`."
            )
            out.append(text)
        self.pending.clear()


def _ansi_c(body: str, notes: list[str]) -> str:
    """The value of ``$'body'``."""
    out: list[str] = []
    run = _Bytes(notes)
    position = 0
    for match in _ANSI_C_ESCAPE.finditer(body):
        literal = body[position : match.start()]
        position = match.end()
        octal, hex_byte, small_u, big_u, control, other = match.groups()
        if octal or hex_byte:
            if literal:
                run.flush(out)
                out.append(literal)
            run.pending.append(int(octal, 8) & 0xFF if octal else int(hex_byte, 16))
            continue
        run.flush(out)
        out.append(literal)
        if small_u or big_u:
            code = int(small_u or big_u, 16)
            if code > 0x10FFFF:
                raise InputError(_FIELD, f"`\\U{big_u}` in a `$'…'` string is not a character.")
            out.append(chr(code))
        elif control:
            out.append(_control(control))
        else:
            out.append(_ANSI_C_SIMPLE.get(other, "\\" + other))
    run.flush(out)
    out.append(body[position:])
    return _join_surrogates("".join(out), notes)


def _join_surrogates(text: str, notes: list[str]) -> str:
    """Browsers escape a character beyond U+FFFF as two UTF-16 halves (`\\ud83d\\ude00`)."""
    if not any("\ud800" <= char <= "\udfff" for char in text):
        return text
    try:
        joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        raise InputError(
            _FIELD, "A `$'…'` string holds half of a UTF-16 surrogate pair, which is not text."
        ) from None
    notes.append(
        "A `$'…'` string writes a character beyond U+FFFF as two `\\u` halves, as browsers "
        "do; they were joined into one character."
    )
    return joined


def _note_expansion(found: re.Match[str], notes: list[str]) -> None:
    notes.append(
        f"`{found.group()}` is shell syntax Sigscope cannot expand (a variable or a command): "
        "it was kept as written."
    )


def _double_quoted(body: str, notes: list[str]) -> str:
    for found in _VARIABLE.finditer(body):
        _note_expansion(found, notes)
    return _DOUBLE_ESCAPE.sub(lambda m: "" if m.group(1) == "\n" else m.group(1), body)


#: Each quoting form by its opening: the pattern of the whole quoted string, and its value.
_QUOTES: dict[str, tuple[re.Pattern[str], Callable[[str, list[str]], str]]] = {
    "$'": (_ANSI_C, _ansi_c),
    '"': (_DOUBLE, _double_quoted),
    "'": (_SINGLE, lambda body, _: body),
}


def _quoted(text: str, position: int, notes: list[str]) -> tuple[str, int] | None:
    """The value of the quoted string at ``position``, and where it ends."""
    opening = next((quote for quote in _QUOTES if text.startswith(quote, position)), None)
    if opening is None:
        return None
    pattern, value = _QUOTES[opening]
    match = pattern.match(text, position)
    if match is None:
        line = text.count("\n", 0, position) + 1
        raise InputError(
            _FIELD, f"Unterminated quote: the `{opening}` on line {line} is never closed."
        )
    return value(match.group(1), notes), match.end()


#: What separates words when unquoted (a newline ends the command instead).
_BLANK_RUN = re.compile(r"[ \t\r]+")
#: A run of characters that stand for themselves: read at once, not one by one.
_PLAIN = re.compile(r"[^ \t\r\n\\'\"$`#;&|<>()]+")


def shell_words(text: str, notes: list[str]) -> tuple[list[str], str]:
    """Split a bash command line into words, and return what follows the first command.

    bash's quoting as bash reads it: ``'…'``, ``"…"`` (where ``\\`` escapes only
    ``$ ` " \\`` and newline), ``$'…'``, and an unquoted ``\\`` escaping any character; line
    continuations are removed, and an unquoted newline or operator ends the command. Each
    word is built from its pieces in one pass (``shlex`` grows a word one character at a
    time, which is quadratic in its length).
    """
    words: list[str] = []
    word: list[str] | None = None  # the pieces of the word being read; None between words
    position, rest = 0, ""
    while position < len(text):
        char = text[position]
        piece: str | None = None
        if text.startswith(("\\\n", "\\\r\n"), position):
            position = text.index("\n", position) + 1
        elif char == "\\":
            if position + 1 == len(text):
                raise InputError(_FIELD, "The command ends with a `\\` that escapes nothing.")
            piece, position = text[position + 1], position + 2
        elif char == "\n" or char in _OPERATORS:
            rest = text[position:].strip()
            break
        elif char == "#" and (position == 0 or text[position - 1].isspace()):
            end = text.find("\n", position)
            position = len(text) if end < 0 else end
        elif (quoted := _quoted(text, position, notes)) is not None:
            piece, position = quoted
        elif blanks := _BLANK_RUN.match(text, position):
            if word is not None:
                words.append("".join(word))
                word = None
            position = blanks.end()
        elif plain := _PLAIN.match(text, position):
            piece, position = plain.group(), plain.end()
        else:
            expansion = _VARIABLE.match(text, position)
            if expansion:
                _note_expansion(expansion, notes)
            piece, position = char, position + 1
        if piece is not None:
            word = [] if word is None else word
            word.append(piece)
    if word is not None:
        words.append("".join(word))
    return words, rest


@dataclass
class _Curl:
    """curl's options as read so far."""

    draft: _Draft
    urls: list[str] = field(default_factory=list)
    method: str | None = None
    data: list[tuple[str, str]] = field(default_factory=list)  # (option, piece)
    json: bool = False
    get: bool = False
    head: bool = False
    multipart: bool = False
    removed: set[str] = field(default_factory=set)  # `-H 'Name:'` removes curl's own header


Handler = Callable[[_Curl, str, str], None]


def _set_method(curl: _Curl, _: str, value: str) -> None:
    curl.method = value


def _header(curl: _Curl, option: str, value: str) -> None:
    if value.startswith("@"):
        curl.draft.skip(f"`{option} {value}`", "headers read from a file Sigscope cannot see")
        return
    # curl: `Name: value` adds, `Name:` removes a header curl would add, `Name;` sends it empty.
    field_line = _field_line(value)
    if field_line is None and value.endswith(";") and HTTP_TOKEN.fullmatch(value[:-1]):
        curl.draft.headers.append((value[:-1], ""))
        return
    if field_line is None:
        raise InputError(
            _FIELD, f"`{option} {excerpt(value)}` is not a header: write it `Name: value`."
        )
    name, given = field_line
    if given == "":
        curl.removed.add(name.lower())
        curl.draft.notes.append(f"`{option} '{name}:'` tells curl not to send `{name}`.")
        return
    curl.draft.headers.append((name, given))


def _add_header(name: str) -> Handler:
    def handler(curl: _Curl, _: str, value: str) -> None:
        curl.draft.headers.append((name, value))

    return handler


def _url_encoded(value: str) -> str | None:
    """curl's ``--data-urlencode`` forms: ``content``, ``=content``, ``name=content``,
    ``@file``, ``name@file``; the content is %-encoded (space as ``%20``)."""
    name, equals, content = value.partition("=")
    if not equals:
        name, at, _ = value.partition("@")
        if at:
            return None
        name, content = "", value
    encoded = quote(content, safe="")
    return f"{name}={encoded}" if name else encoded


def _data(kind: str) -> Handler:
    """``-d``/``--data-ascii``/``--data-binary``/``--json`` (``@`` reads a file),
    ``--data-raw`` (no ``@``), ``--data-urlencode``."""

    def handler(curl: _Curl, option: str, value: str) -> None:
        piece: str | None = value
        if kind == "urlencode":
            piece = _url_encoded(value)
        elif kind != "raw" and value.startswith("@"):
            piece = None
        if piece is None:
            curl.draft.skip(
                f"`{option} {value}`",
                "reads the data from a file or stdin, which Sigscope cannot see: paste the "
                "data itself with `--data-raw`",
            )
            return
        curl.json = curl.json or kind == "json"
        curl.data.append((option, piece))

    return handler


def _flag(name: str) -> Handler:
    def handler(curl: _Curl, _: str, __: str) -> None:
        setattr(curl, name, True)

    return handler


def _url(curl: _Curl, _: str, value: str) -> None:
    curl.urls.append(value)


def _user(curl: _Curl, option: str, value: str) -> None:
    user = value.partition(":")[0]
    curl.draft.skip(
        f"`{option} {user}:…`",
        "curl sends it as `Authorization: Basic …`; neither scheme uses it (password not shown)",
    )


def _cookie(curl: _Curl, option: str, value: str) -> None:
    if "=" in value:
        curl.draft.headers.append(("Cookie", value))
    else:
        curl.draft.skip(f"`{option} {value}`", "a cookie file, which Sigscope cannot see")


def _form(curl: _Curl, option: str, value: str) -> None:
    curl.multipart = True
    name = value.partition("=")[0]
    curl.draft.skip(
        f"`{option} {name}=…`",
        "a multipart form: curl writes the body with a random boundary, so its bytes are "
        "not in the command",
    )


def _ignored(why: str) -> Handler:
    def handler(curl: _Curl, option: str, value: str) -> None:
        curl.draft.skip(f"`{f'{option} {value}'.strip()}`", why)

    return handler


_RUNS = "changes how curl runs or what it prints, not the request it sends"
_TLS = "TLS settings: not part of the request"

#: curl's options: long name -> (takes a value, handler). Short names map to these.
CURL_OPTIONS: dict[str, tuple[bool, Handler]] = {
    "--url": (True, _url),
    "--request": (True, _set_method),
    "--header": (True, _header),
    "--data": (True, _data("ascii")),
    "--data-ascii": (True, _data("ascii")),
    "--data-binary": (True, _data("binary")),
    "--data-raw": (True, _data("raw")),
    "--data-urlencode": (True, _data("urlencode")),
    "--json": (True, _data("json")),
    "--get": (False, _flag("get")),
    "--head": (False, _flag("head")),
    "--user": (True, _user),
    "--cookie": (True, _cookie),
    "--user-agent": (True, _add_header("User-Agent")),
    "--referer": (True, _add_header("Referer")),
    "--form": (True, _form),
    "--form-string": (True, _form),
    "--compressed": (False, _ignored("curl adds `Accept-Encoding`, a transport header")),
    "--insecure": (False, _ignored(_TLS)),
    "--cacert": (True, _ignored(_TLS)),
    "--cert": (True, _ignored(_TLS)),
    "--key": (True, _ignored(_TLS)),
    "--http1.1": (False, _ignored("the HTTP version: not signed")),
    "--http2": (False, _ignored("the HTTP version: not signed")),
    "--location": (False, _ignored(_RUNS)),
    "--silent": (False, _ignored(_RUNS)),
    "--show-error": (False, _ignored(_RUNS)),
    "--verbose": (False, _ignored(_RUNS)),
    "--include": (False, _ignored(_RUNS)),
    "--fail": (False, _ignored(_RUNS)),
    "--globoff": (False, _ignored(_RUNS)),
    "--no-buffer": (False, _ignored(_RUNS)),
    "--output": (True, _ignored(_RUNS)),
    "--write-out": (True, _ignored(_RUNS)),
    "--max-time": (True, _ignored(_RUNS)),
    "--connect-timeout": (True, _ignored(_RUNS)),
    "--retry": (True, _ignored(_RUNS)),
    "--proxy": (True, _ignored("a proxy: where the request goes, not what it says")),
}

CURL_SHORT = {
    "X": "--request",
    "H": "--header",
    "d": "--data",
    "G": "--get",
    "I": "--head",
    "u": "--user",
    "b": "--cookie",
    "A": "--user-agent",
    "e": "--referer",
    "F": "--form",
    "k": "--insecure",
    "E": "--cert",
    "L": "--location",
    "s": "--silent",
    "S": "--show-error",
    "v": "--verbose",
    "i": "--include",
    "f": "--fail",
    "g": "--globoff",
    "N": "--no-buffer",
    "o": "--output",
    "w": "--write-out",
    "m": "--max-time",
    "x": "--proxy",
}


def _option(name: str) -> tuple[bool, Handler]:
    long_name = CURL_SHORT.get(name[1:], name) if len(name) == 2 else name
    if long_name not in CURL_OPTIONS:
        raise InputError(_FIELD, f"Unknown curl option `{excerpt(name)}`.")
    return CURL_OPTIONS[long_name]


def _read_curl(words: list[str], curl: _Curl) -> None:
    """Apply each option in turn; ``-sSL`` is three flags, ``-XPOST`` is ``-X POST``."""
    queue = deque(words)
    while queue:
        word = queue.popleft()
        if word.startswith("--") and len(word) > 2:
            options = [word]
        elif word.startswith("-") and len(word) > 1:
            options = [f"-{letter}" for letter in word[1:]]
        else:
            curl.urls.append(word)
            continue
        for index, option in enumerate(options):
            takes_value, handler = _option(option)
            if not takes_value:
                handler(curl, option, "")
                continue
            attached = word[index + 2 :] if not word.startswith("--") else ""
            if not attached and not queue:
                raise InputError(_FIELD, f"The curl option `{option}` needs a value.")
            handler(curl, option, attached or queue.popleft())
            break


def _curl_request(curl: _Curl) -> None:
    """What curl would send, from the options read."""
    draft = curl.draft
    if not curl.urls:
        raise InputError(_FIELD, "The curl command has no URL.")
    url, *others = curl.urls
    for other in others:
        draft.skip(f"the URL `{other}`", "curl would send a second request; only the first is read")
    draft.url = url if "://" in url else f"http://{url}"  # curl's default scheme
    data = "".join(
        ("" if option == "--json" or not index else "&") + piece
        for index, (option, piece) in enumerate(curl.data)
    )
    if curl.get and curl.data:
        draft.url += ("&" if "?" in draft.url else "?") + data
        draft.notes.append("`-G`: the data was appended to the query, as curl does.")
    elif curl.data:
        draft.body = data
    sends_data = bool(curl.data) and not curl.get
    implied = "HEAD" if curl.head else "POST" if sends_data or curl.multipart else "GET"
    draft.method = curl.method or implied
    defaults = [("Content-Type", "application/json"), ("Accept", "application/json")]
    if not curl.json:
        defaults = [("Content-Type", "application/x-www-form-urlencoded")] if sends_data else []
    given = {name.lower() for name, _ in draft.headers} | curl.removed
    for name, value in defaults:
        if name.lower() not in given:
            draft.headers.append((name, value))
            draft.notes.append(f"`{name}: {value}` added: curl sends it with this data.")


#: Only ever matched at the start of the text, so each part is tried once: linear.
_CURL_START = re.compile(r"(?:\$\s+)?(?:\S*/)?curl(?:\.exe)?(?=\s|$)")


def _import_curl(text: str, choices: Choices) -> ImportResult:
    if '^"' in text:
        raise InputError(
            _FIELD,
            'This is the Windows (cmd) form of "Copy as cURL": copy it as cURL (bash).',
        )
    draft = _Draft()
    start = _CURL_START.match(text)
    assert start is not None  # the detector matched it
    words, rest = shell_words(text[start.end() :], draft.notes)
    if rest:
        draft.skip(f"`{rest}`", "shell text after the curl command (a pipe, a `;`, a redirect)")
    curl = _Curl(draft)
    _read_curl(words, curl)
    _curl_request(curl)
    return _finish("curl", draft, choices)


# --- a raw HTTP/1.1 request --------------------------------------------------------------

# RFC 9112 §3: request-line = method SP request-target SP HTTP-version (a version-less line,
# as people write it in notes, is read as HTTP/1.1).
_REQUEST_LINE = re.compile(rf"({NAME}) (\S+)(?: (HTTP/[0-9](?:\.[0-9])?))?")
# RFC 9112 §5: field-line = field-name ":" OWS field-value OWS; §5.1: "No whitespace is
# allowed between the field name and colon."
_BLANK_LINE = re.compile(r"\r?\n\r?\n")


def _field_line(line: str) -> tuple[str, str] | None:
    """``Name: value`` with the optional whitespace around the value stripped; ``None`` if
    the line is not a field line. ``str`` methods, not a regex: a lazy value followed by
    ``[ \t]*`` backtracks over every run of spaces, quadratic in its length."""
    name, colon, value = line.partition(":")
    if not colon or not HTTP_TOKEN.fullmatch(name):
        return None
    return name, value.strip(" \t")


def _field_lines(lines: list[str], first: int, draft: _Draft) -> None:
    """Header lines into the draft; ``first`` is the line number of ``lines[0]``."""
    folds: dict[int, list[str]] = {}  # header index -> its continuation lines
    for number, line in enumerate(lines, start=first):
        if line[:1] in (" ", "\t") and draft.headers:
            # RFC 9112 §5.2: obs-fold may be replaced with SP before the value is used.
            folds.setdefault(len(draft.headers) - 1, []).append(line.strip(" \t"))
            continue
        field_line = _field_line(line)
        if field_line is not None:
            draft.headers.append(field_line)
            continue
        head = line.partition(":")[0].rstrip(" \t")
        if ":" in line and HTTP_TOKEN.fullmatch(head):
            raise InputError(
                _FIELD,
                f"Line {number}: `{excerpt(line)}` has a space before its colon, which "
                "HTTP/1.1 forbids (RFC 9112 §5.1).",
            )
        raise InputError(
            _FIELD, f"Line {number}: `{excerpt(line)}` is not a header (expected `Name: value`)."
        )
    for index, parts in folds.items():
        name, value = draft.headers[index]
        draft.headers[index] = (name, " ".join([value, *parts]).strip(" \t"))
        lines_ = f"{len(parts)} lines continue" if len(parts) > 1 else "A line continues"
        draft.notes.append(f"{lines_} the header `{name}` (obs-fold): joined with spaces.")


def _framed_body(body: str, draft: _Draft) -> str:
    """The body after the blank line, checked against ``Content-Length`` when there is one.

    A pasted request often gains a final newline the client never sent: when the length
    says so, it is dropped."""
    lengths = [value for name, value in draft.headers if name.lower() == "content-length"]
    size = len(body.encode("utf-8"))
    if not lengths or not lengths[0].isdigit():
        if body.endswith("\n"):
            draft.notes.append(
                "No `Content-Length`: the body was taken as pasted, with its final newline."
            )
        return body
    declared = int(lengths[0])
    for ending in ("\r\n", "\n"):
        if body.endswith(ending) and size - len(ending) == declared:
            draft.notes.append(
                f"The body ends with a newline beyond `Content-Length: {declared}`: the paste "
                "added it, so it was dropped."
            )
            return body[: -len(ending)]
    if size != declared:
        draft.notes.append(
            f"The body is {size} bytes but `Content-Length` says {declared}: it was taken as "
            "pasted."
        )
    return body


def _import_http(text: str, choices: Choices) -> ImportResult:
    skipped = text[: len(text) - len(text.lstrip())].count("\n")
    text = text.lstrip()
    blank = _BLANK_LINE.search(text)
    if blank:
        head, body = text[: blank.start()], text[blank.end() :]
    else:  # headers only, maybe ending with their own line break
        head, body = text.removesuffix("\n").removesuffix("\r"), ""
    lines = [line.removesuffix("\r") for line in head.split("\n")]
    request_line = _REQUEST_LINE.fullmatch(lines[0])
    if request_line is None:
        raise InputError(
            _FIELD,
            f"Line {skipped + 1}: `{excerpt(lines[0])}` is not a request line (expected "
            "`METHOD /path HTTP/1.1`).",
        )
    method, target, version = request_line.groups()
    draft = _Draft(method, target)
    if version is None:
        draft.notes.append("The request line has no HTTP version: read as HTTP/1.1.")
    _field_lines(lines[1:], skipped + 2, draft)
    chunked = any(
        name.lower() == "transfer-encoding" and "chunked" in value.lower()
        for name, value in draft.headers
    )
    if chunked:
        draft.notes.append(
            "`Transfer-Encoding: chunked`: the body was taken as pasted, chunk sizes included."
        )
    draft.body = body if chunked else _framed_body(body, draft)
    return _finish("http", draft, choices)


# --- a HAR file (HTTP Archive 1.2, as browsers and Playwright write it) ------------------


def _har_list(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        raise InputError("har", f"`{where}` must be a list: is this a HAR file?")
    return value


def _har_object(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise InputError("har", f"`{where}` must be an object: is this a HAR file?")
    return value


def _har_text(value: dict[str, object], name: str, where: str) -> str:
    text = value.get(name)
    if not isinstance(text, str):
        raise InputError("har", f"`{where}.{name}` must be a string.")
    return text


def _har_pairs(request: dict[str, object], name: str, where: str) -> list[tuple[str, str]]:
    pairs = []
    for index, item in enumerate(_har_list(request.get(name, []), f"{where}.{name}")):
        place = f"{where}.{name}[{index}]"
        pair = _har_object(item, place)
        pairs.append((_har_text(pair, "name", place), _har_text(pair, "value", place)))
    return pairs


def _har_body(request: dict[str, object], where: str, draft: _Draft) -> str:
    """``postData.text``; Playwright's ``attach`` mode stores it in a file instead, and some
    tools give form fields as ``params`` only."""
    if "postData" not in request:
        return ""
    post = _har_object(request["postData"], f"{where}.postData")
    text = post.get("text")
    if isinstance(text, str) and text:
        return text
    stored = post.get("_file") or post.get("_sha1")
    if stored:
        draft.skip(
            f"the body (stored in `{stored}`)",
            "the HAR keeps it in a separate file: record it with the content embedded "
            '(Playwright: `record_har_content="embed"`)',
        )
        return ""
    fields = _har_pairs(post, "params", f"{where}.postData")
    if fields:
        draft.notes.append(
            "The HAR gives the form fields but not the body text: the body was rebuilt "
            "URL-encoded, which may differ from the bytes sent."
        )
        return str(urlencode(fields))
    return ""


def _har_entries(har: object) -> list[dict[str, object]]:
    log = _har_object(_har_object(har, "the HAR").get("log"), "log")
    entries = _har_list(log.get("entries"), "log.entries")
    if not entries:
        raise InputError("har", "The HAR has no entries: record at least one request.")
    return [
        _har_object(
            _har_object(entry, f"log.entries[{index}]").get("request"),
            f"log.entries[{index}].request",
        )
        for index, entry in enumerate(entries)
    ]


@contextmanager
def _blame(field: str) -> Iterator[None]:
    """Name ``field`` in an error about the evidence, whichever form it came in (a HAR may
    arrive as pasted text or as a JSON object)."""
    try:
        yield
    except InputError as error:
        if error.field not in (_FIELD, "har"):
            raise
        raise InputError(field, error.message) from None


def _import_har(har: object, entry: int | None, choices: Choices) -> ImportResult:
    requests = _har_entries(har)
    listed = tuple(
        HarEntry(index, str(request.get("method", "?")), str(request.get("url", "?")))
        for index, request in enumerate(requests)
    )
    chosen = 0 if entry is None else entry
    if not 0 <= chosen < len(requests):
        raise InputError(
            "entry",
            f"There is no entry {chosen}: this HAR has {len(requests)} (0 to {len(requests) - 1}).",
        )
    where = f"log.entries[{chosen}].request"
    request = requests[chosen]
    draft = _Draft(_har_text(request, "method", where), _har_text(request, "url", where))
    draft.headers = _har_pairs(request, "headers", where)
    query = _har_pairs(request, "queryString", where)
    if query and not urlsplit(draft.url).query:
        draft.url += "?" + urlencode(query)
    draft.body = _har_body(request, where, draft)
    return _finish("har", draft, choices, listed, chosen)


def import_har(
    har: object, entry: int | None = None, choices: Choices | None = None
) -> ImportResult:
    """One request of a HAR object (``entry``, default 0); ``entries`` lists them all.
    ``choices`` overrides which received headers count as signed."""
    with _blame("har"):
        return _import_har(har, entry, choices or Choices())


# --- a bare URL, and telling the formats apart -------------------------------------------


def _import_url(text: str, choices: Choices) -> ImportResult:
    if any(char.isspace() for char in text):
        raise InputError(_FIELD, f"A URL cannot contain spaces or line breaks: `{excerpt(text)}`.")
    return _finish("url", _Draft("GET", text), choices)


def _import_har_text(text: str, entry: int | None, choices: Choices) -> ImportResult:
    try:
        har = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise InputError(_FIELD, f"This looks like JSON but is not valid JSON: {error}.") from None
    with _blame(_FIELD):
        return _import_har(har, entry, choices)


#: How each format is recognised, in the order they are tried.
_DETECTORS: tuple[tuple[str, Callable[[str], object]], ...] = (
    ("har", lambda text: text.startswith("{")),
    ("curl", _CURL_START.match),
    ("http", lambda text: re.match(r"[A-Z]+ \S+(?: HTTP/[0-9.]+)?\r?(?:\n|$)", text)),
    ("url", lambda text: re.match(r"(?i)https?://|/|\?", text)),
)

#: How each format other than HAR is read. A raw request keeps its end as pasted (a final
#: newline may belong to its body); the others are trimmed.
_IMPORTERS: dict[str, Callable[[str, Choices], ImportResult]] = {
    "curl": lambda text, choices: _import_curl(text.strip(), choices),
    "http": _import_http,
    "url": lambda text, choices: _import_url(text.strip(), choices),
}


def detect(text: str) -> str | None:
    """Which format ``text`` is in (leading whitespace aside), or ``None``."""
    start = text.lstrip()
    return next((name for name, looks in _DETECTORS if looks(start)), None)


def import_text(
    text: str, entry: int | None = None, choices: Choices | None = None
) -> ImportResult:
    """Detect the format of pasted text and read the request from it.

    ``entry`` picks a HAR's request; giving it for another format is an error. ``choices``
    overrides which received headers count as signed."""
    choices = choices or Choices()
    format_ = detect(text)
    if format_ is None:
        raise InputError(
            _FIELD,
            "Sigscope cannot tell what this is: paste a curl command, a raw HTTP request "
            "(`POST /path HTTP/1.1` and its headers), a HAR file or a URL.",
        )
    if format_ == "har":
        return _import_har_text(text, entry, choices)
    if entry is not None:
        raise InputError("entry", f"`entry` picks a request of a HAR; this is {format_} text.")
    if format_ == "curl" and len(text) > MAX_CURL_LENGTH:
        raise InputError(
            _FIELD,
            f"This curl command is {len(text):,} characters long; Sigscope reads curl commands "
            f"of up to {MAX_CURL_LENGTH:,}. Import it without its body, then paste the body "
            "into the Body field.",
            status_hint=413,
        )
    return _IMPORTERS[format_](text, choices)
