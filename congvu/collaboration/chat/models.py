"""Models of chat (see the package docstring)."""
