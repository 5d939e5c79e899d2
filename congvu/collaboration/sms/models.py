"""Models of sms (see the package docstring)."""
