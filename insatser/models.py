import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from finsam.datum import datum

from . import behorighet

# Follow-ups are planned in whole months after start. Five years is beyond any insats' horizon
# (the longest schedule is MGT's 12 months; participants are removed two whole years after
# their exit), and a planned date must stay a date: 120000 months overflowed it (a 500 for
# every registration in the insats).
UPPFOLJNING_MAX_MANADER = 60


def validera_uppfoljningsschema(varde: str) -> None:
    """uppfoljning_manader: whole months 1–60 separated by commas, each once (e.g. 3,6,12)."""
    delar = [del_.strip() for del_ in varde.split(",")]
    fel = []
    for del_ in delar:
        if not del_:
            fel.append(_("Uppföljningar anges som hela månader med komma emellan, t.ex. 3,6,12, utan tomma platser."))
        elif not del_.isascii() or not del_.isdigit():
            fel.append(
                _("Uppföljningar anges som hela månader med komma emellan, t.ex. 3,6,12; ”%(del)s” är inget antal månader.")
                % {"del": del_}
            )
        elif not 1 <= int(del_) <= UPPFOLJNING_MAX_MANADER:
            fel.append(
                _("Uppföljningar görs 1–%(max)s månader efter start; %(del)s månader går inte.")
                % {"max": UPPFOLJNING_MAX_MANADER, "del": del_}
            )
    tal = [int(del_) for del_ in delar if del_.isascii() and del_.isdigit()]
    for manad in dict.fromkeys(m for m in tal if tal.count(m) > 1):
        fel.append(_("Uppföljningar: %(manad)s månader står mer än en gång.") % {"manad": manad})
    if fel:
        raise ValidationError(list(dict.fromkeys(fel)), code="uppfoljningar")


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
    registrering_utanfor_perioden = models.BooleanField(
        _("tillåt registrering utanför insatsens period"),
        default=False,
        help_text=_(
            "Normalt måste en deltagares startdatum ligga mellan insatsens start- och slutdatum. "
            "Kryssa i för att registrera i efterhand eller utanför perioden."
        ),
    )
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
        validators=[validera_uppfoljningsschema],
        help_text=_("T.ex. 3,6,12 för uppföljning 3, 6 och 12 månader efter startdatum (hela månader, 1–60)."),
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

    def clean(self) -> None:
        """The insats' settings must hold for the participants it already has (docs/regler.md §2):
        a participant outside them could no longer be saved, changed or closed by anyone, with
        an error its project leader cannot fix. Such a change is refused here, saying how many
        participants it concerns and what to do. One query per rule."""
        super().clean()
        if self.pk is None:
            return
        from deltagare.choices import BAKGRUNDSFALT

        deltagare = self.deltagare.all()
        errors: dict[str, list] = {}
        if not self.registrerar_bakgrund:
            med_bakgrund = Q()
            for falt in BAKGRUNDSFALT:
                med_bakgrund |= Q(**{f"{falt}__isnull": False})
            antal = deltagare.filter(med_bakgrund).count()
            if antal:
                errors["registrerar_bakgrund"] = [
                    _(
                        "%(antal)d deltagare i insatsen har bakgrundsuppgifter. Ta bort dem först, "
                        "eller låt insatsen registrera bakgrundsuppgifter."
                    )
                    % {"antal": antal}
                ]
        if not self.registrerar_avslutsorsak:
            antal = deltagare.filter(avslutsorsak__isnull=False).count()
            if antal:
                errors["registrerar_avslutsorsak"] = [
                    _(
                        "%(antal)d avslutade deltagare i insatsen har en avslutsorsak, och de kan inte "
                        "sparas i en insats som inte registrerar avslutsorsak. Låt insatsen registrera "
                        "avslutsorsak."
                    )
                    % {"antal": antal}
                ]
        if not self.registrering_utanfor_perioden:
            if self.startdatum:
                fore = deltagare.filter(startdatum__lt=self.startdatum).aggregate(
                    antal=models.Count("pk"), tidigaste=models.Min("startdatum")
                )
                if fore["antal"]:
                    errors["startdatum"] = [
                        _(
                            "%(antal)d deltagare i insatsen började före %(start)s, den tidigaste "
                            "%(tidigaste)s. Sätt startdatum till %(tidigaste)s eller tidigare, eller "
                            "tillåt registrering utanför insatsens period."
                        )
                        % {"antal": fore["antal"], "start": datum(self.startdatum), "tidigaste": datum(fore["tidigaste"])}
                    ]
            if self.slutdatum:
                efter = deltagare.filter(startdatum__gt=self.slutdatum).aggregate(
                    antal=models.Count("pk"), senaste=models.Max("startdatum")
                )
                if efter["antal"]:
                    errors["slutdatum"] = [
                        _(
                            "%(antal)d deltagare i insatsen började efter %(slut)s, den senaste "
                            "%(senaste)s. Sätt slutdatum till %(senaste)s eller senare, eller "
                            "tillåt registrering utanför insatsens period."
                        )
                        % {"antal": efter["antal"], "slut": datum(self.slutdatum), "senaste": datum(efter["senaste"])}
                    ]
        if errors:
            raise ValidationError(errors)

    @property
    def raknas_vid_start(self) -> bool:
        return self.raknesatt == self.Raknesatt.START

    @property
    def uppfoljningar(self) -> list[int]:
        return [int(m) for m in self.uppfoljning_manader.split(",") if m.strip()]

    def namn_i_period(self, fran, till) -> tuple[str, str]:
        """(name, short name) the insats had in the period [fran, till] (docs/regler.md §3).

        A dated former name covers the days after the previous dated name up to its date; after
        the last date the insats has its current name. A period inside one name's time shows that
        name (a former name serves as short name too: FINSAM-team); a period across a renaming
        shows the name at its end with the earlier one in brackets. Reads tidigare_namn, so
        prefetch it for many insatser.
        """
        daterade = sorted((t for t in self.tidigare_namn.all() if t.giltig_till), key=lambda t: t.giltig_till)

        def namn_den(dag) -> tuple[str, str]:
            tidigare = next((t for t in daterade if dag <= t.giltig_till), None)
            return (tidigare.namn, tidigare.namn) if tidigare else (self.namn, self.kortnamn)

        vid_start, vid_slut = namn_den(fran), namn_den(till)
        if vid_start == vid_slut:
            return vid_slut
        return _("%(namn)s (tidigare %(tidigare)s)") % {"namn": vid_slut[0], "tidigare": vid_start[0]}, vid_slut[1]

