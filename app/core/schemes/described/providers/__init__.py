"""The webhook providers shipped as descriptions (JSON, package data)."""
