"""Sigscope's core: everything the debugger knows, with no Flask, no I/O and no clock.

Time, nonces and the server's clock are inputs, never read here, so every result is a pure
function of its arguments and tests can check exact bytes. The web layer (``app.web``) only
parses input into these objects and renders what they return.
"""
