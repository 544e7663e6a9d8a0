"""An administrator by the group Administratör, not a superuser, uses the whole admin: the policy
(ar_administrator) decides, through AdministratorBackend, not model permissions given to the group
(README "Användare", docs/regler.md §5)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from deltagare.tests.factories import DeltagareFactory
from insatser.behorighet import ADMINISTRATOR_GROUP

pytestmark = pytest.mark.django_db

CHANGELISTS = (
    "admin:insatser_insats_changelist",
    "admin:deltagare_utbildning_changelist",
    "admin:auth_user_changelist",
    "admin:deltagare_deltagare_changelist",
)


@pytest.fixture
def gruppadministrator(django_user_model):
    user = django_user_model.objects.create_user("gruppadmin", password="hemligt-losen-g", is_staff=True)
    user.groups.add(Group.objects.get(name=ADMINISTRATOR_GROUP))
    return user


def test_the_administrator_group_has_no_model_permissions_of_its_own():
    # The premise: nothing but the policy gives the group its rights.
    assert not Group.objects.get(name=ADMINISTRATOR_GROUP).permissions.exists()


@pytest.mark.parametrize("url", CHANGELISTS)
def test_a_group_only_administrator_opens_the_admins_changelists(client, gruppadministrator, url):
    DeltagareFactory()
    client.force_login(gruppadministrator)
    assert client.get(reverse(url)).status_code == 200


def test_a_group_only_administrator_sees_every_app_on_the_admin_index(client, gruppadministrator):
    client.force_login(gruppadministrator)
    appar = {app["app_label"] for app in client.get(reverse("admin:index")).context["app_list"]}
    assert appar >= {"insatser", "deltagare", "auth", "auditlog"}


def test_a_group_only_administrator_may_change_an_insats_in_admin(client, gruppadministrator, insats_a):
    client.force_login(gruppadministrator)
    svar = client.get(reverse("admin:insatser_insats_change", args=[insats_a.pk]))
    assert svar.status_code == 200
    assert svar.context["has_change_permission"] and svar.context["has_delete_permission"]


@pytest.mark.parametrize("url", CHANGELISTS)
def test_a_staff_user_without_the_group_still_cannot_use_the_admin(client, django_user_model, url):
    personal = django_user_model.objects.create_user("personal", password="hemligt-losen-p", is_staff=True)
    client.force_login(personal)
    svar = client.get(reverse(url))
    assert svar.status_code == 302 and svar.url.startswith("/admin/login/")


def test_only_administrators_get_the_backends_permissions(gruppadministrator, kansli, leader_a):
    assert gruppadministrator.has_perm("insatser.change_insats")
    assert gruppadministrator.has_module_perms("deltagare")
    for user in (kansli, leader_a):
        assert not user.has_perm("insatser.change_insats")
        assert not user.has_module_perms("deltagare")


def test_an_inactive_administrator_gets_no_permissions(gruppadministrator):
    gruppadministrator.is_active = False
    gruppadministrator.save()
    assert not gruppadministrator.has_perm("insatser.change_insats")
