"""Short labels on the code lists, for charts and published tables."""

import pytest

from deltagare.models import Avslutsorsak, Utbildning

pytestmark = pytest.mark.django_db


def test_the_long_exit_reason_has_the_short_label_of_the_published_table():
    orsak = Avslutsorsak.objects.get(kod="medicinsk-utredning-vard-rehabilitering")
    assert orsak.kort_etikett == "Medicinsk/vård/utredning"
    assert orsak.etikett_kort == "Medicinsk/vård/utredning"


def test_a_code_without_a_short_label_uses_its_label():
    gymnasium = Utbildning.objects.get(kod="gymnasieutbildning")
    assert gymnasium.kort_etikett == ""
    assert gymnasium.etikett_kort == "Gymnasieutbildning"
