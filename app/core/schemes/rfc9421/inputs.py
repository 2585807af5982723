"""What an RFC 9421 signer chooses, and the verifier's side, as declared inputs. Pure data."""

from __future__ import annotations

from app.core.schemes.declare import Input
from app.core.schemes.rfc9421.clock import DEFAULT_MAX_AGE, MAX_AGE, SERVER_TIME, SKEW
from app.core.schemes.rfc9421.components import COMPONENTS
from app.core.schemes.rfc9421.params import ALG, NO_ALG

#: The components a new request covers: what most examples sign.
DEFAULT_COMPONENTS = '"@method" "@authority" "@path"'

QUERY = Input(
    "query",
    "Raw query",
    "text",
    "The query exactly as sent, without `?`: `@query` and `@target-uri` sign it as is, never "
    "re-encoded. Empty: built from Query parameters, form-encoded.",
    default="",
)
COVERED = Input(
    COMPONENTS,
    "Covered components",
    "text",
    "The components signed, in order, as `Signature-Input` lists them: "
    '`"@method" "@authority" "@path" "content-digest"`, with parameters such as '
    '`"@query-param";name="q"`, `"example-dict";key="a"`, `"priority";sf`, `"x-list";bs`.',
    default=DEFAULT_COMPONENTS,
    initial=DEFAULT_COMPONENTS,
)
CREATED = Input(
    "created",
    "Created",
    "epoch",
    "`created`: the epoch second the signature was made. Empty: no `created` (the verifier's "
    "policy requires one).",
    now_button=True,
)
EXPIRES = Input(
    "sig_expires",
    "Expires",
    "epoch",
    "`expires`: the epoch second the signature ends. Empty: none.",
)
KEYID = Input("keyid", "Key id", "text", "`keyid`: the name of the shared key.", default="")
ALG_INPUT = Input(
    "alg",
    "alg parameter",
    "choice",
    f'Whether the signed parameters carry `alg="{ALG}"` (RFC 9421 B.2.5 has none; '
    "http-message-signatures adds it unless `include_alg=False`).",
    choices=(NO_ALG, ALG),
    default=NO_ALG,
    initial=NO_ALG,
)
NONCE = Input(
    "sig_nonce", "Signature nonce", "text", "`nonce`, if the signer sends one.", default=""
)
TAG = Input(
    "tag", "Tag", "text", "`tag`: the application the signature is for, if any.", default=""
)
LABEL = Input(
    "label",
    "Label",
    "text",
    "The signature's name in `Signature-Input` and `Signature` (not signed).",
    default="sig1",
    initial="sig1",
)
PARAM_ORDER = Input(
    "param_order",
    "Parameter order",
    "text",
    "The order the signer writes its parameters in, e.g. `created keyid alg`. Empty: "
    "`created keyid alg expires nonce tag` (http-message-signatures' order).",
    default="",
)
VERIFIER_TIME = Input(
    SERVER_TIME,
    "Verifier's clock",
    "epoch",
    "The verifier's time, epoch seconds. Empty: the same as Created.",
    signed=False,
    now_button=True,
)
MAX_AGE_INPUT = Input(
    MAX_AGE,
    "Maximum age",
    "integer",
    f"The verifier's `max_age` in seconds (default one day; {SKEW} s of skew added). "
    "Empty: no age limit.",
    signed=False,
    default=DEFAULT_MAX_AGE,
    nullable=True,
    minimum=0,
    maximum=10 * 365 * DEFAULT_MAX_AGE,
    initial=str(DEFAULT_MAX_AGE),
)

OWN_INPUTS = (
    QUERY,
    COVERED,
    CREATED,
    EXPIRES,
    KEYID,
    ALG_INPUT,
    NONCE,
    TAG,
    LABEL,
    PARAM_ORDER,
    VERIFIER_TIME,
    MAX_AGE_INPUT,
)
