import datetime
import functools

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from finsam.datum import datum
from insatser.models import Insats

from ..choices import ALDER_MAX, ALDER_MIN, BAKGRUNDSFALT, KON_SOM_AR_JURIDISKT_KON, JuridisktKon, Kon
from ..validators import (
    FODELSEAR_MAX,
    FODELSEAR_MIN,
    OGILTIGT_FODELSEAR,
    validate_not_future,
    validate_not_too_early,
    validate_pseudonym,
)
from .kodlistor import AnmalandePart, Avslutsorsak, Forsorjning, Stadsdel, TidUtanArbete, Utbildning
from .uppfoljningsutfall import EjGenomfordOrsak, Uppfoljningsutfall


def aktiv_q(fran: datetime.date, till: datetime.date, prefix: str = "") -> Q:
    """Counted as a participant in [fran, till] under the insats' counting rule (docs/regler.md §2)."""
    p = prefix
    over_period = Q(**{f"{p}startdatum__lte": till}) & (
        Q(**{f"{p}slutdatum__isnull": True}) | Q(**{f"{p}slutdatum__gte": fran})
    )
    vid_start = Q(**{f"{p}startdatum__gte": fran, f"{p}startdatum__lte": till})
    return (Q(**{f"{p}insats__raknesatt": Insats.Raknesatt.PERIOD}) & over_period) | (
        Q(**{f"{p}insats__raknesatt": Insats.Raknesatt.START}) & vid_start
    )


def borjade_q(fran: datetime.date, till: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}startdatum__gte": fran, f"{prefix}startdatum__lte": till})


def avslutade_q(fran: datetime.date, till: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}slutdatum__gte": fran, f"{prefix}slutdatum__lte": till})


class DeltagareQuerySet(models.QuerySet):
    def for_user(self, user) -> "DeltagareQuerySet":
        """Row-level access (docs/regler.md §5): a project leader reaches only their insatser's rows."""
        return self.filter(insats__in=Insats.objects.for_user(user))

    def active_in(self, fran: datetime.date, till: datetime.date) -> "DeltagareQuerySet":
        return self.filter(aktiv_q(fran, till))

    def started_in(self, fran: datetime.date, till: datetime.date) -> "DeltagareQuerySet":
        return self.filter(borjade_q(fran, till))

    def ended_in(self, fran: datetime.date, till: datetime.date) -> "DeltagareQuerySet":
        return self.filter(avslutade_q(fran, till))

    def pagaende(self) -> "DeltagareQuerySet":
        return self.filter(slutdatum__isnull=True)

    def avslutade(self) -> "DeltagareQuerySet":
        return self.filter(slutdatum__isnull=False)

    def langre_an_forvantat(self, dag: datetime.date) -> "DeltagareQuerySet":
        """Active on dag although they started longer ago than the insats' expected length, as
        the data-quality report counts them (docs/regler.md §3, table 18). One small query for
        the insatser's lengths; the participants are then filtered in the database."""
        from deltagare.services import add_months

        villkor = Q(pk__in=[])
        for insats_id, manader in Insats.objects.filter(forvantad_langd_manader__isnull=False).values_list(
            "pk", "forvantad_langd_manader"
        ):
            villkor |= Q(insats_id=insats_id, startdatum__lt=add_months(dag, -manader))
        return self.filter(villkor).filter(Q(slutdatum__isnull=True) | Q(slutdatum__gt=dag))


# Letters, digits and - _ . /, beginning with a letter or digit: an ID that begins with - (or
# =, +, @) would be read as a formula by a spreadsheet (docs/regler.md §5).
deltagar_id_tecken = RegexValidator(
    r"^[0-9A-Za-zÅÄÖåäöÉé][0-9A-Za-zÅÄÖåäöÉé_./-]*$",
    _(
        "Deltagar-ID får bara innehålla bokstäverna a–z, å, ä, ö och é (stora eller små), siffror och "
        "tecknen - _ . / (inga mellanslag) och måste börja med en bokstav eller siffra."
    ),
    code="tecken",
)


