"""Oracles: each provider's official library (or its documentation's HMAC) computing a vector
case's expected values from its input."""
