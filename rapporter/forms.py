import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insatser.models import Insats

from . import perioder
from .alternativ import GRANSER, Alternativ


class RapportForm(forms.Form):
    """Period and insatser of the report pages; a GET form so every view is a link."""

    # Helår and the two halves of the year named in År; the current and the previous half-year
    # need no year; a custom period takes its dates.
    PERIODER = [
        ("halvar", _("Innevarande halvår")),
        ("foregaende", _("Föregående halvår")),
        ("ar", _("Helår")),
        ("forsta", _("Första halvåret")),
        ("andra", _("Andra halvåret")),
        ("egen", _("Egen period")),
    ]
    MED_AR = {"ar", "forsta", "andra"}

    period = forms.ChoiceField(label=_("Period"), choices=PERIODER, initial="halvar", widget=forms.RadioSelect)
    ar = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100, required=False)
    fran = forms.DateField(label=_("Från"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    till = forms.DateField(label=_("Till"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    insatser = forms.ModelMultipleChoiceField(
        label=_("Insatser"),
        queryset=Insats.objects.order_by("sortering", "namn"),
        to_field_name="kortnamn",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Inga valda: alla insatser med deltagare under perioden."),
    )
    publicering = forms.BooleanField(
        label=_("För publicering (maskera små antal)"),
        required=False,
        # The masking protects one publication: the kansli must know before publishing more.
        help_text=_(
            "Maskeringen gäller tabellerna i den här publiceringen. Publiceras också andra perioder som "
            "överlappar (t.ex. halvåret och helåret för samma år) kan dolda antal räknas fram genom "
            "subtraktion: granska små tal i dem tillsammans."
        ),
    )
    troskel = forms.IntegerField(
        label=_("Maskera antal under"),
        min_value=GRANSER["troskel"][0],
        max_value=GRANSER["troskel"][1],
        required=False,
        help_text=_("Standard %(standard)s.") % {"standard": settings.PUBLICERING_MASKERA_UNDER},
    )
    minsta_bas = forms.IntegerField(
        label=_("Andelar på baser från"),
        min_value=GRANSER["minsta_bas"][0],
        max_value=GRANSER["minsta_bas"][1],
        required=False,
        help_text=_("Standard %(standard)s.") % {"standard": settings.PUBLICERING_MINSTA_BAS_FOR_ANDEL},
    )
    visa_tomma = forms.BooleanField(label=_("Visa tomma rader"), required=False)
    totalt_forst = forms.BooleanField(label=_("Totalt först"), required=False)
    n_andel = forms.BooleanField(label=_("Antal och andel i samma cell, n (x %)"), required=False)
    korta_etiketter = forms.BooleanField(label=_("Korta etiketter"), required=False)
    esf = forms.BooleanField(label=_("(ESF) efter ESF-finansierade insatser"), required=False)

    def clean(self):
        data = super().clean()
        period, idag = data.get("period"), timezone.localdate()
        if period == "halvar":
            data["fran"], data["till"] = perioder.halvar(idag)
        elif period == "foregaende":
            data["fran"], data["till"] = perioder.foregaende_halvar(idag)
        elif period in self.MED_AR:
            ar = data.get("ar")
            if ar is None:
                if "ar" not in self.errors:
                    self.add_error("ar", _("Ange vilket år."))
            elif period == "ar":
                data["fran"], data["till"] = perioder.helar(ar)
            else:
                data["fran"], data["till"] = perioder.halvar(datetime.date(ar, 1 if period == "forsta" else 7, 1))
        elif period == "egen":
            if data.get("fran") is None and "fran" not in self.errors:
                self.add_error("fran", _("Ange periodens första dag."))
            if data.get("till") is None and "till" not in self.errors:
                self.add_error("till", _("Ange periodens sista dag."))
            if data.get("fran") and data.get("till") and data["fran"] > data["till"]:
                self.add_error("till", _("Periodens sista dag får inte vara före den första."))
            elif data.get("fran") and data.get("till"):
                try:
                    perioder.kontrollera_period(data["fran"], data["till"])
                except ValueError as fel:
                    self.add_error("fran", str(fel))
        return data

    def parametrar(self) -> dict:
        """Keyword arguments of rapporter.berakna_alla."""
        data = self.cleaned_data
        return {
            "fran": data["fran"],
            "till": data["till"],
            "insatser": list(data["insatser"]) or None,
            "alternativ": self.alternativ(),
        }

    def alternativ(self) -> Alternativ:
        data = self.cleaned_data
        return Alternativ(
            publicering=data["publicering"],
            troskel=data.get("troskel"),
            minsta_bas=data.get("minsta_bas"),
            visa_tomma=data["visa_tomma"],
            totalt_forst=data["totalt_forst"],
            n_andel=data["n_andel"],
            korta_etiketter=data["korta_etiketter"],
            esf=data["esf"],
        )