class TidigareNamn(models.Model):
    insats = models.ForeignKey(
        Insats, on_delete=models.CASCADE, related_name="tidigare_namn", verbose_name=_("insats")
    )
    namn = models.CharField(_("namn"), max_length=200, unique=True)
    giltig_till = models.DateField(
        _("giltigt till och med"),
        null=True,
        blank=True,
        help_text=_(
            "Sista dagen insatsen hette så. Rapporter för perioder till och med den dagen visar "
            "det här namnet. Utan datum är namnet bara ett annat namn som importen godtar."
        ),
    )

    class Meta:
        verbose_name = _("tidigare namn")
        verbose_name_plural = _("tidigare namn")
        ordering = ["giltig_till", "namn"]

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


def manader(fran: datetime.date, till: datetime.date) -> float:
    """The length of [fran, till] in months, a part month counted by its share of days: a
    half-year is 6, a year 12, whatever the number of days (targets are pro-rated by it)."""
    if till < fran:
        return 0.0
    summa, dag = 0.0, fran.replace(day=1)
    while dag <= till:
        dagar = calendar.monthrange(dag.year, dag.month)[1]
        slut = dag.replace(day=dagar)
        summa += ((min(slut, till) - max(dag, fran)).days + 1) / dagar
        dag = slut + datetime.timedelta(days=1)
    return summa


class MalQuerySet(models.QuerySet):
    def for_period(self, fran: datetime.date, till: datetime.date) -> "MalQuerySet":
        """Goals of the years in [fran, till] and project periods that overlap it."""
        return self.filter(
            Q(ar__gte=fran.year, ar__lte=till.year) | Q(period_fran__lte=till, period_till__gte=fran)
        )


