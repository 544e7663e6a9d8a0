from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Mal


class MalForm(forms.ModelForm):
    """A goal (förväntat resultat) in admin and on the kansli's page. The rules are the
    model's; the outcome set, which a many-to-many field holds, is checked by the model too."""

    class Meta:
        model = Mal
        fields = [
            "insats",
            "ar",
            "period_fran",
            "period_till",
            "typ",
            "beskrivning",
            "antal",
            "andel",
            "andel_kvinnor",
            "avslutsorsaker",
            "avslutsgrupper",
            "bedomning",
            "kommentar",
            "sortering",
        ]
        widgets = {
            "period_fran": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_till": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "beskrivning": forms.TextInput(attrs={"size": 80}),
            "kommentar": forms.Textarea(attrs={"rows": 3}),
            "avslutsorsaker": forms.CheckboxSelectMultiple,
            "avslutsgrupper": forms.CheckboxSelectMultiple,
        }
        labels = {"ar": _("År")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for namn in ("avslutsorsaker", "avslutsgrupper"):
            if namn in self.fields:
                self.fields[namn].queryset = self.fields[namn].queryset.order_by("sortering", "namn")

    def _post_clean(self):
        super()._post_clean()
        if "avslutsorsaker" in self.fields and not self.has_error("typ"):
            try:
                self.instance.kontrollera_utfall(
                    avslutsorsaker=self.cleaned_data.get("avslutsorsaker") or [],
                    avslutsgrupper=self.cleaned_data.get("avslutsgrupper") or [],
                )
            except forms.ValidationError as fel:
                self._update_errors(fel)


class MalUrvalForm(forms.Form):
    ar = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100, required=False)
