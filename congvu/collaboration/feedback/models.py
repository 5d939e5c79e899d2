"""Models of feedback (see the package docstring)."""
