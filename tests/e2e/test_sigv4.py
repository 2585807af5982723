"""AWS SigV4 in real Chromium: S3's ``SignatureDoesNotMatch`` error body pasted into
Compare is lined up, section by section, against the form's canonical request."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.oracles.sigv4 import sign as botocore_sign

#: The preset's request (the AWS suite's get-vanilla), as botocore signs it.
GET_VANILLA = {
    "scheme": "aws-sigv4",
    "variant": "header",
    "method": "GET",
    "path": "/",
    "headers": [["Host", "example.amazonaws.com"], ["X-Amz-Date", "20150830T123600Z"]],
    "api_key": "AKIDEXAMPLE",
    "secret": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "region": "us-east-1",
    "service": "service",
    "amz_date": "20150830T123600Z",
}


def s3_error(canonical_request: str, string_to_sign: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code>'
        "<Message>The request signature we calculated does not match the signature you "
        "provided.</Message><AWSAccessKeyId>AKIDEXAMPLE</AWSAccessKeyId>"
        f"<StringToSign>{string_to_sign}</StringToSign>"
        f"<CanonicalRequest>{canonical_request}</CanonicalRequest>"
        "<RequestId>4442587FB7D0A2F9</RequestId></Error>"
    )


def test_a_pasted_s3_error_lines_up_with_the_canonical_request(page: Page) -> None:
    oracle = botocore_sign(GET_VANILLA)
    # What S3 computed when a proxy had added `:443` to the Host it received.
    theirs = oracle["steps"]["canonical_request"].replace(
        "host:example.amazonaws.com", "host:example.amazonaws.com:443"
    )
    page.goto("/?preset=aws-sigv4-get-vanilla")
    expect(page.locator("#sig-hex")).to_have_text(oracle["signature"]["hex"])
    [[name, value]] = oracle["travels"]
    expect(page.locator("#travels-1")).to_have_text(f"{name}: {value}")
    page.locator("summary", has_text="Compare strings").click()
    page.get_by_label("Actual string", exact=True).fill(s3_error(theirs, oracle["string_to_sign"]))
    expect(page.locator("#comparison-verdict")).to_contain_text("line 4, column 27")
    expect(page.locator("#comparison-section")).to_have_text("canonical headers")
    expect(page.locator("#comparison-notes")).to_contain_text("SignatureDoesNotMatch error")
    expect(page.locator("#comparison-notes")).to_contain_text("canonical request")
    # The HMAC of the actual side signs S3's string to sign, the form's own here.
    expect(page.locator("#actual-hmac-sent")).to_have_text(oracle["signature"]["hex"])


def test_an_imported_botocore_request_fills_the_form_and_matches(page: Page) -> None:
    given = {
        **GET_VANILLA,
        "method": "POST",
        "path": "/production/%40connections/R0oXAdfD0kwCH6w%3D",
        "service": "execute-api",
        "region": "eu-west-1",
        "headers": [["Host", "abcdef1234.execute-api.eu-west-1.amazonaws.com"]],
        "body": '{"message":"hello"}',
    }
    [[_, authorization]] = botocore_sign(given)["travels"]
    curl = (
        "curl 'https://abcdef1234.execute-api.eu-west-1.amazonaws.com"
        "/production/%40connections/R0oXAdfD0kwCH6w%3D' "
        f"-H 'X-Amz-Date: 20150830T123600Z' -H 'Authorization: {authorization}' "
        f"--data-raw '{given['body']}'"
    )
    page.goto("/")
    page.locator("summary", has_text="Paste a request").click()
    page.get_by_label("Paste a request", exact=True).fill(curl)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_label("Scheme", exact=True)).to_have_value("aws-sigv4:header")
    expect(page.get_by_label("Region", exact=True)).to_have_value("eu-west-1")
    expect(page.get_by_label("Service", exact=True)).to_have_value("execute-api")
    page.get_by_label("Secret key", exact=True).fill(GET_VANILLA["secret"])
    expect(page.locator("#verdict-bar")).to_contain_text("✓ Match")
    expect(page.locator("#step-canonical_uri")).to_contain_text("%2540connections")
