"""OAuth 1.0a (RFC 5849): HMAC-SHA1 (or HMAC-SHA256) over the signature base string."""
