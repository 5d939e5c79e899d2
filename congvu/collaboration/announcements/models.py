"""Models of announcements (see the package docstring)."""
