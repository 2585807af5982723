"""AWS Signature Version 4: HMAC-SHA256 with a key derived from the secret, over a canonical
request (SCHEMES2.md §1), in the ``Authorization`` header or a presigned URL.

``scheme`` is the declaration the registry lists.
"""

from app.core.schemes.sigv4.scheme import SCHEME

__all__ = ["SCHEME"]
