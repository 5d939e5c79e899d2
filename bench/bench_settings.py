"""The product's settings with the ceiling page mounted (``request_path_bench.py`` only)."""

from congvu.settings import *  # noqa: F403

ROOT_URLCONF = "ceiling_urls"
