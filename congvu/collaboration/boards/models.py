"""Models of boards (see the package docstring)."""
