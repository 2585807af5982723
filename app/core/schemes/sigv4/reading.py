"""SigV4 from evidence: recognise a signed request and read what its signature declares,
and write the signature as it travels (SCHEMES2.md §1.1, §1.2). Pure.

Header form: ``Authorization: AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/
aws4_request, SignedHeaders=<a;b>, Signature=<hex>``, the time in ``X-Amz-Date``. Presigned
form: the same values in ``X-Amz-Algorithm``, ``-Credential``, ``-Date``, ``-Expires``,
``-SignedHeaders``, ``-Security-Token`` and ``-Signature`` query parameters.
"""

from __future__ import annotations

from app.core.recipe import Recipe
from app.core.request import Pairs
from app.core.schemes.evidence import Evidence, Reading
from app.core.schemes.sigv4.canonical import auth_params, host_of, parts
from app.core.schemes.sigv4.encode import uri_encode
from app.core.schemes.sigv4.inputs import (
    ALGORITHM_NAME,
    AMZ_DATE_INPUT,
    EXPIRES,
    HEADER,
    PRESIGNED,
    REGION,
    SERVICE,
    SESSION_TOKEN,
    TERMINATOR,
    epoch_of,
)

#: A presigned URL's own parameters: Sigscope writes them from its inputs again.
AUTH_PARAMS = (
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Security-Token",
    "X-Amz-Signature",
)


def _items(value: str) -> dict[str, str]:
    """``Credential=…, SignedHeaders=…, Signature=…`` as a dict (names as written)."""
    items = {}
    for item in value.split(","):
        name, equals, text = item.strip().partition("=")
        if equals:
            items[name.strip()] = text.strip()
    return items


def _scope(credential: str) -> tuple[str, list[tuple[str, str]], list[str]]:
    """The access key, the scope's inputs and notes from ``<key>/<date>/<region>/<service>/
    aws4_request``."""
    key, *scope = credential.rsplit("/", 4)
    if len(scope) != 4:
        return (
            credential,
            [],
            [
                f"`Credential={credential}` is not `<key>/<date>/<region>/"
                f"<service>/{TERMINATOR}`: its scope could not be read."
            ],
        )
    date, region, service, terminator = scope
    notes = (
        []
        if terminator == TERMINATOR
        else [f"The scope ends in `{terminator}`, not `{TERMINATOR}`: AWS refuses it."]
    )
    return key, [(REGION.name, region), (SERVICE.name, service), ("scope_date", date)], notes


def _date_notes(scope_date: str, amz_date: str) -> list[str]:
    if not amz_date:
        return ["No `X-Amz-Date` found: type the signed time in X-Amz-Date."]
    if scope_date and scope_date != amz_date[:8]:
        return [
            f"The credential scope's date `{scope_date}` is not `X-Amz-Date`'s `{amz_date[:8]}`:"
            " AWS refuses the request (the scope's date must be X-Amz-Date's, in UTC)."
        ]
    return []


def _host_added(evidence: Evidence, signed: tuple[str, ...]) -> Pairs:
    if "host" not in signed or evidence.header("host") is not None:
        return ()
    host = host_of(evidence.origin)
    return () if host is None else (("Host", host),)


def _reading(
    evidence: Evidence,
    fields: dict[str, str],
    amz_date: str,
    variant: str,
    source: str,
) -> Reading:
    key, scope, notes = _scope(fields.get("Credential", ""))
    scope_date = dict(scope).pop("scope_date", "")
    inputs = [pair for pair in scope if pair[0] != "scope_date"]
    inputs.append((AMZ_DATE_INPUT.name, amz_date))
    signed = tuple(name.strip().lower() for name in fields.get("SignedHeaders", "").split(";"))
    signed = tuple(name for name in signed if name)
    missing = [name for name in signed if name != "host" and evidence.header(name) is None]
    if missing:
        notes.append(
            "`SignedHeaders` lists headers the request does not carry: "
            + ", ".join(f"`{name}`" for name in missing)
            + "."
        )
    return Reading(
        signature=fields.get("Signature", ""),
        source=source,
        api_key=key,
        timestamp=epoch_of(amz_date),
        inputs=(*inputs, *_extra_inputs(evidence, variant)),
        variant=variant,
        notes=(*notes, *_date_notes(scope_date, amz_date)),
        signed_headers=signed,
        headers_added=_host_added(evidence, signed),
        carriers=("authorization",) if variant == HEADER else (),
        params_removed=AUTH_PARAMS if variant == PRESIGNED else (),
    )


def _extra_inputs(evidence: Evidence, variant: str) -> Pairs:
    if variant == HEADER:
        token = evidence.header("x-amz-security-token")
        return ((SESSION_TOKEN.name, token),) if token else ()
    found = [(EXPIRES.name, evidence.param("X-Amz-Expires") or "")]
    token = evidence.param("X-Amz-Security-Token")
    if token:
        found.append((SESSION_TOKEN.name, token))
    return tuple(found)


def read(evidence: Evidence) -> Reading | None:
    """A SigV4 reading of ``evidence``, or ``None`` when it carries no SigV4 signature."""
    authorization = evidence.header("authorization") or ""
    algorithm, _, rest = authorization.strip().partition(" ")
    if algorithm == ALGORITHM_NAME:
        return _reading(
            evidence,
            _items(rest),
            (evidence.header("x-amz-date") or "").strip(),
            HEADER,
            "`Signature=` in the `Authorization` header",
        )
    if evidence.param("X-Amz-Signature") is not None and evidence.param("X-Amz-Credential"):
        fields = {
            "Credential": evidence.param("X-Amz-Credential") or "",
            "SignedHeaders": evidence.param("X-Amz-SignedHeaders") or "",
            "Signature": evidence.param("X-Amz-Signature") or "",
        }
        date = evidence.param("X-Amz-Date") or ""
        return _reading(evidence, fields, date, PRESIGNED, "the `X-Amz-Signature` query parameter")
    return None


def travels(recipe: Recipe, sent: str) -> Pairs:
    """The ``Authorization`` header, or the presigned URL with ``X-Amz-Signature`` last."""
    made = parts(recipe)
    if recipe.variant != PRESIGNED:
        credential = f"{recipe.request.api_key}/{made.scope}"
        value = (
            f"{ALGORITHM_NAME} Credential={credential}, "
            f"SignedHeaders={made.signed_headers}, Signature={sent}"
        )
        return (("Authorization", value),)
    params = (
        *recipe.request.params,
        *auth_params(recipe, made.signed_headers, made.scope, made.amz_date),
    )
    query = "&".join(f"{uri_encode(name)}={uri_encode(value)}" for name, value in params)
    return (
        ("URL", f"{_origin(recipe)}{recipe.request.path or '/'}?{query}&X-Amz-Signature={sent}"),
    )


def _origin(recipe: Recipe) -> str:
    """Where the URL points: the origin's scheme (https unless it says otherwise) and the
    signed ``Host`` header's authority, else the origin's."""
    scheme, found, authority = recipe.request.input("origin").strip().partition("://")
    if not found:
        scheme, authority = "https", ""
    host = next((v for n, v in recipe.request.headers if n.lower() == "host"), None)
    authority = host.strip() if host else authority.split("/", 1)[0]
    return f"{scheme}://{authority}" if authority else ""
