"""RFC 9421's ``read``: ``Signature-Input`` + ``Signature`` found in evidence, read into the
scheme's inputs; ``travels`` writes them back; ``layout`` names each line of a base."""

from __future__ import annotations

from app.core.inputs import parse_sign_input
from app.core.schemes.evidence import Evidence
from app.core.schemes.rfc9421 import SCHEME
from app.core.signing import sign

INPUT = (
    'sig1=("@method" "@authority" "@query-param";name="q" "content-digest");'
    'keyid="k1";created=1700000000;nonce="n1", '
    'proxy_sig=("@method");created=1700000001;keyid="p"'
)
SIGNATURE = "sig1=:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=:, proxy_sig=:AA==:"


def evidence(*headers: tuple[str, str]) -> Evidence:
    return Evidence(
        method="POST",
        origin="https://example.com",
        path="/p",
        query="q=a+b&z=1",
        params=(("q", "a b"), ("z", "1")),
        headers=headers,
        body="",
    )


def test_the_first_label_is_read_into_the_inputs_and_the_others_noted() -> None:
    assert SCHEME.read is not None
    reading = SCHEME.read(
        evidence(
            ("Content-Digest", "sha-256=:x:"),
            ("Signature-Input", INPUT),
            ("Signature", SIGNATURE),
        )
    )
    assert reading is not None
    assert reading.signature == "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    inputs = dict(reading.inputs)
    assert inputs["components"] == (
        '"@method" "@authority" "@query-param";name="q" "content-digest"'
    )
    assert (inputs["keyid"], inputs["created"], inputs["sig_nonce"]) == ("k1", "1700000000", "n1")
    assert inputs["param_order"] == "keyid created nonce"
    assert (inputs["label"], inputs["alg"], inputs["query"]) == ("sig1", "omitted", "q=a+b&z=1")
    assert reading.signed_headers == ("content-digest",)
    assert reading.carriers == ("signature-input", "signature")
    assert reading.timestamp == 1700000000
    assert any("`proxy_sig`" in note for note in reading.notes)


def test_draft_cavage_and_broken_fields_are_not_read_as_rfc_9421() -> None:
    assert SCHEME.read is not None
    cavage = ("Signature", 'keyId="k",algorithm="hs2019",headers="(request-target)",signature="x"')
    assert SCHEME.read(evidence(cavage)) is None
    assert (
        SCHEME.read(evidence(("Signature-Input", "sig1=("), ("Signature", "sig1=:AA==:"))) is None
    )


def test_the_parameters_signed_are_written_back_in_their_order() -> None:
    given = parse_sign_input(
        {
            "scheme": "rfc9421",
            "method": "GET",
            "path": "/x",
            "origin": "https://example.com",
            "components": '"@method" "@path"',
            "created": 1700000000,
            "keyid": "k1",
            "param_order": "keyid created",
            "label": "mine",
            "secret": "s",
        }
    )
    result = sign(given.scheme, given.recipe, with_lens=False)
    assert SCHEME.travels is not None
    travels = dict(SCHEME.travels(given.recipe, result.outcome.sent))
    assert travels["Signature-Input"] == 'mine=("@method" "@path");keyid="k1";created=1700000000'
    assert travels["Signature"] == f"mine=:{result.outcome.signature.base64}:"
    assert result.outcome.string_to_sign.endswith(';keyid="k1";created=1700000000')


def test_compare_names_the_component_line() -> None:
    assert SCHEME.layout is not None
    text = '"@method": GET\n"@path": /x\n"@signature-params": ("@method" "@path")'
    (reading,) = SCHEME.layout(text, "")
    assert [name for name, _, _ in reading] == ['"@method"', '"@path"', '"@signature-params"']
    assert reading[1][1] == text.index('"@path"')
