"""Real database faults for tests.

PostgreSQL: the server really cuts the connection (pg_terminate_backend from a second
connection). SQLite has no server and the test database lives in memory, where closing the
handle would destroy it; there SQLite interrupts the next statement (an OperationalError, as
a lost connection gives), which makes SQLite itself roll the whole transaction back.
"""

import functools

import psycopg
import pytest
from django.db import connection


class _AvbrytEnGang:
    """Progress handler: interrupts the statement that is running, once."""

    def __init__(self):
        self.kvar = 1

    def __call__(self) -> int:
        if self.kvar:
            self.kvar = 0
            return 1
        return 0


def kapa_anslutningen() -> None:
    if connection.vendor == "postgresql":
        pid = connection.connection.info.backend_pid
        params = {k: v for k, v in connection.get_connection_params().items() if isinstance(v, (str, int))}
        with psycopg.connect(**params, autocommit=True) as side:
            side.execute("SELECT pg_terminate_backend(%s)", [pid])
    else:
        connection.connection.set_progress_handler(_AvbrytEnGang(), 1)


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
            connection.connection.set_progress_handler(None, 1)
    else:
        connection.close()
