"""Production settings: secrets from the environment and a clean deployment check."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY"} and not k.startswith(("SECURE_", "DJANGO_"))
    }
    full_env.update(env)
    full_env["DJANGO_SETTINGS_MODULE"] = "tdkt.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True
    )


def test_check_deploy_is_clean_in_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x" * 64 + "-a-long-random-production-secret",
        ALLOWED_HOSTS="tdkt.moj.gov.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_mode_has_a_development_key():
    result = run_manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr
