from django.db import models
from django.utils.translation import gettext_lazy as _

from insatser.models import Insats


class FrystRapport(models.Model):
    """A report table of a closed period, stored before gallring removes the rows behind it
    (docs/regler.md §5: aggregated statistics of closed periods are kept). The report module answers
    from here when asked for exactly this table, period and insats (or all insatser)."""

    namn = models.CharField(_("rapport"), max_length=40)
    fran = models.DateField(_("från"))
    till = models.DateField(_("till"))
    insats = models.ForeignKey(
        Insats,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("insats"),
        help_text=_("Tom betyder alla insatser."),
    )
    data = models.JSONField(_("tabell"))
    # Masking works on the computed table, not on stored numbers: both versions are kept.
    data_publicering = models.JSONField(_("tabell för publicering"), null=True, blank=True)
    fryst = models.DateTimeField(_("fryst"), auto_now_add=True)

    class Meta:
        verbose_name = _("fryst rapport")
        verbose_name_plural = _("frysta rapporter")
        ordering = ["-fran", "namn"]
        constraints = [
            models.UniqueConstraint(
                fields=["namn", "fran", "till", "insats"], name="fryst_rapport_unik_per_insats"
            ),
            models.UniqueConstraint(
                fields=["namn", "fran", "till"],
                condition=models.Q(insats__isnull=True),
                name="fryst_rapport_unik_alla",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.namn} {self.fran}–{self.till}"
