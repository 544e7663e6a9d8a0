"""Every admin changelist, add and change page loads for the administrator, and the
participant admin keeps project leaders to their own insatser (docs/regler.md §5)."""

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
        "mal",
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
        "uppfoljningsutfall",
        "ejgenomfordorsak",
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


def test_the_admin_is_for_administrators_whatever_model_permissions_a_leader_has(client, leader_a, insats_b):
    from django.contrib.auth.models import Permission

    leader_a.is_staff = True
    leader_a.save()
    leader_a.user_permissions.add(*Permission.objects.filter(codename__endswith="_deltagare"))
    annan = DeltagareFactory(insats=insats_b, deltagar_id="ANNAN-1")
    client.force_login(leader_a)
    for url in (
        reverse("admin:deltagare_deltagare_changelist"),
        reverse("admin:deltagare_deltagare_change", args=[annan.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/admin/login/")


def test_admin_change_view_logs_the_read(client, administrator):
    from auditlog.models import LogEntry

    deltagare = DeltagareFactory()
    client.force_login(administrator)
    client.get(reverse("admin:deltagare_deltagare_change", args=[deltagare.pk]))
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(deltagare.pk)).get()
    assert entry.actor == administrator


def test_the_admin_participant_list_is_logged(client, administrator):
    from auditlog.models import LogEntry

    DeltagareFactory()
    client.force_login(administrator)
    client.get(reverse("admin:deltagare_deltagare_changelist"))
    entry = LogEntry.objects.get(object_pk="export")
    assert (entry.actor, entry.additional_data["export"], entry.additional_data["antal"]) == (
        administrator,
        "deltagare i admin",
        1,
    )


def test_the_admins_participant_autocomplete_is_logged_as_a_read(client, administrator):
    from auditlog.models import LogEntry

    DeltagareFactory(deltagar_id="AP-AUTO")
    client.force_login(administrator)
    svar = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "deltagare", "model_name": "uppfoljning", "field_name": "deltagare", "term": "AP-AU"},
    )
    assert "AP-AUTO" in svar.content.decode()
    post = LogEntry.objects.get(object_pk="export")
    assert (post.actor, post.additional_data["export"], post.additional_data["filter"]) == (
        administrator,
        "deltagare i admin (autocomplete)",
        {"term": "AP-AU"},
    )


@pytest.mark.parametrize("modell", ["deltagare", "uppfoljning"])
def test_a_personnummer_in_the_admins_search_is_refused_and_dropped_from_the_address(client, administrator, modell):
    client.force_login(administrator)
    lista = reverse(f"admin:deltagare_{modell}_changelist")
    svar = client.get(lista, {"q": "19850101-1234", "o": "1"})
    assert (svar.status_code, svar["Location"]) == (302, f"{lista}?o=1")
    sida = client.get(svar["Location"]).content.decode()
    assert "Sök inte på personnummer" in sida
    assert "19850101" not in sida


def test_a_deltagar_id_is_still_searched_in_admin(client, administrator):
    DeltagareFactory(deltagar_id="AP-SOK-1")
    client.force_login(administrator)
    svar = client.get(reverse("admin:deltagare_deltagare_changelist"), {"q": "AP-SOK"})
    assert svar.status_code == 200
    assert [d.deltagar_id for d in svar.context["cl"].result_list] == ["AP-SOK-1"]


def test_the_admins_bulk_delete_confirmation_logs_a_read_of_each_participant_it_names(client, administrator):
    from auditlog.models import LogEntry

    forsta, andra = DeltagareFactory(), DeltagareFactory()
    client.force_login(administrator)
    svar = client.post(
        reverse("admin:deltagare_deltagare_changelist"),
        {"action": "delete_selected", "_selected_action": [forsta.pk, andra.pk]},
    )
    assert forsta.deltagar_id in svar.content.decode()
    lasta = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=administrator)
    assert sorted(lasta.values_list("object_pk", flat=True)) == sorted([str(forsta.pk), str(andra.pk)])


def test_the_admins_delete_page_logs_one_read_of_the_participant(client, administrator):
    from auditlog.models import LogEntry

    deltagare = DeltagareFactory()
    client.force_login(administrator)
    client.get(reverse("admin:deltagare_deltagare_delete", args=[deltagare.pk]))
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(deltagare.pk)).count() == 1
