"""Moved to ``app.core.schemes.apiaxle.gateway``: the gateway belongs to its scheme.

These names stay importable from here only while other modules move to the new path.
"""

from app.core.schemes.apiaxle.gateway import ACCEPTED, ERRORS, KEY_STATUSES, read_param

__all__ = ["ACCEPTED", "ERRORS", "KEY_STATUSES", "read_param"]
