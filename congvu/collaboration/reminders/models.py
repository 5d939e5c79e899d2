"""Models of reminders (see the package docstring)."""
