"""RFC 9421 (work in progress)."""
