"""Test-run environment, loaded by pytest as a plugin (`-p congvu.testing_env`) before Django
reads its settings."""

import os
import tempfile

os.environ.setdefault("CONGVU_TESTING", "1")
os.environ.setdefault("CONGVU_EMAIL", "memory")
os.environ.setdefault("CONGVU_DATA_DIR", os.path.join(tempfile.gettempdir(), f"congvu-test-{os.getpid()}"))
