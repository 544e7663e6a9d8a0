import signal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse


@pytest.fixture
def arbetare(monkeypatch):
    """arbetare(): the real task worker (django-tasks-db's db_worker) runs every queued task
    and stops. In a test that does not commit, the worker's connection recycling between
    tasks would close the test's transaction, so it is left out here, as Django's test
    client leaves it out of requests; everything else is the worker as it runs in production."""
    import django_tasks_db.management.commands.db_worker as db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def kor() -> None:
        signaler = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
        try:
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)
        finally:
            for s, hanterare in signaler.items():
                signal.signal(s, hanterare)

    return kor


def ladda_upp(client, innehall: bytes, namn="deltagare.xlsx"):
    return client.post(reverse("importexport:import"), {"fil": SimpleUploadedFile(namn, innehall)})
