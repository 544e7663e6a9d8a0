"""OPTIONS lists the write actions the caller may take (api.permissions.SkriverDeltagare): DRF's
metadata asks the permissions, so kansli, who reads every participant and writes none, is
offered no PUT or POST, and the writes themselves are refused with the same 403."""

import pytest

from deltagare.tests.factories import DeltagareFactory

pytestmark = pytest.mark.django_db

URL = "/api/deltagare/"


def test_options_on_a_participant_offers_kansli_no_put(klient_kansli):
    rad = DeltagareFactory()
    response = klient_kansli.options(f"{URL}{rad.pk}/")
    assert response.status_code == 200
    assert "actions" not in response.json()


def test_options_on_the_list_offers_kansli_no_post(klient_kansli):
    response = klient_kansli.options(URL)
    assert response.status_code == 200
    assert "actions" not in response.json()


def test_options_on_a_participant_offers_its_leader_put(klient_a):
    rad = DeltagareFactory()
    response = klient_a.options(f"{URL}{rad.pk}/")
    assert list(response.json()["actions"]) == ["PUT"]


@pytest.mark.parametrize("metod", ["put", "patch", "delete"])
def test_kansli_changing_a_participant_is_refused_with_403(klient_kansli, insats_a, metod):
    rad = DeltagareFactory(insats=insats_a)
    response = getattr(klient_kansli, metod)(f"{URL}{rad.pk}/", {"lots": True, "version": 1}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Du kan läsa men inte ändra deltagare."}
