"""Models of notices (see the package docstring)."""
