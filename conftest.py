"""Shared test personas (SPEC §5): two project leaders of different insatser, kansli and an
administrator. Every feature's access test reuses these."""

import pytest
from django.contrib.auth.models import Group

from insatser.access import ADMINISTRATOR_GROUP, KANSLI_GROUP
from insatser.models import Insats


@pytest.fixture(autouse=True)
def snabb_losenordshash(settings):
    # The personas are created with passwords; the production hasher's deliberate slowness
    # would otherwise be a large share of the suite's time. Autouse, so it precedes them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def insats_a(db) -> Insats:
    return Insats.objects.get(kortnamn="Aktivitetsplatsen")


@pytest.fixture
def insats_b(db) -> Insats:
    return Insats.objects.get(kortnamn="Novum")


@pytest.fixture
def mgt(db) -> Insats:
    return Insats.objects.get(kortnamn="MGT")


@pytest.fixture
def leader_a(django_user_model, insats_a):
    user = django_user_model.objects.create_user("ledare-a", password="hemligt-losen-a")
    insats_a.projektledare.add(user)
    return user


@pytest.fixture
def leader_b(django_user_model, insats_b):
    user = django_user_model.objects.create_user("ledare-b", password="hemligt-losen-b")
    insats_b.projektledare.add(user)
    return user


@pytest.fixture
def kansli(django_user_model):
    user = django_user_model.objects.create_user("kansli", password="hemligt-losen-k", is_staff=True)
    user.groups.add(Group.objects.get(name=KANSLI_GROUP))
    return user


@pytest.fixture
def administrator(django_user_model):
    user = django_user_model.objects.create_user(
        "administrator", password="hemligt-losen-adm", is_staff=True, is_superuser=True
    )
    user.groups.add(Group.objects.get(name=ADMINISTRATOR_GROUP))
    return user
