"""Settings from the environment: production without a key refuses to serve; offline commands still run."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120
    )


def test_wsgi_refuses_to_start_without_a_secret_key():
    result = run("-c", "import config.wsgi", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off." in result.stderr


def test_wsgi_starts_with_a_secret_key():
    result = run("-c", "import config.wsgi", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr


def test_offline_commands_run_without_a_secret_key():
    result = run("manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_deploy_check_flags_a_missing_key():
    result = run("manage.py", "check", "--deploy", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="thidua.example.gov.vn")
    assert "security.W009" in result.stdout + result.stderr
