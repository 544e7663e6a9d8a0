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


class GallratHalvar(models.Model):
    """What the participant rows removed by gallring counted in one half-year of one insats
    (docs/regler.md §5: aggregated statistics of closed periods are kept).

    ``data`` holds the report module's own counts of those rows for the half-year, by kön,
    juridiskt kön and samtycke: every flow measure (``flode``), the same measures over the rows
    that started in the half-year (``borjade``, which lets active counts be carried over a union
    of half-years), the breakdowns (``fordelning``) and the overdue follow-ups by the half-year
    they were done (``forsenade``). A row belongs to one insats, so any selection of insatser is
    a sum of these, and any union of whole half-years is derived from them
    (dataskydd.selectors.Gallrat); shares and masking are computed afterwards from the summed
    counts, like any other report."""

    insats = models.ForeignKey(Insats, on_delete=models.PROTECT, related_name="+", verbose_name=_("insats"))
    fran = models.DateField(_("halvårets första dag"))
    till = models.DateField(_("halvårets sista dag"))
    grans = models.DateField(
        _("gallrat till och med"), help_text=_("Senaste slutdatum bland de gallrade deltagare som räknas här.")
    )
    data = models.JSONField(_("räkningar"))
    skapad = models.DateTimeField(_("skapad"), auto_now_add=True)
    andrad = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("gallrat halvår")
        verbose_name_plural = _("gallrade halvår")
        ordering = ["insats__sortering", "fran"]
        constraints = [models.UniqueConstraint(fields=["insats", "fran"], name="gallrat_halvar_unikt")]
        indexes = [models.Index(fields=["fran", "till"], name="gallrat_halvar_period")]

    def __str__(self) -> str:
        return f"{self.insats} {self.fran}–{self.till}"


class GallradUppfoljning(models.Model):
    """Follow-ups of removed participants, counted by insats, kön, the half-year they were done
    and their result: the report unites them with the live follow-ups in one query."""

    insats = models.ForeignKey(Insats, on_delete=models.PROTECT, related_name="+", verbose_name=_("insats"))
    kon = models.CharField(_("kön"), max_length=1, blank=True)
    fran = models.DateField(_("halvårets första dag"))
    till = models.DateField(_("halvårets sista dag"))
    utfall = models.ForeignKey(
        "deltagare.Uppfoljningsutfall", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("utfall")
    )
    ej_genomford_orsak = models.ForeignKey(
        "deltagare.EjGenomfordOrsak",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("kunde inte genomföras, orsak"),
    )
    antal = models.PositiveIntegerField(_("antal"))

    class Meta:
        verbose_name = _("gallrad uppföljning")
        verbose_name_plural = _("gallrade uppföljningar")
        ordering = ["insats__sortering", "fran"]
        indexes = [models.Index(fields=["fran", "till"], name="gallrad_uppfoljning_period")]

    def __str__(self) -> str:
        return f"{self.insats} {self.fran}–{self.till}: {self.antal}"
