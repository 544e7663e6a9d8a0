"""Writing goals (förväntat resultat): the one path of the kansli's page and of tests. Admin
saves through its ModelForm, which asks the model the same questions."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from deltagare.audit import under_namn
from deltagare.models import Avslutsgrupp, Avslutsorsak

from . import behorighet
from .models import Mal


def _kontrollera(user) -> None:
    if not behorighet.far_andra_mal(user):
        raise PermissionDenied(_("Förväntade resultat anges av kansliet och administratörer."))


def mal_spara(
    *,
    user,
    mal: Mal,
    avslutsorsaker: Iterable[Avslutsorsak] = (),
    avslutsgrupper: Iterable[Avslutsgrupp] = (),
) -> Mal:
    """Create or change a goal with its outcome set; the model's rules decide what is valid."""
    _kontrollera(user)
    avslutsorsaker, avslutsgrupper = list(avslutsorsaker), list(avslutsgrupper)
    with transaction.atomic(), under_namn(user):
        mal.full_clean()
        mal.kontrollera_utfall(avslutsorsaker=avslutsorsaker, avslutsgrupper=avslutsgrupper)
        mal.save()
        mal.avslutsorsaker.set(avslutsorsaker)
        mal.avslutsgrupper.set(avslutsgrupper)
    return mal


def mal_ta_bort(*, user, mal: Mal) -> None:
    _kontrollera(user)
    with transaction.atomic(), under_namn(user):
        mal.delete()
