import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from deltagare.models import Deltagare, Uppfoljningsutfall, Utbildning
from deltagare.services import VersionKonflikt, add_months, deltagare_spara

from .factories import DeltagareFactory

pytestmark = pytest.mark.django_db


def test_leader_saves_a_participant_of_their_insats_and_the_audit_trail_names_them(leader_a, insats_a):
    deltagare = deltagare_spara(
        user=leader_a, deltagare=DeltagareFactory.build(insats=insats_a, deltagar_id="AP-NY-1")
    )
    entry = LogEntry.objects.get_for_object(deltagare).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == leader_a


def test_leader_cannot_save_into_another_insats(leader_a, insats_b):
    with pytest.raises(PermissionDenied) as info:
        deltagare_spara(user=leader_a, deltagare=DeltagareFactory.build(insats=insats_b))
    assert str(info.value) == "Du har inte behörighet till insatsen Novum."
    assert not Deltagare.objects.exists()


def test_invalid_row_is_not_written(leader_a, insats_a):
    with pytest.raises(ValidationError):
        deltagare_spara(user=leader_a, deltagare=DeltagareFactory.build(insats=insats_a, fodelsear=2015))
    assert not Deltagare.objects.exists()


def test_second_save_from_a_stale_version_is_refused(leader_a):
    deltagare = deltagare_spara(user=leader_a, deltagare=DeltagareFactory.build())
    first, second = Deltagare.objects.get(pk=deltagare.pk), Deltagare.objects.get(pk=deltagare.pk)
    first.lots = True
    deltagare_spara(user=leader_a, deltagare=first, forvantad_version=1)
    second.arbetstraning = True
    with pytest.raises(VersionKonflikt) as info:
        deltagare_spara(user=leader_a, deltagare=second, forvantad_version=1)
    assert info.value.aktuell.lots is True
    assert Deltagare.objects.get(pk=deltagare.pk).arbetstraning is False


def test_withdrawn_consent_removes_background_data_and_is_audited(leader_a):
    deltagare = deltagare_spara(user=leader_a, deltagare=DeltagareFactory.build())
    deltagare.samtycke = False
    deltagare_spara(user=leader_a, deltagare=deltagare)
    stored = Deltagare.objects.get(pk=deltagare.pk)
    assert stored.fodelsear is None and stored.utbildning is None
    change = LogEntry.objects.get_for_object(stored).filter(action=LogEntry.Action.UPDATE).get()
    assert set(change.changes_dict) >= {"samtycke", "fodelsear", "utbildning"}


def test_follow_ups_are_scheduled_from_the_insats_schedule(administrator, mgt):
    deltagare = deltagare_spara(
        user=administrator,
        deltagare=DeltagareFactory.build(insats=mgt, deltagar_id="MGT-1", startdatum=datetime.date(2025, 1, 31)),
    )
    assert list(deltagare.uppfoljningar.values_list("manader", "planerad_datum")) == [
        (3, datetime.date(2025, 4, 30)),
        (6, datetime.date(2025, 7, 31)),
        (12, datetime.date(2026, 1, 31)),
    ]


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(datetime.date(2024, 11, 30), 3) == datetime.date(2025, 2, 28)


def test_kansli_and_administrator_reach_every_insats(kansli, administrator, leader_a, insats_a, insats_b):
    from insatser.models import Insats

    assert Insats.objects.for_user(kansli).count() == Insats.objects.count()
    assert Insats.objects.for_user(administrator).count() == Insats.objects.count()
    assert list(Insats.objects.for_user(leader_a)) == [insats_a]


def test_a_utbildning_code_is_kept_on_save(leader_a):
    deltagare = deltagare_spara(user=leader_a, deltagare=DeltagareFactory.build())
    assert deltagare.utbildning == Utbildning.objects.get(kod="gymnasieutbildning")


def test_a_corrected_startdatum_moves_the_follow_ups_not_yet_done(administrator, mgt):
    deltagare = deltagare_spara(
        user=administrator,
        deltagare=DeltagareFactory.build(insats=mgt, deltagar_id="MGT-2", startdatum=datetime.date(2025, 1, 31)),
    )
    tre = deltagare.uppfoljningar.get(manader=3)
    tre.utford_datum = datetime.date(2025, 4, 30)
    tre.utfall = Uppfoljningsutfall.objects.get(kod="okant")
    tre.save()
    deltagare.startdatum = datetime.date(2025, 2, 10)
    deltagare_spara(user=administrator, deltagare=deltagare)
    assert list(deltagare.uppfoljningar.values_list("manader", "planerad_datum")) == [
        (3, datetime.date(2025, 4, 30)),
        (6, datetime.date(2025, 8, 10)),
        (12, datetime.date(2026, 2, 10)),
    ]