AVSLUTSORSAK_KRAVS = _("Ange avslutsorsak när deltagaren avslutas.")
KON_KRAVS = _("Ange kön. Bara en anonym deltagare (utan samtycke) får sakna kön.")


class Deltagare(models.Model):
    """One person's participation in one insats: one row of the old Excel file."""

    insats = models.ForeignKey(
        Insats, on_delete=models.PROTECT, related_name="deltagare", verbose_name=_("insats")
    )
    deltagar_id = models.CharField(
        _("deltagar-ID"),
        max_length=40,
        validators=[deltagar_id_tecken, validate_pseudonym],
        help_text=_("Pseudonym kod som projektledaren väljer, unik inom insatsen. Aldrig namn eller personnummer."),
    )
    samtycke = models.BooleanField(
        _("samtycke"),
        default=False,
        help_text=_("Samtycke till registrering av bakgrundsuppgifter. Utan samtycke är deltagaren anonym."),
    )
    # Blank only for an anonymous participant whose kön was not recorded (the SUS-era rows of
    # old files, counted as "Okänt kön" in the reports; docs/regler.md §2).
    kon = models.CharField(_("kön"), max_length=1, choices=Kon.choices, blank=True)
    juridiskt_kon = models.CharField(
        _("juridiskt kön"),
        max_length=1,
        choices=JuridisktKon.choices,
        blank=True,
        help_text=_(
            "Används bara för Uppföljning Finsam. Sätts till kön om kön är kvinna eller man; vid "
            "Annan könsidentitet anges Kvinna, Man eller Uppgift saknas."
        ),
    )
    # Four digits; the age rule in clean() says what is plausible. Bounds of its own also keep
    # the database's (32767 on PostgreSQL, none on SQLite) out of forms and the API, whose
    # messages for 99999 then differed between the databases.
    fodelsear = models.PositiveSmallIntegerField(
        _("födelseår"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(FODELSEAR_MIN, message=OGILTIGT_FODELSEAR),
            MaxValueValidator(FODELSEAR_MAX, message=OGILTIGT_FODELSEAR),
        ],
    )
    utbildning = models.ForeignKey(
        Utbildning, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("utbildning")
    )
    tid_utan_arbete = models.ForeignKey(
        TidUtanArbete,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("tid utan arbete eller studier vid start"),
    )
    forsorjning_start = models.ForeignKey(
        Forsorjning,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("försörjning vid start"),
    )
    anmalande_part = models.ForeignKey(
        AnmalandePart, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("anmälande part")
    )
    stadsdel = models.ForeignKey(
        Stadsdel, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("stadsdel")
    )
    startdatum = models.DateField(_("startdatum"), validators=[validate_not_too_early, validate_not_future])
    slutdatum = models.DateField(
        _("slutdatum"), null=True, blank=True, validators=[validate_not_too_early, validate_not_future]
    )
    avslutsorsak = models.ForeignKey(
        Avslutsorsak, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("avslutsorsak")
    )
    forsorjning_slut = models.ForeignKey(
        Forsorjning,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("försörjning vid avslut"),
    )
    lots = models.BooleanField(_("lots"), default=False)
    arbetstraning = models.BooleanField(_("arbetsträning"), default=False)
    # Optimistic concurrency: a save must name the version it was edited from.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    skapad = models.DateTimeField(_("skapad"), auto_now_add=True)
    andrad = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = DeltagareQuerySet.as_manager()

    class Meta:
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        ordering = ["insats__sortering", "-startdatum", "deltagar_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["insats", "deltagar_id"],
                name="deltagare_unik_per_insats",
                violation_error_message=_("Det finns redan en deltagare med detta deltagar-ID i insatsen."),
            ),
            models.CheckConstraint(
                condition=Q(slutdatum__isnull=True) | Q(slutdatum__gte=models.F("startdatum")),
                name="deltagare_slut_efter_start",
                violation_error_message=_("Slutdatum får inte vara före startdatum."),
            ),
            models.CheckConstraint(
                condition=Q(samtycke=True) | Q(**{f"{f}__isnull": True for f in BAKGRUNDSFALT}),
                name="deltagare_anonym_utan_bakgrund",
                violation_error_message=_("En deltagare utan samtycke får inte ha bakgrundsuppgifter."),
            ),
            models.CheckConstraint(
                condition=Q(samtycke=False) | ~Q(kon=""),
                name="deltagare_kon_utom_for_anonyma",
                violation_error_message=KON_KRAVS,
            ),
        ]
        indexes = [
            # The participant list's order (newest start first, then ID): a page, however deep,
            # is read from this index alone; ranges on startdatum (started in a period) too.
            models.Index(fields=["insats", "-startdatum", "deltagar_id", "id"], name="deltagare_lista"),
            # Ended in a period, still open, and active (open or ended since) by start: counted
            # from the index alone.
            models.Index(fields=["insats", "slutdatum", "startdatum"], name="deltagare_insats_slut_start"),
            # The API pages by key (id), within an insats or across all; its filters on dates and
            # deltagar-ID reach across insatser (docs/regler.md §4), so each has its own index.
            models.Index(fields=["insats", "id"], name="deltagare_insats_id"),
            models.Index(fields=["startdatum"], name="deltagare_start"),
            models.Index(fields=["slutdatum"], name="deltagare_slut"),
            models.Index(fields=["deltagar_id"], name="deltagare_deltagar_id"),
        ]

    def __str__(self) -> str:
        return f"{self.deltagar_id} ({self.insats.kortnamn})" if self.insats_id else self.deltagar_id

    @property
    def anonym(self) -> bool:
        return not self.samtycke

    @property
    def alder_vid_start(self) -> int | None:
        if self.fodelsear and self.startdatum:
            return self.startdatum.year - self.fodelsear
        return None

    def tillampa_samtycke(self, *, lagrad: "Deltagare | None") -> list[str]:
        """The consent rule (docs/regler.md §2, §5), applied by every path that saves a row:
        without samtycke no background data is stored. Values the stored row already holds are
        removed (withdrawn consent: the row stays, counted as anonymous); values newly supplied
        together with Samtycke = Nej are left for clean() to refuse. Returns the fields whose
        stored values were removed, which the audit trail must then forget too."""
        if self.samtycke:
            return []
        rensade = []
        for name, attname in _bakgrund_attname():
            varde = getattr(self, attname)
            lagrat = getattr(lagrad, attname) if lagrad is not None else None
            if lagrat is not None and varde in (None, lagrat):
                setattr(self, attname, None)
                rensade.append(name)
        return rensade

    # The constraints whose message is about one field: every surface (forms, API, admin) shows
    # it at that field, as the import names its column.
    VILLKORENS_FALT = {"deltagare_unik_per_insats": "deltagar_id", "deltagare_slut_efter_start": "slutdatum"}

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            falt = {
                str(c.get_violation_error_message()): self.VILLKORENS_FALT[c.name]
                for c in self._meta.constraints
                if c.name in self.VILLKORENS_FALT
            }
            placerade: dict[str, list] = {}
            for namn, fel in error.error_dict.items():
                for enskilt in fel:
                    mal = falt.get(" ".join(enskilt.messages), namn) if namn == NON_FIELD_ERRORS else namn
                    placerade.setdefault(mal, []).append(enskilt)
            raise ValidationError(placerade) from None

    def _angiven_bakgrund(self) -> list[str]:
        # Looked at only where a rule forbids background: most rows have consent in an insats
        # that registers it, and the import checks 100,000 rows a file.
        return [name for name, attname in _bakgrund_attname() if getattr(self, attname) is not None]

    def clean(self) -> None:
        errors: dict[str, list] = {}

        def fel(field: str, message) -> None:
            errors.setdefault(field, []).append(message)

        if self.kon in KON_SOM_AR_JURIDISKT_KON:
            # Juridiskt kön is kön for women and men (docs/regler.md §2), also when kön is
            # changed later or a file says otherwise; the reports' masking (Tabell 16) relies on it.
            self.juridiskt_kon = self.kon
        if self.samtycke and not self.kon:
            fel("kon", KON_KRAVS)

        if self.kon == Kon.ANNAN and not self.juridiskt_kon:
            fel(
                "juridiskt_kon",
                _("Ange juridiskt kön (Kvinna, Man eller Uppgift saknas) när kön är Annan könsidentitet."),
            )

        insats = self.insats if self.insats_id else None
        if insats is not None and self.startdatum and not insats.registrering_utanfor_perioden:
            if insats.startdatum and self.startdatum < insats.startdatum:
                fel(
                    "startdatum",
                    _(
                        "Insatsen %(insats)s började %(start)s; startdatum kan inte vara före det. "
                        "En administratör kan tillåta registrering utanför insatsens period."
                    )
                    % {"insats": insats.kortnamn, "start": datum(insats.startdatum)},
                )
            if insats.slutdatum and self.startdatum > insats.slutdatum:
                fel(
                    "startdatum",
                    _(
                        "Insatsen %(insats)s slutade %(slut)s; startdatum kan inte vara efter det. "
                        "En administratör kan tillåta registrering utanför insatsens period."
                    )
                    % {"insats": insats.kortnamn, "slut": datum(insats.slutdatum)},
                )
        if not self.samtycke:
            for name in self._angiven_bakgrund():
                fel(name, ValidationError(_("Uppgiften får inte sparas utan samtycke (anonym deltagare)."), code="utan_samtycke"))
        elif insats is not None and not insats.registrerar_bakgrund:
            for name in self._angiven_bakgrund():
                fel(name, _("Insatsen %(insats)s registrerar inte bakgrundsuppgifter.") % {"insats": insats})

        # A year without four digits is the field's own error (its validators), not an age.
        if self.fodelsear is not None and self.startdatum and FODELSEAR_MIN <= self.fodelsear <= FODELSEAR_MAX:
            alder = self.startdatum.year - self.fodelsear
            if not ALDER_MIN <= alder <= ALDER_MAX:
                fel(
                    "fodelsear",
                    _("Åldern vid start blir %(alder)s år; deltagare ska vara %(min)s–%(max)s år vid start.")
                    % {"alder": alder, "min": ALDER_MIN, "max": ALDER_MAX},
                )

        if self.slutdatum and self.startdatum and self.slutdatum < self.startdatum:
            fel("slutdatum", _("Slutdatum får inte vara före startdatum."))

        if self.slutdatum is None:
            if self.avslutsorsak_id is not None:
                fel("avslutsorsak", _("Avslutsorsak anges bara när deltagaren avslutas (med slutdatum)."))
            if self.forsorjning_slut_id is not None:
                fel("forsorjning_slut", _("Försörjning vid avslut anges bara när deltagaren avslutas (med slutdatum)."))
        elif insats is not None:
            if insats.registrerar_avslutsorsak and self.avslutsorsak_id is None:
                fel("avslutsorsak", AVSLUTSORSAK_KRAVS)
            if not insats.registrerar_avslutsorsak and self.avslutsorsak_id is not None:
                fel("avslutsorsak", _("Insatsen %(insats)s registrerar inte avslutsorsaker.") % {"insats": insats})

        if errors:
            raise ValidationError(errors)


