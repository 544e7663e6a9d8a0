import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.models import model_to_dict
from django.http import QueryDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from finsam.datum import OGILTIGT_DATUM, datum
from finsam.idlista import IdFlerval

from .choices import BAKGRUNDSFALT, JuridisktKon, Kon
from .models import Avslutsorsak, Deltagare, EjGenomfordOrsak, Kodlista, Uppfoljning, Uppfoljningsutfall
from .models.deltagare import AVSLUTSORSAK_KRAVS
from .services import uppfoljningens_namn
from .validators import OGILTIGT_FODELSEAR


class KodlistaFieldsMixin:
    """Coded fields offer active codes only; a historical code an existing row holds is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model is not None and issubclass(model, Kodlista):
                current = getattr(self.instance, f"{name}_id", None) if self.instance.pk else None
                field.queryset = model.objects.offered(current)


class SamtyckeMixin:
    """Samtycke = Nej clears the background fields on save (docs/regler.md §2, §5)."""

    def clean(self):
        cleaned = super().clean()
        if "samtycke" in cleaned and not cleaned["samtycke"]:
            for name in BAKGRUNDSFALT:
                if name in self.fields:
                    cleaned[name] = None
        return cleaned


class DeltagareAdminForm(KodlistaFieldsMixin, SamtyckeMixin, forms.ModelForm):
    # The version the administrator saw, so that the admin, like every other path, never
    # silently overwrites a colleague's later save (deltagare_spara checks it).
    sedd_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Deltagare
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["sedd_version"].initial = self.instance.version
            self.fields["sedd_version"].required = True

    def clean(self):
        cleaned = super().clean()
        sedd = cleaned.get("sedd_version")
        if self.instance.pk and sedd is not None:
            aktuell = Deltagare.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if aktuell is not None and aktuell != sedd:
                raise forms.ValidationError(
                    _("Deltagaren har ändrats av någon annan sedan du öppnade den. Ladda om sidan och gör ändringen igen."),
                    code="version",
                )
        return cleaned


# --- The project leaders' registration forms -------------------------------------------------

JA_NEJ = ((True, _("Ja")), (False, _("Nej")))


def _som_bool(value) -> bool:
    return value in (True, "True")


def visningsvarde(form_field, value) -> str:
    """A value as the form shows it: the label of a choice, Ja/Nej, a Swedish date."""
    if value is None or value == "":
        return "–"
    if isinstance(value, datetime.date):
        return datum(value)
    if isinstance(value, bool):
        return str(_("Ja") if value else _("Nej"))
    if isinstance(value, str) and isinstance(form_field, forms.ChoiceField):
        # Matched as text: a TypedChoiceField's to_python leaves "True" uncoerced, while its
        # choices are keyed by True (Samtycke).
        return str({str(k): v for k, v in form_field.choices}.get(value, value))
    return str(value)


class DeltagareRadForm(KodlistaFieldsMixin, forms.ModelForm):
    """Common ground of the forms that write a participant row through deltagare_spara.

    The hidden version is the row version the user started from (optimistic concurrency).
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Required fields are marked in the label (static/css/app.css) as well as with `required`.
    required_css_class = "obligatorisk"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version
        for name, field in self.fields.items():
            # The page sends the values it started from too: after a refused save, the conflict
            # screen can then tell the user's own changes from a colleague's (konflikt()).
            field.show_hidden_initial = name != "version"
            if isinstance(field, forms.ModelChoiceField) and not field.required:
                field.empty_label = _("Ej angivet")
            if isinstance(field.widget, forms.DateInput):
                field.widget.input_type = "date"
                field.widget.format = "%Y-%m-%d"
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = OGILTIGT_DATUM

    @property
    def insats(self):
        return self.instance.insats

    def add_error(self, field, error):
        """The model's rules may name a field this form does not show (slutdatum on the edit
        form) or none at all (a constraint). Put each message where the user can act on it."""
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            placerade: dict[str, list] = {}
            for name, errors in error.error_dict.items():
                for fel in errors:
                    text = " ".join(fel.messages)
                    target = name
                    if target != NON_FIELD_ERRORS and target not in self.fields:
                        etikett = capfirst(Deltagare._meta.get_field(target).verbose_name)
                        fel, target = ValidationError(f"{etikett}: {text}"), NON_FIELD_ERRORS
                    if target != NON_FIELD_ERRORS and target in self.errors:
                        # A field the form could not read is the cause of what the rules then
                        # say about it (as in the import): one message, the form's.
                        continue
                    if fel.code == "utan_samtycke" and "samtycke" in self.errors:
                        # Consent not answered: the consent rule's messages would blame an
                        # answer the user never gave.
                        continue
                    if text in self.errors.get(target, []):
                        continue  # already said by the form
                    placerade.setdefault(target, []).append(fel)
            if not placerade:
                return
            error = ValidationError(placerade)
        super().add_error(field, error)

    def _bas(self, name: str):
        """The raw value the user's page started from (Django's hidden initial input)."""
        field = self.fields[name]
        return field.hidden_widget().value_from_datadict(self.data, self.files, self.add_initial_prefix(name))

    def _lagrat(self, aktuell: Deltagare, name: str):
        return model_to_dict(aktuell, fields=[name]).get(name)

    def konflikt(self, aktuell: Deltagare) -> dict[str, list[tuple[str, str, str]]]:
        """What the other person changed (from the page's starting values to the stored row) and
        what this user changed (from the starting values to the input), field by field. Fields
        nobody touched are left out. Without the starting values (a client that sends none) every
        field counts as the user's."""
        andras, dina = [], []
        for name, field in self.fields.items():
            if name == "version" or name not in self.cleaned_data:
                continue
            bas_raa = self._bas(name)
            try:
                bas = field.to_python(bas_raa) if bas_raa is not None else None
            except ValidationError:
                bas = None
            etikett = str(field.label)
            if bas_raa is not None and field.has_changed(self._lagrat(aktuell, name), bas_raa):
                andras.append((etikett, visningsvarde(field, bas), visningsvarde(field, getattr(aktuell, name))))
            if name in self.changed_data:
                dina.append((etikett, visningsvarde(field, bas), visningsvarde(field, self.cleaned_data[name])))
        return {"andras": andras, "dina": dina}

    def data_efter_konflikt(self, aktuell: Deltagare) -> QueryDict:
        """The form data to show after a refused save: the user's changes kept, every field the
        user did not change taken from the stored row (so a deliberate second save cannot undo a
        colleague's change), and the stored row as the new starting point."""
        data = self.data.copy()
        for name, field in self.fields.items():
            if name == "version":
                continue
            lagrat = self._lagrat(aktuell, name)
            varde = _som_data(field, lagrat)
            data.setlist(self.add_initial_prefix(name), [] if varde is None else [varde])
            if name not in self.changed_data:
                data.setlist(self.add_prefix(name), [] if varde is None else [varde])
        data["version"] = str(aktuell.version)
        return data


