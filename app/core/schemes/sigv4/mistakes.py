"""SigV4's own mistakes, each with its words for the lens and the diagnosis (SCHEMES2.md §1.6).

Each is a pure ``Recipe -> Recipe`` transform: a flag ``canonical.py`` reads, or an edited
input. The clock's mistakes are the server's verdict (``clock.py``), not another string.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator

from app.core.mistakes import Apply, Mistake, never, single
from app.core.recipe import Recipe
from app.core.schemes.sigv4.canonical import payload_source, signed_header_pairs
from app.core.schemes.sigv4.inputs import (
    AMZ_DATE,
    PRESIGNED,
    REGION,
    SERVICE,
    SESSION_TOKEN,
    amz_date,
    epoch_of,
    is_s3,
)

#: Service names clients confuse with each other (the endpoint's name is not always the
#: signing name): what a client signs instead of each.
CONFUSED_SERVICES = {
    "execute-api": "apigateway",
    "apigateway": "execute-api",
    "es": "aoss",
    "aoss": "es",
    "s3": "s3-object-lambda",
    "monitoring": "cloudwatch",
    "email": "ses",
    "ses": "email",
}

#: The region SDKs and tutorials fall back on.
DEFAULT_REGION = "us-east-1"


def _flag(flag: str, applies: Callable[[Recipe], bool] = lambda _: True) -> Apply:
    return single(lambda r: r.with_flag(flag) if applies(r) else None)


def _host(recipe: Recipe) -> str | None:
    headers, _ = signed_header_pairs(recipe, "", amz_date(recipe))
    return next((value.strip() for name, value in headers if name.lower() == "host"), None)


def _has_port(recipe: Recipe) -> bool | None:
    host = _host(recipe)
    if host is None:
        return None
    return ":" in host.rpartition("]")[2]


def _has_query(recipe: Recipe) -> bool:
    return bool(recipe.request.params) or recipe.variant == PRESIGNED


def _hashes_body(recipe: Recipe) -> bool:
    return payload_source(recipe) == "body"


def _other_region(recipe: Recipe) -> Iterator[tuple[str, Recipe]]:
    region = recipe.request.input(REGION.name, str(REGION.default))
    if region != DEFAULT_REGION:
        yield DEFAULT_REGION, recipe.with_flag(f"region={DEFAULT_REGION}")


def _other_service(recipe: Recipe) -> Iterator[tuple[str, Recipe]]:
    other = CONFUSED_SERVICES.get(recipe.request.input(SERVICE.name, str(SERVICE.default)))
    if other:
        yield other, recipe.with_flag(f"service={other}")


def _next_day(year: int, month: int, day: int, step: int) -> str:
    """``YYYYMMDD`` of the day ``step`` (+1 or -1) from the given one."""
    day += step
    if day < 1:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        day = calendar.monthrange(year, month)[1]
    elif day > calendar.monthrange(year, month)[1]:
        year, month, day = (year + 1, 1, 1) if month == 12 else (year, month + 1, 1)
    return f"{year:04d}{month:02d}{day:02d}"


def _local_dates(recipe: Recipe) -> Iterator[tuple[str, Recipe]]:
    """The day before and after the signed one: a scope built from a local date."""
    found = AMZ_DATE.fullmatch(amz_date(recipe))
    if found is None or epoch_of(found.group(0)) is None:
        return
    year, month, day = (int(part) for part in found.groups()[:3])
    for step in (-1, 1):
        other = _next_day(year, month, day, step)
        yield other, recipe.with_flag(f"scope_date={other}")


_PATH_TWICE = (
    "Non-S3 services sign the path as sent encoded once more (`%40` is `%2540`), while S3 "
    "signs it as sent: amazonka #529 (API Gateway `@connections`), aws-sdk-js #853."
)

SPECIFIC: tuple[Mistake, ...] = (
    Mistake(
        "path_encoded_once",
        "canonical_uri",
        "Path not encoded again (non-S3)",
        _PATH_TWICE + " A client that signs the wire path as is fails on every escape.",
        _flag("path_encoded_once", lambda r: not is_s3(r)),
        clause="signed the path as sent (`{signed}`), not encoded again (`{expected}`)",
        fix="For every service but S3, URI-encode the (already encoded) path once more before "
        "signing: `%` becomes `%25`.",
        harmless="the path has no `%XX` escape or other character to encode again",
    ),
    Mistake(
        "path_encoded_twice",
        "canonical_uri",
        "S3 path encoded twice",
        "S3 signs the key exactly as sent, encoded once (`my%20file`); a client that encodes "
        "it again signs `my%2520file`: aws-sdk-js #853, mhart/aws4 #91 (`doNotEncodePath`).",
        _flag("path_encoded_twice", is_s3),
        clause="encoded the S3 path twice (`{signed}`)",
        fix="For S3, sign the path exactly as it is sent: encode the key once, never again.",
        harmless="the path has no `%XX` escape or other character to encode",
    ),
    Mistake(
        "path_normalized",
        "canonical_uri",
        "S3 path normalized",
        "S3 keys may hold `.`, `..` and `//`, and S3 signs the path with them; a client that "
        "resolves them (as for other services) signs another path.",
        _flag("path_normalized", is_s3),
        clause="normalized the S3 path (`{signed}`, not `{expected}`)",
        fix="For S3, do not resolve `.`, `..` or `//` in the path: sign it as sent.",
        harmless="the path has no `.`, `..` or `//` segment",
    ),
    Mistake(
        "query_space_plus",
        "canonical_query",
        "Space as `+` in the canonical query",
        "The canonical query writes a space `%20`, never `+` (form encoding, `urlencode`, "
        "`quote_plus`): aws-sdk-go #220, aws4fetch #83, ceph #16116.",
        _flag("query_space_plus", _has_query),
        clause="wrote spaces as `+` in the canonical query (`{signed}`)",
        fix="URI-encode query names and values with `%20` for a space and `%2B` for a plus.",
        harmless="no query name or value holds a space",
    ),
    Mistake(
        "query_uri_component",
        "canonical_query",
        "Query encoded with `encodeURIComponent`",
        "JavaScript's `encodeURIComponent` leaves `! ' ( ) *` raw; SigV4 encodes them "
        "(`%21 %27 %28 %29 %2A`).",
        _flag("query_uri_component", _has_query),
        clause="encoded the query with `encodeURIComponent` (`{signed}`)",
        fix="Encode `! ' ( ) *` too (`%21 %27 %28 %29 %2A`), as SigV4's UriEncode does.",
        harmless="no query name or value holds `! ' ( ) *`",
    ),
    Mistake(
        "query_bare_key",
        "canonical_query",
        "Query key without `=`",
        "A parameter without a value (`?acl`) is signed as `acl=`: libvmod-awsrest #24.",
        _flag("query_bare_key", lambda r: any(not value for _, value in r.request.params)),
        clause="signed a parameter without a value as a bare key (`{signed}`)",
        fix="Write every parameter as `name=value`, an empty value as `name=`.",
    ),
    Mistake(
        "query_unsorted",
        "canonical_query",
        "Query signed in sent order",
        "The canonical query is sorted by encoded name, then value, in byte order.",
        _flag("query_unsorted", _has_query),
        clause="signed the query parameters in the order it sent them",
        fix="Sort the encoded parameters by name, then by value, byte by byte.",
        harmless="the parameters are already sorted",
    ),
    Mistake(
        "host_port_added",
        "canonical_headers",
        "`host` signed with a port the request did not carry",
        "The client (or a proxy rewriting `Host`) signed `host:…:443` while the request "
        "carries no port: aws-sdk-java-v2 #2725, dependabot/proxy #258.",
        _flag("host_port=add", lambda r: _has_port(r) is False),
        clause="signed `host` with a port the server did not receive (`:443`)",
        fix="Sign `host` exactly as sent: a default port (443, 80) is left out.",
    ),
    Mistake(
        "host_port_dropped",
        "canonical_headers",
        "`host` signed without its port",
        "The request went to a non-default port, which `Host` carries and AWS signs; the "
        "client signed the bare host: requests-aws4auth #81, fog-aws #755.",
        _flag("host_port=drop", lambda r: bool(_has_port(r))),
        clause="signed `host` without the port the request carried",
        fix="Sign `host` as sent, with its non-default port.",
    ),
    Mistake(
        "headers_not_trimmed",
        "canonical_headers",
        "Header values not trimmed",
        "Each value is trimmed and every run of spaces inside made one space, quotes or not.",
        _flag("headers_not_trimmed", lambda r: bool(r.request.headers)),
        clause="signed header values untrimmed",
        fix="Trim each header value and collapse each run of whitespace to one space.",
        harmless="your header values have no surrounding or doubled spaces",
    ),
    Mistake(
        "header_names_not_lowercased",
        "canonical_headers",
        "Header names not lower-cased",
        "Canonical headers and the signed headers' list use lower-case names.",
        _flag("header_names_not_lowercased", lambda r: bool(r.request.headers)),
        clause="signed the header names in their sent case",
        fix="Lower-case header names in the canonical headers and `SignedHeaders`.",
        harmless="your header names are already lower-case",
    ),
    Mistake(
        "token_unsigned",
        "canonical_headers",
        "Security token not signed",
        "With temporary credentials, `X-Amz-Security-Token` is sent and signed; a client "
        "that adds it after signing is refused.",
        _flag("token_unsigned", lambda r: bool(r.request.input(SESSION_TOKEN.name))),
        clause="added the security token after signing, so it did not sign it",
        fix="Add `X-Amz-Security-Token` before signing and list it in the signed headers (or, "
        "presigned, in the canonical query).",
    ),
    Mistake(
        "payload_empty_hash",
        "payload_hash",
        "Empty-body hash signed with a body",
        "The client hashed the body before it was set (or signed `e3b0…b855` and streamed "
        "the body after): electron-builder #9863 (`XAmzContentSHA256Mismatch`).",
        _flag("payload=empty", lambda r: bool(r.request.body) and _hashes_body(r)),
        clause="signed the empty body's hash though the request has a body",
        fix="Hash the body bytes exactly as sent, after the body is set.",
    ),
    Mistake(
        "payload_unsigned",
        "payload_hash",
        "`UNSIGNED-PAYLOAD` sent to a non-S3 service",
        "Only S3 takes `UNSIGNED-PAYLOAD`; other services sign the body's SHA-256: "
        "opendal-reqsign #346.",
        _flag("payload=unsigned", lambda r: not is_s3(r) and _hashes_body(r)),
        clause="signed `UNSIGNED-PAYLOAD` as the payload hash",
        fix="Sign the hex SHA-256 of the body (of no bytes: `e3b0…b855`) for this service.",
    ),
    Mistake(
        "scope_region",
        "credential_scope",
        "Region `{target}` in the scope",
        "The client signed for region `{target}` (the SDKs' fallback) instead of the "
        "endpoint's region.",
        _other_region,
        clause="signed the scope for region `{target}` (`{signed}`, not `{expected}`)",
        fix="Set the client's region to the endpoint's (S3, for one, answers a wrong one "
        "with `AuthorizationHeaderMalformed`, naming the region it expects).",
    ),
    Mistake(
        "scope_service",
        "credential_scope",
        "Service `{target}` in the scope",
        "The signing name is not always the endpoint's name (`execute-api` for API Gateway "
        "calls, `es` vs `aoss` for OpenSearch).",
        _other_service,
        clause="signed the scope for service `{target}` (`{signed}`, not `{expected}`)",
        fix="Sign with the service's signing name, as AWS documents it for the endpoint.",
    ),
    Mistake(
        "scope_date_local",
        "credential_scope",
        "Scope date {target} (a local date)",
        "The scope's date must be `X-Amz-Date`'s date, in UTC; a client that takes it from "
        "local time signs the day before or after near midnight.",
        _local_dates,
        clause="signed the scope with the date `{target}`, not `X-Amz-Date`'s date",
        fix="Take the scope's date from `X-Amz-Date` (its first 8 characters, UTC).",
    ),
)

#: Found by the server's verdict (``clock.py``), not by another string: words only.
CLOCK_MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "clock_skew",
        "credential_scope",
        "Clock skew over 15 minutes",
        "AWS rejects a request whose `X-Amz-Date` is more than 15 minutes from its clock "
        "(`RequestTimeTooSkewed`, 900000 ms): aws-sdk-php #612, aws-sdk-js-v3 #2208.",
        never,
        clause="signed the time `{value}`{skew}, outside AWS's 15 minutes",
        fix="Sync the client's clock (NTP), and sign the current UTC time.",
    ),
    Mistake(
        "presigned_expired",
        "canonical_query",
        "Presigned URL expired",
        "A presigned URL lives `X-Amz-Expires` seconds from its `X-Amz-Date`, at most 7 "
        "days, and less when temporary credentials expire first.",
        never,
        clause="sent a presigned URL past its expiry (`{value}`)",
        fix="Presign a new URL, with `X-Amz-Expires` covering when it is used (at most 604800).",
    ),
)
