from django import forms
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.translation import gettext_lazy as _

from finsam.idlista import IdFlerval
from insatser.models import Insats

from .kolumner import KOLUMNER

FILANDELSER = (".xlsx", ".csv")


def max_filstorlek() -> int:
    return settings.IMPORT_MAX_FILSTORLEK_MB * 1024 * 1024


class Storleksgrans(FileUploadHandler):
    """Stops an upload as soon as it passes the limit, while the body streams in: a request
    that announces more than the limit is refused before its file is read, and one that
    sends more than it announced is cut off at the limit (docs/regler.md §4)."""

    def __init__(self, request=None, grans: int | None = None):
        super().__init__(request)
        self.grans = grans if grans is not None else max_filstorlek()
        self.mottaget = 0
        self.for_stor = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # Multipart framing and the other fields take a few kilobytes beside the file.
        self.for_stor = content_length > self.grans + 64 * 1024

    def new_file(self, *args, **kwargs):
        if self.for_stor:
            raise StopUpload(connection_reset=True)
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.mottaget += len(raw_data)
        if self.mottaget > self.grans:
            self.for_stor = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


class ImportForm(forms.Form):
    fil = forms.FileField(
        label=_("Fil (.xlsx eller .csv)"),
        help_text=_("En rubrikrad, sedan en rad per deltagare. Flera blad läses tillsammans."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, for_stor: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_stor = for_stor

    def storleksfel(self) -> str:
        return _("Filen är för stor (högst %(mb)s MB).") % {"mb": settings.IMPORT_MAX_FILSTORLEK_MB}

    def clean(self):
        if self.for_stor:
            # The upload was stopped at the limit: the partial file is not offered to the form.
            self.errors.pop("fil", None)
            raise forms.ValidationError({"fil": self.storleksfel()})
        return super().clean()

    def clean_fil(self):
        fil = self.cleaned_data["fil"]
        if fil.size > max_filstorlek():
            raise forms.ValidationError(self.storleksfel())
        if not fil.name.lower().endswith(FILANDELSER):
            raise forms.ValidationError(
                _("Filtypen stöds inte (%(fil)s). Ladda upp en .xlsx- eller .csv-fil.") % {"fil": fil.name}
            )
        return fil


SAMTYCKE_VAL = [
    ("", _("— välj —")),
    ("nej", _("Nej: alla rader är anonyma (utan samtycke)")),
    ("ja", _("Ja: alla rader har samtycke")),
]


class KolumnForm(forms.Form):
    """For each sheet of an older file: whether it is imported, which of its columns holds
    each field of the contract, and the insats of a sheet without an Insats column."""

    samtycke = forms.ChoiceField(label=_("Samtycke för blad utan samtyckeskolumn"), choices=SAMTYCKE_VAL, required=False)

    def __init__(self, *args, blad: list[dict], insatser, **kwargs):
        super().__init__(*args, **kwargs)
        self.blad = blad
        insatsval = [("", _("— insatsen står i en kolumn —"))] + [(str(i.pk), i.namn) for i in insatser]
        self.insatser = {str(i.pk) for i in insatser}
        for b in blad:
            i = b["index"]
            kolumnval = [("", _("— saknas i filen —"))] + [
                (str(index), rubrik or _("(kolumn utan rubrik %(nr)s)") % {"nr": index + 1})
                for index, rubrik in enumerate(b["rubriker"])
            ]
            self.fields[f"b{i}_med"] = forms.BooleanField(label=_("Importera bladet"), required=False, initial=b["med"])
            self.fields[f"b{i}_insats_fast"] = forms.ChoiceField(
                label=_("Insats för hela bladet"), choices=insatsval, required=False, initial=b.get("insats") or ""
            )
            for rubrik, falt in KOLUMNER:
                index = b["kolumner"].get(falt)
                self.fields[f"b{i}_{falt}"] = forms.ChoiceField(
                    label=rubrik, choices=kolumnval, required=False, initial="" if index is None else str(index)
                )

    def bladfalt(self):
        """(sheet, its 'import' field, its insats field, [(contract header, field)]) for the template."""
        for b in self.blad:
            i = b["index"]
            yield b, self[f"b{i}_med"], self[f"b{i}_insats_fast"], [self[f"b{i}_{falt}"] for _r, falt in KOLUMNER]

    def clean(self):
        data = super().clean()
        valda = []
        behover_samtycke = False
        for b in self.blad:
            i = b["index"]
            if not data.get(f"b{i}_med"):
                continue
            kolumner = {}
            for _rubrik, falt in KOLUMNER:
                varde = data.get(f"b{i}_{falt}")
                if varde in (None, ""):
                    continue
                index = int(varde)
                if index in kolumner.values():
                    self.add_error(f"b{i}_{falt}", _("Kolumnen är redan vald för ett annat fält."))
                kolumner[falt] = index
            insats = data.get(f"b{i}_insats_fast") or None
            if "insats" not in kolumner and insats is None:
                self.add_error(f"b{i}_insats_fast", _("Välj insatsens kolumn, eller en insats för hela bladet."))
            if insats is not None and insats not in self.insatser:
                self.add_error(f"b{i}_insats_fast", _("Du kan inte importera till den insatsen."))
            for falt, rubrik in (("deltagar_id", "Deltagar-ID"), ("startdatum", "Startdatum")):
                if falt not in kolumner:
                    self.add_error(f"b{i}_{falt}", _("Välj kolumnen för %(rubrik)s.") % {"rubrik": rubrik})
            if "samtycke" not in kolumner:
                behover_samtycke = True
            valda.append({**b, "med": True, "kolumner": kolumner, "insats": int(insats) if insats else None})
        if not valda:
            raise forms.ValidationError(_("Välj minst ett blad att importera."))
        if behover_samtycke and not data.get("samtycke"):
            # docs/regler.md §4: a file without consent must not silently make every row anonymous.
            self.add_error("samtycke", _("Filen saknar kolumnen Samtycke: välj vad som gäller för raderna."))
        data["valda_blad"] = valda + [{**b, "med": False} for b in self.blad if not data.get(f"b{b['index']}_med")]
        data["samtycke_varde"] = {"ja": True, "nej": False}.get(data.get("samtycke") or "")
        return data


class ExportForm(forms.Form):
    insatser = IdFlerval(
        label=_("Insatser"),
        queryset=Insats.objects.none(),
        required=False,
        help_text=_("Inget val = alla dina insatser."),
        widget=forms.CheckboxSelectMultiple,
    )
    fran = forms.DateField(
        label=_("Från"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    till = forms.DateField(
        label=_("Till"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV (.csv)")], initial="xlsx"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["insatser"].queryset = Insats.objects.for_user(user)

    def clean(self):
        data = super().clean()
        fran, till = data.get("fran"), data.get("till")
        if fran and till and till < fran:
            self.add_error("till", _("Till-datumet får inte vara före från-datumet."))
        return data
