from django import forms
from django.utils.translation import gettext_lazy as _

from insatser import behorighet
from insatser.models import Insats


class RegisterutdragForm(forms.Form):
    required_css_class = "obligatorisk"

    insats = forms.ModelChoiceField(label=_("Insats"), queryset=Insats.objects.none(), empty_label=_("Välj insats"))
    deltagar_id = forms.CharField(label=_("Deltagar-ID"), max_length=40)

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["insats"].queryset = behorighet.registerutdrag_insatser(user)
        self.fields["insats"].label_from_instance = lambda i: i.namn if i.kortnamn == i.namn else f"{i.namn} ({i.kortnamn})"
