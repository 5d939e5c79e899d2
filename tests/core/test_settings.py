"""Configuration comes from the environment; a bad value stops start-up with a clear message."""

import os
import subprocess
import sys

import pytest


def load_settings(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CONGVU_") and k != "DATABASE_URL"}
    environment.update({"CONGVU_DATA_DIR": env.pop("data_dir"), **env})
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import congvu.settings as s; print(s.DATABASES['default']['ENGINE'], s.SECURITY['LOCKOUT_THRESHOLD'])",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_starts_on_sqlite_with_the_security_profile_by_default(tmp_path):
    result = load_settings(data_dir=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "5"]
    assert (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CONGVU_DEBUG", "maybe", "CONGVU_DEBUG='maybe'"),
        ("CONGVU_LOCKOUT_THRESHOLD", "five", "CONGVU_LOCKOUT_THRESHOLD='five': expected a whole number"),
        ("CONGVU_SECURITY_LEVEL", "4", "CONGVU_SECURITY_LEVEL=4: must be at most 3"),
        ("CONGVU_AUDIT_RETENTION_DAYS", "60", "keeps the audit log at least 90 days"),
        ("CONGVU_STORAGE", "ftp", "CONGVU_STORAGE='ftp'"),
        ("CONGVU_STORAGE", "s3", "CONGVU_STORAGE=s3 needs CONGVU_S3_BUCKET"),
        ("DATABASE_URL", "mysql://root@localhost/x", "runs on SQLite or PostgreSQL"),
        ("CONGVU_SECRET_KEY", "short", "at least 32 characters"),
        ("CONGVU_CLAMAV", "/run/clamd.sock", "expected unix:/path or tcp:host:port"),
        ("CONGVU_TRUSTED_PROXIES", "10.0.0.5,proxy.local", "'proxy.local' is not an IP address"),
        ("CONGVU_SERVER_TIMING", "sometimes", "CONGVU_SERVER_TIMING='sometimes'"),
        ("CONGVU_API_TOKEN_DAYS", "0", "CONGVU_API_TOKEN_DAYS=0: must be at least 1"),
        ("CONGVU_AUDIT_HMAC_KEY", "short", "CONGVU_AUDIT_HMAC_KEY: must be at least 32 characters"),
        ("CONGVU_AUDIT_CHECKPOINT_MINUTES", "7", "must divide a day (1440) evenly"),
        ("CONGVU_BACKUP_KEEP", "0", "CONGVU_BACKUP_KEEP=0: must be at least 1"),
    ],
)
def test_it_refuses_a_bad_value_naming_the_variable(tmp_path, variable, value, message):
    result = load_settings(data_dir=str(tmp_path), **{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_level_two_allows_a_shorter_audit_retention(tmp_path):
    result = load_settings(
        data_dir=str(tmp_path), CONGVU_SECURITY_LEVEL="2", CONGVU_AUDIT_RETENTION_DAYS="30"
    )
    assert result.returncode == 0, result.stderr


def _site_url(tmp_path, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CONGVU_") and k != "DATABASE_URL"}
    environment.update({"CONGVU_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-c", "import congvu.settings as s; print(s.SITE_URL, s.SERVE_PORT)"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_site_address_follows_the_port_it_is_served_on(tmp_path):
    """``CONGVU_PORT=8001 make run``: load_demo prints the sign-in address on 8001, where start serves."""
    result = _site_url(tmp_path, CONGVU_PORT="8001")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["http://127.0.0.1:8001", "8001"]


def test_a_given_site_address_wins_over_the_port(tmp_path):
    result = _site_url(tmp_path, CONGVU_PORT="8001", CONGVU_SITE_URL="https://congvu.binhson.gov.vn/")
    assert result.stdout.split() == ["https://congvu.binhson.gov.vn", "8001"]


def test_a_port_that_is_not_a_port_stops_start_up(tmp_path):
    result = _site_url(tmp_path, CONGVU_PORT="80800")
    assert result.returncode != 0
    assert "CONGVU_PORT=80800: must be at most 65535" in result.stderr


def test_the_audit_key_must_differ_from_the_secret_key(tmp_path):
    key = "k" * 40
    result = load_settings(data_dir=str(tmp_path), CONGVU_SECRET_KEY=key, CONGVU_AUDIT_HMAC_KEY=key)
    assert result.returncode != 0
    assert "CONGVU_AUDIT_HMAC_KEY: must differ from CONGVU_SECRET_KEY" in result.stderr
