"""The one access policy (docs/regler.md §5), question by question."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from insatser import behorighet
from insatser.models import Insats

pytestmark = pytest.mark.django_db


def test_a_project_leader_reads_and_writes_only_their_own_insatser(leader_a, insats_a, insats_b):
    assert list(behorighet.insatser_att_lasa(leader_a)) == [insats_a]
    assert list(behorighet.insatser_att_skriva(leader_a)) == [insats_a]
    assert not behorighet.far_lasa(leader_a, insats_b)


def test_kansli_reads_every_insats_and_writes_none(kansli, insats_a):
    assert behorighet.insatser_att_lasa(kansli).count() == Insats.objects.count()
    assert not behorighet.insatser_att_skriva(kansli).exists()
    with pytest.raises(PermissionDenied, match="Du kan läsa men inte ändra deltagare i insatsen Aktivitetsplatsen."):
        behorighet.kontrollera_skriva(kansli, insats_a)


def test_an_administrator_reads_and_writes_every_insats(administrator):
    assert behorighet.insatser_att_skriva(administrator).count() == Insats.objects.count()


def test_another_insats_leader_is_told_nothing_about_the_insats_but_its_name(leader_b, insats_a):
    with pytest.raises(PermissionDenied, match="Du har inte behörighet till insatsen Aktivitetsplatsen."):
        behorighet.kontrollera_skriva(leader_b, insats_a)


@pytest.mark.parametrize("fraga", ["insatser_att_lasa", "insatser_att_skriva"])
def test_an_anonymous_or_inactive_user_reaches_nothing(leader_a, fraga):
    leader_a.is_active = False
    assert not getattr(behorighet, fraga)(leader_a).exists()
    assert not getattr(behorighet, fraga)(AnonymousUser()).exists()


def test_only_administrators_see_the_audit_history_and_use_the_admin(leader_a, kansli, administrator):
    assert [behorighet.far_se_historik(u) for u in (leader_a, kansli, administrator)] == [False, False, True]
    assert [behorighet.far_anvanda_admin(u) for u in (leader_a, kansli, administrator)] == [False, False, True]


def test_the_registerutdrag_is_for_administrators_and_the_insats_leaders(leader_a, leader_b, kansli, administrator, insats_a):
    assert [behorighet.far_ta_registerutdrag(u, insats_a) for u in (leader_a, leader_b, kansli, administrator)] == [
        True, False, False, True
    ]


def test_reports_for_a_leader_cover_their_own_insatser_and_refuse_another(leader_a, insats_a, insats_b):
    assert behorighet.rapportinsatser(leader_a, []) == [insats_a]
    with pytest.raises(PermissionDenied):
        behorighet.rapportinsatser(leader_a, [insats_b])


def test_a_user_without_insatser_gets_no_report_rather_than_every_insats(django_user_model):
    ingen = django_user_model.objects.create_user("ingen")
    with pytest.raises(PermissionDenied):
        behorighet.rapportinsatser(ingen, [])


def test_two_factor_is_required_of_administrators_only_and_only_where_the_setting_says(settings, leader_a, administrator):
    settings.TVAFAKTOR_FOR_ADMINISTRATORER = True
    assert (behorighet.saknar_tvafaktor(leader_a), behorighet.saknar_tvafaktor(administrator)) == (False, True)
    settings.TVAFAKTOR_FOR_ADMINISTRATORER = False
    assert behorighet.saknar_tvafaktor(administrator) is False