@functools.cache
def _bakgrund_attname() -> tuple[tuple[str, str], ...]:
    # Looked up once: the import checks 100,000 rows a file against these rules.
    return tuple((name, Deltagare._meta.get_field(name).attname) for name in BAKGRUNDSFALT)


class UppfoljningQuerySet(models.QuerySet):
    def for_user(self, user) -> "UppfoljningQuerySet":
        return self.filter(deltagare__insats__in=Insats.objects.for_user(user))

    def due(self, on: datetime.date) -> "UppfoljningQuerySet":
        return self.filter(utford_datum__isnull=True, planerad_datum__lte=on)


class Uppfoljning(models.Model):
    """A dated follow-up, e.g. 3, 6 and 12 months after the team meeting (MGT), and its result:
    what the participant was doing (an outcome from a code list), or that it could not be done
    and why (docs/regler.md §2). The result feeds table 14 (förväntat resultat)."""

    deltagare = models.ForeignKey(
        Deltagare, on_delete=models.CASCADE, related_name="uppfoljningar", verbose_name=_("deltagare")
    )
    manader = models.PositiveSmallIntegerField(_("månader efter start"))
    planerad_datum = models.DateField(_("planerat datum"))
    utford_datum = models.DateField(
        _("uppföljd"),
        null=True,
        blank=True,
        validators=[validate_not_future],
        help_text=_("Dagen då uppföljningen gjordes eller försöktes."),
    )
    utfall = models.ForeignKey(
        Uppfoljningsutfall, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("utfall")
    )
    ej_genomford_orsak = models.ForeignKey(
        EjGenomfordOrsak,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("kunde inte genomföras, orsak"),
    )
    utford_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utförd av"),
    )

    objects = UppfoljningQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        ordering = ["planerad_datum"]
        constraints = [
            models.UniqueConstraint(
                fields=["deltagare", "manader"],
                name="uppfoljning_unik",
                violation_error_message=_("Deltagaren har redan en uppföljning efter så många månader."),
            ),
            models.CheckConstraint(
                condition=(Q(utford_datum__isnull=True) & Q(utfall__isnull=True) & Q(ej_genomford_orsak__isnull=True))
                | (Q(utford_datum__isnull=False) & Q(utfall__isnull=False) & Q(ej_genomford_orsak__isnull=True))
                | (Q(utford_datum__isnull=False) & Q(utfall__isnull=True) & Q(ej_genomford_orsak__isnull=False)),
                name="uppfoljning_utfall_eller_orsak",
                violation_error_message=_(
                    "En gjord uppföljning har datum och antingen ett utfall eller en orsak till att den inte "
                    "kunde genomföras."
                ),
            ),
        ]
        indexes = [
            # Follow-ups to do, in date order: the start page and the follow-up list read these
            # without touching the (many more) done ones.
            models.Index(
                fields=["planerad_datum", "id"],
                condition=Q(utford_datum__isnull=True),
                name="uppfoljning_att_gora",
            ),
            models.Index(fields=["planerad_datum", "id"], name="uppfoljning_planerad"),
            # A participant's next follow-up to do, looked up per row of the participant list.
            models.Index(
                fields=["deltagare", "planerad_datum"],
                condition=Q(utford_datum__isnull=True),
                name="uppfoljning_nasta",
            ),
        ]

    def __str__(self) -> str:
        return _("Uppföljning %(manader)s mån") % {"manader": self.manader}

    @property
    def gjord(self) -> bool:
        """Done or attempted: no longer due."""
        return self.utford_datum is not None

    @property
    def genomford(self) -> bool:
        return self.utfall_id is not None

    @property
    def resultat(self):
        """The outcome, or the reason it could not be done."""
        return self.utfall or self.ej_genomford_orsak

    @property
    def registrering(self) -> str:
        """The registration as one text ("-" when there is none): what a form saw, so that
        saving it can tell whether someone else has registered or corrected it since."""
        if not self.gjord:
            return "-"
        return f"{self.utford_datum.isoformat()}|{self.utfall_id or ''}|{self.ej_genomford_orsak_id or ''}"

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.utford_datum is None:
            if self.utfall_id is not None or self.ej_genomford_orsak_id is not None:
                errors["utford_datum"] = [_("Ange datum för uppföljningen.")]
        elif self.utfall_id is None and self.ej_genomford_orsak_id is None:
            errors["utfall"] = [
                _("Ange utfallet av uppföljningen, eller att den inte kunde genomföras och varför.")
            ]
        elif self.utfall_id is not None and self.ej_genomford_orsak_id is not None:
            errors["utfall"] = [_("Ange antingen ett utfall eller att uppföljningen inte kunde genomföras, inte båda.")]
        if self.utford_datum is not None and self.deltagare_id is not None:
            start = self.deltagare.startdatum
            if start and self.utford_datum < start:
                errors.setdefault("utford_datum", []).append(
                    _("Uppföljningen kan inte vara före deltagarens startdatum (%(start)s).")
                    % {"start": datum(start)}
                )
        if errors:
            raise ValidationError(errors)
