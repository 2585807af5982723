"""oauthlib (4.0.1) with one of its rules swapped for a mistaken client's, for the tests that
plant OAuth 1.0a mistakes: its ``utils.escape`` for another encoding, its
``base_string_uri`` edited, its ``collect_parameters`` collecting the realm. Whatever is
computed inside ``planted`` (the base string, the signature) is oauthlib's, mistaken."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from unittest import mock
from urllib.parse import quote, quote_plus

from oauthlib.oauth1.rfc5849 import signature, utils

Case = dict[str, Any]


def encode_uri_component(text: str) -> str:
    """JavaScript's ``encodeURIComponent``: leaves ``! * ' ( )`` raw."""
    return quote(text, safe="~!*'()")


def form_encoded(text: str) -> str:
    """``application/x-www-form-urlencoded``: a space as ``+``."""
    return quote_plus(text, safe="~")


@contextmanager
def escaping(encode: Callable[[str], str]) -> Iterator[None]:
    with mock.patch.object(utils, "escape", encode):
        yield


@contextmanager
def base_uri_edited(edit: Callable[[str], str]) -> Iterator[None]:
    original = signature.base_string_uri
    with mock.patch.object(
        signature, "base_string_uri", lambda uri, host=None: edit(original(uri))
    ):
        yield


@contextmanager
def realm_collected() -> Iterator[None]:
    original = signature.collect_parameters

    def collect(*args: Any, **kwargs: Any) -> Any:
        return original(*args, **{**kwargs, "with_realm": True})

    with mock.patch.object(signature, "collect_parameters", collect):
        yield


def planted(
    swap: Callable[[], AbstractContextManager[None]], read: Callable[[Case], str]
) -> Callable[[Case], str]:
    """``read`` (a base string, a signature) of a case, with oauthlib's rule swapped."""

    def build(case: Case) -> str:
        with swap():
            return read(case)

    return build
