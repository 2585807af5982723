"""The ``custom`` scheme's builder: its menus come from the description model, the page
carries them (and the description) with no inline script or style, and the description's
text area alone signs without JavaScript."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import html
import json
import re
from typing import Literal, get_args

import pytest
from flask.testing import FlaskClient
from pydantic import BaseModel, Field

from app.core.errors import InputError
from app.core.schemes.described import EXAMPLE, PROVIDERS, model, provider_text
from app.core.schemes.described.load import from_object
from app.web import builder

SECRET = "builder-test-secret"


def _part_classes() -> dict[str, type[BaseModel]]:
    union = get_args(model.Part)[0]
    return {get_args(c.model_fields["kind"].annotation)[0]: c for c in get_args(union)}


def test_every_part_kind_is_offered_with_every_option_and_its_default() -> None:
    offered = {kind["kind"]: kind for kind in builder.builder_model()["kinds"]}
    assert list(offered) == list(_part_classes())
    assert {"method", "path", "query", "headers", "body_hash", "literal", "url"} <= set(offered)
    for kind, cls in _part_classes().items():
        fields = {name: info for name, info in cls.model_fields.items() if name != "kind"}
        assert set(offered[kind]["options"]) == set(fields), kind
        for name, info in fields.items():
            if not info.is_required():
                assert offered[kind]["defaults"][name] == info.get_default(), (kind, name)


def test_the_descriptions_own_options_are_offered_by_section() -> None:
    paths = {
        option["path"]
        for section in builder.builder_model()["sections"]
        for option in section["options"]
    }
    assert {"title", "separator", "trailing_separator", "hash", "output"} <= paths
    assert {"key.prefix", "key.strip_prefix", "key.encoding"} <= paths
    assert {"travel.place.headers", "travel.place.param", "travel.template", "travel.list"} <= paths
    assert {"travel.values.timestamp.headers", "travel.values.api_key.param"} <= paths
    assert {"clock.tolerance", "clock.direction"} <= paths
    assert not paths & {"parts", "mistakes", "notes", "also_accept"}


class _Inner(BaseModel):
    """Somewhere inside."""

    depth: int = Field(3, description="How deep.")


class _Toy(BaseModel):
    mode: Literal["a", "b"] = "a"
    on: bool = False
    word: str = Field("x", description="A word.")
    names: list[str] | None = None
    note: str | None = None
    inner: _Inner | None = None
    many: dict[Literal["one", "two"], _Inner] = Field(default_factory=dict)


def test_an_option_added_to_the_model_gets_its_control_with_no_other_edit() -> None:
    [top, inner, one, two] = builder.sections(_Toy)
    controls = {option["path"]: option for option in top["options"]}
    assert controls["mode"]["control"] == "choice"
    assert controls["mode"]["choices"] == [["a", "a"], ["b", "b"]]
    assert controls["on"]["control"] == "check"
    word = controls["word"]
    assert (word["control"], word["help"], word["default"]) == ("text", "A word.", "x")
    assert controls["names"]["control"] == "names"
    assert controls["names"]["nullable"] is True
    assert controls["note"]["nullable"] is True
    assert (inner["path"], inner["optional"], inner["help"]) == ("inner", True, "Somewhere inside.")
    [depth] = inner["options"]
    assert (depth["path"], depth["control"], depth["default"]) == ("inner.depth", "number", 3)
    assert (one["path"], two["path"], one["optional"]) == ("many.one", "many.two", True)


def test_each_part_starts_valid_and_each_section_switched_on_stays_valid() -> None:
    for kind in builder.builder_model()["kinds"]:
        from_object({"title": "t", "parts": [kind["starter"]]})
    for section in builder.builder_model()["sections"]:
        if not section["optional"]:
            continue
        data = copy.deepcopy(EXAMPLE)
        names = section["path"].split(".")
        node = data
        for name in names[:-1]:
            node = node.setdefault(name, {})
        node[names[-1]] = section["starter"]
        from_object(data)


def test_a_part_without_its_required_option_is_refused_so_starters_matter() -> None:
    with pytest.raises(InputError, match=r"parts\[0\]\.name"):
        from_object({"title": "t", "parts": [{"kind": "header"}]})


def test_md5_is_offered_marked_legacy_and_the_separator_offers_the_line_endings() -> None:
    [top] = [s for s in builder.builder_model()["sections"] if s["path"] == ""]
    options = {option["path"]: option for option in top["options"]}
    assert ["md5", "MD5 (legacy)"] in options["hash"]["choices"]
    assert "legacy" in options["hash"]["help"]  # the model's own word for it
    assert ["sha256", "SHA-256"] in options["hash"]["choices"]
    assert options["separator"]["control"] == "separator"
    assert ["\n", "newline (LF)"] in options["separator"]["presets"]
    assert ["\r\n", "CRLF"] in options["separator"]["presets"]


def test_every_provider_can_be_the_start() -> None:
    starts = {start["id"]: start for start in builder.builder_model()["starts"]}
    assert json.loads(starts["example"]["text"]) == EXAMPLE
    for name in PROVIDERS:
        assert json.loads(starts[name]["text"]) == json.loads(provider_text(name))


def _builder_html(page: str) -> str:
    start = page.index('<div id="builder"')
    return page[start : page.index('<label for="f-description"', start)]


def test_the_page_carries_the_builder_hidden_and_the_example_to_edit(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    part = _builder_html(page)
    assert re.search(r'<div id="builder" class="builder" data-builder=\'[^\']*\' hidden>', part)
    carried = re.search(r"data-builder='([^']*)'", part)
    assert carried is not None
    assert json.loads(html.unescape(carried.group(1))) == builder.builder_model()
    area = re.search(r'<textarea id="f-description" name="description"[^>]*>([^<]*)<', page)
    assert area is not None
    assert "data-share" in area.group(0)
    assert json.loads(html.unescape(area.group(1))) == EXAMPLE
    # The builder's own controls have no name: only the description's JSON is posted.
    assert " name=" not in part


def test_the_builder_has_no_inline_script_or_style(client: FlaskClient) -> None:
    part = _builder_html(client.get("/").get_data(as_text=True))
    assert "<script" not in part
    assert "style=" not in part
    assert not re.search(r"\son[a-z]+=", part)


def test_the_data_attribute_cannot_close_its_quotes() -> None:
    text = str(builder.builder_json())
    assert "\\u0026" in text  # the query's `&` between pairs, escaped
    for unsafe in "'<>&":
        assert unsafe not in text


DESCRIPTION = {
    "title": "Orders API",
    "parts": [
        {"kind": "method", "case": "upper"},
        {"kind": "path"},
        {"kind": "query", "sort": "name", "encoding": "rfc3986"},
        {"kind": "body_hash", "digest": "base64"},
    ],
    "separator": "|",
    "hash": "sha512",
    "output": "hex",
}


def test_the_description_signs_without_javascript(client: FlaskClient) -> None:
    body = '{"id": 7}'
    form = {
        "scheme": "custom",
        "description": json.dumps(DESCRIPTION),
        "method": "post",
        "path": "/v1/orders",
        "params": "b=x y\na=1",
        "body": body,
        "secret": SECRET,
    }
    page = client.post("/", data=form).get_data(as_text=True)
    body_hash = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    string = f"POST|/v1/orders|a=1&b=x%20y|{body_hash}"
    expected = hmac.new(SECRET.encode(), string.encode(), hashlib.sha512).hexdigest()
    assert f'<code id="sig-hex">{expected}</code>' in page


def test_a_description_the_model_refuses_names_its_json_path(client: FlaskClient) -> None:
    broken = {**DESCRIPTION, "parts": [{"kind": "method"}, {"kind": "query", "sort": "zzz"}]}
    answer = client.post(
        "/", data={"scheme": "custom", "description": json.dumps(broken), "secret": SECRET}
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert 'data-error-field="description"' in page
    assert "<code>parts[1].sort</code>" in page
