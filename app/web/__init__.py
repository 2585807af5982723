"""The thin web layer: parse a request into core objects, call the core, render the result."""
