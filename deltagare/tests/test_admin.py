"""Every admin changelist, add and change page loads for the administrator, and the
participant admin keeps project leaders to their own insatser (SPEC §5)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from deltagare.services import deltagare_spara

from .factories import AvslutadDeltagareFactory, DeltagareFactory

pytestmark = pytest.mark.django_db

OUR_APPS = {"insatser", "deltagare", "auditlog"}
REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in OUR_APPS
)


def test_every_model_of_the_registry_is_in_admin():
    assert {name for _, name in REGISTERED} >= {
        "insats",
        "tidigarenamn",
        "forvantatresultat",
        "deltagare",
        "uppfoljning",
        "utbildning",
        "aldersgrupp",
        "avslutsgrupp",
        "avslutsorsak",
        "anmalandepart",
        "stadsdel",
        "forsorjning",
        "tidutanarbete",
        "logentry",
    }


@pytest.mark.parametrize("app_label,model_name", REGISTERED)
def test_changelist_and_add_pages_load(client, administrator, app_label, model_name):
    DeltagareFactory()
    client.force_login(administrator)
    changelist = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert changelist.status_code == 200
    if model_name != "logentry":
        assert client.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code == 200


@pytest.mark.parametrize("app_label,model_name", REGISTERED)
def test_change_page_loads(client, administrator, mgt, app_label, model_name):
    AvslutadDeltagareFactory()
    deltagare_spara(user=administrator, deltagare=DeltagareFactory.build(insats=mgt, deltagar_id="MGT-1"))
    client.force_login(administrator)
    model = next(m for m in admin.site._registry if m._meta.model_name == model_name)
    obj = model._default_manager.first()
    if obj is None:
        pytest.fail(f"Inga rader att visa för {model_name}")
    response = client.get(reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk]))
    assert response.status_code == 200


def test_admin_shows_swedish_labels(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("admin:deltagare_deltagare_add"))
    assert "Deltagar-ID" in response.content.decode()
    assert "Bakgrund (endast med samtycke)" in response.content.decode()


def test_participant_admin_lists_only_the_leaders_own_insats(client, leader_a, insats_a, insats_b):
    leader_a.is_staff = True
    leader_a.save()
    from django.contrib.auth.models import Permission

    leader_a.user_permissions.add(*Permission.objects.filter(codename__endswith="_deltagare"))
    DeltagareFactory(insats=insats_a, deltagar_id="EGEN-1")
    annan = DeltagareFactory(insats=insats_b, deltagar_id="ANNAN-1")
    client.force_login(leader_a)
    listing = client.get(reverse("admin:deltagare_deltagare_changelist")).content.decode()
    assert "EGEN-1" in listing
    assert "ANNAN-1" not in listing
    response = client.get(reverse("admin:deltagare_deltagare_change", args=[annan.pk]))
    assert response.status_code == 302  # admin redirects a hidden object to its index
    assert "ANNAN-1" not in client.get(response.url).content.decode()


def test_admin_change_view_logs_the_read(client, administrator):
    from auditlog.models import LogEntry

    deltagare = DeltagareFactory()
    client.force_login(administrator)
    client.get(reverse("admin:deltagare_deltagare_change", args=[deltagare.pk]))
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(deltagare.pk)).get()
    assert entry.actor == administrator


@pytest.fixture
def leader_a_i_admin(leader_a):
    from django.contrib.auth.models import Permission

    leader_a.is_staff = True
    leader_a.save()
    leader_a.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_deltagare", "add_uppfoljning", "change_uppfoljning", "view_uppfoljning"])
    )
    return leader_a


def test_follow_up_admin_does_not_show_another_insats_participant_by_id(client, leader_a_i_admin, insats_b):
    annan = DeltagareFactory(insats=insats_b, deltagar_id="HEMLIG-B1")
    client.force_login(leader_a_i_admin)
    response = client.get(reverse("admin:deltagare_uppfoljning_add"), {"deltagare": annan.pk})
    assert response.status_code == 200
    assert "HEMLIG-B1" not in response.content.decode()


def test_follow_up_admin_cannot_attach_to_another_insats_participant(client, leader_a_i_admin, insats_b):
    from deltagare.models import Uppfoljning

    annan = DeltagareFactory(insats=insats_b, deltagar_id="HEMLIG-B2")
    client.force_login(leader_a_i_admin)
    response = client.post(
        reverse("admin:deltagare_uppfoljning_add"),
        {"deltagare": annan.pk, "manader": 3, "planerad_datum": "2025-05-01"},
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Uppfoljning.objects.exists()


def test_the_admin_participant_list_is_logged(client, administrator):
    from auditlog.models import LogEntry

    DeltagareFactory()
    client.force_login(administrator)
    client.get(reverse("admin:deltagare_deltagare_changelist"))
    entry = LogEntry.objects.get(object_pk="export")
    assert (entry.actor, entry.additional_data["export"], entry.additional_data["antal"]) == (
        administrator,
        "deltagarlista i admin",
        1,
    )