def _som_data(field, value) -> str | None:
    """A stored value as a browser would post it for the field's widget."""
    if isinstance(field.widget, forms.CheckboxInput):
        return "on" if value else None
    value = field.prepare_value(value)
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class DeltagareForm(SamtyckeMixin, DeltagareRadForm):
    """Register or edit a participant. Exit data is asked for only when closing (AvslutaForm)."""

    samtycke = forms.TypedChoiceField(
        label=_("Samtycke till bakgrundsuppgifter"),
        choices=JA_NEJ,
        coerce=_som_bool,
        widget=forms.RadioSelect,
        help_text=_("Utan samtycke är deltagaren anonym: bara start, slut och kön sparas."),
    )
    # Not required by the form: the model's rule decides (KON_KRAVS), as for the API and the
    # import. With consent kön is required; an anonymous participant may lack it.
    kon = forms.ChoiceField(
        label=_("Kön"),
        choices=Kon.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Krävs med samtycke. Utan samtycke får kön saknas; deltagaren räknas då som Kön okänt."),
    )
    juridiskt_kon = forms.ChoiceField(
        label=_("Juridiskt kön"),
        choices=[("", _("Samma som kön (kvinna eller man)"))] + JuridisktKon.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Används bara för Uppföljning Finsam. Vid Annan könsidentitet: ange Kvinna, Man eller "
            "Uppgift saknas."
        ),
    )

    class Meta:
        model = Deltagare
        fields = [
            "deltagar_id",
            "samtycke",
            "kon",
            "juridiskt_kon",
            "fodelsear",
            "utbildning",
            "tid_utan_arbete",
            "forsorjning_start",
            "anmalande_part",
            "stadsdel",
            "startdatum",
            "lots",
            "arbetstraning",
        ]
        widgets = {"fodelsear": forms.TextInput(attrs={"inputmode": "numeric", "size": 4, "maxlength": 4})}
        error_messages = {
            "fodelsear": {"invalid": OGILTIGT_FODELSEAR, "min_value": OGILTIGT_FODELSEAR, "max_value": OGILTIGT_FODELSEAR}
        }
        labels = {"lots": _("Har fått stöd av lots"), "arbetstraning": _("Har haft arbetsträning")}
        help_texts = {
            "deltagar_id": _("En pseudonym kod som du väljer, t.ex. AP-2025-017. Aldrig namn eller personnummer."),
            "fodelsear": _("Bara året, t.ex. 1988."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            # Consent is a question to answer for every new participant, not a default.
            self.initial.pop("samtycke", None)
        if not self.insats.registrerar_bakgrund:
            for name in self.bakgrundsfalt:
                del self.fields[name]
        self.bakgrund_rensad = False

    @property
    def bakgrundsfalt(self) -> list[str]:
        return [name for name in BAKGRUNDSFALT if name in self.fields]

    @property
    def bakgrund(self):
        return [self[name] for name in self.bakgrundsfalt]

    @property
    def sparad_bakgrund(self) -> list[str]:
        """The stored background a Samtycke = Nej would remove on saving (also what this form does
        not show, as the consent rule does): their names, for the page to warn before it is too late."""
        if not self.instance.pk:
            return []
        return [
            str(Deltagare._meta.get_field(name).verbose_name)
            for name in BAKGRUNDSFALT
            if getattr(self.instance, Deltagare._meta.get_field(name).attname) is not None
        ]

    @property
    def grund(self):
        return [self[name] for name in ("deltagar_id", "samtycke", "kon", "juridiskt_kon")]

    @property
    def deltagande(self):
        return [self[name] for name in ("startdatum", "lots", "arbetstraning")]

    def clean(self):
        ifyllda = [name for name in self.bakgrundsfalt if self.cleaned_data.get(name) not in (None, "")]
        cleaned = super().clean()
        if cleaned.get("samtycke") is False:
            # The form hides the background without consent, so what it still sends is dropped.
            for name in self.bakgrundsfalt:
                cleaned[name] = None
            # The instance still holds the stored row here: the model's consent rule removes its
            # background, also what this form does not show (försörjning vid avslut), before the
            # model's validation sees it.
            self.instance.samtycke = False
            self.instance.tillampa_samtycke(lagrad=self.instance)
            # Told after saving, so nobody believes the cleared data was stored.
            self.bakgrund_rensad = bool(ifyllda)
        return cleaned


class ForeslagetDatum(forms.DateInput):
    """A date input that shows a suggestion where the value is empty. Unlike an initial value,
    the suggestion is not what the page started from: sent as it is, it is the user's own
    choice, and a conflict screen shows it as the user's change (konflikt())."""

    input_type = "date"

    def __init__(self, forslag: datetime.date, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
        self.forslag = forslag

    def format_value(self, value):
        return super().format_value(self.forslag if value in (None, "") else value)


class AvslutaForm(DeltagareRadForm):
    """Close a participation: slutdatum, avslutsorsak and försörjning vid avslut. An open
    participant's page suggests forslag_slutdatum (today) as the date."""

    class Meta:
        model = Deltagare
        fields = ["slutdatum", "avslutsorsak", "forsorjning_slut"]
        help_texts = {"forsorjning_slut": _("Visar stegförflyttningen jämfört med försörjning vid start.")}

    def __init__(self, *args, forslag_slutdatum: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slutdatum"].required = True
        if forslag_slutdatum and not self.is_bound and self.instance.slutdatum is None:
            self.fields["slutdatum"].widget = ForeslagetDatum(forslag_slutdatum, attrs=self.fields["slutdatum"].widget.attrs)
        if not self.insats.registrerar_avslutsorsak:
            del self.fields["avslutsorsak"]
        else:
            falt = self.fields["avslutsorsak"]
            falt.empty_label = _("Välj avslutsorsak")
            # The model requires it on closing (Deltagare.clean); marked and asked for here too.
            falt.required = True
            falt.error_messages["required"] = AVSLUTSORSAK_KRAVS
        if not (self.insats.registrerar_bakgrund and self.instance.samtycke):
            del self.fields["forsorjning_slut"]

    @property
    def avslutsorsaker(self):
        field = self.fields.get("avslutsorsak")
        return list(field.queryset.exclude(beskrivning="")) if field is not None else []


class VersionForm(forms.Form):
    """Reopening and deleting only need the version the user looked at."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class UppfoljningUtfordForm(forms.Form):
    """Register (or correct) a follow-up: the date and one result, either an outcome or the
    reason it could not be done, chosen in one list. The model's rules decide the rest."""

    UTFALL, EJ = "utfall", "ej"

    datum = forms.DateField(
        label=_("Uppföljd den"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    resultat = forms.ChoiceField(
        label=_("Resultat"),
        error_messages={
            "required": _("Välj resultatet: vad deltagaren gjorde, eller varför uppföljningen inte kunde genomföras.")
        },
    )

    # The registration the page showed (Uppfoljning.registrering): saving refuses to replace
    # one registered or corrected by someone else since (services.UppfoljningKonflikt). A post
    # without it (not from these pages) is not checked, as a participant without sedd_version.
    sett = forms.CharField(required=False, empty_value=None, widget=forms.HiddenInput)

    def __init__(self, *args, uppfoljning=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # A callable: pages that only pass the form along read no code lists.
        self.fields["resultat"].choices = lambda: resultatval(uppfoljning)
        if uppfoljning is not None and not self.is_bound:
            self.initial.setdefault("sett", uppfoljning.registrering)
        if uppfoljning is not None and uppfoljning.gjord and not self.is_bound:
            self.initial.setdefault("datum", uppfoljning.utford_datum)
            self.initial.setdefault("resultat", resultatvarde(uppfoljning))

    def clean(self):
        cleaned = super().clean()
        varde = cleaned.get("resultat") or ""
        typ, _sep, pk = varde.partition("-")
        cleaned["utfall"] = Uppfoljningsutfall.objects.get(pk=pk) if typ == self.UTFALL else None
        cleaned["ej_genomford_orsak"] = EjGenomfordOrsak.objects.get(pk=pk) if typ == self.EJ else None
        return cleaned


def resultatvarde(uppfoljning) -> str:
    if uppfoljning.utfall_id:
        return f"{UppfoljningUtfordForm.UTFALL}-{uppfoljning.utfall_id}"
    if uppfoljning.ej_genomford_orsak_id:
        return f"{UppfoljningUtfordForm.EJ}-{uppfoljning.ej_genomford_orsak_id}"
    return ""


def resultatval(uppfoljning=None) -> list:
    """The choices of a follow-up's result, grouped: outcomes, then the reasons it could not be
    done. Active codes, and the one a registered follow-up already holds."""
    utfall = Uppfoljningsutfall.objects.offered(getattr(uppfoljning, "utfall_id", None))
    orsaker = EjGenomfordOrsak.objects.offered(getattr(uppfoljning, "ej_genomford_orsak_id", None))
    return [
        ("", _("Välj resultat")),
        (_("Genomförd: deltagaren hade"), [(f"{UppfoljningUtfordForm.UTFALL}-{u.pk}", u.namn) for u in utfall]),
        (_("Kunde inte genomföras"), [(f"{UppfoljningUtfordForm.EJ}-{o.pk}", o.namn) for o in orsaker]),
    ]


# --- Several rows at once (deltagare/massatgarder.py) -------------------------------------------


class UppfoljningRattelseForm(UppfoljningUtfordForm):
    """The same form on a page of its own (registering or correcting one follow-up): its
    required fields marked with *, as the other forms with a page of their own."""

    required_css_class = "obligatorisk"


class AvslutaFleraForm(forms.Form):
    """Close several active participants of one insats with the same slutdatum and reason."""

    required_css_class = "obligatorisk"

    valda = IdFlerval(
        label=_("Deltagare att avsluta"),
        queryset=Deltagare.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kryssa i minst en deltagare att avsluta.")},
    )
    # The rows the page lists, ticked or not: a refused form lists them again, so a row the
    # user unticked can be ticked again and nothing typed is lost.
    visade = IdFlerval(queryset=Deltagare.objects.none(), widget=forms.MultipleHiddenInput, required=False)
    slutdatum = forms.DateField(
        label=_("Slutdatum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    avslutsorsak = forms.ModelChoiceField(label=_("Avslutsorsak"), queryset=Avslutsorsak.objects.none(), required=False)

    def __init__(self, *args, insats, valbara, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["valda"].queryset = valbara
        # A listed row closed by someone else meanwhile does not stop the others, unless ticked.
        self.fields["visade"].queryset = Deltagare.objects.filter(insats=insats)
        self.fields["valda"].label_from_instance = lambda d: d.deltagar_id
        self.fields["valda"].namnge = lambda ids: list(
            Deltagare.objects.filter(insats=insats, pk__in=ids).order_by("deltagar_id").values_list("deltagar_id", flat=True)
        )
        if insats.registrerar_avslutsorsak:
            falt = self.fields["avslutsorsak"]
            falt.queryset = Avslutsorsak.objects.offered(None)
            falt.required = True
            falt.empty_label = _("Välj avslutsorsak")
        else:
            del self.fields["avslutsorsak"]


class UppfoljningarUtfordaForm(UppfoljningUtfordForm):
    """Register several follow-ups with the same date and the same result."""

    valda = IdFlerval(
        label=_("Uppföljningar"),
        queryset=Uppfoljning.objects.none(),
        error_messages={"required": _("Välj minst en uppföljning i listan.")},
    )

    def __init__(self, *args, valbara, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valda"].queryset = valbara
        # The view has checked that the user may read every id posted.
        self.fields["valda"].namnge = lambda ids: [
            uppfoljningens_namn(u) for u in Uppfoljning.objects.filter(pk__in=ids).select_related("deltagare")
        ]
