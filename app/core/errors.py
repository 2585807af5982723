"""The one exception the core raises for bad input.

Like h11's ``ProtocolError`` it carries an HTTP status *hint* without knowing about the web,
and like itsdangerous' ``BadData`` the offending field travels as an attribute, not only in
the message, so the page can put the message beside the right input.

A message may quote the input at fault, and input may be a megabyte long: quote it through
``excerpt``, and ``InputError`` itself cuts any message longer than ``MAX_MESSAGE``.
"""

from __future__ import annotations

#: Characters of an input quoted in a message before it is cut.
EXCERPT = 60
#: The longest message an error carries; a longer one is cut in its middle.
MAX_MESSAGE = 500


def excerpt(text: str, most: int = EXCERPT) -> str:
    """``text`` if it is short, else its first ``most`` characters, "…" and its length."""
    if len(text) <= most:
        return text
    return f"{text[:most]}… ({len(text)} characters)"


def shortened(message: str, most: int = MAX_MESSAGE) -> str:
    """``message`` cut in the middle to at most about ``most`` characters, keeping both ends:
    the start says what was wrong, the end usually how to fix it."""
    if len(message) <= most:
        return message
    tail = most // 3
    cut = len(message) - (most - tail) - tail
    return f"{message[: most - tail]} […{cut} characters…] {message[-tail:]}"


class InputError(ValueError):
    """Input that Sigscope cannot work with.

    ``field`` names the input at fault (``None`` when the whole request is at fault) and
    ``message`` says what was wrong and how to fix it.
    """

    def __init__(self, field: str | None, message: str, status_hint: int = 400) -> None:
        message = shortened(message)
        super().__init__(message)
        self.field = field if field is None else excerpt(field)
        self.message = message
        self.status_hint = status_hint

    def to_dict(self) -> dict[str, object]:
        return {"field": self.field, "message": self.message}
