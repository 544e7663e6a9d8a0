from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    validate_comma_separated_integer_list,
)
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import behorighet


class InsatsQuerySet(models.QuerySet):
    def for_user(self, user) -> "InsatsQuerySet":
        """The insatser whose participants the user may read (the policy decides)."""
        return self & behorighet.insatser_att_lasa(user)

    def by_name(self, name: str) -> "InsatsQuerySet":
        """Name, short name or a former name, case-insensitive (imports accept every name)."""
        name = (name or "").strip()
        return self.filter(
            Q(namn__iexact=name) | Q(kortnamn__iexact=name) | Q(tidigare_namn__namn__iexact=name)
        ).distinct()


class Insats(models.Model):
    class Raknesatt(models.TextChoices):
        # Most insatser count a participant from startdatum to slutdatum.
        PERIOD = "period", _("Aktiv från startdatum till slutdatum")
        # Myndighetsgemensamt team: a one-time meeting; the participant counts in the period
        # of the meeting, the exit (12-month follow-up) in the period of slutdatum.
        START = "start", _("Räknas i perioden för startdatum (teammöte)")

    namn = models.CharField(_("namn"), max_length=200, unique=True)
    kortnamn = models.CharField(_("kortnamn"), max_length=50, unique=True)
    sortering = models.PositiveIntegerField(_("sortering"), default=0)
    startdatum = models.DateField(_("startdatum"), null=True, blank=True)
    slutdatum = models.DateField(_("slutdatum"), null=True, blank=True)
    esf = models.BooleanField(_("ESF-finansierad"), default=False)
    registrerar_bakgrund = models.BooleanField(
        _("registrerar bakgrundsuppgifter"),
        default=True,
        help_text=_("Utbildning, ålder, försörjning, anmälande part, stadsdel m.m."),
    )
    registrerar_avslutsorsak = models.BooleanField(_("registrerar avslutsorsak"), default=True)
    raknesatt = models.CharField(
        _("räknesätt"), max_length=10, choices=Raknesatt.choices, default=Raknesatt.PERIOD
    )
    forvantad_langd_manader = models.PositiveSmallIntegerField(
        _("förväntad längd (månader)"),
        null=True,
        blank=True,
        help_text=_("Deltagare aktiva längre än så utan avslut visas i datakvalitetsrapporten."),
    )
    uppfoljning_manader = models.CharField(
        _("uppföljningar (månader efter start)"),
        max_length=50,
        blank=True,
        validators=[validate_comma_separated_integer_list],
        help_text=_("T.ex. 3,6,12 för uppföljning 3, 6 och 12 månader efter startdatum."),
    )
    projektledare = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("projektledare"),
        related_name="insatser",
        blank=True,
    )

    objects = InsatsQuerySet.as_manager()

    class Meta:
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")
        ordering = ["sortering", "namn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(slutdatum__isnull=True)
                | Q(startdatum__isnull=True)
                | Q(slutdatum__gte=models.F("startdatum")),
                name="insats_slut_efter_start",
                violation_error_message=_("Insatsens slutdatum får inte vara före startdatum."),
            )
        ]

    def __str__(self) -> str:
        return self.namn

    @property
    def raknas_vid_start(self) -> bool:
        return self.raknesatt == self.Raknesatt.START

    @property
    def uppfoljningar(self) -> list[int]:
        return [int(m) for m in self.uppfoljning_manader.split(",") if m.strip()]


class TidigareNamn(models.Model):
    insats = models.ForeignKey(
        Insats, on_delete=models.CASCADE, related_name="tidigare_namn", verbose_name=_("insats")
    )
    namn = models.CharField(_("namn"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("tidigare namn")
        verbose_name_plural = _("tidigare namn")
        ordering = ["namn"]

    def __str__(self) -> str:
        return self.namn

    def clean(self) -> None:
        clash = Insats.objects.filter(Q(namn__iexact=self.namn) | Q(kortnamn__iexact=self.namn))
        if self.insats_id:
            clash = clash.exclude(pk=self.insats_id)
        if clash.exists():
            raise ValidationError(
                {"namn": _("Namnet används redan av insatsen %(insats)s.") % {"insats": clash.first()}}
            )


class ForvantatResultat(models.Model):
    """Yearly targets from the business plan, compared with the outcome in report 14."""

    insats = models.ForeignKey(
        Insats,
        on_delete=models.CASCADE,
        related_name="forvantade_resultat",
        verbose_name=_("insats"),
    )
    ar = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    antal_deltagare = models.PositiveIntegerField(_("förväntat antal deltagare"), null=True, blank=True)
    andel_kvinnor = models.PositiveSmallIntegerField(
        _("förväntad andel kvinnor (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    andel_arbete_studier = models.PositiveSmallIntegerField(
        _("förväntad andel till arbete eller studier (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    annat_utfall = models.ForeignKey(
        "deltagare.Avslutsgrupp",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("annat förväntat utfall (avslutsgrupp)"),
    )
    andel_annat_utfall = models.PositiveSmallIntegerField(
        _("förväntad andel med annat utfall (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("förväntat resultat")
        verbose_name_plural = _("förväntade resultat")
        ordering = ["insats__sortering", "ar"]
        constraints = [
            models.UniqueConstraint(
                fields=["insats", "ar"],
                name="forvantat_resultat_per_ar",
                violation_error_message=_("Insatsen har redan ett förväntat resultat för året."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.insats} {self.ar}"

    def clean(self) -> None:
        if (self.annat_utfall_id is None) != (self.andel_annat_utfall is None):
            raise ValidationError(
                {"andel_annat_utfall": _("Ange både annat utfall och dess förväntade andel, eller ingetdera.")}
            )
