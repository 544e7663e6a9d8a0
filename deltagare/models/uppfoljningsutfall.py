"""The code lists of a follow-up's result (docs/regler.md §2): what the participant was doing
at the follow-up, or why the follow-up could not be done. Data like every code list: loaded
from fixtures/uppfoljning.json, edited in admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .kodlistor import Kodlista


class Uppfoljningsutfall(Kodlista):
    arbete_eller_studier = models.BooleanField(
        _("arbete eller studier"),
        default=False,
        help_text=_("Räknas som ”i arbete eller studier vid uppföljning” i förväntat resultat."),
    )

    class Meta(Kodlista.Meta):
        verbose_name = _("utfall vid uppföljning")
        verbose_name_plural = _("utfall vid uppföljning")


class EjGenomfordOrsak(Kodlista):
    class Meta(Kodlista.Meta):
        verbose_name = _("orsak till att uppföljningen inte kunde genomföras")
        verbose_name_plural = _("orsaker till att uppföljningen inte kunde genomföras")
