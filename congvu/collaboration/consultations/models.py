"""Models of consultations (see the package docstring)."""
