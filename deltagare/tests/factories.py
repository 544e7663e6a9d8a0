import datetime

import factory
from factory.django import DjangoModelFactory

from insatser.models import Insats

from ..choices import Kon
from ..models import Avslutsorsak, Deltagare, Utbildning


def kod(model, code: str):
    return factory.LazyFunction(lambda: model.objects.get(kod=code))


class DeltagareFactory(DjangoModelFactory):
    """A valid participant with consent; pass fields to vary. Saves without the service,
    so tests of the service and of the rules call those explicitly."""

    class Meta:
        model = Deltagare

    insats = factory.LazyFunction(lambda: Insats.objects.get(kortnamn="Aktivitetsplatsen"))
    deltagar_id = factory.Sequence(lambda n: f"AP-{n:05d}")
    samtycke = True
    kon = Kon.KVINNA
    juridiskt_kon = factory.LazyAttribute(lambda o: o.kon if o.kon in ("K", "M") else "X")
    fodelsear = 1990
    utbildning = kod(Utbildning, "gymnasieutbildning")
    startdatum = datetime.date(2025, 2, 3)


class AnonymDeltagareFactory(DeltagareFactory):
    samtycke = False
    fodelsear = None
    utbildning = None


class AvslutadDeltagareFactory(DeltagareFactory):
    slutdatum = datetime.date(2025, 5, 30)
    avslutsorsak = kod(Avslutsorsak, "arbete")
