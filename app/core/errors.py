"""The one exception the core raises for bad input.

Like h11's ``ProtocolError`` it carries an HTTP status *hint* without knowing about the web,
and like itsdangerous' ``BadData`` the offending field travels as an attribute, not only in
the message, so the page can put the message beside the right input.
"""

from __future__ import annotations


class InputError(ValueError):
    """Input that Sigscope cannot work with.

    ``field`` names the input at fault (``None`` when the whole request is at fault) and
    ``message`` says what was wrong and how to fix it.
    """

    def __init__(self, field: str | None, message: str, status_hint: int = 400) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.status_hint = status_hint

    def to_dict(self) -> dict[str, object]:
        return {"field": self.field, "message": self.message}
