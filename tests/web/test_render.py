"""How strings are drawn: each marker keeps its real character (so a copy takes the exact
bytes), a diff marks every changed space and draws a deleted line feed without a line break,
and a literal spells a string on one line, readable back as the string."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from app.core.textdiff import segments
from app.core.visible import literal
from app.web.render import literal_pane, segments_pane, visible


class _Text(HTMLParser):
    """The text a browser's DOM holds for some markup (character references read)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def dom_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


@pytest.mark.parametrize(
    "text",
    ["GET\n/v1/x\n\n\n", "  lead\ttab  double  trail \r\n", "é\u200b\u00a0\ufeff\x01", ""],
)
def test_the_markup_holds_exactly_the_text(text: str) -> None:
    html = str(visible(text))
    assert dom_text(html) == text
    assert "\r" not in html  # an HTML parser would read a raw CR as a LF: it goes as &#13;


def test_markers_are_attributes_not_text() -> None:
    html = str(visible("a\tb \n"))
    for marker in "→·␊":
        assert f'data-m="{marker}"' in html
    assert "→" not in dom_text(html)


def test_a_nul_carries_its_code_point() -> None:
    assert 'data-cp="0"' in str(visible("a\x00b"))


def test_a_diff_marks_every_changed_space_and_joins_a_deleted_line() -> None:
    html = str(segments_pane(segments("alpha\nbeta", "alpha beta")).html)
    deleted = html.split("<del>")[1].split("</del>")[0]
    inserted = html.split("<ins>")[1].split("</ins>")[0]
    assert 'data-m="␊"' in deleted
    assert "\n" not in deleted
    assert 'data-m="·"' in inserted
    # One side alone is the string itself: there the deleted line feed breaks the line.
    before = segments_pane(segments("alpha\nbeta", "alpha beta"), "before")
    assert before.exact
    assert dom_text(str(before.html)) == "alpha\nbeta"


@pytest.mark.parametrize(
    "text", ['POST\n/v1\t"q"\\', "café\u200b\u00a0\x7f\u2028", "\U000e0001x", "\x00\x1f"]
)
def test_a_literal_reads_back_as_the_string_and_shows_every_invisible_character(
    text: str,
) -> None:
    written = literal(text)
    assert json.loads(f'"{written}"') == text
    # Every character left is printable: the invisible ones are escapes.
    assert written.replace("é", "").isascii()
    assert written.isprintable()


def test_literal_panes_mark_what_changed_on_each_side() -> None:
    pieces = segments("GET\n/a\n", "GET\n/a/\r\n")
    assert dom_text(str(literal_pane(pieces, "before").html)) == '"GET\\n/a\\n"'
    after = str(literal_pane(pieces, "after").html)
    assert dom_text(after) == '"GET\\n/a/\\r\\n"'
    assert "<ins>/\\r</ins>" in after
