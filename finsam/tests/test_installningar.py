"""Production settings: safe defaults, loud failures on bad values (docs/regler.md §5)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROD = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 20 + "-produktionsnyckel-som-bara-finns-i-testet-" + "y" * 20,
    "DJANGO_ALLOWED_HOSTS": "deltagare.example.org",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_check_deploy_passes_in_production_mode():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PROD)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_stops_start_up_in_production():
    env = {**PROD, "DJANGO_SECRET_KEY": ""}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY saknas" in result.stderr


def test_missing_allowed_hosts_stops_start_up_in_production():
    env = {k: v for k, v in PROD.items() if k != "DJANGO_ALLOWED_HOSTS"}
    result = manage("check", **env)
    assert "DJANGO_ALLOWED_HOSTS måste anges" in result.stderr


def test_a_bad_boolean_names_the_variable():
    result = manage("check", **{**PROD, "DJANGO_DEBUG": "kanske"})
    assert "DJANGO_DEBUG måste vara 1/0, true/false eller yes/no, inte 'kanske'." in result.stderr


def test_a_bad_number_names_the_variable():
    result = manage("check", **{**PROD, "GALLRING_AR_EFTER_SLUTAR": "två"})
    assert "GALLRING_AR_EFTER_SLUTAR måste vara ett heltal, inte 'två'." in result.stderr


@pytest.mark.parametrize(
    "name,expected",
    [
        ("SESSION_COOKIE_SECURE", "True"),
        ("CSRF_COOKIE_SECURE", "True"),
        ("SECURE_SSL_REDIRECT", "True"),
        ("SECURE_HSTS_SECONDS", "31536000"),
        ("DEBUG", "False"),
        ("SESSION_SAVE_EVERY_REQUEST", "True"),
        ("TVAFAKTOR_FOR_ADMINISTRATORER", "True"),
    ],
)
def test_production_defaults_are_safe(name, expected):
    result = manage("shell", "-v", "0", "-c", f"from django.conf import settings; print(settings.{name})", **PROD)
    assert result.stdout.strip() == expected, result.stderr


def test_a_database_url_that_is_no_url_names_the_variable_and_not_the_password():
    result = manage("check", **{**PROD, "DATABASE_URL": "postgres//deltagare:hemligt@db.example.org/deltagare"})
    assert result.returncode != 0
    assert (
        "DATABASE_URL är ingen databasadress. Skriv den som postgres://användare:lösenord@värd:5432/databas "
        "eller sqlite:////sökväg/till/db.sqlite3."
    ) in result.stderr
    assert "hemligt" not in result.stderr


def test_a_database_other_than_postgresql_or_sqlite_is_refused():
    result = manage("check", **{**PROD, "DATABASE_URL": "mysql://deltagare:hemligt@db.example.org/deltagare"})
    assert "DATABASE_URL måste vara en PostgreSQL- eller SQLite-databas (postgres:// eller sqlite://), inte mysql://." in result.stderr


def test_a_log_level_logging_does_not_know_names_the_variable():
    result = manage("check", **{**PROD, "DJANGO_LOG_LEVEL": "verbose"})
    assert result.returncode != 0
    assert "DJANGO_LOG_LEVEL måste vara DEBUG, INFO, WARNING, ERROR eller CRITICAL, inte 'verbose'." in result.stderr


def test_a_log_level_in_lower_case_is_understood():
    result = manage("shell", "-v", "0", "-c", "from django.conf import settings; print(settings.LOGGING['root']['level'])", **{**PROD, "DJANGO_LOG_LEVEL": "info"})
    assert result.stdout.strip() == "INFO", result.stderr


def test_a_short_secret_key_stops_start_up_in_production():
    result = manage("check", **{**PROD, "DJANGO_SECRET_KEY": "kort-nyckel"})
    assert result.returncode != 0
    assert (
        "DJANGO_SECRET_KEY är för kort (11 tecken); använd minst 50 slumpade tecken, t.ex. från "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
    ) in result.stderr


def test_a_link_address_without_its_scheme_names_the_variable():
    result = manage("check", **{**PROD, "DJANGO_WEBBADRESS": "deltagare.example.org"})
    assert "DJANGO_WEBBADRESS måste börja med https:// eller http://, inte 'deltagare.example.org'." in result.stderr
