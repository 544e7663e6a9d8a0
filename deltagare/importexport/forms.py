from django import forms
from django.utils.translation import gettext_lazy as _

from insatser.models import Insats

MAX_FILSTORLEK = 50 * 1024 * 1024


class ImportForm(forms.Form):
    fil = forms.FileField(
        label=_("Fil (.xlsx eller .csv)"),
        help_text=_("En rubrikrad med mallens kolumner, sedan en rad per deltagare."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_fil(self):
        fil = self.cleaned_data["fil"]
        if fil.size > MAX_FILSTORLEK:
            raise forms.ValidationError(_("Filen är för stor (högst 50 MB)."))
        return fil


class ExportForm(forms.Form):
    insatser = forms.ModelMultipleChoiceField(
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
