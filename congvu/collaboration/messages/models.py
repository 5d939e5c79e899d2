"""Models of messages (see the package docstring)."""
