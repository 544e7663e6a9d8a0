"""Real database faults for tests.

PostgreSQL: the server really cuts the connection (pg_terminate_backend from a second
connection). SQLite has no server and the test database lives in memory, where closing the
handle would destroy it; there the database instead refuses every further statement except
transaction control, through SQLite's authorizer, so the rollback itself still runs for real.
"""

import functools
import sqlite3

import psycopg
import pytest
from django.db import connection


def _vagra_allt_utom_transaktioner(action, *args):
    if action in (sqlite3.SQLITE_TRANSACTION, sqlite3.SQLITE_SAVEPOINT):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def kapa_anslutningen() -> None:
    if connection.vendor == "postgresql":
        pid = connection.connection.info.backend_pid
        params = {k: v for k, v in connection.get_connection_params().items() if isinstance(v, (str, int))}
        with psycopg.connect(**params, autocommit=True) as side:
            side.execute("SELECT pg_terminate_backend(%s)", [pid])
    else:
        connection.connection.set_authorizer(_vagra_allt_utom_transaktioner)


@pytest.fixture
def kapa_vid(monkeypatch):
    """kapa_vid("module.function"): the connection fails when that function is next called."""

    def injicera(target: str) -> None:
        module_path, name = target.rsplit(".", 1)
        module = __import__(module_path, fromlist=[name])
        original = getattr(module, name)

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            monkeypatch.setattr(module, name, original)  # only the first call fails
            kapa_anslutningen()
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    yield injicera
    aterstall_anslutningen()


def aterstall_anslutningen() -> None:
    """Back to a working connection, to look at what the database kept."""
    if connection.vendor == "sqlite":
        if connection.connection is not None:
            connection.connection.set_authorizer(None)
    else:
        connection.close()
