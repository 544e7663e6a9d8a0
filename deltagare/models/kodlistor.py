"""Code lists (docs/regler.md §2): data, loaded from fixtures on install and edited in admin.

Each has a stable code, a Swedish label, a sort order and an active flag. A retired code
(aktiv = False) stays valid for historical rows and imports but is not offered for new rows.
Synonyms are the other spellings an import accepts for a code, such as the abbreviations of
the association's reports (SDF, HSV, FK, AF); docs/regler.md §4.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import LsgOmrade


class KodlistaQuerySet(models.QuerySet):
    def active(self) -> "KodlistaQuerySet":
        return self.filter(aktiv=True)

    def offered(self, current_pk=None) -> "KodlistaQuerySet":
        """Active codes, plus the one an existing row already holds (a historical code is kept)."""
        if current_pk:
            return self.filter(Q(aktiv=True) | Q(pk=current_pk))
        return self.active()

    def lookup(self) -> dict[str, "Kodlista"]:
        """Every code, label, short label and synonym, lower-cased, to its row: one query for a
        whole import (a file may hold the short labels of the published tables)."""
        table: dict[str, Kodlista] = {}
        for item in self:
            for synonym in item.synonymlista():
                table[synonym.lower()] = item
            if item.kort_etikett.strip():
                table[item.kort_etikett.strip().lower()] = item
            table[item.namn.strip().lower()] = item
            table[item.kod.strip().lower()] = item
        return table


def _jamforbar(text: str) -> str:
    # As the import compares cells: case, spacing and en/em dashes don't matter.
    return " ".join(text.replace("\u2013", "-").replace("\u2014", "-").split()).casefold()


class Kodlista(models.Model):
    kod = models.SlugField(_("kod"), max_length=60, unique=True)
    namn = models.CharField(_("benämning"), max_length=200, unique=True)
    kort_etikett = models.CharField(
        _("kort etikett"),
        max_length=40,
        blank=True,
        help_text=_(
            "Kortare benämning för diagram och publicerade tabeller när benämningen är lång, "
            "t.ex. Medicinsk/vård/utredning."
        ),
    )
    sortering = models.PositiveIntegerField(_("sortering"), default=0)
    aktiv = models.BooleanField(
        _("aktiv"),
        default=True,
        help_text=_(
            "Inaktiva koder finns kvar för historiska rader och importer men erbjuds inte för nya."
        ),
    )

    synonymer = models.TextField(
        _("synonymer"),
        blank=True,
        help_text=_(
            "Andra skrivsätt som importen godtar för koden, ett per rad (t.ex. FK eller SDF). "
            "Stora och små bokstäver spelar ingen roll."
        ),
    )

    objects = KodlistaQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["sortering", "namn"]

    def __str__(self) -> str:
        return self.namn

    @property
    def etikett_kort(self) -> str:
        """The short label where there is one, else the label."""
        return self.kort_etikett or self.namn

    def synonymlista(self) -> list[str]:
        return [rad.strip() for rad in self.synonymer.splitlines() if rad.strip()]

    def clean(self) -> None:
        """Every text the import reads as a code (its code, label, short label and synonyms)
        may point at one code only: none of a code's texts may be another code's code, label,
        short label or synonym, compared as the import compares them. Both ways: a new synonym
        may not take another code's label, nor a new label another code's synonym."""
        super().clean()
        egna = [_jamforbar(s) for s in self.synonymlista()]
        upptagna: dict[str, str] = {}
        # A code or label exactly like another code's own is the unique constraint's to refuse.
        exakta: set[tuple[str, str]] = set()
        for annan in type(self).objects.exclude(pk=self.pk):
            for text in (annan.kod, annan.namn, annan.kort_etikett, *annan.synonymlista()):
                if text.strip():
                    upptagna[_jamforbar(text)] = annan.namn
            exakta |= {("kod", annan.kod), ("namn", annan.namn)}
        fel: dict[str, list] = {}
        for falt in ("kod", "namn", "kort_etikett"):
            text = (getattr(self, falt) or "").strip()
            if text and _jamforbar(text) in upptagna and (falt, getattr(self, falt)) not in exakta:
                fel[falt] = [
                    _("”%(synonym)s” betyder redan %(annan)s i listan.")
                    % {"synonym": text, "annan": upptagna[_jamforbar(text)]}
                ]
        synonymfel = []
        for synonym, jamforbar in zip(self.synonymlista(), egna):
            if jamforbar in upptagna:
                synonymfel.append(
                    _("”%(synonym)s” betyder redan %(annan)s i listan.")
                    % {"synonym": synonym, "annan": upptagna[jamforbar]}
                )
            elif egna.count(jamforbar) > 1:
                synonymfel.append(_("”%(synonym)s” står mer än en gång.") % {"synonym": synonym})
        if synonymfel:
            fel["synonymer"] = list(dict.fromkeys(synonymfel))
        if fel:
            raise ValidationError(fel)


class Utbildning(Kodlista):
    class Meta(Kodlista.Meta):
        verbose_name = _("utbildning")
        verbose_name_plural = _("utbildningar")


class TidUtanArbete(Kodlista):
    class Meta(Kodlista.Meta):
        verbose_name = _("tid utan arbete eller studier")
        verbose_name_plural = _("tider utan arbete eller studier")


class Forsorjning(Kodlista):
    """Used both at start and at exit: together they show the stegförflyttning (table 17)."""

    class Meta(Kodlista.Meta):
        verbose_name = _("försörjning")
        verbose_name_plural = _("försörjningar")


class Aldersgrupp(Kodlista):
    min_alder = models.PositiveSmallIntegerField(_("från ålder"), null=True, blank=True)
    max_alder = models.PositiveSmallIntegerField(_("till och med ålder"), null=True, blank=True)

    class Meta(Kodlista.Meta):
        verbose_name = _("åldersgrupp")
        verbose_name_plural = _("åldersgrupper")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_alder__isnull=True)
                | Q(max_alder__isnull=True)
                | Q(max_alder__gte=models.F("min_alder")),
                name="aldersgrupp_max_efter_min",
                violation_error_message=_("Till och med ålder får inte vara lägre än från ålder."),
            )
        ]


class Avslutsgrupp(Kodlista):
    """The four groups that make exit reasons of both generations comparable across years."""

    class Meta(Kodlista.Meta):
        verbose_name = _("avslutsgrupp")
        verbose_name_plural = _("avslutsgrupper")


class Avslutsorsak(Kodlista):
    class Generation(models.TextChoices):
        NUVARANDE = "2025", _("Nuvarande lista (från 2025)")
        TIDIGARE = "2021", _("Tidigare lista (2021–2024)")
        BADA = "bada", _("Båda listorna")

    grupp = models.ForeignKey(
        Avslutsgrupp, on_delete=models.PROTECT, related_name="orsaker", verbose_name=_("avslutsgrupp")
    )
    arbete_eller_studier = models.BooleanField(
        _("arbete eller studier"),
        default=False,
        help_text=_("Räknas som det övergripande utfallet ”gick vidare till arbete eller studier”."),
    )
    generation = models.CharField(
        _("lista"), max_length=4, choices=Generation.choices, default=Generation.NUVARANDE
    )
    beskrivning = models.CharField(_("beskrivning"), max_length=300, blank=True)

    class Meta(Kodlista.Meta):
        verbose_name = _("avslutsorsak")
        verbose_name_plural = _("avslutsorsaker")


class AnmalandePart(Kodlista):
    overordnad = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="underenheter",
        verbose_name=_("överordnad part"),
    )

    class Meta(Kodlista.Meta):
        verbose_name = _("anmälande part")
        verbose_name_plural = _("anmälande parter")


class Stadsdel(Kodlista):
    lsg_omrade = models.CharField(
        _("lokalt område (LSG)"), max_length=20, choices=LsgOmrade.choices, blank=True
    )

    class Meta(Kodlista.Meta):
        verbose_name = _("stadsdel")
        verbose_name_plural = _("stadsdelar")
