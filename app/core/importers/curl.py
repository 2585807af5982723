"""curl's options, read as curl reads them, into the request curl would send. Pure: a
``-d @file`` is reported, never read."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from app.core.errors import InputError, excerpt
from app.core.importers.http import parse_field_line
from app.core.importers.result import FIELD, Draft, ImportResult
from app.core.importers.rules import finish
from app.core.importers.shell import shell_words
from app.core.inputs import HTTP_TOKEN
from app.core.received import Choices


@dataclass
class _Curl:
    """curl's options as read so far."""

    draft: Draft
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
    field_line = parse_field_line(value)
    if field_line is None and value.endswith(";") and HTTP_TOKEN.fullmatch(value[:-1]):
        curl.draft.headers.append((value[:-1], ""))
        return
    if field_line is None:
        raise InputError(
            FIELD, f"`{option} {excerpt(value)}` is not a header: write it `Name: value`."
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
        raise InputError(FIELD, f"Unknown curl option `{excerpt(name)}`.")
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
                raise InputError(FIELD, f"The curl option `{option}` needs a value.")
            handler(curl, option, attached or queue.popleft())
            break


def _curl_request(curl: _Curl) -> None:
    """What curl would send, from the options read."""
    draft = curl.draft
    if not curl.urls:
        raise InputError(FIELD, "The curl command has no URL.")
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
CURL_START = re.compile(r"(?:\$\s+)?(?:\S*/)?curl(?:\.exe)?(?=\s|$)")


def import_curl(text: str, choices: Choices) -> ImportResult:
    if '^"' in text:
        raise InputError(
            FIELD,
            'This is the Windows (cmd) form of "Copy as cURL": copy it as cURL (bash).',
        )
    draft = Draft()
    start = CURL_START.match(text)
    assert start is not None  # the detector matched it
    words, rest = shell_words(text[start.end() :], draft.notes)
    if rest:
        draft.skip(f"`{rest}`", "shell text after the curl command (a pipe, a `;`, a redirect)")
    curl = _Curl(draft)
    _read_curl(words, curl)
    _curl_request(curl)
    return finish("curl", draft, choices)
