"""Models of calendar (see the package docstring)."""
