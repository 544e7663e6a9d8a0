"""Every change is logged with its user (docs/regler.md §5): the admin does not delete a user the
audit trail names, which would turn "who" into "systemet"; it says to deactivate the account."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse

from deltagare.services import deltagare_spara
from deltagare.tests.factories import DeltagareFactory

pytestmark = pytest.mark.django_db

MEDDELANDE = (
    "ledare-a står i 1 post i granskningsloggen. Avaktivera kontot i stället (kryssa ur Aktiv), så att "
    "loggen behåller vem som gjorde vad."
)


@pytest.fixture
def loggad_ledare(leader_a, insats_a):
    deltagare_spara(user=leader_a, deltagare=DeltagareFactory.build(insats=insats_a))
    assert LogEntry.objects.filter(actor=leader_a).count() == 1
    return leader_a


def finns(user) -> bool:
    return get_user_model().objects.filter(pk=user.pk).exists()


def test_the_admin_refuses_to_delete_a_user_the_audit_trail_names(client, administrator, loggad_ledare):
    client.force_login(administrator)
    url = reverse("admin:auth_user_delete", args=[loggad_ledare.pk])
    assert MEDDELANDE in client.get(url).content.decode()
    svar = client.post(url, {"post": "yes"})
    assert svar.status_code == 200 and MEDDELANDE in svar.content.decode()
    assert finns(loggad_ledare)
    assert LogEntry.objects.get(actor=loggad_ledare).actor == loggad_ledare


def test_the_bulk_delete_action_refuses_it_too(client, administrator, loggad_ledare, leader_b):
    client.force_login(administrator)
    svar = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [loggad_ledare.pk, leader_b.pk], "post": "yes"},
    )
    assert svar.status_code == 200 and MEDDELANDE in svar.content.decode()
    assert finns(loggad_ledare) and finns(leader_b)


def test_the_count_is_per_user_and_plural(client, administrator, loggad_ledare, insats_a):
    deltagare_spara(user=loggad_ledare, deltagare=DeltagareFactory.build(insats=insats_a))
    client.force_login(administrator)
    svar = client.get(reverse("admin:auth_user_delete", args=[loggad_ledare.pk]))
    assert "ledare-a står i 2 poster i granskningsloggen." in svar.content.decode()


def test_a_user_the_audit_trail_does_not_name_is_deleted(client, administrator, leader_b):
    client.force_login(administrator)
    svar = client.post(reverse("admin:auth_user_delete", args=[leader_b.pk]), {"post": "yes"})
    assert svar.status_code == 302
    assert not finns(leader_b)