class Mal(models.Model):
    """One förväntat resultat of an insats, for a calendar year or for a project period, as the
    business plan words it (docs/regler.md §3, table 14). The kind says what the outcome is
    measured on; qualitative goals carry the kansli's assessment instead of a number."""

    class Typ(models.TextChoices):
        DELTAGARE = "deltagare", _("Antal deltagare")
        UTFALL = "utfall", _("Andel avslutade till ett utfall")
        LOTS = "lots", _("Deltagare med lots")
        ARBETSTRANING = "arbetstraning", _("Deltagare med arbetsträning")
        UPPFOLJNING = "uppfoljning", _("Arbete eller studier vid uppföljning")
        KVALITATIVT = "kvalitativt", _("Kvalitativt mål")

    class Bedomning(models.TextChoices):
        UPPNATT = "uppnatt", _("Uppnått")
        DELVIS = "delvis", _("Delvis uppnått")
        EJ_UPPNATT = "ej_uppnatt", _("Ej uppnått")

    insats = models.ForeignKey(Insats, on_delete=models.CASCADE, related_name="mal", verbose_name=_("insats"))
    ar = models.PositiveSmallIntegerField(
        _("år"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Ett mål för ett kalenderår. Lämna tomt för ett mål för en projektperiod."),
    )
    period_fran = models.DateField(_("projektperiod från"), null=True, blank=True)
    period_till = models.DateField(_("projektperiod till"), null=True, blank=True)
    typ = models.CharField(_("typ av mål"), max_length=20, choices=Typ.choices)
    beskrivning = models.CharField(
        _("beskrivning"),
        max_length=300,
        blank=True,
        help_text=_("Målet med verksamhetsplanens ord, t.ex. ”20 procent av deltagarna erbjuds en lots”."),
    )
    antal = models.PositiveIntegerField(_("förväntat antal"), null=True, blank=True)
    andel = models.PositiveSmallIntegerField(
        _("förväntad andel (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    andel_kvinnor = models.PositiveSmallIntegerField(
        _("förväntad andel kvinnor (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    avslutsorsaker = models.ManyToManyField(
        "deltagare.Avslutsorsak",
        blank=True,
        related_name="+",
        verbose_name=_("avslutsorsaker"),
        help_text=_("Utfallet: avslut med någon av dessa orsaker ..."),
    )
    avslutsgrupper = models.ManyToManyField(
        "deltagare.Avslutsgrupp",
        blank=True,
        related_name="+",
        verbose_name=_("avslutsgrupper"),
        help_text=_("... eller med en orsak i någon av dessa grupper."),
    )
    bedomning = models.CharField(_("bedömning"), max_length=12, choices=Bedomning.choices, blank=True)
    kommentar = models.TextField(
        _("kommentar till bedömningen"), blank=True, help_text=_("Kansliets kommentar om målet, aldrig om en person.")
    )
    sortering = models.PositiveIntegerField(_("sortering"), default=0)

    objects = MalQuerySet.as_manager()

    class Meta:
        verbose_name = _("förväntat resultat")
        verbose_name_plural = _("förväntade resultat")
        ordering = ["insats__sortering", "ar", "period_fran", "sortering", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(ar__isnull=False) & Q(period_fran__isnull=True) & Q(period_till__isnull=True))
                | (
                    Q(ar__isnull=True)
                    & Q(period_fran__isnull=False)
                    & Q(period_till__isnull=False)
                    & Q(period_till__gte=models.F("period_fran"))
                ),
                name="mal_ar_eller_projektperiod",
                violation_error_message=_("Ange antingen ett år eller en projektperiod (från och till)."),
            ),
            models.CheckConstraint(
                condition=Q(andel_kvinnor__isnull=True) | Q(typ="deltagare"),
                name="mal_andel_kvinnor_bara_for_deltagare",
                violation_error_message=_("Förväntad andel kvinnor anges bara för mål om antal deltagare."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(typ="deltagare") & Q(andel__isnull=True) & (Q(antal__isnull=False) | Q(andel_kvinnor__isnull=False))
                )
                | (Q(typ__in=["utfall", "uppfoljning"]) & Q(andel__isnull=False) & Q(antal__isnull=True))
                | (
                    Q(typ__in=["lots", "arbetstraning"])
                    & ((Q(antal__isnull=True) & Q(andel__isnull=False)) | (Q(antal__isnull=False) & Q(andel__isnull=True)))
                )
                | (Q(typ="kvalitativt") & Q(antal__isnull=True) & Q(andel__isnull=True) & ~Q(beskrivning="")),
                name="mal_malvarde_efter_typ",
                violation_error_message=_("Målvärdet passar inte målets typ."),
            ),
            # One participant-count goal per insats and year (or project period): the report's
            # "Antal deltagare" row of the insats.
            models.UniqueConstraint(
                fields=["insats", "ar"],
                condition=Q(typ="deltagare", ar__isnull=False),
                name="mal_ett_deltagarmal_per_ar",
                violation_error_message=_("Insatsen har redan ett mål för antal deltagare det året."),
            ),
            models.UniqueConstraint(
                fields=["insats", "period_fran", "period_till"],
                condition=Q(typ="deltagare", ar__isnull=True),
                name="mal_ett_deltagarmal_per_projektperiod",
                violation_error_message=_("Insatsen har redan ett mål för antal deltagare för projektperioden."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.insats} {self.period_text}: {self.rubrik}"

    # --- the rules of one goal ----------------------------------------------------------------

    def clean(self) -> None:
        errors: dict[str, list] = {}

        def fel(falt: str, meddelande) -> None:
            errors.setdefault(falt, []).append(meddelande)

        if self.ar is not None:
            if self.period_fran or self.period_till:
                fel("ar", _("Ange antingen ett år eller en projektperiod, inte båda."))
        elif not (self.period_fran and self.period_till):
            if not self.period_fran and not self.period_till:
                fel("ar", _("Ange året eller projektperioden som målet gäller."))
            elif not self.period_fran:
                fel("period_fran", _("Ange projektperiodens första dag."))
            else:
                fel("period_till", _("Ange projektperiodens sista dag."))
        elif self.period_till < self.period_fran:
            fel("period_till", _("Projektperioden får inte sluta före den börjar."))

        typ = self.typ
        if typ == self.Typ.DELTAGARE:
            if self.antal is None and self.andel_kvinnor is None:
                fel("antal", _("Ange förväntat antal deltagare."))
            if self.andel is not None:
                fel("andel", _("Ett mål om antal deltagare har ingen förväntad andel; ange andel kvinnor i stället."))
        elif typ in (self.Typ.UTFALL, self.Typ.UPPFOLJNING):
            if self.andel is None:
                fel("andel", _("Ange förväntad andel i procent."))
            if self.antal is not None:
                fel("antal", _("Målet anges som en andel i procent, inte som ett antal."))
        elif typ in (self.Typ.LOTS, self.Typ.ARBETSTRANING):
            if (self.antal is None) == (self.andel is None):
                fel("antal", _("Ange antingen förväntat antal deltagare eller förväntad andel i procent."))
        elif typ == self.Typ.KVALITATIVT:
            if not self.beskrivning.strip():
                fel("beskrivning", _("Ett kvalitativt mål behöver en beskrivning."))
            if self.antal is not None:
                fel("antal", _("Ett kvalitativt mål har inget antal; beskriv det i text."))
            if self.andel is not None:
                fel("andel", _("Ett kvalitativt mål har ingen andel; beskriv det i text."))
        if self.andel_kvinnor is not None and typ != self.Typ.DELTAGARE:
            fel("andel_kvinnor", _("Förväntad andel kvinnor anges bara för mål om antal deltagare."))
        if errors:
            raise ValidationError(errors)

    def kontrollera_utfall(self, *, avslutsorsaker, avslutsgrupper) -> None:
        """The outcome of a goal of the kind UTFALL is a set of exit reasons or groups; other
        kinds have none. (Many-to-many values are not on the row until it is saved, so the
        service asks here before saving them.)"""
        valda = bool(list(avslutsorsaker)) or bool(list(avslutsgrupper))
        if self.typ == self.Typ.UTFALL and not valda:
            raise ValidationError(
                {"avslutsorsaker": _("Välj minst en avslutsorsak eller avslutsgrupp som räknas som utfallet.")}
            )
        if self.typ != self.Typ.UTFALL and valda:
            raise ValidationError(
                {"avslutsorsaker": _("Avslutsorsaker och avslutsgrupper anges bara för mål om andel avslutade till ett utfall.")}
            )

    # --- period and pro-rating -----------------------------------------------------------------

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.ar, 1, 1) if self.ar is not None else self.period_fran

    @property
    def slut(self) -> datetime.date:
        return datetime.date(self.ar, 12, 31) if self.ar is not None else self.period_till

    @property
    def ar_mal(self) -> bool:
        return self.ar is not None

    @property
    def period_text(self) -> str:
        if self.ar is not None:
            return str(self.ar)
        return f"{self.period_fran.isoformat()}–{self.period_till.isoformat()}"

    def andel_av_malperioden(self, fran: datetime.date, till: datetime.date) -> float:
        """The share of the goal's year or project period that [fran, till] covers, in months:
        a half-year is 0.5 of a year goal."""
        hela = manader(self.start, self.slut)
        if not hela:
            return 0.0
        return manader(max(fran, self.start), min(till, self.slut)) / hela

    def forvantat_antal(self, fran: datetime.date, till: datetime.date) -> int | float | None:
        """The target number for the part of the goal's period that [fran, till] covers (shares
        are not pro-rated: 20 % of a half-year is 20 %)."""
        if self.antal is None:
            return None
        antal = round(self.antal * self.andel_av_malperioden(fran, till), 1)
        return int(antal) if antal == int(antal) else antal

    @property
    def rubrik(self) -> str:
        """A short name of what is measured, for report rows."""
        if self.typ == self.Typ.KVALITATIVT:
            return self.beskrivning
        return str(self.get_typ_display())
